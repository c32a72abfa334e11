import { error, type Issue } from './issues.ts';
import type { GradePolicy, Method, NodeInput, Text } from './rule-set-schema.ts';
import { checkBands, checkGrading, reachable } from './rule-set-ambiguity.ts';
import { round2 } from './stats.ts';
import type { z } from 'zod';

interface Checkable {
  scale: number;
  grading: z.infer<typeof GradePolicy>;
  categories: NodeInput[];
}

const close = (a: number, b: number) => Math.abs(a - b) < 1e-9;

/**
 * Checks that a rule set adds up, reporting every inconsistency at once with its path: parts that
 * do not sum to their parent, duplicate codes, leaves without a method, scale tables out of order,
 * grades that cannot be reached.
 */
export function checkConsistency(rs: Checkable): Issue[] {
  const issues: Issue[] = [];
  const seen = new Map<string, string>();
  // Bonus categories (加分项) are outside the scale.
  const total = round2(rs.categories.filter((c) => !c.bonus).reduce((s, c) => s + c.maxPoints, 0));
  const index = new Map<string, NodeInput>();
  const grades = new Set(rs.grading.grades.map((g) => g.code));
  if (!close(total, rs.scale)) {
    issues.push(
      error('rules.sum-mismatch', { path: 'categories' }, { code: '(total)', sum: total, max: rs.scale }),
    );
  }
  const visit = (n: NodeInput, path: string, depth: number) => {
    const where = { path, item: n.code };
    const first = seen.get(n.code);
    if (first !== undefined) issues.push(error('rules.duplicate-code', where, { code: n.code, first }));
    else seen.set(n.code, path);
    index.set(n.code, n);
    if (n.bonus && depth > 0)
      issues.push(
        error('rules.bonus-not-category', { path: `${path}.bonus`, item: n.code }, { code: n.code }),
      );
    n.countsFor?.forEach((g, k) => {
      if (!grades.has(g))
        issues.push(
          error(
            'rules.counts-for-unknown',
            { path: `${path}.countsFor.${k}`, item: n.code },
            { code: n.code, grade: g },
          ),
        );
    });
    if (n.children) {
      if (n.method) issues.push(error('rules.parent-with-method', where, { code: n.code }));
      const sum = round2(n.children.reduce((s, c) => s + c.maxPoints, 0));
      if (!close(sum, n.maxPoints)) {
        issues.push(error('rules.sum-mismatch', where, { code: n.code, sum, max: n.maxPoints }));
      }
      n.children.forEach((c, i) => visit(c, `${path}.children.${i}`, depth + 1));
    } else if (!n.method) {
      issues.push(error('rules.leaf-without-method', where, { code: n.code }));
    } else {
      issues.push(...checkMethod(n.method, n.maxPoints, `${path}.method`, n.code));
    }
  };
  rs.categories.forEach((c, i) => visit(c, `categories.${i}`, 0));
  (rs.grading.facts ?? []).forEach((f, i) => {
    const at = `grading.facts.${i}.code`;
    const first = seen.get(f.code);
    if (first !== undefined)
      issues.push(error('rules.duplicate-code', { path: at }, { code: f.code, first }));
    else seen.set(f.code, at);
  });
  issues.push(...checkGrading(rs, index));
  return issues;
}

function checkMethod(m: Method, max: number, path: string, item: string): Issue[] {
  const issues: Issue[] = [];
  const at = (p: string) => ({ path: `${path}${p}`, item });
  switch (m.type) {
    case 'direct':
      if (!close(Math.round(max / m.step), max / m.step)) {
        issues.push(error('rules.step-mismatch', at('.step'), { code: item, step: m.step, max }));
      }
      break;
    case 'checklist': {
      const sum = round2(m.clauses.reduce((s, c) => s + c.points, 0));
      if (!close(sum, max))
        issues.push(error('rules.sum-mismatch', at('.clauses'), { code: item, sum, max }));
      // Published clauses carry their points inline ("成立领导小组(1分)"): the two must agree.
      m.clauses.forEach((c, i) => {
        const inline = inlinePoints(c.title);
        if (inline !== undefined && !close(inline, c.points))
          issues.push(
            error('rules.clause-inline-points', at(`.clauses.${i}.points`), {
              code: item,
              clause: i + 1,
              inline,
              points: c.points,
            }),
          );
      });
      break;
    }
    case 'deduction':
      m.deductions.forEach((d, i) => {
        if (d.points > max)
          issues.push(
            error('rules.deduction-too-large', at(`.deductions.${i}`), { code: item, points: d.points, max }),
          );
      });
      break;
    case 'scale':
      issues.push(...checkBands(m, max, at));
      break;
    case 'count': {
      const reach = reachable(m, max);
      if (reach < max && !close(reach, max))
        issues.push(error('rules.count-unreachable', at('.things'), { code: item, reach, max }));
      break;
    }
    case 'sampling': {
      const total = round2(m.size * m.each);
      if (!close(total, max))
        issues.push(
          error('rules.sampling-points', at('.each'), {
            code: item,
            size: m.size,
            each: m.each,
            sum: total,
            max,
          }),
        );
      break;
    }
    case 'defects': {
      const total = round2(m.parts.reduce((s, p) => s + p.points, 0));
      if (!close(total, max))
        issues.push(error('rules.sum-mismatch', at('.parts'), { code: item, sum: total, max }));
      m.parts.forEach((p, i) => {
        if (p.floor >= p.points)
          issues.push(
            error('rules.floor-too-high', at(`.parts.${i}.floor`), {
              code: item,
              floor: p.floor,
              points: p.points,
            }),
          );
      });
      break;
    }
    case 'compliance':
    case 'spotcheck':
      break;
  }
  return issues;
}

/** Points written into a clause's title, "成立领导小组(1分)" → 1; undefined when none. */
function inlinePoints(title: Text): number | undefined {
  const zh = typeof title === 'string' ? title : title.zh;
  const m = /[(（]\s*(\d+(?:\.\d+)?)\s*分\s*[)）]/.exec(zh);
  return m ? Number(m[1]) : undefined;
}

import { error, type Issue } from './issues.ts';
import type { GradePolicy, Method, NodeInput } from './rule-set-schema.ts';
import { round2 } from './text.ts';
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
  const total = round2(rs.categories.reduce((s, c) => s + c.maxPoints, 0));
  if (!close(total, rs.scale)) {
    issues.push(
      error('rules.sum-mismatch', { path: 'categories' }, { code: '(total)', sum: total, max: rs.scale }),
    );
  }
  const visit = (n: NodeInput, path: string) => {
    const where = { path, item: n.code };
    const first = seen.get(n.code);
    if (first !== undefined) issues.push(error('rules.duplicate-code', where, { code: n.code, first }));
    else seen.set(n.code, path);
    if (n.children) {
      if (n.method) issues.push(error('rules.parent-with-method', where, { code: n.code }));
      const sum = round2(n.children.reduce((s, c) => s + c.maxPoints, 0));
      if (!close(sum, n.maxPoints)) {
        issues.push(error('rules.sum-mismatch', where, { code: n.code, sum, max: n.maxPoints }));
      }
      n.children.forEach((c, i) => visit(c, `${path}.children.${i}`));
    } else if (!n.method) {
      issues.push(error('rules.leaf-without-method', where, { code: n.code }));
    } else {
      issues.push(...checkMethod(n.method, n.maxPoints, `${path}.method`, n.code));
    }
  };
  rs.categories.forEach((c, i) => visit(c, `categories.${i}`));
  issues.push(...checkGrading(rs.grading, rs.scale));
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
    case 'spotcheck':
      break;
  }
  return issues;
}

function checkBands(
  m: Extract<Method, { type: 'scale' }>,
  max: number,
  at: (p: string) => { path: string; item: string },
): Issue[] {
  const issues: Issue[] = [];
  const item = at('').item;
  m.bands.forEach((b, i) => {
    const last = i === m.bands.length - 1;
    if (b.max === undefined && !last)
      issues.push(error('rules.band-open', at(`.bands.${i}`), { code: item }));
    if (b.max !== undefined && b.max <= b.min)
      issues.push(error('rules.band-order', at(`.bands.${i}`), { code: item }));
    const prev = m.bands[i - 1];
    if (prev && (prev.max === undefined || !close(prev.max, b.min))) {
      issues.push(error('rules.band-order', at(`.bands.${i}.min`), { code: item }));
    }
    const pts = Array.isArray(b.points) ? b.points : [b.points];
    if (pts.some((p) => p > max))
      issues.push(error('rules.band-points', at(`.bands.${i}.points`), { code: item, max }));
    if (Array.isArray(b.points) && b.max === undefined) {
      issues.push(error('rules.band-open', at(`.bands.${i}`), { code: item }));
    }
  });
  const first = m.bands[0];
  if (first && first.min > m.input.min)
    issues.push(error('rules.band-gap', at('.bands.0.min'), { code: item, min: m.input.min }));
  return issues;
}

function checkGrading(g: z.infer<typeof GradePolicy>, scale: number): Issue[] {
  const issues: Issue[] = [];
  g.grades.forEach((grade, i) => {
    const path = `grading.grades.${i}.minTotal`;
    if (grade.minTotal > scale)
      issues.push(
        error('rules.grade-above-max', { path }, { grade: grade.code, min: grade.minTotal, max: scale }),
      );
    const prev = g.grades[i - 1];
    if (prev && prev.minTotal < grade.minTotal)
      issues.push(error('rules.grade-order', { path }, { grade: grade.code }));
  });
  return issues;
}

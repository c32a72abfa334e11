import { error, type Issue } from './issues.ts';
import type { GradePolicy, Method, NodeInput, Requirement } from './rule-set-schema.ts';
import { sum } from './stats.ts';
import type { z } from 'zod';

/**
 * Ambiguity is an authoring error, not a silent guess: scale bands that leave a value in no band or
 * in two, grade thresholds that meet with a gap or an overlap, "按比例" without its formula, and
 * requirements (key items) that cannot be met. Each issue has its path; each message says what to
 * write instead.
 */

type At = (p: string) => { path: string; item: string };
const close = (a: number, b: number) => Math.abs(a - b) < 1e-9;

/** The most points a method can ever give (Infinity when its input is unbounded). */
export function reachable(m: Method, max: number): number {
  switch (m.type) {
    case 'checklist':
      return Math.min(max, sum(m.clauses.map((c) => c.points)));
    case 'count':
      return m.things ? Math.min(max, m.each * m.things.length) : max;
    case 'sampling':
      return Math.min(max, m.size * m.each);
    case 'defects':
      return Math.min(max, sum(m.parts.map((p) => p.points)));
    case 'scale': {
      const best = m.bands.map((b) => {
        const p = b.points;
        if (typeof p === 'number') return p;
        if (Array.isArray(p)) return Math.max(...p);
        if (p === 'proportional') return 0;
        return ((p.of ?? max) * (b.max ?? m.input.max ?? Infinity)) / 100;
      });
      return Math.min(max, Math.max(...best));
    }
    default:
      return max;
  }
}

/** Checks a scale item's bands: order, gaps and overlaps (edge sides included), formulas. */
export function checkBands(m: Extract<Method, { type: 'scale' }>, max: number, at: At): Issue[] {
  const issues: Issue[] = [];
  const item = at('').item;
  const n = m.bands.length;
  const includesMax = (i: number) => m.bands[i]!.includeMax ?? i === n - 1;
  m.bands.forEach((b, i) => {
    const last = i === n - 1;
    const where = at(`.bands.${i}`);
    if (b.max === undefined && !last) issues.push(error('rules.band-open', where, { code: item }));
    if (Array.isArray(b.points) && b.max === undefined)
      issues.push(error('rules.band-open', where, { code: item }));
    const point = b.max !== undefined && b.max === b.min && b.includeMin !== false && includesMax(i);
    if (b.max !== undefined && b.max <= b.min && !point)
      issues.push(error('rules.band-order', where, { code: item }));
    const p = b.points;
    if (p === 'proportional') {
      issues.push(error('rules.proportional-formula', at(`.bands.${i}.points`), { code: item }));
    } else {
      const most = typeof p === 'number' ? p : Array.isArray(p) ? Math.max(...p) : (p.of ?? 0);
      if (most > max) issues.push(error('rules.band-points', at(`.bands.${i}.points`), { code: item, max }));
    }
    const prev = m.bands[i - 1];
    if (!prev || prev.max === undefined) return;
    const edge = { code: item, band: i + 1, previous: i };
    if (b.min < prev.min) issues.push(error('rules.band-order', at(`.bands.${i}.min`), { code: item }));
    else if (prev.max < b.min)
      issues.push(error('rules.band-hole', at(`.bands.${i}.min`), { ...edge, from: prev.max, to: b.min }));
    else if (prev.max > b.min)
      issues.push(error('rules.band-overlap', at(`.bands.${i}.min`), { ...edge, from: b.min, to: prev.max }));
    else if (includesMax(i - 1) && b.includeMin !== false)
      issues.push(error('rules.band-edge-both', at(`.bands.${i}.min`), { ...edge, value: b.min }));
    else if (!includesMax(i - 1) && b.includeMin === false)
      issues.push(error('rules.band-edge-none', at(`.bands.${i}.min`), { ...edge, value: b.min }));
  });
  const first = m.bands[0];
  if (first && (first.min > m.input.min || (first.min === m.input.min && first.includeMin === false)))
    issues.push(error('rules.band-gap', at('.bands.0.min'), { code: item, min: m.input.min }));
  const end = m.bands[n - 1];
  const top = m.input.max;
  if (
    end?.max !== undefined &&
    top !== undefined &&
    (end.max < top || (end.max === top && !includesMax(n - 1)))
  )
    issues.push(error('rules.band-end', at(`.bands.${n - 1}.max`), { code: item, max: top }));
  return issues;
}

interface Checkable {
  scale: number;
  grading: z.infer<typeof GradePolicy>;
}

/**
 * Checks the grades: order, reach, thresholds restated as ranges meeting the grade above exactly
 * once at their edge, share thresholds only with compliance items, and requirements that can be met.
 */
export function checkGrading(rs: Checkable, index: ReadonlyMap<string, NodeInput>): Issue[] {
  const issues: Issue[] = [];
  const g = rs.grading;
  const hasCompliance = [...index.values()].some((n) => n.method?.type === 'compliance');
  g.grades.forEach((grade, i) => {
    const path = `grading.grades.${i}`;
    if (grade.minTotal > rs.scale)
      issues.push(
        error(
          'rules.grade-above-max',
          { path: `${path}.minTotal` },
          { grade: grade.code, min: grade.minTotal, max: rs.scale },
        ),
      );
    const prev = g.grades[i - 1];
    const shareOrder =
      prev?.minShare !== undefined && grade.minShare !== undefined && prev.minShare < grade.minShare;
    if (prev && (prev.minTotal < grade.minTotal || shareOrder))
      issues.push(error('rules.grade-order', { path: `${path}.minTotal` }, { grade: grade.code }));
    if (grade.minShare !== undefined && !hasCompliance)
      issues.push(
        error('rules.share-without-compliance', { path: `${path}.minShare` }, { grade: grade.code }),
      );
    const edges: [number | undefined, number | undefined, number, string][] = [
      [grade.maxTotal, prev?.minTotal, rs.scale, 'maxTotal'],
      [grade.maxShare, prev?.minShare, 100, 'maxShare'],
    ];
    for (const [top, above, ceiling, field] of edges) {
      if (top === undefined) continue;
      const at = { path: `${path}.${field}` };
      const names = { grade: grade.code, above: prev?.code ?? '—' };
      const limit = prev ? above : ceiling;
      if (limit === undefined) continue;
      const aboveIncluded = prev ? prev.includeMin !== false : false;
      if (top < limit) issues.push(error('rules.grade-gap', at, { ...names, from: top, to: limit }));
      else if (top > limit) issues.push(error('rules.grade-overlap', at, { ...names, from: limit, to: top }));
      else if (prev && grade.includeMax === true && aboveIncluded)
        issues.push(error('rules.grade-edge-both', at, { ...names, value: top }));
      else if (prev && grade.includeMax !== true && !aboveIncluded)
        issues.push(error('rules.grade-edge-none', at, { ...names, value: top }));
    }
    (grade.requires ?? []).forEach((req, j) =>
      issues.push(...checkRequirement(req, `${path}.requires.${j}`, grade.code, index)),
    );
    if (grade.keyItemsFull) {
      for (const node of index.values()) {
        if (!node.key || node.children || !node.method) continue;
        const reach = reachable(node.method, node.maxPoints);
        if (!close(reach, node.maxPoints) && reach < node.maxPoints)
          issues.push(
            error(
              'rules.key-unreachable',
              { path: `${path}.keyItemsFull`, item: node.code },
              { grade: grade.code, code: node.code, reach, max: node.maxPoints },
            ),
          );
      }
    }
  });
  return issues;
}

function checkRequirement(
  req: Requirement,
  path: string,
  grade: string,
  index: ReadonlyMap<string, NodeInput>,
): Issue[] {
  if ('all' in req) return req.all.flatMap((r, k) => checkRequirement(r, `${path}.all.${k}`, grade, index));
  if ('any' in req) return req.any.flatMap((r, k) => checkRequirement(r, `${path}.any.${k}`, grade, index));
  const where = { path: `${path}.met`, item: req.met };
  const node = index.get(req.met);
  if (!node) return [error('rules.requirement-unknown', where, { grade, code: req.met })];
  if (node.children || !node.method)
    return [error('rules.requirement-not-item', where, { grade, code: req.met })];
  if (node.countsFor && !node.countsFor.includes(grade))
    return [error('rules.requirement-excluded', where, { grade, code: req.met })];
  const reach = reachable(node.method, node.maxPoints);
  if (reach < node.maxPoints && !close(reach, node.maxPoints))
    return [
      error('rules.requirement-unreachable', where, { grade, code: req.met, reach, max: node.maxPoints }),
    ];
  return [];
}

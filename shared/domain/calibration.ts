import { icc, krippendorffAlphaInterval, pairableUnits, twoWayAnova } from './agreement.ts';
import { caseKey, meanRaw, populationSd, scoredItem } from './calibration-key.ts';
import type {
  AssessorCalibration,
  CalibrationCase,
  CalibrationItem,
  CalibrationNote,
  CalibrationOverall,
  CalibrationReport,
  CalibrationSheet,
  ItemCalibration,
  ItemDeviation,
  JudgementDifference,
  KeyItem,
} from './calibration-types.ts';
import type { RuleNode, RuleSet } from './rule-set.ts';
import { difference, round2, roundHalfUp } from './stats.ts';

export * from './calibration-types.ts';
export {
  compareCalibrations,
  changeVerdict,
  type BeforeAfter,
  type CalibrationComparison,
} from './calibration-compare.ts';

/**
 * The calibration report (校准报告): how each assessor's scores of the reference cases differ from
 * the answer key, how widely each item's scores are spread, and how well the assessors agree.
 *
 * **Key.** A case's key is the sheet of the pseudo-assessor `keyAssessor` (default `KEY`); a case
 * without one takes the panel median of each item (and the median of the totals), noted as
 * `calibration.median-key`. The panel is every other assessor who scored the case.
 *
 * **Which items.** The rubric's scored leaves, except spot-check items (computed from other sheets,
 * never scored by the assessor). An item is *compared* on a sheet when both the assessor and the
 * key scored it (neither N/A nor blank); N/A answered differently is a judgement difference instead.
 *
 * **Units.** Leniency and mean absolute deviation (MAD) are reported both in points (`leniency`,
 * `mad`: mean over compared items of theirs − key, and of its absolute value) and as a share of
 * the item's points (`leniencyShare`, `madShare`, fractions), so a 10-point item and a 2-point item
 * can be weighed alike; the share is the one to compare across rubrics. Spreads are in points, and
 * items are ordered by `spreadShare` (spread / item points).
 *
 * **Spread.** Per case, the population standard deviation σ = √(Σ(x − x̄)²/n) of the assessors'
 * scores of the item (the key not counted; N/A and blanks left out; cases with under two scores
 * left out); the item's spread is the mean of σ over its cases, its range the widest high − low.
 *
 * **Agreement.** Krippendorff's alpha (interval) over units = (case, item) pairs and coders = the
 * assessors, with scores as shares of the item's points (an N/A or blank is a missing value).
 * ICC(2,1) — absolute agreement, the assessors a random sample of the bureau's, the one to read —
 * and ICC(3,1) (consistency) from one two-way ANOVA of the (case, item) × assessor table of shares,
 * keeping the rows every assessor scored. Both need two assessors or more (`calibration.one-assessor`).
 *
 * **Rounding.** Everything is computed on unrounded values and rounded once, when reported, by the
 * project's rule (stats.ts, half away from zero on the exact decimal): points to hundredths
 * (`round2`), shares and coefficients (alpha, ICC) to 4 decimals (`roundHalfUp(x, 4)`: a
 * percentage with two decimals). Case total deviations are exact decimal differences, rounded.
 * Nothing reported is NaN: what cannot be computed is null, and a note says why.
 */
export function calibrationReport(
  rs: RuleSet,
  cases: readonly CalibrationCase[],
  sheets: readonly CalibrationSheet[],
  keyAssessor = 'KEY',
): CalibrationReport {
  const notes: CalibrationNote[] = [];
  const nodes = rs.leaves.filter((n) => n.method?.type !== 'spotcheck');
  const caseCodes = new Set(cases.map((c) => c.code));
  const slots = new Map<string, CalibrationSheet>();
  for (const s of sheets) {
    const params = { case: s.case, assessor: s.assessor };
    if (!caseCodes.has(s.case)) {
      notes.push({ code: 'calibration.unknown-case', params });
      continue;
    }
    const slot = `${s.case}\u0000${s.assessor}`;
    if (slots.has(slot)) notes.push({ code: 'calibration.duplicate-sheet', params });
    slots.set(slot, s); // the last one passed counts
  }
  const kept = [...slots.values()];
  const ids = [...new Set(kept.map((s) => s.assessor).filter((a) => a !== keyAssessor))].sort(byText);
  if (ids.length === 0) notes.push({ code: 'calibration.no-assessors', params: {} });
  if (ids.length === 1) notes.push({ code: 'calibration.one-assessor', params: { assessor: ids[0]! } });

  const data: CaseData[] = cases.map((c) => {
    const here = kept.filter((s) => s.case === c.code);
    const keySheet = here.find((s) => s.assessor === keyAssessor);
    const panel = new Map(
      here
        .filter((s) => s.assessor !== keyAssessor)
        .sort((a, b) => byText(a.assessor, b.assessor))
        .map((s) => [s.assessor, itemsOf(s)]),
    );
    const totals = new Map(here.map((s) => [s.assessor, s.total]));
    const key = caseKey(
      nodes,
      keySheet,
      here.filter((s) => s.assessor !== keyAssessor),
    );
    if (panel.size === 0) notes.push({ code: 'calibration.case-unscored', params: { case: c.code } });
    else if (key.source === 'median')
      notes.push({ code: 'calibration.median-key', params: { case: c.code } });
    return { c, panel, totals, key, keyBy: new Map(key.items.map((k) => [k.code, k])) };
  });

  const overall = overallOf(nodes, data, ids, cases.length);
  if (ids.length >= 2 && overall.alpha === null)
    notes.push({ code: 'calibration.agreement-undefined', params: { measure: "Krippendorff's alpha" } });
  if (ids.length >= 2 && overall.icc21 === null)
    notes.push({ code: 'calibration.agreement-undefined', params: { measure: 'ICC' } });

  return {
    ruleSet: { id: rs.id, version: rs.version, fingerprint: rs.fingerprint },
    keyAssessor,
    cases: data.map((d) => ({
      code: d.c.code,
      title: d.c.title,
      key: d.key.source,
      sheets: d.panel.size,
      total: opt(d.key.total, round2),
      items: d.key.items.map((k) => ({ ...k, score: opt(k.score, round2) })),
    })),
    assessors: ids.map((id) => assessorOf(id, nodes, data)),
    items: order(nodes.map((n) => itemOf(rs, n, data))),
    overall,
    notes,
  };
}

/** One case, prepared: the panel's items by assessor then code, totals, and the key. */
interface CaseData {
  c: CalibrationCase;
  panel: Map<string, Map<string, CalibrationItem>>;
  totals: Map<string, number>;
  key: ReturnType<typeof caseKey>;
  keyBy: Map<string, KeyItem>;
}

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const itemsOf = (s: CalibrationSheet) => new Map(s.items.map((i) => [i.code, i]));
const opt = (x: number | null, f: (x: number) => number) => (x === null ? null : f(x));
/** Shares and coefficients: 4 decimals by the rule. */
const fraction = (x: number) => roundHalfUp(x, 4);
/** Scores equal to the key's within this count as matching it. */
const MATCH = 0.001 + 1e-9;

function assessorOf(id: string, nodes: readonly RuleNode[], data: readonly CaseData[]): AssessorCalibration {
  const devs: ItemDeviation[] = [];
  const shares: number[] = [];
  const judgements: JudgementDifference[] = [];
  const cases: AssessorCalibration['cases'] = [];
  for (const d of data) {
    const sheet = d.panel.get(id);
    if (!sheet) continue;
    const total = d.totals.get(id)!;
    const keyTotal = d.key.total;
    cases.push({
      case: d.c.code,
      total: round2(total),
      key: opt(keyTotal, round2),
      deviation: keyTotal === null ? null : difference(total, keyTotal),
    });
    for (const n of nodes) {
      const theirs = sheet.get(n.code);
      const key = d.keyBy.get(n.code)!;
      if (!theirs) continue;
      const at = { case: d.c.code, code: n.code };
      if (scoredItem(theirs) && key.score !== null) {
        devs.push({ ...at, theirs: theirs.score, key: key.score, deviation: theirs.score - key.score });
        if (n.maxPoints > 0) shares.push((theirs.score - key.score) / n.maxPoints);
      }
      const differ = (kind: JudgementDifference['kind'], mine: boolean | undefined, k: boolean | null) => {
        if (mine !== undefined && k !== null && mine !== k)
          judgements.push({ kind, ...at, theirs: mine, key: k });
      };
      if (n.veto) differ('veto', theirs.veto ?? false, key.veto);
      differ('na', theirs.na, key.na);
      if (!theirs.na) differ('met', theirs.met, key.met);
    }
  }
  const dev = devs.map((x) => x.deviation);
  const furthest = devs
    .filter((x) => Math.abs(x.deviation) > MATCH)
    .sort((a, b) => {
      const by = Math.abs(b.deviation) - Math.abs(a.deviation);
      return Math.abs(by) > 1e-9 ? by : 0; // ties keep case order, then rubric order
    })
    .slice(0, 3)
    .map((x) => ({ ...x, theirs: round2(x.theirs), key: round2(x.key), deviation: round2(x.deviation) }));
  return {
    assessor: id,
    sheets: cases.length,
    items: devs.length,
    leniency: opt(meanRaw(dev), round2),
    leniencyShare: opt(meanRaw(shares), fraction),
    mad: opt(meanRaw(dev.map(Math.abs)), round2),
    madShare: opt(meanRaw(shares.map(Math.abs)), fraction),
    cases,
    furthest,
    judgements,
  };
}

function categoryOf(rs: RuleSet, n: RuleNode): string {
  let at = n;
  while (at.parent !== undefined) at = rs.byCode.get(at.parent) ?? at;
  return at.code;
}

function itemOf(rs: RuleSet, n: RuleNode, data: readonly CaseData[]): ItemCalibration & { index: number } {
  const cases: ItemCalibration['cases'] = [];
  const sds: number[] = [];
  const ranges: number[] = [];
  let compared = 0;
  let matched = 0;
  const reasons: ItemCalibration['reasons'] = [];
  const keyReasons: ItemCalibration['keyReasons'] = [];
  for (const d of data) {
    const key = d.keyBy.get(n.code)!;
    const values: number[] = [];
    for (const [assessor, sheet] of d.panel) {
      const it = sheet.get(n.code);
      if (it?.reason) reasons.push({ assessor, case: d.c.code, text: it.reason });
      if (!scoredItem(it)) continue;
      values.push(it.score);
      if (key.score === null) continue;
      compared += 1;
      if (Math.abs(it.score - key.score) <= MATCH) matched += 1;
    }
    if (key.reason) keyReasons.push({ case: d.c.code, text: key.reason });
    const sd = populationSd(values);
    const low = values.length > 0 ? Math.min(...values) : null;
    const high = values.length > 0 ? Math.max(...values) : null;
    const range = values.length >= 2 ? high! - low! : null;
    if (sd !== null) sds.push(sd);
    if (range !== null) ranges.push(range);
    cases.push({
      case: d.c.code,
      scores: values.length,
      sd: opt(sd, round2),
      low: opt(low, round2),
      high: opt(high, round2),
      range: opt(range, round2),
    });
  }
  const spread = meanRaw(sds);
  return {
    index: rs.leaves.indexOf(n),
    code: n.code,
    category: categoryOf(rs, n),
    max: n.maxPoints,
    spread: opt(spread, round2),
    spreadShare: spread !== null && n.maxPoints > 0 ? fraction(spread / n.maxPoints) : null,
    range: ranges.length > 0 ? round2(Math.max(...ranges)) : null,
    cases,
    matched: compared > 0 ? fraction(matched / compared) : null,
    compared,
    reasons,
    keyReasons,
  };
}

/** Items read most differently first: by reported spread share (high first), then matched share (low first), then rubric order. */
function order(items: (ItemCalibration & { index: number })[]): ItemCalibration[] {
  const desc = (a: number | null, b: number | null) => (b ?? -Infinity) - (a ?? -Infinity) || 0;
  const asc = (a: number | null, b: number | null) => (a ?? Infinity) - (b ?? Infinity) || 0;
  return items
    .sort((a, b) => desc(a.spreadShare, b.spreadShare) || asc(a.matched, b.matched) || a.index - b.index)
    .map(({ index: _index, ...item }) => item);
}

function overallOf(
  nodes: readonly RuleNode[],
  data: readonly CaseData[],
  ids: readonly string[],
  caseCount: number,
): CalibrationOverall {
  const matrix: (number | null)[][] = [];
  for (const d of data) {
    for (const n of nodes) {
      matrix.push(
        ids.map((id) => {
          const it = d.panel.get(id)?.get(n.code);
          return scoredItem(it) && n.maxPoints > 0 ? it.score / n.maxPoints : null;
        }),
      );
    }
  }
  const complete = matrix.filter((row): row is number[] => row.every((v) => v !== null));
  const table = ids.length >= 2 ? twoWayAnova(complete) : null;
  const coefficients = table ? icc([table]) : { icc21: null, icc31: null };
  const alpha = ids.length >= 2 ? krippendorffAlphaInterval(matrix) : null;
  return {
    assessors: ids.length,
    cases: caseCount,
    alpha: opt(alpha, fraction),
    alphaUnits: pairableUnits(matrix),
    icc21: opt(coefficients.icc21, fraction),
    icc31: opt(coefficients.icc31, fraction),
    iccItems: table ? complete.length : 0,
  };
}

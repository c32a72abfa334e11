import { mean, median, ratio, sum } from '../domain/stats.ts';
import type { Lang } from '../domain/text.ts';
import type { RoundSummary, SummaryUnit } from './district-summary.ts';

/** One district's row of the comparison. */
export interface DistrictRow {
  input: RoundSummary;
  units: number;
  assessed: number;
  mean: number | null;
  median: number | null;
  passRate: number | null;
  excellentRate: number | null;
  plaques: number;
  grades: Record<string, number>;
  /** Mean share of the category maximum, by common category code; null where unknown. */
  categories: Record<string, number | null>;
}

/** One unit in the city-wide ranking. */
export interface RankedUnit {
  rank: number | null;
  input: RoundSummary;
  unit: SummaryUnit;
  /** The total used for ranking: as written, or per hundred when scales differ. */
  score: number | null;
}

/** What can be compared, and the rows that say so. */
export interface ComparisonPlan {
  sameRules: boolean;
  normalised: boolean;
  categories: string[];
  grades: string[];
  districts: DistrictRow[];
  ranking: RankedUnit[];
  notes: string[];
}

const label = (i: RoundSummary) =>
  i.districtName && i.districtName !== i.district ? `${i.district} ${i.districtName}` : i.district;
const rules = (i: RoundSummary) => `${i.ruleSet} v${i.ruleVersion} (${i.fingerprint.slice(0, 12)})`;

/**
 * Decides what is comparable across districts and computes every figure: totals and grades always;
 * category percentages only for codes every input has, flagged as indicative when rule sets differ;
 * totals per hundred when the inputs' scales differ. Notes say each such decision in `lang`.
 */
export function planComparison(inputs: readonly RoundSummary[], lang: Lang): ComparisonPlan {
  const zh = lang === 'zh';
  const notes: string[] = [];
  const sep = zh ? '、' : ', ';
  const sameRules = new Set(inputs.map((i) => i.fingerprint)).size <= 1;
  const scales = new Set(inputs.map((i) => i.scale ?? 100));
  const normalised = scales.size > 1;
  const norm = (i: RoundSummary, t: number | null) =>
    t === null ? null : normalised ? ratio(t, i.scale ?? 100, 100) : t;
  const codesOf = (i: RoundSummary) =>
    i.categories?.map((c) => c.code) ?? Object.keys(i.units[0]?.categories ?? {});
  const all = [...new Set(inputs.flatMap(codesOf))];
  const categories = all.filter((c) => inputs.every((i) => codesOf(i).includes(c)));
  const dropped = all.filter((c) => !categories.includes(c));
  const count = inputs.reduce((n, i) => n + i.units.length, 0);
  notes.push(
    zh
      ? `共 ${inputs.length} 个区、${count} 个单位。排名按正式总分,同分同名次;尚无正式总分的单位不参加排名和平均。`
      : `${inputs.length} districts, ${count} units. Units are ranked by formal total, ties sharing a rank; units without a formal total are left out of ranks and means.`,
  );
  if (sameRules && inputs[0]) {
    notes.push(
      zh
        ? `各区使用同一测评细则 ${rules(inputs[0])},类别得分率可直接比较。`
        : `All districts use the same rule set, ${rules(inputs[0])}; category percentages compare directly.`,
    );
  } else if (!sameRules) {
    const list = inputs.map((i) => `${label(i)}: ${rules(i)}`).join(zh ? ';' : '; ');
    notes.push(
      zh
        ? `各区使用的测评细则不同(${list})。不同细则之间只比较总分和等级;类别得分率按各区自身的类别满分折算,只列出所有区都有的类别,标 * 号,仅供参考,不作排名依据。`
        : `The districts use different rule sets (${list}). Across different rule sets only totals and grades are compared; category percentages are each district's share of its own category maximum, shown only for categories every district has, marked *, for reference and never for ranking.`,
    );
  }
  if (dropped.length > 0) {
    notes.push(
      zh
        ? `以下类别并非所有区都有,未列入对比:${dropped.join(sep)}。`
        : `These categories are not in every district's rules and are left out: ${dropped.join(sep)}.`,
    );
  }
  if (categories.length === 0 && inputs.length > 0)
    notes.push(
      zh
        ? '没有所有区共有的类别,未列类别得分率。'
        : 'No category is common to all districts; no category percentages are shown.',
    );
  if (normalised) {
    notes.push(
      zh
        ? `各区总分满分不同(${[...scales].join(sep)}),平均分和排名按百分制折算。`
        : `Totals are out of different maxima (${[...scales].join(sep)}); means and ranks use totals per hundred.`,
    );
  }
  const seen = new Map<string, number>();
  for (const i of inputs) seen.set(i.district, (seen.get(i.district) ?? 0) + 1);
  for (const [d, n] of seen) {
    if (n > 1)
      notes.push(
        zh
          ? `区 ${d} 有 ${n} 个工作簿(不同轮次),分别列出。`
          : `District ${d} has ${n} workbooks (different rounds), listed separately.`,
      );
  }
  const noRate = inputs.filter((i) => i.excellentRate === undefined || i.excellentRate === null);
  if (noRate.length > 0) {
    notes.push(
      zh
        ? `${noRate.map(label).join(sep)} 的工作簿未记录优秀率,该格留空。`
        : `No excellent rate is recorded for ${noRate.map(label).join(sep)}; the cell is left empty.`,
    );
  }
  if (inputs.some((i) => i.lang !== undefined && i.lang !== lang)) {
    notes.push(
      zh
        ? '部分工作簿为英文,等级名称按原工作簿统计。'
        : 'Some workbooks are in Chinese; grades are counted under their own names.',
    );
  }
  const gradeMeans = new Map<string, number[]>();
  for (const i of inputs) {
    for (const u of i.units) {
      if (!u.grade) continue;
      gradeMeans.set(u.grade, [...(gradeMeans.get(u.grade) ?? []), norm(i, u.total) ?? 0]);
    }
  }
  const avg = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
  const grades = [...gradeMeans.keys()].sort((a, b) => avg(gradeMeans.get(b)!) - avg(gradeMeans.get(a)!));
  const districts = inputs.map((i): DistrictRow => {
    const totals = i.units.map((u) => norm(i, u.total)).filter((t): t is number => t !== null);
    const assessed = totals.length;
    const maxOf = new Map(i.categories?.map((c) => [c.code, c.max]));
    return {
      input: i,
      units: i.units.length,
      assessed,
      mean: mean(totals),
      median: median(totals),
      passRate:
        i.passRate ?? (assessed ? ratio(i.units.filter((u) => u.plaque).length, assessed, 1, 4) : null),
      excellentRate: i.excellentRate ?? null,
      plaques: i.units.filter((u) => u.plaque).length,
      grades: Object.fromEntries(grades.map((g) => [g, i.units.filter((u) => u.grade === g).length])),
      categories: Object.fromEntries(
        categories.map((c) => {
          const max = maxOf.get(c);
          const shares = i.units
            .map((u) => u.categories[c])
            .filter((s): s is number => typeof s === 'number');
          return [c, max && shares.length ? ratio(sum(shares), shares.length * max, 1, 4) : null];
        }),
      ),
    };
  });
  if (inputs.some((i) => !i.categories) && categories.length > 0) {
    notes.push(
      zh
        ? '部分输入未给出类别满分,其类别得分率留空。'
        : 'Some inputs give no category maxima; their category percentages are left empty.',
    );
  }
  const ranking: RankedUnit[] = inputs
    .flatMap((input) =>
      input.units.map((unit) => ({ rank: null, input, unit, score: norm(input, unit.total) })),
    )
    .sort(
      (a, b) =>
        (b.score ?? -Infinity) - (a.score ?? -Infinity) ||
        a.input.district.localeCompare(b.input.district) ||
        a.unit.code.localeCompare(b.unit.code),
    );
  ranking.forEach((r, n) => {
    if (r.score === null) return;
    const prev = ranking[n - 1];
    r.rank = prev && prev.score === r.score ? prev.rank : n + 1;
  });
  return { sameRules, normalised, categories, grades, districts, ranking, notes };
}

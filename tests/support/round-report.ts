/**
 * A plausible RoundReport over the municipal rule set, for tests of the documents made from one.
 * A copy of the builder in tests/unit/excel/round-workbook.test.ts (which is not exported from a
 * test file), so that output tests can start from the same kind of report.
 */
import type { PhaseSummary, RoundReport, UnitReport } from '../../shared/domain/round-report.ts';
import type { RuleSet } from '../../shared/domain/rule-set.ts';
import { tr, type Lang } from '../../shared/domain/text.ts';
import { rubricOf } from '../../shared/use-cases/round-report-builder.ts';
import { municipal } from './rules.ts';

const HYPERLINK = '=HYPERLINK("http://x")';
const PHONE = '+86 10 1234';
export const NAMES = [
  '东城区发展和改革委员会',
  '东城区教育委员会',
  '东城区卫生健康委员会',
  '=SUM(1,2) 东城区财政局',
  '东城区市场监督管理局',
];

/** A deterministic pseudo-random sequence, so generated rounds are reproducible. */
function prng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const r2 = (x: number) => Math.round(x * 100) / 100;

function phase(rs: RuleSet, lang: Lang, scores: Map<string, number>, assessors: string[]): PhaseSummary {
  const items = rs.leaves.map((l) => ({
    code: l.code,
    score: scores.get(l.code)!,
    max: l.maxPoints,
    na: false,
    pending: false,
  }));
  const categories = rs.categories.map((c) => {
    const inCat = rs.leaves.filter((l) => l.code.startsWith(`${c.code}.`));
    return {
      code: c.code,
      score: r2(inCat.reduce((s, l) => s + scores.get(l.code)!, 0)),
      max: c.maxPoints,
      na: false,
    };
  });
  const total = r2(categories.reduce((s, c) => s + c.score, 0));
  const grade = total >= 90 ? 'excellent' : total >= 80 ? 'pass' : 'fail';
  const labels = {
    excellent: { zh: '优秀', en: 'Excellent' },
    pass: { zh: '合格', en: 'Pass' },
    fail: { zh: '不合格', en: 'Fail' },
  };
  return {
    total,
    complete: true,
    grade,
    gradeLabel: labels[grade][lang],
    gradeReasons: [],
    passes: total >= 80,
    categories,
    items,
    assessors,
    late: [],
  };
}

/** A round of `n` units over the municipal rule set, with one discussed item, risky texts and a missing sheet. */
export function makeReport(
  n: number,
  o: { lang?: Lang; district?: string; fingerprint?: string; seed?: number } = {},
): RoundReport {
  const rs = municipal();
  const lang = o.lang ?? 'zh';
  const rand = prng(o.seed ?? 7);
  const district = o.district ?? 'DC';
  const units: UnitReport[] = [];
  for (let k = 0; k < n; k++) {
    const code = `${district}${String(k + 1).padStart(4, '0')}`;
    const formal = new Map<string, number>();
    const pre = new Map<string, number>();
    const self = new Map<string, number>();
    for (const l of rs.leaves) {
      const lose = rand() < 0.25 ? Math.min(l.maxPoints, Math.ceil(rand() * 2)) : 0;
      formal.set(l.code, l.maxPoints - lose);
      pre.set(l.code, Math.max(0, l.maxPoints - lose - (rand() < 0.3 ? 1 : 0)));
      self.set(l.code, l.maxPoints);
    }
    const f = phase(rs, lang, formal, ['A01', 'A02', 'A03']);
    const lossy = rs.leaves.filter((l) => formal.get(l.code)! < l.maxPoints);
    const losses = lossy.map((l, n) => ({
      code: l.code,
      title: tr(l.title, lang),
      score: formal.get(l.code)!,
      max: l.maxPoints,
      lost: r2(l.maxPoints - formal.get(l.code)!),
      problems: [k === 1 && n === 0 ? HYPERLINK : '归档文件整理不规范,部分案卷缺少备考表'],
      suggestions:
        k === 2 ? [PHONE] : ['按《归档文件整理规则》重新整理并补齐备考表', '指定专人每季度检查一次'],
    }));
    units.push({
      code,
      name: NAMES[k] ?? `东城区第${k + 1}单位`,
      self: phase(rs, lang, self, []),
      precheck: phase(rs, lang, pre, ['A01']),
      formal: f,
      plaque: f.passes === true,
      precheckVsFormal: {
        fixed: ['1.2.1'],
        partlyFixed: [],
        stillLosing: losses.map((l) => l.code).slice(0, 2),
        newLosses: [],
        items: [],
        totalDelta: 0,
        categoryDeltas: [],
      },
      selfVsPanel: {
        totalDelta: 0,
        over: losses.slice(0, 2).map((l) => ({ code: l.code, self: l.max, panel: l.score })),
        under: [],
      },
      flagged:
        k === 0
          ? [
              {
                code: '2.1.1',
                reasons: ['三位测评员评分相差超过分值的 20%'],
                scores: [
                  { assessor: 'A01', score: 6 },
                  { assessor: 'A02', score: 3 },
                  { assessor: 'A03', score: 5 },
                ],
                computed: 4.67,
                agreed: { score: 5, reason: '-现场复核归档率为 92%', by: '王伟(组长)' },
                status: 'agreed' as const,
              },
            ]
          : [],
      feedback: {
        district,
        round: '2026',
        unit: code,
        unitName: NAMES[k] ?? '',
        ruleSetTitle: tr(rs.title, lang),
        date: '2026-06-30',
        total: f.total,
        gradeLabel: f.gradeLabel,
        gradeReasons: [],
        strengths: [],
        losses,
        nearFull: 0,
        lost: r2(losses.reduce((s, l) => s + l.lost, 0)),
        fixedSincePrecheck: [],
      },
    });
  }
  for (const u of units) {
    u.precheckVsFormal!.totalDelta = r2(u.formal!.total - u.precheck!.total);
    u.selfVsPanel!.totalDelta = r2(u.self!.total - u.formal!.total);
    u.rank = 1 + units.filter((x) => x.formal!.total > u.formal!.total).length;
  }
  const totals = units.map((u) => u.formal!.total).sort((a, b) => a - b);
  return {
    district,
    districtName: district === 'DC' ? '东城区' : '西城区',
    round: '2026',
    lang,
    generatedAt: '2026-07-01T08:00:00Z',
    ruleSet: {
      id: rs.id,
      version: rs.version,
      fingerprint: o.fingerprint ?? rs.fingerprint,
      title: tr(rs.title, lang),
      scale: rs.scale,
    },
    method: lang === 'zh' ? '平均值' : 'mean',
    ...rubricOf(rs, lang),
    units,
    assessors: [
      { assessor: 'A01', name: '李娜', sheets: n, meanDeviation: 0.04, leaning: 'lenient' },
      { assessor: 'A02', name: '张强', sheets: n, meanDeviation: -0.06, leaning: 'severe' },
      { assessor: 'A03', name: '@赵敏', sheets: n - 1, meanDeviation: 0.01, leaning: 'neutral' },
    ],
    agreement: { name: "Krippendorff's α", value: 0.81, units: n, assessors: 3, note: '区间尺度' },
    icc: {
      round: { icc21: 0.62, icc31: 0.71, panels: n, items: 30 * n },
      panels: units.map((u, i) => ({
        unit: u.code,
        assessors: ['A01', 'A02', 'A03'],
        items: 30,
        icc21: i === 0 ? null : 0.6,
        icc31: i === 0 ? null : 0.7,
      })),
      note: 'Shrout & Fleiss (1979)',
    },
    rectification: {
      units: n,
      fixed: units.reduce((s, u) => s + u.precheckVsFormal!.fixed.length, 0),
      partly: 0,
      not: units.reduce((s, u) => s + u.precheckVsFormal!.stillLosing.length, 0),
      new: 0,
    },
    distribution: {
      count: n,
      mean: r2(totals.reduce((a, b) => a + b, 0) / n),
      median: totals[Math.floor(n / 2)]!,
      min: totals[0]!,
      max: totals[n - 1]!,
      passRate: units.filter((u) => u.plaque).length / n,
      excellentRate: units.filter((u) => u.formal!.total >= 90).length / n,
      bins: [60, 70, 80, 90].map((from) => ({
        from,
        to: from + 10,
        count: totals.filter((t) => t >= from && t < from + 10).length,
      })),
    },
    missing: [{ unit: `${district}0004`, phase: 'formal', assessor: 'A03' }],
    sources: units.flatMap((u) => [
      {
        unit: u.code,
        phase: 'self' as const,
        assessor: '',
        uploadId: `up-${u.code}-s`,
        receivedAt: '2026-05-10T02:00:00Z',
      },
      {
        unit: u.code,
        phase: 'formal' as const,
        assessor: 'A01',
        uploadId: `up-${u.code}-f1`,
        receivedAt: '2026-06-20T03:00:00Z',
      },
    ]),
  };
}

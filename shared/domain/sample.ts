import type { Layout, LayoutRow } from './layout.ts';
import { SHEET_WORDS } from './sheet-text.ts';
import { round2 } from './stats.ts';
import type { Lang } from './text.ts';

/** A small seeded PRNG (mulberry32): the same seed always fills a sheet the same way. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PROBLEMS = {
  zh: [
    '相关记录不完整,部分年度缺失',
    '未能提供相应的证明材料',
    '执行不够规范,存在疏漏',
    '相关制度未及时修订更新',
    '台账与实际情况不一致',
    '工作开展不平衡,个别部门落实不到位',
  ],
  en: [
    'Records are incomplete; some years are missing',
    'No supporting evidence was provided',
    'Practice is not consistent; there are gaps',
    'The procedure has not been updated',
    'The register does not match what is on the shelves',
    'Uneven across departments; some have not acted',
  ],
};
const SUGGESTIONS = {
  zh: [
    '对照细则逐项整改,整改材料存档备查',
    '补充完善相关记录,建立定期检查机制',
    '加强档案人员业务培训,明确岗位职责',
    '修订相关制度并报档案行政部门备案',
  ],
  en: [
    'Rectify item by item against the rules and keep the evidence on file',
    'Complete the records and set up regular checks',
    'Train archive staff and make duties clear',
    'Revise the procedure and file it with the archives administration',
  ],
};

/** Options for a plausible filled sheet. */
export interface SampleOptions {
  seed: number;
  lang: Lang;
  /** Share of items that lose points (default 0.3). */
  lossRate?: number | undefined;
  /** Mark the whole N/A-able categories (e.g. subordinate supervision) not applicable. */
  noSubordinates?: boolean | undefined;
}

/**
 * Plausible inputs for a template, by cell address: most items full, some losing points with a
 * problem and a suggestion, occasional N/A, veto conditions answered "no". Deterministic per seed.
 */
export function sampleInputs(layout: Layout, opts: SampleOptions): Map<string, string | number> {
  const rnd = seededRandom(opts.seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const yes = SHEET_WORDS.yes[opts.lang];
  const no = SHEET_WORDS.no[opts.lang];
  const out = new Map<string, string | number>();
  const lossRate = opts.lossRate ?? 0.3;
  const noSubordinates = opts.noSubordinates ?? rnd() < 0.3;
  const naNodes = new Set<string>();
  for (const row of layout.rows) {
    const inputOf = (kind: string) => row.inputs.find((i) => i.kind === kind);
    const parentNa = row.node.parent !== undefined && naNodes.has(row.node.parent);
    const na = inputOf('na');
    if (parentNa) {
      naNodes.add(row.node.code);
      continue;
    }
    if (na) {
      const isCategory = row.node.children.length > 0;
      if ((isCategory && noSubordinates) || (!isCategory && rnd() < 0.15)) {
        out.set(na.address, yes);
        naNodes.add(row.node.code);
        continue;
      }
    }
    const veto = inputOf('veto');
    if (veto) out.set(veto.address, no);
    if (!row.node.method || row.derived) continue;
    const loses = rnd() < lossRate;
    fillMethod(row, loses, rnd, out, { yes, no, lang: opts.lang });
    const evidence = inputOf('evidence');
    if (evidence) out.set(evidence.address, `JZ-${row.node.code}-${1 + Math.floor(rnd() * 9)}`);
    if (loses) {
      const problem = inputOf('problem');
      const suggestion = inputOf('suggestion');
      if (problem) out.set(problem.address, pick(PROBLEMS[opts.lang]));
      if (suggestion) out.set(suggestion.address, pick(SUGGESTIONS[opts.lang]));
    }
  }
  for (const fact of layout.facts) out.set(fact.input.address, no);
  return out;
}

function fillMethod(
  row: LayoutRow,
  loses: boolean,
  rnd: () => number,
  out: Map<string, string | number>,
  words: { yes: string; no: string; lang: Lang },
): void {
  const { yes, no } = words;
  const m = row.node.method!;
  const max = row.node.maxPoints;
  if (m.type === 'direct') {
    const cell = row.inputs.find((i) => i.kind === 'score')!;
    const steps = Math.round(max / m.step);
    const lost = loses ? 1 + Math.floor(rnd() * Math.min(4, steps)) : 0;
    const value = round2(Math.max(0, max - lost * m.step));
    out.set(cell.address, rnd() < 0.05 ? String(value) : value);
  } else if (m.type === 'checklist') {
    const miss = loses ? Math.floor(rnd() * m.clauses.length) : -1;
    row.inputs
      .filter((i) => i.kind === 'tick')
      .forEach((c) => out.set(c.address, c.index === miss ? no : yes));
  } else if (m.type === 'deduction') {
    const hit = loses ? Math.floor(rnd() * m.deductions.length) : -1;
    row.inputs
      .filter((i) => i.kind === 'count')
      .forEach((c) => {
        const cap = m.deductions[c.index ?? 0]?.maxCount ?? 3;
        out.set(c.address, c.index === hit ? 1 + Math.floor(rnd() * Math.min(2, cap)) : 0);
      });
  } else if (m.type === 'compliance') {
    const c = SHEET_WORDS.compliance;
    const cell = row.inputs.find((i) => i.kind === 'met')!;
    const answer = loses ? c.notMet : row.node.naAllowed && rnd() < 0.05 ? c.na : c.met;
    out.set(cell.address, answer[words.lang]);
  } else if (m.type === 'count') {
    const ticks = row.inputs.filter((i) => i.kind === 'tick');
    const miss = loses ? Math.floor(rnd() * Math.max(1, ticks.length)) : -1;
    ticks.forEach((c) => out.set(c.address, c.index === miss ? no : yes));
    const measure = row.inputs.find((i) => i.kind === 'measure');
    const full = Math.ceil(max / m.each);
    if (measure) out.set(measure.address, loses ? Math.max(0, full - 1) : full);
  } else if (m.type === 'sampling') {
    // Usually the full sample; now and then fewer files exist; a loss fails one or two entries.
    const checked = rnd() < 0.15 ? m.size - 1 - Math.floor(rnd() * 3) : m.size;
    const failed = new Set(loses ? [Math.floor(rnd() * checked), Math.floor(rnd() * checked)] : []);
    row.inputs
      .filter((i) => i.kind === 'sample' && (i.index ?? 0) < checked)
      .forEach((c) => out.set(c.address, failed.has(c.index ?? 0) ? no : yes));
  } else if (m.type === 'defects') {
    const hit = loses ? Math.floor(rnd() * m.parts.length) : -1;
    row.inputs
      .filter((i) => i.kind === 'count')
      .forEach((c) => out.set(c.address, c.index === hit ? 1 + Math.floor(rnd() * 4) : 0));
  } else if (m.type === 'scale') {
    const cell = row.inputs.find((i) => i.kind === 'measure')!;
    const top = m.bands[m.bands.length - 1]!.min;
    const value = loses
      ? round2(top - (top - (m.bands[1]?.min ?? 0)) * (0.2 + rnd() * 0.6))
      : top + (m.input.unit === 'count' ? Math.floor(rnd() * 3) : 0);
    out.set(
      cell.address,
      m.input.unit === 'count' ? Math.round(value) : Math.min(value, m.input.max ?? value),
    );
  }
}

/** Section 8: reading a rubric workbook (细则工作簿, issue 16) of 100 items and resolving it. */
import XLSX from 'xlsx';
import { resolveRuleSet } from '../shared/domain/rule-set.ts';
import type { RuleSetFile } from '../shared/domain/rule-set-schema.ts';
import { readRubricWorkbook, resolveRubric, writeRubricWorkbook } from '../shared/excel/rubric-workbook.ts';
import { met, ms, x } from './report-sections.ts';
import { progress, ratios, summarize, type Summary } from './stats.ts';
import type { RubricStoreResult } from './rubric-store.ts';

export interface RubricResult {
  /** A stored version as the functions read it (bench/rubric-store.ts). */
  store?: RubricStoreResult;
  items: number;
  bytes: number;
  reps: number;
  warmup: number;
  ms: { cepin: Summary; sheetjs: Summary; json: Summary };
  vsSheetJs: Summary;
  fingerprintKept: boolean;
}

/**
 * A generated rubric of `items` scored items: 10 categories of items cycling through direct,
 * checklist (3 clauses), deduction, scale (3 bands) and compliance, every text in both languages.
 */
export function generatedRubric(items = 100): RuleSetFile {
  const perCategory = Math.ceil(items / 10);
  const leaf = (code: string, i: number) => {
    const title = { zh: `评分项 ${code} 的要求`, en: `Requirement of item ${code}` };
    switch (i % 5) {
      case 0:
        return { code, title, maxPoints: 1, method: { type: 'direct', step: 0.5 } };
      case 1:
        return {
          code,
          title,
          maxPoints: 1.5,
          method: {
            type: 'checklist',
            clauses: [0, 1, 2].map((k) => ({
              title: { zh: `条款 ${k + 1}`, en: `Clause ${k + 1}` },
              points: 0.5,
            })),
          },
        };
      case 2:
        return {
          code,
          title,
          maxPoints: 1,
          method: { type: 'deduction', deductions: [{ title: '每缺一项', points: 0.5, maxCount: 2 }] },
        };
      case 3:
        return {
          code,
          title,
          maxPoints: 1,
          method: {
            type: 'scale',
            input: { unit: 'percent', min: 0, max: 100 },
            bands: [
              { min: 0, max: 60, points: 0 },
              { min: 60, max: 100, points: [0.5, 1] },
              { min: 100, points: 1 },
            ],
          },
        };
      default:
        return { code, title, maxPoints: 0.5, method: { type: 'compliance' }, naAllowed: true };
    }
  };
  const categories = Array.from({ length: 10 }, (_, c) => {
    const children = Array.from({ length: perCategory }, (_, i) => leaf(`${c + 1}.${i + 1}`, i));
    const maxPoints = children.reduce((s, n) => s + n.maxPoints, 0);
    return {
      code: String(c + 1),
      title: { zh: `类别 ${c + 1}`, en: `Category ${c + 1}` },
      maxPoints,
      children,
    };
  });
  const scale = categories.reduce((s, c) => s + c.maxPoints, 0);
  return {
    id: 'bench-rubric',
    version: 1,
    title: { zh: '基准测试细则', en: 'Benchmark rubric' },
    scale,
    grading: {
      grades: [{ code: 'pass', label: { zh: '合格', en: 'Pass' }, minTotal: scale * 0.6, passes: true }],
      fallback: { code: 'fail', label: { zh: '不合格', en: 'Fail' } },
    },
    categories,
  } as unknown as RuleSetFile;
}

const noBase = () => {
  throw new Error('no base');
};

/** Times read + resolve of the workbook, against SheetJS reading the same bytes and the JSON path. */
export async function benchRubric(reps: number, warmup: number, items = 100): Promise<RubricResult> {
  const file = generatedRubric(items);
  const json = JSON.stringify(file);
  const bytes = new Uint8Array(await writeRubricWorkbook(file, 'zh'));
  const want = resolveRuleSet(file, noBase);
  let fingerprintKept = false;
  const run = {
    cepin: async () => {
      const read = await readRubricWorkbook(bytes, 'bench.xlsx');
      if (!read.ok) throw new Error('the generated rubric workbook does not read');
      const r = resolveRubric(read, noBase);
      fingerprintKept = r.ok && want.ok && r.ruleSet.fingerprint === want.ruleSet.fingerprint;
    },
    sheetjs: async () => XLSX.read(bytes),
    json: async () => resolveRuleSet(JSON.parse(json), noBase),
  };
  const names = Object.keys(run) as (keyof typeof run)[];
  const times: Record<keyof typeof run, number[]> = { cepin: [], sheetjs: [], json: [] };
  for (let i = 0; i < warmup + reps; i++) {
    for (let k = 0; k < names.length; k++) {
      const name = names[(i + k) % names.length]!;
      const t = performance.now();
      await run[name]();
      if (i >= warmup) times[name].push(performance.now() - t);
    }
    if ((i + 1) % 10 === 0) progress(`rubric workbook: ${i + 1}/${warmup + reps} repetitions`);
  }
  return {
    items,
    bytes: bytes.length,
    reps,
    warmup,
    ms: { cepin: summarize(times.cepin), sheetjs: summarize(times.sheetjs), json: summarize(times.json) },
    vsSheetJs: summarize(ratios(times.cepin, times.sheetjs)),
    fingerprintKept,
  };
}

/** Section 8 of docs/benchmarks.md, and its target line. */
export function rubricSection(r: RubricResult, targets: string[]): string[] {
  targets.push(
    `| rubric workbook of ${r.items} items: read + resolve | < 200 ms | ${ms(r.ms.cepin, 1)} | ${met(r.ms.cepin.median < 200)} |`,
  );
  return [
    '## 8. Rubric workbook',
    '',
    `A generated rubric of ${r.items} scored items in 10 categories (direct, checklist, deduction, scale, compliance in turn;`,
    `every text in both languages), exported with \`writeRubricWorkbook\` (${r.bytes} bytes), then read with`,
    '`readRubricWorkbook` (through the upload door, the lean reader, every cell checked, the schema and the consistency',
    `checks) and resolved with \`resolveRubric\`; the fingerprint ${r.fingerprintKept ? 'equals' : '**differs from**'} the rule file's.`,
    `${r.warmup} warm-up + ${r.reps} interleaved repetitions, the order rotated every repetition. Baselines in the same process:`,
    'SheetJS `XLSX.read` of the same bytes, and `JSON.parse` + `resolveRuleSet` of the same rule file as JSON.',
    '',
    '| contender | time | vs SheetJS |',
    '|---|---|---|',
    `| cepin read + resolve | ${ms(r.ms.cepin, 1)} | ${x(r.vsSheetJs)} |`,
    `| SheetJS \`XLSX.read(bytes)\` (baseline) | ${ms(r.ms.sheetjs, 1)} | 1 |`,
    `| the rule file as JSON: parse + resolve | ${ms(r.ms.json, 2)} | |`,
    '',
    ...(r.store ? storeSection(r.store, targets) : []),
  ];
}

function storeSection(s: RubricStoreResult, targets: string[]): string[] {
  targets.push(
    `| a stored rubric: DynamoDB reads per request on a warm container | 0 (one per container) | ${s.dynamoWarm} | ${met(s.dynamoWarm === 0)} |`,
  );
  return [
    '### A stored rubric version, per request',
    '',
    'The functions read rubric versions from the district table (DynamoDB Local here) and keep each in memory per',
    `container (\`StoredRubrics\`). ${s.requests} requests for a round's pinned version (municipal-sample v1), each`,
    'once on a warm container and once as if nothing were cached (a fresh catalogue: GetItem, gunzip, resolve), interleaved.',
    '',
    '| request | time | DynamoDB requests |',
    '|---|---|---|',
    `| warm container (cached) | ${ms(s.warmMs, 3)} | ${s.dynamoWarm} over all ${s.requests} |`,
    `| uncached (read + resolve) | ${ms(s.coldMs, 1)} | ${s.dynamoPerCold} per request |`,
    `| uncached ÷ cached | ${x(s.ratio)} | |`,
    '',
  ];
}

import ExcelJS from 'exceljs';
import fc from 'fast-check';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addr, SHEET_NAMES, type Layout } from '../../shared/domain/layout.ts';
import { formatIssue, MESSAGES } from '../../shared/domain/messages.ts';
import { annotateWorkbook } from '../../shared/excel/annotate.ts';
import type { RuleSet } from '../../shared/domain/rule-set.ts';
import { checkSheet, type CheckResult } from '../../shared/use-cases/check-sheet.ts';
import { makeSample } from '../../shared/use-cases/make-template.ts';
import { dongcheng, fixedNow, municipal, shippedRules } from '../support/rules.ts';

/**
 * Property-based fuzzing of the sheet reader: valid filled samples are mutated at the cell, row,
 * zip and byte level, and `checkSheet` must always answer, quickly, with either a sane score or
 * at least one error that has a catalogue message.
 *
 * Seeds are fixed so CI is reproducible. Default runs are small; for a long run:
 *   CEPIN_FUZZ_RUNS=2000 npx vitest run tests/unit/fuzz-reader.test.ts
 * (the number is the runs of each property; CEPIN_FUZZ_SEED changes the seed, and
 * CEPIN_FUZZ_VERBOSE=1 prints the iteration counts and outcomes at the end).
 */
const RUNS = Number(process.env.CEPIN_FUZZ_RUNS ?? 0) || undefined;
const SEED = Number(process.env.CEPIN_FUZZ_SEED ?? 42);
const runs = (byDefault: number) => RUNS ?? byDefault;
const PER_CASE_MS = 5_000;
/** Each property's test timeout: the default 60 s, or room for a long run. */
const TIMEOUT = RUNS ? RUNS * 1_000 : 60_000;

interface Base {
  name: string;
  bytes: Uint8Array;
  layout: Layout;
  sheet: string;
}
const bases: Base[] = [];

beforeAll(async () => {
  const specs: [string, () => RuleSet, 'zh' | 'en'][] = [
    ['municipal-zh', municipal, 'zh'],
    ['dongcheng-en', dongcheng, 'en'],
  ];
  for (const [name, rs, lang] of specs) {
    const made = await makeSample(rs(), {
      phase: 'formal',
      unit: 'U01',
      assessor: 'A01',
      lang,
      now: fixedNow,
      seed: 7,
    });
    bases.push({ name, bytes: made.bytes, layout: made.layout, sheet: SHEET_NAMES.scores[lang] });
  }
});

/** Iterations and outcomes per property, for the report (printed only when asked). */
const counts: Record<string, { runs: number; valid: number; invalid: number; codes: Map<string, number> }> =
  {};
afterAll(() => {
  if (!process.env.CEPIN_FUZZ_VERBOSE) return;
  for (const [name, c] of Object.entries(counts)) {
    const codes = [...c.codes].sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k}:${n}`);
    console.log(`${name}: ${c.runs} runs, ${c.valid} valid, ${c.invalid} invalid; ${codes.join(' ')}`);
  }
});

/** Checks bytes with a time limit and asserts the property on the result. */
async function expectSane(property: string, bytes: Uint8Array): Promise<void> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`checkSheet took over ${PER_CASE_MS} ms`)), PER_CASE_MS);
  });
  let result: CheckResult;
  try {
    result = await Promise.race([checkSheet(bytes, { rules: shippedRules, fileName: 'fuzz.xlsx' }), timeout]);
  } finally {
    clearTimeout(timer);
  }
  // A synchronous stall would starve the timer; measure as well.
  expect(performance.now() - started).toBeLessThan(PER_CASE_MS);

  const c = (counts[property] ??= { runs: 0, valid: 0, invalid: 0, codes: new Map() });
  c.runs++;
  c[result.valid ? 'valid' : 'invalid']++;
  for (const i of result.issues) c.codes.set(i.code, (c.codes.get(i.code) ?? 0) + 1);

  for (const issue of result.issues) {
    expect(Object.keys(MESSAGES), 'issue code in the catalogue').toContain(issue.code);
    // Parameters echo what the user typed (which may hold braces): check the templates are fully
    // filled by rendering with neutral parameter values, and the real text for emptiness.
    const neutral = {
      ...issue,
      sheet: 'S',
      params: Object.fromEntries(Object.keys(issue.params).map((k) => [k, 'P'])),
    };
    for (const lang of ['zh', 'en'] as const) {
      expect(formatIssue(neutral, lang), `${issue.code} in ${lang}`).not.toContain('{');
      expect(formatIssue(issue, lang).trim()).not.toBe('');
    }
  }
  if (result.valid) {
    const s = result.score;
    expect(s, 'a valid sheet has a score').not.toBeNull();
    expect(Number.isFinite(s!.total), `total ${s!.total} is a number`).toBe(true);
    expect(s!.total).toBeGreaterThanOrEqual(0);
    expect(s!.total).toBeLessThanOrEqual(100);
    for (const item of s!.items) {
      if (item.score === null) continue;
      expect(Number.isFinite(item.score), `${item.code} score ${item.score} is a number`).toBe(true);
      expect(item.score, item.code).toBeGreaterThanOrEqual(0);
      expect(item.score, item.code).toBeLessThanOrEqual(item.max);
    }
  } else {
    expect(
      result.issues.some((i) => i.severity === 'error'),
      'an invalid sheet has an error',
    ).toBe(true);
  }
}

// ---- arbitraries ------------------------------------------------------------------------------

const tricky = fc.constantFrom(
  '８',
  '１０',
  '１.５',
  '8分',
  '3处',
  '满分',
  '97%',
  '0.5',
  '.5',
  '+1',
  '-1',
  '1e3',
  '1e308',
  'NaN',
  'Infinity',
  '-0',
  'null',
  'undefined',
  '是',
  '否',
  '√',
  '×',
  'Yes',
  'no',
  'TRUE',
  '1-2',
  '1,5',
  '٣',
  '2\u200b',
  '\u202e2',
  '_x0007_',
  '=1+1',
  '#N/A',
  ' ',
  '',
  '{value}',
  '{max}',
);

const cellValue: fc.Arbitrary<ExcelJS.CellValue> = fc.oneof(
  tricky,
  fc.string({ maxLength: 30 }),
  fc.string({ unit: 'grapheme', maxLength: 30 }),
  fc.string({ maxLength: 3000 }),
  fc.integer({ min: -5, max: 120 }),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(1e308, -1e308, Number.MAX_SAFE_INTEGER, 5e-324, 0.30000000000000004, 2.5, 0.25),
  // Non-finite numbers (found by this fuzzer: NaN used to be accepted as a score).
  fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY),
  fc.boolean(),
  fc.date({
    min: new Date('1900-03-01T00:00:00Z'),
    max: new Date('2100-01-01T00:00:00Z'),
    noInvalidDate: true,
  }),
  fc.constantFrom<ExcelJS.CellValue>(
    { formula: '1+1', result: 2 },
    { formula: 'SUM(A1:A3)' },
    { formula: '[1]Sheet1!A1', result: 2 },
    { error: '#N/A' } as ExcelJS.CellErrorValue,
    { error: '#DIV/0!' } as ExcelJS.CellErrorValue,
    { text: 'link', hyperlink: 'http://example.com' },
  ),
  fc
    .array(fc.oneof(tricky, fc.string({ maxLength: 5 })), { minLength: 1, maxLength: 4 })
    .map((parts) => ({ richText: parts.map((text) => ({ text })) })),
  fc.constant(null),
);

/** Where to write: an input cell of the layout (by index) or any cell of the top-left area. */
const target = fc.oneof(
  { weight: 3, arbitrary: fc.record({ input: fc.integer({ min: 0, max: 999 }) }) },
  {
    weight: 1,
    arbitrary: fc.record({ row: fc.integer({ min: 1, max: 70 }), col: fc.integer({ min: 1, max: 18 }) }),
  },
);

const cellEdits = fc.array(fc.record({ where: target, value: cellValue }), { minLength: 1, maxLength: 6 });
const baseIndex = fc.nat({ max: 1 });

function addressOf(base: Base, where: { input: number } | { row: number; col: number }): string {
  if ('input' in where) {
    const inputs = base.layout.rows.flatMap((r) => r.inputs);
    return inputs[where.input % inputs.length]!.address;
  }
  return addr(where.row, where.col);
}

async function editBase(base: Base, change: (ws: ExcelJS.Worksheet) => void): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(base.bytes) as unknown as ExcelJS.Buffer);
  change(wb.getWorksheet(base.sheet)!);
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

// ---- properties -------------------------------------------------------------------------------

describe('fuzzing the sheet reader', () => {
  it(
    'answers sanely for random values in input and other cells',
    async () => {
      await fc.assert(
        fc.asyncProperty(baseIndex, cellEdits, async (b, edits) => {
          const base = bases[b]!;
          const bytes = await editBase(base, (ws) => {
            for (const e of edits) ws.getCell(addressOf(base, e.where)).value = e.value;
          });
          await expectSane('cells', bytes);
        }),
        { seed: SEED, numRuns: runs(100) },
      );
    },
    TIMEOUT,
  );

  it(
    'answers sanely for inserted and deleted rows',
    async () => {
      await fc.assert(
        fc.asyncProperty(
          baseIndex,
          fc.array(
            fc.record({
              row: fc.integer({ min: 1, max: 70 }),
              remove: fc.integer({ min: 0, max: 3 }),
              insert: fc.integer({ min: 0, max: 2 }),
            }),
            { minLength: 1, maxLength: 3 },
          ),
          async (b, splices) => {
            const base = bases[b]!;
            const bytes = await editBase(base, (ws) => {
              for (const s of splices) {
                const rows = Array.from({ length: s.insert }, (_, i) => [`inserted ${i}`, 1]);
                ws.spliceRows(s.row, s.remove, ...rows);
              }
            });
            await expectSane('rows', bytes);
          },
        ),
        { seed: SEED, numRuns: runs(60) },
      );
    },
    TIMEOUT,
  );

  it(
    'answers sanely for flipped bytes and truncated files',
    async () => {
      await fc.assert(
        fc.asyncProperty(
          baseIndex,
          fc.array(
            fc.record({ at: fc.integer({ min: 0, max: 1 << 20 }), xor: fc.integer({ min: 1, max: 255 }) }),
            { maxLength: 8 },
          ),
          fc.option(fc.integer({ min: 0, max: 1000 }), { nil: undefined }),
          async (b, flips, keep) => {
            const bytes = new Uint8Array(bases[b]!.bytes);
            for (const f of flips) bytes[f.at % bytes.length]! ^= f.xor;
            const cut = keep === undefined ? bytes : bytes.slice(0, Math.floor((bytes.length * keep) / 1000));
            await expectSane('bytes', cut);
          },
        ),
        { seed: SEED, numRuns: runs(300) },
      );
    },
    TIMEOUT,
  );

  it(
    'annotates any damaged upload without throwing, into a workbook that opens',
    async () => {
      await fc.assert(
        fc.asyncProperty(
          baseIndex,
          fc.array(
            fc.record({ at: fc.integer({ min: 0, max: 1 << 20 }), xor: fc.integer({ min: 1, max: 255 }) }),
            { minLength: 1, maxLength: 8 },
          ),
          async (b, flips) => {
            const bytes = new Uint8Array(bases[b]!.bytes);
            for (const f of flips) bytes[f.at % bytes.length]! ^= f.xor;
            const result = await checkSheet(bytes, { rules: shippedRules, fileName: 'fuzz.xlsx' });
            const annotated = await annotateWorkbook(bytes, result.issues, 'zh');
            const wb = new ExcelJS.Workbook();
            await wb.xlsx.load(Buffer.from(annotated) as unknown as ExcelJS.Buffer);
            expect(wb.getWorksheet('问题清单')?.rowCount).toBe(result.issues.length + 1);
            (counts.annotate ??= { runs: 0, valid: 0, invalid: 0, codes: new Map() }).runs++;
          },
        ),
        { seed: SEED, numRuns: runs(30) },
      );
    },
    TIMEOUT,
  );

  it(
    'answers sanely for dropped, renamed and garbled zip entries',
    async () => {
      const change = fc.record({
        entry: fc.integer({ min: 0, max: 999 }),
        how: fc.constantFrom('drop', 'rename', 'garbage', 'empty', 'truncate-xml'),
        garbage: fc.uint8Array({ maxLength: 200 }),
        name: fc.constantFrom(
          'xl/other.xml',
          '../../evil.xml',
          'XL/WORKBOOK.XML',
          'xl/worksheets/sheet9.xml',
          '',
        ),
      });
      await fc.assert(
        fc.asyncProperty(baseIndex, fc.array(change, { minLength: 1, maxLength: 3 }), async (b, changes) => {
          const zip = await JSZip.loadAsync(bases[b]!.bytes);
          for (const c of changes) {
            const names = Object.keys(zip.files).filter((n) => !zip.files[n]!.dir);
            const name = names[c.entry % names.length];
            if (!name) continue;
            const file = zip.file(name)!;
            if (c.how === 'drop') zip.remove(name);
            if (c.how === 'rename' && c.name) {
              const data = await file.async('uint8array');
              zip.remove(name);
              zip.file(c.name, data);
            }
            if (c.how === 'garbage') zip.file(name, c.garbage);
            if (c.how === 'empty') zip.file(name, '');
            if (c.how === 'truncate-xml') {
              const text = await file.async('string');
              zip.file(name, text.slice(0, Math.floor(text.length / 2)));
            }
          }
          const bytes = await zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' });
          await expectSane('zip', bytes);
        }),
        { seed: SEED, numRuns: runs(150) },
      );
    },
    TIMEOUT,
  );

  it('ran every property', () => {
    for (const p of ['cells', 'rows', 'bytes', 'annotate', 'zip'])
      expect(counts[p]?.runs ?? 0).toBeGreaterThan(0);
  });
});

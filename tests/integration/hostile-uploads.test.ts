import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiClient } from '../../shared/client/api-client.ts';
import { MESSAGES } from '../../shared/domain/messages.ts';
import type { LocalStack } from '../../shared/local/stack.ts';
import { CASES, type Case } from '../fixtures/bad-cases.ts';
import { clientAs, startTestStack, upload } from '../support/local-stack.ts';

/**
 * The whole bad-input corpus (tests/fixtures/bad/) uploaded by a unit through the real local stack
 * — presigned POST to s3rver, the S3 event, the SQS-shaped queue, ingest, DynamoDB Local — the way
 * a hostile or careless user would. Every file must end settled (never `pending`, never
 * dead-lettered), with its issues coded on GET /uploads/{id} and an annotated workbook that opens,
 * and the process running ingest must stay within a memory bound the whole time.
 *
 * The corpus sheets are made for unit U01, formal phase, assessor A01 of the municipal rules, so
 * uploaded by unit DC01 even the valid ones are rejected, for the upload's rights only.
 */

const BAD = 'tests/fixtures/bad';
const ROUND = 'hostile';
const ROSTER = readFileSync('templates/rosters/roster-sample.xlsx').toString('base64');
/**
 * Peak resident memory allowed to the process running the API and ingest: measured 327–342 MB
 * (165 MB before the uploads), bound at about twice that. Before the one door, annotating the zip
 * bomb alone took ~1.1 GB.
 */
const PEAK_BOUND_MB = 700;

const MB = 1024 * 1024;
/** Sound workbooks annotated with the issues alone: this one unpacks to 8.7 MB, over the 8 MB annotation limit. */
const ISSUES_ONLY = ['rows-50000-after-total.xlsx'];

/** Peak resident set (VmHWM) of a process, in bytes, or null when /proc cannot tell. */
function peakOf(pid: number | 'self'): number | null {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : null;
  } catch {
    return null;
  }
}

/** The java processes started (directly or not) by this process: DynamoDB Local. */
function javaChildren(): number[] {
  if (!existsSync('/proc/self/stat')) return [];
  const parentOf = new Map<number, number>();
  const name = new Map<number, string>();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      const close = stat.lastIndexOf(')');
      name.set(Number(d), stat.slice(stat.indexOf('(') + 1, close));
      parentOf.set(Number(d), Number(stat.slice(close + 2).split(' ')[1]));
    } catch {
      // gone meanwhile
    }
  }
  const mine = (pid: number): boolean => {
    for (let p = parentOf.get(pid); p !== undefined && p > 1; p = parentOf.get(p))
      if (p === process.pid) return true;
    return false;
  };
  return [...name].filter(([pid, n]) => n === 'java' && mine(pid)).map(([pid]) => pid);
}

interface Outcome {
  file: string;
  state: string;
  issues: { code: string; severity: string }[];
  sheets: string[];
  issueRows: number;
}

let stack: LocalStack;
let dc01: ApiClient;
const outcomes = new Map<string, Outcome>();
const refusedAtS3 = new Map<string, string>();
const memory = { before: 0, peak: 0, javaPeak: 0, files: 0, seconds: 0 };

async function send(file: string): Promise<void> {
  const bytes = new Uint8Array(readFileSync(join(BAD, file)));
  let r: Awaited<ReturnType<typeof upload>>;
  try {
    r = await upload(stack, dc01, ROUND, file, bytes);
  } catch (e) {
    refusedAtS3.set(file, (e as Error).message);
    return;
  }
  const issues = (r.issues ?? []) as unknown as Outcome['issues'];
  let sheets: string[] = [];
  let issueRows = -1;
  if (r.annotatedUrl) {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await dc01.download(r.annotatedUrl)) as unknown as ExcelJS.Buffer);
    sheets = wb.worksheets.map((w) => w.name);
    const list = wb.getWorksheet('问题清单') ?? wb.getWorksheet('Issues');
    issueRows = list ? list.rowCount - 1 : -1;
  }
  outcomes.set(file, { file, state: r.state, issues, sheets, issueRows });
  memory.files++;
}

beforeAll(async () => {
  stack = await startTestStack();
  const admin = await clientAs(stack, 'admin');
  await admin.call('POST', '/rounds', {
    round: ROUND,
    rules: 'dongcheng-sample',
    roster: ROSTER,
    open: ['self', 'precheck', 'formal'],
  });
  dc01 = await clientAs(stack, 'unit:DC01');
  const java = javaChildren();
  memory.before = peakOf('self') ?? 0;
  const started = performance.now();
  const files = readdirSync(BAD).sort();
  // A few at a time, as people do: the queue still hands ingest batches of up to 10 in turn.
  const worker = async () => {
    for (let file = files.shift(); file !== undefined; file = files.shift()) await send(file);
  };
  await Promise.all([worker(), worker(), worker(), worker()]);
  memory.seconds = (performance.now() - started) / 1000;
  memory.peak = peakOf('self') ?? 0;
  memory.javaPeak = Math.max(0, ...java.map((pid) => peakOf(pid) ?? 0));
  // VmHWM since the process started: the stack's start-up and every upload. (Resetting it through
  // clear_refs is unreliable for a multi-threaded process: the kernel's RSS counters are per-CPU.)
  console.log(
    `hostile uploads: ${memory.files} files in ${memory.seconds.toFixed(1)} s; peak RSS (VmHWM) of ` +
      `the test process running the API and ingest ${(memory.peak / MB).toFixed(0)} MB ` +
      `(${(memory.before / MB).toFixed(0)} MB before the uploads); ` +
      `DynamoDB Local (java) ${(memory.javaPeak / MB).toFixed(0)} MB`,
  );
}, 180_000);
afterAll(async () => stack?.stop());

const named = (cases: Case[]) => cases.map((c) => [c.file, c] as const);
const fileLevel = (c: Case) => c.codes.some((code) => code.startsWith('file.'));
const noMeta = (c: Case) => fileLevel(c) || c.codes.includes('sheet.not-template');

describe('hostile and broken files uploaded by a unit through the whole local stack', () => {
  it('gets every fixture file into the pipeline (the signed size range starts at 0: an empty file too)', () => {
    expect([...refusedAtS3.keys()]).toEqual([]);
    expect(outcomes.size).toBe(readdirSync(BAD).length);
  });

  it('leaves no upload pending and nothing dead-lettered', async () => {
    const mine = await dc01.call<{ uploads: { state: string; fileName?: string }[] }>(
      'GET',
      `/rounds/${ROUND}/uploads`,
    );
    const settled = mine.uploads.filter((u) => u.state !== 'pending');
    expect(settled).toHaveLength(outcomes.size);
    expect([...outcomes.values()].filter((o) => o.state === 'pending').map((o) => o.file)).toEqual([]);
    const dead = join(stack.dataDir, 'dead-letter');
    expect(existsSync(dead) ? readdirSync(dead).filter((f) => f.endsWith('.json')) : []).toEqual([]);
  });

  it.each(named(CASES))('%s ends rejected with coded issues and an annotated workbook', (_file, c) => {
    const o = outcomes.get(c.file);
    if (!o) return expect(refusedAtS3.has(c.file)).toBe(true);
    expect(o.state).toBe('rejected');
    const codes = o.issues.map((i) => i.code);
    const errors = o.issues.filter((i) => i.severity === 'error').map((i) => i.code);
    expect(errors.length).toBeGreaterThan(0);
    for (const code of codes) expect(Object.keys(MESSAGES)).toContain(code);
    if (noMeta(c)) {
      // Nothing names an identity: the file's own issues, exactly as the offline check gives them.
      expect(errors).toEqual(c.codes);
    } else if (c.valid) {
      // A sound sheet for someone else: refused for the upload's rights alone.
      expect(errors.every((code) => code.startsWith('upload.'))).toBe(true);
    } else {
      // The sheet's own errors, unless its identity already refused it.
      const own = c.codes.every((code) => codes.includes(code));
      expect(own || errors.some((code) => code.startsWith('upload.'))).toBe(true);
    }
    // The annotated workbook opens and lists every issue; a file the door refused is never opened,
    // so its annotated copy holds the issues sheet alone.
    expect(o.issueRows).toBe(o.issues.length);
    if (fileLevel(c) || ISSUES_ONLY.includes(c.file)) expect(o.sheets).toEqual(['问题清单']);
    else expect(o.sheets.length).toBeGreaterThan(1);
  });

  it(`keeps the API+ingest process under ${PEAK_BOUND_MB} MB resident throughout`, () => {
    expect(memory.files).toBeGreaterThan(0);
    if (memory.peak === 0) return; // no /proc: nothing to measure
    expect(memory.peak).toBeLessThan(PEAK_BOUND_MB * MB);
  });
});

/** Section 5: reconciliation and agreement for a city-wide round in memory (1,600 units × 5 sheets). */
import { RuleSetFiles } from '../shared/adapters/rule-set-files.ts';
import { krippendorffAlphaInterval } from '../shared/domain/agreement.ts';
import { reconcile } from '../shared/domain/reconcile.ts';
import type { AssessorSheet, UnitPhaseResult } from '../shared/domain/results.ts';
import type { RuleSet } from '../shared/domain/rule-set.ts';
import { execFile } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { MB, progress, ratios, summarize, type Summary } from './stats.ts';
import { seededRandom as prng } from '../shared/domain/sample.ts';

const half = (x: number) => Math.round(x * 2) / 2;

/** Every unit gets 5 of `pool` assessors; each scores the unit's "true" level plus its own noise. */
export function cityRound(rs: RuleSet, units: number, perUnit = 5, pool = 40) {
  const rand = prng(42);
  const sheets: { unit: string; sheets: AssessorSheet[] }[] = [];
  for (let u = 0; u < units; u++) {
    const unit = `U${String(u + 1).padStart(4, '0')}`;
    const truth = new Map(rs.leaves.map((l) => [l.code, rand() < 0.25 ? Math.ceil(rand() * 2) : 0]));
    const first = Math.floor(rand() * pool);
    const list: AssessorSheet[] = [];
    for (let k = 0; k < perUnit; k++) {
      const assessor = `A${String(((first + k * 7) % pool) + 1).padStart(2, '0')}`;
      list.push({
        assessor,
        uploadId: `up-${unit}-${assessor}`,
        receivedAt: '2026-06-20T03:00:00Z',
        items: rs.leaves.map((l) => {
          if (l.method?.type === 'spotcheck') return { code: l.code, score: null, na: false };
          const noise = rand() < 0.2 ? (rand() < 0.5 ? -1 : 1) : 0;
          const score = Math.min(l.maxPoints, Math.max(0, half(l.maxPoints - truth.get(l.code)! + noise)));
          return score < l.maxPoints
            ? { code: l.code, score, na: false, problem: '部分案卷缺少备考表', suggestion: '补齐备考表' }
            : { code: l.code, score, na: false };
        }),
      });
    }
    sheets.push({ unit, sheets: list });
  }
  return sheets;
}

/** The agreement matrix the round report builds: (unit, item) rows × assessors, scores as a share of points. */
function alphaOf(results: UnitPhaseResult[], assessors: string[]): number | null {
  const matrix: (number | null)[][] = [];
  for (const r of results)
    for (const item of r.items) {
      if (item.na || item.pending || item.score === null) continue;
      matrix.push(
        assessors.map((id) => {
          const s = item.assessorScores.find((x) => x.assessor === id);
          return s && !s.na && s.score !== null ? s.score / item.max : null;
        }),
      );
    }
  return krippendorffAlphaInterval(matrix);
}

export interface ReconcileResult {
  units: number;
  sheets: number;
  assessors: number;
  reps: number;
  reconcileMs: Summary;
  alphaMs: Summary;
  stringifyMs: Summary;
  /** (reconcile + alpha) / JSON.stringify of the same sheets, pair by pair. */
  vsStringify: Summary;
  alpha: number | null;
  rssBeforeMb: number;
  /** Process peak after building the round and reconciling it once (before any baseline). */
  peakRssMb: number;
  heapAfterMb: number;
  /** The child process's peak RSS (`process.resourceUsage().maxRSS`), when run in a child. */
  maxRssMb?: number;
}

/** Runs the section in a child process (its stderr progress passed through) so the peak RSS is its own. */
export async function benchReconcileInChild(units: number, reps: number): Promise<ReconcileResult> {
  const child = join(dirname(fileURLToPath(import.meta.url)), 'reconcile-child.ts');
  const p = promisify(execFile)(process.execPath, ['--import', 'tsx', child, String(units), String(reps)], {
    maxBuffer: 16 * MB,
  });
  p.child.stderr?.pipe(process.stderr);
  const { stdout } = await p;
  return JSON.parse(stdout.trim().split('\n').at(-1)!) as ReconcileResult;
}

export async function benchReconcile(units: number, reps: number): Promise<ReconcileResult> {
  const rs = new RuleSetFiles().require('municipal-sample');
  const rssBefore = process.memoryUsage.rss();
  let peakOnce = 0;
  const round = cityRound(rs, units);
  const assessors = [...new Set(round.flatMap((u) => u.sheets.map((s) => s.assessor)))].sort();
  const rec: number[] = [];
  const alp: number[] = [];
  const str: number[] = [];
  let alpha: number | null = null;
  for (let i = 0; i < reps + 1; i++) {
    let t = performance.now();
    const results = round.map((u) =>
      reconcile(rs, u.unit, 'formal', u.sheets, { method: 'trimmed-mean', spotcheckPercents: [92, 88] }),
    );
    const r = performance.now() - t;
    t = performance.now();
    alpha = alphaOf(results, assessors);
    const a = performance.now() - t;
    // The whole section is synchronous, so an interval sampler would never run: read the process's
    // peak after building and reconciling once, before the baseline's large string exists.
    if (i === 0) peakOnce = process.resourceUsage().maxRSS * 1024;
    t = performance.now();
    JSON.stringify(round);
    const s = performance.now() - t;
    if (i > 0) {
      rec.push(r);
      alp.push(a);
      str.push(s);
    }
    progress(
      `reconciliation: ${i === 0 ? 'warm-up' : `${i}/${reps}`} — reconcile ${r.toFixed(0)} ms, alpha ${a.toFixed(0)} ms`,
    );
  }
  return {
    units,
    sheets: units * 5,
    assessors: assessors.length,
    reps,
    reconcileMs: summarize(rec),
    alphaMs: summarize(alp),
    stringifyMs: summarize(str),
    vsStringify: summarize(
      ratios(
        rec.map((x, i) => x + alp[i]!),
        str,
      ),
    ),
    alpha,
    rssBeforeMb: rssBefore / MB,
    peakRssMb: peakOnce / MB,
    heapAfterMb: process.memoryUsage().heapUsed / MB,
  };
}

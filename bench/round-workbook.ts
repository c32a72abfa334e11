/** Section 2: the consolidated workbook for growing rounds, one child process per size. */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { MB, progress, ratios, summarize, type Summary } from './stats.ts';

const here = dirname(fileURLToPath(import.meta.url));
const run = promisify(execFile);

interface ChildOut {
  units: number;
  writeMs: number[];
  stringifyMs: number[];
  bytes: number;
  jsonBytes: number;
  rssStart: number;
  rssReport: number;
  rssPeakSampled: number;
  maxRssKb: number;
  heapLimitMb: number;
}

async function child(units: number, reps: number, dir: string, nodeArgs: string[] = []): Promise<ChildOut> {
  const { stdout } = await run(
    process.execPath,
    [...nodeArgs, '--import', 'tsx', join(here, 'round-workbook-child.ts'), String(units), String(reps), dir],
    { maxBuffer: 16 * MB, timeout: 20 * 60_000 },
  );
  return JSON.parse(stdout.trim().split('\n').at(-1)!) as ChildOut;
}

/** The largest size again with V8's old space capped: whether it still completes, and its time and peak RSS. */
export interface CappedRun {
  units: number;
  capMb: number;
  completed: boolean;
  writeMs: number | null;
  peakRssMb: number | null;
  error?: string;
}

export interface RoundWorkbookRow {
  units: number;
  reps: number;
  writeMs: Summary;
  msPerUnit: number;
  stringifyMs: Summary;
  vsStringify: Summary;
  fileBytes: number;
  jsonBytes: number;
  /** RSS after start-up (tsx, imports), after building the report, and the process's peak. */
  rssStartMb: number;
  rssReportMb: number;
  peakRssMb: number;
  /** Peak minus the RSS once the report was built: what writing added. */
  writeOverheadMb: number;
}

export async function benchRoundWorkbook(
  sizes: [units: number, reps: number][],
  capMb = 256,
): Promise<{ rows: RoundWorkbookRow[]; capped: CappedRun }> {
  const dir = mkdtempSync(join(tmpdir(), 'cepin-bench-wb-'));
  const rows: RoundWorkbookRow[] = [];
  let capped: CappedRun | undefined;
  try {
    for (const [units, reps] of sizes) {
      progress(`consolidated workbook: ${units} units, 1 warm-up + ${reps} writes in a child process`);
      const o = await child(units, reps, dir);
      const writeMs = summarize(o.writeMs);
      const peak = Math.max(o.maxRssKb * 1024, o.rssPeakSampled);
      rows.push({
        units,
        reps,
        writeMs,
        msPerUnit: writeMs.median / units,
        stringifyMs: summarize(o.stringifyMs),
        vsStringify: summarize(ratios(o.writeMs, o.stringifyMs)),
        fileBytes: o.bytes,
        jsonBytes: o.jsonBytes,
        rssStartMb: o.rssStart / MB,
        rssReportMb: o.rssReport / MB,
        peakRssMb: peak / MB,
        writeOverheadMb: (peak - o.rssReport) / MB,
      });
      progress(
        `  ${units} units: median ${writeMs.median.toFixed(0)} ms, peak RSS ${(peak / MB).toFixed(0)} MB`,
      );
    }
    const units = sizes[sizes.length - 1]![0];
    progress(`consolidated workbook: ${units} units again with --max-old-space-size=${capMb}`);
    try {
      const o = await child(units, 1, dir, [`--max-old-space-size=${capMb}`]);
      capped = {
        units,
        capMb,
        completed: true,
        writeMs: o.writeMs[0]!,
        peakRssMb: Math.max(o.maxRssKb * 1024, o.rssPeakSampled) / MB,
      };
    } catch (e) {
      const error = String(e instanceof Error ? e.message : e).slice(0, 300);
      capped = { units, capMb, completed: false, writeMs: null, peakRssMb: null, error };
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return { rows, capped: capped! };
}

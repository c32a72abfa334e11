/**
 * Child process of section 2: builds a synthetic round of N units, then (after one warm-up
 * write) writes the consolidated workbook `reps` times, timing JSON.stringify of the same report as
 * the in-process baseline (after the writes, so the peak RSS read before it is the writes'). Prints one JSON line on stdout; the parent reads the process's peak RSS.
 * Usage: tsx bench/round-workbook-child.ts <units> <reps> <dir>
 */
import { rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import v8 from 'node:v8';
import { writeRoundWorkbook } from '../shared/excel/round-workbook.ts';
import { makeReport } from '../tests/support/round-report.ts';
import { rssSampler } from './stats.ts';

const units = Number(process.argv[2]);
const reps = Number(process.argv[3]);
const dir = process.argv[4]!;
const file = join(dir, `round-${units}.xlsx`);

const rssStart = process.memoryUsage.rss();
const report = makeReport(units);
const rssReport = process.memoryUsage.rss();
// Warm-up: one write, not timed (the stringify warm-up comes after the writes, see below).
await writeRoundWorkbook(report, file);
const writeMs: number[] = [];
const stringifyMs: number[] = [];
const sampler = rssSampler(10);
for (let i = 0; i < reps; i++) {
  const t = performance.now();
  await writeRoundWorkbook(report, file);
  writeMs.push(performance.now() - t);
}
const rssPeakSampled = sampler.stop();
// Read before the baseline runs: the stringified report (tens of MB of UTF-16) would raise the peak.
const maxRssKb = process.resourceUsage().maxRSS;
for (let i = 0; i < reps; i++) {
  const t = performance.now();
  JSON.stringify(report);
  stringifyMs.push(performance.now() - t);
}
const bytes = statSync(file).size;
rmSync(file);
process.stdout.write(
  JSON.stringify({
    units,
    writeMs,
    stringifyMs,
    bytes,
    jsonBytes: Buffer.byteLength(JSON.stringify(report)),
    rssStart,
    rssReport,
    rssPeakSampled,
    maxRssKb,
    heapLimitMb: v8.getHeapStatistics().heap_size_limit / 1024 / 1024,
  }) + '\n',
);

/**
 * cepin benchmarks (issues 6 and 19). `npm run bench` (quick) or `npm run bench -- --full`; `--only a,b`
 * runs some sections (sheet, workbook, functions, ingest, reconcile, portal, cli, rubric). Progress on stderr; writes
 * docs/benchmarks.md and docs/benchmarks.json. Speed is measured here only, never in tests.
 */
import { writeFileSync } from 'node:fs';
import { cpus, arch, platform, release, totalmem, loadavg } from 'node:os';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchCli } from './cli.ts';
import { benchFunctions } from './functions.ts';
import { benchIngest } from './ingest.ts';
import { benchOneSheet } from './one-sheet.ts';
import { benchPortal } from './portal.ts';
import { profileCheck } from './profile.ts';
import { benchReconcileInChild } from './reconcile.ts';
import { toMarkdown, type BenchResults } from './report.ts';
import { benchRoundWorkbook } from './round-workbook.ts';
import { benchRubric } from './rubric.ts';
import { benchRubricStore } from './rubric-store.ts';
import { MB, progress } from './stats.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const version = (pkg: string) => (require(`${pkg}/package.json`) as { version: string }).version;

const args = process.argv.slice(2);
const full = args.includes('--full');
const onlyArg = args.find((a) => a.startsWith('--only'));
const only = onlyArg
  ? new Set((onlyArg.includes('=') ? onlyArg.split('=')[1]! : args[args.indexOf(onlyArg) + 1]!).split(','))
  : null;
const want = (s: string) => !only || only.has(s);
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const plan = full
  ? {
      sheet: { reps: 200, warmup: 30, profile: 300 },
      workbook: [
        [25, 10],
        [100, 10],
        [1000, 5],
        [5000, 2],
      ] as [number, number][],
      functions: 10,
      ingest: 2000,
      reconcile: { units: 1600, reps: 10 },
      portal: 20,
      cli: { reps: 15, demo: 3 },
      rubric: { reps: 100, warmup: 20 },
    }
  : {
      sheet: { reps: 30, warmup: 10, profile: 100 },
      workbook: [
        [25, 5],
        [100, 5],
        [1000, 3],
      ] as [number, number][],
      functions: 5,
      ingest: 225,
      reconcile: { units: 1600, reps: 3 },
      portal: 8,
      cli: { reps: 7, demo: 1 },
      rubric: { reps: 30, warmup: 10 },
    };

const started = performance.now();
const results: BenchResults = {
  mode: full ? 'full' : 'quick',
  date: new Date().toISOString(),
  machine: {
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    memoryGb: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    os: `${platform()} ${release()} ${arch()}`,
    node: process.version,
    loadAvgAtStart: loadavg().map((x) => Math.round(x * 100) / 100),
    versions: { exceljs: version('exceljs'), xlsx: version('xlsx'), esbuild: version('esbuild') },
  },
  skipped: [],
};

if (want('sheet')) {
  progress(`1/7 one sheet: ${plan.sheet.warmup} warm-up + ${plan.sheet.reps} interleaved repetitions`);
  results.oneSheet = await benchOneSheet(plan.sheet.reps, plan.sheet.warmup);
  progress(`1/7 one sheet: CPU profile of ${plan.sheet.profile} checks`);
  results.profile = await profileCheck(plan.sheet.profile);
} else results.skipped.push('sheet');
if (want('workbook')) {
  progress('2/7 consolidated workbook');
  const wb = await benchRoundWorkbook(plan.workbook);
  results.roundWorkbook = wb.rows;
  results.roundWorkbookCapped = wb.capped;
} else results.skipped.push('workbook');
if (want('functions')) {
  progress('3/7 function bundles and cold import');
  results.functions = await benchFunctions(plan.functions);
} else results.skipped.push('functions');
if (want('ingest')) {
  progress(`4/7 ingest: ${plan.ingest} sheets through the local stack`);
  results.ingest = await benchIngest(plan.ingest);
} else results.skipped.push('ingest');
if (want('reconcile')) {
  progress(`5/7 reconciliation: ${plan.reconcile.units} units × 5 sheets`);
  results.reconcile = await benchReconcileInChild(plan.reconcile.units, plan.reconcile.reps);
} else results.skipped.push('reconcile');
if (want('portal')) {
  progress(`6/7 web portal: build, page load and ${plan.portal} uploads in Chromium`);
  results.portal = await benchPortal(plan.portal);
} else results.skipped.push('portal');
if (want('cli')) {
  progress(`7/7 command line: ${plan.cli.reps} rounds of whole processes, then ${plan.cli.demo} demo run(s)`);
  results.cli = await benchCli(plan.cli.reps, plan.cli.demo);
} else results.skipped.push('cli');
if (want('rubric')) {
  progress(`rubric workbook: ${plan.rubric.warmup} warm-up + ${plan.rubric.reps} interleaved repetitions`);
  results.rubric = await benchRubric(plan.rubric.reps, plan.rubric.warmup);
  results.rubric.store = await benchRubricStore(plan.rubric.reps * 4);
} else results.skipped.push('rubric');

results.elapsedS = Math.round((performance.now() - started) / 100) / 10;
results.peakRssMbRunner = process.resourceUsage().maxRSS / 1024;
results.machine.loadAvgAtEnd = loadavg().map((x) => Math.round(x * 100) / 100);
writeFileSync(join(root, 'docs', 'benchmarks.json'), JSON.stringify(results, null, 2) + '\n');
writeFileSync(join(root, 'docs', 'benchmarks.md'), toMarkdown(results));
progress(
  `done in ${results.elapsedS} s (runner peak RSS ${(results.peakRssMbRunner ?? 0).toFixed(0)} MB, ${MB} B/MB): docs/benchmarks.md, docs/benchmarks.json`,
);

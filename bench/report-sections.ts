/** Sections 3–7 of docs/benchmarks.md. */
import type { CliResult } from './cli.ts';
import type { FunctionsResult } from './functions.ts';
import type { IngestResult } from './ingest.ts';
import type { PortalResult } from './portal.ts';
import type { ReconcileResult } from './reconcile.ts';
import { fmt, fmtSummary, type Summary } from './stats.ts';

export const x = (s: Summary) => `${fmt(s.median, 2)}× (${fmt(s.min, 2)}–${fmt(s.max, 2)})`;
export const ms = (s: Summary, d = 1) => fmtSummary(s, d, ' ms');
export const met = (ok: boolean) => (ok ? '**met**' : '**missed**');

export function functionsSection(f: FunctionsResult, targets: string[]): string[] {
  const b = f.bundles;
  for (const n of ['api', 'ingest'] as const) {
    targets.push(
      `| \`${n}\` bundle size (minified, AWS SDK included since issue 19) | < 2.5 MB (was < 1.5 MB without the SDK) | ${b[n].bytes.toLocaleString('en')} bytes | ${met(b[n].bytes < 2_500_000)} |`,
    );
    targets.push(
      `| \`${n}\` cold initialisation (import) | < 150 ms (was < 250 ms) | ${ms(b[n].importMs, 0)} | ${met(b[n].importMs.median < 150)} |`,
    );
  }
  const list = (xs: { path: string; bytes: number }[]) =>
    xs.map((i) => `\`${i.path}\` ${fmt(i.bytes / 1000, 0)} kB`).join('; ');
  return [
    '## 3. Functions',
    '',
    "Each handler bundled with esbuild's JS API with the options `NodejsFunction` gets from `infra/constructs/lambdas.ts`",
    '(ESM, minify, target node24, platform node, `mainFields: module, main`, the `createRequire` banner, everything',
    'bundled — the AWS SDK too —, source map in a separate file, `metafile: true`). Cold initialisation: a fresh `node` imports the bundle',
    '(`node --input-type=module -e "const t = performance.now(); await import(bundle); …"`, with CEPIN_DISTRICT,',
    'CEPIN_TABLE, CEPIN_BUCKET, CEPIN_RULES_DIR and AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED set). The SDK is',
    `bundled rather than taken from the runtime: measured here, that cut the api's import from 227 to 143 ms (medians of 7). 1 warm-up round + ${f.reps}, interleaved.`,
    'Baselines, bundled and imported the same way: an empty handler, and a bundle of only the four `@aws-sdk/*` packages the handlers import.',
    '',
    '| bundle | bytes | import time | vs empty | whole process |',
    '|---|---|---|---|---|',
    `| empty handler (baseline) | ${b.empty.bytes} | ${ms(b.empty.importMs)} | 1 | ${ms(b.empty.processMs, 0)} |`,
    `| AWS SDK only | ${b.sdk.bytes} | ${ms(b.sdk.importMs, 0)} | ${x(f.vsEmpty.sdk)} | ${ms(b.sdk.processMs, 0)} |`,
    `| api | ${b.api.bytes.toLocaleString('en')} | ${ms(b.api.importMs, 0)} | ${x(f.vsEmpty.api)} | ${ms(b.api.processMs, 0)} |`,
    `| ingest | ${b.ingest.bytes.toLocaleString('en')} | ${ms(b.ingest.importMs, 0)} | ${x(f.vsEmpty.ingest)} | ${ms(b.ingest.processMs, 0)} |`,
    '',
    `Top 5 inputs by bytes in the output (metafile) — api: ${list(b.api.topInputs)}.`,
    '',
    `ingest: ${list(b.ingest.topInputs)}.`,
    '',
    `By package — api: ${list(b.api.topPackages)}. ingest: ${list(b.ingest.topPackages)}.`,
    '',
    `Reading: importing the AWS SDK packages alone takes ${fmt(b.sdk.importMs.median, 0)} ms of the api's ${fmt(b.api.importMs.median, 0)} ms`,
    `(medians), so the SDK is most of the cold start and cepin's own bundle adds about ${fmt(b.api.importMs.median - b.sdk.importMs.median, 0)} ms`,
    `(ingest: ${fmt(b.ingest.importMs.median - b.sdk.importMs.median, 0)} ms). Both load the Secrets Manager client only when the 合议表 signing key is first`,
    'used; ingest runs exceljs only to read a 合议表 or annotate a rejection (it is in the bundle, but not evaluated at',
    'start), and so does the api on the routes that read or write workbooks. The DynamoDB and S3',
    'clients are loaded at start on purpose: nearly every invocation needs them, and Lambda runs the init phase before',
    'the first request anyway — deferring them would move the time, not save it.',
    '',
  ];
}

export function ingestSection(g: IngestResult, targets: string[]): string[] {
  targets.push(
    `| ${g.sheets} sheets through the local stack | < 30 s for 225 | ${fmt(g.wallMs / 1000, 1)} s (${fmt(g.sheetsPerSecond, 1)} sheets/s) | ${g.sheets === 225 ? met(g.wallMs < 30_000) : `${met(g.wallMs * (225 / g.sheets) < 30_000)} (scaled to 225)`} |`,
  );
  targets.push(
    `| DynamoDB TransactWriteItems per accepted sheet | 1 | ${fmt(g.transactWritesPerAccepted, 2)} | ${met(Math.abs(g.transactWritesPerAccepted - 1) < 1e-9)} |`,
  );
  return [
    '## 4. Ingest throughput (local stack)',
    '',
    '`startTestStack()` (DynamoDB Local in memory, s3rver, the gateway, the in-process SQS-shaped queue and ingest), a',
    'round created from the sample roster with every phase open, then distinct sample sheets (`dongcheng-sample`,',
    `cycling through the roster's slots, one seed each) uploaded by the admin through presigned POSTs, ${g.concurrency} at a time.`,
    `Latency = request of the upload slot → the API reports the upload settled (polled every ${g.pollMs} ms). 3 warm-up uploads`,
    'of other sheets are not counted. DynamoDB requests are counted by wrapping `DynamoDBDocumentClient.prototype.send`',
    "in the benchmark process (the stack's handlers run in it). Baseline in the same process: `checkSheet` of the same",
    'sheets one after another, without the stack.',
    '',
    '| figure | value |',
    '|---|---|',
    `| sheets | ${g.sheets} (${Object.entries(g.states)
      .map(([k, v]) => `${v} ${k}`)
      .join(', ')}) |`,
    `| wall time | ${fmt(g.wallMs / 1000, 1)} s |`,
    `| throughput | ${fmt(g.sheetsPerSecond, 1)} sheets/s |`,
    `| latency per sheet p50 / p95 | ${fmt(g.latencyMs.p50, 0)} / ${fmt(g.latencyMs.p95, 0)} ms (min ${fmt(g.latencyMs.min, 0)}, max ${fmt(g.latencyMs.max, 0)}) |`,
    `| DynamoDB requests during the run | ${Object.entries(g.dynamo)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')} |`,
    `| TransactWriteItems per accepted sheet (ingest) | ${fmt(g.transactWritesPerAccepted, 2)} |`,
    `| all write requests per accepted sheet | ${fmt(g.writeRequestsPerAccepted, 2)} (the Put is the API recording the upload slot) |`,
    `| baseline: offline check, same sheets | ${ms(g.offlineCheckMs)} per sheet, ${fmt(g.offlineSheetsPerSecond, 1)} sheets/s; the stack runs at ${fmt(g.sheetsPerSecond / g.offlineSheetsPerSecond, 2)}× that |`,
    '',
    'The Gets are mostly the polling of `GET /uploads/{id}`. The local queue hands batches to one ingest at a time',
    '(as one Lambda instance would), and DynamoDB Local (Java) and s3rver share the 2 cores with it.',
    '',
  ];
}

export function reconcileSection(c: ReconcileResult): string[] {
  return [
    '## 5. Reconciliation and agreement (city-wide, in memory)',
    '',
    `${c.units} units × 5 formal sheets (${c.sheets} \`AssessorSheet\`s, ${c.assessors} assessors city-wide, each scoring a`,
    "unit's true level ± noise in 0.5 steps) over `municipal-sample`; `reconcile` (trimmed mean) per unit, then",
    "`krippendorffAlphaInterval` over the round's (unit, item) matrix — building that matrix as the round report does is",
    `included in its time. 1 warm-up + ${c.reps} repetitions. Baseline: \`JSON.stringify\` of the same sheets.`,
    '',
    '| step | time | |',
    '|---|---|---|',
    `| reconcile all units | ${ms(c.reconcileMs, 0)} | |`,
    `| alpha over the round | ${ms(c.alphaMs, 0)} | α = ${fmt(c.alpha ?? NaN, 3)} |`,
    `| JSON.stringify of the sheets (baseline) | ${ms(c.stringifyMs, 0)} | |`,
    `| (reconcile + alpha) vs baseline | ${x(c.vsStringify)} | |`,
    '',
    `Memory (a child process of its own): RSS ${fmt(c.rssBeforeMb, 0)} MB after start-up; peak ${fmt(c.peakRssMb, 0)} MB after building the`,
    `round and reconciling it once (read before the baseline ran); ${fmt(c.maxRssMb ?? NaN, 0)} MB at the end of all ${c.reps + 1} repetitions`,
    `with the baseline's strings; heap in use at the end ${fmt(c.heapAfterMb, 0)} MB.`,
    '',
  ];
}

export function portalSection(p: PortalResult, targets: string[]): string[] {
  targets.push(
    `| portal production build: what a page first loads, gzipped | < 60 KB | ${fmt(p.firstGzip / 1024, 1)} KB (${fmt(p.firstBytes / 1024, 1)} KB raw; every file ${fmt(p.totalGzip / 1024, 1)} KB) | ${met(p.firstGzip < 60 * 1024)} |`,
  );
  return [
    '## 6. Web portal',
    '',
    `\`vite build\` of \`web/\` (Preact) in ${fmt(p.buildMs, 0)} ms; every file, gzipped at level 9, and whether the page loads it first`,
    'or on demand (a view few people open, the English words the first time someone switches):',
    '',
    '| file | bytes | gzip | loaded |',
    '|---|---|---|---|',
    ...p.files.map(
      (f) =>
        `| \`${f.name}\` | ${f.bytes.toLocaleString('en')} | ${f.gzip.toLocaleString('en')} | ${f.first ? 'first' : 'on demand'} |`,
    ),
    `| **first load** | ${p.firstBytes.toLocaleString('en')} | ${p.firstGzip.toLocaleString('en')} | |`,
    `| **every file** | ${p.totalBytes.toLocaleString('en')} | ${p.totalGzip.toLocaleString('en')} | |`,
    '',
    "In Debian's Chromium (headless, playwright-core) against the local stack on 127.0.0.1, after one warm-up each:",
    '',
    '| what | subject | baseline (same process) | ratio |',
    '|---|---|---|---|',
    `| page load, empty cache, to a usable sign-in form | ${ms(p.pageLoadMs, 0)} | Node fetches the same files and config.json: ${ms(p.fetchFilesMs, 1)} | ${x(p.pageLoadRatio)} |`,
    `| a unit's upload, from choosing the file to its score on screen | ${ms(p.browserUploadMs, 0)} | the CLI's way from Node (\`uploadAndWait\`): ${ms(p.cliUploadMs, 0)} | ${x(p.uploadRatio)} |`,
    '',
    'Reading: the page load is a first navigation in a fresh browser context (empty cache): fetching the files,',
    'parsing and running the script, then config.json and the sign-in list, then rendering; the baseline is the',
    "transfer alone. The upload ratio is the portal's polling (first look after 50 ms, then ×1.6) against the CLI's",
    '(40 ms, doubling) plus rendering; ingest itself is the same in both.',
    '',
  ];
}

export function cliSection(c: CliResult, targets: string[]): string[] {
  const mb = (s: Summary) => `${fmt(s.median, 0)} MB`;
  targets.push(
    `| \`cepin --help\`, whole process | < 150 ms, < 80 MB | ${ms(c.ms.help, 0)}, ${mb(c.rssMb.help)} | ${met(c.ms.help.median < 150 && c.rssMb.help.median < 80)} |`,
    `| \`cepin check\` of one 38-item sheet, whole process | < 300 ms and ≤ 5× \`node -e 0\` | ${ms(c.ms.check, 0)}, ${x(c.vsNode.check)} | ${met(c.ms.check.median < 300 && c.vsNode.check.median <= 5)} |`,
    `| \`cepin template\`, whole process | < 500 ms | ${ms(c.ms.template, 0)} | ${met(c.ms.template.median < 500)} |`,
    `| \`npm run demo\`, wall time | reported (43 s before issue 19) | ${c.demo.runs ? `${fmt(c.demo.wallS.median, 1)} s` : `not run: ${c.demo.skipped}`} | |`,
  );
  const row = (what: string, k: keyof CliResult['ms']) =>
    `| ${what} | ${ms(c.ms[k], 0)} | ${k === 'node' ? '1 (baseline)' : x(c.vsNode[k])} | ${mb(c.rssMb[k])} |`;
  return [
    '## 7. Command line: whole processes',
    '',
    'Each command is a fresh `node` process started from the project root, as a user runs it: timed from spawn to exit',
    `by the benchmark process; peak RSS by ${c.rssBy} (the baseline runs under it too). The CLI is rebuilt first`,
    '(`bin/build-cli.js`, as `npm ci` and `npm test` do), so the figures are those of the current sources.',
    `1 warm-up round + ${c.reps}, the order rotated every round. Baseline: \`node -e 0\` in the same rounds, ratios pair by pair.`,
    '',
    '| command | time | vs `node -e 0` | peak RSS |',
    '|---|---|---|---|',
    row('`node -e 0` (baseline)', 'node'),
    row('`cepin --help`', 'help'),
    row('`cepin check one-sheet.xlsx --json` (the 38-item sheet of section 1)', 'check'),
    row(
      '`cepin template --rules municipal-sample --phase formal --unit U01 --assessor A01 --out …`',
      'template',
    ),
    row(
      '`CEPIN_DEV=1 cepin --help` (development: the TypeScript sources compiled by tsx at start)',
      'devHelp',
    ),
    '',
    c.demo.runs
      ? `\`npm run demo\` (\`cepin demo --json\` into a temporary folder: every district of the demo on the embedded local stack, ${c.demo.sheets ?? '?'} sheets), ` +
        `whole process, ${c.demo.runs} run${c.demo.runs > 1 ? 's' : ''}: **${fmtSummary(c.demo.wallS, 1, ' s')}**.`
      : `\`npm run demo\` not run: ${c.demo.skipped}.`,
    '',
    'Before issue 19, `bin/cepin.js` compiled the TypeScript sources through tsx at every start and imported every',
    'command with exceljs, docx, the AWS SDK and the local stack before reading the first argument: `cepin --help` took',
    '1.2 s and 163 MB, `cepin check` of this sheet 1.23 s (22× `node -e 0`), `cepin template` 1.65 s, `npm run demo` 43 s',
    "(the issue's figures, median of 5 on this machine). Now `npm ci` builds the CLI with esbuild (`prepare`) into",
    '`node_modules/.cache/cepin/cli/`, split so that each command loads its heavy dependencies in its action; npm',
    'packages are bundled too (Node loads bundled exceljs in a third of the time its hundreds of files take), except the',
    'AWS SDK and the local servers.',
    '',
  ];
}

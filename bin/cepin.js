#!/usr/bin/env node
// Entry point for `npx cepin`. Runs the CLI built by bin/build-cli.js (at `npm ci`, through `prepare`),
// which loads each command's heavy dependencies only when that command runs. The TypeScript sources
// run through tsx instead with CEPIN_DEV=1, or — with a one-line notice — when there is no build or a
// source has changed since it was made (checked from build.json: a stat per source, a hash only of
// those modified after the build), so an edited tree never runs old code.
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import module from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

// The AWS SDK warns on every start under Node 20 about a Node 22 requirement from 2027 onwards.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

// Output piped into `head` and the like: stop quietly when the reader goes away.
process.stdout.on('error', (e) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
});

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const buildDir = join(root, 'node_modules', '.cache', 'cepin', 'cli');

/** Why the build cannot be used, or undefined when it matches the sources. */
function buildProblem() {
  let info;
  try {
    info = JSON.parse(readFileSync(join(buildDir, 'build.json'), 'utf8'));
  } catch {
    return 'the CLI is not built';
  }
  for (const [file, hash] of Object.entries(info.inputs)) {
    const path = join(root, file);
    const st = statSync(path, { throwIfNoEntry: false });
    if (!st) return `${file} is gone since the CLI was built`;
    if (st.mtimeMs > info.builtAt && createHash('sha256').update(readFileSync(path)).digest('hex') !== hash)
      return `${file} changed since the CLI was built`;
  }
  return undefined;
}

// Node 22.1+ keeps V8's compiled code between runs (the exceljs chunk alone takes ~50 ms to compile),
// in the project's own cache, not a temp folder shared with other users.
try {
  module.enableCompileCache?.(join(root, 'node_modules', '.cache', 'cepin', 'v8'));
} catch {
  // not available or not writable: compile as usual
}

let main;
const problem = process.env.CEPIN_DEV === '1' ? 'dev' : buildProblem();
if (problem === undefined) {
  ({ main } = await import(pathToFileURL(join(buildDir, 'main.js')).href));
} else {
  if (problem !== 'dev')
    process.stderr.write(
      `cepin: ${problem}; running the sources through tsx (slower). \`npm run build:cli\` builds it.\n`,
    );
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('../shared/cli/main.ts'));
}
process.exitCode = await main(process.argv);

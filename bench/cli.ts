/**
 * Section 7: the command line as whole processes (`node bin/cepin.js …`, the CLI `npm ci` builds)
 * against `node -e 0`, interleaved in the same run; and `npm run demo`, start to finish.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sampleBytes } from './one-sheet.ts';
import { progress, ratios, summarize, type Summary } from './stats.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const TIME = '/usr/bin/time';

export type CliSubject = 'node' | 'help' | 'check' | 'template' | 'devHelp';

export interface CliResult {
  reps: number;
  /** How peak RSS was read: GNU time's %M, or VmHWM polled from /proc. */
  rssBy: string;
  ms: Record<CliSubject, Summary>;
  rssMb: Record<CliSubject, Summary>;
  vsNode: Record<Exclude<CliSubject, 'node'>, Summary>;
  demo: { runs: number; wallS: Summary; sheets?: number | undefined; skipped?: string };
}

/** What each subject runs (arguments to node, from the project root). */
function subjects(sheet: string, out: string): Record<CliSubject, { args: string[]; env?: object }> {
  const template = ['template', '--rules', 'municipal-sample', '--phase', 'formal'];
  return {
    node: { args: ['-e', '0'] },
    help: { args: ['bin/cepin.js', '--help'] },
    check: { args: ['bin/cepin.js', 'check', sheet, '--json'] },
    template: { args: ['bin/cepin.js', ...template, '--unit', 'U01', '--assessor', 'A01', '--out', out] },
    devHelp: { args: ['bin/cepin.js', '--help'], env: { CEPIN_DEV: '1' } },
  };
}

/** Peak RSS of a running process, polled from /proc (when GNU time is not installed). */
function pollHwm(pid: number): () => number {
  let kb = 0;
  const read = () => {
    try {
      const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      if (m) kb = Math.max(kb, Number(m[1]));
    } catch {
      // the process is gone
    }
  };
  const timer = setInterval(read, 2);
  read();
  return () => {
    clearInterval(timer);
    return kb;
  };
}

/** One whole process: wall time from spawn to exit, and its peak RSS. Fails on a non-zero exit. */
async function once(args: string[], env: NodeJS.ProcessEnv, rssFile: string) {
  const timed = existsSync(TIME);
  const [cmd, argv] = timed
    ? [TIME, ['-f', '%M', '-o', rssFile, process.execPath, ...args]]
    : [process.execPath, args];
  const t = performance.now();
  const child = spawn(cmd, argv, { cwd: root, env, stdio: ['ignore', 'ignore', 'pipe'] });
  const stop = timed ? undefined : pollHwm(child.pid!);
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  const ms = performance.now() - t;
  const kb = stop ? stop() : Number(readFileSync(rssFile, 'utf8').trim().split('\n').pop());
  if (code !== 0) throw new Error(`node ${args.join(' ')} exited ${code}: ${stderr.slice(0, 400)}`);
  return { ms, rssMb: kb / 1024, fellBack: stderr.includes('through tsx') };
}

/** Builds the CLI, so the figures are those of the current sources (as `npm test` does). */
function buildCli(): void {
  const r = spawnSync(process.execPath, ['bin/build-cli.js'], { cwd: root, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`bin/build-cli.js failed: ${r.stderr}`);
}

/** `npm run demo` (`cepin demo --json`, into a temporary folder): wall time of the whole process. */
async function demo(runs: number, env: NodeJS.ProcessEnv): Promise<CliResult['demo']> {
  if (runs === 0) return { runs: 0, wallS: summarize([]), skipped: 'not asked for' };
  if (spawnSync('java', ['-version']).status !== 0)
    return { runs: 0, wallS: summarize([]), skipped: 'no Java (DynamoDB Local)' };
  const wall: number[] = [];
  let sheets: number | undefined;
  for (let i = 0; i < runs; i++) {
    const out = mkdtempSync(join(tmpdir(), 'cepin-bench-demo-'));
    try {
      const t = performance.now();
      const r = spawnSync(process.execPath, ['bin/cepin.js', 'demo', '--json', '--out', out], {
        cwd: root,
        env,
        encoding: 'utf8',
        maxBuffer: 64 * 1024 * 1024,
      });
      wall.push((performance.now() - t) / 1000);
      if (r.status !== 0) throw new Error(`cepin demo exited ${r.status}: ${r.stderr.slice(-400)}`);
      sheets = (JSON.parse(r.stdout.trim().split('\n').pop()!) as { sheets: number }).sheets;
      progress(`cli: demo ${i + 1}/${runs} in ${wall[i]!.toFixed(1)} s`);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }
  return { runs, wallS: summarize(wall), sheets };
}

export async function benchCli(reps: number, demoRuns: number): Promise<CliResult> {
  buildCli();
  const dir = mkdtempSync(join(tmpdir(), 'cepin-bench-cli-'));
  try {
    const sheet = join(dir, 'one-sheet.xlsx');
    writeFileSync(sheet, await sampleBytes());
    const subs = subjects(sheet, join(dir, 'template.xlsx'));
    const names = Object.keys(subs) as CliSubject[];
    const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('CEPIN_')));
    const ms = Object.fromEntries(names.map((n) => [n, [] as number[]])) as Record<CliSubject, number[]>;
    const rss = Object.fromEntries(names.map((n) => [n, [] as number[]])) as Record<CliSubject, number[]>;
    let rebuilt = 0;
    for (let i = 0; i <= reps; i++) {
      // The order rotates every repetition; repetition 0 is a warm-up (file cache) and not counted.
      for (let k = 0; k < names.length; k++) {
        const n = names[(i + k) % names.length]!;
        const r = await once(subs[n].args, { ...base, ...subs[n].env }, join(dir, 'rss'));
        if (n !== 'devHelp' && r.fellBack) {
          // A source changed while the benchmark ran (another shell): rebuild and run it again.
          if (++rebuilt > 5) throw new Error('the CLI build keeps going stale: sources are being edited');
          buildCli();
          k--;
          continue;
        }
        if (i === 0) continue;
        ms[n].push(r.ms);
        rss[n].push(r.rssMb);
      }
      progress(`cli: whole processes ${i}/${reps}${i === 0 ? ' (warm-up)' : ''}`);
    }
    const others = names.filter((n): n is Exclude<CliSubject, 'node'> => n !== 'node');
    return {
      reps,
      rssBy: existsSync(TIME) ? 'GNU time `%M`' : 'VmHWM polled from /proc every 2 ms',
      ms: Object.fromEntries(names.map((n) => [n, summarize(ms[n])])) as CliResult['ms'],
      rssMb: Object.fromEntries(names.map((n) => [n, summarize(rss[n])])) as CliResult['rssMb'],
      vsNode: Object.fromEntries(
        others.map((n) => [n, summarize(ratios(ms[n], ms.node))]),
      ) as CliResult['vsNode'],
      demo: await demo(demoRuns, base),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

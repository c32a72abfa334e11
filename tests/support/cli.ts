import { main } from '../../shared/cli/main.ts';
import { fixedNow } from './rules.ts';

/** Runs the `cepin` command line in-process with a fixed clock and an empty environment. */
export async function cepin(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(['node', 'cepin', ...args], {
    out: (t) => out.push(t),
    err: (t) => err.push(t),
    now: fixedNow,
    env: {},
  });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

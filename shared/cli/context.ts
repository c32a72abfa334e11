import type { RuleSetFiles } from '../adapters/rule-set-files.ts';
import type { Lang } from '../domain/text.ts';

/** What every command gets: output streams, the rule sets, the clock, and the exit code to set. */
export interface CliContext {
  out: (text: string) => void;
  err: (text: string) => void;
  rules: () => RuleSetFiles;
  now: () => Date;
  exit: (code: number) => void;
  env: NodeJS.ProcessEnv;
}

/** Thrown by commands for misuse (exit 2) with a message already in the user's language. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** Parses --lang; Chinese by default. */
export function langOption(value: string | undefined): Lang {
  if (value === undefined || value === 'zh') return 'zh';
  if (value === 'en') return 'en';
  throw new UsageError(`--lang must be zh or en (got ${value})`);
}

/**
 * Builds the rule set source from --rules-dir or CEPIN_RULES_DIR, defaulting to the shipped ones.
 * Loads the rule set module (zod and the schema, ~80 ms) only now, for the commands that read rules.
 */
export async function rulesFrom(dir: string | undefined): Promise<() => RuleSetFiles> {
  const m = await import('../adapters/rule-set-files.ts');
  let files: RuleSetFiles | undefined;
  return () => (files ??= dir ? new m.RuleSetFiles(dir) : new m.RuleSetFiles());
}

/** The round a command is about: `--round`, else CEPIN_ROUND. */
export function roundOption(ctx: CliContext, r?: string): string {
  const round = r ?? ctx.env.CEPIN_ROUND;
  if (!round) throw new UsageError('--round is required (or set CEPIN_ROUND)');
  return round;
}

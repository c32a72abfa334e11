import { Command, CommanderError } from 'commander';
import { registerCheckCommand } from './commands/check.ts';
import { registerDemoCommand } from './commands/demo.ts';
import { registerRulesCommands } from './commands/rules.ts';
import { registerTemplateCommands } from './commands/template.ts';
import { rulesFrom, UsageError, type CliContext } from './context.ts';

/** Options for running the CLI in-process (tests pass their own streams and clock). */
export interface RunOptions {
  out?: (text: string) => void;
  err?: (text: string) => void;
  now?: () => Date;
  env?: NodeJS.ProcessEnv;
}

/** Runs the `cepin` command line and resolves to its exit code. */
export async function main(argv: string[], opts: RunOptions = {}): Promise<number> {
  const env = opts.env ?? process.env;
  let code = 0;
  const ctx: CliContext = {
    out: opts.out ?? ((t) => process.stdout.write(`${t}\n`)),
    err: opts.err ?? ((t) => process.stderr.write(`${t}\n`)),
    rules: () => rules(),
    now: opts.now ?? (() => new Date()),
    exit: (c) => {
      code = c;
    },
  };
  let rules = rulesFrom(env.CEPIN_RULES_DIR);
  const program = new Command('cepin')
    .description('cepin 测评: rubric-based assessment of agency archive work with spreadsheets')
    .option('--rules-dir <dir>', 'folder of rule set files (default: templates/rules; env CEPIN_RULES_DIR)')
    .exitOverride()
    .configureOutput({ writeOut: (s) => ctx.out(s.trimEnd()), writeErr: (s) => ctx.err(s.trimEnd()) })
    .showHelpAfterError()
    .hook('preAction', (cmd) => {
      const dir = cmd.opts<{ rulesDir?: string }>().rulesDir;
      if (dir) rules = rulesFrom(dir);
    });
  registerTemplateCommands(program, ctx);
  registerCheckCommand(program, ctx);
  registerRulesCommands(program, ctx);
  registerDemoCommand(program, ctx);
  try {
    await program.parseAsync(argv);
    return code;
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 2;
    if (e instanceof UsageError) {
      ctx.err(e.message);
      return 2;
    }
    throw e;
  }
}

import { Command, CommanderError } from 'commander';
import type { RuleSetFiles } from '../adapters/rule-set-files.ts';
import { registerAuditCommand } from './commands/audit.ts';
import { registerCalibrationCommands } from './commands/calibration.ts';
import { registerCheckCommand } from './commands/check.ts';
import { registerDemoCommand } from './commands/demo.ts';
import { registerEvidenceCommands } from './commands/evidence.ts';
import { registerRectificationCommands } from './commands/rectification.ts';
import { registerPeopleCommands } from './commands/people.ts';
import { registerServeCommands } from './commands/serve.ts';
import { registerRoundCommands } from './commands/round.ts';
import { registerResultsCommands } from './commands/results.ts';
import { registerRulesCommands } from './commands/rules.ts';
import { registerTemplateCommands } from './commands/template.ts';
import { rulesFrom, UsageError, type CliContext } from './context.ts';
import { ApiCallError } from '../client/api-client.ts';

/**
 * The commands that read rule sets: only they load the rule set module (see rulesFrom). Each command
 * loads the rest of what it needs (exceljs, docx, the AWS SDK, the local stack) in its action, so
 * `cepin --help` and the API commands start without them.
 */
const RULES_COMMANDS = new Set(['template', 'sample', 'check', 'rules', 'demo']);

/** The top-level command an action belongs to (`rules` for `rules show`). */
const topLevel = (c: Command): Command => (c.parent?.parent ? topLevel(c.parent) : c);

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
    env,
  };
  let rules = (): RuleSetFiles => {
    throw new Error('rule sets not loaded: add the command to RULES_COMMANDS in shared/cli/main.ts');
  };
  const program = new Command('cepin')
    .description('cepin 测评: rubric-based assessment of agency archive work with spreadsheets')
    .option('--rules-dir <dir>', 'folder of rule set files (default: templates/rules; env CEPIN_RULES_DIR)')
    .exitOverride()
    .configureOutput({ writeOut: (s) => ctx.out(s.trimEnd()), writeErr: (s) => ctx.err(s.trimEnd()) })
    .showHelpAfterError()
    .hook('preAction', async (cmd, action) => {
      if (!RULES_COMMANDS.has(topLevel(action).name())) return;
      rules = await rulesFrom(cmd.opts<{ rulesDir?: string }>().rulesDir || env.CEPIN_RULES_DIR);
    });
  registerTemplateCommands(program, ctx);
  registerCheckCommand(program, ctx);
  registerRulesCommands(program, ctx);
  registerDemoCommand(program, ctx);
  registerServeCommands(program, ctx);
  registerRoundCommands(program, ctx);
  registerResultsCommands(program, ctx);
  registerAuditCommand(program, ctx);
  registerCalibrationCommands(program, ctx);
  registerEvidenceCommands(program, ctx);
  registerRectificationCommands(program, ctx);
  registerPeopleCommands(program, ctx);
  try {
    await program.parseAsync(argv);
    return code;
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 2;
    if (e instanceof UsageError) {
      ctx.err(e.message);
      return 2;
    }
    if (e instanceof ApiCallError) {
      const lang = argv.includes('en') && argv[argv.indexOf('en') - 1] === '--lang' ? 'en' : 'zh';
      ctx.err(e.body.error ? e.body.error.message[lang] : `${e.status} ${e.message}`);
      const details = e.body.error?.details;
      if (Array.isArray(details))
        for (const d of details as { message: string }[]) ctx.err(`  ✘ ${d.message}`);
      return e.status >= 500 ? 2 : 1;
    }
    if (e instanceof TypeError && /fetch failed/.test(e.message)) {
      ctx.err(
        'cannot reach the cepin API: is `npm start` running? (set --api or CEPIN_API) / 无法连接 cepin 服务',
      );
      return 2;
    }
    throw e;
  }
}

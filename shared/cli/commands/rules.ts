import type { Command } from 'commander';
import { formatIssue, message } from '../../domain/messages.ts';
import { tr } from '../../domain/text.ts';
import type { RuleNode } from '../../domain/rule-set.ts';
import { describeMethod } from '../../domain/sheet-text.ts';
import { langOption, UsageError, type CliContext } from '../context.ts';

/** `cepin rules list|show|check`. */
export function registerRulesCommands(program: Command, ctx: CliContext): void {
  const rules = program.command('rules').description('list, show and validate rule sets / 测评细则');
  rules
    .command('list')
    .description('list the rule sets available')
    .option('--lang <lang>', 'zh (default) or en')
    .action((o: { lang?: string }) => {
      const lang = langOption(o.lang);
      for (const id of ctx.rules().ids()) {
        const r = ctx.rules().load(id);
        ctx.out(
          r.ok
            ? `${id}\tv${r.ruleSet.version}\t${r.ruleSet.fingerprint.slice(0, 12)}\t${tr(r.ruleSet.title, lang)}`
            : `${id}\t✘ ${r.issues.length}`,
        );
      }
    });
  rules
    .command('show')
    .description('show a resolved rule set (overlays applied)')
    .argument('<id>', 'rule set id')
    .option('--json', 'print the tree as JSON')
    .option('--lang <lang>', 'zh (default) or en')
    .action(async (id: string, o: { json?: boolean; lang?: string }) => {
      const lang = langOption(o.lang);
      const rs = ctx.rules().get(id);
      if (!rs)
        throw new UsageError(
          message('cli.rules-unknown', { id, available: ctx.rules().ids().join(', ') }, lang),
        );
      if (o.json) {
        const { rulesJson } = await import('../../use-cases/present.ts');
        return ctx.out(JSON.stringify(rulesJson(rs, lang), null, 2));
      }
      ctx.out(`${tr(rs.title, lang)}  (${rs.id} v${rs.version}, ${rs.fingerprint.slice(0, 12)})`);
      const walk = (n: RuleNode) => {
        const head = `${'  '.repeat(n.depth)}${n.code} ${n.key ? '★' : ''}${tr(n.title, lang)} (${n.maxPoints})`;
        ctx.out(
          n.children.length === 0 ? `${head}\n${'  '.repeat(n.depth + 2)}${describeMethod(n, lang)}` : head,
        );
        n.children.forEach(walk);
      };
      rs.categories.forEach(walk);
    });
  rules
    .command('check')
    .description('validate a rule set file and report every inconsistency')
    .argument('<file>', 'a rule set or overlay .json file')
    .option('--lang <lang>', 'zh (default) or en')
    .action(async (file: string, o: { lang?: string }) => {
      const lang = langOption(o.lang);
      const { checkRuleFile } = await import('../../adapters/rule-set-files.ts');
      let r;
      try {
        r = checkRuleFile(file, ctx.rules().dir);
      } catch (e) {
        ctx.err(
          message('cli.cannot-read', { file, detail: e instanceof Error ? e.message : String(e) }, lang),
        );
        return ctx.exit(2);
      }
      if (r.ok) {
        const rs = r.ruleSet;
        ctx.out(
          message(
            'cli.rules-ok',
            {
              id: rs.id,
              version: rs.version,
              leaves: rs.leaves.length,
              scale: rs.scale,
              fingerprint: rs.fingerprint.slice(0, 12),
            },
            lang,
          ),
        );
        return ctx.exit(0);
      }
      ctx.out(message('cli.rules-bad', { count: r.issues.length }, lang));
      for (const i of r.issues) ctx.out(`  ✘ ${formatIssue(i, lang)}`);
      ctx.exit(1);
    });
}

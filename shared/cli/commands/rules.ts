import { readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Command } from 'commander';
import { registerRubricApiCommands } from './rubrics-api.ts';
import type { Issue } from '../../domain/issues.ts';
import { formatIssue, message } from '../../domain/messages.ts';
import type { RubricRead } from '../../domain/rubric-resolve.ts';
import type { AnyRule } from '../../domain/rubric-rows.ts';
import { tr, type Lang } from '../../domain/text.ts';
import type { BaseLoader, RuleNode, RuleSet, RuleSetResult } from '../../domain/rule-set.ts';
import { describeMethod } from '../../domain/sheet-text.ts';
import { langOption, UsageError, type CliContext } from '../context.ts';

/** `cepin rules list|show|check|export|import`. */
export function registerRulesCommands(program: Command, ctx: CliContext): void {
  const rules = program
    .command('rules')
    .description('list, show, validate, export, import and upload rule sets / 测评细则');
  registerRubricApiCommands(rules, ctx);
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
    .description(
      'validate a rule file or a rubric workbook and report every problem / 检查细则文件或细则工作簿',
    )
    .argument('<file>', 'a rule set or overlay .json file, or a rubric workbook .xlsx')
    .option('--lang <lang>', 'zh (default) or en')
    .action(async (file: string, o: { lang?: string }) => {
      const lang = langOption(o.lang);
      const r = await ruleFileResult(ctx, file, lang);
      if (!r) return ctx.exit(2);
      if (!r.result.ok) return ctx.exit(reportBad(ctx, r.result.issues, lang));
      reportOk(ctx, r.result.ruleSet, r.result.issues, lang);
      ctx.exit(0);
    });
  rules
    .command('export')
    .description(
      'write a rule set as a rubric workbook to edit in Excel, WPS or LibreOffice / 导出细则工作簿',
    )
    .argument('<id>', 'rule set id (an overlay stays an overlay)')
    .requiredOption('--out <file>', 'where to write the .xlsx')
    .option('--lang <lang>', 'headers and words: zh (default) or en')
    .action(async (id: string, o: { out: string; lang?: string }) => {
      const lang = langOption(o.lang);
      if (!ctx.rules().ids().includes(id))
        throw new UsageError(
          message('cli.rules-unknown', { id, available: ctx.rules().ids().join(', ') }, lang),
        );
      let raw: unknown;
      try {
        raw = loadBase(ctx.rules().dir)(id);
      } catch (e) {
        const detail = e instanceof Error ? e.message : String(e);
        ctx.err(message('cli.cannot-read', { file: `${id}.json`, detail }, lang));
        return ctx.exit(2);
      }
      const [{ AnyRuleFile }, { resolveRuleSet }] = await Promise.all([
        import('../../domain/rule-set-schema.ts'),
        import('../../domain/rule-set.ts'),
      ]);
      // The file as written (an overlay stays an overlay); it must at least have the rule file's shape.
      if (!AnyRuleFile.safeParse(raw).success)
        return ctx.exit(reportBad(ctx, resolveRuleSet(raw, loadBase(ctx.rules().dir)).issues, lang));
      const { writeRubricWorkbook } = await import('../../excel/rubric-workbook.ts');
      writeFileSync(o.out, await writeRubricWorkbook(raw as AnyRule, lang));
      ctx.out(message('cli.written', { file: o.out }, lang));
    });
  rules
    .command('import')
    .description(
      'read a rubric workbook into a rule file (.json), refusing it with every problem / 导入细则工作簿',
    )
    .argument('<file>', 'a rubric workbook .xlsx')
    .option('--out <file>', 'where to write the rule file (default: <id>.json here)')
    .option('--lang <lang>', 'zh (default) or en')
    .action(async (file: string, o: { out?: string; lang?: string }) => {
      const lang = langOption(o.lang);
      if (!/\.xlsx$/i.test(file))
        throw new UsageError(`rules import takes a rubric workbook .xlsx (got ${file})`);
      const r = await ruleFileResult(ctx, file, lang);
      if (!r) return ctx.exit(2);
      if (!r.result.ok || !r.read?.ok) return ctx.exit(reportBad(ctx, r.result.issues, lang));
      reportOk(ctx, r.result.ruleSet, r.result.issues, lang);
      const out = o.out ?? `${r.read.file.id}.json`;
      writeFileSync(out, `${JSON.stringify(r.read.file, null, 2)}\n`);
      if (!r.read.versionGiven) ctx.out(message('cli.rubric-version-blank', {}, lang));
      ctx.out(message('cli.written', { file: out }, lang));
      ctx.exit(0);
    });
}

/** Reads base rule files by id from the rules folder (overlays resolve against them). */
export function loadBase(dir: string): BaseLoader {
  return (id: string) => {
    if (!/^[a-z0-9][a-z0-9-]*$/.test(id)) throw new Error(`bad rule set id ${id}`);
    return JSON.parse(readFileSync(join(dir, `${id}.json`), 'utf8')) as unknown;
  };
}

/**
 * A rule file given by its path, resolved: a .xlsx rubric workbook (read cell by cell) or a .json
 * rule file; an overlay resolves its base from the rules folder. Undefined (after saying why on
 * stderr) when the file cannot be read at all.
 */
export async function ruleFileResult(
  ctx: CliContext,
  file: string,
  lang: Lang,
): Promise<{ result: RuleSetResult; read?: RubricRead } | undefined> {
  try {
    if (/\.xlsx$/i.test(file)) {
      const { readRubricWorkbook, resolveRubric } = await import('../../excel/rubric-workbook.ts');
      const read = await readRubricWorkbook(readFileSync(file), basename(file));
      const result = read.ok ? resolveRubric(read, loadBase(ctx.rules().dir)) : read;
      return { result: result as RuleSetResult, read };
    }
    const { checkRuleFile } = await import('../../adapters/rule-set-files.ts');
    return { result: checkRuleFile(file, ctx.rules().dir) };
  } catch (e) {
    ctx.err(message('cli.cannot-read', { file, detail: e instanceof Error ? e.message : String(e) }, lang));
    return undefined;
  }
}

/** Lists every problem (errors first counted, warnings marked ⚠); returns the exit code, 1. */
export function reportBad(ctx: CliContext, issues: readonly Issue[], lang: Lang): number {
  ctx.out(message('cli.rules-bad', { count: issues.filter((i) => i.severity === 'error').length }, lang));
  for (const i of issues) ctx.out(`  ${i.severity === 'error' ? '✘' : '⚠'} ${formatIssue(i, lang)}`);
  return 1;
}

/** Says a rule set is valid, with any warnings. */
export function reportOk(ctx: CliContext, rs: RuleSet, issues: readonly Issue[], lang: Lang): void {
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
  for (const i of issues) ctx.out(`  ⚠ ${formatIssue(i, lang)}`);
}

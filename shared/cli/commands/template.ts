import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { message } from '../../domain/messages.ts';
import { PHASES, type Phase } from '../../domain/layout.ts';
import { langOption, UsageError, type CliContext } from '../context.ts';
import { reportBad, ruleFileResult } from './rules.ts';

function phaseOption(p: string): Phase {
  if (!(PHASES as readonly string[]).includes(p))
    throw new UsageError(`--phase must be one of ${PHASES.join(', ')} (got ${p})`);
  return p as Phase;
}

function requireRules(ctx: CliContext, id: string, lang: 'zh' | 'en') {
  const rs = ctx.rules().get(id);
  if (!rs) {
    const r = ctx.rules().ids().includes(id) ? ctx.rules().load(id) : null;
    const detail =
      r && !r.ok ? ` (${r.issues.length} errors: npx cepin rules check templates/rules/${id}.json)` : '';
    throw new UsageError(
      message('cli.rules-unknown', { id, available: ctx.rules().ids().join(', ') }, lang) + detail,
    );
  }
  return rs;
}

/** `cepin template` and `cepin sample`. */
export function registerTemplateCommands(program: Command, ctx: CliContext): void {
  program
    .command('template')
    .description(
      'generate an Excel score template from a rule set, or the empty roster workbook / 按细则生成评分模板,或生成花名册模板',
    )
    .option(
      '--rules <id>',
      'rule set id (a file name in templates/rules without .json), or the path of a rule file (.json) or rubric workbook (.xlsx) not stored, to preview; required unless --roster or --rubric',
    )
    .option('--phase <phase>', `phase: ${PHASES.join(' | ')}; required unless --roster`)
    .option('--unit <code>', 'the assessed unit')
    .option('--assessor <id>', 'the assessor (pre-check, formal and spot-check sheets)')
    .option('--roster', 'write the roster workbook (units, assessors, assignments) instead / 生成花名册模板')
    .option('--rubric', 'write the blank rubric workbook (细则工作簿) instead / 生成空白细则工作簿')
    .option('--lang <lang>', 'zh (default) or en')
    .requiredOption('--out <file>', 'where to write the .xlsx')
    .addHelpText(
      'after',
      [
        '',
        'Examples:',
        '  npx cepin template --rules municipal-sample --phase formal --unit DC01 --assessor A01 --out t.xlsx',
        '  npx cepin template --roster --lang en --out roster.xlsx',
        '  npx cepin template --rules my-rubric.xlsx --phase formal --out preview.xlsx',
        '  npx cepin template --rubric --out rubric.xlsx',
      ].join('\n'),
    )
    .action(
      async (o: {
        rules?: string;
        phase?: string;
        unit?: string;
        assessor?: string;
        roster?: boolean;
        rubric?: boolean;
        lang?: string;
        out: string;
      }) => {
        const lang = langOption(o.lang);
        if (o.rubric) {
          const extra = (['rules', 'phase', 'unit', 'assessor', 'roster'] as const).filter(
            (k) => o[k] !== undefined,
          );
          if (extra.length > 0)
            throw new UsageError(`--rubric cannot be combined with ${extra.map((k) => `--${k}`).join(', ')}`);
          const { blankRubricWorkbook } = await import('../../excel/rubric-workbook.ts');
          writeFileSync(o.out, await blankRubricWorkbook(lang));
          ctx.out(message('cli.written', { file: o.out }, lang));
          return;
        }
        if (o.roster) {
          const extra = (['rules', 'phase', 'unit', 'assessor'] as const).filter((k) => o[k] !== undefined);
          if (extra.length > 0)
            throw new UsageError(`--roster cannot be combined with ${extra.map((k) => `--${k}`).join(', ')}`);
          const [{ toBytes }, { buildRosterTemplate }] = await Promise.all([
            import('../../excel/fill-workbook.ts'),
            import('../../excel/roster-workbook.ts'),
          ]);
          writeFileSync(o.out, await toBytes(buildRosterTemplate(lang, undefined, ctx.now())));
          ctx.out(message('cli.written', { file: o.out }, lang));
          return;
        }
        if (o.rules === undefined || o.phase === undefined) {
          throw new UsageError(
            'template needs --rules <id> and --phase <phase> (or --roster for the roster workbook, --rubric for the blank rubric workbook)',
          );
        }
        const phase = phaseOption(o.phase);
        let rs;
        if (/\.(xlsx|json)$/i.test(o.rules)) {
          // A rule file or rubric workbook not stored: preview the template it would make.
          const r = await ruleFileResult(ctx, o.rules, lang);
          if (!r) return ctx.exit(2);
          if (!r.result.ok) return ctx.exit(reportBad(ctx, r.result.issues, lang));
          rs = r.result.ruleSet;
        } else rs = requireRules(ctx, o.rules, lang);
        const { makeTemplate } = await import('../../use-cases/make-template.ts');
        const made = await makeTemplate(rs, {
          phase,
          unit: o.unit,
          assessor: o.assessor,
          lang,
          now: ctx.now,
        });
        writeFileSync(o.out, made.bytes);
        ctx.out(message('cli.written', { file: o.out }, lang));
      },
    );

  program
    .command('sample')
    .description('fill a template plausibly, for demos and tests / 生成模拟填写的评分表')
    .requiredOption('--rules <id>', 'rule set id')
    .requiredOption('--phase <phase>', `phase: ${PHASES.join(' | ')}`)
    .requiredOption('--unit <code>', 'the assessed unit')
    .option('--assessor <id>', 'the assessor')
    .option('--seed <n>', 'random seed; the same seed gives the same sheet', '1')
    .option('--loss-rate <r>', 'share of items that lose points, 0-1', '0.3')
    .option('--no-subordinates', 'mark subordinate supervision not applicable')
    .option('--lang <lang>', 'zh (default) or en')
    .requiredOption('--out <file>', 'where to write the .xlsx')
    .action(
      async (o: {
        rules: string;
        phase: string;
        unit: string;
        assessor?: string;
        seed: string;
        lossRate: string;
        subordinates: boolean;
        lang?: string;
        out: string;
      }) => {
        const lang = langOption(o.lang);
        const rs = requireRules(ctx, o.rules, lang);
        const seed = Number(o.seed);
        const lossRate = Number(o.lossRate);
        if (!Number.isInteger(seed)) throw new UsageError(`--seed must be a whole number (got ${o.seed})`);
        if (!(lossRate >= 0 && lossRate <= 1))
          throw new UsageError(`--loss-rate must be between 0 and 1 (got ${o.lossRate})`);
        const { makeSample } = await import('../../use-cases/make-template.ts');
        const made = await makeSample(rs, {
          phase: phaseOption(o.phase),
          unit: o.unit,
          assessor: o.assessor,
          lang,
          now: ctx.now,
          seed,
          lossRate,
          noSubordinates: o.subordinates === false ? true : undefined,
        });
        writeFileSync(o.out, made.bytes);
        ctx.out(message('cli.written', { file: o.out }, lang));
      },
    );
}

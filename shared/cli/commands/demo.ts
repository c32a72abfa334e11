import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Command } from 'commander';
import { formatIssue } from '../../domain/messages.ts';
import { tr } from '../../domain/text.ts';
import { langOption, UsageError, type CliContext } from '../context.ts';

/** `cepin demo`: the main job end to end on the local stack, or with --offline templates and checks only. */
export function registerDemoCommand(program: Command, ctx: CliContext): void {
  program
    .command('demo')
    .description(
      'the main job end to end on the embedded local stack: two districts, uploads, reconciliation, workbooks, feedback, comparison / 演示',
    )
    .option('--offline', 'only templates, sample sheets and offline checks (no Java needed)')
    .option('--rules <id>', 'with --offline: rule set id', 'dongcheng-sample')
    .option('--units <n>', 'how many units (default: the 25 of the sample roster; 5 with --offline)')
    .option('--assessors <n>', 'formal assessors per unit', '4')
    .option('--out <dir>', 'output folder', 'out')
    .option('--json', 'print a JSON summary as the last output')
    .option('--lang <lang>', 'zh (default) or en')
    .action(
      async (o: {
        offline?: boolean;
        rules: string;
        units?: string;
        assessors: string;
        out: string;
        json?: boolean;
        lang?: string;
      }) => {
        const lang = langOption(o.lang);
        if (!o.offline) {
          const n = o.units === undefined ? undefined : Number(o.units);
          if (n !== undefined && (!Number.isInteger(n) || n < 1 || n > 25))
            throw new UsageError('--units must be 1-25');
          const { fullDemo } = await import('./demo-full.ts');
          return fullDemo(ctx, { out: o.out, lang, json: o.json === true, units: n });
        }
        const rs = ctx.rules().get(o.rules);
        if (!rs) throw new UsageError(`no rule set ${o.rules}; available: ${ctx.rules().ids().join(', ')}`);
        const units = Number(o.units ?? '5');
        const assessors = Number(o.assessors);
        if (!Number.isInteger(units) || units < 1 || units > 500)
          throw new UsageError('--units must be 1-500');
        if (!Number.isInteger(assessors) || assessors < 1 || assessors > 9)
          throw new UsageError('--assessors must be 1-9');
        const out = resolve(o.out);
        const [{ SingleBar, Presets }, { runOfflineDemo }] = await Promise.all([
          import('cli-progress'),
          import('../../use-cases/offline-demo.ts'),
        ]);
        const bar = new SingleBar(
          { format: '{bar} {value}/{total} sheets', hideCursor: true, stream: process.stderr },
          Presets.shades_classic,
        );
        const started = Date.now();
        bar.start(units * (assessors + 1) + 2 * (units - Math.floor((units + 1) / 3)), 0);
        const { templates, sheets } = await runOfflineDemo({
          rs,
          rules: ctx.rules(),
          lang,
          units,
          assessors,
          now: ctx.now,
          write: (file, bytes) => {
            mkdirSync(dirname(join(out, file)), { recursive: true });
            writeFileSync(join(out, file), bytes);
          },
          progress: (done) => bar.update(done),
        });
        bar.stop();
        const accepted = sheets.filter((s) => s.result.valid);
        const rejected = sheets.filter((s) => !s.result.valid);
        const zh = lang === 'zh';
        ctx.out(
          zh
            ? `\n细则:${tr(rs.title, lang)}(${rs.id} v${rs.version})`
            : `\nRule set: ${tr(rs.title, lang)} (${rs.id} v${rs.version})`,
        );
        for (const s of accepted) {
          const sc = s.result.score!;
          const grade = sc.grade ? tr(sc.grade.label, lang) : zh ? '待定' : 'pending';
          ctx.out(`  ✔ ${s.file.padEnd(36)} ${String(sc.total).padStart(6)}  ${grade}`);
        }
        for (const s of rejected) {
          ctx.out(`  ✘ ${s.file}`);
          for (const i of s.result.issues.filter((x) => x.severity === 'error'))
            ctx.out(`      ${formatIssue(i, lang)}`);
        }
        ctx.out(
          zh
            ? `\n${sheets.length} 张评分表:${accepted.length} 张通过,${rejected.length} 张被退回;模板 ${templates.length} 个;用时 ${Date.now() - started} ms;输出目录 ${out}`
            : `\n${sheets.length} sheets: ${accepted.length} accepted, ${rejected.length} rejected; ${templates.length} templates; ${Date.now() - started} ms; written to ${out}`,
        );
        if (o.json) {
          ctx.out(
            JSON.stringify({
              units,
              sheets: sheets.length,
              accepted: accepted.length,
              rejected: rejected.length,
              out,
              templates: templates.map((t) => join(out, t)),
              files: sheets.map((s) => join(out, s.file)),
            }),
          );
        }
      },
    );
}

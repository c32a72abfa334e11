import type { Command } from 'commander';
import type { ResponseOf } from '../../api/contract.ts';
import { langOption, type CliContext } from '../context.ts';
import { writeReportOut } from '../document-out.ts';
import { apiClient } from './serve.ts';

type Answer = ResponseOf<'GET /rounds/{round}/calibration'>;
const pct = (x: number | null) => (x === null ? '—' : `${(x * 100).toFixed(1)}%`);
const pts = (x: number | null) => (x === null ? '—' : x.toFixed(2));

/** `cepin calibration report|release`: a calibration round's report through the API. */
export function registerCalibrationCommands(program: Command, ctx: CliContext): void {
  const cal = program
    .command('calibration')
    .description('the report of a calibration round (校准报告) and its release to the assessors');
  cal
    .command('report')
    .description('who reads the rubric differently, and which items people read differently / 校准报告')
    .requiredOption('--round <id>', 'the calibration round')
    .option('--compare <id>', 'an earlier calibration round on the same cases (before/after)')
    .option('--out <file>', 'also write the report workbook (.xlsx) or training notes (.docx)')
    .option('--json', 'print the report as JSON')
    .option('--lang <lang>', 'zh (default) or en')
    .option('--api <url>', 'API URL')
    .action(
      async (o: {
        round: string;
        compare?: string;
        out?: string;
        json?: boolean;
        lang?: string;
        api?: string;
      }) => {
        const lang = langOption(o.lang);
        const client = apiClient(ctx, o.api);
        const q = `lang=${lang}${o.compare ? `&compare=${encodeURIComponent(o.compare)}` : ''}`;
        const path = `/rounds/${encodeURIComponent(o.round)}/calibration`;
        const r = await client.call<Answer>('GET', `${path}?${q}`);
        if (o.out) await writeReportOut(client, path, q, o.out);
        if (o.json) return ctx.out(JSON.stringify(r, null, 2));
        const zh = lang === 'zh';
        const ov = r.report.overall;
        ctx.out(
          zh
            ? `${r.round}:${ov.assessors} 名测评员,${ov.cases} 个案例;Krippendorff α = ${ov.alpha ?? '—'},ICC(2,1) = ${ov.icc21 ?? '—'}${r.released ? '(已发布)' : ''}`
            : `${r.round}: ${ov.assessors} assessors, ${ov.cases} cases; Krippendorff's alpha = ${ov.alpha ?? '—'}, ICC(2,1) = ${ov.icc21 ?? '—'}${r.released ? ' (released)' : ''}`,
        );
        ctx.out(zh ? '测评员\t偏宽(分)\t平均绝对偏差(分)\t占分值' : 'assessor\tleniency\tMAD\tshare');
        for (const a of r.report.assessors)
          ctx.out(`${a.assessor}\t${pts(a.leniency)}\t${pts(a.mad)}\t${pct(a.madShare)}`);
        ctx.out(zh ? '理解分歧最大的评分项' : 'Items read most differently');
        for (const i of r.report.items.slice(0, 8))
          ctx.out(
            `${i.code}\t${r.titles[i.code] ?? ''}\tSD ${pts(i.spread)}\t${zh ? '与答案一致' : 'matched'} ${pct(i.matched)}`,
          );
        if (r.comparison)
          ctx.out(
            zh
              ? `与 ${r.comparison.before} 相比:${r.comparison.items.filter((i) => i.verdict === 'narrower').length} 项分歧缩小,${r.comparison.items.filter((i) => i.verdict === 'wider').length} 项扩大`
              : `Against ${r.comparison.before}: spread narrower on ${r.comparison.items.filter((i) => i.verdict === 'narrower').length} items, wider on ${r.comparison.items.filter((i) => i.verdict === 'wider').length}`,
          );
        for (const n of r.report.notes) ctx.out(`· ${n.message}`);
      },
    );
  cal
    .command('release')
    .description('release the report: each assessor then sees its own deviations / 向测评员发布')
    .requiredOption('--round <id>', 'the calibration round')
    .option('--api <url>', 'API URL')
    .action(async (o: { round: string; api?: string }) => {
      await apiClient(ctx, o.api).call('POST', `/rounds/${encodeURIComponent(o.round)}/calibration/release`);
      ctx.out(`${o.round}: released`);
    });
}

import type { Command } from 'commander';
import type { ResponseOf } from '../../api/contract.ts';
import { langOption, type CliContext } from '../context.ts';
import { writeReportOut } from '../document-out.ts';
import { apiClient } from './serve.ts';

type Notice = ResponseOf<'GET /rounds/{round}/rectification'>;

/**
 * `cepin rectification deadline|notice`: the rectification notice (整改通知书) after the pre-check.
 * The unit answers in the notice's workbook and sends it back with `cepin upload`.
 */
export function registerRectificationCommands(program: Command, ctx: CliContext): void {
  const rect = program
    .command('rectification')
    .description('the rectification notice after the pre-check (整改通知书) and the unit’s answer');
  rect
    .command('deadline')
    .description('set the last day for the units’ answers (admins) / 设定整改期限')
    .requiredOption('--round <id>', 'the round')
    .requiredOption('--date <YYYY-MM-DD>', 'the last day, China time')
    .option('--api <url>', 'API URL')
    .action(async (o: { round: string; date: string; api?: string }) => {
      await apiClient(ctx, o.api).call('POST', `/rounds/${encodeURIComponent(o.round)}/rectification`, {
        deadline: o.date,
      });
      ctx.out(`${o.round}: deadline ${o.date}`);
    });
  rect
    .command('notice')
    .description(
      'a unit’s notice and its answer; --out writes the workbook to answer in or the letter / 整改通知书',
    )
    .requiredOption('--round <id>', 'the round')
    .requiredOption('--unit <code>', 'the unit')
    .option(
      '--out <file>',
      'write the notice as a workbook (.xlsx, to fill in and upload) or a letter (.docx)',
    )
    .option('--json', 'print the notice as JSON')
    .option('--lang <lang>', 'zh (default) or en')
    .option('--api <url>', 'API URL')
    .action(
      async (o: {
        round: string;
        unit: string;
        out?: string;
        json?: boolean;
        lang?: string;
        api?: string;
      }) => {
        const lang = langOption(o.lang);
        const client = apiClient(ctx, o.api);
        const q = `unit=${encodeURIComponent(o.unit)}&lang=${lang}`;
        const path = `/rounds/${encodeURIComponent(o.round)}/rectification`;
        if (o.out) await writeReportOut(client, path, q, o.out);
        const r = await client.call<Notice>('GET', `${path}?${q}`);
        if (o.json) return ctx.out(JSON.stringify(r, null, 2));
        const zh = lang === 'zh';
        const answered = r.answered
          ? `${r.answered.receivedAt.slice(0, 10)}${r.answered.late ? (zh ? '(逾期)' : ' (late)') : ''}`
          : zh
            ? '未收到'
            : 'none';
        ctx.out(
          zh
            ? `${r.round} ${r.unit} ${r.unitName}:${r.items.length} 项需整改,期限 ${r.deadline ?? '未设定'}${r.issued ? '' : '(尚未下发)'},回复 ${answered}`
            : `${r.round} ${r.unit} ${r.unitName}: ${r.items.length} items to rectify, deadline ${r.deadline ?? 'not set'}${r.issued ? '' : ' (not issued yet)'}, answer ${answered}`,
        );
        for (const i of r.items)
          ctx.out(
            `${i.code}\t${i.title}\t${i.compliance ? (i.met ? '✓' : '✗') : `${i.score}/${i.max}`}\t${i.answer?.statusText ?? '—'}`,
          );
        for (const w of r.answered?.warnings ?? []) ctx.out(`· ${w.message}`);
      },
    );
}

import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Command } from 'commander';
import { formatIssue } from '../../domain/messages.ts';
import type { RoundReport } from '../../domain/round-report.ts';
import { langOption, roundOption, type CliContext } from '../context.ts';
import { apiClient } from './serve.ts';

const roundOf = (ctx: CliContext, r?: string) => encodeURIComponent(roundOption(ctx, r));

type Results = {
  round: string;
  method: string;
  plaques: { unit: string; name: string; total: number; grade: string }[];
  units: RoundReport['units'];
};

/** `cepin results`, `workbook`, `feedback`, `recon-sheet` (through the API) and `compare-districts` (offline). */
export function registerResultsCommands(program: Command, ctx: CliContext): void {
  program
    .command('results')
    .description(
      'reconciled results per unit: totals, grades with reasons, point-loss items, plaques / 测评结果',
    )
    .option('--round <id>', 'round id (or CEPIN_ROUND)')
    .option('--unit <code>', 'one unit only')
    .option('--json', 'print JSON')
    .option('--lang <lang>', 'zh (default) or en')
    .option('--api <url>', 'API URL')
    .action(async (o: { round?: string; unit?: string; json?: boolean; lang?: string; api?: string }) => {
      const lang = langOption(o.lang);
      const q = new URLSearchParams({ lang, ...(o.unit ? { unit: o.unit } : {}) });
      const r = await apiClient(ctx, o.api).call<Results>(
        'GET',
        `/rounds/${roundOf(ctx, o.round)}/results?${q}`,
      );
      if (o.json) return ctx.out(JSON.stringify(r, null, 2));
      const zh = lang === 'zh';
      ctx.out(`${r.round} · ${r.method}`);
      for (const u of r.units) {
        const f = u.formal;
        const grade = f
          ? (f.gradeLabel ?? (zh ? '待定' : 'pending'))
          : zh
            ? '无正式测评'
            : 'no formal sheets';
        ctx.out(
          `${String(u.rank ?? '-').padStart(3)} ${u.code.padEnd(6)} ${u.name.padEnd(18)} ${f ? String(f.total).padStart(6) : '     —'}  ${grade}${u.plaque ? ' 🏅' : ''}`,
        );
        for (const reason of f?.gradeReasons ?? []) ctx.out(`        · ${reason}`);
        if (o.unit)
          for (const l of u.feedback.losses)
            ctx.out(`        −${l.lost} ${l.code} ${l.title}: ${l.problems.join(' / ')}`);
      }
      ctx.out(`${zh ? '授牌单位' : 'Plaques'}: ${r.plaques.length}`);
    });

  const download = (name: string, describe: string, extra: (c: Command) => Command) =>
    extra(program.command(name).description(describe))
      .option('--round <id>', 'round id (or CEPIN_ROUND)')
      .option('--lang <lang>', 'zh (default) or en')
      .option('--api <url>', 'API URL');

  download('workbook', 'download the consolidated workbook of a round (admin) / 汇总工作簿', (c) =>
    c.requiredOption('--out <file>', 'where to save the .xlsx'),
  ).action(async (o: { round?: string; lang?: string; api?: string; out: string }) => {
    const client = apiClient(ctx, o.api);
    const link = await client.call<{ url: string }>(
      'GET',
      `/rounds/${roundOf(ctx, o.round)}/workbook?lang=${langOption(o.lang)}`,
    );
    writeFileSync(o.out, await client.download(link.url));
    ctx.out(`saved ${o.out}`);
  });

  download('feedback', 'download written feedback (.docx) per unit / 书面反馈意见', (c) =>
    c
      .option('--unit <code>', 'one unit (default: every unit with formal results)')
      .requiredOption('--out <dir>', 'folder for the .docx files'),
  ).action(async (o: { round?: string; lang?: string; api?: string; unit?: string; out: string }) => {
    const client = apiClient(ctx, o.api);
    const round = roundOf(ctx, o.round);
    const lang = langOption(o.lang);
    const units = o.unit
      ? [o.unit]
      : (await client.call<Results>('GET', `/rounds/${round}/results?lang=${lang}`)).units
          .filter((u) => u.formal)
          .map((u) => u.code);
    mkdirSync(o.out, { recursive: true });
    for (const unit of units) {
      const link = await client.call<{ url: string; fileName: string }>(
        'GET',
        `/rounds/${round}/feedback?unit=${encodeURIComponent(unit)}&lang=${lang}`,
      );
      writeFileSync(join(o.out, link.fileName), await client.download(link.url));
      ctx.out(`saved ${join(o.out, link.fileName)}`);
    }
  });

  download('recon-sheet', 'download the reconciliation sheet (合议表) of a unit (panel lead or admin)', (c) =>
    c
      .requiredOption('--unit <code>', 'the unit')
      .option('--phase <phase>', 'formal (default) or precheck', 'formal')
      .requiredOption('--out <file>', 'where to save the .xlsx'),
  ).action(
    async (o: { round?: string; lang?: string; api?: string; unit: string; phase: string; out: string }) => {
      const client = apiClient(ctx, o.api);
      const q = new URLSearchParams({ unit: o.unit, phase: o.phase, lang: langOption(o.lang) });
      const link = await client.call<{ url: string; flagged: number }>(
        'GET',
        `/rounds/${roundOf(ctx, o.round)}/reconciliation-sheet?${q}`,
      );
      writeFileSync(o.out, await client.download(link.url));
      ctx.out(`saved ${o.out} (${link.flagged} flagged items)`);
    },
  );

  program
    .command('compare-districts')
    .description('compare districts from their consolidated workbooks, for the municipal bureau / 区县对比')
    .argument('<workbooks...>', 'consolidated workbooks (.xlsx) of several districts')
    .requiredOption('--out <file>', 'where to write the comparison .xlsx')
    .option('--lang <lang>', 'zh (default) or en')
    .action(async (files: string[], o: { out: string; lang?: string }) => {
      const lang = langOption(o.lang);
      const { readRoundWorkbook, writeDistrictComparison } = await import('../../excel/district-compare.ts');
      const inputs = [];
      for (const f of files) {
        const r = await readRoundWorkbook(readFileSync(f), basename(f));
        for (const i of r.issues) ctx.err(`${r.summary ? '!' : '✘'} ${f}: ${formatIssue(i, lang)}`);
        if (r.summary) inputs.push(r.summary);
      }
      if (inputs.length === 0) {
        ctx.err('no readable consolidated workbook');
        return ctx.exit(1);
      }
      const { notes } = await writeDistrictComparison(inputs, lang, o.out);
      for (const n of notes) ctx.out(`· ${n}`);
      ctx.out(`saved ${o.out} (${inputs.length} districts)`);
      ctx.exit(inputs.length === files.length ? 0 : 1);
    });
}

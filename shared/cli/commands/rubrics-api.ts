import { readFileSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { Command } from 'commander';
import type { ResponseOf } from '../../api/contract.ts';
import { uploadRubricAndWait } from '../../client/upload.ts';
import { tr } from '../../domain/text.ts';
import { langOption, UsageError, type CliContext } from '../context.ts';
import { apiClient } from './serve.ts';

/**
 * `cepin rules upload|versions|download`: the district's stored rubric versions, through the API
 * (the local stack of `npm start`, or a deployed district with `--api`).
 */
export function registerRubricApiCommands(rules: Command, ctx: CliContext): void {
  rules
    .command('upload')
    .description('store a rubric workbook as a new version of the district / 上传细则工作簿(存为新版本)')
    .argument('<file>', 'the rubric workbook (.xlsx)')
    .option('--json', 'print the outcome as JSON')
    .option('--lang <lang>', 'zh (default) or en')
    .option('--api <url>', 'API URL')
    .action(async (file: string, o: { json?: boolean; lang?: string; api?: string }) => {
      const lang = langOption(o.lang);
      const client = apiClient(ctx, o.api);
      const out = await uploadRubricAndWait(client, basename(file), readFileSync(file), { lang });
      if (o.json) {
        const { annotatedUrl: _u, ...rest } = out;
        ctx.out(JSON.stringify(rest, null, 2));
      } else if (out.state === 'accepted' || out.state === 'duplicate') {
        const r = out.rubric!;
        const what = `${r.id} v${r.version} (${r.fingerprint.slice(0, 12)})`;
        ctx.out(
          out.state === 'accepted'
            ? lang === 'zh'
              ? `✔ 已存为 ${what}`
              : `✔ Stored as ${what}`
            : lang === 'zh'
              ? `= 内容与已存的 ${what} 相同,未新增版本`
              : `= The same content is stored already as ${what}; no new version`,
        );
      } else if (out.state === 'rejected') {
        ctx.out(
          lang === 'zh' ? `✘ ${file}:${out.issueCount} 处问题` : `✘ ${file}: ${out.issueCount} problems`,
        );
        for (const i of out.issues ?? [])
          ctx.out(`  ✘ ${[i.sheet, i.cell].filter(Boolean).join('!')} ${i.message}`);
        if (out.annotatedUrl) {
          const annotated = file.replace(/(\.xlsx)?$/i, lang === 'zh' ? '-问题标注.xlsx' : '-issues.xlsx');
          writeFileSync(annotated, await client.download(out.annotatedUrl));
          ctx.out(lang === 'zh' ? `  问题已标注在 ${annotated}` : `  Problems marked in ${annotated}`);
        }
      } else ctx.out(lang === 'zh' ? `… ${file}:仍在处理中` : `… ${file}: still processing`);
      ctx.exit(out.state === 'accepted' || out.state === 'duplicate' ? 0 : 1);
    });

  rules
    .command('versions')
    .description("the district's stored rubric versions and the rounds that use them / 本区已存细则版本")
    .option('--json', 'print JSON')
    .option('--lang <lang>', 'zh (default) or en')
    .option('--api <url>', 'API URL')
    .action(async (o: { json?: boolean; lang?: string; api?: string }) => {
      const lang = langOption(o.lang);
      const { rubrics } = await apiClient(ctx, o.api).call<ResponseOf<'GET /rubrics'>>('GET', '/rubrics');
      if (o.json) return ctx.out(JSON.stringify(rubrics, null, 2));
      for (const r of rubrics)
        ctx.out(
          [
            `${r.id} v${r.version}`,
            r.fingerprint.slice(0, 12),
            tr(r.title, lang),
            `${r.items}/${r.scale}`,
            r.origin,
            r.createdAt.slice(0, 10),
            r.rounds.length > 0 ? `${lang === 'zh' ? '使用中' : 'in use'}: ${r.rounds.join(', ')}` : '',
          ].join('\t'),
        );
    });

  rules
    .command('download')
    .description("a stored version's workbook (as uploaded; a sample's export) / 下载细则工作簿")
    .argument('<id>', 'rubric id')
    .argument('<version>', 'version number')
    .requiredOption('--out <file>', 'where to write the .xlsx')
    .option('--lang <lang>', 'zh (default) or en (samples only)')
    .option('--api <url>', 'API URL')
    .action(async (id: string, version: string, o: { out: string; lang?: string; api?: string }) => {
      if (!/^\d+$/.test(version)) throw new UsageError(`<version> must be a number (got ${version})`);
      const lang = langOption(o.lang);
      const client = apiClient(ctx, o.api);
      const link = await client.call<ResponseOf<'GET /rubrics/{id}/{version}/workbook'>>(
        'GET',
        `/rubrics/${encodeURIComponent(id)}/${version}/workbook?lang=${lang}`,
      );
      writeFileSync(o.out, await client.download(link.url));
      ctx.out(o.out);
    });
}

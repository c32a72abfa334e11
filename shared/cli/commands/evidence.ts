import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import type { Command } from 'commander';
import type { EvidenceFile } from '../../api/evidence.ts';
import type { ResponseOf } from '../../api/contract.ts';
import { uploadEvidenceAndWait, type UploadOutcome } from '../../client/upload.ts';
import { safeName } from '../../domain/evidence-package.ts';
import { printable, type Lang } from '../../domain/text.ts';
import { langOption, roundOption, type CliContext } from '../context.ts';
import { eachFile } from '../each-file.ts';
import { apiClient } from './serve.ts';

/** `cepin evidence upload|list|download|package`: a unit's evidence files (佐证材料) through the API. */

type Uploaded = UploadOutcome & { file: string };

/** One line (or a few) per uploaded file: what became of it. */
function describe(r: Uploaded, lang: Lang): string {
  const zh = lang === 'zh';
  const type = r.evidence?.type ?? '';
  if (r.state === 'accepted') return `✔ ${r.file}: ${zh ? '已接收' : 'accepted'} (${type}, id ${r.uploadId})`;
  if (r.state === 'duplicate')
    return `✔ ${r.file}: ${zh ? `与已有的 ${r.duplicateOf} 相同,未重复保存` : `the same as ${r.duplicateOf}, kept once`}`;
  if (r.state === 'rejected')
    return [
      `✘ ${r.file}: ${zh ? '被退回' : 'rejected'}`,
      ...(r.issues ?? []).map((i) => `    ✘ ${i.message}`),
    ].join('\n');
  return `… ${r.file}: ${zh ? '仍在处理中' : 'still processing'} (${r.uploadId})`;
}

/** A size for people: bytes, KB or MB. */
const human = (n: number) =>
  n < 1024
    ? `${n} B`
    : n < 1024 * 1024
      ? `${(n / 1024).toFixed(1)} KB`
      : `${(n / 1024 / 1024).toFixed(1)} MB`;

export function registerEvidenceCommands(program: Command, ctx: CliContext): void {
  const evidence = program
    .command('evidence')
    .description("a unit's evidence files: attach, list, download / 佐证材料");
  evidence
    .command('upload')
    .description('attach files to a unit (and optionally one scored item), and show each outcome')
    .argument('<files...>', 'PDF, JPEG/PNG/GIF/WebP, UTF-8 text, .docx/.xlsx/.pptx')
    .option('--round <id>', 'round id (or CEPIN_ROUND)')
    .requiredOption('--unit <code>', 'the unit (or calibration case) the files are for')
    .option('--item <code>', 'the scored item the files are for')
    .option('--json', 'print outcomes as JSON')
    .option('--wait <seconds>', 'how long to wait for each outcome', '60')
    .option('--lang <lang>', 'zh (default) or en')
    .option('--api <url>', 'API URL')
    .action(
      async (
        files: string[],
        o: {
          round?: string;
          unit: string;
          item?: string;
          json?: boolean;
          wait: string;
          lang?: string;
          api?: string;
        },
      ) => {
        const lang = langOption(o.lang);
        const client = apiClient(ctx, o.api);
        const round = roundOption(ctx, o.round);
        const to = { unit: o.unit, item: o.item };
        const wait = { waitMs: Number(o.wait) * 1000, lang };
        const results: Uploaded[] = await eachFile(files, o.json, async (file) => ({
          ...(await uploadEvidenceAndWait(client, round, to, basename(file), readFileSync(file), wait)),
          file,
        }));
        if (o.json) ctx.out(JSON.stringify(results, null, 2));
        else for (const r of results) ctx.out(describe(r, lang));
        ctx.exit(results.every((r) => r.state === 'accepted' || r.state === 'duplicate') ? 0 : 1);
      },
    );
  evidence
    .command('list')
    .description("a unit's evidence files in a round, oldest first")
    .option('--round <id>', 'round id (or CEPIN_ROUND)')
    .requiredOption('--unit <code>', 'the unit (or calibration case)')
    .option('--json', 'print JSON')
    .option('--lang <lang>', 'zh (default) or en')
    .option('--api <url>', 'API URL')
    .action(async (o: { round?: string; unit: string; json?: boolean; lang?: string; api?: string }) => {
      const lang = langOption(o.lang);
      const round = roundOption(ctx, o.round);
      const q = new URLSearchParams({ unit: o.unit });
      const r = await apiClient(ctx, o.api).call<ResponseOf<'GET /rounds/{round}/evidence'>>(
        'GET',
        `/rounds/${encodeURIComponent(round)}/evidence?${q}`,
      );
      if (o.json) return ctx.out(JSON.stringify(r, null, 2));
      const zh = lang === 'zh';
      ctx.out(`${r.round} · ${r.unit} · ${r.files.length} ${zh ? '份佐证材料' : 'evidence files'}`);
      const who = (f: EvidenceFile) => `${f.by.role}${f.by.ref ? `:${f.by.ref}` : ''}`;
      for (const f of r.files)
        ctx.out(
          printable(
            [
              f.id,
              (f.item ?? '—').padEnd(8),
              f.type.padEnd(5),
              human(f.size).padStart(9),
              f.uploadedAt,
              who(f),
              f.fileName,
            ].join('  '),
          ),
        );
    });
  evidence
    .command('download')
    .description('download one evidence file by its id')
    .option('--round <id>', 'round id (or CEPIN_ROUND)')
    .requiredOption('--id <id>', 'the id `evidence list` shows')
    .requiredOption('--out <file>', 'where to write it')
    .option('--api <url>', 'API URL')
    .action(async (o: { round?: string; id: string; out: string; api?: string }) => {
      const client = apiClient(ctx, o.api);
      const round = roundOption(ctx, o.round);
      const link = await client.call<ResponseOf<'GET /rounds/{round}/evidence/{id}'>>(
        'GET',
        `/rounds/${encodeURIComponent(round)}/evidence/${encodeURIComponent(o.id)}`,
      );
      mkdirSync(dirname(o.out), { recursive: true });
      writeFileSync(o.out, await client.download(link.url));
      ctx.out(`${o.out} (${link.fileName})`);
    });
  evidence
    .command('package')
    .description("all of a unit's evidence in one zip, a folder per item, with an index workbook")
    .option('--round <id>', 'round id (or CEPIN_ROUND)')
    .requiredOption('--unit <code>', 'the unit (or calibration case)')
    .option('--out <file>', 'where to write the zip (default: <unit>-evidence.zip)')
    .option('--lang <lang>', 'zh (default) or en: folder names, the index, messages')
    .option('--api <url>', 'API URL')
    .action(async (o: { round?: string; unit: string; out?: string; lang?: string; api?: string }) => {
      const lang = langOption(o.lang);
      const round = roundOption(ctx, o.round);
      const out = o.out ?? `${safeName(o.unit)}-evidence.zip`;
      const { writeEvidencePackage, describePackage } = await import('../evidence-package.ts');
      const s = await writeEvidencePackage(apiClient(ctx, o.api), {
        round,
        unit: o.unit,
        out,
        lang,
        now: ctx.now(),
      });
      for (const line of describePackage(s, lang)) ctx.out(printable(line));
    });
}

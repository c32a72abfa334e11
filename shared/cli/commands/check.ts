import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { Command } from 'commander';
import { hasErrors } from '../../domain/issues.ts';
import { message } from '../../domain/messages.ts';
import { langOption, type CliContext } from '../context.ts';

/** `cepin check`: exit 0 valid, 1 the sheet has errors, 2 the file cannot be read at all. */
export function registerCheckCommand(program: Command, ctx: CliContext): void {
  program
    .command('check')
    .description('check a filled score sheet and compute its score / 检查评分表并计分')
    .argument('<file>', 'the filled .xlsx')
    .option('--json', 'print the result as JSON')
    .option('--lang <lang>', 'zh (default) or en')
    .action(async (file: string, o: { json?: boolean; lang?: string }) => {
      const lang = langOption(o.lang);
      let bytes: Uint8Array;
      try {
        bytes = readFileSync(file);
      } catch (e) {
        const detail = e instanceof Error && 'code' in e ? String(e.code) : String(e);
        ctx.err(message('cli.cannot-read', { file, detail }, lang));
        return ctx.exit(2);
      }
      const [{ checkSheet }, { checkJson }, { checkText }] = await Promise.all([
        import('../../use-cases/check-sheet.ts'),
        import('../../use-cases/present.ts'),
        import('../check-text.ts'),
      ]);
      const started = performance.now();
      const r = await checkSheet(bytes, { rules: ctx.rules(), fileName: basename(file) });
      const ms = Math.round((performance.now() - started) * 10) / 10;
      if (o.json) ctx.out(JSON.stringify(checkJson(r, lang, { file, processingMs: ms }), null, 2));
      else ctx.out(checkText(file, r, lang));
      const unreadable = r.issues.some((i) => i.code.startsWith('file.'));
      ctx.exit(r.valid ? 0 : unreadable ? 2 : hasErrors(r.issues) ? 1 : 0);
    });
}

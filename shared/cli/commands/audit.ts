import type { Command } from 'commander';
import { printable } from '../../domain/text.ts';
import type { AuditEntry } from '../../use-cases/ports.ts';
import { langOption, UsageError, type CliContext } from '../context.ts';
import { apiClient } from './serve.ts';

type Trail = { round: string; unit: string | null; entries: AuditEntry[]; next: string | null };

/** One audit line for a terminal: time, who, what, outcome, on what — printable, whatever an older entry holds. */
export function auditLine(e: AuditEntry): string {
  return printable(rawLine(e));
}

function rawLine(e: AuditEntry): string {
  const who = e.caller ? `${e.caller.role}${e.caller.ref ? `:${e.caller.ref}` : ''}` : '—';
  const on = [e.phase, e.unit, e.assessor, e.uploadId && `upload ${e.uploadId}`].filter(Boolean).join(' ');
  return [e.at, who.padEnd(14), e.action.padEnd(42), e.outcome.padEnd(9), on, e.detail ?? '']
    .join('  ')
    .trimEnd();
}

/** `cepin audit`: who read or changed what in a round (admins). */
export function registerAuditCommand(program: Command, ctx: CliContext): void {
  program
    .command('audit')
    .description('the audit trail of a round: who saw or changed which scores, when (admins) / 审计记录')
    .option('--round <id>', 'round id (or CEPIN_ROUND)')
    .option('--unit <code>', "only what concerns this unit's scores")
    .option('--limit <n>', 'how many entries, newest first', '200')
    .option('--before <cursor>', 'older entries: the `next` cursor of the previous page')
    .option('--json', 'print JSON')
    .option('--lang <lang>', 'zh (default) or en')
    .option('--api <url>', 'API URL')
    .action(
      async (o: {
        round?: string;
        unit?: string;
        limit: string;
        before?: string;
        json?: boolean;
        lang?: string;
        api?: string;
      }) => {
        const lang = langOption(o.lang);
        const round = o.round ?? ctx.env.CEPIN_ROUND;
        if (!round) throw new UsageError('--round is required (or set CEPIN_ROUND)');
        if (!/^\d+$/.test(o.limit)) throw new UsageError(`--limit must be a whole number (got ${o.limit})`);
        const q = new URLSearchParams({
          limit: o.limit,
          ...(o.unit ? { unit: o.unit } : {}),
          ...(o.before ? { before: o.before } : {}),
        });
        const r = await apiClient(ctx, o.api).call<Trail>(
          'GET',
          `/rounds/${encodeURIComponent(round)}/audit?${q}`,
        );
        if (o.json) return ctx.out(JSON.stringify(r, null, 2));
        const zh = lang === 'zh';
        ctx.out(
          `${r.round}${r.unit ? ` · ${r.unit}` : ''} · ${r.entries.length} ${zh ? '条记录(最新在前)' : 'entries, newest first'}`,
        );
        for (const e of r.entries) ctx.out(auditLine(e));
        if (r.next) ctx.out(`${zh ? '更早的记录' : 'older entries'}: --before '${r.next}'`);
      },
    );
}

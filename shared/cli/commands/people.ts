import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import type { ResponseOf } from '../../api/contract.ts';
import { langOption, roundOption, UsageError, type CliContext } from '../context.ts';
import { apiClient } from './serve.ts';

type SyncAnswer = ResponseOf<'POST /people/sync'>;
type Slips = NonNullable<SyncAnswer['slips']>;
type Accounts = ResponseOf<'GET /people/accounts'>;
type People = ResponseOf<'GET /people'>;

/** Which slips to write: `--out x.docx` or `x.xlsx`, else both as the API names them. */
function outputs(out: string | undefined, slips: Slips): { url: string; file: string }[] {
  if (!out) return [slips.workbook, slips.docx].map((l) => ({ url: l.url, file: l.fileName }));
  if (out.endsWith('.docx')) return [{ url: slips.docx.url, file: out }];
  if (out.endsWith('.xlsx')) return [{ url: slips.workbook.url, file: out }];
  throw new UsageError('--out must end in .docx or .xlsx');
}

async function saveSlips(ctx: CliContext, api: string | undefined, out: string | undefined, slips: Slips) {
  const client = apiClient(ctx, api);
  for (const o of outputs(out, slips)) {
    writeFileSync(o.file, await client.download(o.url));
    ctx.out(`→ ${o.file}`);
  }
}

/**
 * `cepin people sync|list|reset`: the district's sign-in accounts (issue 17), no AWS console. The
 * temporary passwords come only on the account slips (账号开通通知单), written to files here.
 */
export function registerPeopleCommands(program: Command, ctx: CliContext): void {
  const people = program
    .command('people')
    .description('the people directory and their sign-in accounts (admins) / 人员与登录账号');
  people
    .command('sync')
    .description(
      'create the round’s missing accounts, disable those of people in no open round; writes the account slips / 同步账号并打印账号开通通知单',
    )
    .option('--round <id>', 'the round (or CEPIN_ROUND)')
    .option('--out <file>', 'the slips as .docx or .xlsx (default: both, named by the round)')
    .option('--portal <url>', 'the portal address printed on the slips (default: the district’s)')
    .option('--lang <lang>', 'zh (default) or en')
    .option('--json', 'print the answer as JSON')
    .option('--api <url>', 'API URL')
    .action(
      async (o: {
        round?: string;
        out?: string;
        portal?: string;
        lang?: string;
        json?: boolean;
        api?: string;
      }) => {
        const round = roundOption(ctx, o.round);
        const lang = langOption(o.lang);
        if (o.out && !/\.(docx|xlsx)$/.test(o.out)) throw new UsageError('--out must end in .docx or .xlsx');
        const r = await apiClient(ctx, o.api).call<SyncAnswer>('POST', '/people/sync', {
          round,
          lang,
          ...(o.portal ? { portal: o.portal } : {}),
        });
        if (r.slips) await saveSlips(ctx, o.api, o.out, r.slips);
        if (o.json) return ctx.out(JSON.stringify(r, null, 2));
        const zh = lang === 'zh';
        ctx.out(
          zh
            ? `${round}:新建 ${r.created.length},已有 ${r.existing.length},启用 ${r.enabled.length},停用 ${r.disabled.length},失败 ${r.failed.length}`
            : `${round}: created ${r.created.length}, existing ${r.existing.length}, enabled ${r.enabled.length}, disabled ${r.disabled.length}, failed ${r.failed.length}`,
        );
        for (const c of r.created) ctx.out(`+ ${c.login}\t${c.name}\t${c.role} ${c.ref}`);
        for (const l of r.enabled) ctx.out(`↑ ${l}`);
        for (const l of r.disabled) ctx.out(`↓ ${l}`);
        for (const f of r.failed) ctx.err(`✗ ${f.login}\t${f.error}`);
        if (r.failed.length) {
          ctx.err(
            zh
              ? '有账号未完成:请再次运行 cepin people sync(不会重复创建)。'
              : 'Some accounts failed: run cepin people sync again (nothing is created twice).',
          );
          ctx.exit(1);
        }
      },
    );
  people
    .command('list')
    .description('the directory with each person’s account / 人员名录及账号状态')
    .option('--json', 'print as JSON')
    .option('--api <url>', 'API URL')
    .action(async (o: { json?: boolean; api?: string }) => {
      const client = apiClient(ctx, o.api);
      const [dir, accounts] = await Promise.all([
        client.call<People>('GET', '/people'),
        client.call<Accounts>('GET', '/people/accounts'),
      ]);
      const byLogin = new Map(accounts.list.map((a) => [a.login, a]));
      const rows = dir.people.map((p) => {
        const a = byLogin.get(p.login);
        return { ...p, account: a ? { enabled: a.enabled, status: a.status } : null };
      });
      if (o.json) return ctx.out(JSON.stringify(rows, null, 2));
      for (const p of rows)
        ctx.out(
          [
            p.login,
            p.name,
            `${p.role}${p.ref ? ` ${p.ref}` : ''}`,
            p.active ? 'active' : 'inactive',
            p.account ? `${p.account.enabled ? 'enabled' : 'disabled'} ${p.account.status}` : 'no account',
          ].join('\t'),
        );
    });
  people
    .command('reset')
    .description('a new temporary password for one person, on a slip / 重置密码并打印通知单')
    .requiredOption('--login <name>', 'the person’s sign-in name')
    .option('--out <file>', 'the slip as .docx or .xlsx (default: both)')
    .option('--portal <url>', 'the portal address printed on the slip')
    .option('--lang <lang>', 'zh (default) or en')
    .option('--api <url>', 'API URL')
    .action(async (o: { login: string; out?: string; portal?: string; lang?: string; api?: string }) => {
      const lang = langOption(o.lang);
      if (o.out && !/\.(docx|xlsx)$/.test(o.out)) throw new UsageError('--out must end in .docx or .xlsx');
      const r = await apiClient(ctx, o.api).call<ResponseOf<'POST /people/{login}/password'>>(
        'POST',
        `/people/${encodeURIComponent(o.login)}/password`,
        { lang, ...(o.portal ? { portal: o.portal } : {}) },
      );
      await saveSlips(ctx, o.api, o.out, r.slips);
      ctx.out(
        lang === 'zh'
          ? `${r.login}:已重置,首次登录须修改密码`
          : `${r.login}: reset; to be changed at the next sign-in`,
      );
    });
}

import { PasswordResetRequest, PeopleSyncRequest, SLIP_LINK_TTL } from '../../api/people-accounts.ts';
import { XLSX_TYPE } from '../../api/terms.ts';
import { slipFileName, type AccountSlip, type AccountSlips } from '../../domain/account-slips.ts';
import type { Roster } from '../../domain/roster.ts';
import type { Lang } from '../../domain/text.ts';
import type { SignInAccounts } from '../accounts.ts';
import { syncPeople } from '../people-sync.ts';
import { tempPassword } from '../temp-password.ts';
import type { ApiDeps, ApiRequest, RouteAnswer } from './deps.ts';
import { ApiError, forbidden, notFound } from './errors.ts';
import { DOCX_TYPE } from './links.ts';
import { parseBody } from './rounds.ts';

/**
 * The sign-in account routes (issue 17, docs/security.md "Sign-in accounts"): admins only, decided
 * first. Temporary passwords go onto the account slips (a workbook and a .docx under
 * `generated/slips/`, links valid SLIP_LINK_TTL seconds) and nowhere else: not in the JSON answer,
 * not in the audit trail, not in the table.
 */

function accountsOf(d: ApiDeps): SignInAccounts {
  if (!d.accounts) throw new ApiError(409, 'api.accounts-unavailable');
  return d.accounts;
}

/** The unit's or assessor's name in a roster. */
function refName(roster: Roster | undefined, role: string, ref: string): string | undefined {
  if (role === 'unit') return roster?.units.find((u) => u.code === ref)?.name;
  if (role === 'assessor') return roster?.assessors.find((a) => a.id === ref)?.name;
  return undefined;
}

/** Writes the slips as a workbook and a .docx under `prefix` and answers short-lived links to both. */
async function writeSlips(
  d: ApiDeps,
  prefix: string,
  name: (k: 'xlsx' | 'docx') => string,
  all: AccountSlips,
) {
  const [{ accountSlipsWorkbook }, { accountSlipsDocx }] = await Promise.all([
    import('../../excel/account-slips.ts'),
    import('../../documents/account-slips-docx.ts'),
  ]);
  const [xlsx, docx] = await Promise.all([accountSlipsWorkbook(all), accountSlipsDocx(all)]);
  const link = async (kind: 'xlsx' | 'docx', bytes: Uint8Array, type: string) => {
    const key = `${prefix}/${name(kind)}`;
    await d.objects.put(key, bytes, type);
    return { url: await d.objects.presignGet(key, SLIP_LINK_TTL, name(kind)), fileName: name(kind) };
  };
  const [workbook, document] = await Promise.all([
    link('xlsx', xlsx, XLSX_TYPE),
    link('docx', docx, DOCX_TYPE),
  ]);
  return { workbook, docx: document, expiresIn: SLIP_LINK_TTL };
}

const slipsOf = (d: ApiDeps, lang: Lang, portal: string | undefined, slips: AccountSlip[]): AccountSlips => ({
  lang,
  districtName: d.districtName,
  portal: portal ?? d.portalUrl ?? '',
  date: d.now().toISOString().slice(0, 10),
  slips,
});

/** POST /people/sync — the round's people get their accounts; the others' are disabled. */
export async function syncAccounts(req: ApiRequest, d: ApiDeps): RouteAnswer<'POST /people/sync'> {
  if (req.caller.role !== 'admin') throw forbidden();
  const b = parseBody(PeopleSyncRequest, req.body);
  const accounts = accountsOf(d);
  const round = await d.store.getRound(b.round);
  if (!round) throw notFound(`round ${b.round}`);
  const r = await syncPeople({
    store: d.store,
    accounts,
    round: b.round,
    now: d.now,
    by: req.caller.sub,
    password: d.tempPassword ?? (() => tempPassword()),
  });
  let slips = null;
  if (r.created.length) {
    const roster = await d.store.getRoster(b.round);
    slips = await writeSlips(
      d,
      `generated/slips/${b.round}/${d.newId()}`,
      (k) => slipFileName(b.round, k),
      slipsOf(
        d,
        b.lang,
        b.portal,
        r.created.map((c) => ({ ...c, refName: refName(roster, c.role, c.ref) })),
      ),
    );
  }
  return {
    status: 200,
    body: {
      round: r.round,
      at: r.at,
      accounts: accounts.kind,
      created: r.created.map(({ login, name, role, ref }) => ({ login, name, role, ref })),
      existing: r.existing,
      enabled: r.enabled,
      disabled: r.disabled,
      failed: r.failed,
      slips,
    },
  };
}

/** POST /people/{login}/password — a new temporary password on a new slip. */
export async function resetAccountPassword(
  req: ApiRequest,
  d: ApiDeps,
): RouteAnswer<'POST /people/{login}/password'> {
  if (req.caller.role !== 'admin') throw forbidden();
  const b = parseBody(PasswordResetRequest, req.body ?? {});
  const login = req.params.login ?? '';
  const accounts = accountsOf(d);
  const person = await d.store.getPerson(login);
  if (!person) throw notFound(`person ${login}`);
  if (!(await accounts.list()).some((a) => a.login === login)) throw notFound(`account ${login}`);
  const password = (d.tempPassword ?? (() => tempPassword()))();
  await accounts.resetPassword(login, password);
  const slips = await writeSlips(
    d,
    `generated/slips/_reset/${d.newId()}`,
    (k) => slipFileName('reset', k, login),
    slipsOf(d, b.lang, b.portal, [
      { login, name: person.name, role: person.role, ref: person.ref, tempPassword: password },
    ]),
  );
  return { status: 200, body: { login, slips } };
}

/** GET /people/accounts — where every account stands, for the Accounts tab. */
export async function listAccounts(req: ApiRequest, d: ApiDeps): RouteAnswer<'GET /people/accounts'> {
  if (req.caller.role !== 'admin') throw forbidden();
  const accounts = accountsOf(d);
  const list = (await accounts.list()).sort((a, b) => a.login.localeCompare(b.login));
  return { status: 200, body: { accounts: accounts.kind, list } };
}

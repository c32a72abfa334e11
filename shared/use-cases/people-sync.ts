import type { Person, PersonRole } from '../domain/people.ts';
import type { Roster } from '../domain/roster.ts';
import type { AccountInfo, SignInAccounts } from './accounts.ts';
import type { RoundRecord, Store } from './ports.ts';

/** An account made by a sync: what its slip (账号开通通知单) prints. The password is shown this once. */
export interface CreatedAccount {
  login: string;
  name: string;
  role: PersonRole;
  ref: string;
  tempPassword: string;
}

/** What `people sync` did, account by account. */
export interface SyncResult {
  round: string;
  at: string;
  by: string;
  created: CreatedAccount[];
  /** Accounts already there (each checked to be in its group). */
  existing: string[];
  disabled: string[];
  enabled: string[];
  /** Accounts whose call failed; the rest went on. Running the sync again finishes them. */
  failed: { login: string; error: string }[];
}

export interface SyncInput {
  store: Pick<Store, 'listPeople' | 'listRounds' | 'getRoster'>;
  accounts: SignInAccounts;
  round: string;
  now: () => Date;
  by: string;
  password: () => string;
  /** Calls to the identity provider at once (its rate limits are low). @default 4 */
  concurrency?: number;
}

/** Thrown when the round has no roster (no such round). */
export class UnknownRound extends Error {
  override name = 'UnknownRound';
}

/** `unit:DC01`, `assessor:A01`: who a person acts as, as a roster names it. */
const key = (role: PersonRole, ref: string) => `${role}:${ref}`;

/** Everyone a roster names: its units and its assessors. */
export function rosterKeys(r: Roster): Set<string> {
  return new Set([
    ...r.units.map((u) => key('unit', u.code)),
    ...r.assessors.map((a) => key('assessor', a.id)),
  ]);
}

/** A round still running: some phase not closed. */
export const isOpenRound = (r: RoundRecord) => Object.values(r.phases).some((s) => s !== 'closed');

/** The directory people the round's roster names (an admin is in no roster). */
export function peopleOfRound(people: readonly Person[], roster: Roster): Person[] {
  const keys = rosterKeys(roster);
  return people.filter((p) => p.role !== 'admin' && keys.has(key(p.role, p.ref)));
}

const describe = (e: unknown) =>
  e instanceof Error ? `${e.name === 'Error' ? '' : `${e.name}: `}${e.message}` : String(e);

/** Runs `tasks` with at most `n` at once. */
async function pool(tasks: (() => Promise<void>)[], n: number): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) await tasks[next++]!();
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(n, tasks.length)) }, worker));
}

const ROLE_ORDER: Record<PersonRole, number> = { unit: 0, assessor: 1, admin: 2 };

/**
 * Makes the sign-in accounts follow the directory for round `round` (issue 17):
 * - an active person of the round without an account gets one, with a fresh temporary password
 *   (returned once, for the slips; never stored). One still waiting for its first sign-in
 *   (FORCE_CHANGE_PASSWORD) is created again, which changes nothing but makes sure it is in its
 *   group, so a sync that failed half-way is finished by the next;
 * - the disabled account of an active person of this round or of any open round is enabled;
 * - the enabled account of a person who is inactive, or in neither this round nor any open round
 *   (a round with a phase not closed), is disabled. Admins' accounts are never touched.
 * One account failing is reported in `failed`; the others go on.
 */
export async function syncPeople(o: SyncInput): Promise<SyncResult> {
  const [people, rounds, accountList, roster] = await Promise.all([
    o.store.listPeople(),
    o.store.listRounds(),
    o.accounts.list(),
    o.store.getRoster(o.round),
  ]);
  if (!roster) throw new UnknownRound(o.round);
  const inRound = rosterKeys(roster);
  const inOpen = new Set<string>();
  const others = rounds.filter((r) => r.round !== o.round && isOpenRound(r));
  for (const r of await Promise.all(others.map((r) => o.store.getRoster(r.round))))
    if (r) for (const k of rosterKeys(r)) inOpen.add(k);
  const accounts = new Map<string, AccountInfo>(accountList.map((a) => [a.login, a]));
  const result: SyncResult = {
    round: o.round,
    at: o.now().toISOString(),
    by: o.by,
    created: [],
    existing: [],
    disabled: [],
    enabled: [],
    failed: [],
  };
  const tasks: (() => Promise<void>)[] = [];
  for (const p of people) {
    if (!p.login || p.role === 'admin') continue;
    const k = key(p.role, p.ref);
    const mine = p.active && inRound.has(k);
    const kept = p.active && (mine || inOpen.has(k));
    const account = accounts.get(p.login);
    const task = async () => {
      const enabled = account?.enabled;
      if (mine && (!account || account.status === 'FORCE_CHANGE_PASSWORD')) {
        const tempPassword = o.password();
        if ((await o.accounts.create(p, tempPassword)) === 'created') {
          result.created.push({ login: p.login, name: p.name, role: p.role, ref: p.ref, tempPassword });
          return;
        }
        result.existing.push(p.login);
      } else if (mine) result.existing.push(p.login);
      if (kept && enabled === false) {
        await o.accounts.setEnabled(p.login, true);
        result.enabled.push(p.login);
      } else if (!kept && enabled === true) {
        await o.accounts.setEnabled(p.login, false);
        result.disabled.push(p.login);
      }
    };
    tasks.push(() =>
      task().catch((e: unknown) => {
        result.failed.push({ login: p.login, error: describe(e) });
      }),
    );
  }
  await pool(tasks, o.concurrency ?? 4);
  result.created.sort(
    (a, b) =>
      ROLE_ORDER[a.role] - ROLE_ORDER[b.role] || a.ref.localeCompare(b.ref) || a.login.localeCompare(b.login),
  );
  for (const list of [result.existing, result.disabled, result.enabled]) list.sort();
  result.failed.sort((a, b) => a.login.localeCompare(b.login));
  return result;
}

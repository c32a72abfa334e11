import { randomBytes, randomUUID, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Person } from '../domain/people.ts';
import type { AccountInfo, SignInAccounts } from '../use-cases/accounts.ts';

/** The account store's file in the local stack's data dir. */
export const ACCOUNTS_FILE = 'oidc-accounts.json';

/** scrypt settings of every stored hash (N=2^14, r=8, p=1: 16 MiB, tens of ms). */
const SCRYPT: ScryptOptions = { N: 16384, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };
const KEY_LENGTH = 32;

/** A password as stored: scrypt of the password with a random 16-byte salt, both base64url. */
export interface PasswordHash {
  salt: string;
  hash: string;
}

/** One sign-in account of the local OpenID Connect provider. */
export interface LocalAccount {
  login: string;
  /** The provider's subject (`sub`): a random UUID fixed when the account is created. */
  subject: string;
  name: string;
  email?: string | undefined;
  phone?: string | undefined;
  password: PasswordHash;
  /** A temporary password: the person must set a new one at the next sign-in. */
  temporary: boolean;
  enabled: boolean;
  createdAt: string;
  updatedAt: string;
}

/** What a password check found: the account, or why it cannot sign in. */
export type PasswordCheck =
  | { ok: true; account: LocalAccount }
  | { ok: false; reason: 'local.oidc-wrong-password' | 'local.oidc-disabled' };

/** Why a new password is refused (message codes of shared/domain/messages.ts), or undefined. */
export function newPasswordProblem(
  password: string,
  repeated: string,
): 'local.oidc-password-short' | 'local.oidc-password-mismatch' | undefined {
  if (password.length < 8) return 'local.oidc-password-short';
  if (password !== repeated) return 'local.oidc-password-mismatch';
  return undefined;
}

function scryptAsync(password: string, salt: Buffer): Promise<Buffer> {
  return new Promise((ok, fail) =>
    scrypt(password.normalize('NFC'), salt, KEY_LENGTH, SCRYPT, (e, key) => (e ? fail(e) : ok(key))),
  );
}

/** Hashes a password with a new random salt. */
export async function hashPassword(password: string): Promise<PasswordHash> {
  const salt = randomBytes(16);
  return {
    salt: salt.toString('base64url'),
    hash: (await scryptAsync(password, salt)).toString('base64url'),
  };
}

/** Whether a password matches a stored hash (compared in constant time). */
export async function verifyPassword(password: string, stored: PasswordHash): Promise<boolean> {
  const expected = Buffer.from(stored.hash, 'base64url');
  const got = await scryptAsync(password, Buffer.from(stored.salt, 'base64url'));
  return expected.length === got.length && timingSafeEqual(expected, got);
}

/** A hash no password matches, checked for unknown logins so that they take as long as known ones. */
const DECOY: PasswordHash = { salt: randomBytes(16).toString('base64url'), hash: '' };

/** Every store's pending writes, by file: writes to one file run one after the other. */
const queues = new Map<string, Promise<unknown>>();

/**
 * The local OpenID Connect provider's accounts, in a JSON file of the data dir (mode 0600): what
 * `cepin people sync` maintains locally (the port of shared/use-cases/accounts.ts) and what the
 * provider's sign-in page checks. Every change reads the file anew, changes it and writes it to a
 * temporary file renamed over it, so a reader never sees half a file; changes made in this process
 * run one at a time.
 */
export class LocalAccounts implements SignInAccounts {
  readonly kind = 'local' as const;
  readonly file: string;

  constructor(dataDir: string) {
    this.file = join(resolve(dataDir), ACCOUNTS_FILE);
  }

  /** Every account as stored (none when the file is not there yet). */
  all(): LocalAccount[] {
    let text: string;
    try {
      text = readFileSync(this.file, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw e;
    }
    return (JSON.parse(text) as { accounts: LocalAccount[] }).accounts;
  }

  find(login: string): LocalAccount | undefined {
    return this.all().find((a) => a.login === login);
  }

  findBySubject(subject: string): LocalAccount | undefined {
    return this.all().find((a) => a.subject === subject);
  }

  list(): Promise<AccountInfo[]> {
    return Promise.resolve(
      this.all().map((a) => ({
        login: a.login,
        enabled: a.enabled,
        status: a.temporary ? 'FORCE_CHANGE_PASSWORD' : 'CONFIRMED',
      })),
    );
  }

  async create(p: Person, tempPassword: string): Promise<'created' | 'exists'> {
    const password = await hashPassword(tempPassword);
    return this.update((accounts, now) => {
      if (accounts.some((a) => a.login === p.login)) return 'exists';
      accounts.push({
        login: p.login,
        subject: randomUUID(),
        name: p.name,
        email: p.email || undefined,
        phone: p.phone || undefined,
        password,
        temporary: true,
        enabled: true,
        createdAt: now,
        updatedAt: now,
      });
      return 'created';
    });
  }

  setEnabled(login: string, enabled: boolean): Promise<void> {
    return this.change(login, () => ({ enabled }));
  }

  async resetPassword(login: string, tempPassword: string): Promise<void> {
    const password = await hashPassword(tempPassword);
    return this.change(login, () => ({ password, temporary: true }));
  }

  /** Sets the password the person chose (no longer temporary). */
  async changePassword(login: string, newPassword: string): Promise<void> {
    if (newPasswordProblem(newPassword, newPassword)) throw new Error('the new password is too short');
    const password = await hashPassword(newPassword);
    return this.change(login, () => ({ password, temporary: false }));
  }

  /** Checks a sign-in: an unknown login and a wrong password read alike; a disabled account says so. */
  async checkPassword(login: string, password: string): Promise<PasswordCheck> {
    const account = this.find(login);
    const matches = await verifyPassword(password, account?.password ?? DECOY);
    if (!account || !matches) return { ok: false, reason: 'local.oidc-wrong-password' };
    if (!account.enabled) return { ok: false, reason: 'local.oidc-disabled' };
    return { ok: true, account };
  }

  private change(login: string, patch: () => Partial<LocalAccount>): Promise<void> {
    return this.update((accounts, now) => {
      const i = accounts.findIndex((a) => a.login === login);
      if (i < 0) throw new Error(`no account ${login}`);
      accounts[i] = { ...accounts[i]!, ...patch(), updatedAt: now };
    });
  }

  /** Runs a change after the ones before it, on the file as it is now; writes it atomically. */
  private update<R>(fn: (accounts: LocalAccount[], now: string) => R): Promise<R> {
    const run = async () => {
      const accounts = this.all();
      const before = JSON.stringify(accounts);
      const out = fn(accounts, new Date().toISOString());
      if (JSON.stringify(accounts) === before) return out; // nothing changed: nothing written
      mkdirSync(join(this.file, '..'), { recursive: true });
      const temp = `${this.file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
      try {
        writeFileSync(temp, `${JSON.stringify({ accounts }, null, 2)}\n`, { mode: 0o600 });
        renameSync(temp, this.file);
      } finally {
        rmSync(temp, { force: true });
      }
      return out;
    };
    const next = (queues.get(this.file) ?? Promise.resolve()).then(run, run);
    queues.set(
      this.file,
      next.catch(() => undefined),
    );
    return next;
  }
}

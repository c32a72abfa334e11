import { scryptSync } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Person } from '../../shared/domain/people.ts';
import {
  ACCOUNTS_FILE,
  hashPassword,
  LocalAccounts,
  newPasswordProblem,
  verifyPassword,
} from '../../shared/local/oidc-accounts.ts';

const store = () => new LocalAccounts(mkdtempSync(join(tmpdir(), 'cepin-accounts-')));
const person = (login: string, extra: Partial<Person> = {}): Person => ({
  login,
  name: `${login} name`,
  role: 'unit',
  ref: login.toUpperCase(),
  active: true,
  updatedAt: '2026-03-01T00:00:00.000Z',
  updatedBy: 'test',
  ...extra,
});

describe('the local provider’s password hashes', () => {
  it('are scrypt (N=16384, r=8, p=1, 32 bytes) of the password with a random 16-byte salt', async () => {
    const h = await hashPassword('Temp-pass-01');
    const salt = Buffer.from(h.salt, 'base64url');
    expect(salt).toHaveLength(16);
    const expected = scryptSync('Temp-pass-01', salt, 32, { N: 16384, r: 8, p: 1 }).toString('base64url');
    expect(h.hash).toBe(expected);
    expect((await hashPassword('Temp-pass-01')).salt).not.toBe(h.salt);
  });

  it('verify the right password only', async () => {
    const h = await hashPassword('correct horse');
    expect(await verifyPassword('correct horse', h)).toBe(true);
    expect(await verifyPassword('correct horsE', h)).toBe(false);
    expect(await verifyPassword('', h)).toBe(false);
  });
});

describe('LocalAccounts', () => {
  it('creates an account once: a second create says exists and changes nothing', async () => {
    const a = store();
    expect(
      await a.create(person('dc01', { email: 'dc01@example.org', phone: '+8613800000001' }), 'pw-one-1'),
    ).toBe('created');
    const first = a.find('dc01')!;
    expect(first).toMatchObject({
      login: 'dc01',
      name: 'dc01 name',
      email: 'dc01@example.org',
      phone: '+8613800000001',
      temporary: true,
      enabled: true,
    });
    expect(first.subject).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(await a.create(person('dc01', { name: 'other' }), 'pw-two-2')).toBe('exists');
    expect(a.find('dc01')).toEqual(first);
    expect(await a.list()).toEqual([{ login: 'dc01', enabled: true, status: 'FORCE_CHANGE_PASSWORD' }]);
  });

  it('checks a sign-in: wrong password and unknown login alike, disabled only with the right password', async () => {
    const a = store();
    await a.create(person('dc01'), 'pw-one-1');
    expect(await a.checkPassword('dc01', 'pw-one-1')).toMatchObject({ ok: true });
    expect(await a.checkPassword('dc01', 'pw-one-2')).toEqual({
      ok: false,
      reason: 'local.oidc-wrong-password',
    });
    expect(await a.checkPassword('nobody', 'pw-one-1')).toEqual({
      ok: false,
      reason: 'local.oidc-wrong-password',
    });
    await a.setEnabled('dc01', false);
    expect(await a.checkPassword('dc01', 'pw-one-1')).toEqual({ ok: false, reason: 'local.oidc-disabled' });
    expect(await a.list()).toEqual([{ login: 'dc01', enabled: false, status: 'FORCE_CHANGE_PASSWORD' }]);
  });

  it('changes a password (no longer temporary) and resets it to a temporary one', async () => {
    const a = store();
    await a.create(person('dc01'), 'pw-one-1');
    await a.changePassword('dc01', 'my own password');
    expect((await a.list())[0]!.status).toBe('CONFIRMED');
    expect((await a.checkPassword('dc01', 'pw-one-1')).ok).toBe(false);
    expect((await a.checkPassword('dc01', 'my own password')).ok).toBe(true);
    await a.resetPassword('dc01', 'pw-reset-1');
    expect((await a.list())[0]!.status).toBe('FORCE_CHANGE_PASSWORD');
    expect((await a.checkPassword('dc01', 'my own password')).ok).toBe(false);
    expect((await a.checkPassword('dc01', 'pw-reset-1')).ok).toBe(true);
  });

  it('refuses to change an account that is not there', async () => {
    const a = store();
    await expect(a.setEnabled('ghost', false)).rejects.toThrow('no account ghost');
    await expect(a.resetPassword('ghost', 'pw-x-1234')).rejects.toThrow('no account ghost');
  });

  it('writes the file atomically (a new file renamed over the old, mode 0600, no temporary left)', async () => {
    const a = store();
    await a.create(person('dc01'), 'pw-one-1');
    const before = statSync(a.file);
    expect(before.mode & 0o777).toBe(0o600);
    await a.setEnabled('dc01', false);
    const after = statSync(a.file);
    expect(after.ino).not.toBe(before.ino); // replaced by rename, not rewritten in place
    expect(readdirSync(join(a.file, '..'))).toEqual([ACCOUNTS_FILE]);
    expect(JSON.parse(readFileSync(a.file, 'utf8'))).toMatchObject({
      accounts: [{ login: 'dc01', enabled: false }],
    });
  });

  it('loses no change when two stores of one file write at once', async () => {
    const a = store();
    const b = new LocalAccounts(join(a.file, '..'));
    const logins = Array.from({ length: 12 }, (_, i) => `u${i}`);
    await Promise.all(logins.map((l, i) => (i % 2 ? a : b).create(person(l), 'pw-temp-1')));
    await Promise.all(logins.map((l, i) => (i % 2 ? b : a).setEnabled(l, false)));
    expect((await a.list()).map((x) => `${x.login}:${x.enabled}`).sort()).toEqual(
      logins.map((l) => `${l}:false`).sort(),
    );
  });
});

describe('newPasswordProblem', () => {
  it('wants 8 characters or more, typed the same twice', () => {
    expect(newPasswordProblem('1234567', '1234567')).toBe('local.oidc-password-short');
    expect(newPasswordProblem('12345678', '12345679')).toBe('local.oidc-password-mismatch');
    expect(newPasswordProblem('12345678', '12345678')).toBeUndefined();
  });
});

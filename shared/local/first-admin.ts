import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Person } from '../domain/people.ts';
import { tempPassword } from '../use-cases/temp-password.ts';
import type { Store } from '../use-cases/ports.ts';
import type { LocalAccounts } from './oidc-accounts.ts';

/** Where the local stack writes the first admin's temporary password (mode 0600). */
export const FIRST_ADMIN_FILE = 'first-admin.txt';
/** The first admin's sign-in name on the local stack. */
export const FIRST_ADMIN_LOGIN = 'admin';

/** The first admin made at this start: its sign-in name, temporary password and the file holding it. */
export interface FirstAdmin {
  login: string;
  password: string;
  file: string;
}

/**
 * The first admin of a local `oidc` stack (docs/security.md, "People and sign-in"): makes, if missing,
 * the provider's account `admin` with a temporary password (changed at the first sign-in) and the
 * directory's person `admin`, so that a newcomer can sign in and create a round. Returns the account
 * when it was made now (the password is shown once, and kept in `<dataDir>/first-admin.txt`), else
 * undefined — an existing account and its password are never touched.
 */
export async function ensureFirstAdmin(
  store: Pick<Store, 'getPerson' | 'putPerson'>,
  accounts: LocalAccounts,
  dataDir: string,
  now: () => Date = () => new Date(),
): Promise<FirstAdmin | undefined> {
  const at = now().toISOString();
  const admin: Person = {
    login: FIRST_ADMIN_LOGIN,
    name: '管理员 Admin',
    role: 'admin',
    ref: '',
    active: true,
    updatedAt: at,
    updatedBy: 'first-admin',
  };
  if (!(await store.getPerson(FIRST_ADMIN_LOGIN))) await store.putPerson(admin);
  if (accounts.find(FIRST_ADMIN_LOGIN)) return undefined;
  const password = tempPassword();
  if ((await accounts.create(admin, password)) !== 'created') return undefined;
  const file = join(dataDir, FIRST_ADMIN_FILE);
  writeFileSync(
    file,
    `sign-in name / 登录名: ${FIRST_ADMIN_LOGIN}\ntemporary password / 临时密码: ${password}\n` +
      `(made ${at}; to be changed at the first sign-in / 首次登录时须修改)\n`,
    { mode: 0o600 },
  );
  return { login: FIRST_ADMIN_LOGIN, password, file };
}

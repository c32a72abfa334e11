import type { Person } from '../domain/people.ts';
import type { AccountInfo, SignInAccounts } from './accounts.ts';

/** One dev-login account as the district table keeps it (no password: the dev login asks for none). */
export interface DevAccountRecord {
  login: string;
  enabled: boolean;
  status: string;
  createdAt: string;
  updatedAt: string;
}

/** Where dev-login accounts are kept: items of the district's table (shared/adapters/dynamo-dev-accounts.ts). */
export interface DevAccountItems {
  list(): Promise<DevAccountRecord[]>;
  /** Stores a new account; 'exists' (nothing changed) when the login has one. */
  putNew(r: DevAccountRecord): Promise<'created' | 'exists'>;
  /** Changes an account; false when there is none. */
  update(login: string, change: { enabled?: boolean; status?: string }, at: string): Promise<boolean>;
}

/**
 * The local stack's sign-in accounts while it signs people in with the dev login (pick who you are,
 * no password): `people sync` and the Accounts tab work as with Cognito, the accounts being
 * records in the district table. Temporary passwords are printed on the slips as anywhere else but
 * kept nowhere; the dev login does not ask for them. Status words are Cognito's, so a sync reads
 * them the same way.
 */
export class DevLoginAccounts implements SignInAccounts {
  readonly kind = 'local' as const;

  constructor(
    private readonly items: DevAccountItems,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async list(): Promise<AccountInfo[]> {
    return (await this.items.list()).map(({ login, enabled, status }) => ({ login, enabled, status }));
  }

  create(p: Person): Promise<'created' | 'exists'> {
    const at = this.now().toISOString();
    return this.items.putNew({
      login: p.login,
      enabled: true,
      status: 'FORCE_CHANGE_PASSWORD',
      createdAt: at,
      updatedAt: at,
    });
  }

  async setEnabled(login: string, enabled: boolean): Promise<void> {
    if (!(await this.items.update(login, { enabled }, this.now().toISOString())))
      throw new Error(`no account ${login}`);
  }

  async resetPassword(login: string): Promise<void> {
    const at = this.now().toISOString();
    if (!(await this.items.update(login, { status: 'FORCE_CHANGE_PASSWORD' }, at)))
      throw new Error(`no account ${login}`);
  }
}

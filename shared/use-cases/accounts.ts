import type { Person } from '../domain/people.ts';

/**
 * The district's sign-in accounts at its identity provider (issue 17): a Cognito user pool in AWS,
 * the local OpenID Connect provider's account store at home. `cepin people sync` makes them follow
 * the people directory (shared/domain/people.ts): creates the missing ones with a temporary
 * password (printed on the account slips), disables the ones of people no longer in any open round.
 * Every call is idempotent, so a sync that failed half-way is finished by running it again.
 */
export interface AccountInfo {
  login: string;
  enabled: boolean;
  /** The provider's word for where the account stands (e.g. FORCE_CHANGE_PASSWORD, CONFIRMED). */
  status: string;
}

export interface SignInAccounts {
  readonly kind: 'cognito' | 'local';
  /** Every account, by sign-in name. */
  list(): Promise<AccountInfo[]>;
  /** Creates the person's account with a temporary password; 'exists' (and nothing changed) when it is there. */
  create(p: Person, tempPassword: string): Promise<'created' | 'exists'>;
  setEnabled(login: string, enabled: boolean): Promise<void>;
  /** A new temporary password the person must change at the next sign-in. */
  resetPassword(login: string, tempPassword: string): Promise<void>;
}

/** Accounts whose implementation is loaded on first use (the Cognito SDK is large; most calls never need it). */
export function lazyAccounts(
  kind: SignInAccounts['kind'],
  load: () => Promise<SignInAccounts>,
): SignInAccounts {
  let loaded: Promise<SignInAccounts> | undefined;
  const get = () => (loaded ??= load());
  return {
    kind,
    list: async () => (await get()).list(),
    create: async (p, tempPassword) => (await get()).create(p, tempPassword),
    setEnabled: async (login, enabled) => (await get()).setEnabled(login, enabled),
    resetPassword: async (login, tempPassword) => (await get()).resetPassword(login, tempPassword),
  };
}

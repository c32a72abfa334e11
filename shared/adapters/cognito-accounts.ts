import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminDisableUserCommand,
  AdminEnableUserCommand,
  AdminSetUserPasswordCommand,
  paginateListUsers,
  type AttributeType,
  type CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import type { Person } from '../domain/people.ts';
import type { AccountInfo, SignInAccounts } from '../use-cases/accounts.ts';

/**
 * A phone number in E.164 as Cognito wants it, or undefined when it cannot be one. Chinese numbers
 * without a country code get +86: a mobile (1xxxxxxxxxx, 11 digits) as it is, a landline without
 * its trunk 0 (010-12345678 → +861012345678). Separators (spaces, dashes, brackets) are dropped.
 */
export function e164(phone: string | undefined): string | undefined {
  if (!phone) return undefined;
  const t = phone.trim().replace(/[\s\-().]/g, '');
  if (/^\+[1-9]\d{6,14}$/.test(t)) return t;
  if (/^00[1-9]\d{6,14}$/.test(t)) return `+${t.slice(2)}`;
  if (/^1[3-9]\d{9}$/.test(t)) return `+86${t}`;
  if (/^0[1-9]\d{8,10}$/.test(t)) return `+86${t.slice(1)}`;
  return undefined;
}

/** The user attributes of a person's account: who it is, as the pool's claims carry it. */
export function userAttributes(p: Person, district: string): AttributeType[] {
  const phone = e164(p.phone);
  return [
    { Name: 'name', Value: p.name },
    ...(p.email
      ? [
          { Name: 'email', Value: p.email },
          { Name: 'email_verified', Value: 'true' },
        ]
      : []),
    ...(phone ? [{ Name: 'phone_number', Value: phone }] : []),
    // custom:ref has a minimum length of 1 (infra/constructs/api.ts): an admin has none.
    ...(p.ref ? [{ Name: 'custom:ref', Value: p.ref }] : []),
    { Name: 'custom:district', Value: district },
  ];
}

const errorName = (e: unknown) => (e && typeof e === 'object' && 'name' in e ? String(e.name) : '');

/**
 * The district's Cognito user pool as its sign-in accounts (issue 17). The user name is the
 * person's sign-in name; the temporary password is set by cepin and never mailed (MessageAction
 * SUPPRESS): the account slips carry it. Group membership (admin, assessor, unit) gives the role.
 * Every call is idempotent: an account already there is answered 'exists' after making sure it is
 * in its group, so a sync that failed between AdminCreateUser and AdminAddUserToGroup is finished
 * by running it again. Uses six actions on the one pool: AdminCreateUser, AdminAddUserToGroup,
 * AdminEnableUser, AdminDisableUser, AdminSetUserPassword, ListUsers.
 */
export class CognitoAccounts implements SignInAccounts {
  readonly kind = 'cognito' as const;

  constructor(
    private readonly client: CognitoIdentityProviderClient,
    private readonly userPoolId: string,
    private readonly district: string,
  ) {}

  async list(): Promise<AccountInfo[]> {
    const out: AccountInfo[] = [];
    const pages = paginateListUsers(
      { client: this.client, pageSize: 60 },
      { UserPoolId: this.userPoolId, AttributesToGet: [] },
    );
    for await (const page of pages)
      for (const u of page.Users ?? [])
        if (u.Username)
          out.push({ login: u.Username, enabled: u.Enabled !== false, status: u.UserStatus ?? 'UNKNOWN' });
    return out;
  }

  async create(p: Person, tempPassword: string): Promise<'created' | 'exists'> {
    let outcome: 'created' | 'exists' = 'created';
    try {
      await this.client.send(
        new AdminCreateUserCommand({
          UserPoolId: this.userPoolId,
          Username: p.login,
          TemporaryPassword: tempPassword,
          MessageAction: 'SUPPRESS',
          UserAttributes: userAttributes(p, this.district),
        }),
      );
    } catch (e) {
      if (errorName(e) !== 'UsernameExistsException') throw e;
      outcome = 'exists';
    }
    // Adding a member twice is no error: a rerun finishes what a failed run began.
    await this.client.send(
      new AdminAddUserToGroupCommand({ UserPoolId: this.userPoolId, Username: p.login, GroupName: p.role }),
    );
    return outcome;
  }

  async setEnabled(login: string, enabled: boolean): Promise<void> {
    const input = { UserPoolId: this.userPoolId, Username: login };
    await this.client.send(enabled ? new AdminEnableUserCommand(input) : new AdminDisableUserCommand(input));
  }

  async resetPassword(login: string, tempPassword: string): Promise<void> {
    await this.client.send(
      new AdminSetUserPasswordCommand({
        UserPoolId: this.userPoolId,
        Username: login,
        Password: tempPassword,
        Permanent: false,
      }),
    );
  }
}

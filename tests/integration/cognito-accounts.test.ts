import type { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import {
  AdminGetUserCommand,
  AdminInitiateAuthCommand,
  AdminListGroupsForUserCommand,
  CreateUserPoolClientCommand,
  ListUsersCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CognitoAccounts, e164 } from '../../shared/adapters/cognito-accounts.ts';
import { syncPeople } from '../../shared/use-cases/people-sync.ts';
import { districtPool, startCognitoLocal, type CognitoLocal } from '../support/cognito-local.ts';
import { directoryStore, person, roster, round } from '../support/people-fakes.ts';

/**
 * CognitoAccounts against cognito-local (npm `cognito-local`, a local Cognito user pool server): the
 * real SDK calls, the real wire protocol, no mock of the SDK.
 */
let cognito: CognitoLocal;
let client: CognitoIdentityProviderClient;
beforeAll(async () => {
  cognito = await startCognitoLocal();
  client = cognito.client();
}, 30_000);
afterAll(async () => {
  client?.destroy();
  await cognito?.stop();
});

/** A client that fails the Nth call of each named command (1-based), before it is sent. */
function faulty(failOn: Record<string, number>): {
  client: CognitoIdentityProviderClient;
  counts: Record<string, number>;
} {
  const c = cognito.client();
  const counts: Record<string, number> = {};
  c.middlewareStack.add(
    (next, context) => async (args) => {
      const name = context.commandName ?? '';
      counts[name] = (counts[name] ?? 0) + 1;
      if (failOn[name] === counts[name])
        throw Object.assign(new Error(`injected failure of ${name} #${counts[name]}`), {
          name: 'InternalErrorException',
          $fault: 'server',
        });
      return next(args);
    },
    { step: 'initialize', name: 'cepinFault' },
  );
  return { client: c, counts };
}

const attrs = async (pool: string, login: string) => {
  const u = await client.send(new AdminGetUserCommand({ UserPoolId: pool, Username: login }));
  return Object.fromEntries((u.UserAttributes ?? []).map((a) => [a.Name, a.Value]));
};
const groups = async (pool: string, login: string) =>
  (await client.send(new AdminListGroupsForUserCommand({ UserPoolId: pool, Username: login }))).Groups?.map(
    (g) => g.GroupName,
  );
const userCount = async (pool: string) =>
  (await client.send(new ListUsersCommand({ UserPoolId: pool }))).Users?.length;

describe('phone numbers for Cognito', () => {
  it('writes Chinese numbers in E.164 with +86 and drops what cannot be one', () => {
    expect(e164('138 0013 8000')).toBe('+8613800138000');
    expect(e164('010-6512 3456')).toBe('+861065123456');
    expect(e164('+86 138-0013-8000')).toBe('+8613800138000');
    expect(e164('0086 13800138000')).toBe('+8613800138000');
    expect(e164('12345')).toBeUndefined();
    expect(e164('')).toBeUndefined();
  });
});

describe('CognitoAccounts on cognito-local', () => {
  it('creates an account with who the person is, in its role’s group, signing in with the temporary password', async () => {
    const pool = await districtPool(client, 'create');
    const accounts = new CognitoAccounts(client, pool, 'dongcheng');
    const unit = person('dc01-li', 'unit', 'DC01', {
      name: '李明',
      phone: '138 0013 8000',
      email: 'li@dc.gov.cn',
    });
    const admin = person('admin-zhao', 'admin', '', { name: '赵敏' });
    expect(await accounts.create(unit, 'Temp#Pass2345')).toBe('created');
    expect(await accounts.create(admin, 'Temp#Pass6789')).toBe('created');
    expect(await attrs(pool, 'dc01-li')).toMatchObject({
      name: '李明',
      email: 'li@dc.gov.cn',
      email_verified: 'true',
      phone_number: '+8613800138000',
      'custom:ref': 'DC01',
      'custom:district': 'dongcheng',
    });
    const a = await attrs(pool, 'admin-zhao');
    expect(a['custom:ref']).toBeUndefined();
    expect(a.email).toBeUndefined();
    expect(await groups(pool, 'dc01-li')).toEqual(['unit']);
    expect(await groups(pool, 'admin-zhao')).toEqual(['admin']);
    expect((await accounts.list()).sort((x, y) => x.login.localeCompare(y.login))).toEqual([
      { login: 'admin-zhao', enabled: true, status: 'FORCE_CHANGE_PASSWORD' },
      { login: 'dc01-li', enabled: true, status: 'FORCE_CHANGE_PASSWORD' },
    ]);
    const app = await client.send(new CreateUserPoolClientCommand({ UserPoolId: pool, ClientName: 'cli' }));
    const auth = await client.send(
      new AdminInitiateAuthCommand({
        UserPoolId: pool,
        ClientId: app.UserPoolClient?.ClientId,
        AuthFlow: 'ADMIN_USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME: 'dc01-li', PASSWORD: 'Temp#Pass2345' },
      }),
    );
    const claims = JSON.parse(
      Buffer.from(auth.AuthenticationResult?.IdToken?.split('.')[1] ?? '', 'base64url').toString(),
    ) as Record<string, unknown>;
    expect(claims).toMatchObject({ 'cognito:groups': ['unit'], 'custom:ref': 'DC01' });
  });

  it('answers exists for an account already there and creates nothing twice', async () => {
    const pool = await districtPool(client, 'twice');
    const accounts = new CognitoAccounts(client, pool, 'dongcheng');
    const p = person('a01-wang', 'assessor', 'A01');
    expect(await accounts.create(p, 'Temp#Pass2345')).toBe('created');
    expect(await accounts.create(p, 'Other#Pass2345')).toBe('exists');
    expect(await userCount(pool)).toBe(1);
    expect(await groups(pool, 'a01-wang')).toEqual(['assessor']);
  });

  it('disables, enables and gives a new temporary password', async () => {
    const pool = await districtPool(client, 'switch');
    const accounts = new CognitoAccounts(client, pool, 'dongcheng');
    await accounts.create(person('dc02', 'unit', 'DC02'), 'Temp#Pass2345');
    await client.send(
      new (await import('@aws-sdk/client-cognito-identity-provider')).AdminSetUserPasswordCommand({
        UserPoolId: pool,
        Username: 'dc02',
        Password: 'Mine#Pass2345',
        Permanent: true,
      }),
    );
    await accounts.setEnabled('dc02', false);
    expect(await accounts.list()).toEqual([{ login: 'dc02', enabled: false, status: 'CONFIRMED' }]);
    await accounts.setEnabled('dc02', true);
    await accounts.resetPassword('dc02', 'New#Pass23456');
    expect(await accounts.list()).toEqual([
      { login: 'dc02', enabled: true, status: 'FORCE_CHANGE_PASSWORD' },
    ]);
  });

  it('finishes on a rerun a sync that failed half-way, creating nobody twice', async () => {
    const pool = await districtPool(client, 'faults');
    const people = ['DC01', 'DC02', 'DC03', 'DC04', 'DC05', 'DC06'].map((u) =>
      person(u.toLowerCase(), 'unit', u),
    );
    people.push(person('a01', 'assessor', 'A01'));
    const store = directoryStore(people, [
      {
        record: round('R1', 'open'),
        roster: roster(['DC01', 'DC02', 'DC03', 'DC04', 'DC05', 'DC06'], ['A01']),
      },
    ]);
    let n = 0;
    const password = () => `Temp#Pass${1000 + ++n}`;
    // One at a time, so the Nth call is a known person: the 3rd group call (dc03, after its user was
    // created) and the 5th create (dc05, before anything was made) fail.
    const f = faulty({ AdminAddUserToGroupCommand: 3, AdminCreateUserCommand: 5 });
    const first = await syncPeople({
      store,
      accounts: new CognitoAccounts(f.client, pool, 'dongcheng'),
      round: 'R1',
      now: () => new Date('2026-03-02T00:00:00Z'),
      by: 'admin',
      password,
      concurrency: 1,
    });
    expect(first.created.map((c) => c.login)).toEqual(['dc01', 'dc02', 'dc04', 'dc06', 'a01']);
    expect(first.failed.map((x) => x.login)).toEqual(['dc03', 'dc05']);
    expect(first.failed[0]?.error).toContain('injected failure of AdminAddUserToGroupCommand #3');
    // dc03's user was made before its group call failed; dc05 was never made.
    expect(await userCount(pool)).toBe(6);
    expect(await groups(pool, 'dc03')).toEqual([]);
    f.client.destroy();

    const second = await syncPeople({
      store,
      accounts: new CognitoAccounts(client, pool, 'dongcheng'),
      round: 'R1',
      now: () => new Date('2026-03-02T00:05:00Z'),
      by: 'admin',
      password,
    });
    expect(second.created.map((c) => c.login)).toEqual(['dc05']);
    expect(second.existing).toEqual(['a01', 'dc01', 'dc02', 'dc03', 'dc04', 'dc06']);
    expect(second.failed).toEqual([]);
    expect(await userCount(pool)).toBe(7);
    for (const p of people) expect(await groups(pool, p.login), p.login).toEqual([p.role]);
  });
});

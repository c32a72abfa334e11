import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../shared/cli/main.ts';
import type { LocalStack } from '../../shared/local/stack.ts';
import { startTestStack } from '../support/local-stack.ts';
import { approveDevice } from '../support/oidc-login.ts';
import { fixedNow } from '../support/rules.ts';

/**
 * `cepin login --oidc` against the local stack's OpenID Connect provider (issue 17 item 3): the
 * device flow — the CLI prints the page and the code, the person approves on the provider's pages
 * (the stack's first admin, with its temporary password and then a new one) — and the tokens kept in
 * the CLI's session file (mode 600); later commands work with them, and an expired ID token is
 * replaced from the refresh token on its own.
 */
let stack: LocalStack;
const home = mkdtempSync(join(tmpdir(), 'cepin-home-'));
const env = { CEPIN_HOME: home };

/** Runs the CLI in-process; `onOut` sees each line as it is printed. */
async function cepin(args: string[], onOut: (line: string) => void = () => {}) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(['node', 'cepin', ...args], {
    out: (t) => {
      out.push(t);
      onOut(t);
    },
    err: (t) => err.push(t),
    now: fixedNow,
    env: { ...env },
  });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const session = () =>
  JSON.parse(readFileSync(join(home, 'session.json'), 'utf8')) as {
    api: string;
    token: string;
    as: string;
    oidc?: { issuer: string; clientId: string; refreshToken: string };
  };

beforeAll(async () => {
  stack = await startTestStack('dongcheng', { identity: 'oidc' });
}, 120_000);

afterAll(async () => {
  await stack?.stop();
  rmSync(home, { recursive: true, force: true });
});

describe('cepin login --oidc (device flow)', () => {
  it('prints the page and code, waits for the approval and keeps the tokens in a 0600 session file', async () => {
    let approved: Promise<string> | undefined;
    let page = '';
    const run = await cepin(['login', '--oidc', '--api', stack.apiUrl], (line) => {
      const m = /^open \/ 打开: (\S+)/.exec(line);
      if (m) page = m[1]!;
      const code = /输入代码: (\S+)/.exec(line)?.[1];
      if (code)
        approved = approveDevice({
          verificationUri: page,
          userCode: code,
          who: { login: 'admin', password: stack.firstAdmin!.password, newPassword: 'Admin-cli-pass-1' },
        });
    });
    expect(run.err).toBe('');
    expect(run.code).toBe(0);
    expect(page).toBe(`${stack.oidc!.issuer}/device`);
    expect(await approved).toBeTruthy();
    expect(run.out).toContain(`signed in to ${stack.apiUrl} as admin`);
    expect(statSync(join(home, 'session.json')).mode & 0o777).toBe(0o600);
    const s = session();
    expect(s).toMatchObject({
      api: stack.apiUrl,
      as: 'oidc:admin',
      oidc: { issuer: stack.oidc!.issuer, clientId: 'cepin-cli' },
    });
    expect(s.oidc!.refreshToken).toBeTruthy();
    const claims = JSON.parse(Buffer.from(s.token.split('.')[1]!, 'base64url').toString()) as Record<
      string,
      unknown
    >;
    expect(claims).toMatchObject({ iss: stack.oidc!.issuer, aud: 'cepin-cli', preferred_username: 'admin' });
  }, 60_000);

  it('lets later commands call the API as the directory says (the first admin creates a round)', async () => {
    const created = await cepin([
      'round',
      'create',
      '--round',
      '2026',
      '--rules',
      'dongcheng-sample',
      '--roster',
      'templates/rosters/roster-sample.xlsx',
    ]);
    expect(created.err).toBe('');
    expect(created.code).toBe(0);
    const shown = await cepin(['round', 'show', '--round', '2026']);
    expect(shown.code).toBe(0);
    expect(JSON.parse(shown.out)).toMatchObject({ round: { round: '2026', rules: 'dongcheng-sample' } });
  });

  it('replaces an expired ID token from the refresh token on its own, and saves both new tokens', async () => {
    const before = session();
    // The same session with an ID token that expired a minute ago (never sent: it is refreshed first).
    const expired = [
      'e30',
      Buffer.from(JSON.stringify({ exp: Math.floor(Date.now() / 1000) - 60 })).toString('base64url'),
      'x',
    ].join('.');
    writeFileSync(join(home, 'session.json'), JSON.stringify({ ...before, token: expired }), { mode: 0o600 });
    const shown = await cepin(['round', 'show', '--round', '2026']);
    expect(shown.err).toBe('');
    expect(shown.code).toBe(0);
    const after = session();
    expect(after.token).not.toBe(expired);
    expect(after.token.split('.')).toHaveLength(3);
    expect(after.oidc!.refreshToken).not.toBe(before.oidc!.refreshToken); // rotated, kept
    expect(statSync(join(home, 'session.json')).mode & 0o777).toBe(0o600);
  });
});

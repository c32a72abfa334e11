import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDeps } from '../../shared/composition.ts';
import { main } from '../../shared/cli/main.ts';
import type { LocalStack } from '../../shared/local/stack.ts';
import type { AuditEntry } from '../../shared/use-cases/ports.ts';
import { clientAs, startTestStack } from '../support/local-stack.ts';

/** docs/security.md, "Audit trail": immutable, and readable by the admin from the command line. */

let stack: LocalStack;
beforeAll(async () => {
  stack = await startTestStack('audited');
  const admin = await clientAs(stack, 'admin');
  await admin.call('POST', '/rounds', {
    round: 'au',
    rules: 'dongcheng-sample',
    roster: readFileSync('templates/rosters/roster-sample.xlsx').toString('base64'),
    open: ['self'],
  });
});
afterAll(async () => stack?.stop());

async function cli(token: string, ...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(['node', 'cepin', ...args], {
    out: (t) => out.push(t),
    err: (t) => err.push(t),
    env: { CEPIN_API: stack.apiUrl, CEPIN_TOKEN: token, HOME: '/nonexistent' },
  });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('the audit trail', () => {
  it('never overwrites an entry', async () => {
    const { store } = buildDeps(stack.config);
    const e: AuditEntry = {
      id: 'fixed',
      at: '2026-12-01T00:00:00.000Z',
      round: 'au',
      caller: { sub: 's', role: 'admin', ref: '' },
      action: 'GET /rounds/{round}/results',
      outcome: '200',
    };
    await store.audit(e);
    await expect(store.audit({ ...e, outcome: '403' })).rejects.toThrow();
    const kept = (await store.auditTrail('au', { limit: 1000 })).filter((x) => x.id === 'fixed');
    expect(kept.map((x) => x.outcome)).toEqual(['200']);
  });

  it('is printed by `cepin audit` for an admin, one line per entry, and refused to a unit', async () => {
    const dc01 = (await clientAs(stack, 'unit:DC01')) as unknown as { token: string };
    await fetch(`${stack.apiUrl}/rounds/au/results?unit=DC01`, {
      headers: { authorization: `Bearer ${dc01.token}` },
    });
    const admin = (await clientAs(stack, 'admin')) as unknown as { token: string };
    const r = await cli(admin.token, 'audit', '--round', 'au', '--unit', 'DC01', '--lang', 'en');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/entries, newest first/);
    expect(r.out).toMatch(/unit:DC01\s+GET \/rounds\/\{round\}\/results\s+403/);
    const json = JSON.parse((await cli(admin.token, 'audit', '--round', 'au', '--json')).out) as {
      entries: AuditEntry[];
    };
    expect(json.entries.some((e) => e.action === 'POST /rounds' && e.outcome === '201')).toBe(true);
    const refused = await cli(dc01.token, 'audit', '--round', 'au');
    expect(refused.code).toBe(1);
    expect(refused.err).toContain('无权');
  });
});

import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { CONTRACT } from '../../../shared/api/contract.ts';
import type { ApiDeps, ApiRequest } from '../../../shared/use-cases/api/deps.ts';
import { ApiError } from '../../../shared/use-cases/api/errors.ts';
import {
  listAccounts,
  resetAccountPassword,
  syncAccounts,
} from '../../../shared/use-cases/api/people-accounts.ts';
import { directoryStore, MemoryAccounts, person, roster, round } from '../../support/people-fakes.ts';

const NOW = new Date('2026-03-02T08:00:00.000Z');

function deps(accounts: MemoryAccounts | undefined) {
  const people = [
    person('dc01', 'unit', 'DC01', { name: '孙晓燕' }),
    person('a01', 'assessor', 'A01', { name: '王强' }),
  ];
  const dir = directoryStore(people, [
    {
      record: round('R1', 'open'),
      roster: { ...roster(['DC01'], ['A01']), units: [{ code: 'DC01', name: '区档案局' }] },
    },
  ]);
  const stored = new Map<string, { bytes: Uint8Array; type: string }>();
  const links: { key: string; ttl: number; name?: string | undefined }[] = [];
  let n = 0;
  const d = {
    district: 'dongcheng',
    districtName: '东城区',
    portalUrl: 'https://cepin.example.cn',
    accounts,
    store: {
      ...dir,
      getRound: (id: string) => Promise.resolve(id === 'R1' ? round('R1', 'open') : undefined),
      getPerson: (login: string) => Promise.resolve(people.find((p) => p.login === login)),
    },
    objects: {
      put: (key: string, bytes: Uint8Array, type: string) =>
        Promise.resolve(void stored.set(key, { bytes, type })),
      presignGet: (key: string, ttl: number, name?: string) => {
        links.push({ key, ttl, name });
        return Promise.resolve(`https://objects.example/${key}?ttl=${ttl}`);
      },
    },
    tempPassword: () => `Temp#Pass${++n}x`,
    now: () => NOW,
    newId: () => `id${n}`,
  } as unknown as ApiDeps;
  return { d, stored, links };
}

const req = (role: 'admin' | 'assessor' | 'unit', body: unknown, params: Record<string, string> = {}) =>
  ({
    caller: { sub: `s-${role}`, role, ref: role === 'admin' ? '' : 'DC01', district: 'dongcheng' },
    params,
    query: {},
    body,
  }) as ApiRequest;

async function passwordsIn(bytes: Uint8Array): Promise<string[]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(bytes) as unknown as ExcelJS.Buffer);
  const out: string[] = [];
  wb.worksheets[0]!.eachRow((r) => {
    if (r.getCell(1).value === '临时密码') out.push(String(r.getCell(2).value));
  });
  return out;
}

describe('POST /people/sync', () => {
  it('creates the accounts and hands the passwords out on slips only, behind 5-minute links', async () => {
    const accounts = new MemoryAccounts();
    const { d, stored, links } = deps(accounts);
    const answer = await syncAccounts(req('admin', { round: 'R1' }), d);
    expect(answer.status).toBe(200);
    expect(CONTRACT['POST /people/sync'].response.safeParse(answer.body).success).toBe(true);
    expect(answer.body).toMatchObject({
      round: 'R1',
      accounts: 'local',
      created: [
        { login: 'dc01', name: '孙晓燕', role: 'unit', ref: 'DC01' },
        { login: 'a01', name: '王强', role: 'assessor', ref: 'A01' },
      ],
      existing: [],
      failed: [],
    });
    // No password anywhere in the answer.
    expect(JSON.stringify(answer.body)).not.toContain('Temp#Pass');
    expect([...stored.keys()].sort()).toEqual([
      'generated/slips/R1/id2/account-slips-R1.docx',
      'generated/slips/R1/id2/account-slips-R1.xlsx',
    ]);
    expect(links.map((l) => l.ttl)).toEqual([300, 300]);
    expect(answer.body.slips?.expiresIn).toBe(300);
    const xlsx = stored.get('generated/slips/R1/id2/account-slips-R1.xlsx')!;
    expect(await passwordsIn(xlsx.bytes)).toEqual(['Temp#Pass1x', 'Temp#Pass2x']);
    expect(accounts.accounts.get('dc01')?.password).toBe('Temp#Pass1x');
  });

  it('makes no slips when nobody was created', async () => {
    const accounts = new MemoryAccounts().seed('dc01', 'unit', true).seed('a01', 'assessor', true);
    const { d, stored } = deps(accounts);
    const answer = await syncAccounts(req('admin', { round: 'R1' }), d);
    expect(answer.body.slips).toBeNull();
    expect(answer.body.existing).toEqual(['a01', 'dc01']);
    expect(stored.size).toBe(0);
  });

  it('is the admins’ alone, refuses an unknown round, and a district without accounts', async () => {
    const accounts = new MemoryAccounts();
    const { d } = deps(accounts);
    for (const role of ['assessor', 'unit'] as const)
      await expect(syncAccounts(req(role, { round: 'R1' }), d)).rejects.toMatchObject({ status: 403 });
    await expect(syncAccounts(req('admin', { round: 'R9' }), d)).rejects.toMatchObject({ status: 404 });
    expect(accounts.calls).toEqual([]);
    const none = deps(undefined).d;
    const e = await syncAccounts(req('admin', { round: 'R1' }), none).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ApiError);
    expect(e).toMatchObject({ status: 409, code: 'api.accounts-unavailable' });
  });
});

describe('POST /people/{login}/password', () => {
  it('sets a new temporary password and prints it on one slip', async () => {
    const accounts = new MemoryAccounts().seed('a01', 'assessor', true);
    const { d, stored } = deps(accounts);
    const answer = await resetAccountPassword(req('admin', {}, { login: 'a01' }), d);
    expect(answer.body.login).toBe('a01');
    expect(accounts.accounts.get('a01')).toMatchObject({
      password: 'Temp#Pass1x',
      status: 'FORCE_CHANGE_PASSWORD',
    });
    const key = [...stored.keys()].find((k) => k.endsWith('.xlsx'))!;
    expect(key).toBe('generated/slips/_reset/id1/account-slips-reset-a01.xlsx');
    expect(await passwordsIn(stored.get(key)!.bytes)).toEqual(['Temp#Pass1x']);
    expect(JSON.stringify(answer.body)).not.toContain('Temp#Pass');
  });

  it('answers 404 for an unknown person or a person without an account, 403 for non-admins', async () => {
    const accounts = new MemoryAccounts();
    const { d } = deps(accounts);
    await expect(resetAccountPassword(req('admin', {}, { login: 'zz' }), d)).rejects.toMatchObject({
      status: 404,
    });
    await expect(resetAccountPassword(req('admin', {}, { login: 'a01' }), d)).rejects.toMatchObject({
      status: 404,
    });
    await expect(resetAccountPassword(req('unit', {}, { login: 'a01' }), d)).rejects.toMatchObject({
      status: 403,
    });
    expect(accounts.calls).toEqual([]);
  });
});

describe('GET /people/accounts', () => {
  it('lists the accounts by sign-in name, for admins only', async () => {
    const accounts = new MemoryAccounts().seed('dc01', 'unit', false).seed('a01', 'assessor', true);
    const { d } = deps(accounts);
    expect((await listAccounts(req('admin', undefined), d)).body).toEqual({
      accounts: 'local',
      list: [
        { login: 'a01', enabled: true, status: 'CONFIRMED' },
        { login: 'dc01', enabled: false, status: 'CONFIRMED' },
      ],
    });
    await expect(listAccounts(req('assessor', undefined), d)).rejects.toMatchObject({ status: 403 });
  });
});

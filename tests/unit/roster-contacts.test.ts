import type ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import type { Issue } from '../../shared/domain/issues.ts';
import { formatIssue } from '../../shared/domain/messages.ts';
import { canonicalEmail, canonicalPhone, type Person } from '../../shared/domain/people.ts';
import { directoryConflicts, rosterPeople } from '../../shared/domain/people-rules.ts';
import { sampleRoster } from '../../shared/domain/sample-roster.ts';
import type { Lang } from '../../shared/domain/text.ts';
import { toBytes } from '../../shared/excel/fill-workbook.ts';
import { buildRosterTemplate, readRoster } from '../../shared/excel/roster-workbook.ts';
import { fixedNow } from '../support/rules.ts';

/**
 * The roster's contact columns (docs/security.md, "People and sign-in"). On the sample roster
 * (zh): 单位 row 2 is DC01 (sign-in dc01, phone 13900000101), row 3 DC02; the contact columns are
 * D 档案员, E 登录名, F 电话, G 电子邮箱. 测评员 row 2 is A01 (a01, 13900000001), row 3 A02, row 4
 * A03; E 登录名, F 电话, G 电子邮箱. Expected cells are counted by hand from that layout.
 */
async function sampleWith(lang: Lang, edit: (wb: ExcelJS.Workbook) => void) {
  const wb = buildRosterTemplate(lang, sampleRoster(), fixedNow());
  edit(wb);
  return readRoster(await toBytes(wb));
}
const cells =
  (...edits: [sheet: string, cell: string, value: string | null][]) =>
  (wb: ExcelJS.Workbook) => {
    for (const [sheet, cell, value] of edits) wb.getWorksheet(sheet)!.getCell(cell).value = value;
  };
const found = (issues: Issue[]) =>
  issues.map(({ code, severity, sheet, cell, item, params }) => ({
    code,
    severity,
    sheet,
    cell,
    item,
    params,
  }));

describe('the sample roster’s people', () => {
  it('reads back with every contact column filled in for the 25 assessed units and 8 assessors', async () => {
    const r = await sampleWith('zh', () => {});
    expect(r.issues).toEqual([]);
    expect(r.roster!.units[0]).toEqual({
      code: 'DC01',
      name: '东城区发展和改革委员会',
      archivist: '孙晓燕',
      login: 'dc01',
      phone: '13900000101',
      email: 'dc01@dongcheng.example.gov.cn',
    });
    expect(r.roster!.assessors[0]).toMatchObject({
      id: 'A01',
      login: 'a01',
      phone: '13900000001',
      email: 'a01@dongcheng.example.gov.cn',
    });
  });

  it('makes 33 directory entries: a unit person named for its archive staff, an assessor for itself', () => {
    const people = rosterPeople(sampleRoster(), 'admin-sub', '2026-01-01T00:00:00.000Z');
    expect(people).toHaveLength(33);
    expect(people[0]).toEqual({
      kind: 'unit',
      index: 0,
      person: {
        login: 'dc01',
        name: '孙晓燕',
        role: 'unit',
        ref: 'DC01',
        phone: '13900000101',
        email: 'dc01@dongcheng.example.gov.cn',
        active: true,
        updatedAt: '2026-01-01T00:00:00.000Z',
        updatedBy: 'admin-sub',
      },
    });
    // DC02 has four subordinates (rows 4–7): DC03 is the third unit row with a sign-in name.
    expect(people.filter((p) => p.kind === 'unit').map((p) => p.person.ref)[2]).toBe('DC03');
    expect(people.at(-1)!.person).toMatchObject({ login: 'a08', name: '黄敏', role: 'assessor', ref: 'A08' });
  });
});

describe('a roster’s contact columns are checked at their cells', () => {
  it.each([
    {
      problem: 'a phone one digit short',
      edit: cells(['单位', 'F2', '1390000010']),
      issues: [
        {
          code: 'roster.bad-phone',
          severity: 'error',
          sheet: '单位',
          cell: 'F2',
          item: 'DC01',
          params: { value: '1390000010' },
        },
      ],
    },
    {
      problem: 'a landline without its number',
      edit: cells(['测评员', 'F4', '010-123']),
      issues: [
        {
          code: 'roster.bad-phone',
          severity: 'error',
          sheet: '测评员',
          cell: 'F4',
          item: 'A03',
          params: { value: '010-123' },
        },
      ],
    },
    {
      problem: 'a mobile starting 12 (no such network)',
      edit: cells(['测评员', 'F2', '12900000001']),
      issues: [
        {
          code: 'roster.bad-phone',
          severity: 'error',
          sheet: '测评员',
          cell: 'F2',
          item: 'A01',
          params: { value: '12900000001' },
        },
      ],
    },
    {
      problem: 'an e-mail without a top-level domain',
      edit: cells(['测评员', 'G3', 'a02@dongcheng']),
      issues: [
        {
          code: 'roster.bad-email',
          severity: 'error',
          sheet: '测评员',
          cell: 'G3',
          item: 'A02',
          params: { value: 'a02@dongcheng' },
        },
      ],
    },
    {
      problem: 'the same sign-in name for two units (both cells named)',
      edit: cells(['单位', 'E3', 'dc01']),
      issues: [
        {
          code: 'roster.login-duplicate',
          severity: 'error',
          sheet: '单位',
          cell: 'E2',
          item: 'DC01',
          params: { value: 'dc01', others: '单位!E3' },
        },
        {
          code: 'roster.login-duplicate',
          severity: 'error',
          sheet: '单位',
          cell: 'E3',
          item: 'DC02',
          params: { value: 'dc01', others: '单位!E2' },
        },
      ],
    },
    {
      problem: 'a unit’s sign-in name given to an assessor too (both cells named)',
      edit: cells(['测评员', 'E2', 'dc01']),
      issues: [
        {
          code: 'roster.login-other-role',
          severity: 'error',
          sheet: '单位',
          cell: 'E2',
          item: 'DC01',
          params: { value: 'dc01', others: '测评员!E2' },
        },
        {
          code: 'roster.login-other-role',
          severity: 'error',
          sheet: '测评员',
          cell: 'E2',
          item: 'A01',
          params: { value: 'dc01', others: '单位!E2' },
        },
      ],
    },
    {
      problem: 'a sign-in name with a character outside A-Za-z0-9._@-',
      edit: cells(['测评员', 'E4', 'a03张']),
      issues: [
        {
          code: 'roster.bad-login',
          severity: 'error',
          sheet: '测评员',
          cell: 'E4',
          item: 'A03',
          params: { value: 'a03张' },
        },
      ],
    },
    {
      problem: 'a sign-in name of 65 characters',
      edit: cells(['单位', 'E2', 'x'.repeat(65)]),
      issues: [
        {
          code: 'roster.bad-login',
          severity: 'error',
          sheet: '单位',
          cell: 'E2',
          item: 'DC01',
          params: { value: 'x'.repeat(65) },
        },
      ],
    },
  ])('$problem', async ({ edit, issues }) => {
    const r = await sampleWith('zh', edit);
    expect(r.roster).toBeNull();
    expect(found(r.issues)).toEqual(issues);
  });

  it('names the cell in both languages', async () => {
    const r = await sampleWith('en', cells(['Units', 'F2', '1390000010']));
    expect(formatIssue(r.issues[0]!, 'en')).toBe(
      'Sheet “Units”, cell F2, item DC01: Phone “1390000010” is malformed (a mobile such as 13900000001 or a landline such as 010-12345678)',
    );
    expect(formatIssue(r.issues[0]!, 'zh')).toBe(
      '工作表“Units”,单元格 F2,项目 DC01:电话“1390000010”格式不正确(手机号如 13900000001,座机如 010-12345678)',
    );
  });

  it('accepts full-width digits, +86, spaces and hyphens in a mobile, a landline with its area code, any case in an e-mail', async () => {
    const r = await sampleWith(
      'zh',
      cells(
        ['单位', 'F2', '１３９００００１９０１'],
        ['单位', 'F3', '+86 139-0000-1902'],
        ['测评员', 'F2', '010-65123456'],
        ['测评员', 'F3', '0755 8123456'],
        ['测评员', 'G2', 'Wang.LiXin@DongCheng.example.gov.cn'],
      ),
    );
    expect(r.issues).toEqual([]);
    const people = rosterPeople(r.roster!, 'x', 'y');
    const of = (login: string) => people.find((p) => p.person.login === login)!.person;
    expect([of('dc01').phone, of('dc02').phone, of('a01').phone, of('a02').phone]).toEqual([
      '13900001901',
      '13900001902',
      '010-65123456',
      '0755-8123456',
    ]);
    expect(of('a01').email).toBe('wang.lixin@dongcheng.example.gov.cn');
  });

  it('warns (and still accepts) when two people share a phone: binding by it would bind neither', async () => {
    const r = await sampleWith('zh', cells(['测评员', 'F3', '139 0000 0001']));
    expect(r.roster).not.toBeNull();
    expect(found(r.issues)).toEqual([
      {
        code: 'roster.contact-shared',
        severity: 'warning',
        sheet: '测评员',
        cell: 'F3',
        item: 'A02',
        params: { value: '139 0000 0001', other: '测评员!F2' },
      },
    ]);
  });

  it('reads a roster written before the contact columns: nobody has a sign-in name, nothing to check', async () => {
    const r = await sampleWith('zh', (wb) => {
      wb.getWorksheet('单位')!.spliceColumns(4, 4);
      wb.getWorksheet('测评员')!.spliceColumns(5, 3);
    });
    expect(r.issues).toEqual([]);
    expect(r.roster!.units[0]).toEqual({ code: 'DC01', name: '东城区发展和改革委员会' });
    expect(r.roster!.assessors[2]).toEqual({ id: 'A03', name: '张伟', lead: false, home: 'DC09' });
    expect(rosterPeople(r.roster!, 'x', 'y')).toEqual([]);
  });
});

describe('phones and e-mails as kept', () => {
  it.each([
    ['13900000001', '13900000001'],
    ['+8613900000001', '13900000001'],
    ['0086 139 0000 0001', '13900000001'],
    ['010-12345678', '010-12345678'],
    ['0571 1234567', '0571-1234567'],
    ['01012345678', undefined], // a landline needs its hyphen (or space) after the area code
    ['1390000000', undefined],
    ['139000000011', undefined],
    ['tel 13900000001', undefined],
  ])('%s → %s', (input, kept) => expect(canonicalPhone(input)).toBe(kept));

  it.each([
    [' A01@Dongcheng.Example.gov.cn ', 'a01@dongcheng.example.gov.cn'],
    ['a01@dongcheng', undefined],
    ['a 01@dongcheng.example.gov.cn', undefined],
    ['@dongcheng.example.gov.cn', undefined],
  ])('%s → %s', (input, kept) => expect(canonicalEmail(input)).toBe(kept));
});

describe('a roster against the directory', () => {
  const where = (kind: string, index: number, field: string) => ({
    sheet: kind === 'unit' ? '单位' : '测评员',
    cell: `${field === 'login' ? 'E' : '?'}${index + 2}`,
  });
  const person = (login: string, role: Person['role'], ref: string): Person => ({
    login,
    name: 'n',
    role,
    ref,
    active: true,
    updatedAt: 't',
    updatedBy: 'b',
  });
  it('refuses to move a person: a sign-in name the directory gives another unit, role or an admin, at its cell', () => {
    const people = rosterPeople(sampleRoster(), 'x', 'y');
    const directory = new Map<string, Person>([
      ['dc01', person('dc01', 'unit', 'DC01')], // the same person: fine
      ['dc02', person('dc02', 'unit', 'DC09')], // another unit
      ['a03', person('a03', 'unit', 'A03')], // another role
      ['a04', person('a04', 'admin', '')], // an admin
    ]);
    expect(found(directoryConflicts(people, where, directory))).toEqual([
      {
        code: 'roster.login-moved',
        severity: 'error',
        sheet: '单位',
        cell: 'E3',
        item: 'DC02',
        params: { value: 'dc02', ref: 'DC09' },
      },
      {
        code: 'roster.login-moved',
        severity: 'error',
        sheet: '测评员',
        cell: 'E4',
        item: 'A03',
        params: { value: 'a03', ref: 'A03' },
      },
      {
        code: 'roster.login-moved',
        severity: 'error',
        sheet: '测评员',
        cell: 'E5',
        item: 'A04',
        params: { value: 'a04', ref: 'admin' },
      },
    ]);
  });
});

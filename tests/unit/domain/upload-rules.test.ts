import { describe, expect, it } from 'vitest';
import { sampleRoster } from '../../../shared/domain/sample-roster.ts';
import { checkUploadRights, rejectionSlot, type Uploader } from '../../../shared/domain/upload-rules.ts';

/**
 * docs/security.md, "Rejections": a sheet naming somebody else tells a unit or an assessor only
 * that it is not theirs, never who exists or who is assigned where; and a rejection counts only on
 * the uploader's own slot. The sample roster: DC01's formal panel A01 (lead), A03–A06; its
 * pre-check pair A01, A02; A07 and A08 assess other units; DC99 and A99 do not exist.
 */
const roster = sampleRoster();
const round = {
  fingerprint: 'f',
  rules: 'dongcheng-sample',
  phases: { self: 'open', precheck: 'open', formal: 'open', spotcheck: 'open' },
};
const where = { sheet: '评分表', cell: 'B2' };
const sheet = (phase: 'self' | 'precheck' | 'formal', unit: string, assessor = '') => ({
  phase,
  unit,
  assessor,
  ruleSet: 'dongcheng-sample',
  fingerprint: 'f',
});
const unit = (ref: string): Uploader => ({ role: 'unit', ref });
const assessor = (ref: string): Uploader => ({ role: 'assessor', ref });
const admin: Uploader = { role: 'admin', ref: '' };
const codes = (s: ReturnType<typeof sheet>, u: Uploader) =>
  checkUploadRights(round, roster, s, u, where).map((i) => i.code);

/** Codes that would tell a non-admin something about the roster beyond their own assignments. */
const ROSTER_CODES = ['upload.unit-unknown', 'upload.assessor-unknown'];

describe('what a rejected upload tells its uploader', () => {
  it.each([
    // [who, sheet, expected codes]
    [
      'an assessor naming a colleague on the same panel',
      assessor('A01'),
      sheet('formal', 'DC01', 'A03'),
      ['upload.impersonation'],
    ],
    [
      'an assessor naming an assessor who does not exist',
      assessor('A01'),
      sheet('formal', 'DC01', 'A99'),
      ['upload.impersonation'],
    ],
    [
      'an assessor naming a colleague for a unit that does not exist',
      assessor('A01'),
      sheet('formal', 'DC99', 'A03'),
      ['upload.impersonation'],
    ],
    [
      'an assessor naming itself for a unit that does not exist',
      assessor('A07'),
      sheet('formal', 'DC99', 'A07'),
      ['upload.not-assigned'],
    ],
    [
      'an assessor naming itself for a unit it does not assess',
      assessor('A07'),
      sheet('formal', 'DC01', 'A07'),
      ['upload.not-assigned'],
    ],
    ['an assessor uploading a self-assessment', assessor('A01'), sheet('self', 'DC01'), ['upload.role']],
    [
      'a unit uploading another unit’s self-assessment',
      unit('DC02'),
      sheet('self', 'DC01'),
      ['upload.impersonation'],
    ],
    [
      'a unit uploading a unit that does not exist',
      unit('DC02'),
      sheet('self', 'DC99'),
      ['upload.impersonation'],
    ],
    ['a unit uploading an assessor’s sheet', unit('DC01'), sheet('formal', 'DC01', 'A01'), ['upload.role']],
    ['an assessor’s own assigned sheet', assessor('A03'), sheet('formal', 'DC01', 'A03'), []],
    ['a unit’s own self-assessment', unit('DC01'), sheet('self', 'DC01'), []],
  ] as const)('%s: %j', (_name, who, s, expected) => {
    const got = codes(s, who);
    expect(got).toEqual(expected);
    for (const c of ROSTER_CODES) expect(got).not.toContain(c);
  });

  it('never names another person in the message parameters beyond what the sheet itself says', () => {
    const issues = checkUploadRights(round, roster, sheet('formal', 'DC01', 'A03'), assessor('A07'), where);
    expect(issues).toHaveLength(1);
    expect(issues[0]!.params).toEqual({ found: 'A03', caller: 'A07' });
  });

  it('gives an admin the full picture of what is wrong with the roster', () => {
    expect(codes(sheet('formal', 'DC99', 'A99'), admin)).toEqual([
      'upload.unit-unknown',
      'upload.assessor-unknown',
    ]);
    expect(codes(sheet('formal', 'DC01', 'A07'), admin)).toEqual(['upload.not-assigned']);
    expect(codes(sheet('self', 'DC99'), admin)).toEqual(['upload.unit-unknown']);
  });

  it('accepts an admin’s late sheet only while scoring is closed, and nobody else’s', () => {
    const closed = { ...round, phases: { ...round.phases, formal: 'scoring-closed' } };
    const s = sheet('formal', 'DC01', 'A03');
    const late = (u: Uploader, isLate: boolean) =>
      checkUploadRights(closed, roster, s, u, where, { late: isLate }).map((i) => i.code);
    expect(late(admin, true)).toEqual([]);
    expect(late(admin, false)).toEqual(['upload.phase-closed']);
    expect(late(assessor('A03'), true)).toEqual(['upload.phase-closed']);
    const fullyClosed = { ...round, phases: { ...round.phases, formal: 'closed' } };
    expect(
      checkUploadRights(fullyClosed, roster, s, admin, where, { late: true }).map((i) => i.code),
    ).toEqual(['upload.phase-closed']);
  });
});

describe('which slot a rejection counts on', () => {
  it.each([
    ['an assessor naming a colleague', assessor('A01'), sheet('formal', 'DC01', 'A03'), undefined],
    [
      'an assessor naming itself for a unit it does not assess',
      assessor('A07'),
      sheet('formal', 'DC01', 'A07'),
      undefined,
    ],
    [
      'an assessor’s own slot',
      assessor('A03'),
      sheet('formal', 'DC01', 'A03'),
      { phase: 'formal', unit: 'DC01', assessor: 'A03' },
    ],
    ['a unit naming another unit', unit('DC02'), sheet('self', 'DC01'), undefined],
    [
      'a unit’s own self-assessment',
      unit('DC01'),
      sheet('self', 'DC01'),
      { phase: 'self', unit: 'DC01', assessor: '' },
    ],
    [
      'an admin naming a real slot',
      admin,
      sheet('precheck', 'DC01', 'A02'),
      { phase: 'precheck', unit: 'DC01', assessor: 'A02' },
    ],
    ['an admin naming a slot that does not exist', admin, sheet('formal', 'DC01', 'A07'), undefined],
  ] as const)('%s', (_name, who, s, expected) => {
    expect(rejectionSlot(roster, s, who)).toEqual(expected);
  });
});

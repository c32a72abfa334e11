import { describe, expect, it } from 'vitest';
import { calibrationRoster } from '../../shared/domain/calibration-round.ts';
import type { Issue } from '../../shared/domain/issues.ts';
import { formatIssue } from '../../shared/domain/messages.ts';
import { rosterConflicts } from '../../shared/domain/roster-conflicts.ts';
import { validateRoster, type Roster, type RosterWhere } from '../../shared/domain/roster.ts';
import { sampleRoster } from '../../shared/domain/sample-roster.ts';
import type { Lang } from '../../shared/domain/text.ts';
import { toBytes } from '../../shared/excel/fill-workbook.ts';
import { buildRosterTemplate, readRoster } from '../../shared/excel/roster-workbook.ts';
import { createRound } from '../../shared/use-cases/api/rounds.ts';
import type { ApiDeps } from '../../shared/use-cases/api/deps.ts';
import type { ApiError } from '../../shared/use-cases/api/errors.ts';
import { fixedNow, shippedRubrics } from '../support/rules.ts';

/**
 * Conflicts of interest (回避, issue 17 item 6). The rule: an assessor whose home unit is H may not
 * pre-check, formally assess or spot-check H, a unit below H (any depth) or a unit above H (any
 * depth); siblings are fine. Cells are worked out by hand from the roster layout: data from row 2;
 * 测评员 A id, B name, C lead, D home; 测评分工 A unit, B pre-check, C formal, D spot-checked,
 * E spot-checkers.
 */
const COLUMNS = {
  unit: ['code', 'name', 'parent'],
  assessor: ['id', 'name', 'lead', 'home'],
  assignment: ['unit', 'precheck', 'formal', 'spotchecked', 'spotcheckers'],
};
const SHEET = { unit: '单位', assessor: '测评员', assignment: '测评分工' };
const where: RosterWhere = (kind, index, field) => ({
  sheet: SHEET[kind],
  cell: `${'ABCDE'[COLUMNS[kind].indexOf(field)]}${index + 2}`,
});

/**
 * Units: U1 (row 2) with U1-1 (3, itself over U1-1-1, 4) and U1-2 (5); U2 (6) with U2-1 (7) and
 * U2-2 (8); U3 (9). Assessors A1..A6 on rows 2..7. Assignments: U1 on row 2 (pre-check A1 A2,
 * formal A3 A4, spot-checks U1-1 U1-2 by A5), U2 on row 3 (pre-check A3 A4, formal A1 A2 A5,
 * spot-checks U2-1 U2-2 by default by A3), U3 on row 4 (pre-check A5 A6, formal A1 A6).
 */
function base(homes: Record<string, string | undefined> = {}): Roster {
  return {
    units: [
      { code: 'U1', name: '单位一' },
      { code: 'U1-1', name: '单位一之一', parent: 'U1' },
      { code: 'U1-1-1', name: '单位一之一之一', parent: 'U1-1' },
      { code: 'U1-2', name: '单位一之二', parent: 'U1' },
      { code: 'U2', name: '单位二' },
      { code: 'U2-1', name: '单位二之一', parent: 'U2' },
      { code: 'U2-2', name: '单位二之二', parent: 'U2' },
      { code: 'U3', name: '单位三' },
    ],
    assessors: ['A1', 'A2', 'A3', 'A4', 'A5', 'A6'].map((id) => ({
      id,
      name: `测评员${id}`,
      lead: id === 'A1',
      ...(homes[id] === undefined ? {} : { home: homes[id] }),
    })),
    assignments: [
      {
        unit: 'U1',
        precheck: ['A1', 'A2'],
        formal: ['A3', 'A4'],
        spotchecked: ['U1-1', 'U1-2'],
        spotcheckers: ['A5'],
      },
      {
        unit: 'U2',
        precheck: ['A3', 'A4'],
        formal: ['A1', 'A2', 'A5'],
        spotchecked: ['U2-1', 'U2-2'],
        spotcheckers: [],
      },
      { unit: 'U3', precheck: ['A5', 'A6'], formal: ['A1', 'A6'], spotchecked: [], spotcheckers: [] },
    ],
  };
}

const conflict = (tie: string, cell: string, item: string, assessor: string, home: string, unit: string) => ({
  code: `roster.conflict-${tie}`,
  severity: 'error',
  sheet: '测评分工',
  cell,
  item,
  params: { assessor, home, unit },
});

describe('the hand-built roster', () => {
  it('is consistent and free of conflicts without home units, and with a blank one', () => {
    expect(validateRoster(base(), where)).toEqual([]);
    expect(rosterConflicts(base(), where)).toEqual([]);
    expect(rosterConflicts(base({ A1: '' }), where)).toEqual([]);
  });
});

describe('an assessor may not assess their own unit', () => {
  it.each([
    {
      role: 'in the pre-check pair',
      homes: { A1: 'U1' },
      issue: conflict('own', 'B2', 'U1', 'A1', 'U1', 'U1'),
    },
    {
      role: 'on the formal panel',
      homes: { A3: 'U1' },
      issue: conflict('own', 'C2', 'U1', 'A3', 'U1', 'U1'),
    },
    {
      role: 'as a spot-checker (a sibling of the home unit, U1-1, is no conflict)',
      homes: { A5: 'U1-2' },
      issue: conflict('own', 'E2', 'U1', 'A5', 'U1-2', 'U1-2'),
    },
  ])('$role', ({ homes, issue }) => {
    expect(rosterConflicts(base(homes), where)).toEqual([issue]);
  });
});

describe('nor a unit below it', () => {
  it('as a spot-checker of a subordinate of their own unit: once per cell, naming the first', () => {
    expect(rosterConflicts(base({ A5: 'U1' }), where)).toEqual([
      conflict('subordinate', 'E2', 'U1', 'A5', 'U1', 'U1-1'),
    ]);
  });

  it('two levels down, each cell the assessor is written in', () => {
    const r = base({ A2: 'U1' });
    // U1-1 assessed on its own (row 5), spot-checking U1-1-1 by A2.
    r.assignments.push({
      unit: 'U1-1',
      precheck: ['A5', 'A6'],
      formal: ['A5', 'A6'],
      spotchecked: ['U1-1-1'],
      spotcheckers: ['A2'],
    });
    expect(validateRoster(r, where)).toEqual([]);
    expect(rosterConflicts(r, where)).toEqual([
      conflict('own', 'B2', 'U1', 'A2', 'U1', 'U1'),
      conflict('subordinate', 'E5', 'U1-1', 'A2', 'U1', 'U1-1-1'),
    ]);
  });
});

describe('nor a unit above it (the rule runs both ways)', () => {
  it('the parent: one issue at the pre-check cell, though A3 would also spot-check U2-2 by default', () => {
    expect(rosterConflicts(base({ A3: 'U2-2' }), where)).toEqual([
      conflict('superior', 'B3', 'U2', 'A3', 'U2-2', 'U2'),
    ]);
  });

  it('the grandparent', () => {
    expect(rosterConflicts(base({ A4: 'U1-1-1' }), where)).toEqual([
      conflict('superior', 'C2', 'U1', 'A4', 'U1-1-1', 'U1'),
    ]);
  });
});

describe('a home unit that is not in the unit list', () => {
  it('is an error at its 测评员 cell, with the nearest code when there is one, and no conflict check', () => {
    expect(rosterConflicts(base({ A3: 'U9', A6: 'U2-01' }), where)).toEqual([
      {
        code: 'roster.home-unknown',
        severity: 'error',
        sheet: '测评员',
        cell: 'D4',
        item: 'A3',
        params: { value: 'U9' },
      },
      {
        code: 'roster.home-unknown-suggest',
        severity: 'error',
        sheet: '测评员',
        cell: 'D7',
        item: 'A6',
        params: { value: 'U2-01', suggestion: 'U2-1' },
      },
    ]);
  });
});

/** Code, sheet, cell, item, params and the whole text of each issue. */
const told = (issues: Issue[], lang: Lang) =>
  issues.map(({ code, sheet, cell, item, params }, n) => ({
    code,
    sheet,
    cell,
    item,
    params,
    text: formatIssue(issues[n]!, lang),
  }));

describe('through the roster workbook', () => {
  it.each([
    {
      lang: 'zh' as const,
      text: '工作表“测评分工”,单元格 B2,项目 U1:测评员 A1(所在单位 U1)不能测评本单位 U1,须回避',
      sheet: '测评分工',
    },
    {
      lang: 'en' as const,
      text: 'Sheet “Assignments”, cell B2, item U1: Assessor A1 (home unit U1) may not assess their own unit U1: conflict of interest (回避)',
      sheet: 'Assignments',
    },
  ])(
    'in $lang: the conflict comes back at its cell and the roster is refused',
    async ({ lang, text, sheet }) => {
      const bytes = await toBytes(buildRosterTemplate(lang, base({ A1: 'U1' }), fixedNow()));
      const r = await readRoster(bytes);
      expect(r.roster).toBeNull();
      expect(told(r.issues, lang)).toEqual([
        {
          code: 'roster.conflict-own',
          sheet,
          cell: 'B2',
          item: 'U1',
          params: { assessor: 'A1', home: 'U1', unit: 'U1' },
          text,
        },
      ]);
    },
  );

  it('reads the other two kinds of message in zh and en', () => {
    const sub = conflict('subordinate', 'E2', 'U1', 'A5', 'U1', 'U1-1');
    const sup = conflict('superior', 'B3', 'U2', 'A3', 'U2-2', 'U2');
    expect(formatIssue(sub as Issue, 'zh')).toBe(
      '工作表“测评分工”,单元格 E2,项目 U1:测评员 A5(所在单位 U1)不能测评本单位的下属单位 U1-1,须回避',
    );
    expect(formatIssue(sup as Issue, 'en')).toBe(
      'Sheet “测评分工”, cell B3, item U2: Assessor A3 (home unit U2-2) may not assess U2, a superior of their own unit: conflict of interest (回避)',
    );
  });

  it('reads a typed home unit as written (full-width, spaces) and an unknown one at 测评员!D4', async () => {
    const wb = buildRosterTemplate('zh', base(), fixedNow());
    wb.getWorksheet('测评员')!.getCell('D7').value = ' Ｕ２－１ ';
    wb.getWorksheet('测评员')!.getCell('D4').value = 'U9';
    const r = await readRoster(await toBytes(wb));
    expect(told(r.issues, 'zh')).toEqual([
      {
        code: 'roster.home-unknown',
        sheet: '测评员',
        cell: 'D4',
        item: 'A3',
        params: { value: 'U9' },
        text: '工作表“测评员”,单元格 D4,项目 A3:所在单位“U9”不在单位名单中(来自本区各单位以外的测评员,如档案局工作人员,请留空)',
      },
    ]);
    wb.getWorksheet('测评员')!.getCell('D4').value = null;
    const ok = await readRoster(await toBytes(wb));
    expect(ok.issues).toEqual([]);
    expect(ok.roster?.assessors[5]).toEqual({ id: 'A6', name: '测评员A6', lead: false, home: 'U2-1' });
  });

  it('reads a roster written before the 所在单位 column (three columns): nobody has a home unit', async () => {
    const wb = buildRosterTemplate('en', base(), fixedNow());
    // Three columns, as then: no 所在单位 and none of the later contact columns either.
    wb.getWorksheet('Assessors')!.spliceColumns(4, 4);
    const ws = wb.getWorksheet('Assessors')!;
    expect([ws.getCell('C1').value, ws.getCell('D1').value]).toEqual(['Panel lead', null]);
    const r = await readRoster(await toBytes(wb));
    expect(r).toEqual({ roster: base(), issues: [] });
  });
});

describe('the sample roster', () => {
  it('gives most assessors a home unit (all but the two panel leads) and has no conflict', () => {
    const r = sampleRoster();
    expect(r.assessors.filter((a) => a.home === undefined).map((a) => a.id)).toEqual(['A01', 'A02']);
    expect(rosterConflicts(r, where)).toEqual([]);
  });
});

describe('creating a round (POST /rounds)', () => {
  const stored: Roster[] = [];
  const d = {
    rubrics: shippedRubrics,
    store: { putRound: async (_round: unknown, roster: Roster) => void stored.push(roster) },
    now: () => new Date('2026-01-01T00:00:00Z'),
  } as unknown as ApiDeps;
  const post = async (roster: Roster, extra: object = {}) =>
    createRound(
      {
        caller: { sub: 'admin', role: 'admin', ref: '', district: 'dongcheng' },
        params: {},
        query: {},
        body: {
          round: '2026',
          rules: 'dongcheng-sample',
          roster: Buffer.from(await toBytes(buildRosterTemplate('zh', roster, fixedNow()))).toString(
            'base64',
          ),
          ...extra,
        },
      },
      d,
    );
  const calibration = { kind: 'calibration', cases: [{ code: 'CASE1', title: '案例一' }] };

  it.each([
    { kind: 'an assessment', extra: {} },
    { kind: 'a calibration (the roster workbook must be valid either way)', extra: calibration },
  ])('refuses $kind with 422 naming the conflict’s cell', async ({ extra }) => {
    const e = (await post(base({ A3: 'U1' }), extra).catch((x: unknown) => x)) as ApiError;
    expect([e.status, e.code]).toEqual([422, 'api.roster-invalid']);
    expect(e.details).toEqual([
      {
        code: 'roster.conflict-own',
        severity: 'error',
        sheet: '测评分工',
        cell: 'C2',
        item: 'U1',
        message: '工作表“测评分工”,单元格 C2,项目 U1:测评员 A3(所在单位 U1)不能测评本单位 U1,须回避',
        params: { assessor: 'A3', home: 'U1', unit: 'U1' },
      },
    ]);
  });

  it('keeps home units in an assessment’s roster, and none in a calibration’s (it has no real units)', async () => {
    stored.length = 0;
    await post(base({ A6: 'U2-1' }));
    await post(base({ A6: 'U2-1' }), { ...calibration, round: 'cal-1' });
    expect(stored[0]?.assessors[5]).toEqual({ id: 'A6', name: '测评员A6', lead: false, home: 'U2-1' });
    expect(stored[1]?.assessors.filter((a) => 'home' in a)).toEqual([]);
    expect(
      calibrationRoster(sampleRoster(), [{ code: 'CASE1', title: 'x' }], 'KEY').assessors.some(
        (a) => 'home' in a,
      ),
    ).toBe(false);
  });
});

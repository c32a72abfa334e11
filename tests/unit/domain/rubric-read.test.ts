import { describe, expect, it } from 'vitest';
import type { Issue } from '../../../shared/domain/issues.ts';
import { formatIssue, MESSAGES } from '../../../shared/domain/messages.ts';
import { readRubricGrids, type RubricGrids } from '../../../shared/domain/rubric-rows.ts';
import { resolveRubric, rubricRead } from '../../../shared/domain/rubric-resolve.ts';
import { seededRandom } from '../../../shared/domain/sample.ts';
import { grid, type Typed } from '../../fixtures/rubrics/grid.ts';

/**
 * A rubric workbook built by hand, as a bureau may: columns in its own order, only those it needs,
 * English or Chinese headers, no marker sheet. Each test changes one thing of `base()`.
 */

interface Sheets {
  about: Typed[][];
  items: Typed[][];
  details: Typed[][];
  grades: Typed[][];
}

const base = (): Sheets => ({
  about: [
    ['编号', 'demo'],
    ['版本', 2],
    ['名称', '示例细则'],
    ['满分', 10],
  ],
  // Columns in an order of its own: A 编号, B 名称, C 分值, D 上级编号, E 评分方法, F 单位分值, G 数量.
  items: [
    ['编号', '名称', '分值', '上级编号', '评分方法', '单位分值', '数量'],
    ['1', '类别一', 10, null, null, null, null],
    ['1.1', '逐条项', 4, '1', '逐条计分', null, null],
    ['1.2', '打分项', 6, '1', '直接打分', 0.5, null],
  ],
  details: [
    ['编号', '类型', '名称', '分值'],
    ['1.1', '条款', '甲', 2],
    ['1.1', '条款', '乙', 2],
  ],
  grades: [
    ['代码', '名称', '总分下限', '兜底'],
    ['pass', '合格', 6, null],
    ['fail', '不合格', null, '是'],
  ],
});

function read(s: Sheets, extra: Partial<Record<keyof RubricGrids, Typed[][] | null>> = {}) {
  const grids: RubricGrids = {
    about: grid('基本信息', s.about),
    items: grid('细则', s.items),
    details: grid('评分细项', s.details),
    grades: grid('等级', s.grades),
  };
  for (const [k, v] of Object.entries(extra)) {
    if (v === null) delete grids[k as keyof RubricGrids];
    else grids[k as keyof RubricGrids] = grid(k, v);
  }
  const parsed = readRubricGrids(grids);
  for (const i of parsed.issues) {
    expect(MESSAGES, i.code).toHaveProperty([i.code]);
    for (const lang of ['zh', 'en'] as const) expect(formatIssue(i, lang)).not.toMatch(/\{\w+\}/);
  }
  return parsed;
}
const where = (issues: readonly Issue[]) => issues.map((i) => [i.code, i.sheet, i.cell, i.item]);
const edit = (f: (s: Sheets) => void) => {
  const s = base();
  f(s);
  return read(s);
};

describe('a rubric workbook built by hand', () => {
  it('reads into exactly the rule file its cells say, optional fields only where filled in', () => {
    const r = read(base());
    expect(r.issues).toEqual([]);
    expect(r.versionGiven).toBe(true);
    expect(r.file).toEqual({
      id: 'demo',
      version: 2,
      title: '示例细则',
      scale: 10,
      grading: {
        grades: [{ code: 'pass', label: '合格', minTotal: 6 }],
        fallback: { code: 'fail', label: '不合格' },
      },
      categories: [
        {
          code: '1',
          title: '类别一',
          maxPoints: 10,
          children: [
            {
              code: '1.1',
              title: '逐条项',
              maxPoints: 4,
              method: {
                type: 'checklist',
                clauses: [
                  { title: '甲', points: 2 },
                  { title: '乙', points: 2 },
                ],
              },
            },
            { code: '1.2', title: '打分项', maxPoints: 6, method: { type: 'direct', step: 0.5 } },
          ],
        },
      ],
    });
  });

  it('takes English headers and labels, case and width ignored', () => {
    const s = base();
    s.about = [
      ['ID', 'demo'],
      ['title', '示例细则'],
      ['Title (English)', 'Example'],
      ['SCALE', 10],
    ];
    s.items[0] = ['code', 'TITLE', 'points', 'parent', 'Method', 'Points per', 'number'];
    s.details[0] = ['Code', 'Kind', 'Title', 'Points'];
    s.grades[0] = ['Code', 'Label', 'Min total', 'Fallback'];
    const r = read(s);
    expect(r.issues).toEqual([]);
    expect(r.file.title).toEqual({ zh: '示例细则', en: 'Example' });
    expect(r.versionGiven).toBe(false);
  });
});

describe('headers, labels and sheets', () => {
  it('an unknown header: the one meant when close, else the advice to use the listed ones', () => {
    const r = edit((s) => {
      s.items[0]![4] = '评分方式';
      s.items[0]![6] = '权重';
    });
    expect(where(r.issues)).toEqual(
      expect.arrayContaining([
        ['rubric.unknown-header-suggest', '细则', 'E1', undefined],
        ['rubric.unknown-header', '细则', 'G1', undefined],
      ]),
    );
    expect(r.issues.find((i) => i.cell === 'E1')!.params.suggestion).toBe('评分方法');
  });

  it("leaves a bureau's own notes column (备注, Notes) out of the rules without complaint", () => {
    const r = edit((s) => {
      s.items[0]!.push('备注');
      s.items[1]!.push('市里要求 2026 年起执行');
    });
    expect(r.issues.filter((i) => i.severity === 'error')).toEqual([]);
  });

  it('a required header missing, a header twice, a sheet missing', () => {
    const r = edit((s) => {
      s.items = s.items.map((row) => [row[0]!, row[1]!, row[3]!, row[4]!, row[5]!, row[1]!]);
    });
    expect(where(r.issues)).toEqual(
      expect.arrayContaining([
        ['rubric.header-missing', '细则', 'A1', undefined],
        ['rubric.header-twice', '细则', 'F1', undefined],
      ]),
    );
    const noGrades = read(base(), { grades: null });
    expect(noGrades.issues.map((i) => [i.code, i.params.sheetZh])).toEqual([
      ['rubric.sheet-missing', '等级'],
    ]);
  });

  it('About: an unknown label with the one meant, a bad id, a label twice', () => {
    const r = edit((s) => {
      s.about[0] = ['编号', 'Demo_1'];
      s.about.push(['Titel', 'x'], ['满分', 10]);
    });
    expect(where(r.issues)).toEqual([
      ['rubric.bad-id', '基本信息', 'B1', undefined],
      ['rubric.unknown-label-suggest', '基本信息', 'A5', undefined],
      ['rubric.label-twice', '基本信息', 'A6', undefined],
    ]);
  });
});

describe('methods and their details', () => {
  it('a detail row of the wrong kind, and a method missing its details', () => {
    const r = edit((s) => {
      s.details[1]![0] = '1.2';
      s.details[2]![0] = '1.2';
    });
    expect(where(r.issues)).toEqual([
      ['rubric.details-missing', '细则', 'E3', '1.1'],
      ['rubric.detail-kind-mismatch', '评分细项', 'B2', '1.2'],
      ['rubric.detail-kind-mismatch', '评分细项', 'B3', '1.2'],
    ]);
  });

  it('a detail row for a code not on the items sheet, with the code meant', () => {
    const r = edit((s) => (s.details[2]![0] = '1.11'));
    expect(where(r.issues)).toEqual([
      // What the sheet says as read: 1.1 keeps one clause of 2 points.
      ['rules.sum-mismatch', '细则', 'C3', '1.1'],
      ['rubric.detail-unknown-item-suggest', '评分细项', 'A3', '1.11'],
    ]);
    expect(r.issues[1]!.params.suggestion).toBe('1.1');
  });

  it('a cell the method does not use, one it needs, and a sample too large', () => {
    const r = edit((s) => {
      s.items[2]![5] = 0.5; // 逐条计分 has no 单位分值
      s.items[3]![4] = '计数'; // 计数 needs 单位分值: it has 0.5, so make it 抽查 below instead
      s.items.push(['1.3', '抽查项', 0, '1', '抽查', null, 25]);
    });
    expect(where(r.issues)).toEqual(
      expect.arrayContaining([
        ['rubric.cell-unused', '细则', 'F3', '1.1'],
        ['rubric.not-positive', '细则', 'C5', '1.3'],
        ['rubric.required', '细则', 'F5', '1.3'],
        ['rubric.sample-size', '细则', 'G5', '1.3'],
      ]),
    );
  });

  it('band points written as a~b, 比率 and 比率 3, and one not understood', () => {
    const s = base();
    s.items[3] = ['1.2', '分档项', 6, '1', '分档', null, null];
    s.items[0]!.push('计量');
    s.items[3]!.push('百分比');
    s.details = [
      ['编号', '类型', '名称', '分值', '下限', '上限', '含上限'],
      ['1.1', '条款', '甲', 2, null, null, null],
      ['1.1', '条款', '乙', 2, null, null, null],
      ['1.2', '分档', null, 0, 0, 50, null],
      ['1.2', '分档', null, '1～3分', 50, 80, null],
      ['1.2', '分档', null, '比率', 80, 90, null],
      ['1.2', '分档', null, '比率 6', 90, 100, '是'],
    ];
    const r = read(s);
    expect(r.issues).toEqual([]);
    const bands = (r.file.categories as { children: { method: { bands: unknown[] } }[] }[])[0]!.children[1]!
      .method.bands;
    expect(bands).toEqual([
      { min: 0, max: 50, points: 0 },
      { min: 50, max: 80, points: [1, 3] },
      { min: 80, max: 90, points: { formula: 'rate' } },
      { min: 90, max: 100, includeMax: true, points: { formula: 'rate', of: 6 } },
    ]);
    s.details[6]![3] = '六分';
    expect(where(read(s).issues)).toEqual([['rubric.band-points-syntax', '评分细项', 'D7', '1.2']]);
  });
});

describe('grades', () => {
  it('a share over 100, a ratio over 1, a fallback twice and not last', () => {
    const s = base();
    s.grades = [
      ['代码', '名称', '符合率下限', '类别得分率下限', '兜底'],
      ['fail', '不合格', null, null, '是'],
      ['good', '良好', 120, 1.5, null],
      ['none', '无', null, null, '是'],
    ];
    expect(where(read(s).issues)).toEqual([
      ['rubric.fallback-not-last', '等级', 'E2', undefined],
      ['rubric.share-range', '等级', 'C3', 'good'],
      ['rubric.ratio-range', '等级', 'D3', 'good'],
      ['rubric.fallback-twice', '等级', 'E4', undefined],
    ]);
  });
});

describe('an overlay built by hand', () => {
  const overlay = (rows: Typed[][]): Sheets => ({
    about: [
      ['编号', 'district'],
      ['名称', '细化'],
      ['基于', 'demo'],
    ],
    items: [['编号', '上级编号', '名称', '分值', '评分方法', '单位分值', '否决条件', '操作'], ...rows],
    details: [['编号', '类型', '名称', '分值']],
    grades: [['代码', '名称', '总分下限', '兜底']],
  });
  const baseFile = () => read(base()).file;

  it('splits and patches, resolved against its base', () => {
    const r = read(
      overlay([
        ['1.2a', '1.2', '甲', 3, '直接打分', null, null, '新增'],
        ['1.2b', '1.2', '乙', 3, '直接打分', 1, null, '新增'],
        ['1.1', null, '逐条项(改)', null, null, null, null, '修改'],
      ]),
    );
    expect(r.issues).toEqual([]);
    expect(r.file).toEqual({
      id: 'district',
      version: 1,
      extends: 'demo',
      title: '细化',
      splits: [
        {
          code: '1.2',
          children: [
            { code: '1.2a', title: '甲', maxPoints: 3, method: { type: 'direct' } },
            { code: '1.2b', title: '乙', maxPoints: 3, method: { type: 'direct', step: 1 } },
          ],
        },
      ],
      patches: [{ code: '1.1', title: '逐条项(改)' }],
    });
    const read2 = rubricRead(r);
    if (!read2.ok) throw new Error('not ok');
    const resolved = resolveRubric(read2, () => baseFile());
    expect(resolved.ok && resolved.ruleSet.byCode.get('1.2')!.children.map((c) => c.code)).toEqual([
      '1.2a',
      '1.2b',
    ]);
  });

  it('a row without its action, a split into one part, cells a patch cannot change, a patch of nothing', () => {
    const r = read(
      overlay([
        ['1.2a', '1.2', '甲', 6, '直接打分', null, null, null],
        ['1.2b', '1.1', '乙', 4, '直接打分', null, null, '新增'],
        ['1.1', null, null, null, null, 0.5, '否决', '修改'],
        ['1.2', null, null, null, null, null, null, '修改'],
      ]),
    );
    expect(r.issues.map((i) => [i.code, i.cell, i.item, i.severity])).toEqual([
      ['rubric.action-missing', 'H2', '1.2a', 'error'],
      ['rubric.split-one-child', 'B3', '1.2b', 'error'],
      ['rubric.patch-method-missing', 'F4', '1.1', 'error'],
      ['rubric.patch-cell-unused', 'G4', '1.1', 'error'],
      ['rubric.patch-empty', 'A5', '1.2', 'warning'],
    ]);
  });

  it('points a problem of a base item with no row at the first row below it', () => {
    const r = read(
      overlay([
        ['1.2a', '1.2', '甲', 3, '直接打分', null, null, '新增'],
        ['1.2b', '1.2', '乙', 4, '直接打分', null, null, '新增'],
      ]),
    );
    const ok = rubricRead(r);
    if (!ok.ok) throw new Error('not ok');
    const resolved = resolveRubric(ok, () => baseFile());
    // 1.2's parts add up to 7, not its 6: the first part's points cell. Category 1 is fine (4 + 6).
    expect(resolved.ok ? [] : where(resolved.issues)).toEqual([['rules.sum-mismatch', '细则', 'D2', '1.2']]);
  });
});

describe('whatever is typed', () => {
  it('never throws, and every problem has its message and a cell', () => {
    const next = seededRandom(16);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!;
    const junk: Typed[] = [
      null,
      '',
      '1',
      '1.1',
      '2',
      '-3',
      '３分',
      '85%',
      'x',
      '是',
      'no',
      '=A1',
      0,
      2.5,
      -1,
      1e9,
      true,
      '直接打份',
      '分档',
      '扣分项',
      '比率 9',
      '1~',
      '(1 且',
      '1 或 2 且 3',
      '新增',
      '修改',
      'excellent',
      '1、2',
      '\u200b',
    ];
    for (let round = 0; round < 300; round++) {
      const s = base();
      for (const sheet of [s.about, s.items, s.details, s.grades])
        for (let k = 0; k < 6; k++) {
          const row = sheet[Math.floor(next() * (sheet.length + 2))] ?? (sheet[sheet.length] = []);
          row[Math.floor(next() * 9)] = pick(junk);
        }
      if (next() < 0.2) s.about.push(['基于', pick(['demo', 'x', null])]);
      const r = read(s);
      for (const i of r.issues)
        expect(i.sheet === undefined || i.cell !== undefined || i.code === 'rubric.sheet-missing').toBe(true);
      const ok = rubricRead(r);
      if (ok.ok) expect(() => resolveRubric(ok, () => read(base()).file)).not.toThrow();
    }
  });
});

import { describe, expect, it } from 'vitest';
import { parseRequires, printRequires } from '../../../shared/domain/rubric-expr.ts';
import type { Requirement } from '../../../shared/domain/rule-set-schema.ts';

/** The 必备条件 (Requires) cell: `3 且 8 且 (12 且 (16 或 27))` and its rule-file form. */
describe('a requirement expression', () => {
  it('reads a top-level 且-list as one entry per term, a parenthesised group as one entry', () => {
    expect(parseRequires('3 且 8 且 18 且 (12 且 (16 或 27))')).toEqual({
      ok: true,
      requires: [
        { met: '3' },
        { met: '8' },
        { met: '18' },
        { all: [{ met: '12' }, { any: [{ met: '16' }, { met: '27' }] }] },
      ],
    });
  });

  it('takes 和 / and / & / && for and, 或 / or / | / || for or, full-width brackets and no spaces', () => {
    const want = { ok: true, requires: [{ met: '1.3' }, { any: [{ met: '2.2' }, { met: 'A-1' }] }] };
    for (const text of [
      '1.3 和 (2.2 或 A-1)',
      '1.3 AND (2.2 Or A-1)',
      '1.3&(2.2|A-1)',
      '1.3 && （2.2 || A-1）',
      '1.3且(2.2或A-1)',
    ])
      expect(parseRequires(text), text).toEqual(want);
  });

  it('reads a lone 或-list as one entry', () => {
    expect(parseRequires('16 或 27')).toEqual({
      ok: true,
      requires: [{ any: [{ met: '16' }, { met: '27' }] }],
    });
    expect(parseRequires('3')).toEqual({ ok: true, requires: [{ met: '3' }] });
  });

  it('refuses 且 and 或 mixed at one level, unpaired brackets and stray words, saying where', () => {
    expect(parseRequires('3 且 8 或 9')).toEqual({
      ok: false,
      error: { code: 'rubric.expr-mixed', at: '或' },
    });
    expect(parseRequires('3 且 (8 或 9 且 1)')).toEqual({
      ok: false,
      error: { code: 'rubric.expr-mixed', at: '且' },
    });
    expect(parseRequires('3 且 (8 或 9')).toEqual({
      ok: false,
      error: { code: 'rubric.expr-paren', at: '(' },
    });
    expect(parseRequires('3 且 8)')).toEqual({ ok: false, error: { code: 'rubric.expr-paren', at: ')' } });
    expect(parseRequires('3 且 且 8')).toEqual({
      ok: false,
      error: { code: 'rubric.expr-syntax', at: '且' },
    });
    expect(parseRequires('3 8')).toEqual({ ok: false, error: { code: 'rubric.expr-syntax', at: '8' } });
    expect(parseRequires('3、8')).toEqual({ ok: false, error: { code: 'rubric.expr-syntax', at: '、' } });
    expect(parseRequires('3 且')).toMatchObject({ ok: false, error: { code: 'rubric.expr-syntax' } });
    expect(parseRequires('()')).toMatchObject({ ok: false, error: { code: 'rubric.expr-syntax', at: ')' } });
  });

  it('is written back so that it reads to the same entries, in either language', () => {
    const cases: Requirement[][] = [
      [{ met: '3' }],
      [{ met: '3' }, { met: '8' }],
      [{ any: [{ met: '16' }, { met: '27' }] }],
      [{ any: [{ met: '16' }, { met: '27' }] }, { met: '5' }],
      [{ all: [{ met: '12' }, { met: '13' }] }],
      [
        { met: '3' },
        { all: [{ met: '12' }, { any: [{ met: '16' }, { all: [{ met: '1' }, { met: '2' }] }] }] },
      ],
    ];
    for (const requires of cases)
      for (const lang of ['zh', 'en'] as const)
        expect(parseRequires(printRequires(requires, lang)), JSON.stringify(requires)).toEqual({
          ok: true,
          requires,
        });
    expect(printRequires(cases[5]!, 'zh')).toBe('3 且 (12 且 (16 或 (1 且 2)))');
    expect(printRequires(cases[3]!, 'en')).toBe('(16 or 27) and 5');
  });
});

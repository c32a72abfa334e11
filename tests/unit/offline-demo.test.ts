import { describe, expect, it } from 'vitest';
import { runOfflineDemo } from '../../shared/use-cases/offline-demo.ts';
import { dongcheng, fixedNow, shippedRules } from '../support/rules.ts';

describe('the offline demo round', () => {
  it('writes templates and sheets, folds spot-checks into the formal scores and rejects the mistyped sheet', async () => {
    const written = new Map<string, number>();
    const { templates, sheets } = await runOfflineDemo({
      rs: dongcheng(),
      rules: shippedRules,
      lang: 'zh',
      units: 2,
      assessors: 2,
      now: fixedNow,
      write: (file, bytes) => written.set(file, bytes.length),
    });
    expect(templates).toHaveLength(4);
    expect(sheets.map((s) => s.file)).toEqual([
      'sheets/U01-S1-spotcheck-A01.xlsx',
      'sheets/U01-S2-spotcheck-A01.xlsx',
      'sheets/U01-self.xlsx',
      'sheets/U01-formal-A01.xlsx',
      'sheets/U01-formal-A02.xlsx',
      'sheets/U02-self.xlsx',
      'sheets/U02-formal-A01.xlsx',
      'sheets/U02-formal-A02.xlsx',
    ]);
    expect([...written.keys()]).toEqual([...templates, ...sheets.map((s) => s.file)]);
    const rejected = sheets.filter((s) => !s.result.valid);
    expect(rejected.map((s) => s.file)).toEqual(['sheets/U01-formal-A02.xlsx']);
    expect(rejected[0]!.result.issues[0]).toMatchObject({
      code: 'input.step',
      cell: 'E11',
      item: '1.2.2',
      sheet: '评分表',
    });
    for (const s of sheets.filter((x) => x.result.valid))
      expect(s.result.score!.grade, s.file).not.toBeNull();
    const u01 = sheets.find((s) => s.file === 'sheets/U01-formal-A01.xlsx')!.result.score!;
    const spot = sheets.filter((s) => s.phase === 'spotcheck').map((s) => s.result.score!.total);
    expect(u01.items.find((i) => i.code === '4.3')!.score).toBeCloseTo(
      (3 * (spot[0]! + spot[1]!)) / 2 / 100,
      2,
    );
  });
});

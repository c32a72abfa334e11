import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { reconcile } from '../../shared/domain/reconcile.ts';
import type { AssessorSheet } from '../../shared/domain/results.ts';
import { feedbackDocx } from '../../shared/documents/feedback-docx.ts';
import { roundWorkbookBytes } from '../../shared/excel/round-workbook.ts';
import { buildRoundReport } from '../../shared/use-cases/round-report-builder.ts';
import type { RoundResults } from '../../shared/use-cases/round-results.ts';
import { shippedRules } from '../support/rules.ts';

/**
 * A round checked with the national compliance checklist sample, reconciled, reported: feedback
 * gives the share of items met and lists each item not met with the problem and the suggestion.
 */

const rs = shippedRules.require('national-checklist-sample');
const IDS = ['A01', 'A02', 'A03'];
const notes: Record<string, { problem: string; suggestion: string }> = {
  '16': { problem: '电子公文未归档,仍存于办公系统。', suggestion: '建立电子文件在线归档流程。' },
  '27': { problem: '数字化成果未经验收。', suggestion: '组织数字化成果质量验收并留存记录。' },
};

/** An assessor's sheet: every item met except those listed (with the problem found); 26 N/A. */
function sheet(assessor: string, notMet: string[]): AssessorSheet {
  return {
    assessor,
    uploadId: `up-${assessor}`,
    receivedAt: '2026-06-01T09:00:00Z',
    items: rs.leaves.map((l) => ({
      code: l.code,
      score: l.code === '26' ? null : notMet.includes(l.code) ? 0 : 1,
      na: l.code === '26',
      ...(notMet.includes(l.code) ? notes[l.code] : {}),
    })),
  };
}

const rr: RoundResults = {
  round: {
    round: '2026',
    rules: rs.id,
    method: 'mean',
    ruleVersion: rs.version,
    fingerprint: rs.fingerprint,
    phases: { self: 'closed', precheck: 'closed', formal: 'closed', spotcheck: 'closed' },
    createdAt: '2026-01-01T00:00:00Z',
    createdBy: 'admin',
  },
  roster: {
    units: [
      { code: 'U1', name: '单位一' },
      { code: 'U2', name: '单位二' },
    ],
    assessors: IDS.map((id, i) => ({ id, name: `检查员${id}`, lead: i === 0 })),
    assignments: ['U1', 'U2'].map((unit) => ({
      unit,
      precheck: ['A01', 'A02'],
      formal: IDS,
      spotchecked: [],
      spotcheckers: [],
    })),
  },
  rs,
  units: [
    {
      unit: 'U1',
      formal: reconcile(
        rs,
        'U1',
        'formal',
        IDS.map((a) => sheet(a, ['16', '27'])),
        { method: 'mean' },
      ),
      spotchecks: [],
      latest: [],
      reconciled: [],
    },
    {
      unit: 'U2',
      formal: reconcile(
        rs,
        'U2',
        'formal',
        IDS.map((a) => sheet(a, [])),
        { method: 'mean' },
      ),
      spotchecks: [],
      latest: [],
      reconciled: [],
    },
  ],
};

describe('a round of the national compliance checklist', () => {
  const report = buildRoundReport(rr, {
    lang: 'zh',
    district: 'dc',
    districtName: '东城区',
    now: new Date('2026-07-01T00:00:00Z'),
  });

  it('grades by the share met: U1 27 of 29 = 93.1% but "12 and (16 or 27)" fails → 良好; U2 100% → 优秀', () => {
    // U1: 29 applicable (26 N/A), 16 and 27 not met: 27 / 29 = 93.103…% → 93.1.
    expect(rr.units[0]!.formal!.score.share).toEqual({ met: 27, applicable: 29, percent: 93.1 });
    expect(report.units.map((u) => u.formal?.grade)).toEqual(['good', 'excellent']);
  });

  it('feedback lists the strengths, then each item not met with its problem and suggestion', async () => {
    const f = report.units[0]!.feedback;
    expect(f.share).toEqual({ met: 27, applicable: 29, percent: 93.1 });
    expect(f.strengths).toHaveLength(27);
    expect(f.losses.map((l) => [l.code, l.problems, l.suggestions])).toEqual([
      ['16', [notes['16']!.problem], [notes['16']!.suggestion]],
      ['27', [notes['27']!.problem], [notes['27']!.suggestion]],
    ]);
    expect(f.gradeReasons[0]).toBe('必备项 12+(16/27) 未全部符合,不能评优秀(“+”为且,“/”为或)');
    const zip = await JSZip.loadAsync(await feedbackDocx(f, 'zh'));
    const text = (await zip.file('word/document.xml')!.async('string')).replace(/<[^>]+>/g, '');
    expect(text).toContain('符合项比例：27/29（93.1%）；检查等级：良好。');
    expect(text).toContain('三、不符合项目及整改意见');
  });

  it('places items in their categories by the tree and writes the round workbook', async () => {
    expect(report.items.find((i) => i.code === '18')?.category).toBe('D');
    const bytes = await roundWorkbookBytes(report);
    expect(bytes.length).toBeGreaterThan(1000);
  });
});

import { flagReasonText } from '../domain/reconcile.ts';
import type { FlagReason, VetoVerdict } from '../domain/results.ts';
import type { Lang } from '../domain/text.ts';

/** The layout and words of the reconciliation sheet (合议表), shared by its writer, reader and filler. */

export const SHEET = { zh: '合议表', en: 'Reconciliation' } as const;
export const FIRST = 4;
export const HEAD = {
  zh: {
    code: '编号',
    title: '测评内容',
    max: '分值',
    reasons: '合议原因',
    computed: '计算得分',
    agreed: '合议得分',
    decision: '否决项结论',
    reason: '合议理由',
    note: '请组长在黄色单元格填写合议得分和理由;留空表示采用计算得分。否决项判断不一致的项目,必须在“否决项结论”列选择“确认”(一票否决成立)或“推翻”,并填写理由。',
  },
  en: {
    code: 'Code',
    title: 'Requirement',
    max: 'Points',
    reasons: 'Why flagged',
    computed: 'Computed',
    agreed: 'Agreed score',
    decision: 'Veto decision',
    reason: 'Reason',
    note: 'Panel lead: fill the yellow cells with the agreed score and reason; leave blank to keep the computed score. Where assessors disagree on a veto, choose “Confirm” (the veto fails the unit) or “Overturn” in the veto decision column, with a reason.',
  },
} as const;

/** The decision words of each language; either language's words are read back. */
export const VETO_WORDS: Record<Lang, Record<VetoVerdict, string>> = {
  zh: { confirm: '确认', overturn: '推翻' },
  en: { confirm: 'Confirm', overturn: 'Overturn' },
};

/** Flag reasons in words of the sheet's language, joined (`flagReasonText` for each). */
export function flagReasonWords(reasons: readonly FlagReason[], lang: Lang): string {
  return reasons.map((r) => flagReasonText(r, lang)).join(lang === 'zh' ? ';' : '; ');
}

/** Columns: code, title, points, reasons, one per assessor, computed, then the inputs: agreed, veto decision, reason. */
export const cols = (assessors: number) => ({
  computed: 5 + assessors,
  agreed: 6 + assessors,
  decision: 7 + assessors,
  reason: 8 + assessors,
});

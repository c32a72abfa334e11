import { RECT_STATUS_WORDS, rectStatusChoices } from '../domain/rectification.ts';
import type { Lang } from '../domain/text.ts';

/** The layout and words of the rectification workbook (整改通知书), shared by its writer and reader. */

export const RECT_SHEET = { zh: '整改通知书', en: 'Rectification' } as const;

/** Rows: 1 title, 2 unit/round/dates, 3 instructions, 4 the header (repeated when printed), items from 5. */
export const RECT_HEADER_ROW = 4;
export const RECT_FIRST = 5;

/** Columns: what the notice says (locked), then the unit's three answers (unlocked). */
export const RECT_COL = {
  no: 1,
  code: 2,
  title: 3,
  max: 4,
  score: 5,
  problem: 6,
  suggestion: 7,
  status: 8,
  done: 9,
  evidence: 10,
} as const;
export const RECT_LAST_COL = RECT_COL.evidence;

/** Column widths, in characters. */
export const RECT_WIDTHS: Record<number, number> = {
  1: 6,
  2: 9,
  3: 28,
  4: 7,
  5: 9,
  6: 34,
  7: 34,
  8: 12,
  9: 36,
  10: 26,
};

/** Longest text accepted in an answer cell (整改措施, 佐证材料). */
export const RECT_MAX_TEXT = 2000;

/** Header and title-block words of each language. */
export const RECT_TEXT = {
  zh: {
    head: [
      '序号',
      '编号',
      '测评项目',
      '分值',
      '预检得分',
      '存在问题',
      '整改建议',
      '整改情况',
      '整改措施',
      '佐证材料',
    ],
    title: (round: string, unitName: string) =>
      `${round}${/^\d{4}$/.test(round) ? '年度' : ''}预检整改通知书 · ${unitName}`,
    info: (n: { unit: string; unitName: string; round: string; deadline: string; issuedAt: string }) =>
      `单位：${n.unitName}（${n.unit}）    测评轮次：${n.round}    下发日期：${n.issuedAt.slice(0, 10)}    整改期限：${n.deadline}（北京时间当日24时前）`,
    instruction: (deadline: string) =>
      `请在黄色单元格逐项填写：“整改情况”选择${rectStatusChoices('zh').replace(/ \/ /g, '、')}之一；已整改或部分整改的，须在“整改措施”中写明所做的整改；“佐证材料”填写随附证明材料的文件名，多个文件用“；”分隔或分行。请于 ${deadline} 前在测评门户或用 cepin upload 上传本工作簿。其他单元格已锁定，请勿改动。`,
    nothing: '本次预检未发现需要整改的问题，无需填写和上传本表。',
    veto: '【一票否决】',
  },
  en: {
    head: [
      'No.',
      'Code',
      'Requirement',
      'Points',
      'Pre-check',
      'Problem found',
      'Suggestion',
      'Status',
      'What was done',
      'Evidence files',
    ],
    title: (round: string, unitName: string) => `Rectification notice · ${round} pre-check · ${unitName}`,
    info: (n: { unit: string; unitName: string; round: string; deadline: string; issuedAt: string }) =>
      `Unit: ${n.unitName} (${n.unit})    Round: ${n.round}    Issued: ${n.issuedAt.slice(0, 10)}    Deadline: ${n.deadline} (end of day, China time)`,
    instruction: (deadline: string) =>
      `Fill the yellow cells for every item: choose the status (${rectStatusChoices('en')}); for an item fixed or partly fixed, say what was done; list the evidence files by name, separated by “;” or one a line. Upload this workbook in the portal or with cepin upload by ${deadline}. The other cells are locked: do not change them.`,
    nothing: 'The pre-check found nothing to rectify: there is nothing to fill in or upload.',
    veto: '[Veto] ',
  },
} as const satisfies Record<Lang, unknown>;

/** The data-validation list of the status cell: the three words of the sheet's language. */
export const statusList = (lang: Lang): string => `"${Object.values(RECT_STATUS_WORDS[lang]).join(',')}"`;

/** Rows of wrapped text a cell of `width` characters needs (a CJK character takes two). */
export function linesOf(text: string, width: number): number {
  const units = (line: string) => [...line].reduce((w, ch) => w + (ch > '\u2e7f' ? 2 : 1.1), 0);
  return text.split('\n').reduce((s, line) => s + Math.max(1, Math.ceil(units(line) / width)), 0);
}

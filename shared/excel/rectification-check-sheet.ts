import type ExcelJS from 'exceljs';
import { RECT_STATUS_WORDS, type NoticeItem, type RectStatus } from '../domain/rectification.ts';
import type { Lang } from '../domain/text.ts';
import { a4FitToWidth } from './print.ts';
import { RECT_TEXT } from './rectification-layout.ts';

/**
 * The read-only sheet of a formal score template that shows the assessor, item by item, what the
 * pre-check found and what the unit says it did about it (整改核查), so the fix is verified on site.
 */

/** One item of the unit's rectification notice, with its answer. */
export type RectCheckRow = NoticeItem & {
  status?: RectStatus | undefined;
  done?: string | undefined;
  evidence?: readonly string[] | undefined;
};

/** The notice's deadline and the unit's latest answer (if any). */
export interface RectCheck {
  deadline: string;
  answeredAt: string | null;
  late: boolean;
  rows: RectCheckRow[];
}

export const RECT_CHECK_SHEET = { zh: '整改核查', en: 'Rectification check' } as const;

const WORDS = {
  zh: {
    title: '整改核查:预检发现的问题与单位的整改回复(只读)',
    info: (c: RectCheck) =>
      `整改期限:${c.deadline}    整改回复:${
        c.answeredAt ? `${c.answeredAt.slice(0, 10)}${c.late ? '(逾期)' : ''}` : '未收到'
      }    请在“评分表”中按现场核查的实际情况评分。`,
    met: '符合',
    notMet: '不符合',
    none: '未答复',
    empty: '预检未发现需要整改的问题。',
  },
  en: {
    title: 'Rectification check: what the pre-check found and what the unit answered (read-only)',
    info: (c: RectCheck) =>
      `Deadline: ${c.deadline}    Answer: ${
        c.answeredAt ? `${c.answeredAt.slice(0, 10)}${c.late ? ' (late)' : ''}` : 'none received'
      }    Score on the Scores sheet what you verify on site.`,
    met: 'Met',
    notMet: 'Not met',
    none: 'No answer',
    empty: 'The pre-check found nothing to rectify.',
  },
} as const;

const WIDTHS = [9, 28, 7, 9, 34, 28, 11, 34, 24];
const HEAD_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FF1F4E79' } };
const NOT_FIXED: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF8CBAD' } };

/** Writes the sheet; protected (no password) so it is read as given. */
export function writeRectCheckSheet(ws: ExcelJS.Worksheet, check: RectCheck, lang: Lang): void {
  const w = WORDS[lang];
  WIDTHS.forEach((width, i) => (ws.getColumn(i + 1).width = width));
  ws.addRow([w.title]).getCell(1).font = { bold: true, size: 13 };
  ws.addRow([w.info(check)]);
  // The notice workbook's own headers, less its running number (序号).
  const head = ws.addRow(RECT_TEXT[lang].head.slice(1));
  head.eachCell((c) => {
    c.font = { bold: true, color: { argb: 'FFFFFFFF' } };
    c.fill = HEAD_FILL;
    c.alignment = { wrapText: true, vertical: 'middle', horizontal: 'center' };
  });
  if (check.rows.length === 0) ws.addRow([w.empty]);
  for (const r of check.rows) {
    const pre = r.compliance ? (r.met ? w.met : w.notMet) : r.score;
    const status = r.status ? RECT_STATUS_WORDS[lang][r.status] : w.none;
    const row = ws.addRow([
      r.code,
      r.title,
      r.max,
      pre,
      r.problem,
      r.suggestion,
      status,
      r.done ?? '',
      (r.evidence ?? []).join(lang === 'zh' ? '；' : '; '),
    ]);
    row.eachCell({ includeEmpty: true }, (c) => (c.alignment = { wrapText: true, vertical: 'top' }));
    if (r.status !== 'fixed') row.getCell(7).fill = NOT_FIXED;
    const longest = Math.max(
      r.problem.length,
      r.suggestion.length,
      (r.done ?? '').length,
      r.title.length / 0.8,
    );
    row.height = Math.max(18, 15 * Math.ceil(longest / (lang === 'zh' ? 16 : 32)));
  }
  ws.views = [{ state: 'frozen', ySplit: 3 }];
  ws.pageSetup = a4FitToWidth('landscape', { printTitlesRow: '3:3' });
  void ws.protect('', { selectLockedCells: true, selectUnlockedCells: true });
}

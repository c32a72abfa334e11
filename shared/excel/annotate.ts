import ExcelJS from 'exceljs';
import type { Issue } from '../domain/issues.ts';
import { formatIssue, message } from '../domain/messages.ts';
import type { Lang } from '../domain/text.ts';
import { toBytes } from './fill-workbook.ts';
import { DEFAULT_LIMITS, openWorkbook, type WorkbookLimits } from './open-workbook.ts';
import { a4FitToWidth } from './print.ts';

const SHEET = { zh: '问题清单', en: 'Issues' } as const;
const HEADERS = {
  zh: ['序号', '级别', '工作表', '单元格', '项目', '问题', 'Message (English)'],
  en: ['#', 'Severity', 'Sheet', 'Cell', 'Item', 'Message', '说明(中文)'],
} as const;

/** Text that a spreadsheet would take for a formula is prefixed so it stays text. */
export function safeText(s: string): string {
  return /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
}

/**
 * What is annotated in place: only workbooks the door accepts, and only up to 8 MB unpacked (a
 * filled template is ~50 KB; exceljs holds ~45 bytes per byte of sheet XML). Anything else gets
 * the issues-only workbook.
 */
const ANNOTATE_LIMITS: WorkbookLimits = { ...DEFAULT_LIMITS, maxUncompressed: 8 * 1024 * 1024 };

/**
 * Returns the uploader's own workbook with every problem marked: the cell highlighted with a note
 * carrying the message in both languages, plus an issues sheet listing them all (made the active
 * tab). When the file is refused by the door (`openWorkbook`: not a workbook, damaged, a zip bomb...)
 * or cannot be annotated for any reason, a workbook with only the issues sheet. Never throws for
 * bad input: the raw upload never reaches exceljs.
 */
export async function annotateWorkbook(
  bytes: Uint8Array | null,
  issues: readonly Issue[],
  lang: Lang,
): Promise<Uint8Array> {
  if (bytes) {
    try {
      const opened = await openWorkbook(bytes, 'upload.xlsx', ANNOTATE_LIMITS);
      if (opened.workbook) return await annotate(opened.workbook, issues, lang);
    } catch {
      // exceljs could read the checked parts but not mark or write them: fall back to the issues.
    }
  }
  return annotate(new ExcelJS.Workbook(), issues, lang);
}

async function annotate(wb: ExcelJS.Workbook, issues: readonly Issue[], lang: Lang): Promise<Uint8Array> {
  const other: Lang = lang === 'zh' ? 'en' : 'zh';
  for (const i of issues) {
    if (!i.sheet || !i.cell) continue;
    const ws = wb.getWorksheet(i.sheet);
    if (!ws) continue;
    const cell = ws.getCell(i.cell);
    // exceljs shares style objects between cells read from a file: give this cell its own first.
    cell.style = structuredClone(cell.style);
    const error = i.severity === 'error';
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: error ? 'FFFF7C80' : 'FFFFE699' } };
    cell.border = {
      top: { style: 'medium', color: { argb: 'FFC00000' } },
      left: { style: 'medium', color: { argb: 'FFC00000' } },
      bottom: { style: 'medium', color: { argb: 'FFC00000' } },
      right: { style: 'medium', color: { argb: 'FFC00000' } },
    };
    const previous = typeof cell.note === 'string' ? `${cell.note}\n` : '';
    cell.note = `${previous}${message(i.code, i.params, lang)}\n${message(i.code, i.params, other)}`;
  }
  const existing = wb.getWorksheet(SHEET[lang]);
  if (existing) wb.removeWorksheet(existing.id);
  const ws = wb.addWorksheet(SHEET[lang], { properties: { tabColor: { argb: 'FFC00000' } } });
  ws.columns = [6, 8, 14, 9, 9, 70, 70].map((width) => ({ width }));
  const header = ws.addRow([...HEADERS[lang]]);
  header.font = { bold: true, color: { argb: 'FFFFFFFF' } };
  header.eachCell((c) => (c.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFC00000' } }));
  issues.forEach((i, n) => {
    const row = ws.addRow([
      n + 1,
      i.severity === 'error' ? (lang === 'zh' ? '错误' : 'error') : lang === 'zh' ? '提示' : 'warning',
      safeText(i.sheet ?? ''),
      i.cell ?? '',
      safeText(i.item ?? ''),
      safeText(formatIssue(i, lang)),
      safeText(formatIssue(i, other)),
    ]);
    for (let c = 1; c <= 7; c++) row.getCell(c).alignment = { wrapText: true, vertical: 'top' };
    // Programs differ in growing rows for wrapped text; size them for the longer message.
    row.height =
      15 *
        Math.max(
          1,
          Math.ceil(String(row.getCell(6).value).length / 36),
          Math.ceil(String(row.getCell(7).value).length / 70),
        ) +
      4;
  });
  ws.views = [{ state: 'frozen', ySplit: 1 }];
  ws.autoFilter = { from: 'A1', to: 'G1' };
  ws.pageSetup = a4FitToWidth('landscape', { printTitlesRow: '1:1' });
  const index = wb.worksheets.indexOf(ws);
  wb.views = [
    { x: 0, y: 0, width: 20000, height: 12000, firstSheet: 0, activeTab: index, visibility: 'visible' },
  ];
  return toBytes(wb);
}

import ExcelJS from 'exceljs';
import { slipLines, slipWords, type AccountSlips } from '../domain/account-slips.ts';
import { safeText } from './annotate.ts';

const MONO = 'Courier New';
const THIN = { style: 'thin', color: { argb: 'FF808080' } } as const;

/**
 * The account slips as a workbook (账号开通通知单): one sheet, one A4 portrait page per person
 * (a manual page break after each), the district's heading repeated at the top of every page as a
 * print title. The temporary password in a large monospace font.
 */
export async function accountSlipsWorkbook(all: AccountSlips): Promise<Uint8Array> {
  const w = slipWords(all.lang);
  const wb = new ExcelJS.Workbook();
  wb.creator = 'cepin';
  const ws = wb.addWorksheet(w.sheet, {
    pageSetup: {
      paperSize: 9,
      orientation: 'portrait',
      // No fit-to-page: a scaled sheet may ignore manual breaks; the two columns fit A4 as they are.
      scale: 100,
      horizontalCentered: true,
      margins: { left: 0.7, right: 0.7, top: 0.9, bottom: 0.9, header: 0.4, footer: 0.4 },
      printTitlesRow: '1:1',
    },
    headerFooter: { oddFooter: '&P / &N' },
    views: [{ showGridLines: false }],
  });
  ws.getColumn(1).width = 16;
  ws.getColumn(2).width = 48;
  const header = ws.addRow([w.header.replace('{district}', safeText(all.districtName))]);
  ws.mergeCells(header.number, 1, header.number, 2);
  header.getCell(1).font = { size: 10, color: { argb: 'FF595959' } };
  header.height = 18;

  all.slips.forEach((s, i) => {
    ws.addRow([]).height = 24;
    const title = ws.addRow([w.title]);
    ws.mergeCells(title.number, 1, title.number, 2);
    title.getCell(1).font = { bold: true, size: 20 };
    title.getCell(1).alignment = { horizontal: 'center', vertical: 'middle' };
    title.height = 40;
    ws.addRow([]).height = 16;
    for (const line of slipLines(s, all)) {
      const row = ws.addRow([line.label, safeText(line.value)]);
      row.height = line.code === 'password' ? 46 : 30;
      const [label, value] = [row.getCell(1), row.getCell(2)];
      label.font = { bold: true, size: 12 };
      label.alignment = { vertical: 'middle' };
      value.alignment = { vertical: 'middle', wrapText: true };
      value.font =
        line.code === 'password'
          ? { name: MONO, size: 24, bold: true }
          : line.code === 'login'
            ? { name: MONO, size: 16 }
            : { size: 12 };
      for (const c of [label, value]) c.border = { top: THIN, bottom: THIN, left: THIN, right: THIN };
    }
    ws.addRow([]).height = 16;
    for (const text of [w.change, w.keep]) {
      const row = ws.addRow([text]);
      ws.mergeCells(row.number, 1, row.number, 2);
      row.getCell(1).alignment = { wrapText: true, vertical: 'top' };
      row.getCell(1).font = { size: 11 };
      row.height = 34;
    }
    if (i < all.slips.length - 1) ws.lastRow?.addPageBreak();
  });
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

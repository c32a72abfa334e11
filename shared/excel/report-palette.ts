import type ExcelJS from 'exceljs';

/**
 * The house palette of generated report sheets (round workbook, district comparison): fills,
 * borders, the font, the colour scale.
 */

/** Fills used on generated report sheets (ARGB). */
export const FILL = {
  header: 'FF1F4E79',
  total: 'FFD9E2F3',
  section: 'FFDDEBF7',
  loss: 'FFF8CBAD',
  warn: 'FFFFF2CC',
  band: 'FFF5F8FC',
  lenient: 'FFFCE4D6',
  severe: 'FFDDEBF7',
} as const;

const BORDER = { style: 'thin', color: { argb: 'FFBFBFBF' } } as const;
export const THIN: Partial<ExcelJS.Borders> = { top: BORDER, left: BORDER, bottom: BORDER, right: BORDER };
export const solid = (argb: string): ExcelJS.Fill => ({
  type: 'pattern',
  pattern: 'solid',
  fgColor: { argb },
});

/** The font of every styled cell: cells without a font name print in another face in LibreOffice. */
export const font = (extra: Partial<ExcelJS.Font> = {}): Partial<ExcelJS.Font> => ({
  name: 'Calibri',
  size: 11,
  ...extra,
});

/** A red–yellow–green colour scale over a range of scores: low red, median yellow, high green. */
export function redToGreen(ws: ExcelJS.Worksheet, ref: string): void {
  ws.addConditionalFormatting({
    ref,
    rules: [
      {
        type: 'colorScale',
        priority: 1,
        cfvo: [{ type: 'min' }, { type: 'percentile', value: 50 }, { type: 'max' }],
        color: [{ argb: 'FFF8696B' }, { argb: 'FFFFEB84' }, { argb: 'FF63BE7B' }],
      },
    ],
  });
}

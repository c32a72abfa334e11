import type ExcelJS from 'exceljs';

/**
 * How every generated sheet prints: A4, scaled to one page wide and as many pages tall as it needs.
 * `extra` adds what a sheet needs besides (title rows repeated on each page, margins, centring).
 */
export function a4FitToWidth(
  orientation: 'portrait' | 'landscape',
  extra: Partial<ExcelJS.PageSetup> = {},
): Partial<ExcelJS.PageSetup> {
  return { paperSize: 9, orientation, fitToPage: true, fitToWidth: 1, fitToHeight: 0, ...extra };
}

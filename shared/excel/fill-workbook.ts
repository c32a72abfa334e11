import type ExcelJS from 'exceljs';

/** Writes values into cells of a worksheet by A1 address, as a person filling the sheet would. */
export function fillCells(ws: ExcelJS.Worksheet, values: ReadonlyMap<string, string | number>): void {
  for (const [address, value] of values) ws.getCell(address).value = value;
}

/** Serialises a workbook to .xlsx bytes. */
export async function toBytes(wb: ExcelJS.Workbook): Promise<Uint8Array> {
  const buf = await wb.xlsx.writeBuffer();
  return new Uint8Array(buf as ArrayBuffer);
}

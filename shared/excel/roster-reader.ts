import type ExcelJS from 'exceljs';
import { error, type Issue } from '../domain/issues.ts';
import { parseChoice } from '../domain/parse-value.ts';
import { isBlank, shown, type RawCell } from '../domain/raw-cell.ts';
import type { Roster, RosterWhere } from '../domain/roster.ts';
import { LIST_SEPARATORS, ROSTER_SHEETS, type RosterKind } from './roster-sheets.ts';
import { toRawCell } from './sheet-view.ts';

// eslint-disable-next-line no-control-regex
const INVISIBLE = /[\u0000-\u001f\u007f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g;
/** Cleans typed text: NFKC (full-width to half-width), invisible characters out, spaces collapsed. */
export const normaliseCell = (s: string) =>
  s.normalize('NFKC').replace(INVISIBLE, ' ').replace(/\s+/g, ' ').trim();

function rawOf(cell: ExcelJS.Cell): RawCell {
  const raw = toRawCell(cell);
  // A formula's cached result is what the person sees.
  return raw.type === 'formula' ? { type: 'text', value: cell.text } : raw;
}

/** Reads the three roster sheets into a roster, with a `where` that maps values back to their cells. */
export function readRosterSheets(sheets: Map<RosterKind, ExcelJS.Worksheet>): {
  roster: Roster;
  where: RosterWhere;
  issues: Issue[];
} {
  const issues: Issue[] = [];
  const rowsOf = new Map<RosterKind, number[]>();
  const table = (kind: RosterKind) => {
    const ws = sheets.get(kind)!;
    const columns = ROSTER_SHEETS[kind].columns;
    const records: { row: number; raw: RawCell[]; text: string[] }[] = [];
    ws.eachRow((row, r) => {
      const raw = columns.map((_, i) => rawOf(row.getCell(i + 1)));
      if (r > 1 && !raw.every(isBlank))
        records.push({ row: r, raw, text: raw.map((c) => normaliseCell(valueOf(c))) });
    });
    rowsOf.set(
      kind,
      records.map((x) => x.row),
    );
    return records;
  };
  const at = (kind: RosterKind, row: number, field: string) => {
    const col = ROSTER_SHEETS[kind].columns.findIndex((c) => c.field === field);
    return { sheet: sheets.get(kind)!.name, cell: `${String.fromCharCode(65 + Math.max(0, col))}${row}` };
  };
  const list = (kind: RosterKind, row: number, field: string, text: string, item: string) => {
    const ids = text.split(LIST_SEPARATORS).filter((s) => s !== '');
    const seen = new Set<string>();
    for (const id of ids) {
      if (seen.has(id))
        issues.push(error('roster.duplicate', { ...at(kind, row, field), item }, { value: id }));
      seen.add(id);
    }
    return [...seen];
  };

  const units = table('unit').map(
    ({ text: [code = '', name = '', parent = '', archivist = '', login = '', phone = '', email = ''] }) => ({
      code,
      name,
      ...given({ parent, archivist, login, phone, email }),
    }),
  );
  const assessors = table('assessor').map(({ row, raw, text }) => {
    const [id = '', name = '', , home = '', login = '', phone = '', email = ''] = text;
    if (name === '') issues.push(error('roster.missing', { ...at('assessor', row, 'name'), item: id }));
    const lead = parseChoice(raw[2]!);
    if (!lead.ok && lead.reason !== 'blank') {
      issues.push(
        error('input.not-a-choice', { ...at('assessor', row, 'lead'), item: id }, { value: shown(raw[2]!) }),
      );
    }
    // 所在单位 is optional (older rosters have no such column): blank is an assessor from outside.
    // The contact columns are optional too (older rosters have none).
    return { id, name, lead: lead.ok && lead.value, ...given({ home, login, phone, email }) };
  });
  const assignments = table('assignment').map(({ row, text: [unit = '', ...rest] }) => {
    const [precheck, formal, spotchecked, spotcheckers] = (
      ['precheck', 'formal', 'spotchecked', 'spotcheckers'] as const
    ).map((field, i) => list('assignment', row, field, rest[i] ?? '', unit));
    return {
      unit,
      precheck: precheck!,
      formal: formal!,
      spotchecked: spotchecked!,
      spotcheckers: spotcheckers!,
    };
  });
  const where: RosterWhere = (kind, index, field) => at(kind, rowsOf.get(kind)?.[index] ?? 2, field);
  return { roster: { units, assessors, assignments }, where, issues };
}

/** The fields that are filled in (a blank cell is no field, so older rosters read as before). */
function given<K extends string>(fields: Record<K, string>): Partial<Record<K, string>> {
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== '')) as Partial<Record<K, string>>;
}

function valueOf(c: RawCell): string {
  switch (c.type) {
    case 'text':
      return c.value;
    case 'number':
      return String(c.value);
    case 'boolean':
      return c.value ? 'TRUE' : 'FALSE';
    case 'date':
      return c.value;
    default:
      return '';
  }
}

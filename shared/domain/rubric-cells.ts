import { error, warning, type Issue } from './issues.ts';
import { parseChoice, parseNumber } from './parse-value.ts';
import { colLetter } from './layout.ts';
import { isBlank, shown, type RawCell } from './raw-cell.ts';
import { headerKey, type ChoiceSet, type RubricColumn } from './rubric-sheets.ts';

/** One sheet of a workbook as the rubric reader sees it (the excel layer's SheetView fits). */
export interface Grid {
  name: string;
  cell(address: string): RawCell;
  /** The master cell's address when the cell is part of a merge it does not lead. */
  mergedInto(address: string): string | undefined;
  lastRow: number;
}

/** How many columns a header row is searched. */
export const MAX_COLUMNS = 60;

const CODE = /^[0-9A-Za-z][0-9A-Za-z.\-_]{0,23}$/;
const GRADE = /^[a-z][a-z0-9-]*$/;

/** Edit distance (Levenshtein) over code points. */
export function editDistance(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  let prev = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const cur = [i];
    for (let j = 1; j <= y.length; j++)
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (x[i - 1] === y[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[y.length]!;
}

/** The candidate closest to a value, when it is close enough to be what was meant (`strict`: for codes). */
export function didYouMean(value: string, candidates: readonly string[], strict = false): string | undefined {
  const v = headerKey(value);
  if (v === '') return undefined;
  let best: string | undefined;
  let bestD = Infinity;
  for (const c of candidates) {
    const k = headerKey(c);
    const d = k.includes(v) || v.includes(k) ? Math.abs(k.length - v.length) * 0.5 : editDistance(v, k);
    if (d < bestD) [best, bestD] = [c, d];
  }
  // Codes are short and alike (1.2 and 1.3): only a near miss of a longer one is suggested.
  const n = [...v].length;
  const limit = strict ? Math.floor(n / 4) : Math.max(1, Math.ceil(n / 3));
  return best !== undefined && bestD <= limit ? best : undefined;
}

/** Cell text as typed, trimmed (numbers and booleans as written); undefined for a blank cell. */
function plain(c: RawCell): string | undefined {
  if (c.type === 'text') return c.value.trim() || undefined;
  if (c.type === 'number') return String(c.value);
  if (c.type === 'boolean') return c.value ? 'TRUE' : 'FALSE';
  if (c.type === 'date') return c.value;
  return undefined;
}

const normal = (s: string) => s.normalize('NFKC').trim();

/** The columns a header row was found to have: field → column letter. */
export type ColumnMap = Map<string, string>;

/**
 * Reads the cells of one table sheet, column by field, collecting every problem as an issue with its
 * sheet, cell and item. A cell with a problem reads as blank after its issue is recorded.
 */
export class CellReader {
  readonly issues: Issue[] = [];
  private readonly byField: Map<string, RubricColumn>;

  constructor(
    readonly grid: Grid,
    readonly columns: ColumnMap,
    specs: readonly RubricColumn[],
  ) {
    this.byField = new Map(specs.map((s) => [s.field, s]));
  }

  address(field: string, row: number): string | undefined {
    const col = this.columns.get(field);
    return col ? `${col}${row}` : undefined;
  }

  at(field: string, row: number, item?: string) {
    return { sheet: this.grid.name, cell: this.address(field, row) ?? `A${row}`, item };
  }

  private col(field: string) {
    const s = this.byField.get(field)!;
    return { colZh: s.zh, colEn: s.en };
  }

  fail(
    code: string,
    field: string,
    row: number,
    item: string | undefined,
    params: Record<string, string | number> = {},
  ) {
    this.issues.push(error(code, this.at(field, row, item), { ...this.col(field), ...params }));
  }

  warn(
    code: string,
    field: string,
    row: number,
    item: string | undefined,
    params: Record<string, string | number> = {},
  ) {
    this.issues.push(warning(code, this.at(field, row, item), { ...this.col(field), ...params }));
  }

  raw(field: string, row: number): RawCell {
    const a = this.address(field, row);
    return a ? this.grid.cell(a) : { type: 'empty' };
  }

  blank(field: string, row: number): boolean {
    return isBlank(this.raw(field, row));
  }

  /** The cell when it can hold a value: formulas and error values are reported and read as blank. */
  private value(field: string, row: number, item?: string): RawCell | undefined {
    const c = this.raw(field, row);
    if (isBlank(c)) return undefined;
    if (c.type === 'formula') return void this.fail('rubric.formula', field, row, item, { value: shown(c) });
    if (c.type === 'error') return void this.fail('rubric.error-value', field, row, item, { value: c.value });
    return c;
  }

  text(field: string, row: number, item?: string): string | undefined {
    const c = this.value(field, row, item);
    return c && plain(c);
  }

  required(field: string, row: number, item?: string): boolean {
    if (!this.blank(field, row)) return true;
    this.fail('rubric.required', field, row, item);
    return false;
  }

  code(field: string, row: number, item?: string, grade = false): string | undefined {
    const s = this.text(field, row, item);
    if (s === undefined) return undefined;
    const v = normal(s);
    if ((grade ? GRADE : CODE).test(v)) return v;
    this.fail(grade ? 'rubric.bad-grade-code' : 'rubric.bad-code', field, row, item, { value: s });
    return undefined;
  }

  number(
    field: string,
    row: number,
    item: string | undefined,
    rule: 'any' | 'non-negative' | 'positive' | 'whole' = 'any',
  ): number | undefined {
    const c = this.value(field, row, item);
    if (!c) return undefined;
    const spec = this.byField.get(field)!;
    let negative = false;
    let cell = c;
    if (c.type === 'text' && /^\s*[-−－]/.test(c.value)) {
      negative = true;
      cell = { type: 'text', value: c.value.replace(/^\s*[-−－]/, '') };
    }
    const p = parseNumber(cell, { percent: spec.percent !== undefined });
    if (!p.ok) return void this.fail('rubric.not-a-number', field, row, item, { value: shown(c) });
    let n = negative ? -p.value : p.value;
    const percentSign = c.type === 'text' && /[%％]\s*$/.test(c.value);
    if (spec.percent === 'ratio' && (percentSign || p.note === 'percent-format'))
      n = Math.round(n * 1e7) / 1e9;
    const value = shown(c);
    if (spec.percent === 'share' && (n < 0 || n > 100))
      return void this.fail('rubric.share-range', field, row, item, { value });
    if (spec.percent === 'ratio' && (n < 0 || n > 1))
      return void this.fail('rubric.ratio-range', field, row, item, { value });
    if (rule === 'non-negative' && n < 0)
      return void this.fail('rubric.negative', field, row, item, { value });
    if (rule === 'positive' && !(n > 0))
      return void this.fail('rubric.not-positive', field, row, item, { value });
    if (rule === 'whole' && !(Number.isInteger(n) && n > 0))
      return void this.fail('rubric.not-whole', field, row, item, { value });
    return n;
  }

  bool(field: string, row: number, item?: string): boolean | undefined {
    const c = this.value(field, row, item);
    if (!c) return undefined;
    const p = parseChoice(c);
    if (p.ok) return p.value;
    return void this.fail('rubric.not-a-boolean', field, row, item, { value: shown(c) });
  }

  choice(field: string, row: number, item?: string): string | undefined {
    const s = this.text(field, row, item);
    if (s === undefined) return undefined;
    const set = this.byField.get(field)!.choices!;
    const found = matchChoice(s, set);
    if (found !== undefined) return found;
    const words = Object.values(set);
    const suggestion = didYouMean(
      s,
      words.flatMap((w) => [w.zh, w.en, ...(w.also ?? [])]),
    );
    const choices = {
      choicesZh: words.map((w) => w.zh).join('、'),
      choicesEn: words.map((w) => w.en).join(', '),
    };
    if (suggestion)
      this.fail('rubric.unknown-choice-suggest', field, row, item, { value: s, suggestion, ...choices });
    else this.fail('rubric.unknown-choice', field, row, item, { value: s, ...choices });
    return undefined;
  }

  /** Grade codes separated by , ， 、 ; or spaces. */
  list(field: string, row: number, item?: string): string[] | undefined {
    const s = this.text(field, row, item);
    if (s === undefined) return undefined;
    const out: string[] = [];
    for (const g of normal(s)
      .split(/[,，、;；\s]+/)
      .filter(Boolean)) {
      if (GRADE.test(g)) out.push(g);
      else this.fail('rubric.bad-grade-code', field, row, item, { value: g });
    }
    return out.length > 0 ? out : undefined;
  }
}

/** The value of a choice word in either language (or an accepted alternative), case and width ignored. */
export function matchChoice(s: string, set: ChoiceSet): string | undefined {
  const k = headerKey(s);
  for (const [value, w] of Object.entries(set))
    if ([w.zh, w.en, ...(w.also ?? [])].some((x) => headerKey(x) === k)) return value;
  return undefined;
}

/** Headers of the bureau's own notes columns, which the reader leaves alone. */
const NOTES = /^\s*(?:备注|附注|(?:notes?|remarks?)(?![a-z]))/i;

/**
 * Finds the columns of a table sheet by their headers in row 1 (either language, any order) and
 * reports unknown headers (with the closest known one), headers twice and required ones missing.
 */
export function readHeaders(grid: Grid, specs: readonly RubricColumn[], required: readonly string[]) {
  const columns: ColumnMap = new Map();
  const issues: Issue[] = [];
  const names = specs.flatMap((s) => [s.zh, s.en]);
  for (let c = 1; c <= MAX_COLUMNS; c++) {
    const cell = `${colLetter(c)}1`;
    const raw = grid.cell(cell);
    const s = plain(raw);
    if (raw.type === 'formula' || s === undefined) continue;
    const k = headerKey(s);
    const spec = specs.find((x) => headerKey(x.zh) === k || headerKey(x.en) === k);
    const at = { sheet: grid.name, cell };
    // A bureau's own notes column (备注, 备注1, Notes…) is kept out of the rules, not refused.
    if (!spec && NOTES.test(s)) continue;
    if (!spec) {
      const suggestion = didYouMean(s, names);
      issues.push(
        suggestion
          ? error('rubric.unknown-header-suggest', at, { value: s, suggestion })
          : error('rubric.unknown-header', at, { value: s }),
      );
    } else if (columns.has(spec.field)) {
      issues.push(error('rubric.header-twice', at, { value: s, first: `${columns.get(spec.field)}1` }));
    } else columns.set(spec.field, colLetter(c));
  }
  for (const field of required) {
    if (columns.has(field)) continue;
    const spec = specs.find((s) => s.field === field)!;
    issues.push(
      error('rubric.header-missing', { sheet: grid.name, cell: 'A1' }, { colZh: spec.zh, colEn: spec.en }),
    );
  }
  return { columns, issues };
}

/** One issue per merged area that reaches into the data (header row included), at its master cell. */
export function mergedIssues(grid: Grid, columns: readonly string[], lastRow: number): Issue[] {
  const seen = new Map<string, string>();
  for (let r = 1; r <= lastRow; r++)
    for (const col of columns) {
      const master = grid.mergedInto(`${col}${r}`);
      if (master && !seen.has(master)) seen.set(master, `${col}${r}`);
    }
  return [...seen].map(([master, cell]) =>
    error('rubric.merged', { sheet: grid.name, cell: master }, { cell }),
  );
}

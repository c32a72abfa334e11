import { didYouMean, type CellReader, type Grid } from './rubric-cells.ts';
import { shown } from './raw-cell.ts';
import { DETAIL_COLUMNS, KIND_WORDS, type DetailKind } from './rubric-sheets.ts';
import type { BandPoints, Text } from './rule-set-schema.ts';

/** One row of 评分细项 / Details, read: the item it belongs to, its kind and the list entry it makes. */
export interface DetailRow {
  row: number;
  code: string;
  kind: DetailKind | undefined;
  value: unknown;
}

/** The cells each kind of detail row uses; anything else filled in is reported. */
const KIND_CELLS: Record<DetailKind, string[]> = {
  clause: ['title', 'titleEn', 'points'],
  deduction: ['title', 'titleEn', 'points', 'maxCount'],
  band: ['min', 'max', 'includeMin', 'includeMax', 'points'],
  thing: ['title', 'titleEn'],
  part: ['title', 'titleEn', 'points', 'floor'],
};

/** A Text from a Chinese and an English cell: a plain string when English is blank. */
export function textOf(
  cells: CellReader,
  zh: string,
  en: string,
  row: number,
  item: string | undefined,
  required: boolean,
): Text | undefined {
  const z = cells.text(zh, row, item);
  const e = cells.text(en, row, item);
  if (z === undefined) {
    if (e !== undefined) cells.fail('rubric.zh-missing', zh, row, item, { value: e });
    else if (required && cells.blank(zh, row)) cells.fail('rubric.required', zh, row, item);
    return undefined;
  }
  return e === undefined ? z : { zh: z, en: e };
}

const RANGE = /^(\d+(?:\.\d+)?)\s*(?:~|至|到|–|—)\s*(\d+(?:\.\d+)?)\s*分?$/;
const RATE = /^(?:按?比率|rate)(?:\s*(?:of|×|\*|x)?\s*(\d+(?:\.\d+)?)\s*分?)?$/i;

/** A band's points: a number, `a~b` (linear), `比率` / `比率 3` (rate), or `按比例` (which validation refuses). */
function bandPoints(cells: CellReader, row: number, item: string): BandPoints | undefined {
  const c = cells.raw('points', row);
  if (c.type !== 'text') return cells.number('points', row, item, 'non-negative');
  const s = c.value.normalize('NFKC').trim();
  const range = RANGE.exec(s);
  if (range) return [Number(range[1]), Number(range[2])];
  const rate = RATE.exec(s);
  if (rate) return rate[1] === undefined ? { formula: 'rate' } : { formula: 'rate', of: Number(rate[1]) };
  if (/^(按比例|proportional)$/i.test(s)) return 'proportional';
  if (/^\d/.test(s)) return cells.number('points', row, item, 'non-negative');
  cells.fail('rubric.band-points-syntax', 'points', row, item, { value: shown(c) });
  return undefined;
}

/** Reads every row of the details sheet; the caller ties them to their items. */
export function readDetailRows(cells: CellReader, grid: Grid): DetailRow[] {
  const out: DetailRow[] = [];
  const fields = DETAIL_COLUMNS.map((c) => c.field).filter((f) => cells.columns.has(f));
  for (let r = 2; r <= grid.lastRow; r++) {
    if (fields.every((f) => cells.blank(f, r))) continue;
    const code = cells.code('code', r);
    if (code === undefined) {
      if (cells.blank('code', r)) cells.fail('rubric.required', 'code', r, undefined);
      continue;
    }
    if (cells.blank('kind', r)) {
      cells.fail('rubric.required', 'kind', r, code);
      out.push({ row: r, code, kind: undefined, value: undefined });
      continue;
    }
    const kind = cells.choice('kind', r, code) as DetailKind | undefined;
    if (!kind) {
      out.push({ row: r, code, kind, value: undefined });
      continue;
    }
    for (const f of fields)
      if (f !== 'code' && f !== 'kind' && !KIND_CELLS[kind].includes(f) && !cells.blank(f, r))
        cells.fail('rubric.detail-cell-unused', f, r, code, {
          kindZh: KIND_WORDS[kind].zh,
          kindEn: KIND_WORDS[kind].en,
        });
    out.push({ row: r, code, kind, value: detailValue(cells, kind, r, code) });
  }
  return out;
}

function detailValue(cells: CellReader, kind: DetailKind, r: number, code: string): unknown {
  const title = () => textOf(cells, 'title', 'titleEn', r, code, true);
  const points = (rule: 'positive' | 'non-negative') =>
    cells.required('points', r, code) ? cells.number('points', r, code, rule) : undefined;
  switch (kind) {
    case 'clause':
      return { title: title(), points: points('non-negative') };
    case 'deduction': {
      const d: Record<string, unknown> = { title: title(), points: points('positive') };
      const maxCount = cells.number('maxCount', r, code, 'whole');
      if (maxCount !== undefined) d.maxCount = maxCount;
      return d;
    }
    case 'band': {
      const b: Record<string, unknown> = {};
      if (cells.required('min', r, code)) b.min = cells.number('min', r, code);
      const max = cells.number('max', r, code);
      if (max !== undefined) b.max = max;
      const includeMin = cells.bool('includeMin', r, code);
      if (includeMin !== undefined) b.includeMin = includeMin;
      const includeMax = cells.bool('includeMax', r, code);
      if (includeMax !== undefined) b.includeMax = includeMax;
      if (cells.required('points', r, code)) b.points = bandPoints(cells, r, code);
      return b;
    }
    case 'thing':
      return title();
    case 'part': {
      const p: Record<string, unknown> = { title: title(), points: points('positive') };
      const floor = cells.number('floor', r, code, 'non-negative');
      if (floor !== undefined) p.floor = floor;
      return p;
    }
  }
}

/** Reports detail rows whose item is not on the items sheet, with the closest code there. */
export function unknownDetailItems(cells: CellReader, rows: DetailRow[], codes: ReadonlySet<string>): void {
  const reported = new Set<string>();
  for (const d of rows) {
    if (codes.has(d.code) || reported.has(d.code)) continue;
    reported.add(d.code);
    const suggestion = didYouMean(d.code, [...codes], true);
    if (suggestion)
      cells.fail('rubric.detail-unknown-item-suggest', 'code', d.row, d.code, { value: d.code, suggestion });
    else cells.fail('rubric.detail-unknown-item', 'code', d.row, d.code, { value: d.code });
  }
}

import { SHEET_NAMES } from '../domain/layout.ts';
import type { RawCell } from '../domain/raw-cell.ts';
import type { LoadedWorkbook, SheetView } from './sheet-view.ts';

/**
 * A lean .xlsx reader for checking sheets: it reads only the parts a check needs (workbook, its
 * relationships, shared strings, number formats, the sheets asked for) from the entries the zip
 * sniffer already inflated, instead of building exceljs's whole model. Same `LoadedWorkbook` shape
 * as `loadWorkbook`; throws on a part it cannot make sense of (callers report file.corrupt).
 */

const ENTITY = /&(#x[0-9a-fA-F]+|#\d+|lt|gt|amp|quot|apos);/g;
const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** XML text to a string: entities decoded, then OOXML's `_xHHHH_` escapes (as Excel writes control characters). */
function text(s: string): string {
  if (!s.includes('&') && !s.includes('_x')) return s;
  return s
    .replace(ENTITY, (_m, e: string) =>
      e[0] === '#'
        ? String.fromCodePoint(e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10))
        : NAMED[e]!,
    )
    .replace(/_x([0-9a-fA-F]{4})_/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16)));
}

const ATTRS = new Map<string, RegExp>();
const attr = (tag: string, name: string): string | undefined => {
  let re = ATTRS.get(name);
  if (!re) ATTRS.set(name, (re = new RegExp(`\\s${name}="([^"]*)"`)));
  const m = re.exec(tag);
  return m ? (m[1]!.includes('&') || m[1]!.includes('_x') ? text(m[1]!) : m[1]!) : undefined;
};

/** The visible text of an `<si>` or `<is>`: every `<t>` run joined (rich text included, phonetic runs skipped). */
function runs(xml: string): string {
  let out = '';
  for (const m of xml
    .replace(/<rPh\b[\s\S]*?<\/rPh>/g, '')
    .matchAll(/<t(?:\s[^>]*)?>([\s\S]*?)<\/t>|<t(?:\s[^>]*)?\/>/g))
    out += text(m[1] ?? '');
  return out;
}

const BUILTIN_DATES = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 30, 36, 45, 46, 47, 50, 57]);

/** Whether a number format shows a date or time (as exceljs decides: y, m, d, h or s outside quotes and brackets). */
function isDateFormat(code: string): boolean {
  const bare = code.replace(/"[^"]*"|\[[^\]]*\]|\\./g, '');
  return /[ymdhs]/i.test(bare) && !/^(General|@)$/i.test(bare.trim());
}

function styles(xml: string | undefined): { date: boolean; percent: boolean }[] {
  if (!xml) return [];
  const custom = new Map<number, string>();
  for (const m of xml.matchAll(/<numFmt\b[^>]*>/g))
    custom.set(Number(attr(m[0], 'numFmtId')), attr(m[0], 'formatCode') ?? '');
  const xfs = /<cellXfs\b[^>]*>([\s\S]*?)<\/cellXfs>/.exec(xml)?.[1] ?? '';
  return [...xfs.matchAll(/<xf\b[^>]*>/g)].map((m) => {
    const id = Number(attr(m[0], 'numFmtId') ?? 0);
    const code = custom.get(id) ?? '';
    return {
      date: BUILTIN_DATES.has(id) || (custom.has(id) && isDateFormat(code)),
      percent: id === 9 || id === 10 || code.includes('%'),
    };
  });
}

/** A spreadsheet serial day number as an ISO date. */
function serialDate(serial: number, date1904: boolean): string {
  const epoch = date1904 ? Date.UTC(1904, 0, 1) : Date.UTC(1899, 11, 30);
  const d = new Date(epoch + Math.round(serial * 86400000));
  return Number.isFinite(d.getTime()) ? d.toISOString().slice(0, 10) : String(serial);
}

function colRow(ref: string): [number, number] {
  const m = /^([A-Z]+)(\d+)$/.exec(ref);
  if (!m) return [0, 0];
  let col = 0;
  for (const ch of m[1]!) col = col * 26 + (ch.charCodeAt(0) - 64);
  return [col, Number(m[2])];
}

function sheetView(
  name: string,
  xml: string,
  shared: string[],
  fmt: { date: boolean; percent: boolean }[],
  date1904: boolean,
): SheetView {
  const cells = new Map<string, RawCell>();
  let lastRow = 0;
  for (const m of xml.matchAll(/<c\b([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)) {
    const head = m[1]!;
    const body = m[2] ?? '';
    const ref = attr(head, 'r');
    if (!ref) continue;
    const t = attr(head, 't') ?? 'n';
    const f = /<f\b[^>]*?(?:\/>|>([\s\S]*?)<\/f>)/.exec(body);
    const v = /<v>([\s\S]*?)<\/v>/.exec(body)?.[1];
    let cell: RawCell;
    if (f) cell = { type: 'formula', formula: text(f[1] ?? '') };
    else if (t === 'inlineStr')
      cell = { type: 'text', value: runs(/<is>([\s\S]*?)<\/is>/.exec(body)?.[1] ?? '') };
    else if (v === undefined) continue;
    else if (t === 's') cell = { type: 'text', value: shared[Number(v)] ?? '' };
    else if (t === 'str') cell = { type: 'text', value: text(v) };
    else if (t === 'b') cell = { type: 'boolean', value: v === '1' };
    else if (t === 'e') cell = { type: 'error', value: text(v) };
    else if (t === 'd') cell = { type: 'date', value: text(v).slice(0, 10) };
    else {
      const n = Number(v);
      const style = fmt[Number(attr(head, 's') ?? 0)];
      cell =
        style?.date && Number.isFinite(n)
          ? { type: 'date', value: serialDate(n, date1904) }
          : { type: 'number', value: n, percentFormat: style?.percent ?? false };
    }
    if (cell.type === 'text' && cell.value === '') continue;
    cells.set(ref, cell);
    lastRow = Math.max(lastRow, colRow(ref)[1]);
  }
  const merged = new Map<string, string>();
  for (const m of xml.matchAll(/<mergeCell\b[^>]*ref="([A-Z]+\d+):([A-Z]+\d+)"/g)) {
    const [c1, r1] = colRow(m[1]!);
    const [c2, r2] = colRow(m[2]!);
    // Only the cells cepin reads matter; cap the expansion so a hostile merge cannot blow up memory.
    if ((c2 - c1 + 1) * (r2 - r1 + 1) > 10_000) continue;
    for (let r = r1; r <= r2; r++)
      for (let c = c1; c <= c2; c++) if (r !== r1 || c !== c1) merged.set(`${colLetter(c)}${r}`, m[1]!);
  }
  return { name, lastRow, cell: (a) => cells.get(a) ?? { type: 'empty' }, mergedInto: (a) => merged.get(a) };
}

function colLetter(col: number): string {
  let s = '';
  for (let n = col; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

/** Reads a workbook from its inflated parts (as `openWorkbookParts` returns them). */
export function readWorkbookParts(parts: ReadonlyMap<string, Uint8Array>): LoadedWorkbook {
  const decoder = new TextDecoder();
  const part = (path: string) => {
    const b = parts.get(path);
    return b ? decoder.decode(b) : undefined;
  };
  const workbook = part('xl/workbook.xml');
  if (!workbook) throw new Error('xl/workbook.xml missing');
  const rels = new Map<string, string>();
  for (const m of (part('xl/_rels/workbook.xml.rels') ?? '').matchAll(/<Relationship\b[^>]*>/g)) {
    const target = attr(m[0], 'Target') ?? '';
    rels.set(attr(m[0], 'Id') ?? '', target.startsWith('/') ? target.slice(1) : `xl/${target}`);
  }
  const sheets = [...workbook.matchAll(/<sheet\b[^>]*>/g)].map((m) => ({
    name: attr(m[0], 'name') ?? '',
    path: rels.get(attr(m[0], 'r:id') ?? '') ?? '',
  }));
  // Every sheet's part must be there: a missing one makes the file damaged, reported up front.
  for (const s of sheets) if (!parts.has(s.path)) throw new Error(`${s.path || s.name} missing`);
  const date1904 = /<workbookPr\b[^>]*date1904="(1|true)"/.test(workbook);
  const shared = [...(part('xl/sharedStrings.xml') ?? '').matchAll(/<si>([\s\S]*?)<\/si>|<si\/>/g)].map((m) =>
    runs(m[1] ?? ''),
  );
  const fmt = styles(part('xl/styles.xml'));
  const views = new Map<string, SheetView>();
  const sheet = (name: string): SheetView | undefined => {
    const s = sheets.find((x) => x.name === name);
    if (!s) return undefined;
    if (!views.has(name)) {
      views.set(name, sheetView(name, part(s.path)!, shared, fmt, date1904));
    }
    return views.get(name);
  };
  let meta: Map<string, string> | null = null;
  const metaSheet = sheet(SHEET_NAMES.meta);
  if (metaSheet) {
    meta = new Map();
    for (let r = 1; r <= metaSheet.lastRow; r++) {
      const k = metaSheet.cell(`A${r}`);
      const v = metaSheet.cell(`B${r}`);
      const key = k.type === 'text' ? k.value.trim() : '';
      if (key) meta.set(key, v.type === 'text' ? v.value.trim() : v.type === 'number' ? String(v.value) : '');
    }
  }
  return { sheetNames: sheets.map((s) => s.name), meta, sheet };
}

import { printRequires } from './rubric-expr.ts';
import {
  ACTION_WORDS,
  KIND_WORDS,
  MEASURE_WORDS,
  METHOD_WORDS,
  WHEN_SHORT_WORDS,
  YES_NO,
  type AboutField,
  type DetailKind,
} from './rubric-sheets.ts';
import type { BandPoints, Method, NodeInput, OverlayFile, RuleSetFile, Text } from './rule-set-schema.ts';
import type { Lang } from './text.ts';

/**
 * A rule file (full or overlay, as written: optional fields only where it has them) as the rows of
 * its rubric workbook, one value per column field; the excel layer writes them. The way back is
 * `readRubricGrids` (rubric-read.ts): export then import gives the same resolved fingerprint.
 */

export type CellValue = string | number;
/** One row of a table sheet: column field → value; a field left out is a blank cell. */
export type SheetRow = Record<string, CellValue>;

export interface RubricRows {
  overlay: boolean;
  about: Partial<Record<AboutField, CellValue>>;
  items: SheetRow[];
  details: SheetRow[];
  grades: SheetRow[];
  facts: SheetRow[];
}

/** Anything a rubric workbook can be made from: a rule file, parsed or as written. */
export type AnyRule = RuleSetFile | OverlayFile;

const zhOf = (t: Text) => (typeof t === 'string' ? t : t.zh);
const enOf = (t: Text) => (typeof t === 'string' ? undefined : t.en);

/** The rows of a rubric workbook for a rule file, words in `lang`. */
export function rulesToRows(file: AnyRule, lang: Lang): RubricRows {
  const overlay = 'extends' in file && typeof file.extends === 'string';
  const w = (x: { zh: string; en: string }) => x[lang];
  const yesNo = (b: boolean | undefined) => (b === undefined ? undefined : w(b ? YES_NO.yes : YES_NO.no));
  const rows: RubricRows = { overlay, about: {}, items: [], details: [], grades: [], facts: [] };
  const put = (row: SheetRow, field: string, v: CellValue | undefined) => {
    if (v !== undefined && v !== '') row[field] = v;
  };
  const text = (row: SheetRow, zh: string, en: string, t: Text | undefined) => {
    if (t === undefined) return;
    put(row, zh, zhOf(t));
    put(row, en, enOf(t));
  };
  rows.about.id = file.id;
  rows.about.version = file.version;
  rows.about.title = zhOf(file.title);
  if (enOf(file.title) !== undefined) rows.about.titleEn = enOf(file.title)!;
  if (overlay) rows.about.extends = (file as OverlayFile).extends;
  else if ((file as RuleSetFile).scale !== undefined) rows.about.scale = (file as RuleSetFile).scale;

  const detail = (code: string, kind: DetailKind, fill: (row: SheetRow) => void) => {
    const row: SheetRow = { code, kind: w(KIND_WORDS[kind]) };
    fill(row);
    rows.details.push(row);
  };
  const method = (row: SheetRow, code: string, m: Method) => {
    put(row, 'method', w(METHOD_WORDS[m.type]));
    switch (m.type) {
      case 'direct':
        put(row, 'per', m.step);
        break;
      case 'checklist':
        for (const c of m.clauses)
          detail(code, 'clause', (d) => (text(d, 'title', 'titleEn', c.title), put(d, 'points', c.points)));
        break;
      case 'deduction':
        for (const x of m.deductions)
          detail(code, 'deduction', (d) => {
            text(d, 'title', 'titleEn', x.title);
            put(d, 'points', x.points);
            put(d, 'maxCount', x.maxCount);
          });
        break;
      case 'scale':
        put(row, 'measure', w(MEASURE_WORDS[m.input.unit]!));
        put(row, 'inputMin', m.input.min);
        put(row, 'inputMax', m.input.max);
        for (const b of m.bands)
          detail(code, 'band', (d) => {
            put(d, 'min', b.min);
            put(d, 'max', b.max);
            put(d, 'includeMin', yesNo(b.includeMin));
            put(d, 'includeMax', yesNo(b.includeMax));
            put(d, 'points', bandPoints(b.points, lang));
          });
        break;
      case 'count':
        put(row, 'per', m.each);
        for (const t of m.things ?? []) detail(code, 'thing', (d) => text(d, 'title', 'titleEn', t));
        break;
      case 'sampling':
        put(row, 'per', m.each);
        put(row, 'number', m.size);
        put(row, 'whenShort', m.whenShort && w(WHEN_SHORT_WORDS[m.whenShort]!));
        break;
      case 'defects':
        put(row, 'per', m.per);
        for (const p of m.parts)
          detail(code, 'part', (d) => {
            text(d, 'title', 'titleEn', p.title);
            put(d, 'points', p.points);
            put(d, 'floor', p.floor);
          });
        break;
      case 'spotcheck':
        put(row, 'number', m.sheets);
        break;
      case 'compliance':
        break;
    }
  };
  const fields = (row: SheetRow, n: Partial<NodeInput>) => {
    text(row, 'title', 'titleEn', n.title);
    put(row, 'points', n.maxPoints);
    if (n.method) method(row, String(row.code), n.method);
    put(row, 'key', yesNo(n.key));
    put(row, 'naAllowed', yesNo(n.naAllowed));
    text(row, 'veto', 'vetoEn', n.veto?.condition);
    put(row, 'bonus', n.bonus?.cap);
    put(row, 'countsFor', n.countsFor?.join(lang === 'zh' ? '、' : ', '));
    text(row, 'verify', 'verifyEn', n.verify);
    text(row, 'evidence', 'evidenceEn', n.evidence);
    text(row, 'guidance', 'guidanceEn', n.guidance);
  };
  const node = (n: NodeInput, parent: string | undefined, action?: 'add') => {
    const row: SheetRow = { code: n.code };
    put(row, 'parent', parent);
    rows.items.push(row);
    fields(row, n);
    put(row, 'action', action && w(ACTION_WORDS[action]!));
    for (const c of n.children ?? []) node(c, n.code, action);
  };
  if (overlay) {
    const o = file as OverlayFile;
    for (const s of o.splits ?? []) for (const c of s.children) node(c, s.code, 'add');
    for (const p of o.patches ?? []) {
      const row: SheetRow = { code: p.code };
      rows.items.push(row);
      fields(row, p);
      put(row, 'action', w(ACTION_WORDS.patch!));
    }
  } else for (const c of (file as RuleSetFile).categories) node(c, undefined);

  const grading = overlay ? (file as OverlayFile).grading : (file as RuleSetFile).grading;
  for (const g of grading?.grades ?? []) {
    const row: SheetRow = { code: g.code };
    text(row, 'label', 'labelEn', g.label);
    put(row, 'minTotal', g.minTotal);
    put(row, 'maxTotal', g.maxTotal);
    put(row, 'minShare', g.minShare);
    put(row, 'maxShare', g.maxShare);
    put(row, 'includeMin', yesNo(g.includeMin));
    put(row, 'includeMax', yesNo(g.includeMax));
    put(row, 'minCategoryRatio', g.minCategoryRatio);
    put(row, 'minItemRatio', g.minItemRatio);
    put(row, 'keyItemsFull', yesNo(g.keyItemsFull));
    if (g.requires) put(row, 'requires', printRequires(g.requires, lang));
    put(row, 'passes', yesNo(g.passes));
    rows.grades.push(row);
  }
  if (grading) {
    const row: SheetRow = { code: grading.fallback.code };
    text(row, 'label', 'labelEn', grading.fallback.label);
    put(row, 'fallback', w(YES_NO.yes));
    rows.grades.push(row);
  }
  for (const f of grading?.facts ?? []) {
    const row: SheetRow = { code: f.code };
    text(row, 'title', 'titleEn', f.title);
    rows.facts.push(row);
  }
  return rows;
}

/** A band's points as its cell shows them: 3, `5.7~6`, `比率`, `比率 3`, `按比例`. */
export function bandPoints(p: BandPoints, lang: Lang): CellValue {
  if (typeof p === 'number') return p;
  if (Array.isArray(p)) return `${p[0]}~${p[1]}`;
  if (p === 'proportional') return lang === 'zh' ? '按比例' : 'proportional';
  const rate = lang === 'zh' ? '比率' : 'rate';
  return p.of === undefined ? rate : `${rate} ${p.of}`;
}

/** The way back, from a workbook's sheets to a rule file. */
export { findRubricSheets, readRubricGrids, type RubricGrids, type RubricParse } from './rubric-read.ts';

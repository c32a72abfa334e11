import { error } from './issues.ts';
import { CellReader, didYouMean, mergedIssues, type Grid } from './rubric-cells.ts';
import { parseRequires } from './rubric-expr.ts';
import { textOf } from './rubric-read-details.ts';
import {
  ABOUT_ROWS,
  FACT_COLUMNS,
  GRADE_COLUMNS,
  headerKey,
  type AboutField,
  type RubricColumn,
} from './rubric-sheets.ts';
import { isBlank, shown } from './raw-cell.ts';
import type { Text } from './rule-set-schema.ts';

/** 基本信息 / About, 等级 / Grades and 否决事实 / Fail facts, read into rule-file fields. */

const ID = /^[a-z0-9][a-z0-9-]*$/;

export interface About {
  id?: string | undefined;
  version?: number | undefined;
  title?: Text | undefined;
  scale?: number | undefined;
  extends?: string | undefined;
}

/** Reads the label/value rows of the About sheet; `rows` says where each label was found. */
export function readAbout(grid: Grid) {
  const specs: RubricColumn[] = ABOUT_ROWS.map((a) => ({
    field: a.field,
    zh: a.zh,
    en: a.en,
    width: 0,
    kind: 'text',
  }));
  const cells = new CellReader(grid, new Map(specs.map((s) => [s.field, 'B'])), specs);
  cells.issues.push(...mergedIssues(grid, ['A', 'B'], grid.lastRow));
  const rows = new Map<AboutField, number>();
  const labels = ABOUT_ROWS.flatMap((a) => [a.zh, a.en]);
  for (let r = 1; r <= grid.lastRow; r++) {
    const a = grid.cell(`A${r}`);
    if (isBlank(a) || a.type === 'formula') continue;
    const k = headerKey(shown(a));
    const found = ABOUT_ROWS.find((x) => headerKey(x.zh) === k || headerKey(x.en) === k);
    const at = { sheet: grid.name, cell: `A${r}` };
    if (!found) {
      if (isBlank(grid.cell(`B${r}`))) continue;
      const suggestion = didYouMean(shown(a), labels);
      cells.issues.push(
        suggestion
          ? error('rubric.unknown-label-suggest', at, { value: shown(a), suggestion })
          : error('rubric.unknown-label', at, { value: shown(a) }),
      );
    } else if (rows.has(found.field)) {
      cells.issues.push(
        error('rubric.label-twice', at, { value: shown(a), first: `A${rows.get(found.field)}` }),
      );
    } else rows.set(found.field, r);
  }
  const about: About = {};
  const missing = (field: AboutField) => {
    const spec = specs.find((s) => s.field === field)!;
    cells.issues.push(
      error(
        'rubric.about-missing',
        { sheet: grid.name, cell: `A${grid.lastRow + 1}` },
        { colZh: spec.zh, colEn: spec.en },
      ),
    );
  };
  const idRow = rows.get('id');
  if (idRow === undefined) missing('id');
  else if (cells.required('id', idRow)) {
    const id = cells.text('id', idRow);
    if (id !== undefined && ID.test(id.normalize('NFKC'))) about.id = id.normalize('NFKC');
    else if (id !== undefined) cells.fail('rubric.bad-id', 'id', idRow, undefined, { value: id });
  }
  const v = rows.get('version');
  if (v !== undefined) about.version = cells.number('version', v, undefined, 'whole');
  const t = rows.get('title');
  if (t === undefined) missing('title');
  else {
    const zh = cells.text('title', t);
    const enRow = rows.get('titleEn');
    const en = enRow === undefined ? undefined : cells.text('titleEn', enRow);
    if (zh !== undefined) about.title = en === undefined ? zh : { zh, en };
    else if (en !== undefined) cells.fail('rubric.zh-missing', 'title', t, undefined, { value: en });
    else if (cells.blank('title', t)) cells.fail('rubric.required', 'title', t, undefined);
  }
  const s = rows.get('scale');
  if (s !== undefined) about.scale = cells.number('scale', s, undefined, 'positive');
  const e = rows.get('extends');
  if (e !== undefined) {
    const base = cells.text('extends', e);
    if (base !== undefined && ID.test(base.normalize('NFKC'))) about.extends = base.normalize('NFKC');
    else if (base !== undefined) cells.fail('rubric.bad-id', 'extends', e, undefined, { value: base });
  }
  return { about, rows, issues: cells.issues };
}

/** Reads the grades sheet: the grades in order and the one fallback row. */
export function readGrades(cells: CellReader) {
  const grades: Record<string, unknown>[] = [];
  const gradeRows: number[] = [];
  let fallback: Record<string, unknown> | undefined;
  let fallbackRow: number | undefined;
  const fields = GRADE_COLUMNS.map((c) => c.field).filter((f) => cells.columns.has(f));
  const seen = new Map<string, number>();
  for (let r = 2; r <= cells.grid.lastRow; r++) {
    if (fields.every((f) => cells.blank(f, r))) continue;
    if (cells.bool('fallback', r)) {
      if (fallbackRow !== undefined) {
        cells.fail('rubric.fallback-twice', 'fallback', r, undefined, {
          first: `${cells.address('fallback', fallbackRow)}`,
        });
        continue;
      }
      fallbackRow = r;
      const code = cells.required('code', r) ? cells.text('code', r) : undefined;
      const label = textOf(cells, 'label', 'labelEn', r, code, true);
      for (const f of fields)
        if (!['code', 'label', 'labelEn', 'fallback'].includes(f) && !cells.blank(f, r))
          cells.fail('rubric.fallback-cell-unused', f, r, code);
      fallback = { code, label };
      continue;
    }
    if (fallbackRow !== undefined) cells.fail('rubric.fallback-not-last', 'fallback', fallbackRow, undefined);
    if (!cells.required('code', r)) continue;
    const code = cells.code('code', r, undefined, true);
    if (code === undefined) continue;
    if (seen.has(code))
      cells.fail('rubric.duplicate-grade', 'code', r, code, {
        value: code,
        first: `${cells.address('code', seen.get(code)!)}`,
      });
    seen.set(code, r);
    grades.push(readGrade(cells, r, code));
    gradeRows.push(r);
  }
  return { grades, gradeRows, fallback, fallbackRow };
}

function readGrade(cells: CellReader, r: number, code: string): Record<string, unknown> {
  const g: Record<string, unknown> = { code, label: textOf(cells, 'label', 'labelEn', r, code, true) };
  const set = (key: string, v: unknown) => {
    if (v !== undefined) g[key] = v;
  };
  set('minTotal', cells.number('minTotal', r, code, 'non-negative'));
  set('minShare', cells.number('minShare', r, code));
  set('includeMin', cells.bool('includeMin', r, code));
  set('maxTotal', cells.number('maxTotal', r, code, 'non-negative'));
  set('maxShare', cells.number('maxShare', r, code));
  set('includeMax', cells.bool('includeMax', r, code));
  set('minCategoryRatio', cells.number('minCategoryRatio', r, code));
  set('minItemRatio', cells.number('minItemRatio', r, code));
  set('keyItemsFull', cells.bool('keyItemsFull', r, code));
  const expr = cells.text('requires', r, code);
  if (expr !== undefined) {
    const parsed = parseRequires(expr);
    if (parsed.ok) g.requires = parsed.requires;
    else cells.fail(parsed.error.code, 'requires', r, code, { value: expr, at: parsed.error.at });
  }
  set('passes', cells.bool('passes', r, code));
  return g;
}

/** Reads the fail facts: code and title, one row each. */
export function readFacts(cells: CellReader) {
  const facts: Record<string, unknown>[] = [];
  const rows: number[] = [];
  const fields = FACT_COLUMNS.map((c) => c.field).filter((f) => cells.columns.has(f));
  for (let r = 2; r <= cells.grid.lastRow; r++) {
    if (fields.every((f) => cells.blank(f, r))) continue;
    if (!cells.required('code', r)) continue;
    const code = cells.code('code', r);
    if (code === undefined) continue;
    facts.push({ code, title: textOf(cells, 'title', 'titleEn', r, code, true) });
    rows.push(r);
  }
  return { facts, rows };
}

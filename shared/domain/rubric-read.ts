import { error, hasErrors, type Issue } from './issues.ts';
import { CellReader, didYouMean, mergedIssues, readHeaders, type Grid } from './rubric-cells.ts';
import { locateIssues, type RowRef, type RubricIndex } from './rubric-locate.ts';
import { readDetailRows, unknownDetailItems, type DetailRow } from './rubric-read-details.ts';
import { readAbout, readFacts, readGrades, type About } from './rubric-read-grades.ts';
import { readItemRows, type ItemRow } from './rubric-read-items.ts';
import {
  findRubricSheets,
  REQUIRED_HEADERS,
  RUBRIC_SHEETS,
  TABLE_COLUMNS,
  type RubricSheetKey,
  type TableKey,
} from './rubric-sheets.ts';
import { resolveRuleSet } from './rule-set.ts';
import { OverlayFile, RuleSetFile } from './rule-set-schema.ts';

export { findRubricSheets };

/** The sheets of a workbook the rubric reader found, by role. */
export type RubricGrids = Partial<Record<Exclude<RubricSheetKey, 'instructions'>, Grid>>;

/** What reading a rubric workbook's sheets gives: the rule file, every problem, and where things came from. */
export interface RubricParse {
  file: Record<string, unknown>;
  overlay: boolean;
  /** False when 版本 was left blank (the file then says version 1; an upload takes the next free one). */
  versionGiven: boolean;
  issues: Issue[];
  index: RubricIndex;
}

const noBase = () => {
  throw new Error('a full rule set has no base');
};

function table(grid: Grid | undefined, key: TableKey) {
  if (!grid) return undefined;
  const { columns, issues } = readHeaders(grid, TABLE_COLUMNS[key], REQUIRED_HEADERS[key]);
  const cells = new CellReader(grid, columns, TABLE_COLUMNS[key]);
  cells.issues.push(...issues, ...mergedIssues(grid, [...columns.values()], grid.lastRow));
  return cells;
}

const empty: Grid = { name: '', cell: () => ({ type: 'empty' }), mergedInto: () => undefined, lastRow: 0 };

/**
 * Reads a rubric workbook's sheets into a rule file (full or overlay), reporting every problem with
 * its sheet, cell and item: the cells one by one, then the rule file against the schema, then (a full
 * rule set, which needs no base) its consistency — sums, bands, grades.
 */
export function readRubricGrids(grids: RubricGrids): RubricParse {
  const issues: Issue[] = [];
  const missing = (key: RubricSheetKey) =>
    issues.push(
      error('rubric.sheet-missing', {}, { sheetZh: RUBRIC_SHEETS[key].zh, sheetEn: RUBRIC_SHEETS[key].en }),
    );
  let about: About = {};
  let aboutRows: RubricIndex['about'] = new Map();
  if (grids.about) {
    const a = readAbout(grids.about);
    about = a.about;
    aboutRows = a.rows;
    issues.push(...a.issues);
  } else missing('about');
  const overlay = about.extends !== undefined;
  if (!grids.items) missing('items');
  if (!grids.grades && !overlay) missing('grades');
  const [items, details, grades, facts] = (['items', 'details', 'grades', 'facts'] as const).map((k) =>
    table(grids[k], k),
  );
  const detailCells = details ?? new CellReader(empty, new Map(), TABLE_COLUMNS.details);
  const detailRows = details ? readDetailRows(details, details.grid) : [];
  const byCode = new Map<string, DetailRow[]>();
  for (const d of detailRows) byCode.set(d.code, [...(byCode.get(d.code) ?? []), d]);
  const rows = items ? readItemRows(items, detailCells, byCode, overlay) : [];
  if (details) unknownDetailItems(details, detailRows, new Set(rows.map((r) => r.code)));
  const ix: RubricIndex = {
    overlay,
    sheets: Object.fromEntries(Object.entries(grids).map(([k, g]) => [k, g.name])),
    cols: {
      items: items?.columns,
      details: details?.columns,
      grades: grades?.columns,
      facts: facts?.columns,
    },
    about: aboutRows,
    nodes: new Map(),
    codes: new Map(),
    firstChild: new Map(),
    splits: [],
    grades: [],
    facts: [],
  };
  const tree = items ? (overlay ? overlayTree(items, rows, ix) : fullTree(items, rows, ix)) : {};
  const file: Record<string, unknown> = { id: about.id, version: about.version ?? 1 };
  if (overlay) file.extends = about.extends;
  file.title = about.title;
  if (overlay && about.scale !== undefined)
    issues.push(
      error('rubric.scale-in-overlay', { sheet: grids.about!.name, cell: `B${aboutRows.get('scale')}` }),
    );
  if (!overlay && about.scale !== undefined) file.scale = about.scale;
  const grading = readGrading(grades, facts, overlay, ix);
  issues.push(...grading.issues);
  if (overlay) Object.assign(file, tree, grading.value ? { grading: grading.value } : {});
  else Object.assign(file, { grading: grading.value }, tree);
  for (const c of [items, details, grades, facts]) if (c) issues.push(...c.issues);
  return {
    file,
    overlay,
    versionGiven: about.version !== undefined,
    issues: inSheetOrder(check(file, overlay, issues, ix), ix),
    index: ix,
  };
}

/** Issues sorted as a person reads the workbook: sheet by sheet, row by row, column by column. */
function inSheetOrder(issues: Issue[], ix: RubricIndex): Issue[] {
  const order = ['about', 'items', 'details', 'grades', 'facts'].map(
    (k) => ix.sheets[k as keyof RubricIndex['sheets']],
  );
  const key = (i: Issue): [number, number, number] => {
    const m = /^([A-Z]+)(\d+)$/.exec(i.cell ?? '');
    const col = m ? [...m[1]!].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) : 0;
    return [i.sheet === undefined ? -1 : order.indexOf(i.sheet), m ? Number(m[2]) : 0, col];
  };
  return issues
    .map((i, n) => ({ i, n, k: key(i) }))
    .sort((a, b) => a.k[0] - b.k[0] || a.k[1] - b.k[1] || a.k[2] - b.k[2] || a.n - b.n)
    .map((x) => x.i);
}

/** The rule file against the schema, then a full rule set's consistency; every issue located. */
function check(file: Record<string, unknown>, overlay: boolean, issues: Issue[], ix: RubricIndex): Issue[] {
  const parsed = (overlay ? OverlayFile : RuleSetFile).safeParse(file);
  const out = [...issues];
  const taken = new Set(issues.map((i) => `${i.sheet}!${i.cell}`));
  if (!parsed.success) {
    const bad = hasErrors(issues);
    for (const z of parsed.error.issues) {
      // A value left out because its cell was already reported comes back from the schema as missing.
      if (bad && z.code === 'invalid_type' && /received undefined/.test(z.message)) continue;
      const [i] = locateIssues(ix, [
        error('rules.schema', { path: z.path.join('.') || '(root)' }, { detail: z.message }),
      ]);
      if (!taken.has(`${i!.sheet}!${i!.cell}`)) out.push(i!);
    }
    return out;
  }
  if (overlay) return out;
  const r = resolveRuleSet(file, noBase);
  // A consistency problem at a cell already reported, or of an item with a cell reported, is that
  // problem's echo (a method that could not be read is missing to the checks too).
  const erred = new Set(issues.flatMap((i) => (i.severity === 'error' && i.item ? [i.item] : [])));
  for (const i of locateIssues(ix, r.issues))
    if (!taken.has(`${i.sheet}!${i.cell}`) && !(i.item && erred.has(i.item))) out.push(i);
  return out;
}

function ref(row: ItemRow): RowRef {
  return { row: row.row, code: row.code, parent: row.parent, lists: row.lists };
}

function fullTree(cells: CellReader, rows: ItemRow[], ix: RubricIndex) {
  const categories: Record<string, unknown>[] = [];
  const placed = new Map<string, Record<string, unknown>>();
  const all = new Set(rows.map((r) => r.code));
  for (const row of rows) {
    if (!ix.codes.has(row.code)) ix.codes.set(row.code, ref(row));
    if (row.parent !== undefined && !ix.firstChild.has(row.parent)) ix.firstChild.set(row.parent, ref(row));
    const parent = row.parent === undefined ? undefined : placed.get(row.parent);
    if (row.parent === undefined) categories.push(row.node);
    else if (parent) ((parent.children as unknown[] | undefined) ?? (parent.children = [])).push(row.node);
    else parentProblem(cells, row, all);
    if (!placed.has(row.code)) placed.set(row.code, row.node);
  }
  const refs = new Map(rows.map((r) => [r.node, ref(r)]));
  const walk = (n: Record<string, unknown>, path: string) => {
    ix.nodes.set(path, refs.get(n)!);
    (n.children as Record<string, unknown>[] | undefined)?.forEach((c, i) =>
      walk(c, `${path}.children.${i}`),
    );
  };
  categories.forEach((c, i) => walk(c, `categories.${i}`));
  if (rows.length === 0) cells.fail('rubric.items-empty', 'code', 2, undefined);
  return { categories };
}

function parentProblem(cells: CellReader, row: ItemRow, all: ReadonlySet<string>) {
  const value = row.parent!;
  if (value === row.code) return cells.fail('rubric.parent-self', 'parent', row.row, row.code, { value });
  if (all.has(value)) return cells.fail('rubric.parent-below', 'parent', row.row, row.code, { value });
  const suggestion = didYouMean(
    value,
    [...all].filter((c) => c !== row.code),
    true,
  );
  if (suggestion)
    cells.fail('rubric.parent-unknown-suggest', 'parent', row.row, row.code, { value, suggestion });
  else cells.fail('rubric.parent-unknown', 'parent', row.row, row.code, { value });
}

function overlayTree(cells: CellReader, rows: ItemRow[], ix: RubricIndex) {
  const adds = new Map<string, Record<string, unknown>>();
  const splits = new Map<string, { code: string; children: Record<string, unknown>[]; rows: ItemRow[] }>();
  const patches: Record<string, unknown>[] = [];
  const later = new Set(rows.filter((r) => r.action === 'add').map((r) => r.code));
  for (const row of rows) {
    const first = ix.codes.get(row.code);
    if (first)
      cells.fail('rubric.duplicate-code', 'code', row.row, row.code, {
        code: row.code,
        first: `${cells.grid.name}!${cells.address('code', first.row)}`,
      });
    else ix.codes.set(row.code, ref(row));
    if (row.action === 'patch') {
      ix.nodes.set(`patches.${patches.length}`, ref(row));
      patches.push(row.node);
    } else if (row.action === 'add') {
      later.delete(row.code);
      if (row.parent === undefined) cells.fail('rubric.required', 'parent', row.row, row.code);
      else if (!ix.firstChild.has(row.parent)) ix.firstChild.set(row.parent, ref(row));
      const parent = row.parent === undefined ? undefined : adds.get(row.parent);
      if (row.parent === undefined) continue;
      else if (parent) ((parent.children as unknown[] | undefined) ?? (parent.children = [])).push(row.node);
      else if (row.parent === row.code || later.has(row.parent))
        parentProblem(cells, row, new Set([row.parent]));
      else {
        const split = splits.get(row.parent) ?? { code: row.parent, children: [], rows: [] };
        splits.set(row.parent, split);
        split.children.push(row.node);
        split.rows.push(row);
      }
      adds.set(row.code, row.node);
    }
  }
  const refs = new Map(rows.map((r) => [r.node, ref(r)]));
  const walk = (n: Record<string, unknown>, path: string) => {
    ix.nodes.set(path, refs.get(n)!);
    (n.children as Record<string, unknown>[] | undefined)?.forEach((c, i) =>
      walk(c, `${path}.children.${i}`),
    );
  };
  [...splits.values()].forEach((s, i) => {
    ix.splits.push(ref(s.rows[0]!));
    s.children.forEach((c, j) => walk(c, `splits.${i}.children.${j}`));
    if (s.children.length < 2)
      cells.fail('rubric.split-one-child', 'parent', s.rows[0]!.row, s.rows[0]!.code, { value: s.code });
  });
  const out: Record<string, unknown> = {};
  if (splits.size > 0) out.splits = [...splits.values()].map((s) => ({ code: s.code, children: s.children }));
  if (patches.length > 0) out.patches = patches;
  if (rows.length === 0) cells.fail('rubric.items-empty', 'code', 2, undefined);
  return out;
}

function readGrading(
  grades: CellReader | undefined,
  facts: CellReader | undefined,
  overlay: boolean,
  ix: RubricIndex,
) {
  const issues: Issue[] = [];
  const g = grades ? readGrades(grades) : undefined;
  const f = facts ? readFacts(facts) : undefined;
  ix.grades = g?.gradeRows ?? [];
  ix.fallback = g?.fallbackRow;
  ix.facts = f?.rows ?? [];
  const any = (g?.grades.length ?? 0) > 0 || g?.fallback !== undefined;
  if (!any) {
    if (!overlay && grades)
      issues.push(error('rubric.grades-missing', { sheet: grades.grid.name, cell: 'A2' }));
    if (overlay && facts && (f?.facts.length ?? 0) > 0)
      issues.push(error('rubric.facts-without-grades', { sheet: facts.grid.name, cell: `A${f!.rows[0]}` }));
    return { issues, value: undefined };
  }
  const at = { sheet: grades!.grid.name, cell: `A${(grades!.grid.lastRow || 1) + 1}` };
  if (g!.grades.length === 0) issues.push(error('rubric.grades-missing', at));
  if (!g!.fallback) issues.push(error('rubric.fallback-missing', at));
  const value: Record<string, unknown> = { grades: g!.grades, fallback: g!.fallback };
  if (f && f.facts.length > 0) value.facts = f.facts;
  return { issues, value };
}

import type { CellReader } from './rubric-cells.ts';
import { textOf, type DetailRow } from './rubric-read-details.ts';
import {
  ITEM_COLUMNS,
  KIND_LIST,
  KIND_METHOD,
  KIND_WORDS,
  METHOD_WORDS,
  type DetailKind,
} from './rubric-sheets.ts';
import type { Method } from './rule-set-schema.ts';

/**
 * The 细则 / Items sheet, read into rule-file nodes: one row per node, tied to its parent by 上级编号,
 * its method built from the row's cells and its rows on the details sheet. Only non-blank cells make
 * fields, so a workbook exported from a rule file reads back to the same content.
 */

/** A row of the items sheet as read. */
export interface ItemRow {
  row: number;
  code: string;
  parent: string | undefined;
  action: 'patch' | 'add' | undefined;
  node: Record<string, unknown>;
  /** The detail rows of each list of its method (clauses, bands...), for locating problems. */
  lists: Map<string, number[]>;
}

type MethodType = Method['type'];

/** The row cells each method uses besides its details. */
const METHOD_CELLS: Record<MethodType, string[]> = {
  direct: ['per'],
  checklist: [],
  deduction: [],
  scale: ['measure', 'inputMin', 'inputMax'],
  compliance: [],
  count: ['per'],
  sampling: ['per', 'number', 'whenShort'],
  defects: ['per'],
  spotcheck: ['number'],
};
const METHOD_CELL_FIELDS = ['per', 'number', 'whenShort', 'measure', 'inputMin', 'inputMax'];
/** The kind of detail row each method takes, if any. */
const METHOD_KIND: Partial<Record<MethodType, DetailKind>> = {
  checklist: 'clause',
  deduction: 'deduction',
  scale: 'band',
  count: 'thing',
  defects: 'part',
};
/** Cells a 修改 (patch) row cannot change. */
const NOT_PATCHABLE = ['parent', 'veto', 'vetoEn', 'bonus'];
export const MAX_DETAILS = 12;

const words = (t: MethodType) => ({ methodZh: METHOD_WORDS[t].zh, methodEn: METHOD_WORDS[t].en });

/** Reads the items sheet; `details` are the detail rows by item code. */
export function readItemRows(
  cells: CellReader,
  detailCells: CellReader,
  details: ReadonlyMap<string, DetailRow[]>,
  overlay: boolean,
): ItemRow[] {
  const out: ItemRow[] = [];
  const fields = ITEM_COLUMNS.map((c) => c.field).filter((f) => cells.columns.has(f));
  for (let r = 2; r <= cells.grid.lastRow; r++) {
    if (fields.every((f) => cells.blank(f, r))) continue;
    const code = cells.code('code', r);
    if (code === undefined) {
      if (cells.blank('code', r)) cells.fail('rubric.required', 'code', r, undefined);
      continue;
    }
    const action = cells.choice('action', r, code) as ItemRow['action'];
    if (overlay && action === undefined && cells.blank('action', r))
      cells.fail('rubric.action-missing', 'action', r, code);
    if (!overlay && !cells.blank('action', r)) cells.fail('rubric.action-not-overlay', 'action', r, code);
    const parent = cells.code('parent', r, code);
    const patch = overlay && action === 'patch';
    if (patch)
      for (const f of NOT_PATCHABLE)
        if (!cells.blank(f, r)) cells.fail('rubric.patch-cell-unused', f, r, code);
    const node = readNode(cells, detailCells, r, code, patch, details.get(code) ?? []);
    if (
      patch &&
      fields.every((f) => f === 'code' || f === 'action' || cells.blank(f, r)) &&
      !details.has(code)
    )
      cells.warn('rubric.patch-empty', 'code', r, code);
    out.push({
      row: r,
      code,
      parent: patch ? undefined : parent,
      action,
      node: node.node,
      lists: node.lists,
    });
  }
  return out;
}

function readNode(
  cells: CellReader,
  detailCells: CellReader,
  r: number,
  code: string,
  patch: boolean,
  details: DetailRow[],
) {
  const node: Record<string, unknown> = { code };
  const title = textOf(cells, 'title', 'titleEn', r, code, !patch);
  if (title !== undefined) node.title = title;
  if (!patch) cells.required('points', r, code);
  const points = cells.number('points', r, code, 'positive');
  if (points !== undefined) node.maxPoints = points;
  const lists = new Map<string, number[]>();
  const method = readMethod(cells, detailCells, r, code, details, lists, patch);
  if (method) node.method = method;
  const key = cells.bool('key', r, code);
  if (key !== undefined) node.key = key;
  if (!patch) {
    const veto = textOf(cells, 'veto', 'vetoEn', r, code, false);
    if (veto !== undefined) node.veto = { condition: veto };
  }
  const na = cells.bool('naAllowed', r, code);
  if (na !== undefined) node.naAllowed = na;
  const guidance = textOf(cells, 'guidance', 'guidanceEn', r, code, false);
  if (guidance !== undefined) node.guidance = guidance;
  if (!patch) {
    const cap = cells.number('bonus', r, code, 'positive');
    if (cap !== undefined) node.bonus = { cap };
  }
  const countsFor = cells.list('countsFor', r, code);
  if (countsFor) node.countsFor = countsFor;
  const verify = textOf(cells, 'verify', 'verifyEn', r, code, false);
  if (verify !== undefined) node.verify = verify;
  const evidence = textOf(cells, 'evidence', 'evidenceEn', r, code, false);
  if (evidence !== undefined) node.evidence = evidence;
  return { node, lists };
}

function readMethod(
  cells: CellReader,
  detailCells: CellReader,
  r: number,
  code: string,
  details: DetailRow[],
  lists: Map<string, number[]>,
  patch: boolean,
): Record<string, unknown> | undefined {
  const chosen = cells.choice('method', r, code) as MethodType | undefined;
  const methodBlank = cells.blank('method', r);
  // A patch row may leave the method out and give only its details: the kind says which method.
  const firstKind = details.find((d) => d.kind)?.kind;
  const type = chosen ?? (patch && methodBlank && firstKind ? KIND_METHOD[firstKind] : undefined);
  const used = type ? METHOD_CELLS[type] : [];
  for (const f of METHOD_CELL_FIELDS) {
    if (used.includes(f) || cells.blank(f, r)) continue;
    if (type) cells.fail('rubric.cell-unused', f, r, code, words(type));
    else if (methodBlank)
      cells.fail(patch ? 'rubric.patch-method-missing' : 'rubric.cell-needs-method', f, r, code);
  }
  if (!type) {
    const first = details[0];
    // An unknown method was reported on its own cell; a blank one leaves these rows nowhere to go.
    if (first && methodBlank) detailCells.fail('rubric.detail-no-method', 'code', first.row, code);
    return undefined;
  }
  const kind = METHOD_KIND[type];
  const mine = details.filter((d) => d.kind === kind);
  for (const d of details)
    if (d.kind && d.kind !== kind)
      detailCells.fail('rubric.detail-kind-mismatch', 'kind', d.row, code, {
        ...words(type),
        kindZh: KIND_WORDS[d.kind].zh,
        kindEn: KIND_WORDS[d.kind].en,
      });
  if (kind)
    lists.set(
      KIND_LIST[kind],
      mine.map((d) => d.row),
    );
  const m: Record<string, unknown> = { type };
  const need = (field: string) => cells.required(field, r, code);
  const list = () => {
    if (mine.length === 0)
      cells.fail('rubric.details-missing', 'method', r, code, {
        ...words(type),
        kindZh: KIND_WORDS[kind!].zh,
        kindEn: KIND_WORDS[kind!].en,
      });
    if (mine.length > MAX_DETAILS)
      cells.fail('rubric.details-too-many', 'method', r, code, {
        ...words(type),
        max: MAX_DETAILS,
        count: mine.length,
      });
    return mine.map((d) => d.value);
  };
  const num = (field: string, key: string, rule: 'positive' | 'whole' | 'any') => {
    const v = cells.number(field, r, code, rule);
    if (v !== undefined) m[key] = v;
  };
  switch (type) {
    case 'direct':
      num('per', 'step', 'positive');
      break;
    case 'checklist':
      m.clauses = list();
      break;
    case 'deduction':
      m.deductions = list();
      break;
    case 'scale': {
      const input: Record<string, unknown> = {};
      if (need('measure')) input.unit = cells.choice('measure', r, code);
      const min = cells.number('inputMin', r, code);
      if (min !== undefined) input.min = min;
      const max = cells.number('inputMax', r, code);
      if (max !== undefined) input.max = max;
      m.input = input;
      m.bands = list();
      break;
    }
    case 'count':
      if (need('per')) num('per', 'each', 'positive');
      if (mine.length > 0) m.things = list();
      break;
    case 'sampling':
      if (need('number')) num('number', 'size', 'whole');
      if (typeof m.size === 'number' && m.size > 20)
        cells.fail('rubric.sample-size', 'number', r, code, { value: m.size, max: 20 });
      if (need('per')) num('per', 'each', 'positive');
      {
        const w = cells.choice('whenShort', r, code);
        if (w !== undefined) m.whenShort = w;
      }
      break;
    case 'defects':
      if (need('per')) num('per', 'per', 'positive');
      m.parts = list();
      break;
    case 'spotcheck':
      num('number', 'sheets', 'whole');
      break;
    case 'compliance':
      break;
  }
  return m;
}

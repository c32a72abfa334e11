import type { Issue } from './issues.ts';
import type { AboutField } from './rubric-sheets.ts';
import type { ColumnMap } from './rubric-cells.ts';

/**
 * Maps a problem found in the rule file a rubric workbook made (a JSON path, as the schema and the
 * consistency checks report it) back to the sheet, cell and item it came from, and words the
 * problems whose catalogue text speaks of JSON fields in the workbook's terms instead.
 */

/** Where one row of the items sheet went in the rule file. */
export interface RowRef {
  row: number;
  code: string;
  /** Its 上级编号, when it has one. */
  parent?: string | undefined;
  /** The detail rows of each list of its method: clauses, deductions, bands, things, parts. */
  lists: ReadonlyMap<string, number[]>;
}

/** Everything `locate` needs to know about where a workbook's content came from. */
export interface RubricIndex {
  overlay: boolean;
  sheets: { about?: string; items?: string; details?: string; grades?: string; facts?: string };
  cols: { items?: ColumnMap; details?: ColumnMap; grades?: ColumnMap; facts?: ColumnMap };
  /** The row of each label on the About sheet. */
  about: Map<AboutField, number>;
  /** A node's JSON path (`categories.0.children.1`, `splits.0.children.2`, `patches.3`) → its row. */
  nodes: Map<string, RowRef>;
  /** A code → the first row with that code. */
  codes: Map<string, RowRef>;
  /** A parent code → the first row naming it in 上级编号. */
  firstChild: Map<string, RowRef>;
  /** Split i of an overlay → its first child row. */
  splits: RowRef[];
  grades: number[];
  fallback?: number | undefined;
  facts: number[];
}

type Where = { sheet: string; cell: string; item?: string | undefined } | undefined;

const NODE_FIELDS: Record<string, string> = {
  code: 'code',
  title: 'title',
  'title.zh': 'title',
  'title.en': 'titleEn',
  maxPoints: 'points',
  method: 'method',
  'method.type': 'method',
  'method.step': 'per',
  'method.each': 'per',
  'method.per': 'per',
  'method.size': 'number',
  'method.sheets': 'number',
  'method.whenShort': 'whenShort',
  'method.input': 'measure',
  'method.input.unit': 'measure',
  'method.input.min': 'inputMin',
  'method.input.max': 'inputMax',
  key: 'key',
  naAllowed: 'naAllowed',
  veto: 'veto',
  'veto.condition': 'veto',
  'veto.condition.zh': 'veto',
  'veto.condition.en': 'vetoEn',
  bonus: 'bonus',
  'bonus.cap': 'bonus',
  countsFor: 'countsFor',
  guidance: 'guidance',
  'guidance.zh': 'guidance',
  'guidance.en': 'guidanceEn',
  verify: 'verify',
  'verify.zh': 'verify',
  'verify.en': 'verifyEn',
  evidence: 'evidence',
  'evidence.zh': 'evidence',
  'evidence.en': 'evidenceEn',
  children: 'code',
};
const DETAIL_FIELDS: Record<string, string> = {
  title: 'title',
  'title.zh': 'title',
  'title.en': 'titleEn',
  zh: 'title',
  en: 'titleEn',
  points: 'points',
  maxCount: 'maxCount',
  min: 'min',
  max: 'max',
  includeMin: 'includeMin',
  includeMax: 'includeMax',
  floor: 'floor',
};
const GRADE_FIELDS: Record<string, string> = {
  code: 'code',
  label: 'label',
  'label.zh': 'label',
  'label.en': 'labelEn',
  minTotal: 'minTotal',
  maxTotal: 'maxTotal',
  minShare: 'minShare',
  maxShare: 'maxShare',
  includeMin: 'includeMin',
  includeMax: 'includeMax',
  minCategoryRatio: 'minCategoryRatio',
  minItemRatio: 'minItemRatio',
  keyItemsFull: 'keyItemsFull',
  requires: 'requires',
  passes: 'passes',
};
const ABOUT_FIELDS: Record<string, AboutField> = {
  id: 'id',
  version: 'version',
  title: 'title',
  'title.zh': 'title',
  'title.en': 'titleEn',
  scale: 'scale',
  extends: 'extends',
  categories: 'scale',
};
const LISTS = ['clauses', 'deductions', 'bands', 'things', 'parts'];

/** The field of a map a path (or its prefix, dropping trailing indexes and keys) names. */
function field(map: Record<string, string>, rest: string): string | undefined {
  const parts = rest.split('.');
  for (let n = parts.length; n > 0; n--) {
    const f = map[parts.slice(0, n).join('.')];
    if (f) return f;
  }
  return undefined;
}

/** Which cell of a node's own row an issue with no finer path points at. */
function rowField(code: string): string {
  if (code === 'rules.leaf-without-method' || code === 'rules.parent-with-method') return 'method';
  if (code === 'rules.sum-mismatch') return 'points';
  return 'code';
}

const cellOf = (sheet: string | undefined, cols: ColumnMap | undefined, f: string, row: number): Where =>
  sheet && cols ? { sheet, cell: `${cols.get(f) ?? cols.get('code') ?? 'A'}${row}` } : undefined;

/** A node's row, and a field path below it (`method.bands.2.min`), to a cell. */
function nodeCell(ix: RubricIndex, ref: RowRef, rest: string, code: string): Where {
  const at = nodeCellOnly(ix, ref, rest, code);
  return at && { ...at, item: ref.code };
}

function nodeCellOnly(ix: RubricIndex, ref: RowRef, rest: string, code: string): Where {
  const { items, details } = ix.sheets;
  if (rest === '') return cellOf(items, ix.cols.items, rowField(code), ref.row);
  const m = /^method\.(\w+)(?:\.(\d+)(?:\.(.+))?)?$/.exec(rest);
  if (m && LISTS.includes(m[1]!)) {
    if (m[2] === undefined)
      return cellOf(items, ix.cols.items, code === 'rules.schema' ? 'method' : 'points', ref.row);
    const row = ref.lists.get(m[1]!)?.[Number(m[2])];
    if (row === undefined) return cellOf(items, ix.cols.items, 'method', ref.row);
    const f = m[3]
      ? (field(DETAIL_FIELDS, m[3]) ?? 'points')
      : code === 'rules.band-open'
        ? 'max'
        : code === 'rules.band-order'
          ? 'min'
          : m[1] === 'things'
            ? 'title'
            : 'points';
    return cellOf(details, ix.cols.details, f, row);
  }
  return cellOf(items, ix.cols.items, field(NODE_FIELDS, rest) ?? 'code', ref.row);
}

const NODE_PATH = /^((?:categories|splits\.\d+\.children|patches)\.\d+(?:\.children\.\d+)*)(?:\.(.*))?$/;

/** The sheet and cell of an issue's path, or undefined when the workbook has no cell for it. */
export function cellFor(ix: RubricIndex, issue: Issue, parentOf?: ReadonlyMap<string, string>): Where {
  const path = issue.path ?? '';
  const { about, grades, facts } = ix.sheets;
  if (path === '(root)' || path === '') return about ? { sheet: about, cell: 'A1' } : undefined;
  const a =
    ABOUT_FIELDS[
      path
        .split('.')
        .slice(0, path.startsWith('title.') ? 2 : 1)
        .join('.')
    ];
  if (path === 'categories' && issue.code !== 'rules.sum-mismatch')
    return ix.sheets.items ? { sheet: ix.sheets.items, cell: 'A2' } : undefined;
  if (a && (path === 'categories' || !path.startsWith('categories'))) {
    const row = ix.about.get(a);
    return about ? { sheet: about, cell: row ? `B${row}` : 'A1' } : undefined;
  }
  let m = /^grading\.grades\.(\d+)(?:\.(.+))?$/.exec(path);
  if (m) {
    const row = ix.grades[Number(m[1])];
    return row === undefined
      ? undefined
      : cellOf(grades, ix.cols.grades, m[2] ? (field(GRADE_FIELDS, m[2]) ?? 'code') : 'code', row);
  }
  if ((m = /^grading\.fallback(?:\.(.+))?$/.exec(path)))
    return ix.fallback === undefined
      ? undefined
      : cellOf(grades, ix.cols.grades, m[1] ? (field(GRADE_FIELDS, m[1]) ?? 'code') : 'code', ix.fallback);
  if ((m = /^grading\.facts\.(\d+)(?:\.(.+))?$/.exec(path))) {
    const row = ix.facts[Number(m[1])];
    const f = m[2]?.endsWith('en') ? 'titleEn' : m[2]?.startsWith('title') ? 'title' : 'code';
    return row === undefined ? undefined : cellOf(facts, ix.cols.facts, f, row);
  }
  if (path.startsWith('grading'))
    return grades && (ix.grades.length > 0 || !ix.overlay) ? { sheet: grades, cell: 'A2' } : undefined;
  if ((m = /^splits\.(\d+)(?:\.code|\.children)?$/.exec(path))) {
    const ref = ix.splits[Number(m[1])];
    const at = ref && cellOf(ix.sheets.items, ix.cols.items, 'parent', ref.row);
    return at && { ...at, item: ref.parent };
  }
  const node = NODE_PATH.exec(path);
  if (!node) return undefined;
  const rest = node[2] ?? '';
  if (!ix.overlay || !path.startsWith('categories')) {
    const ref = ix.nodes.get(node[1]!);
    return ref && nodeCell(ix, ref, rest, issue.code);
  }
  // An overlay's problems have paths into the tree applied to its base: find the item's own row.
  if (!issue.item) return undefined;
  const own = ix.codes.get(issue.item);
  if (own) return nodeCell(ix, own, rest, issue.code);
  const child = ix.firstChild.get(issue.item) ?? descendant(ix, issue.item, parentOf);
  return (
    child &&
    cellOf(ix.sheets.items, ix.cols.items, rowField(issue.code) === 'points' ? 'points' : 'parent', child.row)
  );
}

/** The first row below a base node, through the base's parent links. */
function descendant(
  ix: RubricIndex,
  code: string,
  parentOf?: ReadonlyMap<string, string>,
): RowRef | undefined {
  if (!parentOf) return undefined;
  const up = (c: string) => ix.codes.get(c)?.parent ?? parentOf.get(c);
  for (const ref of ix.codes.values())
    for (let p = up(ref.code), n = 0; p !== undefined && n < 64; p = up(p), n++) if (p === code) return ref;
  return undefined;
}

/** Catalogue texts that speak of JSON fields, said instead in the workbook's columns. */
const WORKBOOK_WORDING: Record<string, string> = {
  'rules.band-hole': 'rubric.band-hole',
  'rules.band-overlap': 'rubric.band-overlap',
  'rules.band-edge-both': 'rubric.band-edge-both',
  'rules.band-edge-none': 'rubric.band-edge-none',
  'rules.band-end': 'rubric.band-end',
  'rules.proportional-formula': 'rubric.proportional-formula',
  'rules.floor-too-high': 'rubric.floor-too-high',
  'rules.counts-for-unknown': 'rubric.counts-for-unknown',
  'rules.grade-edge-both': 'rubric.grade-edge-both',
  'rules.grade-edge-none': 'rubric.grade-edge-none',
  'rules.share-without-compliance': 'rubric.share-without-compliance',
  'rules.requirement-excluded': 'rubric.requirement-excluded',
  'rules.bonus-not-category': 'rubric.bonus-not-category',
};

/**
 * Gives each issue that has a path (and no cell yet) the sheet and cell it came from, dropping the
 * path, and rewords it for the workbook. `parentOf` (an overlay's base: code → parent code) lets a
 * problem of a base node the workbook has no row for point at the first row below it.
 */
export function locateIssues(
  ix: RubricIndex,
  issues: readonly Issue[],
  parentOf?: ReadonlyMap<string, string>,
): Issue[] {
  return issues.map((issue) => {
    if (issue.cell !== undefined || issue.path === undefined) return issue;
    const where = cellFor(ix, issue, parentOf);
    if (!where) return issue;
    const { path: _path, ...rest } = issue;
    const located: Issue = { ...rest, sheet: where.sheet, cell: where.cell, item: issue.item ?? where.item };
    if (issue.code === 'rules.duplicate-code') {
      const first = cellFor(ix, { ...issue, path: String(issue.params.first) }, parentOf);
      return first && first.cell !== where.cell
        ? {
            ...located,
            code: 'rubric.duplicate-code',
            params: { ...issue.params, first: `${first.sheet}!${first.cell}` },
          }
        : { ...located, code: 'rubric.duplicate-code-base' };
    }
    if (issue.code === 'rules.sum-mismatch' && issue.params.code === '(total)')
      return { ...located, code: 'rubric.total-mismatch' };
    const code = WORKBOOK_WORDING[issue.code];
    return code ? { ...located, code } : located;
  });
}

import type { RuleNode, RuleSet } from './rule-set.ts';
import type { Method, Text } from './rule-set-schema.ts';

/** The version of cepin's template format; a sheet of another version is refused with advice. */
export const TEMPLATE_VERSION = 1;

/** The phases of a round. */
export const PHASES = ['self', 'precheck', 'formal', 'spotcheck'] as const;
export type Phase = (typeof PHASES)[number];

/** Fixed sheet names, per language; the metadata sheet has one name in every language. */
export const SHEET_NAMES = {
  instructions: { zh: '填表说明', en: 'Instructions' },
  scores: { zh: '评分表', en: 'Scores' },
  meta: '_cepin',
} as const;

/** What an input cell holds. */
export type InputKind =
  | 'score'
  | 'measure'
  | 'tick'
  | 'count'
  | 'na'
  | 'veto'
  | 'problem'
  | 'suggestion'
  /** A compliance item's answer: 符合 / 不符合 / 不适用. */
  | 'met'
  /** One sampled entry of a sampling item: passed or not; blank when not sampled. */
  | 'sample'
  /** The evidence reference (见证材料编号) of an item that defines its evidence. */
  | 'evidence';

/** One cell a person fills in, tied to its rubric node. */
export interface InputCell {
  kind: InputKind;
  /** The clause, deduction, thing, sampled entry or part it belongs to, for ticks, samples and counts. */
  index?: number | undefined;
  row: number;
  col: number;
  address: string;
}

/** One row of the score sheet. */
export interface LayoutRow {
  row: number;
  node: RuleNode;
  inputs: InputCell[];
  /** True for spot-check derived leaves, scored from other sheets (N/A on spot-check sheets). */
  derived: boolean;
}

/** A fact that fails the unit outright (rule set `grading.facts`), answered yes/no below the totals. */
export interface FactRow {
  code: string;
  title: Text;
  row: number;
  /** The yes/no answer, in the veto column. */
  input: InputCell;
}

/** Where everything is on the score sheet of a rule set; a pure function of the rule set and phase. */
export interface Layout {
  phase: Phase;
  titleRow: number;
  infoRow: number;
  headerRow: number;
  firstRow: number;
  totalRow: number;
  /** The facts' rows, under a heading row below the totals; empty when the rule set has none. */
  facts: FactRow[];
  /** The last row the template uses (the scaled total, or the last fact). */
  lastRow: number;
  slots: number;
  cols: {
    code: number;
    title: number;
    points: number;
    method: number;
    value: number;
    slot0: number;
    na: number;
    veto: number;
    score: number;
    problem: number;
    suggestion: number;
    applicable: number;
    /** 核查方式 (text), right of the method, when some item of the rule set defines it. */
    verify?: number | undefined;
    /** 见证材料编号 (input), right of the suggestion, when some item of the rule set defines its evidence. */
    evidence?: number | undefined;
  };
  rows: LayoutRow[];
  byCode: Map<string, LayoutRow>;
}

/** Spreadsheet column letters for a 1-based column number. */
export function colLetter(col: number): string {
  let s = '';
  for (let n = col; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

/** A1-style address. */
export function addr(row: number, col: number): string {
  return `${colLetter(col)}${row}`;
}

/** How many slot columns (ticks, counts, sampled entries) a method needs. */
function slotsOf(m: Method): number {
  switch (m.type) {
    case 'checklist':
      return m.clauses.length;
    case 'deduction':
      return m.deductions.length;
    case 'count':
      return m.things?.length ?? 1;
    case 'sampling':
      return m.size;
    case 'defects':
      return m.parts.length;
    default:
      return 1;
  }
}

/** Computes the score sheet layout for a rule set and phase. */
export function layoutFor(rs: RuleSet, phase: Phase): Layout {
  const slots = Math.max(1, ...rs.leaves.map((l) => (l.method ? slotsOf(l.method) : 1)));
  // Columns for 核查方式 and 见证材料编号 only when the rule set asks for them: other templates keep theirs.
  const verify = rs.nodes.some((n) => n.verify) ? 5 : undefined;
  const value = verify === undefined ? 5 : 6;
  const slot0 = value + 1;
  const evidence = rs.nodes.some((n) => n.evidence) ? slot0 + slots + 5 : undefined;
  const cols = {
    code: 1,
    title: 2,
    points: 3,
    method: 4,
    value,
    slot0,
    na: slot0 + slots,
    veto: slot0 + slots + 1,
    score: slot0 + slots + 2,
    problem: slot0 + slots + 3,
    suggestion: slot0 + slots + 4,
    applicable: slot0 + slots + (evidence === undefined ? 5 : 6),
    verify,
    evidence,
  };
  const firstRow = 4;
  const rows: LayoutRow[] = rs.nodes.map((node, i) => {
    const row = firstRow + i;
    const cell = (kind: InputKind, col: number, index?: number): InputCell => ({
      kind,
      index,
      row,
      col,
      address: addr(row, col),
    });
    const inputs: InputCell[] = [];
    const m = node.method;
    const derived = m?.type === 'spotcheck';
    // A compliance item's answer list has 不适用 in it: no separate N/A cell.
    const naCell = node.naAllowed && !(derived && phase === 'spotcheck') && m?.type !== 'compliance';
    if (naCell) inputs.push(cell('na', cols.na));
    if (m && !derived) {
      if (m.type === 'direct') inputs.push(cell('score', cols.value));
      if (m.type === 'scale') inputs.push(cell('measure', cols.value));
      if (m.type === 'compliance') inputs.push(cell('met', cols.value));
      if (m.type === 'checklist') m.clauses.forEach((_c, k) => inputs.push(cell('tick', slot0 + k, k)));
      if (m.type === 'deduction') m.deductions.forEach((_d, k) => inputs.push(cell('count', slot0 + k, k)));
      if (m.type === 'count' && m.things)
        m.things.forEach((_t, k) => inputs.push(cell('tick', slot0 + k, k)));
      if (m.type === 'count' && !m.things) inputs.push(cell('measure', cols.value));
      if (m.type === 'sampling') for (let k = 0; k < m.size; k++) inputs.push(cell('sample', slot0 + k, k));
      if (m.type === 'defects') m.parts.forEach((_p, k) => inputs.push(cell('count', slot0 + k, k)));
    }
    if (node.veto) inputs.push(cell('veto', cols.veto));
    if (m) inputs.push(cell('problem', cols.problem), cell('suggestion', cols.suggestion));
    if (m && node.evidence && cols.evidence !== undefined) inputs.push(cell('evidence', cols.evidence));
    return { row, node, inputs, derived };
  });
  const totalRow = firstRow + rows.length;
  const facts = (rs.grading.facts ?? []).map((f, i): FactRow => {
    const row = totalRow + 3 + i;
    return {
      code: f.code,
      title: f.title,
      row,
      input: { kind: 'veto', row, col: cols.veto, address: addr(row, cols.veto) },
    };
  });
  return {
    phase,
    titleRow: 1,
    infoRow: 2,
    headerRow: 3,
    firstRow,
    totalRow,
    facts,
    lastRow: facts.length > 0 ? totalRow + 2 + facts.length : totalRow + 1,
    slots,
    cols,
    rows,
    byCode: new Map(rows.map((r) => [r.node.code, r])),
  };
}

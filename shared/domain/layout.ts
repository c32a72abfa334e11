import type { RuleNode, RuleSet } from './rule-set.ts';

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
export type InputKind = 'score' | 'measure' | 'tick' | 'count' | 'na' | 'veto' | 'problem' | 'suggestion';

/** One cell a person fills in, tied to its rubric node. */
export interface InputCell {
  kind: InputKind;
  /** The clause or deduction it belongs to, for ticks and counts. */
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

/** Where everything is on the score sheet of a rule set; a pure function of the rule set and phase. */
export interface Layout {
  phase: Phase;
  titleRow: number;
  infoRow: number;
  headerRow: number;
  firstRow: number;
  totalRow: number;
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

/** Computes the score sheet layout for a rule set and phase. */
export function layoutFor(rs: RuleSet, phase: Phase): Layout {
  const slots = Math.max(
    1,
    ...rs.leaves.map((l) =>
      l.method?.type === 'checklist'
        ? l.method.clauses.length
        : l.method?.type === 'deduction'
          ? l.method.deductions.length
          : 1,
    ),
  );
  const slot0 = 6;
  const cols = {
    code: 1,
    title: 2,
    points: 3,
    method: 4,
    value: 5,
    slot0,
    na: slot0 + slots,
    veto: slot0 + slots + 1,
    score: slot0 + slots + 2,
    problem: slot0 + slots + 3,
    suggestion: slot0 + slots + 4,
    applicable: slot0 + slots + 5,
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
    if (node.naAllowed && !(derived && phase === 'spotcheck')) inputs.push(cell('na', cols.na));
    if (m && !derived) {
      if (m.type === 'direct') inputs.push(cell('score', cols.value));
      if (m.type === 'scale') inputs.push(cell('measure', cols.value));
      if (m.type === 'checklist') m.clauses.forEach((_c, k) => inputs.push(cell('tick', slot0 + k, k)));
      if (m.type === 'deduction') m.deductions.forEach((_d, k) => inputs.push(cell('count', slot0 + k, k)));
    }
    if (node.veto) inputs.push(cell('veto', cols.veto));
    if (m) inputs.push(cell('problem', cols.problem), cell('suggestion', cols.suggestion));
    return { row, node, inputs, derived };
  });
  return {
    phase,
    titleRow: 1,
    infoRow: 2,
    headerRow: 3,
    firstRow,
    totalRow: firstRow + rows.length,
    slots,
    cols,
    rows,
    byCode: new Map(rows.map((r) => [r.node.code, r])),
  };
}

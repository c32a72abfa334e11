import { error, warning, type Issue } from './issues.ts';
import type { InputCell, Layout, LayoutRow } from './layout.ts';
import { parseChoice, parseCompliance, parseNote, parseNumber, type Parsed } from './parse-value.ts';
import { isBlank, shown, type RawCell } from './raw-cell.ts';
import type { ItemInputs } from './scoring.ts';

/** Reads a cell of the score sheet by A1 address. */
export type CellReader = (address: string) => RawCell;

/** The inputs of a sheet by node code, and every problem found reading them. */
export interface ReadInputs {
  inputs: Map<string, ItemInputs>;
  issues: Issue[];
  /** How many input cells held anything at all. */
  filled: number;
}

/** The longest problem or suggestion text kept; longer text is cut with a warning. */
export const MAX_NOTE = 1000;

const REFUSED_CODE = {
  blank: 'input.missing',
  formula: 'input.formula',
  date: 'input.date',
  'error-value': 'input.error-value',
  'not-a-number': 'input.not-a-number',
  'not-a-choice': 'input.not-a-choice',
} as const;

/**
 * Reads and checks every input cell of a score sheet against its rubric item: numbers in range
 * and on the item's step, counts whole and within limits, yes/no answers, required cells filled.
 * Collects every problem instead of stopping at the first.
 */
export function readInputs(layout: Layout, read: CellReader, sheet: string): ReadInputs {
  const inputs = new Map<string, ItemInputs>();
  const issues: Issue[] = [];
  let filled = 0;
  const naRows = new Set<string>();
  for (const row of layout.rows) {
    const parentNa = row.node.parent !== undefined && naRows.has(row.node.parent);
    const item: ItemInputs = {};
    const at = (c: InputCell) => ({ sheet, cell: c.address, item: row.node.code });
    const cells = row.inputs.map((c) => ({ c, raw: read(c.address) }));
    filled += cells.filter(({ raw }) => !isBlank(raw)).length;
    const naCell = cells.find(({ c }) => c.kind === 'na');
    if (naCell) {
      const p = parseChoice(naCell.raw);
      if (p.ok) item.na = p.value;
      else if (p.reason !== 'blank') issues.push(refused(p.reason, at(naCell.c), naCell.raw));
    }
    // A compliance item's answer may itself be 不适用.
    const metCell = cells.find(({ c }) => c.kind === 'met');
    if (metCell && !parentNa && !item.na) {
      const p = parseCompliance(metCell.raw);
      if (p.ok) {
        if (p.value === 'na' && !row.node.naAllowed)
          issues.push(error('input.na-not-allowed', at(metCell.c)));
        else if (p.value === 'na') item.na = true;
        else item.met = p.value === 'met';
      } else if (p.reason === 'blank') issues.push(error('input.compliance-missing', at(metCell.c)));
      else if (p.reason === 'not-a-choice')
        issues.push(error('input.not-a-compliance', at(metCell.c), { value: shown(metCell.raw) }));
      else issues.push(refused(p.reason, at(metCell.c), metCell.raw));
    }
    // A spot-checked subordinate is not itself scored on its own spot-checks.
    const derivedNa = row.derived && layout.phase === 'spotcheck';
    if (item.na || parentNa || derivedNa) {
      naRows.add(row.node.code);
      item.na = true;
      inputs.set(row.node.code, item);
      continue;
    }
    for (const { c, raw } of cells) {
      if (c.kind === 'na' || c.kind === 'met') continue;
      if (c.kind === 'evidence') {
        item.evidenceRef = parseNote(raw)?.slice(0, MAX_NOTE);
        continue;
      }
      if (c.kind === 'problem' || c.kind === 'suggestion') {
        const note = parseNote(raw);
        if (note !== undefined && note.length > MAX_NOTE) {
          issues.push(warning('input.note-truncated', at(c), { length: note.length, max: MAX_NOTE }));
        }
        item[c.kind] = note?.slice(0, MAX_NOTE);
        continue;
      }
      const found = readOne(row, c, raw, at(c));
      issues.push(...found.issues);
      if (found.value === undefined) continue;
      if (c.kind === 'score') item.score = found.value as number;
      if (c.kind === 'measure') item.measure = found.value as number;
      if (c.kind === 'veto') item.veto = found.value as boolean;
      if (c.kind === 'tick' || c.kind === 'sample')
        (item.ticks ??= [])[c.index ?? 0] = found.value as boolean;
      if (c.kind === 'count') (item.counts ??= [])[c.index ?? 0] = found.value as number;
    }
    const samples = cells.filter(({ c }) => c.kind === 'sample');
    if (samples[0] && samples.every(({ raw }) => isBlank(raw)))
      issues.push(error('input.sample-missing', at(samples[0].c)));
    inputs.set(row.node.code, item);
  }
  // Facts that fail the unit outright: each answered yes or no.
  for (const fact of layout.facts) {
    const raw = read(fact.input.address);
    const where = { sheet, cell: fact.input.address, item: fact.code };
    if (!isBlank(raw)) filled++;
    const p = parseChoice(raw);
    if (p.ok) inputs.set(fact.code, { veto: p.value });
    else if (p.reason === 'blank') issues.push(error('input.fact-missing', where));
    else issues.push(refused(p.reason, where, raw));
  }
  return { inputs, issues, filled };
}

function refused(
  reason: Exclude<Parsed<unknown>, { ok: true }>['reason'],
  where: Omit<Issue, 'code' | 'severity' | 'params'>,
  raw: RawCell,
): Issue {
  return error(REFUSED_CODE[reason], where, { value: shown(raw) });
}

function readOne(
  row: LayoutRow,
  c: InputCell,
  raw: RawCell,
  where: { sheet: string; cell: string; item: string },
): { value?: number | boolean | undefined; issues: Issue[] } {
  const node = row.node;
  const m = node.method;
  const issues: Issue[] = [];
  const noted = (p: Parsed<number>) => {
    if (p.ok && p.note && p.note !== 'text-number' && p.note !== 'percent-format') {
      issues.push(warning(`input.${p.note}`, where, { value: shown(raw), read: p.value }));
    }
  };
  if (c.kind === 'sample') {
    // One sampled entry: passed or not; blank when fewer entries were sampled.
    const p = parseChoice(raw);
    if (p.ok) return { value: p.value, issues };
    return p.reason === 'blank' ? { issues } : { issues: [refused(p.reason, where, raw)] };
  }
  if (c.kind === 'veto' || c.kind === 'tick') {
    const p = parseChoice(raw);
    if (p.ok) return { value: p.value, issues };
    if (p.reason === 'blank') {
      if (c.kind === 'veto') return { issues: [error('input.veto-missing', where, {})] };
      if (node.key) return { issues: [error('input.key-missing', where, {})] };
      return { issues };
    }
    return { issues: [refused(p.reason, where, raw)] };
  }
  if (c.kind === 'score') {
    const p = parseNumber(raw, { fullMarks: node.maxPoints });
    if (!p.ok) {
      const code = p.reason === 'blank' && node.key ? 'input.key-missing' : REFUSED_CODE[p.reason];
      return { issues: [error(code, where, { value: shown(raw) })] };
    }
    noted(p);
    const step = m?.type === 'direct' ? m.step : 0.5;
    if (p.value < 0 || p.value > node.maxPoints) {
      return {
        issues: [error('input.out-of-range', where, { value: p.value, min: 0, max: node.maxPoints })],
      };
    }
    if (Math.abs(Math.round(p.value / step) * step - p.value) > 1e-9) {
      return { issues: [error('input.step', where, { value: p.value, step })] };
    }
    return { value: p.value, issues };
  }
  if ((c.kind === 'measure' && m?.type === 'count') || (c.kind === 'count' && m?.type === 'defects')) {
    // A count of things present, or of defects found in a part: a whole number, 0 or more.
    const p = parseNumber(raw);
    if (!p.ok) {
      if (p.reason === 'blank')
        return node.key || c.kind === 'measure'
          ? { issues: [error(node.key ? 'input.key-missing' : 'input.missing', where, {})] }
          : { value: 0, issues };
      return { issues: [refused(p.reason, where, raw)] };
    }
    noted(p);
    if (!Number.isInteger(p.value)) return { issues: [error('input.not-whole', where, { value: p.value })] };
    if (p.value < 0)
      return { issues: [error('input.out-of-range', where, { value: p.value, min: 0, max: '∞' })] };
    return { value: p.value, issues };
  }
  if (c.kind === 'measure' && m?.type === 'scale') {
    const percent = m.input.unit === 'percent';
    const p = parseNumber(raw, { percent });
    if (!p.ok) {
      const code = p.reason === 'blank' && node.key ? 'input.key-missing' : REFUSED_CODE[p.reason];
      return { issues: [error(code, where, { value: shown(raw) })] };
    }
    noted(p);
    const max = m.input.max ?? Number.POSITIVE_INFINITY;
    if (p.value < m.input.min || p.value > max) {
      return {
        issues: [
          error('input.out-of-range', where, { value: p.value, min: m.input.min, max: m.input.max ?? '∞' }),
        ],
      };
    }
    if (m.input.unit === 'count' && !Number.isInteger(p.value)) {
      return { issues: [error('input.not-whole', where, { value: p.value })] };
    }
    return { value: p.value, issues };
  }
  if (c.kind === 'count' && m?.type === 'deduction') {
    const p = parseNumber(raw);
    if (!p.ok) {
      if (p.reason === 'blank')
        return node.key ? { issues: [error('input.key-missing', where, {})] } : { value: 0, issues };
      return { issues: [refused(p.reason, where, raw)] };
    }
    noted(p);
    if (!Number.isInteger(p.value)) return { issues: [error('input.not-whole', where, { value: p.value })] };
    const limit = m.deductions[c.index ?? 0]?.maxCount;
    if (p.value < 0 || (limit !== undefined && p.value > limit)) {
      return { issues: [error('input.out-of-range', where, { value: p.value, min: 0, max: limit ?? '∞' })] };
    }
    return { value: p.value, issues };
  }
  return { issues };
}

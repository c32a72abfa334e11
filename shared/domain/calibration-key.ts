import type { CalibrationItem, CalibrationSheet, KeyItem } from './calibration-types.ts';
import type { RuleNode } from './rule-set.ts';

/**
 * The unrounded statistics of a calibration report and the answer key of a case. Values here are
 * never rounded: the report rounds once, when it reports them.
 */

/** Applicable and scored: not N/A, with a score. */
export const scoredItem = (i: CalibrationItem | undefined): i is CalibrationItem & { score: number } =>
  !!i && !i.na && typeof i.score === 'number' && Number.isFinite(i.score);

/** The arithmetic mean; null for none. */
export function meanRaw(xs: readonly number[]): number | null {
  return xs.length === 0 ? null : xs.reduce((s, x) => s + x, 0) / xs.length;
}

/** The median (mean of the middle two for an even count); null for none. */
export function medianRaw(xs: readonly number[]): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** The population standard deviation √(Σ(x − mean)² / n); null under two values. */
export function populationSd(xs: readonly number[]): number | null {
  if (xs.length < 2) return null;
  const m = xs.reduce((s, x) => s + x, 0) / xs.length;
  return Math.sqrt(xs.reduce((s, x) => s + (x - m) ** 2, 0) / xs.length);
}

/** The answer of a strict majority of the answers; null on a tie or without answers. */
export function majority(answers: readonly boolean[]): boolean | null {
  const yes = answers.filter(Boolean).length;
  const no = answers.length - yes;
  return yes > no ? true : no > yes ? false : null;
}

const isCompliance = (node: RuleNode) => node.method?.type === 'compliance';

/** An item's key from the key sheet's answers (null where the sheet has no answer). */
export function keyFromSheet(node: RuleNode, item: CalibrationItem | undefined): KeyItem {
  if (!item) return { code: node.code, score: null, na: null, veto: null, met: null };
  const scored = scoredItem(item);
  return {
    code: node.code,
    score: scored ? item.score : null,
    na: item.na,
    veto: node.veto ? (item.veto ?? false) : null,
    met: isCompliance(node) && !item.na ? (item.met ?? null) : null,
    reason: item.reason,
  };
}

/**
 * An item's key from the panel: N/A when a strict majority of the sheets that have the item say
 * N/A; otherwise the median of the scores given (a tie on N/A leaves N/A unanswered but still takes
 * the median score); veto and 符合 by strict majority of those who answered.
 */
export function keyFromPanel(node: RuleNode, items: readonly CalibrationItem[]): KeyItem {
  const na = majority(items.map((i) => i.na));
  const scored = items.filter(scoredItem);
  return {
    code: node.code,
    score: na === true ? null : medianRaw(scored.map((i) => i.score)),
    na,
    veto: node.veto && items.length > 0 ? majority(items.map((i) => i.veto ?? false)) : null,
    met:
      isCompliance(node) && na !== true
        ? majority(items.filter((i) => !i.na && i.met !== undefined).map((i) => i.met!))
        : null,
  };
}

/** The key of a case: from its key sheet, from the panel's sheets, or none when nobody scored it. */
export function caseKey(
  nodes: readonly RuleNode[],
  keySheet: CalibrationSheet | undefined,
  panel: readonly CalibrationSheet[],
): { source: 'sheet' | 'median' | 'none'; total: number | null; items: KeyItem[] } {
  if (keySheet) {
    const by = new Map(keySheet.items.map((i) => [i.code, i]));
    return {
      source: 'sheet',
      total: keySheet.total,
      items: nodes.map((n) => keyFromSheet(n, by.get(n.code))),
    };
  }
  if (panel.length === 0) {
    return {
      source: 'none',
      total: null,
      items: nodes.map((n) => ({ code: n.code, score: null, na: null, veto: null, met: null })),
    };
  }
  const maps = panel.map((s) => new Map(s.items.map((i) => [i.code, i])));
  return {
    source: 'median',
    total: medianRaw(panel.map((s) => s.total)),
    items: nodes.map((n) =>
      keyFromPanel(
        n,
        maps.map((m) => m.get(n.code)).filter((i): i is CalibrationItem => i !== undefined),
      ),
    ),
  };
}

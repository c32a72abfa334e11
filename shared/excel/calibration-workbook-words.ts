import { LEANING_THRESHOLD } from '../domain/agreement.ts';
import type {
  AssessorCalibration,
  CaseCalibration,
  ItemDeviation,
  JudgementDifference,
  KeyItem,
} from '../domain/calibration.ts';
import type { IssueParams } from '../domain/issues.ts';
import { message, type MessageCode } from '../domain/messages.ts';
import { round2, roundHalfUp } from '../domain/stats.ts';
import type { Lang } from '../domain/text.ts';

/**
 * The words and readings of the calibration report, shared by its workbook and its training
 * document: labels from the `calibration.*` messages, the bands that say what a coefficient means,
 * the lines that describe a deviation or a judgement. Pure: no exceljs, no docx.
 */

/** A `calibration.*` message in a language. */
export const say = (code: MessageCode, lang: Lang, params: IssueParams = {}): string =>
  message(code, params, lang);

/** Points as people write them: at most two decimals, no trailing zeros (`fixed`: always two, for tables). */
export const pts = (x: number, fixed = false): string => (fixed ? round2(x).toFixed(2) : String(round2(x)));

/** Points with a sign: +2, −1.5 (a minus sign, not a hyphen), 0. */
export const signedPts = (x: number, fixed = false): string =>
  x > 0 ? `+${pts(x, fixed)}` : x < 0 ? `−${pts(-x, fixed)}` : pts(0, fixed);

/** A fraction as a percentage with two decimals (0.0125 → 1.25%, 0.5 → 50.00%), signed when asked. */
export function pct(share: number, signed = false): string {
  const p = roundHalfUp(Math.abs(share) * 100, 2).toFixed(2);
  const sign = share < 0 ? '−' : signed && share > 0 ? '+' : '';
  return `${sign}${p}%`;
}

/** A coefficient with four decimals (0.8125), or the words for one that cannot be computed. */
export const coefficient = (x: number | null, lang: Lang): string =>
  x === null ? say('calibration.band-none', lang) : x.toFixed(4);

/** Where a case's key comes from, in words. */
export const keyLabel = (source: CaseCalibration['key'], lang: Lang): string =>
  say(`calibration.key-${source}`, lang);

/**
 * What an alpha means, after Krippendorff (2004): reliable from 0.800, tentative conclusions from
 * 0.667, below that not to be relied on.
 */
export function alphaBand(alpha: number | null, lang: Lang): string {
  if (alpha === null) return say('calibration.band-none', lang);
  if (alpha >= 0.8) return say('calibration.band-alpha-good', lang);
  return say(alpha >= 0.667 ? 'calibration.band-alpha-fair' : 'calibration.band-alpha-poor', lang);
}

/** What an ICC means, after Koo & Li (2016): excellent from 0.90, good from 0.75, moderate from 0.50. */
export function iccBand(icc: number | null, lang: Lang): string {
  if (icc === null) return say('calibration.band-none', lang);
  if (icc >= 0.9) return say('calibration.band-icc-excellent', lang);
  if (icc >= 0.75) return say('calibration.band-icc-good', lang);
  return say(icc >= 0.5 ? 'calibration.band-icc-moderate' : 'calibration.band-icc-poor', lang);
}

/**
 * An assessor's leaning from the leniency share, with the round workbook's threshold: beyond ±2% of
 * the item points (as reported, to 4 decimals) lenient or severe; null without a leniency.
 */
export function leaning(share: number | null): 'lenient' | 'severe' | 'neutral' | null {
  if (share === null) return null;
  return share > LEANING_THRESHOLD ? 'lenient' : share < -LEANING_THRESHOLD ? 'severe' : 'neutral';
}

/** A yes/no answer of a judgement in words: 否决 / 不否决, 不适用 / 适用, 符合 / 不符合. */
export const answer = (kind: JudgementDifference['kind'], yes: boolean, lang: Lang): string =>
  say(`calibration.answer-${kind}-${yes ? 'yes' : 'no'}`, lang);

/** One judgement that differs from the key, as a line: case, item, what, their answer and the key's. */
export const judgementLine = (j: JudgementDifference, lang: Lang): string =>
  say('calibration.judgement-line', lang, {
    case: j.case,
    code: j.code,
    what: say(`calibration.judgement-${j.kind}`, lang),
    theirs: answer(j.kind, j.theirs, lang),
    key: answer(j.kind, j.key, lang),
  });

/** One of the items furthest off, as a line: case, item, their score, the key's, the deviation. */
export const furthestLine = (d: ItemDeviation, lang: Lang): string =>
  say('calibration.furthest-line', lang, {
    case: d.case,
    code: d.code,
    theirs: pts(d.theirs),
    key: pts(d.key),
    deviation: signedPts(d.deviation),
  });

/** The key's judgements of an item in words (不适用; 否决; 符合 / 不符合), empty when there are none. */
export function keyJudgement(k: KeyItem, lang: Lang): string {
  if (k.na === true) return answer('na', true, lang);
  const parts: string[] = [];
  if (k.veto === true) parts.push(answer('veto', true, lang));
  if (k.met !== null) parts.push(answer('met', k.met, lang));
  return parts.join(lang === 'zh' ? '、' : ', ');
}

/**
 * Assessors furthest from the key first: by MAD as a share of the points (high first), then MAD in
 * points, then id; those with nothing compared last.
 */
export function byDistance(assessors: readonly AssessorCalibration[]): AssessorCalibration[] {
  const down = (a: number | null, b: number | null) => (b ?? -Infinity) - (a ?? -Infinity) || 0;
  return [...assessors].sort(
    (a, b) =>
      down(a.madShare, b.madShare) ||
      down(a.mad, b.mad) ||
      (a.assessor < b.assessor ? -1 : a.assessor > b.assessor ? 1 : 0),
  );
}

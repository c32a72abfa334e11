import { chinaDayEnd } from './china-time.ts';
import { normaliseText } from './parse-value.ts';
import type { UnitPhaseResult } from './results.ts';
import type { RuleSet } from './rule-set.ts';
import { tr, type Lang } from './text.ts';

/**
 * The rectification notice (整改通知书) a unit gets when the pre-check phase closes, and the answer
 * it sends back: for every item the pre-check found wanting, whether it was fixed, what was done and
 * which files prove it.
 */

/** How far an item was rectified: fixed (已整改), partly fixed (部分整改), not fixed (未整改). */
export const RECT_STATUSES = ['fixed', 'partly', 'not'] as const;
export type RectStatus = (typeof RECT_STATUSES)[number];

/** The status words of each language; either language's words are read back. */
export const RECT_STATUS_WORDS: Record<Lang, Record<RectStatus, string>> = {
  zh: { fixed: '已整改', partly: '部分整改', not: '未整改' },
  en: { fixed: 'Fixed', partly: 'Partly fixed', not: 'Not fixed' },
};

/**
 * A status word in either language, or undefined: trimmed, full-width and invisible characters
 * normalised (as typed text is elsewhere), case and inner spacing ignored ("partly  FIXED").
 */
export function parseRectStatus(text: string): RectStatus | undefined {
  const t = normaliseText(text).toLowerCase();
  for (const lang of ['zh', 'en'] as const)
    for (const s of RECT_STATUSES) if (RECT_STATUS_WORDS[lang][s].toLowerCase() === t) return s;
  return undefined;
}

/** The status words of a language as a choice list, e.g. "已整改 / 部分整改 / 未整改". */
export const rectStatusChoices = (lang: Lang): string =>
  RECT_STATUSES.map((s) => RECT_STATUS_WORDS[lang][s]).join(' / ');

/** One item of the notice: what the pre-check found and what the assessors suggested. */
export interface NoticeItem {
  code: string;
  title: string;
  max: number;
  score: number | null;
  /** A compliance item (符合/不符合): `met` says which; the score is then full marks or 0. */
  compliance: boolean;
  met?: boolean | undefined;
  problem: string;
  suggestion: string;
  /** The item's veto condition applies (一票否决): included whatever its score. */
  vetoed?: boolean | undefined;
}

/** The rectification notice of one unit after its pre-check. */
export interface RectificationNotice {
  round: string;
  unit: string;
  unitName: string;
  ruleSet: string;
  ruleVersion: number;
  fingerprint: string;
  /** The last day answers are on time, YYYY-MM-DD, China time. */
  deadline: string;
  issuedAt: string;
  lang: Lang;
  items: NoticeItem[];
}

/** Tolerance for comparing scores kept to hundredths. */
const EPS = 1e-9;

/**
 * The items a unit must rectify after its pre-check, in rubric order: every applicable leaf that is
 * scored (not N/A, not pending) and lost points, or is a compliance item not met, or whose veto
 * applies. Problems and suggestions are the assessors' distinct texts joined ('；' / '; ').
 */
export function noticeItems(pre: UnitPhaseResult, rs: RuleSet, lang: Lang): NoticeItem[] {
  const byCode = new Map(pre.items.map((i) => [i.code, i]));
  const sep = lang === 'zh' ? '；' : '; ';
  const out: NoticeItem[] = [];
  for (const leaf of rs.leaves) {
    const item = byCode.get(leaf.code);
    if (!item || item.na || item.pending || item.score === null) continue;
    const compliance = leaf.method?.type === 'compliance';
    // A compliance item is met at full marks (reconcile: full marks or 0, never a fraction).
    const met = compliance ? item.score >= item.max - EPS : undefined;
    const lost = item.score < item.max - EPS;
    if (!lost && met !== false && !item.vetoed) continue;
    out.push({
      code: leaf.code,
      title: tr(leaf.title, lang),
      max: item.max,
      score: item.score,
      compliance,
      met,
      problem: item.problems.join(sep),
      suggestion: item.suggestions.join(sep),
      vetoed: item.vetoed || undefined,
    });
  }
  return out;
}

/** One item of a unit's answer to its notice. */
export interface RectAnswerItem {
  code: string;
  status: RectStatus;
  /** What was done (整改措施); may be empty only when the item was not fixed. */
  done: string;
  /** File names of the evidence (佐证材料), in the order given. */
  evidence: string[];
}

/** A unit's answer to its rectification notice (整改情况), item by item in the notice's order. */
export interface RectAnswer {
  round: string;
  unit: string;
  items: RectAnswerItem[];
}

/**
 * Whether an answer received at `receivedAt` (an ISO timestamp) is late for `deadline`
 * (YYYY-MM-DD): late from the end of the deadline day in China time on, i.e. from 16:00 UTC that
 * day. Throws on a malformed date (a caller's bug, never user input).
 */
export function isLate(receivedAt: string, deadline: string): boolean {
  const end = chinaDayEnd(deadline);
  if (Number.isNaN(end)) throw new Error(`not a date: ${deadline}`);
  const at = Date.parse(receivedAt);
  if (Number.isNaN(at)) throw new Error(`not a timestamp: ${receivedAt}`);
  return at >= end;
}

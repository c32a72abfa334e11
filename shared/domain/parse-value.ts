import type { RawCell } from './raw-cell.ts';

/** A parsed value, a value accepted with a note on how it was read, or the reason it was refused. */
export type Parsed<T> =
  | { ok: true; value: T; note?: 'unit-stripped' | 'full-marks' | 'percent-format' | 'text-number' }
  | { ok: false; reason: 'blank' | 'formula' | 'date' | 'error-value' | 'not-a-number' | 'not-a-choice' };

const YES = new Set(['是', '√', '✓', '✔', '☑', 'y', 'yes', 'true', '1', '对', '有']);
const NO = new Set(['否', '×', '✗', '✘', '☐', 'n', 'no', 'false', '0', '无', '不']);
const FULL_MARKS = new Set(['满分', 'full', 'full marks']);
const UNIT_SUFFIX = /^(.*?)\s*(分|points?|pts?|个|次|处|项|件|人|份|类|例)$/i;
// Control characters and bidirectional marks: invisible in a cell, and able to disguise text.
// eslint-disable-next-line no-control-regex
const INVISIBLE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
const NUMBER = /^[+]?(\d+(\.\d+)?|\.\d+)$/;

// Zero-width and formatting characters that ride along with pasted text and cannot be seen.
const FORMAT_CHARS = /[\u00ad\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/g;

/** Normalises typed text: invisible characters dropped, full-width to half-width (NFKC), trimmed. */
export function normaliseText(s: string): string {
  return s.normalize('NFKC').replace(FORMAT_CHARS, '').replace(/。/g, '.').replace(/\s+/g, ' ').trim();
}

function refusal(c: RawCell): Parsed<never> | null {
  if (c.type === 'empty' || (c.type === 'text' && c.value.trim() === ''))
    return { ok: false, reason: 'blank' };
  if (c.type === 'formula') return { ok: false, reason: 'formula' };
  if (c.type === 'date') return { ok: false, reason: 'date' };
  if (c.type === 'error') return { ok: false, reason: 'error-value' };
  return null;
}

/**
 * Reads a number from a cell, accepting what is unambiguous: "8.5" typed as text, full-width
 * "８", a trailing unit ("8分", "3处"), "满分" when `fullMarks` is given, "97%" for percentages.
 */
export function parseNumber(
  c: RawCell,
  opts: { fullMarks?: number | undefined; percent?: boolean | undefined } = {},
): Parsed<number> {
  const refused = refusal(c);
  if (refused) return refused;
  if (c.type === 'number') {
    if (!Number.isFinite(c.value)) return { ok: false, reason: 'not-a-number' };
    if (opts.percent && c.percentFormat)
      return { ok: true, value: roundFloat(c.value * 100), note: 'percent-format' };
    return { ok: true, value: c.value };
  }
  if (c.type !== 'text') return { ok: false, reason: 'not-a-number' };
  let s = normaliseText(c.value);
  if (opts.fullMarks !== undefined && FULL_MARKS.has(s.toLowerCase())) {
    return { ok: true, value: opts.fullMarks, note: 'full-marks' };
  }
  let note: 'unit-stripped' | 'text-number' = 'text-number';
  if (opts.percent && s.endsWith('%')) {
    s = s.slice(0, -1).trim();
    note = 'unit-stripped';
  } else {
    const unit = UNIT_SUFFIX.exec(s);
    if (unit && unit[1]) {
      s = unit[1];
      note = 'unit-stripped';
    }
  }
  if (!NUMBER.test(s)) return { ok: false, reason: 'not-a-number' };
  return { ok: true, value: Number(s), note };
}

/** Reads a yes/no answer: 是/否, √/×, Yes/No, Y/N, 1/0, TRUE/FALSE. */
export function parseChoice(c: RawCell): Parsed<boolean> {
  const refused = refusal(c);
  if (refused) return refused;
  if (c.type === 'boolean') return { ok: true, value: c.value };
  if (c.type === 'number') {
    if (c.value === 1 || c.value === 0) return { ok: true, value: c.value === 1 };
    return { ok: false, reason: 'not-a-choice' };
  }
  if (c.type !== 'text') return { ok: false, reason: 'not-a-choice' };
  const s = normaliseText(c.value).toLowerCase();
  if (YES.has(s)) return { ok: true, value: true };
  if (NO.has(s)) return { ok: true, value: false };
  return { ok: false, reason: 'not-a-choice' };
}

const MET = new Set(['符合', 'met', 'compliant', 'yes', 'y', '是', '√', '✓', '✔']);
const NOT_MET = new Set(['不符合', 'not met', 'non-compliant', 'no', 'n', '否', '×', '✗', '✘']);
const NOT_APPLICABLE = new Set(['不适用', 'n/a', 'na', 'not applicable', '/', '—', '-']);

/** Reads a compliance judgement: 符合 / 不符合 / 不适用 (Met / Not met / N/A), or yes / no for met. */
export function parseCompliance(c: RawCell): Parsed<'met' | 'not-met' | 'na'> {
  const refused = refusal(c);
  if (refused) return refused;
  if (c.type === 'boolean') return { ok: true, value: c.value ? 'met' : 'not-met' };
  if (c.type !== 'text') return { ok: false, reason: 'not-a-choice' };
  const s = normaliseText(c.value).toLowerCase();
  if (MET.has(s)) return { ok: true, value: 'met' };
  if (NOT_MET.has(s)) return { ok: true, value: 'not-met' };
  if (NOT_APPLICABLE.has(s)) return { ok: true, value: 'na' };
  return { ok: false, reason: 'not-a-choice' };
}

/** Reads free text (problems, suggestions): any value as text, control characters removed. */
export function parseNote(c: RawCell): string | undefined {
  let s: string;
  switch (c.type) {
    case 'text':
      s = c.value;
      break;
    case 'number':
      s = String(c.value);
      break;
    case 'boolean':
      s = c.value ? 'TRUE' : 'FALSE';
      break;
    case 'date':
      s = c.value;
      break;
    default:
      return undefined;
  }
  s = s.replace(INVISIBLE, '').trim();
  return s === '' ? undefined : s;
}

function roundFloat(x: number): number {
  return Math.round(x * 1e9) / 1e9;
}

import type { Text } from './rule-set-schema.ts';

/** The languages every user-facing text exists in; Chinese is the default. */
export type Lang = 'zh' | 'en';

/** The languages, default first. */
export const LANGS: readonly Lang[] = ['zh', 'en'];

/** Picks the text for a language; English falls back to Chinese where a rubric gives none. */
export function tr(text: Text, lang: Lang): string {
  if (typeof text === 'string') return text;
  return lang === 'en' ? (text.en ?? text.zh) : text.zh;
}

// Control characters (C0, DEL, C1) and bidirectional marks and overrides: text a caller chose must
// not clear a terminal or reorder a line when it is shown to someone else.
// eslint-disable-next-line no-control-regex
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** The text with every unprintable character shown as U+FFFD. */
export function printable(s: string): string {
  return s.replace(UNPRINTABLE, '\ufffd');
}

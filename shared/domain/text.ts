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

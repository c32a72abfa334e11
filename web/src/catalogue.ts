import zh from 'virtual:cepin-catalogue/zh';
import type { Lang } from '../../shared/api/terms.ts';

/**
 * The page's words in the languages loaded so far: Chinese with the page, English fetched the first
 * time it is wanted (the two together are about 36 KB gzipped; one is about half).
 */
const loaded: Partial<Record<Lang, Record<string, string>>> = { zh };

/** Makes sure a language's words are here (English is fetched once). */
export async function loadLanguage(lang: Lang): Promise<void> {
  if (!loaded[lang]) loaded[lang] = (await import('virtual:cepin-catalogue/en')).default;
}

/** A language's words; Chinese until English has arrived. */
export const wordsOf = (lang: Lang): Record<string, string> => loaded[lang] ?? zh;

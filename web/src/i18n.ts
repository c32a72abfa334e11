import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { Phase } from '../../shared/api/phases.ts';
import type { IssueJson, Text } from '../../shared/api/responses.ts';
import { tr, type Lang } from '../../shared/api/terms.ts';
import { fill, location, placed } from '../../shared/domain/message-format.ts';
import { PHASE_NAMES } from 'virtual:cepin-catalogue/words';
import { loadLanguage, wordsOf } from './catalogue.ts';

/**
 * The portal speaks the CLI's languages from the same catalogue (shared/domain/messages.ts), extended
 * with the page's own words (shared/domain/portal-messages.ts), one language at a time (catalogue.ts).
 */
export { loadLanguage };
export type { Lang, Phase, IssueJson };

export interface I18n {
  lang: Lang;
  t: (code: string, params?: Record<string, string | number>) => string;
  phase: (p: string) => string;
  issue: (i: IssueJson) => string;
  /** A rule set's text in the page's language. */
  text: (t: Text | undefined) => string;
  time: (iso: string | null | undefined) => string;
}

export function makeI18n(lang: Lang): I18n {
  const dt = new Intl.DateTimeFormat(lang === 'zh' ? 'zh-CN' : 'en-GB', {
    dateStyle: 'short',
    timeStyle: 'medium',
  });
  const words = wordsOf(lang);
  const t = (code: string, params: Record<string, string | number> = {}) => fill(words[code] ?? code, params);
  return {
    lang,
    t,
    phase: (p) => PHASE_NAMES[p as Phase]?.[lang] ?? p,
    issue: (i) =>
      placed(
        location(
          { sheet: i.sheet ?? undefined, cell: i.cell ?? undefined, item: i.item ?? undefined, path: i.path },
          lang,
        ),
        t(i.code, i.params ?? {}),
        lang,
      ),
    text: (t) => (t === undefined ? '' : tr(t, lang)),
    time: (iso) => (iso ? dt.format(new Date(iso)) : ''),
  };
}

export const I18nContext = createContext<I18n>(makeI18n('zh'));
export const useI18n = () => useContext(I18nContext);

const KEY = 'cepin.lang';
export function savedLang(): Lang {
  try {
    return localStorage.getItem(KEY) === 'en' ? 'en' : 'zh';
  } catch {
    return 'zh';
  }
}
export function saveLang(lang: Lang): void {
  try {
    localStorage.setItem(KEY, lang);
  } catch {
    /* private mode: the toggle still works for this page */
  }
  document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
}

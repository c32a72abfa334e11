import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import { formatIssue, message } from '../../shared/domain/messages.ts';
import { PORTAL_CATALOGUE } from '../../shared/domain/portal-messages.ts';
import { SHEET_WORDS } from '../../shared/domain/sheet-text.ts';
import type { Issue } from '../../shared/domain/issues.ts';

/**
 * The portal speaks the CLI's languages from the same catalogue (shared/domain/messages.ts), extended
 * with the page's own words (shared/domain/portal-messages.ts).
 */
export type Lang = 'zh' | 'en';
export type Phase = 'self' | 'precheck' | 'formal' | 'spotcheck';
/** Phases in the order a round runs them. */
export const PHASE_ORDER: Phase[] = ['self', 'precheck', 'spotcheck', 'formal'];

export interface I18n {
  lang: Lang;
  t: (code: string, params?: Record<string, string | number>) => string;
  phase: (p: string) => string;
  issue: (i: IssueJson) => string;
  time: (iso: string | null | undefined) => string;
}

/** An issue as the API returns it (`issueJson`): formatted again here so the language toggle applies. */
export interface IssueJson {
  code: string;
  severity: 'error' | 'warning';
  sheet: string | null;
  cell: string | null;
  item: string | null;
  message: string;
  params: Record<string, string | number>;
}

export function makeI18n(lang: Lang): I18n {
  const dt = new Intl.DateTimeFormat(lang === 'zh' ? 'zh-CN' : 'en-GB', {
    dateStyle: 'short',
    timeStyle: 'medium',
  });
  return {
    lang,
    t: (code, params = {}) => message(code, params, lang, PORTAL_CATALOGUE),
    phase: (p) => SHEET_WORDS.phase[p as Phase]?.[lang] ?? p,
    issue: (i) =>
      formatIssue(
        {
          code: i.code,
          severity: i.severity,
          params: i.params ?? {},
          sheet: i.sheet ?? undefined,
          cell: i.cell ?? undefined,
          item: i.item ?? undefined,
        } as Issue,
        lang,
      ),
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

import type { Issue, IssueParams } from './issues.ts';
import type { Lang } from './text.ts';

/**
 * How a message is filled and where an issue is said to be: plain functions without the catalogue,
 * so the portal, which loads one language's words at a time, formats exactly as the CLI and API do.
 */

/** Fills `{name}` placeholders; an unknown one stays as written. */
export function fill(template: string, params: IssueParams): string {
  return template.replace(/\{(\w+)\}/g, (_m, k: string) => (k in params ? String(params[k]) : `{${k}}`));
}

/** A change as people write it: +1.5, -0.5, 0. */
export const signed = (n: number): string => (n > 0 ? `+${n}` : String(n));

/** Where an issue is, in words: sheet, cell, item, or a path in a rule file. */
export function location(issue: Pick<Issue, 'sheet' | 'cell' | 'item' | 'path'>, lang: Lang): string {
  const parts: string[] = [];
  if (lang === 'zh') {
    if (issue.sheet) parts.push(`工作表“${issue.sheet}”`);
    if (issue.cell) parts.push(`单元格 ${issue.cell}`);
    if (issue.item) parts.push(`项目 ${issue.item}`);
    if (issue.path) parts.push(`位置 ${issue.path}`);
    return parts.join(',');
  }
  if (issue.sheet) parts.push(`sheet “${issue.sheet}”`);
  if (issue.cell) parts.push(`cell ${issue.cell}`);
  if (issue.item) parts.push(`item ${issue.item}`);
  if (issue.path) parts.push(`at ${issue.path}`);
  const s = parts.join(', ');
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** Where, then what: the full text of an issue whose message is already filled. */
export function placed(where: string, what: string, lang: Lang): string {
  if (!where) return what;
  return lang === 'zh' ? `${where}:${what}` : `${where}: ${what}`;
}

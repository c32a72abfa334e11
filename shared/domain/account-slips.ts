import type { PersonRole } from './people.ts';
import type { Lang } from './text.ts';

/**
 * The account slip (账号开通通知单, issue 17): one page per person with where to sign in, the sign-in
 * name and the temporary password, handed out on paper by the bureau. Rendered as a workbook
 * (shared/excel/account-slips.ts) and as a .docx (shared/documents/account-slips-docx.ts) from the
 * same lines, so both say the same.
 */

/** One person's slip. */
export interface AccountSlip {
  login: string;
  name: string;
  role: PersonRole;
  ref: string;
  /** The unit's or assessor's name in the roster, when known. */
  refName?: string | undefined;
  tempPassword: string;
}

/** The slips of one sync or reset. */
export interface AccountSlips {
  lang: Lang;
  districtName: string;
  /** The portal's address; '' prints a line to fill in by hand. */
  portal: string;
  /** The day the slips were made, YYYY-MM-DD. */
  date: string;
  slips: AccountSlip[];
}

const WORDS = {
  zh: {
    title: '账号开通通知单',
    header: '{district} · 机关档案工作测评系统',
    district: '所属区县',
    portal: '系统地址',
    name: '姓名',
    role: '身份',
    login: '登录名',
    password: '临时密码',
    date: '日期',
    admin: '管理员',
    assessor: '测评员',
    unit: '被测单位',
    change: '首次登录时系统会要求修改密码,新密码至少 12 位,须含大写字母、小写字母、数字和符号。',
    keep: '本通知单含登录密码,请本人妥善保管,不要转交他人;遗失请联系区县管理员重置密码。',
    blank: '＿＿＿＿＿＿＿＿＿＿＿＿＿＿＿＿',
    sheet: '账号通知单',
  },
  en: {
    title: 'Your sign-in account',
    header: '{district} · archive-work assessment',
    district: 'District',
    portal: 'Portal address',
    name: 'Name',
    role: 'Role',
    login: 'Sign-in name',
    password: 'Temporary password',
    date: 'Date',
    admin: 'Administrator',
    assessor: 'Assessor',
    unit: 'Unit',
    change:
      'You will be asked to change the password at your first sign-in: at least 12 characters with upper- and lower-case letters, a digit and a symbol.',
    keep: 'This slip carries your password: keep it to yourself. If it is lost, ask the district admin for a new one.',
    blank: '________________________________',
    sheet: 'Account slips',
  },
} as const;

export type SlipWords = (typeof WORDS)[Lang];
export const slipWords = (lang: Lang): SlipWords => WORDS[lang];

/** The date as the slip prints it: 2026年3月2日, or 2 March 2026. */
export function slipDate(date: string, lang: Lang): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  if (lang === 'zh') return `${y}年${m}月${d}日`;
  const month = new Date(Date.UTC(y, m - 1, d)).toLocaleString('en-GB', { month: 'long', timeZone: 'UTC' });
  return `${d} ${month} ${y}`;
}

/** What a person's role line says: 被测单位 DC01 某局; an assessor's own name is not said twice. */
export function roleLine(s: AccountSlip, lang: Lang): string {
  const w = WORDS[lang];
  const named = s.refName && s.refName !== s.ref && s.refName !== s.name ? s.refName : '';
  return [w[s.role], s.ref, named].filter(Boolean).join(' ');
}

/** The labelled lines of one slip, top to bottom; `code` lines are set in a monospace font. */
export function slipLines(
  s: AccountSlip,
  all: AccountSlips,
): { label: string; value: string; code?: 'login' | 'password' }[] {
  const w = WORDS[all.lang];
  return [
    { label: w.district, value: all.districtName },
    { label: w.portal, value: all.portal || w.blank },
    { label: w.name, value: s.name },
    { label: w.role, value: roleLine(s, all.lang) },
    { label: w.login, value: s.login, code: 'login' },
    { label: w.password, value: s.tempPassword, code: 'password' },
    { label: w.date, value: slipDate(all.date, all.lang) },
  ];
}

/** The name a sync's or reset's slips are downloaded as. */
export function slipFileName(round: string, kind: 'xlsx' | 'docx', login?: string): string {
  return `account-slips-${round}${login ? `-${login}` : ''}.${kind}`;
}

import { randomBytes } from 'node:crypto';
import type { KoaContextWithOIDC } from 'oidc-provider';
import { message } from '../domain/messages.ts';
import type { Lang } from '../domain/text.ts';

/** Escapes text for HTML content and double-quoted attribute values. */
export function esc(s: string): string {
  return s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );
}

/** The page's language: `en` when asked for (`?lang=en`, a form's `lang`, `ui_locales=en…`), else zh. */
export function pickLang(...asked: unknown[]): Lang {
  for (const a of asked) {
    if (typeof a !== 'string' || !a) continue;
    return a.split(/[\s,]/)[0]!.toLowerCase().startsWith('en') ? 'en' : 'zh';
  }
  return 'zh';
}

const LABELS = {
  zh: {
    title: '登录 cepin 测评',
    login: '登录名',
    password: '密码',
    signIn: '登录',
    changeTitle: '设置新密码',
    changeHint: '首次登录或密码已重置:请设置自己的新密码,临时密码随即失效。',
    newPassword: '新密码(至少 8 个字符)',
    repeat: '再次输入新密码',
    save: '保存并登录',
    deviceTitle: '命令行登录',
    deviceHint: '请输入命令行显示的代码',
    code: '代码',
    next: '继续',
    confirmHint: '确认让命令行以你的身份登录?请核对代码:',
    abort: '取消',
    success: '登录成功,可以关闭此页面,回到命令行。',
    logout: '退出登录?',
    logoutYes: '退出',
    logoutNo: '不退出',
    loggedOut: '已退出登录。',
    error: '出错了',
    other: 'English',
  },
  en: {
    title: 'Sign in to cepin',
    login: 'Sign-in name',
    password: 'Password',
    signIn: 'Sign in',
    changeTitle: 'Set a new password',
    changeHint:
      'First sign-in, or the password was reset: choose your own password; the temporary one stops working.',
    newPassword: 'New password (8 characters or more)',
    repeat: 'The new password again',
    save: 'Save and sign in',
    deviceTitle: 'Command line sign-in',
    deviceHint: 'Enter the code the command line shows',
    code: 'Code',
    next: 'Continue',
    confirmHint: 'Let the command line sign in as you? Check the code:',
    abort: 'Cancel',
    success: 'Signed in: close this page and go back to the command line.',
    logout: 'Sign out?',
    logoutYes: 'Sign out',
    logoutNo: 'Stay signed in',
    loggedOut: 'Signed out.',
    error: 'Something went wrong',
    other: '中文',
  },
} as const;

export const labels = (lang: Lang) => LABELS[lang];

const STYLE =
  'body{font-family:system-ui,"Noto Sans CJK SC",sans-serif;max-width:22rem;margin:3rem auto;padding:0 1rem}' +
  'label{display:block;margin:.8rem 0}input{display:block;width:100%;box-sizing:border-box;padding:.4rem}' +
  'button{margin-top:.8rem;padding:.4rem 1rem}.error{color:#b00020}.lang{float:right;font-size:.9rem}';

/** A whole page: its HTML and the headers it goes with (no script; a nonce-bound style; frames refused). */
export function page(
  lang: Lang,
  title: string,
  body: string,
  formTargets: readonly string[],
  langLink = '',
): { html: string; headers: Record<string, string> } {
  const nonce = randomBytes(16).toString('base64');
  const html =
    `<!DOCTYPE html><html lang="${lang === 'zh' ? 'zh-CN' : 'en'}"><head><meta charset="utf-8">` +
    `<meta name="viewport" content="width=device-width, initial-scale=1"><title>${esc(title)}</title>` +
    `<style nonce="${nonce}">${STYLE}</style></head><body>${langLink}<h1>${esc(title)}</h1>${body}</body></html>`;
  return {
    html,
    headers: {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'DENY',
      // Not no-referrer: Chromium then sends `Origin: null` with the form, which the origin check refuses.
      'referrer-policy': 'same-origin',
      // Chromium applies form-action to a form's redirects too: the sign-in ends at the portal.
      'content-security-policy':
        `default-src 'none'; style-src 'nonce-${nonce}'; form-action 'self' ${formTargets.join(' ')}; ` +
        `frame-ancestors 'none'; base-uri 'none'`,
    },
  };
}

/** A problem line of a form, in the page's language. */
export const problem = (code: string | undefined, lang: Lang, params: Record<string, string> = {}) =>
  code ? `<p class="error" role="alert">${esc(message(code, params, lang))}</p>` : '';

type Ctx = KoaContextWithOIDC;

function render(ctx: Ctx, formTargets: readonly string[], title: string, body: string, lang: Lang) {
  const p = page(lang, title, body, formTargets);
  ctx.set(p.headers);
  ctx.type = 'html';
  ctx.body = p.html;
}

const langOf = (ctx: Ctx) => pickLang(ctx.query?.lang, ctx.oidc?.params?.ui_locales);

/**
 * The provider's own pages in zh and en: the device flow's code entry, confirmation and success, the
 * sign-out question and its answer, and errors (never the request's details, only error and
 * description, escaped).
 */
export function providerPages(formTargets: readonly string[]) {
  return {
    userCodeInputSource(ctx: Ctx, form: string, _out: unknown, err?: Error) {
      const lang = langOf(ctx);
      const t = labels(lang);
      const code = (err as { userCode?: string } | undefined)?.userCode ?? '';
      const wrong = err ? problem('local.oidc-device-code', lang, { code }) : '';
      const body = `<p>${esc(t.deviceHint)}</p>${wrong}${form.replace('placeholder="Enter code"', `placeholder="${esc(t.code)}"`)}<button type="submit" form="op.deviceInputForm">${esc(t.next)}</button>`;
      render(ctx, formTargets, t.deviceTitle, body, lang);
      return Promise.resolve();
    },
    userCodeConfirmSource(ctx: Ctx, form: string, _client: unknown, _info: unknown, userCode: string) {
      const lang = langOf(ctx);
      const t = labels(lang);
      const body =
        `<p>${esc(t.confirmHint)}</p><p><strong>${esc(userCode)}</strong></p>${form}` +
        `<button type="submit" form="op.deviceConfirmForm">${esc(t.next)}</button> ` +
        `<button type="submit" form="op.deviceConfirmForm" name="abort" value="yes">${esc(t.abort)}</button>`;
      render(ctx, formTargets, t.deviceTitle, body, lang);
      return Promise.resolve();
    },
    successSource(ctx: Ctx) {
      const t = labels(langOf(ctx));
      render(ctx, formTargets, t.deviceTitle, `<p>${esc(t.success)}</p>`, langOf(ctx));
      return Promise.resolve();
    },
    logoutSource(ctx: Ctx, form: string) {
      const lang = langOf(ctx);
      const t = labels(lang);
      const body =
        `${form}<button type="submit" form="op.logoutForm" name="logout" value="yes">${esc(t.logoutYes)}</button> ` +
        `<button type="submit" form="op.logoutForm">${esc(t.logoutNo)}</button>`;
      render(ctx, formTargets, t.logout, body, lang);
      return Promise.resolve();
    },
    postLogoutSuccessSource(ctx: Ctx) {
      const t = labels(langOf(ctx));
      render(ctx, formTargets, t.loggedOut, '', langOf(ctx));
      return Promise.resolve();
    },
    renderError(ctx: Ctx, out: { error?: unknown; error_description?: unknown }) {
      const t = labels(langOf(ctx));
      const body = `<p class="error">${esc(String(out.error ?? ''))}: ${esc(String(out.error_description ?? ''))}</p>`;
      render(ctx, formTargets, t.error, body, langOf(ctx));
      return Promise.resolve();
    },
  };
}

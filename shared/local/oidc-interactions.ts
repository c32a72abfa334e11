import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { errors, type Provider } from 'oidc-provider';
import type { Lang } from '../domain/text.ts';
import { newPasswordProblem, type LocalAccount, type LocalAccounts } from './oidc-accounts.ts';
import { esc, labels, page, pickLang, problem } from './oidc-pages.ts';

/** How long a person who signed in with a temporary password has to choose a new one. */
const CHANGE_WINDOW_MS = 10 * 60 * 1000;

export interface InteractionOptions {
  /** The provider's own origins: a form must be posted from one of them. */
  ownOrigins: readonly string[];
  /** Where a sign-in may end (the portal's origins), allowed in the pages' form-action. */
  formTargets: readonly string[];
  /** The clients whose consent is granted without asking: cepin's own. */
  ownClients: readonly string[];
}

async function readForm(req: IncomingMessage, max = 16 * 1024): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > max) throw new Error('form too large');
    chunks.push(chunk as Buffer);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

/**
 * The sign-in pages of the local OpenID Connect provider, on oidc-provider's interaction API
 * (`interactionDetails`, `interactionFinished`): a form checking the password against the account
 * store, then, for a temporary password, a form setting a new one; consent to cepin's own clients is
 * granted without a page. Each interaction is bound to the browser by the provider's cookie (path
 * /interaction/<uid>, SameSite=Lax, signed); each form also carries a token derived from the uid
 * with a key of this process, and is refused when posted from another origin.
 */
export function interactionHandler(provider: Provider, accounts: LocalAccounts, o: InteractionOptions) {
  const csrfKey = randomBytes(32);
  const csrfFor = (uid: string) => createHmac('sha256', csrfKey).update(uid).digest('base64url');
  const csrfOk = (uid: string, token: string | null) => {
    const want = Buffer.from(csrfFor(uid));
    const got = Buffer.from(token ?? '');
    return got.length === want.length && timingSafeEqual(got, want);
  };
  /** Who signed in with a temporary password, by interaction, until they set a new one. */
  const mustChange = new Map<string, { login: string; until: number }>();

  const send = (res: ServerResponse, status: number, lang: Lang, title: string, body: string, link = '') => {
    const p = page(lang, title, body, o.formTargets, link);
    res.writeHead(status, p.headers);
    res.end(p.html);
  };
  const hidden = (uid: string, lang: Lang) =>
    `<input type="hidden" name="csrf" value="${esc(csrfFor(uid))}"><input type="hidden" name="lang" value="${lang}">`;

  const loginPage = (res: ServerResponse, uid: string, lang: Lang, login = '', code?: string) => {
    const t = labels(lang);
    const other = lang === 'zh' ? 'en' : 'zh';
    send(
      res,
      200,
      lang,
      t.title,
      `<form method="post" action="/interaction/${esc(uid)}/login">${hidden(uid, lang)}` +
        `<label>${esc(t.login)}<input name="login" autocomplete="username" required value="${esc(login)}"></label>` +
        `<label>${esc(t.password)}<input type="password" name="password" autocomplete="current-password" required></label>` +
        `${problem(code, lang)}<button type="submit">${esc(t.signIn)}</button></form>`,
      `<a class="lang" href="/interaction/${esc(uid)}?lang=${other}">${esc(t.other)}</a>`,
    );
  };

  const changePage = (res: ServerResponse, uid: string, lang: Lang, login: string, code?: string) => {
    const t = labels(lang);
    send(
      res,
      200,
      lang,
      t.changeTitle,
      `<p>${esc(t.changeHint)}</p><form method="post" action="/interaction/${esc(uid)}/password">${hidden(uid, lang)}` +
        // For password managers: whose password this is.
        `<input name="username" autocomplete="username" value="${esc(login)}" readonly hidden>` +
        `<label>${esc(t.newPassword)}<input type="password" name="password" autocomplete="new-password" required></label>` +
        `<label>${esc(t.repeat)}<input type="password" name="repeat" autocomplete="new-password" required></label>` +
        `${problem(code, lang)}<button type="submit">${esc(t.save)}</button></form>`,
    );
  };

  const finishLogin = (req: IncomingMessage, res: ServerResponse, account: LocalAccount) =>
    provider.interactionFinished(
      req,
      res,
      { login: { accountId: account.subject, amr: ['pwd'], remember: false } },
      { mergeWithLastSubmission: false },
    );

  /** Consent to one of cepin's own clients: every scope and claim it asked for, without a page. */
  const grantConsent = async (
    req: IncomingMessage,
    res: ServerResponse,
    details: Awaited<ReturnType<Provider['interactionDetails']>>,
  ) => {
    const clientId = String(details.params.client_id ?? '');
    if (!o.ownClients.includes(clientId) || !details.session?.accountId)
      return provider.interactionFinished(
        req,
        res,
        { error: 'access_denied' },
        { mergeWithLastSubmission: false },
      );
    const grant = details.grantId
      ? ((await provider.Grant.find(details.grantId)) ??
        new provider.Grant({ accountId: details.session.accountId, clientId }))
      : new provider.Grant({ accountId: details.session.accountId, clientId });
    const missing = details.prompt.details as { missingOIDCScope?: string[]; missingOIDCClaims?: string[] };
    if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(' '));
    if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
    const grantId = await grant.save();
    return provider.interactionFinished(
      req,
      res,
      { consent: details.grantId ? {} : { grantId } },
      { mergeWithLastSubmission: true },
    );
  };

  return async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> => {
    const m = /^\/interaction\/([A-Za-z0-9_-]{1,64})(?:\/(login|password))?$/.exec(url.pathname);
    const method = req.method ?? 'GET';
    let lang = pickLang(url.searchParams.get('lang'));
    const expired = () =>
      send(res, 400, lang, labels(lang).error, problem('local.oidc-session-expired', lang));
    if (!m || (m[2] ? method !== 'POST' : method !== 'GET')) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
      return void res.end('Not Found');
    }
    const uid = m[1]!;
    let details;
    try {
      details = await provider.interactionDetails(req, res);
    } catch (e) {
      if (e instanceof errors.SessionNotFound) return expired();
      throw e;
    }
    if (details.uid !== uid) return expired();
    lang = pickLang(url.searchParams.get('lang'), details.params.ui_locales);
    if (!m[2]) {
      if (details.prompt.name === 'consent') return grantConsent(req, res, details);
      if (details.prompt.name !== 'login') return expired();
      const pendingLogin = mustChange.get(uid)?.login;
      return pendingLogin ? changePage(res, uid, lang, pendingLogin) : loginPage(res, uid, lang);
    }
    const origin = req.headers.origin;
    const form = await readForm(req);
    lang = pickLang(form.get('lang'), lang);
    if ((origin !== undefined && !o.ownOrigins.includes(origin)) || !csrfOk(uid, form.get('csrf')))
      return expired();
    if (details.prompt.name !== 'login') return expired();
    if (m[2] === 'login') {
      const login = (form.get('login') ?? '').trim();
      const check = await accounts.checkPassword(login, form.get('password') ?? '');
      if (!check.ok) return loginPage(res, uid, lang, login, check.reason);
      if (!check.account.temporary) return finishLogin(req, res, check.account);
      for (const [k, v] of mustChange) if (v.until < Date.now()) mustChange.delete(k);
      mustChange.set(uid, { login, until: Date.now() + CHANGE_WINDOW_MS });
      return changePage(res, uid, lang, login);
    }
    const pending = mustChange.get(uid);
    if (!pending || pending.until < Date.now()) {
      mustChange.delete(uid);
      return loginPage(res, uid, lang);
    }
    const password = form.get('password') ?? '';
    const tooWeak = newPasswordProblem(password, form.get('repeat') ?? '');
    if (tooWeak) return changePage(res, uid, lang, pending.login, tooWeak);
    const stillTemporary = await accounts.checkPassword(pending.login, password);
    if (stillTemporary.ok) return changePage(res, uid, lang, pending.login, 'local.oidc-password-same');
    const account = accounts.find(pending.login);
    if (!account?.enabled) {
      mustChange.delete(uid);
      return loginPage(res, uid, lang, pending.login, 'local.oidc-disabled');
    }
    await accounts.changePassword(pending.login, password);
    mustChange.delete(uid);
    return finishLogin(req, res, account);
  };
}

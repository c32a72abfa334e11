import * as oauth from 'oauth4webapi';

/** What a sign-in gets: the ID token the API takes, the refresh token, the access token. */
export interface OidcTokens {
  idToken: string;
  refreshToken: string;
  accessToken: string;
}

/** The provider answered with a page that is not the next step: the page says why (e.g. a wrong password). */
export class OidcSignInRefused extends Error {
  constructor(
    readonly status: number,
    readonly page: string,
  ) {
    super(
      `sign-in refused (${status}): ${page
        .replace(/<[^>]+>/g, ' ')
        .replace(/\s+/g, ' ')
        .trim()}`,
    );
  }
}

const SCOPE = 'openid profile email phone offline_access';
const insecure = { [oauth.allowInsecureRequests]: true } as const;

/** A browser's cookies for one site, by name and path (enough for oidc-provider's cookies). */
class Browser {
  private readonly jar = new Map<string, { name: string; value: string; path: string }>();

  private keep(res: Response) {
    for (const line of res.headers.getSetCookie()) {
      const [pair = '', ...attrs] = line.split(';').map((s) => s.trim());
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq);
      const path = attrs.find((a) => /^path=/i.test(a))?.slice(5) ?? '/';
      const expires = attrs.find((a) => /^expires=/i.test(a))?.slice(8);
      const key = `${name};${path}`;
      if (expires && Date.parse(expires) < Date.now()) this.jar.delete(key);
      else this.jar.set(key, { name, value: pair.slice(eq + 1), path });
    }
  }

  /** One request as a browser sends it: its cookies for the path, and Origin on a POST. */
  async request(url: string, form?: Record<string, string>): Promise<Response> {
    const u = new URL(url);
    const cookies = [...this.jar.values()].filter((c) => u.pathname.startsWith(c.path));
    const headers: Record<string, string> = { cookie: cookies.map((c) => `${c.name}=${c.value}`).join('; ') };
    if (form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      headers.origin = u.origin;
    }
    const res = await fetch(u, {
      method: form ? 'POST' : 'GET',
      headers,
      body: form ? new URLSearchParams(form).toString() : undefined,
      redirect: 'manual',
    });
    this.keep(res);
    return res;
  }

  /**
   * Follows redirects until one leaves for `stopAt` (returned as { done }) or a page is answered
   * (returned as { page }).
   */
  async follow(
    res: Response,
    base: string,
    stopAt?: string,
  ): Promise<{ done: URL } | { page: string; url: string; status: number }> {
    let url = base;
    for (let hops = 0; hops < 20; hops++) {
      const location = res.headers.get('location');
      if (res.status < 300 || res.status >= 400 || !location)
        return { page: await res.text(), url, status: res.status };
      await res.body?.cancel();
      url = new URL(location, url).href;
      if (stopAt && url.startsWith(stopAt)) return { done: new URL(url) };
      res = await this.request(url);
    }
    throw new Error('too many redirects');
  }
}

/** The first form of a page: where it posts and its hidden fields. */
export function formOf(page: string, base: string): { action: string; fields: Record<string, string> } {
  const form = /<form\b[^>]*\baction="([^"]+)"[^>]*>([\s\S]*?)<\/form>/.exec(page);
  if (!form) throw new Error(`no form on the page: ${page.slice(0, 300)}`);
  const fields: Record<string, string> = {};
  for (const m of form[2]!.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g))
    fields[m[1]!] = m[2]!.replace(/&amp;/g, '&').replace(/&quot;/g, '"');
  return { action: new URL(form[1]!.replace(/&amp;/g, '&'), base).href, fields };
}

/** The provider's metadata, from its discovery document. */
export async function discover(issuer: string): Promise<oauth.AuthorizationServer> {
  const url = new URL(issuer);
  return oauth.processDiscoveryResponse(url, await oauth.discoveryRequest(url, insecure));
}

/** Who signs in, and the new password to choose if the provider asks for one. */
export interface Person {
  login: string;
  password: string;
  newPassword?: string | undefined;
  /** What is typed as the new password the second time (default: the same). */
  repeat?: string | undefined;
}

/**
 * Answers the provider's sign-in pages as a person would: the sign-in form, then the new-password
 * form when the password was temporary; returns the page or redirect that follows.
 */
async function answerSignIn(
  browser: Browser,
  page: { page: string; url: string },
  who: Person,
  stopAt?: string,
) {
  const login = formOf(page.page, page.url);
  let next = await browser.follow(
    await browser.request(login.action, { ...login.fields, login: who.login, password: who.password }),
    login.action,
    stopAt,
  );
  if ('page' in next && next.page.includes('name="repeat"') && !next.page.includes('class="error"')) {
    if (!who.newPassword) throw new OidcSignInRefused(next.status, next.page);
    const change = formOf(next.page, next.url);
    next = await browser.follow(
      await browser.request(change.action, {
        ...change.fields,
        password: who.newPassword,
        repeat: who.repeat ?? who.newPassword,
      }),
      change.action,
      stopAt,
    );
  }
  return next;
}

/**
 * Signs a person in to the portal's client through the real flow: authorization request with PKCE
 * (S256), state and nonce → the provider's sign-in page → its form (and the new-password step) →
 * redirects back to `redirectUri` → the code exchanged at the token endpoint (checked by oauth4webapi).
 */
export async function signInWithOidc(o: {
  issuer: string;
  redirectUri: string;
  who: Person;
  clientId?: string;
  lang?: 'zh' | 'en';
}): Promise<OidcTokens> {
  const as = await discover(o.issuer);
  const client: oauth.Client = { client_id: o.clientId ?? 'cepin-portal' };
  const verifier = oauth.generateRandomCodeVerifier();
  const state = oauth.generateRandomState();
  const nonce = oauth.generateRandomNonce();
  const url = new URL(as.authorization_endpoint!);
  url.search = new URLSearchParams({
    client_id: client.client_id,
    redirect_uri: o.redirectUri,
    response_type: 'code',
    scope: SCOPE,
    code_challenge: await oauth.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state,
    nonce,
    ...(o.lang ? { ui_locales: o.lang } : {}),
  }).toString();
  const browser = new Browser();
  const first = await browser.follow(await browser.request(url.href), url.href, o.redirectUri);
  if ('done' in first) throw new Error('signed in without a sign-in page');
  const end = await answerSignIn(browser, first, o.who, o.redirectUri);
  if ('page' in end) throw new OidcSignInRefused(end.status, end.page);
  const params = oauth.validateAuthResponse(as, client, end.done, state);
  const res = await oauth.authorizationCodeGrantRequest(
    as,
    client,
    oauth.None(),
    params,
    o.redirectUri,
    verifier,
    insecure,
  );
  return tokensOf(
    await oauth.processAuthorizationCodeResponse(as, client, res, {
      expectedNonce: nonce,
      requireIdToken: true,
    }),
  );
}

function tokensOf(r: oauth.TokenEndpointResponse): OidcTokens {
  if (!r.id_token || !r.refresh_token) throw new Error('no ID token or refresh token');
  return { idToken: r.id_token, refreshToken: r.refresh_token, accessToken: r.access_token };
}

/** Uses a refresh token: new tokens (with a new, rotated refresh token). */
export async function refreshWithOidc(issuer: string, refreshToken: string, clientId = 'cepin-portal') {
  const as = await discover(issuer);
  const client: oauth.Client = { client_id: clientId };
  const res = await oauth.refreshTokenGrantRequest(as, client, oauth.None(), refreshToken, insecure);
  return tokensOf(await oauth.processRefreshTokenResponse(as, client, res));
}

/**
 * The CLI's device flow: starts it for `cepin-cli`, lets `approve` run (by default, a person
 * entering the user code on the provider's page, confirming and signing in), then polls the token
 * endpoint. `pendingBefore` records what a poll before the approval answered.
 */
export async function deviceSignIn(o: { issuer: string; who: Person }) {
  const as = await discover(o.issuer);
  const client: oauth.Client = { client_id: 'cepin-cli' };
  const started = await oauth.processDeviceAuthorizationResponse(
    as,
    client,
    await oauth.deviceAuthorizationRequest(as, client, oauth.None(), { scope: SCOPE }, insecure),
  );
  const poll = async () =>
    oauth.processDeviceCodeResponse(
      as,
      client,
      await oauth.deviceCodeGrantRequest(as, client, oauth.None(), started.device_code, insecure),
    );
  const pendingBefore = await poll().then(
    () => 'tokens',
    (e: unknown) => (e instanceof oauth.ResponseBodyError ? e.error : String(e)),
  );
  const browser = new Browser();
  const input = await browser.follow(
    await browser.request(started.verification_uri),
    started.verification_uri,
  );
  if ('done' in input) throw new Error('no code page');
  const entry = formOf(input.page, input.url);
  const confirmPage = await browser.follow(
    await browser.request(entry.action, { ...entry.fields, user_code: started.user_code }),
    entry.action,
  );
  if ('done' in confirmPage) throw new Error('no confirmation page');
  const confirm = formOf(confirmPage.page, confirmPage.url);
  const signIn = await browser.follow(await browser.request(confirm.action, confirm.fields), confirm.action);
  if ('done' in signIn) throw new Error('no sign-in page');
  const done = await answerSignIn(browser, signIn, o.who);
  if ('done' in done) throw new Error('unexpected redirect');
  return {
    userCode: started.user_code,
    pendingBefore,
    successPage: done.page,
    tokens: tokensOf(await poll()),
  };
}

/**
 * A person approving someone else's device sign-in (e.g. `cepin login --oidc`): opens the
 * verification page, enters the user code, confirms and signs in; returns the success page.
 */
export async function approveDevice(o: { verificationUri: string; userCode: string; who: Person }) {
  const browser = new Browser();
  const input = await browser.follow(await browser.request(o.verificationUri), o.verificationUri);
  if ('done' in input) throw new Error('no code page');
  const entry = formOf(input.page, input.url);
  const confirmPage = await browser.follow(
    await browser.request(entry.action, { ...entry.fields, user_code: o.userCode }),
    entry.action,
  );
  if ('done' in confirmPage) throw new Error('no confirmation page');
  const confirm = formOf(confirmPage.page, confirmPage.url);
  const signIn = await browser.follow(await browser.request(confirm.action, confirm.fields), confirm.action);
  if ('done' in signIn) throw new Error('no sign-in page');
  const done = await answerSignIn(browser, signIn, o.who);
  if ('done' in done) throw new Error('unexpected redirect');
  return done.page;
}

import * as oauth from 'oauth4webapi';

/**
 * The CLI's OpenID Connect client (an `oidc` district), on oauth4webapi: the device flow (RFC 8628)
 * to sign in — the person opens the provider's page on any device, types the code and signs in there
 * — and the refresh grant. Loaded only by `cepin login --oidc` and by a refresh.
 */

/** The provider and the CLI's client there. */
export interface OidcClientRef {
  issuer: string;
  clientId: string;
}

/** What a sign-in or refresh gets: the ID token the API takes, and the refresh token, if any. */
export interface OidcTokens {
  idToken: string;
  refreshToken?: string | undefined;
}

/** What the person is told to do: open the page, type the code. */
export interface DeviceInstructions {
  verificationUri: string;
  verificationUriComplete?: string | undefined;
  userCode: string;
  expiresIn: number;
}

const SCOPE = 'openid profile email phone offline_access';

/** Plain http only to a provider on this machine (the local stack's); https everywhere else. */
function httpOptions(issuer: string) {
  const u = new URL(issuer);
  const local = u.protocol === 'http:' && (u.hostname === '127.0.0.1' || u.hostname === 'localhost');
  return local ? { [oauth.allowInsecureRequests]: true } : {};
}

async function discover(issuer: string): Promise<oauth.AuthorizationServer> {
  const url = new URL(issuer);
  return oauth.processDiscoveryResponse(url, await oauth.discoveryRequest(url, httpOptions(issuer)));
}

function tokensOf(r: oauth.TokenEndpointResponse): OidcTokens {
  if (!r.id_token) throw new Error('the provider gave no ID token');
  return { idToken: r.id_token, refreshToken: r.refresh_token };
}

/**
 * Signs in with the device flow: asks the provider for a code, lets `show` tell the person where to
 * type it, then polls the token endpoint at the provider's interval (slower when told to) until the
 * person has signed in, refused, or the code has expired. The ID token is checked by the library.
 */
export async function deviceSignIn(
  ref: OidcClientRef,
  show: (i: DeviceInstructions) => void,
  sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
): Promise<OidcTokens> {
  const as = await discover(ref.issuer);
  const client: oauth.Client = { client_id: ref.clientId };
  const http = httpOptions(ref.issuer);
  if (!as.device_authorization_endpoint)
    throw new Error(`${ref.issuer} offers no device flow: sign in with --token`);
  const started = await oauth.processDeviceAuthorizationResponse(
    as,
    client,
    await oauth.deviceAuthorizationRequest(as, client, oauth.None(), { scope: SCOPE }, http),
  );
  show({
    verificationUri: started.verification_uri,
    verificationUriComplete: started.verification_uri_complete,
    userCode: started.user_code,
    expiresIn: started.expires_in,
  });
  let interval = (started.interval ?? 5) * 1000;
  const deadline = Date.now() + started.expires_in * 1000;
  for (;;) {
    await sleep(interval);
    if (Date.now() > deadline) throw new Error('the code has expired: run `cepin login --oidc` again');
    try {
      return tokensOf(
        await oauth.processDeviceCodeResponse(
          as,
          client,
          await oauth.deviceCodeGrantRequest(as, client, oauth.None(), started.device_code, http),
        ),
      );
    } catch (e) {
      if (!(e instanceof oauth.ResponseBodyError)) throw e;
      if (e.error === 'authorization_pending') continue;
      if (e.error === 'slow_down') {
        interval += 5000;
        continue;
      }
      throw new Error(`sign-in refused: ${[e.error, e.error_description].filter(Boolean).join(': ')}`);
    }
  }
}

/** New tokens from a refresh token (the provider may rotate it: keep the one returned). */
export async function oidcRefresh(ref: OidcClientRef, refreshToken: string): Promise<OidcTokens> {
  const as = await discover(ref.issuer);
  const client: oauth.Client = { client_id: ref.clientId };
  const res = await oauth.refreshTokenGrantRequest(
    as,
    client,
    oauth.None(),
    refreshToken,
    httpOptions(ref.issuer),
  );
  const tokens = tokensOf(await oauth.processRefreshTokenResponse(as, client, res));
  return { idToken: tokens.idToken, refreshToken: tokens.refreshToken ?? refreshToken };
}

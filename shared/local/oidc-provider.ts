import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join, resolve } from 'node:path';
import { calculateJwkThumbprint, type JWK } from 'jose';
import { Provider, type ClientMetadata, type Configuration } from 'oidc-provider';
import { LocalAccounts, type LocalAccount } from './oidc-accounts.ts';
import { interactionHandler } from './oidc-interactions.ts';
import { providerPages } from './oidc-pages.ts';
export { oidcVerifier } from './oidc-tokens.ts';
import { foreignRequest, ownHosts, ownOrigins, refusalBody } from './request-guard.ts';

/** The provider's clients: the portal (authorization code + PKCE) and the CLI (device flow). */
export const OIDC_CLIENTS = { portal: 'cepin-portal', cli: 'cepin-cli' } as const;
/** The audiences the API accepts from the local provider: its two clients. */
export const OIDC_AUDIENCES: readonly string[] = [OIDC_CLIENTS.portal, OIDC_CLIENTS.cli];
/** The file of signing keys (RS256 JWKS) and cookie keys in the data dir. */
export const OIDC_KEYS_FILE = 'oidc-keys.json';
const DEVICE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';
const DAY = 24 * 3600;

export interface LocalOidcOptions {
  port: number;
  dataDir: string;
  /** The issuer's host name (default 127.0.0.1); the provider listens on 127.0.0.1 either way. */
  issuerHost?: '127.0.0.1' | 'localhost' | undefined;
  /** The portal's origins (the gateway's): its redirect URIs are `<origin>/` and `<origin>/callback`. */
  clients: { portalOrigins: readonly string[] };
  /** The account store (default: the one in the data dir). */
  accounts?: LocalAccounts | undefined;
  /** The ID tokens' lifetime in seconds (default 3600, as a Cognito user pool's). */
  idTokenTtl?: number | undefined;
  log?: ((entry: Record<string, unknown>) => void) | undefined;
}

/** A running local OpenID Connect provider. */
export interface LocalOidc {
  issuer: string;
  port: number;
  accounts: LocalAccounts;
  /** The public signing keys, as its jwks_uri serves them. */
  jwks: { keys: JWK[] };
  provider: Provider;
  stop(): Promise<void>;
}

interface KeyFile {
  jwks: { keys: JWK[] };
  cookieKeys: string[];
}

/** The provider's signing key (RSA 2048, RS256) and cookie keys: made on first start, kept (mode 0600). */
export async function oidcKeys(dataDir: string): Promise<KeyFile> {
  const file = join(resolve(dataDir), OIDC_KEYS_FILE);
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as KeyFile;
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = privateKey.export({ format: 'jwk' }) as JWK;
  const key: JWK = { ...jwk, kid: await calculateJwkThumbprint(jwk), alg: 'RS256', use: 'sig' };
  const keys: KeyFile = { jwks: { keys: [key] }, cookieKeys: [randomBytes(32).toString('base64url')] };
  mkdirSync(resolve(dataDir), { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, JSON.stringify(keys, null, 2), { mode: 0o600 });
  renameSync(temp, file);
  return keys;
}

/** The public half of a private JWK set. */
export function publicJwks(jwks: { keys: JWK[] }): { keys: JWK[] } {
  return {
    keys: jwks.keys.map(({ kty, n, e, kid, alg, use, crv, x, y }) =>
      Object.fromEntries(
        Object.entries({ kty, n, e, kid, alg, use, crv, x, y }).filter(([, v]) => v !== undefined),
      ),
    ),
  };
}

/** The claims an account shows, by scope (profile: name and login; email; phone). */
function claimsOf(a: LocalAccount) {
  return {
    sub: a.subject,
    name: a.name,
    preferred_username: a.login,
    ...(a.email ? { email: a.email } : {}),
    ...(a.phone ? { phone_number: a.phone } : {}),
  };
}

/** The portal's and the CLI's client registrations. */
export function oidcClients(portalOrigins: readonly string[]): ClientMetadata[] {
  return [
    {
      client_id: OIDC_CLIENTS.portal,
      client_name: 'cepin portal',
      application_type: 'web',
      token_endpoint_auth_method: 'none',
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      redirect_uris: portalOrigins.flatMap((o) => [`${o}/`, `${o}/callback`]),
      post_logout_redirect_uris: portalOrigins.map((o) => `${o}/`),
    },
    {
      client_id: OIDC_CLIENTS.cli,
      client_name: 'cepin CLI',
      application_type: 'native',
      token_endpoint_auth_method: 'none',
      grant_types: [DEVICE_GRANT, 'refresh_token'],
      response_types: [],
      redirect_uris: [],
    },
  ];
}

/**
 * Starts a real OpenID Connect provider (oidc-provider) on 127.0.0.1:port with issuer
 * `http://<issuerHost>:<port>`: RS256 ID tokens (1 hour) carrying name, preferred_username, email and
 * phone_number; refresh tokens that rotate; PKCE (S256) for every authorization request; the device
 * flow for the CLI. People sign in on our own pages (oidc-interactions.ts) against the account store
 * (oidc-accounts.ts); a disabled account can neither sign in nor refresh. Like the gateway, it answers
 * only requests for its own host, from its own origins or the portal's.
 */
export async function startLocalOidc(o: LocalOidcOptions): Promise<LocalOidc> {
  const dataDir = resolve(o.dataDir);
  const accounts = o.accounts ?? new LocalAccounts(dataDir);
  const keys = await oidcKeys(dataDir);
  const issuer = `http://${o.issuerHost ?? '127.0.0.1'}:${o.port}`;
  const portalOrigins = [...o.clients.portalOrigins];
  const pages = providerPages(portalOrigins);
  const configuration: Configuration = {
    clients: oidcClients(portalOrigins),
    async findAccount(_ctx, sub) {
      const a = accounts.findBySubject(sub);
      if (!a?.enabled) return undefined;
      return { accountId: sub, claims: () => claimsOf(a) };
    },
    claims: {
      openid: ['sub'],
      profile: ['name', 'preferred_username'],
      email: ['email'],
      phone: ['phone_number'],
    },
    scopes: ['openid', 'offline_access', 'profile', 'email', 'phone'],
    // The scopes' claims go into the ID token too (API Gateway sees only the token).
    conformIdTokenClaims: false,
    jwks: keys.jwks as Configuration['jwks'],
    cookies: { keys: keys.cookieKeys },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    features: {
      devInteractions: { enabled: false },
      deviceFlow: {
        enabled: true,
        userCodeInputSource: pages.userCodeInputSource,
        userCodeConfirmSource: pages.userCodeConfirmSource,
        successSource: pages.successSource,
      },
      revocation: { enabled: true },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: pages.logoutSource,
        postLogoutSuccessSource: pages.postLogoutSuccessSource,
      },
    },
    renderError: pages.renderError,
    pkce: { required: () => true },
    rotateRefreshToken: true,
    // Like a Cognito app client: a refresh token with every sign-in of our clients, without the
    // prompt=consent that OpenID Connect asks of offline_access in the authorization-code flow.
    issueRefreshToken: (_ctx, client) => client.grantTypeAllowed('refresh_token'),
    clientBasedCORS: (_ctx, origin, client) =>
      client.clientId === OIDC_CLIENTS.portal && portalOrigins.includes(origin),
    ttl: {
      AccessToken: 3600,
      AuthorizationCode: 60,
      IdToken: o.idTokenTtl ?? 3600,
      DeviceCode: 600,
      Interaction: 3600,
      Session: 14 * DAY,
      Grant: 14 * DAY,
      // A rotated refresh token lives only as long as the one it replaces: 14 days from sign-in in all.
      RefreshToken: (ctx) => ctx?.oidc?.entities.RotatedRefreshToken?.remainingTTL ?? 14 * DAY,
    },
  };
  const provider = new Provider(issuer, configuration);
  provider.on('server_error', (_ctx, err) =>
    o.log?.({ level: 'error', source: 'oidc', message: err.message }),
  );
  const own = ownOrigins(o.port);
  const interactions = interactionHandler(provider, accounts, {
    ownOrigins: own,
    formTargets: portalOrigins,
    ownClients: OIDC_AUDIENCES,
  });
  const callback = provider.callback();
  const server: Server = createServer((req, res) => {
    const refused = foreignRequest(req.headers, ownHosts(o.port), [...own, ...portalOrigins]);
    if (refused) {
      res.writeHead(refused.status, {
        'content-type': 'application/json; charset=utf-8',
        connection: 'close',
      });
      return void res.end(JSON.stringify(refusalBody(refused)));
    }
    const url = new URL(req.url ?? '/', issuer);
    if (!url.pathname.startsWith('/interaction/')) return void callback(req, res);
    interactions(req, res, url).catch((e: unknown) => {
      o.log?.({ level: 'error', source: 'oidc', message: e instanceof Error ? e.message : String(e) });
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('Internal error');
    });
  });
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(o.port, '127.0.0.1', () => ok());
  });
  return {
    issuer,
    port: o.port,
    accounts,
    jwks: publicJwks(keys.jwks),
    provider,
    stop: () =>
      new Promise<void>((ok) => {
        server.close(() => ok());
        server.closeAllConnections();
      }),
  };
}

import { deviceSignIn, type DeviceInstructions } from '../../client/oidc-login.ts';
import { saveOidcSession } from '../../client/oidc-session.ts';
import { UsageError, type CliContext } from '../context.ts';

/** The CLI's client at the district's OpenID Connect provider unless told otherwise. */
export const CLI_CLIENT_ID = 'cepin-cli';

/** The issuer the portal of `api` signs in with, from its /config.json (local stack or district stack). */
async function issuerOf(api: string): Promise<string | undefined> {
  const res = await fetch(`${api.replace(/\/$/, '')}/config.json`).catch(() => undefined);
  if (!res?.ok) return undefined;
  const cfg = (await res.json().catch(() => ({}))) as { issuer?: string; identity?: { issuer?: string } };
  return cfg.issuer ?? cfg.identity?.issuer;
}

/** Who a token names, for the CLI's own record: preferred_username, e-mail or subject. */
function whoOf(idToken: string): string {
  const c = JSON.parse(Buffer.from(idToken.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<
    string,
    unknown
  >;
  return String(c.preferred_username ?? c.email ?? c.sub ?? '?');
}

/**
 * `cepin login --oidc`: the device flow at the district's OpenID Connect provider (issuer from
 * --issuer, else the /config.json of the API's portal), then the ID token and refresh token saved
 * where the CLI keeps its session (mode 600); later commands refresh the ID token on their own.
 */
export async function signInWithOidc(
  ctx: CliContext,
  o: { api: string; issuer?: string | undefined; clientId?: string | undefined },
  sleep?: (ms: number) => Promise<void>,
): Promise<void> {
  const issuer = o.issuer ?? ctx.env.CEPIN_OIDC_ISSUER ?? (await issuerOf(o.api));
  if (!issuer)
    throw new UsageError(
      `login --oidc needs --issuer: ${o.api}/config.json names no OpenID Connect provider`,
    );
  const ref = { issuer, clientId: o.clientId ?? CLI_CLIENT_ID };
  const show = (i: DeviceInstructions) => {
    ctx.out(`open / 打开: ${i.verificationUri}`);
    ctx.out(`and enter the code / 输入代码: ${i.userCode}`);
    if (i.verificationUriComplete) ctx.out(`(or open / 或直接打开: ${i.verificationUriComplete})`);
    ctx.out(`waiting for the sign-in (${Math.round(i.expiresIn / 60)} min) / 等待登录…`);
  };
  const tokens = await deviceSignIn(ref, show, sleep);
  const who = whoOf(tokens.idToken);
  saveOidcSession(ctx.env, { api: o.api, as: `oidc:${who}`, ref, tokens });
  ctx.out(
    `signed in to ${o.api} as ${who}${tokens.refreshToken ? '' : ' (no refresh token: sign in again in an hour)'}`,
  );
}

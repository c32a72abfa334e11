import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignJWT } from 'jose';
import { generateSecret, verifySync } from 'otplib';

/**
 * A small stand-in for the Cognito user pool JSON API, for the one flow cognito-local (5.3) lacks:
 * MFA_SETUP, a pool with MFA required and a user with no factor yet. cognito-local answers that
 * sign-in with NotAuthorizedException and refuses AssociateSoftwareToken / VerifySoftwareToken with a
 * Session. Only what the portal and CLI call, as Cognito's API reference describes it:
 *
 * - InitiateAuth USER_PASSWORD_AUTH: a wrong password → NotAuthorizedException; a user without a
 *   verified software token → ChallengeName MFA_SETUP (ChallengeParameters.MFAS_CAN_SETUP), else
 *   SOFTWARE_TOKEN_MFA; each with a Session. REFRESH_TOKEN_AUTH → new ID and access tokens, no
 *   refresh token.
 * - AssociateSoftwareToken { Session } → { SecretCode, Session } (a new session).
 * - VerifySoftwareToken { Session, UserCode } → { Status: SUCCESS, Session }; a wrong code →
 *   EnableSoftwareTokenMFAException, the session kept for another try.
 * - RespondToAuthChallenge MFA_SETUP { Session of VerifySoftwareToken } and SOFTWARE_TOKEN_MFA
 *   { SOFTWARE_TOKEN_MFA_CODE } → AuthenticationResult; a wrong code → CodeMismatchException, the
 *   session kept.
 * - A session is spent when it is answered, and expires after `sessionMs` (Cognito's
 *   AuthSessionValidity): then NotAuthorizedException "Invalid session for the user".
 *
 * Errors go out as Cognito's do: HTTP 400, `{ __type, message }`. Tokens are HS256 JWTs with the
 * claims the portal reads (`cognito:groups`, `exp`); no API verifies them.
 */
export interface StandinUser {
  password: string;
  groups: string[];
  totpSecret?: string;
}

export interface CognitoStandin {
  endpoint: string;
  clientId: string;
  users: Map<string, StandinUser>;
  /** Every action called, in order. */
  calls: string[];
  stop: () => Promise<void>;
}

type Session = { user: string; step: string; secret?: string; expires: number };
/** The request fields the stand-in reads. */
type Body = {
  ClientId?: string;
  AuthFlow?: string;
  AuthParameters?: Record<string, string>;
  Session?: string;
  UserCode?: string;
  ChallengeName?: string;
  ChallengeResponses?: Record<string, string>;
};

class Refusal extends Error {
  constructor(
    readonly type: string,
    msg: string,
  ) {
    super(msg);
  }
}

export async function startCognitoStandin(opts: { sessionMs?: number } = {}): Promise<CognitoStandin> {
  const key = randomBytes(32);
  const clientId = 'standin-client';
  const users = new Map<string, StandinUser>();
  const sessions = new Map<string, Session>();
  const refresh = new Map<string, string>();
  const calls: string[] = [];
  const issuer = 'http://cognito-standin.local/pool';

  const open = (user: string, step: string, secret?: string) => {
    const id = randomBytes(24).toString('base64url');
    sessions.set(id, { user, step, secret, expires: Date.now() + (opts.sessionMs ?? 180_000) });
    return id;
  };
  const take = (id: unknown, step: string): Session => {
    const s = typeof id === 'string' ? sessions.get(id) : undefined;
    if (!s || s.step !== step || s.expires < Date.now())
      throw new Refusal('NotAuthorizedException', 'Invalid session for the user, session is expired.');
    return s;
  };
  const jwt = (user: string, use: 'id' | 'access') =>
    new SignJWT({
      token_use: use,
      'cognito:groups': users.get(user)!.groups,
      ...(use === 'id' ? { 'cognito:username': user, aud: clientId } : { client_id: clientId }),
    })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(user)
      .setIssuer(issuer)
      .setJti(randomUUID())
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(key);
  const tokens = async (user: string, withRefresh: boolean) => {
    const r = withRefresh ? randomBytes(32).toString('base64url') : undefined;
    if (r) refresh.set(r, user);
    return {
      AuthenticationResult: {
        IdToken: await jwt(user, 'id'),
        AccessToken: await jwt(user, 'access'),
        ...(r ? { RefreshToken: r } : {}),
        ExpiresIn: 3600,
        TokenType: 'Bearer',
      },
      ChallengeParameters: {},
    };
  };
  const challenge = (user: string) => {
    const u = users.get(user)!;
    const step = u.totpSecret ? 'SOFTWARE_TOKEN_MFA' : 'MFA_SETUP';
    return {
      ChallengeName: step,
      Session: open(user, step),
      ChallengeParameters: u.totpSecret
        ? { USER_ID_FOR_SRP: user }
        : { USER_ID_FOR_SRP: user, MFAS_CAN_SETUP: '["SOFTWARE_TOKEN_MFA"]' },
    };
  };
  const codeOk = (secret: string, code: unknown) =>
    typeof code === 'string' && verifySync({ secret, token: code, epochTolerance: 30 }).valid;

  const actions: Record<string, (b: Body) => Promise<unknown>> = {
    InitiateAuth: async (b) => {
      if (b.ClientId !== clientId)
        throw new Refusal('ResourceNotFoundException', 'User pool client does not exist.');
      if (b.AuthFlow === 'REFRESH_TOKEN_AUTH') {
        const user = refresh.get(b.AuthParameters?.REFRESH_TOKEN ?? '');
        if (!user) throw new Refusal('NotAuthorizedException', 'Invalid Refresh Token');
        return tokens(user, false);
      }
      const user = b.AuthParameters?.USERNAME ?? '';
      if (b.AuthFlow !== 'USER_PASSWORD_AUTH' || users.get(user)?.password !== b.AuthParameters?.PASSWORD)
        throw new Refusal('NotAuthorizedException', 'Incorrect username or password.');
      return challenge(user);
    },
    AssociateSoftwareToken: async (b) => {
      const s = take(b.Session, 'MFA_SETUP');
      sessions.delete(b.Session!);
      const secret = generateSecret();
      return { SecretCode: secret, Session: open(s.user, 'VERIFY', secret) };
    },
    VerifySoftwareToken: async (b) => {
      const s = take(b.Session, 'VERIFY');
      if (!codeOk(s.secret!, b.UserCode))
        throw new Refusal(
          'EnableSoftwareTokenMFAException',
          'Code mismatch and fail enable Software Token MFA',
        );
      sessions.delete(b.Session!);
      users.get(s.user)!.totpSecret = s.secret;
      return { Status: 'SUCCESS', Session: open(s.user, 'MFA_SETUP_DONE') };
    },
    RespondToAuthChallenge: async (b) => {
      if (b.ChallengeName === 'MFA_SETUP') {
        const s = take(b.Session, 'MFA_SETUP_DONE');
        sessions.delete(b.Session!);
        return tokens(s.user, true);
      }
      if (b.ChallengeName === 'SOFTWARE_TOKEN_MFA') {
        const s = take(b.Session, 'SOFTWARE_TOKEN_MFA');
        if (!codeOk(users.get(s.user)!.totpSecret!, b.ChallengeResponses?.SOFTWARE_TOKEN_MFA_CODE))
          throw new Refusal('CodeMismatchException', 'Invalid code received for user');
        sessions.delete(b.Session!);
        return tokens(s.user, true);
      }
      throw new Refusal('InvalidParameterException', `unsupported challenge ${String(b.ChallengeName)}`);
    },
  };

  const server: Server = createServer((req, res) => {
    const cors = {
      'access-control-allow-origin': '*',
      'access-control-allow-headers': '*',
      'access-control-allow-methods': 'POST',
    };
    if (req.method === 'OPTIONS') return res.writeHead(204, cors).end();
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const action = String(req.headers['x-amz-target'] ?? '').split('.')[1] ?? '';
      calls.push(action);
      const send = (status: number, body: unknown) =>
        res
          .writeHead(status, { ...cors, 'content-type': 'application/x-amz-json-1.1' })
          .end(JSON.stringify(body));
      const handler = actions[action];
      if (!handler) return send(400, { __type: 'InvalidAction', message: `not in the stand-in: ${action}` });
      handler(JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Body).then(
        (out) => send(200, out),
        (e: unknown) =>
          e instanceof Refusal
            ? send(400, { __type: e.type, message: e.message })
            : send(500, { __type: 'InternalErrorException', message: String(e) }),
      );
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    clientId,
    users,
    calls,
    stop: () => new Promise<void>((r) => server.close(() => r())),
  };
}

import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, relative, resolve, sep } from 'node:path';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { matchRoute } from '../api/routes.ts';
import type { Claims } from '../adapters/claims.ts';
import { refusal, refusalBody } from './request-guard.ts';
import { parseIdentity, signLocalToken, verifyLocalToken } from './tokens.ts';

/** What the gateway needs: the API handler, the local signing key and the district. */
export interface GatewayOptions {
  port: number;
  secret: Uint8Array;
  district: string;
  api: (event: APIGatewayProxyEventV2WithJWTAuthorizer) => Promise<APIGatewayProxyStructuredResultV2>;
  maxBodyBytes?: number;
  /** The built portal (web/dist): served at `/`, with `/config.json` telling it to use the dev login. */
  webDir?: string | undefined;
  /** Where presigned upload URLs point (s3rver), allowed in the portal's CSP. */
  s3Origin?: string | undefined;
  /** Display name of the district, for the portal. */
  districtName?: { zh: string; en: string } | undefined;
  /** Who may sign in locally: admin and the people of the rounds' rosters, for the portal's picker. */
  identities?: () => Promise<LocalIdentity[]>;
  /**
   * Verifies a bearer token as the HTTP API's JWT authorizer would (default: the dev login's local
   * tokens only); the claims it returns reach the handler.
   */
  verify?: ((token: string) => Promise<Claims | undefined>) | undefined;
  /** An `oidc` district: the provider the portal signs in with (told in /config.json, allowed in the CSP). */
  oidc?: { issuer: string; clientId: string } | undefined;
}

/** One person the local dev login can sign in as. */
export interface LocalIdentity {
  as: string;
  role: 'admin' | 'assessor' | 'unit';
  ref: string;
  name: string;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

/** The same security headers CloudFront adds in AWS (the CSP lets the portal reach s3rver and, in oidc mode, the provider). */
function staticHeaders(type: string, immutable: boolean, connectTo: string): Record<string, string> {
  return {
    'content-type': type,
    'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'referrer-policy': 'strict-origin-when-cross-origin',
    'content-security-policy':
      `default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; ` +
      `connect-src 'self' ${connectTo}; frame-ancestors 'none'; base-uri 'self'; form-action 'self'`,
  };
}

/** Decodes a URL path, or undefined when it has a malformed percent-escape. */
function decodePath(path: string): string | undefined {
  try {
    return decodeURIComponent(path);
  } catch {
    return undefined;
  }
}

/** Serves a file of the built portal, or undefined when the path is not one (or leaves the folder). */
function staticFile(
  webDir: string,
  pathname: string,
): { body: Buffer; type: string; immutable: boolean } | undefined {
  const rel = pathname === '/' ? 'index.html' : decodePath(pathname.slice(1));
  if (rel === undefined) return undefined;
  const root = resolve(webDir);
  const file = resolve(root, rel);
  if (!file.startsWith(root + sep) || !existsSync(file) || !statSync(file).isFile()) return undefined;
  return {
    body: readFileSync(file),
    type: TYPES[extname(file)] ?? 'application/octet-stream',
    // Hashed names never change content; decided from the file served, not the path asked for.
    immutable: relative(root, file).startsWith(`assets${sep}`),
  };
}

async function readBody(req: IncomingMessage, max: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > max) throw new Error('body too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function send(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8' },
) {
  res.writeHead(status, headers);
  res.end(typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body));
}

/**
 * A local stand-in for API Gateway (HTTP API) with a JWT authorizer: verifies the bearer token,
 * matches the route, builds the same v2 event Lambda receives and returns the handler's answer.
 * `POST /local/login` mints a token for `{ "as": "admin" | "assessor:A01" | "unit:DC01" }`; it
 * exists only locally (in AWS, people sign in to Cognito). It listens on 127.0.0.1 and, since any
 * web page in the user's browser can reach that too, answers only requests for its own host, from
 * no other origin, and the dev login only to callers on this machine (request-guard.ts).
 */
export function startGateway(opts: GatewayOptions): Promise<Server> {
  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const method = req.method ?? 'GET';
      const port = (server.address() as AddressInfo).port;
      const refused = refusal(port, req.headers, req.socket.remoteAddress, url.pathname);
      if (refused) {
        res.setHeader('connection', 'close'); // the body, if any, is not read
        return send(res, refused.status, refusalBody(refused));
      }
      const body = await readBody(req, opts.maxBodyBytes ?? 8 * 1024 * 1024);
      if (method === 'POST' && url.pathname === '/local/login') {
        const who = parseIdentity(String((JSON.parse(body.toString() || '{}') as { as?: string }).as ?? ''));
        if (!who)
          return send(res, 400, {
            error: {
              code: 'api.bad-request',
              message: {
                zh: '身份格式:admin、assessor:A01 或 unit:DC01',
                en: 'as: admin, assessor:A01 or unit:DC01',
              },
            },
          });
        return send(res, 200, {
          token: await signLocalToken(opts.secret, who, opts.district),
          ...who,
          district: opts.district,
        });
      }
      if (method === 'GET' && url.pathname === '/health')
        return send(res, 200, { ok: true, district: opts.district });
      if (method === 'GET' && url.pathname === '/local/identities')
        return send(res, 200, { identities: opts.identities ? await opts.identities() : [] });
      if (method === 'GET' && url.pathname === '/config.json')
        return send(res, 200, {
          mode: 'local',
          ...(opts.oidc ? { mode: 'oidc', issuer: opts.oidc.issuer, clientId: opts.oidc.clientId } : {}),
          api: '',
          district: opts.district,
          districtName: opts.districtName ?? { zh: opts.district, en: opts.district },
        });
      const route = matchRoute(method, url.pathname);
      if (!route) {
        if ((method !== 'GET' && method !== 'HEAD') || !opts.webDir)
          return send(res, 404, { message: 'Not Found' });
        const file = staticFile(opts.webDir, url.pathname);
        if (!file && (url.pathname === '/' || url.pathname === '/index.html'))
          return send(
            res,
            503,
            'The portal is not built yet: run `npm run build:web` (or `npm start`, which builds it). / 门户尚未构建。',
            { 'content-type': 'text/plain; charset=utf-8' },
          );
        if (!file) return send(res, 404, { message: 'Not Found' });
        return send(
          res,
          200,
          method === 'HEAD' ? '' : file.body,
          staticHeaders(
            file.type,
            file.immutable,
            [opts.s3Origin ?? '', opts.oidc?.issuer ?? ''].join(' ').trim(),
          ),
        );
      }
      const auth = req.headers.authorization ?? '';
      const verify = opts.verify ?? ((token: string) => verifyLocalToken(opts.secret, token));
      const claims = auth.startsWith('Bearer ') ? await verify(auth.slice(7)) : undefined;
      if (!claims) return send(res, 401, { message: 'Unauthorized' });
      const event = {
        version: '2.0',
        routeKey: route.routeKey,
        rawPath: url.pathname,
        rawQueryString: url.search.slice(1),
        headers: Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)])),
        queryStringParameters: url.searchParams.size > 0 ? Object.fromEntries(url.searchParams) : undefined,
        pathParameters: route.pathParameters,
        requestContext: {
          http: {
            method,
            path: url.pathname,
            protocol: 'HTTP/1.1',
            sourceIp: req.socket.remoteAddress ?? '',
            userAgent: req.headers['user-agent'] ?? '',
          },
          authorizer: { jwt: { claims, scopes: null } },
          routeKey: route.routeKey,
          stage: '$default',
        },
        body: body.length > 0 ? body.toString('base64') : undefined,
        isBase64Encoded: body.length > 0,
      } as unknown as APIGatewayProxyEventV2WithJWTAuthorizer;
      const out = await opts.api(event);
      send(res, out.statusCode ?? 200, out.body ?? '', (out.headers ?? {}) as Record<string, string>);
    })().catch((e: unknown) =>
      send(res, 500, { message: e instanceof Error ? e.message : 'Internal error' }),
    );
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, '127.0.0.1', () => resolve(server));
  });
}

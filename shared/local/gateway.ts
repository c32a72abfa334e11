import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { matchRoute } from '../api-routes.ts';
import { parseIdentity, signLocalToken, verifyLocalToken } from './tokens.ts';

/** What the gateway needs: the API handler, the local signing key and the district. */
export interface GatewayOptions {
  port: number;
  secret: Uint8Array;
  district: string;
  api: (event: APIGatewayProxyEventV2WithJWTAuthorizer) => Promise<APIGatewayProxyStructuredResultV2>;
  maxBodyBytes?: number;
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
  res.end(typeof body === 'string' ? body : JSON.stringify(body));
}

/**
 * A local stand-in for API Gateway (HTTP API) with a JWT authorizer: verifies the bearer token,
 * matches the route, builds the same v2 event Lambda receives and returns the handler's answer.
 * `POST /local/login` mints a token for `{ "as": "admin" | "assessor:A01" | "unit:DC01" }`; it
 * exists only locally (in AWS, people sign in to Cognito).
 */
export function startGateway(opts: GatewayOptions): Promise<Server> {
  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const method = req.method ?? 'GET';
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
      const route = matchRoute(method, url.pathname);
      if (!route) return send(res, 404, { message: 'Not Found' });
      const auth = req.headers.authorization ?? '';
      const claims = auth.startsWith('Bearer ')
        ? await verifyLocalToken(opts.secret, auth.slice(7))
        : undefined;
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

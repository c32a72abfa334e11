/**
 * The HTTP API's routes, shared by the CDK stack (one API Gateway route each), the local gateway
 * (which matches paths the same way, so `event.routeKey` and `pathParameters` are identical), the
 * server's dispatch table, the CLI and the portal. Plain data: loading it loads no use case.
 */
export const ROUTES = [
  'GET /rounds',
  'POST /rounds',
  'GET /rounds/{round}',
  'POST /rounds/{round}/phases/{phase}',
  'POST /rounds/{round}/uploads',
  'GET /rounds/{round}/uploads',
  'GET /rounds/{round}/status',
  'GET /rounds/{round}/submissions',
  'GET /rounds/{round}/template',
  'GET /roster-template',
  'GET /uploads/{uploadId}',
  'GET /rounds/{round}/results',
  'GET /rounds/{round}/workbook',
  'GET /rounds/{round}/feedback',
  'GET /rounds/{round}/reconciliation-sheet',
  'GET /rounds/{round}/audit',
  'GET /rubrics',
  'POST /rubrics/uploads',
  'GET /rubrics/{id}/{version}/workbook',
  'GET /rubric-template',
  'GET /rounds/{round}/rubric',
  'GET /rounds/{round}/calibration',
  'POST /rounds/{round}/calibration/release',
  'GET /rounds/{round}/calibration/workbook',
  'GET /rounds/{round}/calibration/docx',
  'POST /rounds/{round}/evidence',
  'GET /rounds/{round}/evidence',
  'GET /rounds/{round}/evidence/{id}',
  'POST /rounds/{round}/rectification',
  'GET /rounds/{round}/rectification',
  'GET /rounds/{round}/rectification/workbook',
  'GET /rounds/{round}/rectification/docx',
  'GET /people',
  'POST /people',
  'POST /people/{login}/active',
  'GET /people/accounts',
  'POST /people/sync',
  'POST /people/{login}/password',
] as const;
export type RouteKey = (typeof ROUTES)[number];

/** The routes that produce documents (.docx), served by their own function so the api bundle stays small. */
export const DOCUMENT_ROUTES = [
  'GET /rounds/{round}/feedback',
  'GET /rounds/{round}/calibration/docx',
  'GET /rounds/{round}/rectification/docx',
] as const satisfies readonly RouteKey[];

/** A path parameter decoded, or undefined when its percent-escapes are malformed (no route matches). */
function decodeParam(value: string): string | undefined {
  try {
    return decodeURIComponent(value);
  } catch {
    return undefined;
  }
}

/** Matches a method and path to a route key and its path parameters. */
export function matchRoute(
  method: string,
  path: string,
): { routeKey: RouteKey; pathParameters: Record<string, string> } | undefined {
  const parts = path.replace(/\/+$/, '').split('/');
  for (const routeKey of ROUTES) {
    const [m, template] = routeKey.split(' ') as [string, string];
    if (m !== method) continue;
    const t = template.split('/');
    if (t.length !== parts.length) continue;
    const params: Record<string, string> = {};
    const ok = t.every((seg, i) => {
      const value = parts[i]!;
      if (seg.startsWith('{')) {
        if (!value) return false;
        const decoded = decodeParam(value);
        if (decoded === undefined) return false;
        params[seg.slice(1, -1)] = decoded;
        return true;
      }
      return seg === value;
    });
    if (ok) return { routeKey, pathParameters: params };
  }
  return undefined;
}

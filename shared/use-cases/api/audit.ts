import { ROUTES, type RouteKey } from '../../api/routes.ts';
import { printable } from '../../domain/text.ts';
import { AUDIT_PAGE_MAX, type AuditEntry, type Caller } from '../ports.ts';
import type { ApiDeps, ApiRequest, RouteAnswer } from './deps.ts';
import { forbidden, notFound } from './errors.ts';

/**
 * Routes whose every call is written to the audit trail, whatever the outcome (docs/security.md,
 * "Audit trail"): reads of scores, results, feedback, workbooks, annotated and reconciliation
 * sheets, the roster (a round, for admins), the caller's own uploads with their totals, the audit
 * trail itself, and every change. Left out: the round list and the empty roster template (a new
 * route is audited unless it is left out here).
 */
export const AUDITED_ROUTES: ReadonlySet<RouteKey> = new Set<RouteKey>(
  ROUTES.filter((r) => r !== 'GET /rounds' && r !== 'GET /roster-template'),
);

/**
 * Text as recorded: unprintable characters shown as U+FFFD (a caller-chosen query string must not
 * clear an admin's terminal or forge a line of the trail when printed), at most `n` characters.
 */
const short = (s: string, n = 300) => {
  const clean = printable(s);
  return clean.length > n ? `${clean.slice(0, n - 1)}…` : clean;
};

const str = (v: unknown) => (typeof v === 'string' && v ? short(v, 64) : undefined);

/**
 * The audit entry of one route call, or undefined when the route is not audited or the call only
 * polled a pending upload (the portal polls; the outcome, once settled, is what is read).
 */
export function routeAuditEntry(
  routeKey: RouteKey,
  req: ApiRequest,
  status: number,
  body: unknown,
  at: string,
  id: string,
): AuditEntry | undefined {
  if (!AUDITED_ROUTES.has(routeKey)) return undefined;
  const b = (body ?? {}) as Record<string, unknown>;
  if (routeKey === 'GET /uploads/{uploadId}' && status === 200 && b.state === 'pending') return undefined;
  const reqBody = (req.body ?? {}) as Record<string, unknown>;
  const q = req.query;
  const detail = [
    ...Object.entries(q)
      .filter(([k]) => k !== 'lang')
      .map(([k, v]) => `${k}=${v}`),
    ...(typeof reqBody.action === 'string' ? [`action=${reqBody.action}`] : []),
    ...(typeof reqBody.fileName === 'string' ? [`file=${short(reqBody.fileName, 80)}`] : []),
    ...(typeof reqBody.item === 'string' ? [`item=${short(reqBody.item, 64)}`] : []),
    ...(typeof reqBody.deadline === 'string' ? [`deadline=${short(reqBody.deadline, 16)}`] : []),
    // The people directory: whose entry, and what became of it.
    ...(typeof req.params.login === 'string' ? [`login=${short(req.params.login, 64)}`] : []),
    ...(typeof reqBody.login === 'string' ? [`login=${short(reqBody.login, 64)}`] : []),
    ...(typeof reqBody.role === 'string' ? [`role=${short(reqBody.role, 16)}`] : []),
    ...(typeof reqBody.active === 'boolean' ? [`active=${reqBody.active}`] : []),
    ...(reqBody.late && typeof reqBody.late === 'object'
      ? [`late=${short(String((reqBody.late as { reason?: unknown }).reason ?? ''), 200)}`]
      : []),
  ].join(' ');
  const c: Caller = req.caller;
  return {
    id,
    at,
    round: str(req.params.round) ?? str(reqBody.round) ?? str(b.round) ?? '-',
    caller: { sub: c.sub, role: c.role, ref: c.ref },
    action: routeKey,
    outcome: String(status),
    unit: str(q.unit) ?? str(b.unit) ?? str(reqBody.unit),
    phase: str(req.params.phase) ?? str(q.phase) ?? str(b.phase),
    assessor: str(q.assessor) ?? str(b.assessor),
    // An evidence file's id is the id of the upload that brought it.
    uploadId:
      str(req.params.uploadId) ??
      str(b.uploadId) ??
      (routeKey === 'GET /rounds/{round}/evidence/{id}' ? str(req.params.id) : undefined),
    detail: detail ? short(detail) : undefined,
  };
}

/** GET /rounds/{round}/audit?unit&limit&before — the round's audit trail, newest first (admins). */
export async function auditTrail(req: ApiRequest, d: ApiDeps): RouteAnswer<'GET /rounds/{round}/audit'> {
  if (req.caller.role !== 'admin') throw forbidden();
  const round = await d.store.getRound(req.params.round ?? '');
  if (!round) throw notFound(`round ${req.params.round}`);
  const asked = Math.trunc(Number(req.query.limit ?? 200));
  const limit = Number.isFinite(asked) ? Math.min(Math.max(asked, 1), AUDIT_PAGE_MAX) : 200;
  const entries = await d.store.auditTrail(round.round, {
    unit: req.query.unit || undefined,
    limit,
    before: req.query.before || undefined,
  });
  const last = entries.at(-1);
  return {
    status: 200,
    body: {
      round: round.round,
      unit: req.query.unit ?? null,
      entries,
      /** Pass as `before` for the next (older) page. */
      next: last && entries.length >= limit ? `${last.at}#${last.id}` : null,
    },
  };
}

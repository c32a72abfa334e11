import type * as z from 'zod';
import { PHASES, type Phase } from '../../domain/layout.ts';
import { PHASE_ACTIONS, PHASE_TRANSITIONS } from '../../api/phases.ts';
import { KEY_ASSESSOR } from '../../api/terms.ts';
import { calibrationRoster, clashingCases } from '../../domain/calibration-round.ts';
import { CreateRoundRequest, PhaseChangeRequest, PhaseName } from '../../api/requests.ts';
import type { PhaseState, RoundRecord, RubricVersion } from '../ports.ts';
import type { ApiDeps, ApiRequest, RouteAnswer } from './deps.ts';
import { ApiError, badRequest, forbidden, notFound } from './errors.ts';
import { issueJson } from '../present.ts';
import { addRosterPeople } from '../roster-people.ts';
import { directoryConflicts, rosterPeople } from '../../domain/people-rules.ts';
import type { Issue } from '../../domain/issues.ts';

/** Parses a request body with a schema, or answers 400 naming the fields. */
export function parseBody<T>(schema: z.ZodType<T>, body: unknown): T {
  const r = schema.safeParse(body);
  if (!r.success)
    throw badRequest(r.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '));
  return r.data;
}

const adminOnly = (req: ApiRequest) => {
  if (req.caller.role !== 'admin') throw forbidden();
};

/** POST /rounds — an admin creates a round from a rule set and a roster workbook. */
export async function createRound(req: ApiRequest, d: ApiDeps): RouteAnswer<'POST /rounds'> {
  adminOnly(req);
  const b = parseBody(CreateRoundRequest, req.body);
  // The round pins this exact version: its rules never change under the round.
  const rs = await d.rubrics.get(b.rules, b.ruleVersion);
  if (!rs) {
    const available = [...new Set((await d.rubrics.versions()).map((v) => `${v.id} v${v.version}`))];
    throw new ApiError(400, 'api.rubric-unknown', {
      id: b.ruleVersion ? `${b.rules} v${b.ruleVersion}` : b.rules,
      available: available.join(', '),
    });
  }
  const { readRosterWithCells } = await import('../../excel/roster-workbook.ts');
  const read = await readRosterWithCells(Buffer.from(b.roster, 'base64'), 'roster.xlsx');
  const rosterInvalid = (issues: Issue[]) =>
    new ApiError(
      422,
      'api.roster-invalid',
      { count: issues.filter((i) => i.severity === 'error').length },
      issues.map((i) => issueJson(i, 'zh')),
    );
  if (!read.roster || !read.where) throw rosterInvalid(read.issues);
  // The roster's people join the directory; one the directory gives another role or ref is not moved.
  const createdAt = d.now().toISOString();
  const people = rosterPeople(read.roster, req.caller.sub, createdAt);
  const directory = new Map(
    (people.length > 0 ? await d.store.listPeople() : []).map((p) => [p.login, p] as const),
  );
  const moved = directoryConflicts(people, read.where, directory);
  if (moved.length > 0) throw rosterInvalid([...read.issues, ...moved]);
  const calibration = b.kind === 'calibration';
  const cases = b.cases ?? [];
  if (calibration) {
    const codes = cases.map((c) => c.code.toUpperCase());
    if (cases.length === 0 || new Set(codes).size !== codes.length || codes.includes(KEY_ASSESSOR))
      throw new ApiError(400, 'api.calibration-cases', { count: cases.length });
    // A case coded like a real unit (or an assessor) would let that unit's sheet stand for the case.
    const clash = clashingCases(read.roster, cases);
    if (clash.length > 0) throw new ApiError(400, 'api.calibration-case-clash', { codes: clash.join(', ') });
  } else if (cases.length > 0 || b.withUnits)
    throw new ApiError(400, 'api.calibration-cases', { count: cases.length });
  // A calibration is scored in its formal phase alone (open at once unless asked otherwise).
  const open = calibration ? (b.open.length === 0 || b.open.includes('formal') ? ['formal'] : []) : b.open;
  const phases = Object.fromEntries(PHASES.map((p) => [p, open.includes(p) ? 'open' : 'pending'])) as Record<
    Phase,
    PhaseState
  >;
  const roster = calibration
    ? calibrationRoster(read.roster, cases, KEY_ASSESSOR, { withUnits: b.withUnits })
    : read.roster;
  const round: RoundRecord = {
    round: b.round,
    rules: rs.id,
    method: b.method,
    ruleVersion: rs.version,
    fingerprint: rs.fingerprint,
    phases,
    createdAt,
    createdBy: req.caller.sub,
    ...(calibration ? { kind: 'calibration' as const, cases, released: false, withUnits: b.withUnits } : {}),
  };
  const stored = await d.store.putRound(round, roster);
  if (stored === 'exists') throw new ApiError(409, 'api.round-exists', { round: b.round });
  const added = await addRosterPeople(d.store, people, directory);
  return {
    status: 201,
    body: {
      round,
      units: roster.units.length,
      assessors: roster.assessors.length,
      warnings: read.issues.map((i) => issueJson(i, 'zh')),
      people: added,
    },
  };
}

/** GET /rounds — the district's rounds, newest first; admins also get the rule sets a new round may use. */
export async function listRounds(req: ApiRequest, d: ApiDeps): RouteAnswer<'GET /rounds'> {
  const rounds = await d.store.listRounds();
  const admin = req.caller.role === 'admin';
  return {
    status: 200,
    body: {
      district: d.district,
      districtName: d.districtName,
      rounds: rounds.map((r) => ({
        round: r.round,
        rules: r.rules,
        ruleVersion: r.ruleVersion,
        phases: r.phases,
        createdAt: r.createdAt,
        kind: r.kind,
      })),
      ruleSets: admin ? newestPerId(await d.rubrics.versions()) : undefined,
      caller: { role: req.caller.role, ref: req.caller.ref },
    },
  };
}

/** The newest version of each stored rubric, for a new round's choice. */
function newestPerId(versions: RubricVersion[]) {
  const newest = new Map<string, RubricVersion>();
  for (const v of versions) if ((newest.get(v.id)?.version ?? 0) < v.version) newest.set(v.id, v);
  return [...newest.values()].map((v) => ({ id: v.id, title: v.title, version: v.version }));
}

/** GET /rounds/{round} — the round, its phases and roster size, for anyone of the district. */
export async function getRound(req: ApiRequest, d: ApiDeps): RouteAnswer<'GET /rounds/{round}'> {
  const round = await d.store.getRound(req.params.round ?? '');
  if (!round) throw notFound(`round ${req.params.round}`);
  const roster = await d.store.getRoster(round.round);
  return { status: 200, body: { round, roster: req.caller.role === 'admin' ? roster : undefined } };
}

/** POST /rounds/{round}/phases/{phase} — an admin opens a phase, closes its scoring (lifting blind scoring) or closes it. */
export async function changePhase(
  req: ApiRequest,
  d: ApiDeps,
): RouteAnswer<'POST /rounds/{round}/phases/{phase}'> {
  adminOnly(req);
  const phase = PhaseName.safeParse(req.params.phase);
  if (!phase.success) throw badRequest(`phase must be one of ${PHASES.join(', ')}`);
  const { action } = parseBody(PhaseChangeRequest, req.body);
  const round = await d.store.getRound(req.params.round ?? '');
  if (!round) throw notFound(`round ${req.params.round}`);
  const from = round.phases[phase.data];
  const to = PHASE_ACTIONS[action];
  if (from === 'scoring-closed' && to === 'open')
    throw new ApiError(409, 'api.phase-reopen-blind', { phase: phase.data });
  if (!PHASE_TRANSITIONS[from].includes(to))
    throw new ApiError(409, 'api.phase-transition', { phase: phase.data, from, to });
  const updated = await d.store.setPhase(round.round, phase.data, from, to);
  if (updated === 'changed') throw new ApiError(409, 'api.phase-changed', { phase: phase.data, from });
  return { status: 200, body: { round: updated } };
}

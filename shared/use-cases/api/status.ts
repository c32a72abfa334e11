import { actingAs } from '../../domain/calibration-round.ts';
import { KEY_ASSESSOR } from '../../api/terms.ts';
import { expectedSlots, isAssigned, type Slot } from '../../domain/roster.ts';
import type { Caller, RoundRecord, Submission, SubmissionSummary, RejectionSummary } from '../ports.ts';
import type { ApiDeps, ApiRequest, RouteAnswer } from './deps.ts';
import { badRequest, forbidden, notFound } from './errors.ts';

/** One expected sheet and where it stands. */
export interface SlotStatus extends Slot {
  state: 'accepted' | 'rejected' | 'missing';
  total: number | null;
  uploadId: string | null;
  receivedAt: string | null;
  rejections: number;
}

const slotKey = (s: {
  phase?: string | undefined;
  unit?: string | undefined;
  assessor?: string | undefined;
}) => `${s.phase ?? ''}|${s.unit ?? ''}|${s.assessor ?? ''}`;
/** Versions sort by arrival time, then upload id: the last is the one that counts. */
const newer = (a: { receivedAt: string; uploadId: string }, b: { receivedAt: string; uploadId: string }) =>
  a.receivedAt > b.receivedAt || (a.receivedAt === b.receivedAt && a.uploadId > b.uploadId);

/** Where every expected slot of a round stands, from its submissions and rejections (pure). */
export function slotStatuses(
  slots: Slot[],
  subs: SubmissionSummary[],
  rejs: RejectionSummary[],
): SlotStatus[] {
  const latest = new Map<string, SubmissionSummary>();
  for (const s of subs) {
    const k = slotKey(s);
    const cur = latest.get(k);
    if (!cur || newer(s, cur)) latest.set(k, s);
  }
  const rejected = new Map<string, number>();
  for (const r of rejs) rejected.set(slotKey(r), (rejected.get(slotKey(r)) ?? 0) + 1);
  return slots.map((slot) => {
    const s = latest.get(slotKey(slot));
    const n = rejected.get(slotKey(slot)) ?? 0;
    return {
      ...slot,
      state: s ? 'accepted' : n > 0 ? 'rejected' : 'missing',
      total: s ? s.total : null,
      uploadId: s ? s.uploadId : null,
      receivedAt: s ? s.receivedAt : null,
      rejections: n,
    };
  });
}

/** Rejections newest first; `open` when the slot they were meant for has no accepted sheet yet. */
export function followUps(statuses: SlotStatus[], rejs: RejectionSummary[]) {
  const state = new Map(statuses.map((s) => [slotKey(s), s.state]));
  return [...rejs]
    .sort((a, b) => (a.receivedAt < b.receivedAt ? 1 : a.receivedAt > b.receivedAt ? -1 : 0))
    .map((r) => ({ ...r, open: state.get(slotKey(r)) !== 'accepted' }));
}

function visibleSlot(caller: Caller, slot: Slot): boolean {
  if (caller.role === 'admin') return true;
  if (caller.role === 'unit') return slot.phase === 'self' && slot.unit === caller.ref;
  return slot.assessor === caller.ref;
}

/** GET /rounds/{round}/status — one entry per expected slot; each caller sees only its own slots, admins all. */
export async function roundStatus(req: ApiRequest, d: ApiDeps): RouteAnswer<'GET /rounds/{round}/status'> {
  const roundId = req.params.round ?? '';
  const [round, roster] = await Promise.all([d.store.getRound(roundId), d.store.getRoster(roundId)]);
  if (!round || !roster) throw notFound(`round ${roundId}`);
  const { submissions, rejections } = await d.store.roundSummary(roundId);
  const caller = actingAs(round, roster, req.caller);
  // A calibration is scored in its formal phase only: no self-assessment of a case is expected.
  const slots = expectedSlots(roster).filter(
    (s) => visibleSlot(caller, s) && (round.kind !== 'calibration' || s.phase === 'formal'),
  );
  const statuses = slotStatuses(slots, submissions, rejections);
  const seen = new Set(statuses.flatMap((s) => [s.unit, s.assessor]));
  if (caller.role !== 'admin') seen.add(caller.ref);
  return {
    status: 200,
    body: {
      round: roundId,
      phases: round.phases,
      submissions: statuses,
      /** Display names of the units and assessors named above. */
      names: {
        units: Object.fromEntries(roster.units.filter((u) => seen.has(u.code)).map((u) => [u.code, u.name])),
        assessors: Object.fromEntries(
          roster.assessors.filter((a) => seen.has(a.id)).map((a) => [a.id, a.name]),
        ),
      },
      /** Admins: every rejection, newest first, marked when its slot still has no accepted sheet. */
      rejections: req.caller.role === 'admin' ? followUps(statuses, rejections) : undefined,
    },
  };
}

/**
 * Whether a caller may see a submission now. Blind scoring: an assessor sees its own sheets and the
 * unit's self-assessment; colleagues' sheets of a phase only once scoring of that phase is closed,
 * and only as a member of that phase's panel for the unit. `onPanel(phase)` says whether it is.
 */
export function maySee(
  caller: Caller,
  round: RoundRecord,
  s: Pick<Submission, 'phase' | 'unit' | 'assessor'>,
  onPanel: (phase: Submission['phase']) => boolean,
): boolean {
  if (caller.role === 'admin') return true;
  // A calibration: each assessor its own sheets only, ever, and the answer key once released.
  if (round.kind === 'calibration')
    return (
      caller.role === 'assessor' &&
      (s.assessor === caller.ref || (s.assessor === KEY_ASSESSOR && round.released === true))
    );
  const lifted = round.phases[s.phase] === 'scoring-closed' || round.phases[s.phase] === 'closed';
  if (caller.role === 'unit')
    return s.unit === caller.ref && (s.phase === 'self' || round.phases[s.phase] === 'closed');
  return s.phase === 'self' || s.assessor === caller.ref || (lifted && onPanel(s.phase));
}

/** GET /rounds/{round}/submissions?unit=U — a unit's submissions (one Query), filtered by the blind-scoring rules. */
export async function unitSubmissions(
  req: ApiRequest,
  d: ApiDeps,
): RouteAnswer<'GET /rounds/{round}/submissions'> {
  const unit = req.query.unit;
  if (!unit) throw badRequest('unit is required');
  const roundId = req.params.round ?? '';
  const [round, roster] = await Promise.all([d.store.getRound(roundId), d.store.getRoster(roundId)]);
  if (!round || !roster) throw notFound(`round ${roundId}`);
  const caller = actingAs(round, roster, req.caller);
  const onPanel = (phase: Submission['phase']) =>
    caller.role === 'assessor' && isAssigned(roster, { phase, unit, assessor: caller.ref });
  const assigned = (['precheck', 'formal', 'spotcheck'] as const).some(onPanel);
  if (caller.role === 'unit' && caller.ref !== unit) throw forbidden();
  if (caller.role === 'assessor' && !assigned) throw forbidden();
  const all = await d.store.unitSubmissions(roundId, unit);
  const visible = all.filter((s) => maySee(caller, round, s, onPanel));
  const latest = new Map<string, Submission>();
  for (const s of visible) {
    const cur = latest.get(slotKey(s));
    if (!cur || newer(s, cur)) latest.set(slotKey(s), s);
  }
  const latestIds = new Set([...latest.values()].map((s) => s.uploadId));
  return {
    status: 200,
    body: {
      round: roundId,
      unit,
      submissions: visible.map((s) => ({
        ...s,
        latest: latestIds.has(s.uploadId),
        source: undefined,
        uploader: { role: s.uploader.role, ref: s.uploader.ref },
      })),
    },
  };
}

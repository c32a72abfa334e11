import { previousResults } from '../previous-round.ts';
import { buildRoundReport } from '../round-report-builder.ts';
import { roundResults } from '../round-results.ts';
import { type ApiDeps, type ApiRequest, langOf } from './deps.ts';
import { forbidden, notFound } from './errors.ts';

/**
 * Units may read their own results once the formal phase is closed (its pre-check part once the
 * pre-check is closed too); admins always. Decided before any work.
 */
export async function reportFor(req: ApiRequest, d: ApiDeps, unit?: string) {
  const c = req.caller;
  if (c.role === 'assessor') throw forbidden();
  if (c.role === 'unit' && unit !== c.ref) throw forbidden();
  // Decide on the round record alone, before any reconciliation is computed for the caller.
  const round = c.role === 'unit' ? await d.store.getRound(req.params.round ?? '') : undefined;
  if (c.role === 'unit') {
    if (!round) throw notFound(`round ${req.params.round}`);
    if (round.phases.formal !== 'closed') throw forbidden();
  }
  const all = await roundResults(req.params.round ?? '', d, unit, { round });
  // A unit sees a phase's panel scores only once that phase is closed (as on the submissions route):
  // with the pre-check still open, its results carry no pre-check, nor what changed since it.
  const rr =
    c.role === 'unit' && all.round.phases.precheck !== 'closed'
      ? {
          ...all,
          units: all.units.map((u) => ({
            ...u,
            precheck: undefined,
            latest: u.latest.filter((s) => s.phase !== 'precheck'),
          })),
        }
      : all;
  // Year over year: each unit's formal result in its last earlier round (a unit sees only rounds
  // whose formal phase is closed, as for this one); every earlier round is computed at most once.
  const formal = rr.units.filter((u) => u.formal).map((u) => u.unit);
  const previous = await previousResults(rr.round, formal, d, { formalClosed: c.role === 'unit' });
  // What each unit says it did about its pre-check losses (its latest rectification answer).
  const claims = new Map(
    rr.units.flatMap((u) =>
      u.answer ? [[u.unit, new Map(u.answer.items.map((i) => [i.code, i.status]))]] : [],
    ),
  );
  return buildRoundReport(rr, {
    lang: langOf(req.query),
    district: d.district,
    districtName: d.districtName,
    now: d.now(),
    previous,
    claims,
  });
}

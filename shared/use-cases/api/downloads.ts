import { actingAs } from '../../domain/calibration-round.ts';
import { PHASES, type Phase } from '../../domain/layout.ts';
import { isAssigned } from '../../domain/roster.ts';
import { type ApiDeps, type ApiRequest, type RouteAnswer, langOf } from './deps.ts';
import { badRequest, forbidden, notFound } from './errors.ts';
import { generated } from './links.ts';

/** GET /rounds/{round}/template?phase&unit&assessor&lang — a presigned link to the caller's score template. */
export async function templateLink(req: ApiRequest, d: ApiDeps): RouteAnswer<'GET /rounds/{round}/template'> {
  const roundId = req.params.round ?? '';
  const [round, roster] = await Promise.all([d.store.getRound(roundId), d.store.getRoster(roundId)]);
  if (!round || !roster) throw notFound(`round ${roundId}`);
  const phase = req.query.phase as Phase;
  if (!PHASES.includes(phase)) throw badRequest(`phase must be one of ${PHASES.join(', ')}`);
  // A unit's archive staff in a two-way calibration download case templates as the unit's code.
  const c = actingAs(round, roster, req.caller);
  const unit = req.query.unit ?? (c.role === 'unit' ? c.ref : '');
  const assessor = phase === 'self' ? '' : (req.query.assessor ?? (c.role === 'assessor' ? c.ref : ''));
  if (!unit) throw badRequest('unit is required');
  if (c.role === 'unit' && (phase !== 'self' || unit !== c.ref)) throw forbidden();
  if (
    c.role === 'assessor' &&
    (phase === 'self' || assessor !== c.ref || !isAssigned(roster, { phase, unit, assessor }))
  )
    throw forbidden();
  const rs = await d.rubrics.get(round.rules, round.ruleVersion);
  if (!rs || rs.fingerprint !== round.fingerprint)
    throw notFound(`rule set ${round.rules} v${round.ruleVersion}`);
  const l = langOf(req.query);
  const { makeTemplate } = await import('../make-template.ts');
  // A formal template shows the unit's rectification notice and answer, read-only, once issued.
  const rectification =
    phase === 'formal'
      ? await (await import('./rectification.ts')).rectCheckFor(d, round, roster, unit, l)
      : undefined;
  const made = await makeTemplate(rs, {
    phase,
    unit,
    assessor: assessor || undefined,
    lang: l,
    now: d.now,
    rectification,
  });
  const name = `${roundId}-${phase}-${unit}${assessor ? `-${assessor}` : ''}-${l}.xlsx`;
  const key = `generated/templates/${roundId}/${name}`;
  return generated(d.objects, key, name, made.bytes);
}

/** GET /roster-template?lang — a presigned link to an empty roster workbook. */
export async function rosterTemplateLink(req: ApiRequest, d: ApiDeps): RouteAnswer<'GET /roster-template'> {
  const l = langOf(req.query);
  const name = `roster-template-${l}.xlsx`;
  const key = `generated/${name}`;
  const [{ toBytes }, { buildRosterTemplate }] = await Promise.all([
    import('../../excel/fill-workbook.ts'),
    import('../../excel/roster-workbook.ts'),
  ]);
  return generated(d.objects, key, name, await toBytes(buildRosterTemplate(l, undefined, d.now())));
}

import { tr } from '../../domain/text.ts';
import { message } from '../../domain/messages.ts';
import { isReconcilable, maySeeReconciliation } from '../../domain/reconciliation-rules.ts';
import type { ReconRow } from '../../excel/reconciliation-sheet.ts';
import { roundResults } from '../round-results.ts';
import { reportFor } from './report-for.ts';
import { type ApiDeps, type ApiRequest, type RouteAnswer, langOf } from './deps.ts';
import { badRequest, forbidden, notFound } from './errors.ts';
import { generated } from './links.ts';

const noKey = () => Promise.reject(new Error('no signing key: reconciliation sheets cannot be signed'));

/** GET /rounds/{round}/results?unit&lang — reconciled results per unit and phase, grades with reasons, the plaque list. */
export async function results(req: ApiRequest, d: ApiDeps): RouteAnswer<'GET /rounds/{round}/results'> {
  const report = await reportFor(req, d, req.query.unit);
  return {
    status: 200,
    body: {
      round: report.round,
      ruleSet: report.ruleSet,
      method: report.method,
      plaques: report.units
        .filter((u) => u.plaque)
        .map((u) => ({ unit: u.code, name: u.name, total: u.formal?.total, grade: u.formal?.gradeLabel })),
      units: report.units,
      distribution: report.distribution,
      agreement: report.agreement,
      icc: report.icc,
      rectification: req.caller.role === 'admin' ? report.rectification : undefined,
      missing: req.caller.role === 'admin' ? report.missing : undefined,
    },
  };
}

/** GET /rounds/{round}/workbook?lang — the consolidated workbook (admins), as a presigned link. */
export async function workbookLink(req: ApiRequest, d: ApiDeps): RouteAnswer<'GET /rounds/{round}/workbook'> {
  if (req.caller.role !== 'admin') throw forbidden();
  const report = await reportFor(req, d);
  const name = `${d.district}-${report.round}-${report.lang}.xlsx`;
  const key = `generated/reports/${report.round}/${name}`;
  // exceljs is loaded by the routes that write workbooks, not at the function's start.
  const { roundWorkbookBytes } = await import('../../excel/round-workbook.ts');
  return generated(d.objects, key, name, await roundWorkbookBytes(report));
}

/**
 * GET /rounds/{round}/reconciliation-sheet?unit&phase&lang — the 合议表 of a unit's flagged items for
 * pre-check or formal (default formal; any other phase is a bad request). It shows every panel
 * member's scores, so who may have it is decided first, from the round and roster alone
 * (`maySeeReconciliation`): an admin at any time, the lead of that unit's panel for that phase once
 * its scoring is closed, nobody else. A refusal is a bare 403 that says nothing of sheets or scores.
 */
export async function reconciliationSheetLink(
  req: ApiRequest,
  d: ApiDeps,
): RouteAnswer<'GET /rounds/{round}/reconciliation-sheet'> {
  const c = req.caller;
  if (c.role === 'unit') throw forbidden();
  const unit = req.query.unit;
  if (!unit) throw badRequest('unit is required');
  const phase = req.query.phase ?? 'formal';
  if (!isReconcilable(phase)) throw badRequest(`phase must be precheck or formal, not ${phase}`);
  const roundId = req.params.round ?? '';
  const [round, roster] = await Promise.all([d.store.getRound(roundId), d.store.getRoster(roundId)]);
  if (!round || !roster) throw notFound(`round ${roundId}`);
  if (!maySeeReconciliation(roster, unit, phase, round.phases[phase], c)) throw forbidden();
  const { buildReconciliationSheet, flagReasonWords } = await import('../../excel/reconciliation-sheet.ts');
  const rr = await roundResults(roundId, d, unit, { round, roster });
  const result = rr.units[0]?.[phase];
  if (!result) throw badRequest(`no ${phase} sheets for ${unit} yet`);
  const l = langOf(req.query);
  const rows: ReconRow[] = result.items
    .filter((i) => i.flagged)
    .map((i) => {
      const veto = i.flagReasons.includes('veto-disagreement');
      const yes = i.assessorScores.filter((s) => s.veto).map((s) => s.assessor);
      const words = flagReasonWords(i.flagReasons, l);
      return {
        code: i.code,
        title: tr(rr.rs.byCode.get(i.code)!.title, l),
        max: i.max,
        reasons: veto ? `${words}\n${message('recon.veto-answers', { who: yes.join(', ') }, l)}` : words,
        scores: result.assessors.map((id) => i.assessorScores.find((s) => s.assessor === id)?.score ?? null),
        computed: i.computed,
        veto,
        compliance: rr.rs.byCode.get(i.code)?.method?.type === 'compliance',
      };
    });
  const bytes = await buildReconciliationSheet(
    {
      round: rr.round.round,
      unit,
      phase,
      ruleSet: rr.rs.id,
      fingerprint: rr.rs.fingerprint,
      lang: l,
      generatedAt: d.now().toISOString(),
      sources: result.sources.map((x) => x.uploadId),
    },
    result.assessors,
    rows,
    await (d.signingKey ?? noKey)(),
  );
  const name = `${rr.round.round}-${unit}-${phase}-合议表.xlsx`;
  const key = `generated/reconciliation/${rr.round.round}/${unit}-${phase}-${l}.xlsx`;
  const link = await generated(d.objects, key, name, bytes);
  return { status: 200, body: { ...link.body, flagged: rows.length } };
}

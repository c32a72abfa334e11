import { KEY_ASSESSOR } from '../../api/terms.ts';
import {
  calibrationReport,
  compareCalibrations,
  fromSubmission,
  type CalibrationComparison,
  type CalibrationNote,
  type CalibrationReport,
} from '../../domain/calibration.ts';
import { message } from '../../domain/messages.ts';
import { actingAs } from '../../domain/calibration-round.ts';
import type { RuleSet } from '../../domain/rule-set.ts';
import { tr, type Lang } from '../../domain/text.ts';
import type { RoundRecord } from '../ports.ts';
import { latestPerSlot } from '../round-results.ts';
import { type ApiDeps, type ApiRequest, type RouteAnswer, langOf } from './deps.ts';
import { ApiError, forbidden, notFound } from './errors.ts';
import { DOCX_TYPE, generated } from './links.ts';

/** A calibration round and its rubric; 409 for an assessment round. */
async function calibrationRound(
  d: ApiDeps,
  roundId: string,
  loaded?: RoundRecord,
): Promise<{ round: RoundRecord; rs: RuleSet }> {
  const round = loaded ?? (await d.store.getRound(roundId));
  if (!round) throw notFound(`round ${roundId}`);
  if (round.kind !== 'calibration') throw new ApiError(409, 'api.not-calibration', { round: roundId });
  const rs = await d.rubrics.get(round.rules, round.ruleVersion);
  if (!rs || rs.fingerprint !== round.fingerprint)
    throw notFound(`rule set ${round.rules} v${round.ruleVersion}`);
  return { round, rs };
}

/** The report of a calibration round from its latest formal sheet per (case, assessor): one Query per case. */
export async function buildCalibration(
  d: ApiDeps,
  round: RoundRecord,
  rs: RuleSet,
): Promise<CalibrationReport> {
  const cases = round.cases ?? [];
  const sheets = (
    await Promise.all(
      cases.map(async (c) =>
        latestPerSlot((await d.store.unitRecords(round.round, c.code)).submissions).filter(
          (s) => s.phase === 'formal',
        ),
      ),
    )
  ).flat();
  return calibrationReport(
    rs,
    cases.map((c) => ({ code: c.code, title: c.title })),
    sheets.map(fromSubmission),
    KEY_ASSESSOR,
  );
}

/**
 * Who may read a calibration report (docs/security.md, "Calibration"): admins always; an assessor
 * of the round once the admin released it, and then only its own deviations; nobody else. Decided
 * from the round and roster alone, before any sheet is read.
 */
async function viewerOf(
  req: ApiRequest,
  d: ApiDeps,
): Promise<{ viewer: 'admin' | 'assessor'; round?: RoundRecord }> {
  if (req.caller.role === 'admin') return { viewer: 'admin' };
  if (req.caller.role === 'unit' || req.caller.role === 'assessor') {
    const round = await d.store.getRound(req.params.round ?? '');
    if (!round || round.kind !== 'calibration' || round.released !== true) throw forbidden();
    const roster = await d.store.getRoster(round.round);
    // An assessor of the round, or a unit's archive staff in a two-way calibration.
    const me = actingAs(round, roster, req.caller);
    if (me.role === 'assessor' && roster?.assessors.some((a) => a.id === me.ref))
      return { viewer: 'assessor', round };
  }
  throw forbidden();
}

/** An assessor's cut of the report: its own row, its own reasons, nobody else's. */
function ownCut(r: CalibrationReport, me: string): CalibrationReport {
  return {
    ...r,
    assessors: r.assessors.filter((a) => a.assessor === me),
    items: r.items.map((i) => ({ ...i, reasons: i.reasons.filter((x) => x.assessor === me) })),
    // Notes about one assessor (a duplicate sheet, the only scorer) are that assessor's own business.
    notes: r.notes.filter((n) => n.params.assessor === undefined || n.params.assessor === me),
  };
}

const withMessages = (notes: CalibrationNote[], lang: Lang) =>
  notes.map((n) => ({ ...n, message: message(n.code, n.params, lang) }));

/** Everything the report views show: the report (cut for the caller) and, for admins, a comparison. */
export async function calibrationView(req: ApiRequest, d: ApiDeps) {
  const who = await viewerOf(req, d);
  const viewer = who.viewer;
  const { round, rs } = await calibrationRound(d, req.params.round ?? '', who.round);
  const lang = langOf(req.query);
  const full = await buildCalibration(d, round, rs);
  const report = viewer === 'admin' ? full : ownCut(full, req.caller.ref);
  let comparison: (CalibrationComparison & { before: string }) | undefined;
  if (req.query.compare) {
    if (viewer !== 'admin') throw forbidden();
    const before = await calibrationRound(d, req.query.compare);
    comparison = {
      before: before.round.round,
      ...compareCalibrations(await buildCalibration(d, before.round, before.rs), full),
    };
  }
  const titles = Object.fromEntries(rs.nodes.map((n) => [n.code, tr(n.title, lang)]));
  return { round, rs, viewer, lang, report, comparison, titles };
}

/** GET /rounds/{round}/calibration?compare&lang — the calibration report (admins; assessors once released, their own). */
export async function calibration(
  req: ApiRequest,
  d: ApiDeps,
): RouteAnswer<'GET /rounds/{round}/calibration'> {
  const v = await calibrationView(req, d);
  return {
    status: 200,
    body: {
      round: v.round.round,
      released: v.round.released === true,
      viewer: v.viewer,
      cases: v.round.cases ?? [],
      titles: v.titles,
      report: { ...v.report, notes: withMessages(v.report.notes, v.lang) },
      comparison: v.comparison && { ...v.comparison, notes: withMessages(v.comparison.notes, v.lang) },
    },
  };
}

/**
 * POST /rounds/{round}/calibration/release — an admin releases the report: each assessor then sees
 * its own deviations (and the key). Only once scoring of the calibration is closed.
 */
export async function releaseCalibration(
  req: ApiRequest,
  d: ApiDeps,
): RouteAnswer<'POST /rounds/{round}/calibration/release'> {
  if (req.caller.role !== 'admin') throw forbidden();
  const { round } = await calibrationRound(d, req.params.round ?? '');
  const state = round.phases.formal;
  if (state !== 'scoring-closed' && state !== 'closed')
    throw new ApiError(409, 'api.calibration-open', { round: round.round, state });
  const updated = await d.store.releaseCalibration(round.round);
  return { status: 200, body: { round: updated } };
}

/** GET /rounds/{round}/calibration/workbook?compare&lang — the report as a workbook (admins). */
export async function calibrationWorkbookLink(
  req: ApiRequest,
  d: ApiDeps,
): RouteAnswer<'GET /rounds/{round}/calibration/workbook'> {
  if (req.caller.role !== 'admin') throw forbidden();
  const v = await calibrationView(req, d);
  const { writeCalibrationWorkbook } = await import('../../excel/calibration-workbook.ts');
  const bytes = await writeCalibrationWorkbook({ ...v, districtName: d.districtName, now: d.now() });
  const name = `${v.round.round}-calibration-${v.lang}.xlsx`;
  return generated(d.objects, `generated/${v.round.round}/${name}`, name, bytes);
}

/** GET /rounds/{round}/calibration/docx?compare&lang — a short .docx for the training session (admins). */
export async function calibrationDocxLink(
  req: ApiRequest,
  d: ApiDeps,
): RouteAnswer<'GET /rounds/{round}/calibration/docx'> {
  if (req.caller.role !== 'admin') throw forbidden();
  const v = await calibrationView(req, d);
  const { calibrationDocx } = await import('../../documents/calibration-docx.ts');
  const bytes = await calibrationDocx({ ...v, districtName: d.districtName, now: d.now() });
  const name = `${v.round.round}-calibration-${v.lang}.docx`;
  // Under generated/feedback/: the only prefix the documents function writes.
  return generated(d.objects, `generated/feedback/${v.round.round}/${name}`, name, bytes, DOCX_TYPE);
}

/** What the calibration workbook and .docx are made from: the view, the district and the time. */
export type CalibrationDocInput = Awaited<ReturnType<typeof calibrationView>> & {
  districtName: string;
  now: Date;
};

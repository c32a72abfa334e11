import {
  noticeItems,
  RECT_STATUS_WORDS,
  type NoticeItem,
  type RectificationNotice,
} from '../../domain/rectification.ts';
import { isCalendarDate } from '../../domain/china-time.ts';
import { mayReadRectification, rectificationIssued } from '../../domain/rectification-rules.ts';
import { message } from '../../domain/messages.ts';
import type { Lang } from '../../domain/text.ts';
import type { Roster } from '../../domain/roster.ts';
import type { RectCheck } from '../../excel/rectification-check-sheet.ts';
import type { RectAnswerRecord, RoundRecord } from '../ports.ts';
import { roundResults } from '../round-results.ts';
import { type ApiDeps, type ApiRequest, type RouteAnswer, langOf } from './deps.ts';
import { ApiError, badRequest, forbidden, notFound } from './errors.ts';
import { DOCX_TYPE, generated } from './links.ts';

/**
 * The rectification routes (整改通知书 and the unit's answer), docs/security.md "Rectification".
 * Who may read is decided from the round and roster before any result is computed.
 */

/** POST /rounds/{round}/rectification — an admin sets (or moves) the notice's deadline. */
export async function setRectification(
  req: ApiRequest,
  d: ApiDeps,
): RouteAnswer<'POST /rounds/{round}/rectification'> {
  if (req.caller.role !== 'admin') throw forbidden();
  const roundId = req.params.round ?? '';
  const { deadline } = req.body as { deadline: string };
  if (!isCalendarDate(deadline)) throw new ApiError(400, 'api.rectification-date', { deadline });
  const round = await d.store.getRound(roundId);
  if (!round) throw notFound(`round ${roundId}`);
  if (round.kind === 'calibration') throw new ApiError(409, 'api.calibration-round', { round: roundId });
  if (round.phases.formal === 'closed')
    throw new ApiError(409, 'api.rectification-closed', { round: roundId });
  const updated = await d.store.setRectification(roundId, {
    deadline,
    setBy: req.caller.sub,
    setAt: d.now().toISOString(),
  });
  if (!updated) throw notFound(`round ${roundId}`);
  return { status: 200, body: { round: updated } };
}

/** A unit's notice with its latest answer, for the caller allowed to read it. */
export async function rectificationView(req: ApiRequest, d: ApiDeps) {
  const roundId = req.params.round ?? '';
  const unit = req.query.unit ?? '';
  if (!unit) throw badRequest('unit is required');
  const lang = langOf(req.query);
  const [round, roster] = await Promise.all([d.store.getRound(roundId), d.store.getRoster(roundId)]);
  if (!round || !roster) throw notFound(`round ${roundId}`);
  if (!mayReadRectification(req.caller, roster, unit)) throw forbidden();
  if (round.kind === 'calibration') throw new ApiError(409, 'api.calibration-round', { round: roundId });
  const u = roster.units.find((x) => x.code === unit);
  if (!u) throw badRequest(`unit ${unit} is not in round ${roundId}`);
  const issued = rectificationIssued(round);
  if (!issued && req.caller.role !== 'admin')
    throw new ApiError(409, 'api.rectification-not-issued', {
      unit,
      state: round.phases.precheck,
      deadline: round.rectification?.deadline ?? '—',
    });
  const { notice, answer } = await noticeFor(d, round, roster, unit, lang);
  return { round, notice, issued, answer, lang };
}

/** The unit's notice from its closed pre-check, and its latest answer: one reconciliation of the unit. */
export async function noticeFor(d: ApiDeps, round: RoundRecord, roster: Roster, unit: string, lang: Lang) {
  const rr = await roundResults(round.round, d, unit, { round, roster });
  const ur = rr.units[0];
  const items = ur?.precheck ? noticeItems(ur.precheck, rr.rs, lang) : [];
  const notice: RectificationNotice = {
    round: round.round,
    unit,
    unitName: roster.units.find((x) => x.code === unit)?.name ?? unit,
    ruleSet: rr.rs.id,
    ruleVersion: round.ruleVersion,
    fingerprint: round.fingerprint,
    deadline: round.rectification?.deadline ?? '',
    issuedAt: d.now().toISOString(),
    lang,
    items,
  };
  return { notice, answer: ur?.answer };
}

/** A formal template's 整改核查 sheet for the unit, or undefined while no notice is issued. */
export async function rectCheckFor(
  d: ApiDeps,
  round: RoundRecord,
  roster: Roster,
  unit: string,
  lang: Lang,
): Promise<RectCheck | undefined> {
  if (round.kind === 'calibration' || !rectificationIssued(round)) return undefined;
  const { notice, answer } = await noticeFor(d, round, roster, unit, lang);
  const byCode = new Map((answer?.items ?? []).map((a) => [a.code, a]));
  return {
    deadline: notice.deadline,
    answeredAt: answer?.receivedAt ?? null,
    late: answer?.late ?? false,
    rows: notice.items.map((i) => {
      const a = byCode.get(i.code);
      return { ...i, status: a?.status, done: a?.done, evidence: a?.evidence };
    }),
  };
}

function withAnswer(items: NoticeItem[], answer: RectAnswerRecord | undefined, lang: Lang) {
  const byCode = new Map((answer?.items ?? []).map((a) => [a.code, a]));
  return items.map((i) => {
    const a = byCode.get(i.code);
    return {
      code: i.code,
      title: i.title,
      max: i.max,
      score: i.compliance ? null : i.score,
      compliance: i.compliance,
      ...(i.met !== undefined ? { met: i.met } : {}),
      problem: i.problem,
      suggestion: i.suggestion,
      ...(a
        ? {
            answer: {
              status: a.status,
              statusText: RECT_STATUS_WORDS[lang][a.status],
              done: a.done,
              evidence: a.evidence,
            },
          }
        : {}),
    };
  });
}

/** GET /rounds/{round}/rectification?unit&lang — the unit's notice and its latest answer. */
export async function rectification(
  req: ApiRequest,
  d: ApiDeps,
): RouteAnswer<'GET /rounds/{round}/rectification'> {
  const v = await rectificationView(req, d);
  const a = v.answer;
  return {
    status: 200,
    body: {
      round: v.round.round,
      unit: v.notice.unit,
      unitName: v.notice.unitName,
      issued: v.issued,
      deadline: v.round.rectification?.deadline ?? null,
      items: withAnswer(v.notice.items, a, v.lang),
      answered: a
        ? {
            uploadId: a.uploadId,
            receivedAt: a.receivedAt,
            late: a.late,
            warnings: a.warnings.map((w) => ({
              code: w.code,
              item: w.item ?? null,
              message: message(w.code, w.params ?? {}, v.lang),
            })),
          }
        : null,
    },
  };
}

const fileName = (r: RoundRecord, unit: string, lang: Lang, ext: string) =>
  `${r.round}-${unit}-${lang === 'zh' ? '整改通知书' : 'rectification'}.${ext}`;

/** GET /rounds/{round}/rectification/workbook?unit&lang — the notice as the workbook the unit answers in. */
export async function rectificationWorkbookLink(
  req: ApiRequest,
  d: ApiDeps,
): RouteAnswer<'GET /rounds/{round}/rectification/workbook'> {
  const v = await rectificationView(req, d);
  if (!d.signingKey) throw new Error('no signing key configured');
  const { buildRectificationWorkbook } = await import('../../excel/rectification-workbook.ts');
  const bytes = await buildRectificationWorkbook(v.notice, await d.signingKey());
  const name = fileName(v.round, v.notice.unit, v.lang, 'xlsx');
  return generated(d.objects, `generated/${v.round.round}/${name}`, name, bytes);
}

/** GET /rounds/{round}/rectification/docx?unit&lang — the notice as a letter (.docx). */
export async function rectificationDocxLink(
  req: ApiRequest,
  d: ApiDeps,
): RouteAnswer<'GET /rounds/{round}/rectification/docx'> {
  const v = await rectificationView(req, d);
  const { rectificationDocx } = await import('../../documents/rectification-docx.ts');
  const bytes = await rectificationDocx(v.notice);
  const name = fileName(v.round, v.notice.unit, v.lang, 'docx');
  // Under generated/feedback/: the only prefix the documents function writes.
  return generated(d.objects, `generated/feedback/${v.round.round}/${name}`, name, bytes, DOCX_TYPE);
}

import { EvidenceQuery, EvidenceRequest } from '../../api/requests.ts';
import { EVIDENCE_UPLOAD_TYPE } from '../../api/terms.ts';
import { mayAttachEvidence, mayReadEvidence } from '../../domain/evidence-rules.ts';
import { EVIDENCE_LIMITS, evidenceDownloadName } from '../../domain/file-kind.ts';
import type { Roster } from '../../domain/roster.ts';
import type { EvidenceRecord, RoundRecord } from '../ports.ts';
import type { ApiDeps, ApiRequest, RouteAnswer } from './deps.ts';
import { ApiError, badRequest, forbidden, notFound } from './errors.ts';
import { parseBody } from './rounds.ts';
import { openSlot } from './uploads.ts';
import { linkTo } from './links.ts';

/**
 * The evidence routes (佐证材料, docs/security.md "Evidence files"): a slot to attach a file to a
 * unit of a round (optionally to one scored item), a unit's files, and a link to one of them.
 * Who may is decided first, from the roster, before anything else is read.
 */

async function roundAndRoster(d: ApiDeps, roundId: string): Promise<{ round: RoundRecord; roster: Roster }> {
  const [round, roster] = await Promise.all([d.store.getRound(roundId), d.store.getRoster(roundId)]);
  if (!round || !roster) throw notFound(`round ${roundId}`);
  return { round, roster };
}

const unitKnown = (roster: Roster, unit: string) => roster.units.some((u) => u.code === unit);

/**
 * POST /rounds/{round}/evidence `{ unit, item?, fileName, size }` — a presigned POST for one
 * evidence file under `evidence/<round>/<uploadId>/`: an admin for any unit, a unit for itself.
 * 400 for a unit not in the round or an item that is not a scored item of its rubric; 413 for a
 * file over the per-file limit or past the unit's total (from the sizes stored).
 */
export async function requestEvidence(
  req: ApiRequest,
  d: ApiDeps,
): RouteAnswer<'POST /rounds/{round}/evidence'> {
  const { unit, item, fileName, size } = parseBody(EvidenceRequest, req.body);
  if (!mayAttachEvidence(req.caller, unit)) throw forbidden();
  const { round, roster } = await roundAndRoster(d, req.params.round ?? '');
  if (!unitKnown(roster, unit)) throw new ApiError(400, 'api.evidence-unit', { unit, round: round.round });
  if (item !== undefined) {
    const rs = await d.rubrics.get(round.rules, round.ruleVersion);
    if (!rs?.leaves.some((l) => l.code === item))
      throw new ApiError(400, 'api.evidence-item', { item, round: round.round, rules: round.rules });
  }
  const limits = d.evidenceLimits ?? EVIDENCE_LIMITS;
  if (size > limits.maxFileBytes)
    throw new ApiError(413, 'api.evidence-too-large', { size, max: limits.maxFileBytes });
  const used = (await d.store.unitEvidence(round.round, unit)).reduce((n, e) => n + e.size, 0);
  if (used + size > limits.maxUnitBytes)
    throw new ApiError(413, 'api.evidence-unit-full', { unit, used, size, max: limits.maxUnitBytes });
  return openSlot(req, d, round.round, fileName, undefined, {
    prefix: 'evidence',
    contentType: EVIDENCE_UPLOAD_TYPE,
    // S3 refuses a larger file: at most one file's limit, and no more than the unit has left.
    maxBytes: Math.min(limits.maxFileBytes, limits.maxUnitBytes - used),
    record: { evidence: { unit, item } },
  });
}

const fileView = (e: EvidenceRecord) => ({
  id: e.id,
  unit: e.unit,
  item: e.item ?? null,
  fileName: e.fileName,
  type: e.kind,
  size: e.size,
  uploadedAt: e.uploadedAt,
  by: { role: e.by.role, ref: e.by.ref },
});

/** GET /rounds/{round}/evidence?unit= — the unit's evidence files, oldest first: admin, the unit, its assessors. */
export async function listEvidence(req: ApiRequest, d: ApiDeps): RouteAnswer<'GET /rounds/{round}/evidence'> {
  const q = EvidenceQuery.safeParse(req.query);
  if (!q.success) throw badRequest('unit is required');
  const { round, roster } = await roundAndRoster(d, req.params.round ?? '');
  if (!mayReadEvidence(req.caller, roster, q.data.unit)) throw forbidden();
  if (!unitKnown(roster, q.data.unit))
    throw new ApiError(400, 'api.evidence-unit', { unit: q.data.unit, round: round.round });
  const files = await d.store.unitEvidence(round.round, q.data.unit);
  return { status: 200, body: { round: round.round, unit: q.data.unit, files: files.map(fileView) } };
}

/**
 * GET /rounds/{round}/evidence/{id} — a presigned link to one evidence file (an attachment, named
 * with the extension of the kind found in its bytes): admin, the unit, its assessors.
 */
export async function evidenceLink(
  req: ApiRequest,
  d: ApiDeps,
): RouteAnswer<'GET /rounds/{round}/evidence/{id}'> {
  const id = req.params.id ?? '';
  const { round, roster } = await roundAndRoster(d, req.params.round ?? '');
  const up = await d.store.getUpload(id);
  const unit = up?.round === round.round ? up.evidence?.unit : undefined;
  if (!unit) throw notFound(`evidence ${id}`);
  if (!mayReadEvidence(req.caller, roster, unit)) throw forbidden();
  const file = (await d.store.unitEvidence(round.round, unit)).find((e) => e.id === id);
  if (!file) throw notFound(`evidence ${id}`);
  const name = evidenceDownloadName(file.fileName, file.kind);
  const link = await linkTo(d.objects, file.source.key, name);
  return { status: 200, body: { ...link.body, id, unit } };
}

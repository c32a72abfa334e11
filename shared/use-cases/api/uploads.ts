import { XLSX_TYPE } from '../../api/terms.ts';
import { UploadRequest } from '../../api/requests.ts';
import type { ResponseBody } from '../../api/contract.ts';
import { type ApiDeps, type ApiRequest, type ApiResponse, type RouteAnswer, langOf } from './deps.ts';
import { ApiError, forbidden, notFound } from './errors.ts';
import { parseBody } from './rounds.ts';
import { gradeLabelOf, issueJson } from '../present.ts';
import { tr, type Lang } from '../../domain/text.ts';
import type { RuleSet } from '../../domain/rule-set.ts';
import type { UploadRecord } from '../ports.ts';
import { LINK_TTL } from './links.ts';

const UPLOAD_TTL = 900;

// Control characters and path separators cannot be part of an object key's file name.
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f/\\]/g;

/** File names become the last key segment: no slashes, control characters or leading dots. */
export function safeFileName(name: string): string {
  const cleaned = name.normalize('NFC').replace(UNSAFE, '_').replace(/^\.+/, '').slice(0, 120);
  return cleaned || 'upload.xlsx';
}

/**
 * POST /rounds/{round}/uploads `{ fileName, size? }` — a presigned POST (url and form fields) to
 * upload one sheet; the upload is recorded with its uploader. Every kind of uploaded file (score
 * sheets, reconciliation sheets) has the same limit, `maxBytes` (CEPIN_MAX_UPLOAD_BYTES), signed
 * into the policy; a declared `size` over it is refused before any slot is made.
 */
export async function requestUpload(
  req: ApiRequest,
  d: ApiDeps,
): RouteAnswer<'POST /rounds/{round}/uploads'> {
  const { fileName, size, late } = parseBody(UploadRequest, req.body);
  if (size !== undefined && size > d.maxBytes)
    throw new ApiError(413, 'api.upload-too-large', { size, max: d.maxBytes });
  // A late sheet (after the panel's scores became visible) is an admin's decision, with a reason.
  if (late && req.caller.role !== 'admin') throw forbidden();
  const round = await d.store.getRound(req.params.round ?? '');
  if (!round) throw notFound(`round ${req.params.round}`);
  return openSlot(req, d, round.round, fileName, late);
}

/** What sets a slot apart from a score sheet's: its key prefix, content type, size limit and record. */
export interface SlotKind {
  /** The first key segment (default `uploads`). */
  prefix?: string;
  /** The content type signed into the form (default .xlsx). */
  contentType?: string;
  /** The size limit signed into the form (default `maxBytes`). */
  maxBytes?: number;
  /** What else the slot records (an evidence file's unit and item). */
  record?: Pick<UploadRecord, 'evidence'>;
}

/**
 * Records an upload slot for the caller and answers the presigned POST for it: every uploaded
 * file (score sheets, 合议表, rubric workbooks, evidence files) comes in through one of these.
 */
export async function openSlot(
  req: ApiRequest,
  d: ApiDeps,
  roundKey: string,
  fileName: string,
  late?: { reason: string },
  kind: SlotKind = {},
): Promise<ApiResponse<ResponseBody<'POST /rounds/{round}/uploads'>>> {
  const uploadId = d.newId();
  const maxBytes = kind.maxBytes ?? d.maxBytes;
  const key = `${kind.prefix ?? 'uploads'}/${roundKey}/${uploadId}/${safeFileName(fileName)}`;
  await d.store.putUpload({
    uploadId,
    round: roundKey,
    fileName,
    key,
    caller: req.caller,
    createdAt: d.now().toISOString(),
    state: 'pending',
    late: late ? { reason: late.reason, by: req.caller.sub, at: d.now().toISOString() } : undefined,
    ...kind.record,
  });
  const post = await d.objects.presignPost(key, {
    expiresIn: UPLOAD_TTL,
    maxBytes,
    contentType: kind.contentType ?? XLSX_TYPE,
  });
  return {
    status: 201,
    body: {
      uploadId,
      key,
      method: 'POST',
      url: post.url,
      fields: post.fields,
      expiresIn: UPLOAD_TTL,
      maxBytes,
    },
  };
}

/** What the uploader sees of an upload, without issues or links: for lists. */
export function uploadSummary(up: UploadRecord, rs: RuleSet | undefined, lang: Lang) {
  const settled = up.state === 'accepted' || up.state === 'duplicate';
  return {
    uploadId: up.uploadId,
    round: up.round,
    fileName: up.fileName,
    state: up.state,
    createdAt: up.createdAt,
    settledAt: up.settledAt ?? null,
    phase: up.phase ?? null,
    unit: up.unit ?? null,
    assessor: up.assessor ?? null,
    total: settled ? (up.total ?? null) : null,
    grade: settled ? (up.grade ?? null) : null,
    gradeLabel: settled && up.grade ? gradeLabelOf(rs, up.grade, lang) : null,
    categories: settled
      ? (up.categories ?? []).map((c) => ({
          ...c,
          title: rs?.byCode.get(c.code) ? tr(rs.byCode.get(c.code)!.title, lang) : c.code,
        }))
      : [],
    duplicateOf: up.duplicateOf ?? null,
    /** An admin's late sheet: submitted after the panel's scores were visible, and why. */
    late: up.late ?? null,
    issueCount: up.state === 'rejected' ? (up.issues ?? []).length : 0,
    rubric: settled ? (up.rubric ?? null) : null,
    // An evidence file's upload only (other uploads' summaries are unchanged).
    ...(up.evidence && {
      evidence: { unit: up.evidence.unit, item: up.evidence.item ?? null, type: up.evidence.type ?? null },
    }),
  };
}

/** GET /uploads/{uploadId}?lang — what became of an upload: score summary, or issues and the annotated workbook. */
export async function uploadOutcome(req: ApiRequest, d: ApiDeps): RouteAnswer<'GET /uploads/{uploadId}'> {
  const up = await d.store.getUpload(req.params.uploadId ?? '');
  if (!up || !up.caller) throw notFound(`upload ${req.params.uploadId}`);
  if (req.caller.role !== 'admin' && up.caller.sub !== req.caller.sub) throw forbidden();
  const lang = langOf(req.query);
  const round = up.state === 'pending' ? undefined : await d.store.getRound(up.round);
  const summary = uploadSummary(up, round && (await d.rubrics.get(round.rules, round.ruleVersion)), lang);
  if (up.state !== 'rejected') return { status: 200, body: summary };
  return {
    status: 200,
    body: {
      ...summary,
      issues: (up.issues ?? []).map((i) => issueJson(i, lang)),
      annotatedUrl: up.annotatedKey ? await d.objects.presignGet(up.annotatedKey, LINK_TTL) : null,
    },
  };
}

/** GET /rounds/{round}/uploads?lang — the caller's own uploads in a round, oldest first, with outcomes. */
export async function myUploads(req: ApiRequest, d: ApiDeps): RouteAnswer<'GET /rounds/{round}/uploads'> {
  const round = await d.store.getRound(req.params.round ?? '');
  if (!round) throw notFound(`round ${req.params.round}`);
  const rs = await d.rubrics.get(round.rules, round.ruleVersion);
  const ups = await d.store.callerUploads(round.round, req.caller.sub);
  return {
    status: 200,
    body: { round: round.round, uploads: ups.map((u) => uploadSummary(u, rs, langOf(req.query))) },
  };
}

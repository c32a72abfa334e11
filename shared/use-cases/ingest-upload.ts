import { RUBRIC_UPLOADS, XLSX_TYPE } from '../api/terms.ts';
import { createHash } from 'node:crypto';
import { error, hasErrors, type Issue } from '../domain/issues.ts';
import { SHEET_NAMES, addr, type Phase } from '../domain/layout.ts';
import { checkUploadRights, rejectionSlot } from '../domain/upload-rules.ts';
import { actingAs } from '../domain/calibration-round.ts';
import { evidenceRefWarnings } from '../domain/evidence-refs.ts';
import { checkSheet, type CheckResult } from './check-sheet.ts';
import type { Rubrics } from './rubrics.ts';
import type {
  Caller,
  ObjectRef,
  Objects,
  Rejection,
  SigningKey,
  Store,
  Submission,
  UploadRecord,
} from './ports.ts';

/** An object-created notification for one uploaded object. */
export interface UploadedObject {
  bucket: string;
  key: string;
  size: number;
  versionId?: string | undefined;
  eventTime: string;
}

/** What ingest needs: its ports and limits. */
export interface IngestDeps {
  store: Store;
  objects: Objects;
  rubrics: Rubrics;
  maxBytes: number;
  /** Evidence files: per file and per unit and round (default EVIDENCE_LIMITS). */
  evidenceLimits?: { maxFileBytes: number; maxUnitBytes: number } | undefined;
  /** Verifies the signed metadata of reconciliation sheets. */
  signingKey: SigningKey;
}

/** What ingest did with one object. */
export type IngestOutcome =
  | { outcome: 'ignored' }
  | { outcome: 'accepted'; uploadId: string; total: number }
  | { outcome: 'duplicate'; uploadId: string; of: string }
  | { outcome: 'rejected'; uploadId: string; issues: Issue[] }
  | { outcome: 'settled'; uploadId: string };

/**
 * What ingest unpacks of one upload at most. A filled template is ~100 KB unpacked and the largest
 * honest sheet we know (50,000 rows typed below the total) 8.7 MB; reading 94 MB of cells cost the
 * score-sheet reader 6.7 s and 740 MB, too close to the function's 1 GB, so more is refused unread
 * (`file.zip-bomb`, which says how big it would be).
 */
export const INGEST_LIMITS = {
  maxBytes: 10 * 1024 * 1024,
  maxEntries: 2000,
  maxUncompressed: 20 * 1024 * 1024,
};

/** Upload keys are `uploads/<round>/<uploadId>/<file name>`; anything else is not an upload. */
export const UPLOAD_KEY = /^uploads\/([^/]+)\/([^/]+)\/([^/]+)$/;
/** Evidence files (佐证材料) are `evidence/<round>/<uploadId>/<file name>`: ingested by ingest-evidence.ts. */
export const EVIDENCE_KEY = /^evidence\/([^/]+)\/([^/]+)\/([^/]+)$/;

/**
 * Ingests one uploaded sheet: checks it against its rule set and the round's roster and the
 * uploader's rights, then stores either an immutable submission or a rejection with an annotated
 * copy of the workbook. Idempotent: a redelivered object or the same bytes again change nothing.
 * Transient failures throw, so the message is retried and finally dead-lettered.
 */
export async function ingestUpload(obj: UploadedObject, deps: IngestDeps): Promise<IngestOutcome> {
  const m = UPLOAD_KEY.exec(obj.key) ?? EVIDENCE_KEY.exec(obj.key);
  if (!m) return { outcome: 'ignored' };
  const [, roundId, uploadId, fileName] = m as unknown as [string, string, string, string];
  const source: ObjectRef = { bucket: obj.bucket, key: obj.key, versionId: obj.versionId };
  const upload = await deps.store.getUpload(uploadId);
  if (upload && upload.state !== 'pending') return { outcome: 'settled', uploadId };
  // The slot a rejection counts on: only ever the uploader's own (set once the sheet is read).
  let slot: ReturnType<typeof rejectionSlot>;
  const reject = (issues: Issue[], bytes: Uint8Array | null, sha256: string, check?: CheckResult) =>
    storeRejection(deps, {
      slot,
      roundId,
      uploadId,
      fileName,
      source,
      receivedAt: obj.eventTime,
      upload,
      issues,
      bytes,
      sha256,
      check,
    });
  const file = { sheet: fileName };
  if (!upload || upload.round !== roundId) return reject([error('upload.unknown', file)], null, '');
  // An evidence slot's file lands under evidence/, a sheet's under uploads/: never the one for the other.
  if (EVIDENCE_KEY.test(obj.key) !== (upload.evidence !== undefined))
    return reject([error('upload.unknown', file)], null, '');
  if (upload.evidence) {
    const { ingestEvidence } = await import('./ingest-evidence.ts');
    return ingestEvidence({ ...obj, uploadId, fileName, upload, evidence: upload.evidence }, deps);
  }
  if (roundId === RUBRIC_UPLOADS) {
    const { ingestRubric } = await import('./ingest-rubric.ts');
    return ingestRubric({ ...obj, uploadId, fileName, upload }, deps, reject);
  }
  if (obj.size > deps.maxBytes)
    return reject([error('file.too-large', file, { size: obj.size, max: deps.maxBytes })], null, '');
  const { bytes, versionId } = await deps.objects.get(obj.key, obj.versionId);
  source.versionId ??= versionId;
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const round = await deps.store.getRound(roundId);
  const roster = await deps.store.getRoster(roundId);
  if (!round || !roster)
    return reject([error('upload.round-unknown', file, { round: roundId })], bytes, sha256);
  /** The phase moved on between the check and the write (the write's condition failed): say where it is now. */
  const phaseClosed = async (phase: Phase) => {
    const state = (await deps.store.getRound(roundId))?.phases[phase] ?? 'closed';
    return reject([error('upload.phase-closed', file, { phase, state })], bytes, sha256);
  };
  const pinned = await deps.rubrics.get(round.rules, round.ruleVersion);
  const check = await checkSheet(bytes, {
    // The round's own version for its rubric (a sheet of another version says how it differs).
    rules: { get: (id, v) => (id === round.rules && pinned ? pinned : deps.rubrics.get(id, v)) },
    fileName,
    limits: { ...INGEST_LIMITS, maxBytes: deps.maxBytes },
  });
  if (check.issues.some((i) => i.code === 'sheet.not-template')) {
    const rs = pinned;
    // Reading a reconciliation sheet (合议表) needs exceljs: loaded only for sheets that may be one.
    const { judgeReconciliation } = await import('./ingest-reconciliation.ts');
    const { latestPerSlot } = await import('./round-results.ts');
    const current = async (unit: string, phase: string) =>
      latestPerSlot((await deps.store.unitRecords(roundId, unit)).submissions)
        .filter((x) => x.phase === phase)
        .map((x) => x.uploadId);
    const recon = await judgeReconciliation(
      bytes,
      round,
      roster,
      rs,
      upload.caller,
      deps.signingKey,
      current,
    );
    if (recon) {
      if (!recon.record) return reject(recon.issues, bytes, sha256);
      const stored = await deps.store.acceptAgreed({
        ...recon.record,
        uploadId,
        receivedAt: obj.eventTime,
        sha256,
      });
      if (stored === 'phase-closed') return phaseClosed(recon.record.phase);
      return stored === 'accepted'
        ? { outcome: 'accepted', uploadId, total: 0 }
        : { outcome: 'settled', uploadId };
    }
    // A rectification answer (整改回复): the notice's workbook, recognised by its own hidden sheet.
    const { tryRectification } = await import('./ingest-rectification.ts');
    const rect = await tryRectification(
      bytes,
      { uploadId, receivedAt: obj.eventTime, sha256, round, roster, caller: upload.caller },
      deps,
    );
    if (rect) return rect.outcome === 'reject' ? reject(rect.issues, bytes, sha256) : rect;
  }
  const issues = [...check.issues];
  if (check.meta) {
    const where = {
      sheet: check.scoreSheetName ?? SHEET_NAMES.meta,
      cell: check.layout ? addr(check.layout.infoRow, 1) : 'A1',
    };
    const late = upload.late !== undefined;
    const cases = round.kind === 'calibration' ? (round.cases ?? []) : undefined;
    if (cases && !cases.some((c) => c.code === check.meta!.unit)) {
      // A real unit's sheet (or anything else) sent to a calibration round: say what the round takes.
      const list = cases.map((c) => c.code).join(', ');
      issues.unshift(
        error('upload.calibration-case', where, {
          unit: check.meta.unit || '—',
          round: roundId,
          cases: list,
        }),
      );
    } else {
      const caller = actingAs(round, roster, upload.caller);
      issues.unshift(...checkUploadRights(round, roster, check.meta, caller, where, { late }));
    }
    slot = rejectionSlot(roster, check.meta, actingAs(round, roster, upload.caller));
  }
  if (hasErrors(issues) || !check.meta || !check.score) return reject(issues, bytes, sha256, check);
  const refs = check.inputs && [...check.inputs.values()].some((i) => i.evidenceRef);
  if (check.meta.phase === 'self' && refs && check.layout && check.inputs) {
    // The evidence column names the unit's evidence files: one not uploaded is a warning.
    const names = (await deps.store.unitEvidence(roundId, check.meta.unit)).map((e) => e.fileName);
    const sheet = check.scoreSheetName ?? SHEET_NAMES.scores[check.meta.lang];
    issues.push(...evidenceRefWarnings(check.layout, check.inputs, sheet, names));
  }
  const s = check.score;
  const submission: Submission = {
    round: roundId,
    phase: check.meta.phase,
    unit: check.meta.unit,
    assessor: check.meta.assessor,
    uploadId,
    receivedAt: obj.eventTime,
    uploader: upload.caller,
    source,
    sha256,
    ruleSet: check.meta.ruleSet,
    ruleVersion: check.meta.ruleVersion,
    fingerprint: check.meta.fingerprint,
    total: s.total,
    raw: s.raw,
    applicableMax: s.applicableMax,
    complete: s.complete,
    grade: s.grade?.code ?? null,
    vetoed: s.vetoed,
    failedFacts: s.failedFacts.length > 0 ? s.failedFacts : undefined,
    categories: s.categories.map((c) => ({ code: c.code, score: c.score, max: c.max, na: c.na })),
    items: s.items.map((i) => ({
      code: i.code,
      inputs: check.inputs?.get(i.code) ?? {},
      score: i.score,
      max: i.max,
      na: i.na,
      pending: i.pending,
      problem: i.problem,
      suggestion: i.suggestion,
    })),
    warnings: issues,
    // Marked late only if it really came after the panel's scores were visible.
    late: round.phases[check.meta.phase] === 'scoring-closed' ? upload.late : undefined,
  };
  // A late sheet (an admin's, with a reason) may land while the phase's scoring is closed.
  const stored = await deps.store.accept(submission, upload.late ? ['open', 'scoring-closed'] : ['open']);
  if (stored.outcome === 'phase-closed') return phaseClosed(check.meta.phase);
  if (stored.outcome === 'accepted') return { outcome: 'accepted', uploadId, total: s.total };
  if (stored.outcome === 'duplicate') return { outcome: 'duplicate', uploadId, of: stored.of };
  return { outcome: 'settled', uploadId };
}

/** Stores a rejection with the uploader's workbook annotated (or an issues-only workbook). */
export async function storeRejection(
  deps: IngestDeps,
  r: {
    slot: { phase?: string | undefined; unit: string; assessor?: string | undefined } | undefined;
    roundId: string;
    uploadId: string;
    fileName: string;
    source: ObjectRef;
    receivedAt: string;
    upload: UploadRecord | undefined;
    issues: Issue[];
    bytes: Uint8Array | null;
    sha256: string;
    check?: CheckResult | undefined;
  },
): Promise<IngestOutcome> {
  const lang = r.check?.meta?.lang ?? 'zh';
  const base = r.fileName.replace(/\.[^.]*$/, '');
  // A fixed key per upload, so a retried message rewrites the same object instead of adding one.
  const annotatedKey = `rejections/${r.roundId}/${r.uploadId}/${base}-${lang === 'zh' ? '问题标注' : 'issues'}.xlsx`;
  // exceljs is loaded only here, for a rejection: accepting a sheet never needs it.
  const { annotateWorkbook } = await import('../excel/annotate.ts');
  await deps.objects.put(
    annotatedKey,
    // Whatever the upload holds, the rejection is stored: at worst with the issues-only workbook.
    await annotateWorkbook(r.bytes, r.issues, lang).catch(() => annotateWorkbook(null, r.issues, lang)),
    XLSX_TYPE,
  );
  const caller: Caller | null = r.upload?.caller ?? null;
  const rejection: Rejection = {
    round: r.roundId,
    uploadId: r.uploadId,
    receivedAt: r.receivedAt,
    uploader: caller,
    source: r.source,
    sha256: r.sha256,
    phase: r.slot?.phase,
    unit: r.slot?.unit,
    assessor: r.slot?.assessor,
    issues: r.issues,
    annotatedKey,
  };
  const stored = await deps.store.reject(rejection);
  return stored === 'rejected'
    ? { outcome: 'rejected', uploadId: r.uploadId, issues: r.issues }
    : { outcome: 'settled', uploadId: r.uploadId };
}

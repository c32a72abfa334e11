import { error, warning, type Issue } from '../domain/issues.ts';
import { addr } from '../domain/layout.ts';
import { isLate, noticeItems } from '../domain/rectification.ts';
import { rectificationIssued } from '../domain/rectification-rules.ts';
import type { Roster } from '../domain/roster.ts';
import { readRectificationWorkbook } from '../excel/rectification-workbook.ts';
import { RECT_COL, RECT_FIRST } from '../excel/rectification-layout.ts';
import type { RuleSetSource } from './check-sheet.ts';
import type { Caller, RectAnswerRecord, RoundRecord, SigningKey, Store } from './ports.ts';
import { roundResults } from './round-results.ts';

/** A rectification answer judged: the record to store, or the issues to reject it with. */
export type RectOutcome =
  | { record: Omit<RectAnswerRecord, 'uploadId' | 'receivedAt' | 'sha256'>; issues: Issue[] }
  | { record: null; issues: Issue[] };

/** What judging an answer needs besides its bytes. */
export interface RectContext {
  round: RoundRecord;
  roster: Roster;
  caller: Caller;
  signingKey: SigningKey;
  receivedAt: string;
  /** The items of the unit's notice now, in order (from the closed pre-check). */
  noticeCodes: (unit: string) => Promise<string[]>;
  /** The file names of the unit's evidence files. */
  evidenceNames: (unit: string) => Promise<string[]>;
}

/**
 * Reads an uploaded rectification answer (the notice's workbook filled in, 整改回复) and checks it
 * against the round (docs/security.md, "Rectification"): metadata signed with the district's key, the
 * same round and rubric, a unit of the roster uploaded by itself or an admin, the notice issued and
 * the formal phase not closed, the items those of the notice now. Late answers are accepted and
 * marked; evidence names the unit has not uploaded are warnings. Null when the workbook is not one.
 */
export async function judgeRectification(bytes: Uint8Array, c: RectContext): Promise<RectOutcome | null> {
  const read = await readRectificationWorkbook(bytes, await c.signingKey());
  if (!read) return null;
  const meta = read.meta;
  if (!meta) return { record: null, issues: read.issues };
  const title = { sheet: read.sheet, cell: 'A1' };
  const issues: Issue[] = [];
  const { round, roster, caller } = c;
  if (meta.round !== round.round)
    issues.push(error('rect.wrong-round', title, { found: meta.round, round: round.round }));
  else if (meta.fingerprint !== round.fingerprint)
    issues.push(error('upload.wrong-rules', title, { expected: round.rules, found: meta.ruleSet }));
  else if (caller.role !== 'admin' && !(caller.role === 'unit' && caller.ref === meta.unit))
    // Another unit's (or an assessor's) upload: say only that it is not theirs.
    issues.push(
      error('upload.impersonation', title, { found: meta.unit, caller: caller.ref || caller.role }),
    );
  else if (!roster.units.some((u) => u.code === meta.unit))
    issues.push(error('upload.unit-unknown', title, { unit: meta.unit, phase: '—' }));
  else if (!rectificationIssued(round)) issues.push(error('rect.not-issued', title, { unit: meta.unit }));
  else if (round.phases.formal === 'closed')
    issues.push(error('rect.round-closed', title, { round: round.round }));
  // A workbook of another round or unit, or one not taken now: that alone is the answer.
  if (issues.length > 0) return { record: null, issues };
  issues.push(...read.issues);
  if (!read.answer || issues.some((i) => i.severity === 'error')) return { record: null, issues };
  const now = await c.noticeCodes(meta.unit);
  const answer = read.answer;
  const signed = answer.items.map((i) => i.code);
  if (now.join(',') !== signed.join(','))
    return {
      record: null,
      issues: [error('rect.stale', title, { now: now.join(', ') || '—', found: signed.join(', ') || '—' })],
    };
  const deadline = round.rectification!.deadline;
  const late = isLate(c.receivedAt, deadline);
  const known = new Set(await c.evidenceNames(meta.unit));
  const warnings: Issue[] = [...issues];
  answer.items.forEach((item, i) => {
    const cell = addr(RECT_FIRST + i, RECT_COL.evidence);
    for (const file of item.evidence)
      if (!known.has(file))
        warnings.push(
          warning('rect.evidence-unknown', { sheet: read.sheet, cell, item: item.code }, { file }),
        );
  });
  if (late) warnings.push(warning('rect.late', title, { deadline }));
  return {
    record: {
      round: round.round,
      unit: meta.unit,
      by: caller,
      deadline,
      late,
      items: answer.items.map((i) => ({
        code: i.code,
        status: i.status,
        done: i.done,
        evidence: i.evidence,
      })),
      warnings,
    },
    issues: warnings,
  };
}

/** What ingest tells the pipeline about a rectification answer. */
export type RectIngest =
  | { outcome: 'accepted'; uploadId: string; total: number }
  | { outcome: 'duplicate'; uploadId: string; of: string }
  | { outcome: 'settled'; uploadId: string }
  | { outcome: 'reject'; issues: Issue[] };

/**
 * Ingests an upload that may be a rectification answer: null when it is not one; otherwise stores
 * it (accepted, duplicate) or says why to reject it.
 */
export async function tryRectification(
  bytes: Uint8Array,
  up: {
    uploadId: string;
    receivedAt: string;
    sha256: string;
    round: RoundRecord;
    roster: Roster;
    caller: Caller;
  },
  deps: { store: Store; rubrics: RuleSetSource; signingKey: SigningKey },
): Promise<RectIngest | null> {
  const judged = await judgeRectification(bytes, {
    round: up.round,
    roster: up.roster,
    caller: up.caller,
    signingKey: deps.signingKey,
    receivedAt: up.receivedAt,
    noticeCodes: async (unit) => {
      const rr = await roundResults(up.round.round, deps, unit, { round: up.round, roster: up.roster });
      const pre = rr.units[0]?.precheck;
      return pre ? noticeItems(pre, rr.rs, 'zh').map((i) => i.code) : [];
    },
    evidenceNames: async (unit) =>
      (await deps.store.unitEvidence(up.round.round, unit)).map((e) => e.fileName),
  });
  if (!judged) return null;
  if (!judged.record) return { outcome: 'reject', issues: judged.issues };
  const stored = await deps.store.acceptRectAnswer({
    ...judged.record,
    uploadId: up.uploadId,
    receivedAt: up.receivedAt,
    sha256: up.sha256,
  });
  if (stored.outcome === 'phase-closed')
    return {
      outcome: 'reject',
      issues: [error('rect.round-closed', { sheet: '' }, { round: up.round.round })],
    };
  if (stored.outcome === 'accepted') return { outcome: 'accepted', uploadId: up.uploadId, total: 0 };
  if (stored.outcome === 'duplicate') return { outcome: 'duplicate', uploadId: up.uploadId, of: stored.of };
  return { outcome: 'settled', uploadId: up.uploadId };
}

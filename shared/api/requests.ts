/**
 * What the API accepts: request bodies and query parameters (zod). The server parses with these;
 * the CLI and the portal build their requests to them.
 */
import * as z from 'zod';
import { PHASE_ACTION_NAMES, PHASES } from './phases.ts';
import {
  CASE_CODE,
  DEFAULT_RECONCILE_METHOD,
  RECONCILABLE_PHASES,
  RECONCILE_METHODS,
  ROLES,
  ROUND_ID,
  ROUND_KINDS,
} from './terms.ts';

/** A reference case of a calibration round: its code, title and description (what the case is). */
export const CalibrationCase = z.object({
  code: z.string().regex(CASE_CODE),
  title: z.string().trim().min(1).max(200),
  description: z.string().trim().max(4000).optional(),
});

/** Round ids: a year or a short name (ROUND_ID_PATTERN). */
export const RoundId = z.string().regex(ROUND_ID);
export const PhaseName = z.enum(PHASES);

/** POST /rounds — a round from a rule set and a filled roster workbook (base64). */
export const CreateRoundRequest = z.object({
  round: RoundId,
  rules: z.string().min(1),
  /** The rubric version the round pins; default the newest stored. */
  ruleVersion: z.number().int().positive().optional(),
  /** The filled roster workbook, base64. */
  roster: z.string().min(1),
  open: z.array(PhaseName).default([]),
  method: z.enum(RECONCILE_METHODS).default(DEFAULT_RECONCILE_METHOD),
  /** A calibration round: the roster's assessors score `cases` (1–20) in its formal phase. */
  kind: z.enum(ROUND_KINDS).default('assessment'),
  cases: z.array(CalibrationCase).min(1).max(20).optional(),
  /** Two-way training: the units' archive staff score the cases too (each as its unit's code). */
  withUnits: z.boolean().default(false),
});

/** POST /rounds/{round}/phases/{phase} — an action of the phase state machine (phases.ts). */
export const PhaseChangeRequest = z.object({ action: z.enum(PHASE_ACTION_NAMES) });

/**
 * POST /rounds/{round}/uploads — a slot for one file; a declared `size` over the limit is refused
 * before any slot is made. `late: { reason }` marks an admin's sheet after the phase's scoring closed.
 */
export const UploadRequest = z.object({
  fileName: z.string().min(1).max(255),
  size: z.number().int().nonnegative().optional(),
  late: z.object({ reason: z.string().trim().min(4).max(500) }).optional(),
});

/** POST /rubrics/uploads — a slot for one rubric workbook. */
export const RubricUploadRequest = z.object({
  fileName: z.string().min(1).max(255),
  size: z.number().int().nonnegative().optional(),
});

/** `?lang=en` answers in English; anything else in Chinese. */
export const LangQuery = z.object({ lang: z.string().optional() });

/** GET /rounds/{round}/calibration — `compare` names an earlier calibration round on the same cases. */
export const CalibrationQuery = LangQuery.extend({ compare: z.string().optional() });

/** GET /rounds/{round}/template */
export const TemplateQuery = LangQuery.extend({
  phase: PhaseName,
  unit: z.string().optional(),
  assessor: z.string().optional(),
});

/** GET /rounds/{round}/submissions */
export const SubmissionsQuery = z.object({ unit: z.string().min(1) });

/** GET /rounds/{round}/results and /workbook (`unit` narrows the results to one unit). */
export const ResultsQuery = LangQuery.extend({ unit: z.string().optional() });

/** GET /rounds/{round}/feedback */
export const FeedbackQuery = LangQuery.extend({ unit: z.string().min(1) });

/** GET /rounds/{round}/reconciliation-sheet (phase: precheck or formal, default formal). */
export const ReconciliationSheetQuery = LangQuery.extend({
  unit: z.string().min(1),
  phase: z.enum(RECONCILABLE_PHASES).optional(),
});

/** GET /rounds/{round}/audit — newest first; `before` is the `next` cursor of the previous page. */
export const AuditQuery = z.object({
  unit: z.string().optional(),
  limit: z.string().optional(),
  before: z.string().optional(),
});

/** POST /people — an admin adds or changes one person of the directory (checked like a roster row). */
export const PersonRequest = z.object({
  login: z.string().max(200),
  name: z.string().max(100),
  role: z.enum(ROLES),
  /** The assessor id or unit code; none for an admin. */
  ref: z.string().max(64).optional(),
  phone: z.string().max(40).optional(),
  email: z.string().max(254).optional(),
  /** @default true */
  active: z.boolean().optional(),
});

/** POST /people/{login}/active — enable or disable a person. */
export const PersonActiveRequest = z.object({ active: z.boolean() });

export { EvidenceQuery, EvidenceRequest } from './evidence.ts';
export { RectificationQuery, RectificationRequest } from './rectification.ts';

export type CreateRoundRequest = z.input<typeof CreateRoundRequest>;
export type PhaseChangeRequest = z.input<typeof PhaseChangeRequest>;
export type UploadRequest = z.input<typeof UploadRequest>;

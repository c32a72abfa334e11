/**
 * The evidence routes' schemas (佐证材料): what `POST /rounds/{round}/evidence` takes and what the
 * evidence routes answer. Re-exported by requests.ts and responses.ts.
 */
import * as z from 'zod';
import { EVIDENCE_KINDS } from '../domain/file-kind.ts';
import { ROLES } from './terms.ts';

/** POST /rounds/{round}/evidence — a slot for one evidence file of a unit, optionally for one scored item. */
export const EvidenceRequest = z.object({
  unit: z.string().min(1).max(64),
  item: z.string().min(1).max(64).optional(),
  fileName: z.string().min(1).max(255),
  /** Declared: a file over the per-file limit, or past the unit's total, is refused before any slot. */
  size: z.number().int().nonnegative(),
});

/** GET /rounds/{round}/evidence?unit= */
export const EvidenceQuery = z.object({ unit: z.string().min(1) });

/** One stored evidence file, as the API lists it. */
export const EvidenceFile = z.object({
  id: z.string(),
  unit: z.string(),
  item: z.string().nullable(),
  fileName: z.string(),
  /** The kind found in the bytes. */
  type: z.enum(EVIDENCE_KINDS),
  size: z.number(),
  uploadedAt: z.string(),
  by: z.object({ role: z.enum(ROLES), ref: z.string() }),
});

/** GET /rounds/{round}/evidence?unit= — the unit's evidence files, oldest first. */
export const EvidenceList = z.object({ round: z.string(), unit: z.string(), files: z.array(EvidenceFile) });

/** GET /rounds/{round}/evidence/{id} — a presigned link (an attachment named for its kind). */
export const EvidenceLink = z.object({
  url: z.string(),
  fileName: z.string(),
  id: z.string(),
  unit: z.string(),
});

export type EvidenceRequest = z.input<typeof EvidenceRequest>;
export type EvidenceFile = z.infer<typeof EvidenceFile>;

/**
 * The rectification routes' schemas (整改通知书 and the unit's answer): what
 * `POST /rounds/{round}/rectification` takes and what the rectification routes answer.
 * Re-exported by requests.ts and responses.ts.
 */
import * as z from 'zod';

/** POST /rounds/{round}/rectification — the notice's deadline, the last day (China time). */
export const RectificationRequest = z.object({
  deadline: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD'),
});

/** GET /rounds/{round}/rectification?unit= (and its /workbook and /docx). */
export const RectificationQuery = z.object({ unit: z.string().min(1), lang: z.string().optional() });

const Status = z.enum(['fixed', 'partly', 'not']);

/** One item of the notice, beside the unit's latest answer to it. */
export const RectificationItem = z.object({
  code: z.string(),
  title: z.string(),
  max: z.number(),
  /** The pre-check (panel) score; null for a compliance item (see `met`). */
  score: z.number().nullable(),
  compliance: z.boolean(),
  met: z.boolean().optional(),
  problem: z.string(),
  suggestion: z.string(),
  answer: z
    .object({ status: Status, statusText: z.string(), done: z.string(), evidence: z.array(z.string()) })
    .optional(),
});

/**
 * GET /rounds/{round}/rectification?unit= — a unit's notice and its latest answer. `issued` is false
 * while only an admin may see it (the pre-check not closed, or no deadline yet).
 */
export const RectificationAnswer = z.object({
  round: z.string(),
  unit: z.string(),
  unitName: z.string(),
  issued: z.boolean(),
  deadline: z.string().nullable(),
  items: z.array(RectificationItem),
  answered: z
    .object({
      uploadId: z.string(),
      receivedAt: z.string(),
      late: z.boolean(),
      warnings: z.array(z.object({ code: z.string(), item: z.string().nullable(), message: z.string() })),
    })
    .nullable(),
});

export type RectificationRequest = z.input<typeof RectificationRequest>;
export type RectificationAnswer = z.infer<typeof RectificationAnswer>;

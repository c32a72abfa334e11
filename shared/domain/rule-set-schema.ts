import * as z from 'zod';

/** A bilingual text: Chinese is required, English falls back to Chinese when missing. */
export const Text = z.union([
  z.string().min(1),
  z.object({ zh: z.string().min(1), en: z.string().min(1).optional() }).strict(),
]);
export type Text = z.infer<typeof Text>;

const points = z.number().finite().nonnegative();

/** One clause of a checklist item: met or not, worth its points. */
export const Clause = z.object({ title: Text, points: points }).strict();

/** One kind of finding of a deduction item, deducted per occurrence. */
export const Deduction = z
  .object({
    title: Text,
    points: z.number().finite().positive(),
    maxCount: z.number().int().positive().optional(),
  })
  .strict();

/**
 * A band of a scale item: a measured value `min <= v < max` (the last band may omit `max`) earns
 * `points`, or, given as `[from, to]`, points interpolated linearly across the band.
 */
export const Band = z
  .object({
    min: z.number().finite(),
    max: z.number().finite().optional(),
    points: z.union([points, z.tuple([points, points])]),
  })
  .strict();
export type Band = z.infer<typeof Band>;

/** How a leaf item is scored; every method seen in real municipal rubrics. */
export const Method = z.discriminatedUnion('type', [
  z.object({ type: z.literal('direct'), step: z.number().positive().default(0.5) }).strict(),
  z.object({ type: z.literal('checklist'), clauses: z.array(Clause).min(1).max(12) }).strict(),
  z.object({ type: z.literal('deduction'), deductions: z.array(Deduction).min(1).max(12) }).strict(),
  z
    .object({
      type: z.literal('scale'),
      input: z
        .object({
          unit: z.enum(['percent', 'count']),
          min: z.number().finite().default(0),
          max: z.number().finite().optional(),
        })
        .strict(),
      bands: z.array(Band).min(1),
    })
    .strict(),
  z
    .object({
      type: z.literal('spotcheck'),
      /** How many subordinates' spot-check sheets the item needs. */
      sheets: z.number().int().positive().default(2),
    })
    .strict(),
]);
export type Method = z.infer<typeof Method>;

/** A veto (一票否决) condition: when the assessor answers yes, the unit fails whatever its total. */
export const Veto = z.object({ condition: Text }).strict();

export interface NodeInput {
  code: string;
  title: Text;
  maxPoints: number;
  method?: Method | undefined;
  key?: boolean | undefined;
  veto?: z.infer<typeof Veto> | undefined;
  naAllowed?: boolean | undefined;
  guidance?: Text | undefined;
  children?: NodeInput[] | undefined;
}

const code = z
  .string()
  .regex(/^[0-9A-Za-z][0-9A-Za-z.\-_]{0,23}$/, 'codes are 1-24 letters, digits, dots, dashes');

/** A node of the rubric tree: a category, a group of items, or a scored leaf (with a method). */
export const Node: z.ZodType<NodeInput> = z.lazy(() =>
  z
    .object({
      code,
      title: Text,
      maxPoints: z.number().finite().positive(),
      method: Method.optional(),
      key: z.boolean().optional(),
      veto: Veto.optional(),
      naAllowed: z.boolean().optional(),
      guidance: Text.optional(),
      children: z.array(Node).min(1).optional(),
    })
    .strict(),
);

/** A grade (合格/优秀...) and what a result needs to reach it; grades are tried in order. */
export const Grade = z
  .object({
    code: z.string().regex(/^[a-z][a-z0-9-]*$/),
    label: Text,
    minTotal: z.number().finite().nonnegative(),
    minCategoryRatio: z.number().min(0).max(1).optional(),
    keyItemsFull: z.boolean().optional(),
    passes: z.boolean().default(true),
  })
  .strict();

export const GradePolicy = z
  .object({
    grades: z.array(Grade).min(1),
    fallback: z.object({ code: z.string(), label: Text }).strict(),
  })
  .strict();

/** A complete rule set (测评细则). */
export const RuleSetFile = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/),
    version: z.number().int().positive(),
    title: Text,
    scale: z.number().positive().default(100),
    grading: GradePolicy,
    categories: z.array(Node).min(1),
  })
  .strict();
export type RuleSetFile = z.infer<typeof RuleSetFile>;

/** A district refinement (e.g. Dongcheng's 量化拆分) applied on top of a base rule set. */
export const OverlayFile = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/),
    version: z.number().int().positive(),
    title: Text,
    extends: z.string().regex(/^[a-z0-9][a-z0-9-]*$/),
    /** Split a leaf into quantified parts; the parts replace its method and must sum to it. */
    splits: z.array(z.object({ code, children: z.array(Node).min(2) }).strict()).default([]),
    /** Change points, titles or flags of existing nodes. */
    patches: z
      .array(
        z
          .object({
            code,
            title: Text.optional(),
            maxPoints: z.number().positive().optional(),
            method: Method.optional(),
            key: z.boolean().optional(),
            naAllowed: z.boolean().optional(),
            guidance: Text.optional(),
          })
          .strict(),
      )
      .default([]),
    grading: GradePolicy.optional(),
  })
  .strict();
export type OverlayFile = z.infer<typeof OverlayFile>;

/** Either a full rule set or an overlay; overlays are told apart by `extends`. */
export const AnyRuleFile = z.union([OverlayFile, RuleSetFile]);

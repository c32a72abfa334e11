import * as z from 'zod';

/** A bilingual text: Chinese is required, English falls back to Chinese when missing. */
export const Text = z.union([
  z.string().min(1),
  z.object({ zh: z.string().min(1), en: z.string().min(1).optional() }).strict(),
]);
export type Text = z.infer<typeof Text>;

const points = z.number().finite().nonnegative();

/** Grade codes an item counts toward (the `*` items of a rubric count only toward some grades). */
const CountsFor = z.array(z.string().regex(/^[a-z][a-z0-9-]*$/)).min(1);

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
 * How a band turns a value into points: a number (fixed points), `[from, to]` (linear: `from` at the
 * band's min, `to` at its max), `{ formula: 'rate' }` (the value as a percentage of `of` points,
 * default the item's: 97% of 3 points = 2.91). `'proportional'` ("按比例") is accepted by the schema
 * only so that rule validation can say which formula to write instead: it never scores.
 */
export const BandPoints = z.union([
  points,
  z.tuple([points, points]),
  z.object({ formula: z.literal('rate'), of: points.optional() }).strict(),
  z.literal('proportional'),
]);
export type BandPoints = z.infer<typeof BandPoints>;

/**
 * A band of a scale item: a measured value between `min` and `max` earns `points`. Which side a value
 * exactly on an edge falls is explicit: `includeMin` (default true) and `includeMax` (default false;
 * for the last band true), so the default is `min <= v < max` and the last band `min <= v <= max` (or
 * open-ended without `max`).
 */
export const Band = z
  .object({
    min: z.number().finite(),
    max: z.number().finite().optional(),
    includeMin: z.boolean().optional(),
    includeMax: z.boolean().optional(),
    points: BandPoints,
  })
  .strict();
export type Band = z.infer<typeof Band>;

/** One part of a per-defect item, with its own points and the floor it is never scored below. */
export const Part = z
  .object({ title: Text, points: z.number().finite().positive(), floor: points.default(0) })
  .strict();

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
  /** A checklist item judged 符合 / 不符合 / 不适用: met earns the item's points, not met none. */
  z.object({ type: z.literal('compliance') }).strict(),
  /**
   * "每项计1分": `each` points per thing present, up to the item's points; over the listed `things`
   * (one tick each) or, without a list, a count entered.
   */
  z
    .object({
      type: z.literal('count'),
      each: z.number().finite().positive(),
      things: z.array(Text).min(1).max(12).optional(),
    })
    .strict(),
  /**
   * "抽查12项,每项计2分": the assessor records each sampled entry (passed or not, with its reference);
   * `each` points per entry passed. When fewer than `size` could be sampled, `whenShort` says how:
   * `rescale` (the item's points × passed / checked, the default) or `as-is` (`each` × passed).
   */
  z
    .object({
      type: z.literal('sampling'),
      size: z.number().int().positive().max(20),
      each: z.number().finite().positive(),
      whenShort: z.enum(['rescale', 'as-is']).default('rescale'),
    })
    .strict(),
  /**
   * "每发现一处扣0.1分,每类扣完为止": one item in parts (e.g. per 档案门类), each with its points and floor;
   * `per` points off a part for each defect found in it, never below the part's floor.
   */
  z
    .object({
      type: z.literal('defects'),
      per: z.number().finite().positive(),
      parts: z.array(Part).min(1).max(12),
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
  /** A bonus category (加分项): outside the scale, its score added to the total up to `cap`. */
  bonus?: { cap: number } | undefined;
  /** The grades an item counts toward (e.g. `*` items: only the top ones); omitted: every grade. */
  countsFor?: string[] | undefined;
  /** How the item is verified (核查方式), shown in its own template column. */
  verify?: Text | undefined;
  /** The evidence it is checked against; the template then asks for its reference (见证材料编号). */
  evidence?: Text | undefined;
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
      bonus: z.object({ cap: z.number().finite().positive() }).strict().optional(),
      countsFor: CountsFor.optional(),
      verify: Text.optional(),
      evidence: Text.optional(),
      children: z.array(Node).min(1).optional(),
    })
    .strict(),
);

/**
 * What a grade requires of named items: `{ met: code }` (full marks: 符合 for a compliance item; an
 * item not applicable does not hold a grade back), all of a list, or any one of a list. E.g. "item
 * 23 and one of 61 or 62": `{ all: [{ met: '23' }, { any: [{ met: '61' }, { met: '62' }] }] }`.
 */
export type Requirement = { met: string } | { all: Requirement[] } | { any: Requirement[] };
export const Requirement: z.ZodType<Requirement> = z.lazy(() =>
  z.union([
    z.object({ met: code }).strict(),
    z.object({ all: z.array(Requirement).min(1) }).strict(),
    z.object({ any: z.array(Requirement).min(1) }).strict(),
  ]),
);

/**
 * A grade (合格/优秀, 一级/二级...) and what a result needs to reach it; grades are tried in order,
 * highest first. `minTotal` is on the total, `minShare` on the share (percent) of applicable
 * compliance items met; a value exactly on the minimum reaches it unless `includeMin` is false.
 * `maxTotal` / `maxShare` (with `includeMax`, default false) may restate the upper edge as published
 * ("良好 70–80%"): rule validation then checks it meets the grade above without gap or overlap.
 */
export const Grade = z
  .object({
    code: z.string().regex(/^[a-z][a-z0-9-]*$/),
    label: Text,
    minTotal: z.number().finite().nonnegative().default(0),
    minShare: z.number().min(0).max(100).optional(),
    includeMin: z.boolean().optional(),
    maxTotal: z.number().finite().nonnegative().optional(),
    maxShare: z.number().min(0).max(100).optional(),
    includeMax: z.boolean().optional(),
    minCategoryRatio: z.number().min(0).max(1).optional(),
    /** Every applicable item must reach this share of its own points. */
    minItemRatio: z.number().min(0).max(1).optional(),
    keyItemsFull: z.boolean().optional(),
    /** Named items that cap the grade: unless these hold, the result cannot have this grade. */
    requires: z.array(Requirement).min(1).optional(),
    passes: z.boolean().default(true),
  })
  .strict();

/** A fact that fails the unit outright (no self-check submitted, site check refused, an incident). */
export const FailFact = z.object({ code, title: Text }).strict();

export const GradePolicy = z
  .object({
    grades: z.array(Grade).min(1),
    fallback: z.object({ code: z.string(), label: Text }).strict(),
    facts: z.array(FailFact).optional(),
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
            countsFor: CountsFor.optional(),
            verify: Text.optional(),
            evidence: Text.optional(),
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

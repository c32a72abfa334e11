import { SHEET_NAMES } from '../domain/layout.ts';
import type { Layout, Phase } from '../domain/layout.ts';
import type { RuleSet } from '../domain/rule-set.ts';
import { sampleInputs } from '../domain/sample.ts';
import type { SheetMeta } from '../domain/sheet-meta.ts';
import type { Lang } from '../domain/text.ts';
import { fillCells, toBytes } from '../excel/fill-workbook.ts';
import { buildTemplate } from '../excel/template-writer.ts';
import type { RectCheck } from '../excel/rectification-check-sheet.ts';

/** What to make a template or sample for. */
export interface TemplateSpec {
  phase: Phase;
  unit?: string | undefined;
  assessor?: string | undefined;
  lang: Lang;
  /** Generation time; a clock port so tests and samples are reproducible. */
  now: () => Date;
  /** A formal template's 整改核查 sheet (the unit's rectification notice and answer). */
  rectification?: RectCheck | undefined;
}

/** A generated workbook and what it was made from. */
export interface MadeWorkbook {
  bytes: Uint8Array;
  layout: Layout;
  meta: SheetMeta;
}

/** Generates an empty score template as .xlsx bytes. */
export async function makeTemplate(rs: RuleSet, spec: TemplateSpec): Promise<MadeWorkbook> {
  const { workbook, layout, meta } = buildTemplate(rs, { ...spec, generatedAt: spec.now().toISOString() });
  return { bytes: await toBytes(workbook), layout, meta };
}

/** Generates a plausibly filled sheet (deterministic per seed) as .xlsx bytes. */
export async function makeSample(
  rs: RuleSet,
  spec: TemplateSpec & { seed: number; lossRate?: number | undefined; noSubordinates?: boolean | undefined },
  edit?: (values: Map<string, string | number>, layout: Layout) => void,
): Promise<MadeWorkbook> {
  const { workbook, layout, meta } = buildTemplate(rs, { ...spec, generatedAt: spec.now().toISOString() });
  const values = sampleInputs(layout, spec);
  edit?.(values, layout);
  fillCells(workbook.getWorksheet(SHEET_NAMES.scores[spec.lang])!, values);
  return { bytes: await toBytes(workbook), layout, meta };
}

import { error, hasErrors, warning, type Issue } from '../domain/issues.ts';
import { layoutFor, SHEET_NAMES, TEMPLATE_VERSION, addr, type Layout } from '../domain/layout.ts';
import { readInputs } from '../domain/read-inputs.ts';
import type { RuleSet } from '../domain/rule-set.ts';
import { scoreSheet, type ScoreContext, type SheetInputs, type SheetScore } from '../domain/scoring.ts';
import { parseMeta, type SheetMeta } from '../domain/sheet-meta.ts';
import { round2 } from '../domain/stats.ts';
import { verifyStructure } from '../domain/verify-structure.ts';
import { DEFAULT_LIMITS, openWorkbookParts, type WorkbookLimits } from '../excel/open-workbook.ts';
import { readWorkbookParts } from '../excel/score-sheet-reader.ts';
import { isRubricWorkbookParts } from '../excel/rubric-sniff.ts';
import type { LoadedWorkbook, SheetView } from '../excel/sheet-view.ts';

/** Where checks find rule sets: by id and the version a sheet names (files have one version each). */
export interface RuleSetSource {
  get(id: string, version?: number): RuleSet | undefined | Promise<RuleSet | undefined>;
}

/** The outcome of checking one filled sheet. */
export interface CheckResult {
  valid: boolean;
  meta: SheetMeta | null;
  ruleSet: RuleSet | null;
  layout: Layout | null;
  /** The score sheet's actual name in the workbook. */
  scoreSheetName: string | null;
  inputs: SheetInputs | null;
  score: SheetScore | null;
  issues: Issue[];
}

/** Options for a check. */
export interface CheckOptions extends ScoreContext {
  rules: RuleSetSource;
  /** The uploaded file's name, used in messages about the file as a whole. */
  fileName: string;
  limits?: WorkbookLimits | undefined;
}

const fail = (issues: Issue[], extra: Partial<CheckResult> = {}): CheckResult => ({
  valid: false,
  meta: null,
  ruleSet: null,
  layout: null,
  scoreSheetName: null,
  inputs: null,
  score: null,
  issues,
  ...extra,
});

/**
 * Checks a filled score sheet: refuses what is not a plain cepin template, matches it to its rule
 * set, verifies its structure, reads every input and recomputes the score from the inputs alone.
 * Never throws for bad input; every problem is an issue with sheet, cell and item.
 */
export async function checkSheet(bytes: Uint8Array, opts: CheckOptions): Promise<CheckResult> {
  const zip = openWorkbookParts(bytes, opts.fileName, opts.limits ?? DEFAULT_LIMITS);
  if (!zip.parts) return fail(zip.issues);
  let wb: LoadedWorkbook;
  try {
    wb = readWorkbookParts(zip.parts);
  } catch (e) {
    const detail = e instanceof Error ? e.message.slice(0, 200) : String(e);
    return fail([error('file.corrupt', { sheet: opts.fileName }, { detail })]);
  }
  if (!wb.meta) {
    // A rubric workbook where a score sheet belongs: say so, rather than "not a template".
    if (isRubricWorkbookParts(zip.parts)) return fail([error('upload.is-rubric', { sheet: opts.fileName })]);
    return fail([error('sheet.not-template', { sheet: opts.fileName })]);
  }
  const parsed = parseMeta(wb.meta, SHEET_NAMES.meta);
  if (!parsed.meta) return fail(parsed.issues);
  const meta = parsed.meta;
  if (meta.templateVersion !== TEMPLATE_VERSION) {
    return fail(
      [
        error(
          'sheet.template-version',
          { sheet: SHEET_NAMES.meta },
          { version: meta.templateVersion, current: TEMPLATE_VERSION },
        ),
      ],
      { meta },
    );
  }
  // The version the sheet names; failing that the newest, to say how the sheet differs from it.
  const rs = (await opts.rules.get(meta.ruleSet, meta.ruleVersion)) ?? (await opts.rules.get(meta.ruleSet));
  if (!rs)
    return fail([error('sheet.rules-unknown', { sheet: SHEET_NAMES.meta }, { id: meta.ruleSet })], { meta });
  if (rs.fingerprint !== meta.fingerprint) {
    const params = {
      id: rs.id,
      version: meta.ruleVersion,
      current: rs.version,
      fingerprint: meta.fingerprint.slice(0, 12),
      currentFingerprint: rs.fingerprint.slice(0, 12),
    };
    const code = meta.ruleVersion < rs.version ? 'sheet.rules-older' : 'sheet.rules-different';
    return fail([error(code, { sheet: SHEET_NAMES.meta }, params)], { meta });
  }
  const layout = layoutFor(rs, meta.phase);
  const issues: Issue[] = [];
  const found = findScoreSheet(wb, layout, meta, issues);
  if (!found) return fail(issues, { meta, ruleSet: rs, layout });
  issues.push(...verifyStructure(layout, found, found.name, meta.lang));
  if (hasErrors(issues)) return fail(issues, { meta, ruleSet: rs, layout, scoreSheetName: found.name });
  const read = readInputs(layout, (a) => found.cell(a), found.name);
  if (read.filled === 0) {
    return fail([...issues, error('sheet.empty', { sheet: found.name })], {
      meta,
      ruleSet: rs,
      layout,
      scoreSheetName: found.name,
    });
  }
  issues.push(...read.issues);
  const score = scoreSheet(rs, read.inputs, opts);
  issues.push(...afterScoring(score, layout, found.name));
  return {
    valid: !hasErrors(issues),
    meta,
    ruleSet: rs,
    layout,
    scoreSheetName: found.name,
    inputs: read.inputs,
    score: hasErrors(issues) ? null : score,
    issues,
  };
}

function findScoreSheet(
  wb: LoadedWorkbook,
  layout: Layout,
  meta: SheetMeta,
  issues: Issue[],
): SheetView | undefined {
  const expected = SHEET_NAMES.scores[meta.lang];
  const direct = wb.sheet(expected);
  if (direct) return direct;
  const firstCode = layout.rows[0]?.node.code;
  const candidates = wb.sheetNames
    .filter((n) => n !== SHEET_NAMES.meta)
    .map((n) => wb.sheet(n)!)
    .filter((s) => {
      const c = s.cell(addr(layout.firstRow, layout.cols.code));
      return c.type === 'text' && c.value.trim() === firstCode;
    });
  if (candidates.length === 1) {
    issues.push(
      warning('sheet.renamed', { sheet: candidates[0]!.name }, { expected, found: candidates[0]!.name }),
    );
    return candidates[0];
  }
  issues.push(
    error(
      'sheet.missing',
      { sheet: expected },
      { expected, found: wb.sheetNames.filter((n) => n !== SHEET_NAMES.meta).join(', ') },
    ),
  );
  return undefined;
}

function afterScoring(score: SheetScore, layout: Layout, sheet: string): Issue[] {
  const issues: Issue[] = [];
  for (const item of score.items) {
    const row = layout.byCode.get(item.code)!;
    if (item.pending) {
      issues.push(
        warning(
          'sheet.derived-pending',
          { sheet, cell: addr(row.row, layout.cols.score), item: item.code },
          { item: item.code },
        ),
      );
    } else if (!item.na && item.score !== null && item.score < item.max && !item.problem) {
      issues.push(
        warning(
          'item.loss-without-problem',
          { sheet, cell: addr(row.row, layout.cols.problem), item: item.code },
          { lost: round2(item.max - item.score) },
        ),
      );
    }
  }
  return issues;
}

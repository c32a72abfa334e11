import type { Issue } from './issues.ts';
import { locateIssues } from './rubric-locate.ts';
import type { RubricParse } from './rubric-read.ts';
import { resolveRuleSet, type BaseLoader, type RuleSetResult } from './rule-set.ts';
import type { OverlayFile, RuleSetFile } from './rule-set-schema.ts';
import { hasErrors } from './issues.ts';

/**
 * What reading a rubric workbook gives: the rule file (it passes the schema; a full rule set also
 * adds up), the problems found (warnings only when ok), and `locate`, which points problems found
 * later in the file (resolving an overlay against its base) at the workbook's cells. Not ok: every
 * problem, each with its sheet, cell and item.
 */
export type RubricRead =
  | {
      ok: true;
      file: RuleSetFile | OverlayFile;
      extends?: string;
      /** False when the workbook left 版本 blank: `file.version` is then 1, and an upload takes the next free one. */
      versionGiven: boolean;
      issues: Issue[];
      /** Sheet and cell for issues with a path; `parentOf` (code → parent in the base) helps overlays. */
      locate: (issues: Issue[], parentOf?: ReadonlyMap<string, string>) => Issue[];
    }
  | { ok: false; issues: Issue[] };

/** The read of a parsed workbook: ok when nothing in it is an error. */
export function rubricRead(parse: RubricParse): RubricRead {
  if (hasErrors(parse.issues)) return { ok: false, issues: parse.issues };
  const locate = (issues: Issue[], parentOf?: ReadonlyMap<string, string>) =>
    locateIssues(parse.index, issues, parentOf);
  // The file is exactly what the cells said (optional fields only where a cell was filled in), and
  // it passed the schema, so it is the rule file the workbook describes.
  const file = parse.file as unknown as RuleSetFile | OverlayFile;
  const base = parse.overlay ? { extends: String(parse.file.extends) } : {};
  return { ok: true, file, ...base, versionGiven: parse.versionGiven, issues: parse.issues, locate };
}

/**
 * Resolves a read rubric workbook (an overlay against its base, loaded by `loadBase`) and points
 * every problem at its cell: the rule set with its fingerprint, or every problem found.
 */
export function resolveRubric(read: Extract<RubricRead, { ok: true }>, loadBase: BaseLoader): RuleSetResult {
  const r = resolveRuleSet(read.file, loadBase);
  if (r.ok) return { ...r, issues: [...read.issues, ...read.locate(r.issues)] };
  let parentOf: Map<string, string> | undefined;
  if (read.extends !== undefined) {
    try {
      const base = resolveRuleSet(loadBase(read.extends), loadBase);
      if (base.ok)
        parentOf = new Map(
          base.ruleSet.nodes.flatMap((n) => (n.parent ? [[n.code, n.parent] as const] : [])),
        );
    } catch {
      // No base: the resolve issues already say so.
    }
  }
  return { ok: false, issues: read.locate(r.issues, parentOf) };
}

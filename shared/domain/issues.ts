/** Severity of a problem: errors reject a sheet or rule set, warnings are told but accepted. */
export type Severity = 'error' | 'warning';

/** Parameters substituted into a catalogue message. */
export type IssueParams = Record<string, string | number>;

/**
 * An expected problem found in a rule set or a filled sheet, as data: a stable `code` from the
 * message catalogue, where it is (sheet, cell, rubric item, or a path into a rule file) and the
 * values its message needs. Formatting into zh/en text happens in `messages.ts`.
 */
export interface Issue {
  code: string;
  severity: Severity;
  sheet?: string | undefined;
  cell?: string | undefined;
  item?: string | undefined;
  path?: string | undefined;
  params: IssueParams;
}

/** Builds an error issue. */
export function error(
  code: string,
  where: Omit<Issue, 'code' | 'severity' | 'params'>,
  params: IssueParams = {},
): Issue {
  return { code, severity: 'error', ...where, params };
}

/** Builds a warning issue. */
export function warning(
  code: string,
  where: Omit<Issue, 'code' | 'severity' | 'params'>,
  params: IssueParams = {},
): Issue {
  return { code, severity: 'warning', ...where, params };
}

/** True when any issue is an error. */
export function hasErrors(issues: readonly Issue[]): boolean {
  return issues.some((i) => i.severity === 'error');
}

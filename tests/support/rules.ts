import { RuleSetFiles } from '../../shared/adapters/rule-set-files.ts';
import type { RuleSet } from '../../shared/domain/rule-set.ts';
import { fileRubrics } from '../../shared/use-cases/rubrics.ts';

/** The shipped rule sets, loaded once per test file. */
export const shippedRules = new RuleSetFiles();

/** The sample municipal rule set (38 items). */
export const municipal = (): RuleSet => shippedRules.require('municipal-sample');

/** The Dongcheng overlay (quantitative split of 2.1.1 and 2.2.1). */
export const dongcheng = (): RuleSet => shippedRules.require('dongcheng-sample');

/** A fixed clock, so generated workbooks are reproducible. */
export const fixedNow = () => new Date('2026-01-01T00:00:00Z');

/** The shipped rule sets as the district's stored rubrics (one version each), for deps of the API and ingest. */
export const shippedRubrics = fileRubrics(shippedRules);

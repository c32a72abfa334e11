import { readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { resolveRuleSet, type RuleSet, type RuleSetResult } from '../domain/rule-set.ts';

/** The rule sets shipped with cepin: `templates/rules/` at the project root. */
export const DEFAULT_RULES_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../templates/rules');

/** Thrown when a rule set id names no file, or its file does not validate. */
export class RuleSetNotFoundError extends Error {
  override name = 'RuleSetNotFoundError';
  constructor(
    readonly id: string,
    readonly available: string[],
  ) {
    super(`rule set "${id}" not found; available: ${available.join(', ') || '(none)'}`);
  }
}

/** Reads rule sets from a folder of `<id>.json` files, resolving overlays, caching each result. */
export class RuleSetFiles {
  private readonly cache = new Map<string, RuleSetResult>();

  constructor(readonly dir: string = DEFAULT_RULES_DIR) {}

  /** The ids of the rule files in the folder. */
  ids(): string[] {
    try {
      return readdirSync(this.dir)
        .filter((f) => extname(f) === '.json')
        .map((f) => basename(f, '.json'))
        .sort();
    } catch {
      return [];
    }
  }

  /** Validates and resolves a rule set by id; the result carries every issue found. */
  load(id: string): RuleSetResult {
    const cached = this.cache.get(id);
    if (cached) return cached;
    const result = resolveRuleSet(this.readRaw(id), (base) => this.readRaw(base));
    this.cache.set(id, result);
    return result;
  }

  /** A valid rule set by id, or undefined when there is none. */
  get(id: string): RuleSet | undefined {
    if (!this.ids().includes(id)) return undefined;
    const r = this.load(id);
    return r.ok ? r.ruleSet : undefined;
  }

  /** A valid rule set by id; throws RuleSetNotFoundError otherwise. */
  require(id: string): RuleSet {
    const rs = this.get(id);
    if (!rs) throw new RuleSetNotFoundError(id, this.ids());
    return rs;
  }

  private readRaw(id: string): unknown {
    if (!/^[a-z0-9][a-z0-9-]*$/.test(id)) throw new RuleSetNotFoundError(id, this.ids());
    return JSON.parse(readFileSync(join(this.dir, `${id}.json`), 'utf8')) as unknown;
  }
}

/** Validates a rule file anywhere on disk; overlays resolve their base from `dir`. */
export function checkRuleFile(path: string, dir: string = DEFAULT_RULES_DIR): RuleSetResult {
  const files = new RuleSetFiles(dir);
  const raw = JSON.parse(readFileSync(path, 'utf8')) as unknown;
  return resolveRuleSet(
    raw,
    (base) => JSON.parse(readFileSync(join(files.dir, `${base}.json`), 'utf8')) as unknown,
  );
}

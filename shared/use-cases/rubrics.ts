import { resolveRuleSet, toInput, type RuleSet } from '../domain/rule-set.ts';
import type { RuleSetFile } from '../domain/rule-set-schema.ts';
import type { RuleSetSource } from './check-sheet.ts';
import type { RubricVersion, Store } from './ports.ts';

/**
 * The district's rubrics (测评细则) as the functions see them: immutable stored versions, each read
 * once per container and kept (a version never changes), the samples shipped with cepin seeded into
 * a district's store the first time a listing, a newest version or a missing version is asked for
 * (a round's pinned version is one GetItem, no listing: the documents function only ever does that).
 */
export interface Rubrics extends RuleSetSource {
  /** A version exactly; without `version`, the newest stored version of `id`. */
  get(id: string, version?: number): Promise<RuleSet | undefined>;
  /** Every stored version, by id then version. */
  versions(): Promise<RubricVersion[]>;
  /** One stored version's record (source, who, when). */
  version(id: string, version: number): Promise<RubricVersion | undefined>;
}

/** A resolved rule set as a full rule file: what is stored (an overlay applied to its base). */
export function flatten(rs: RuleSet): RuleSetFile {
  return {
    id: rs.id,
    version: rs.version,
    title: rs.title,
    scale: rs.scale,
    grading: rs.grading,
    categories: rs.categories.map(toInput),
  };
}

/** A stored version resolved; its fingerprint is the one it was stored with (checked). */
function resolveStored(v: RubricVersion): RuleSet {
  const r = resolveRuleSet(v.file, () => {
    throw new Error('a stored rubric has no base to resolve');
  });
  if (!r.ok || r.ruleSet.fingerprint !== v.fingerprint)
    throw new Error(`stored rubric ${v.id} v${v.version} does not resolve to its fingerprint`);
  return { ...r.ruleSet, id: v.id, version: v.version, base: v.base };
}

/** A shipped sample as the version it is seeded as. */
export function sampleVersion(rs: RuleSet, at: string): RubricVersion {
  return {
    id: rs.id,
    version: rs.version,
    fingerprint: rs.fingerprint,
    title: rs.title,
    base: rs.base,
    origin: 'sample',
    createdAt: at,
    createdBy: 'cepin',
    file: flatten(rs),
  };
}

/** Rubrics in the district's store, cached per container; `samples` are seeded when missing. */
export class StoredRubrics implements Rubrics {
  private readonly cache = new Map<string, RuleSet>();
  private seeding: Promise<void> | undefined;
  private seeded = false;

  constructor(
    private readonly store: Store,
    private readonly samples: () => RuleSet[],
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Once per container: list what is stored (caching it) and seed the samples not stored yet. */
  private ready(): Promise<void> {
    this.seeding ??= (async () => {
      const stored = await this.list();
      const have = new Set(stored.map((v) => `${v.id}@${v.version}`));
      for (const rs of this.samples()) {
        if (have.has(`${rs.id}@${rs.version}`)) continue;
        const v = sampleVersion(rs, this.now().toISOString());
        await this.store.putRubric(v);
        this.cache.set(`${v.id}@${v.version}`, resolveStored(v));
      }
      this.seeded = true;
    })().catch((e: unknown) => {
      this.seeding = undefined;
      throw e;
    });
    return this.seeding;
  }

  private async list(): Promise<RubricVersion[]> {
    const all = await this.store.listRubrics();
    for (const v of all) {
      const key = `${v.id}@${v.version}`;
      if (!this.cache.has(key)) this.cache.set(key, resolveStored(v));
    }
    return all;
  }

  async get(id: string, version?: number): Promise<RuleSet | undefined> {
    if (version === undefined) {
      await this.ready();
      const newest = (await this.list()).filter((v) => v.id === id).at(-1);
      return newest && this.get(id, newest.version);
    }
    const key = `${id}@${version}`;
    const cached = this.cache.get(key);
    if (cached) return cached;
    // One GetItem; only when the version is missing may the district still need its samples seeded.
    let v = await this.store.getRubric(id, version);
    if (!v && !this.seeded) {
      await this.ready();
      v = await this.store.getRubric(id, version);
    }
    if (!v) return undefined;
    const rs = resolveStored(v);
    this.cache.set(key, rs);
    return rs;
  }

  async versions(): Promise<RubricVersion[]> {
    await this.ready();
    return this.list();
  }

  async version(id: string, version: number): Promise<RubricVersion | undefined> {
    return (
      (await this.store.getRubric(id, version)) ??
      (this.seeded ? undefined : (await this.ready(), this.store.getRubric(id, version)))
    );
  }
}

/** Rubrics from rule files (tests and the offline CLI): each file is one version. */
export function fileRubrics(files: RuleSetSource & { ids(): string[] }): Rubrics {
  const all = () =>
    files
      .ids()
      .map((id) => files.get(id))
      .filter((rs): rs is RuleSet => rs !== undefined && !(rs instanceof Promise));
  return {
    get: async (id, version) => all().find((rs) => rs.id === id && (version ?? rs.version) === rs.version),
    versions: async () => all().map((rs) => sampleVersion(rs, '1970-01-01T00:00:00.000Z')),
    version: async (id, version) =>
      all()
        .filter((rs) => rs.id === id && rs.version === version)
        .map((rs) => sampleVersion(rs, '1970-01-01T00:00:00.000Z'))[0],
  };
}

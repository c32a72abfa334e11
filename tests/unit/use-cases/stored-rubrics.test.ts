import { describe, expect, it } from 'vitest';
import type { PutRubricOutcome, RubricVersion, Store } from '../../../shared/use-cases/ports.ts';
import { flatten, sampleVersion, StoredRubrics } from '../../../shared/use-cases/rubrics.ts';
import { municipal, shippedRules } from '../../support/rules.ts';

/**
 * The rubric part of the Store port, in memory with the conditions DynamoStore enforces (one item
 * per id+version and per id+fingerprint), counting every call: what the catalogue costs per
 * container. DynamoStore itself is exercised in tests/integration/rubric-store.test.ts.
 */
function memoryStore() {
  const versions = new Map<string, RubricVersion>();
  const calls = { list: 0, get: 0, put: 0 };
  const store = {
    async putRubric(v: RubricVersion): Promise<PutRubricOutcome> {
      calls.put++;
      const same = [...versions.values()].find((x) => x.id === v.id && x.fingerprint === v.fingerprint);
      if (same) return { outcome: 'duplicate', version: same.version };
      if (versions.has(`${v.id}@${v.version}`)) return { outcome: 'version-taken' };
      versions.set(`${v.id}@${v.version}`, structuredClone(v));
      return { outcome: 'created' };
    },
    async getRubric(id: string, version: number) {
      calls.get++;
      return structuredClone(versions.get(`${id}@${version}`));
    },
    async listRubrics() {
      calls.list++;
      return [...versions.values()].map((v) => structuredClone(v));
    },
  };
  return { store: store as unknown as Store, versions, calls };
}

const samples = () => shippedRules.ids().map((id) => shippedRules.require(id));

describe('the district rubric catalogue', () => {
  it('seeds the three shipped samples once, as version 1 with their own fingerprints', async () => {
    const m = memoryStore();
    const a = new StoredRubrics(m.store, samples);
    const listed = await a.versions();
    expect(listed.map((v) => `${v.id}@${v.version}:${v.origin}`).sort()).toEqual([
      'dongcheng-sample@1:sample',
      'municipal-sample@1:sample',
      'national-checklist-sample@1:sample',
    ]);
    expect(m.calls.put).toBe(3);
    // A second container finds them stored and writes nothing.
    const b = new StoredRubrics(m.store, samples);
    await b.get('municipal-sample', 1);
    expect(m.calls.put).toBe(3);
    expect(m.versions.size).toBe(3);
  });

  it('reads a version once per container, however many requests ask for it', async () => {
    const m = memoryStore();
    await new StoredRubrics(m.store, samples).versions();
    const before = { ...m.calls };
    const container = new StoredRubrics(m.store, samples);
    for (let i = 0; i < 50; i++)
      expect((await container.get('municipal-sample', 1))?.id).toBe('municipal-sample');
    // A round's pinned version: one GetItem, no listing.
    expect(m.calls.list - before.list).toBe(0);
    expect(m.calls.get - before.get).toBe(1);
    // A version stored after the listing (another container's upload) costs one GetItem, then none.
    const v2 = { ...sampleVersion(municipal(), 'now'), version: 2, origin: 'upload' as const };
    m.versions.set('municipal-sample@2', v2);
    for (let i = 0; i < 20; i++) expect((await container.get('municipal-sample', 2))?.version).toBe(2);
    expect(m.calls.get - before.get).toBe(2);
  });

  it('keeps an existing round working: its rubric and version resolve to the fingerprint it was created with', async () => {
    // A round created before rubrics were stored pinned the shipped file: municipal-sample v1.
    const pinned = { rules: 'municipal-sample', ruleVersion: 1, fingerprint: municipal().fingerprint };
    const rs = await new StoredRubrics(memoryStore().store, samples).get(pinned.rules, pinned.ruleVersion);
    expect(rs?.fingerprint).toBe(pinned.fingerprint);
  });

  it('stores an overlay as its resolved rules, which resolve again to the same fingerprint', async () => {
    const dongcheng = shippedRules.require('dongcheng-sample');
    const flat = flatten(dongcheng);
    expect('extends' in flat).toBe(false);
    const m = memoryStore();
    const rs = await new StoredRubrics(m.store, samples).get('dongcheng-sample', 1);
    expect(rs?.fingerprint).toBe(dongcheng.fingerprint);
    expect(rs?.base).toEqual({ id: 'municipal-sample', version: 1 });
  });

  it('refuses a stored version whose content no longer matches its fingerprint (a tampered table)', async () => {
    const m = memoryStore();
    await new StoredRubrics(m.store, samples).versions();
    const v = m.versions.get('municipal-sample@1')!;
    v.file.categories[0]!.maxPoints += 1;
    v.file.categories[1]!.maxPoints -= 1;
    await expect(new StoredRubrics(m.store, samples).get('municipal-sample', 1)).rejects.toThrow(
      /does not resolve to its fingerprint/,
    );
  });

  it('answers the newest version when none is named, and nothing for an unknown id', async () => {
    const m = memoryStore();
    const c = new StoredRubrics(m.store, samples);
    await c.versions();
    m.versions.set('municipal-sample@4', { ...sampleVersion(municipal(), 'now'), version: 4 });
    expect((await c.get('municipal-sample'))?.version).toBe(4);
    expect(await c.get('no-such-rubric')).toBeUndefined();
    expect(await c.get('municipal-sample', 3)).toBeUndefined();
  });
});

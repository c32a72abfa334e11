import type { Person } from '../domain/people.ts';
import { personChanged, type RosterPerson } from '../domain/people-rules.ts';
import type { Store } from './ports.ts';

/**
 * Adds a new round's roster people to the directory, or updates those already there (role and ref
 * unchanged: checked before the round was stored), never touching a binding. Counts what it did.
 */
export async function addRosterPeople(
  store: Store,
  people: readonly RosterPerson[],
  directory: ReadonlyMap<string, Person>,
): Promise<{ added: number; updated: number; unchanged: number }> {
  const counts = { added: 0, updated: 0, unchanged: 0 };
  const writes: Person[] = [];
  for (const { person } of people) {
    const known = directory.get(person.login);
    if (known && !personChanged(known, person)) {
      counts.unchanged++;
      continue;
    }
    counts[known ? 'updated' : 'added']++;
    writes.push(person);
  }
  // A few at a time: a district's roster is tens to hundreds of people.
  for (let i = 0; i < writes.length; i += 10)
    await Promise.all(writes.slice(i, i + 10).map((p) => store.putPerson(p)));
  return counts;
}

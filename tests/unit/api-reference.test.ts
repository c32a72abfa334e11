import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ROUTES } from '../../shared/api/routes.ts';

/** docs/api.md is written by hand; the contract is the truth. Every route of it must be documented. */
describe('the API reference', () => {
  const reference = readFileSync('docs/api.md', 'utf8');
  /** The routes the reference's table documents: `METHOD /path?query` opening a table row, query dropped. */
  const documented = new Set(
    [...reference.matchAll(/^\| `(GET|POST|PUT|PATCH|DELETE) ([^`\s?]+)[^`]*`/gm)].map(
      (m) => `${m[1]} ${m[2]}`,
    ),
  );

  it.each(ROUTES.map((r) => [r]))('documents %s', (route) => {
    expect(documented.has(route)).toBe(true);
  });

  it('documents no route the contract does not have', () => {
    const known = new Set<string>(ROUTES);
    expect([...documented].filter((d) => !known.has(d))).toEqual([]);
  });
});

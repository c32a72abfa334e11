import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

/** The guides must stay true: every file a guide names as a rule's test or a place in the code exists. */
const GUIDES = [
  'README.md',
  'docs/guide-units-and-assessors.md',
  'docs/guide-district-admin.md',
  'docs/cli.md',
  'docs/api.md',
  'docs/deploy.md',
  'docs/deploy-china.md',
  'docs/limits.md',
  'docs/security.md',
  'docs/reliability.md',
  'docs/storage.md',
];

describe('the guides name only files that exist', () => {
  it.each(GUIDES.map((g) => [g]))('%s', (guide) => {
    const text = readFileSync(guide, 'utf8');
    const named = [
      ...text.matchAll(/`((?:tests|shared|infra|functions|web|bench|docs)\/[\w./-]+\.(?:ts|tsx|md|json))`/g),
    ].map((m) => m[1]!);
    const linked = [...text.matchAll(/\]\(((?:docs\/)?[\w./-]+\.md)\)/g)].map((m) =>
      guide.startsWith('docs/') && !m[1]!.startsWith('docs/') ? `docs/${m[1]}` : m[1]!,
    );
    const missing = [...new Set([...named, ...linked])].filter((f) => !existsSync(f));
    expect(missing).toEqual([]);
  });
});

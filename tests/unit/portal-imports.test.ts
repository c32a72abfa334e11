import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..', '..');

/** The modules a source file loads at run time: `import type` and `export type` are left out. */
function runtimeImports(file: string): string[] {
  const src = readFileSync(file, 'utf8');
  const out: string[] = [];
  for (const m of src.matchAll(/^(?:import|export)\s+(type\s+)?([^'";]*?)\s*from\s+'([^']+)'/gms)) {
    // `import type { A }`, or `import { type A, type B }`: erased, loads nothing.
    const typeOnly = m[1] !== undefined || /^\{\s*(type\s+\w+(\s+as\s+\w+)?\s*,?\s*)+\}$/s.test(m[2]!);
    if (!typeOnly) out.push(m[3]!);
  }
  for (const m of src.matchAll(/^import\s+'([^']+)'/gm)) out.push(m[1]!);
  return out;
}

/** Every module the portal's bundle can reach from its entry, and the packages among them. */
function portalGraph() {
  const files = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string) => {
    if (files.has(file)) return;
    files.add(file);
    for (const spec of runtimeImports(file)) {
      if (!spec.startsWith('.')) packages.add(spec);
      else if (/\.tsx?$/.test(spec)) visit(join(dirname(file), spec));
    }
  };
  visit(join(ROOT, 'web', 'src', 'main.tsx'));
  return { files: [...files].map((f) => f.slice(ROOT.length + 1)).sort(), packages: [...packages].sort() };
}

describe('the portal bundle', () => {
  it('loads only preact at run time: no zod, exceljs, AWS SDK or node: module, from the contract either', () => {
    const { files, packages } = portalGraph();
    // …and its words, one language per module, made at build time from the catalogue (web/catalogue-plugin.ts).
    expect(packages).toEqual([
      'preact',
      'preact/hooks',
      'virtual:cepin-catalogue/words',
      'virtual:cepin-catalogue/zh',
    ]);
    expect(files).toContain('shared/api/phases.ts'); // the contract's plain values are in it
    expect(files).not.toContain('shared/api/responses.ts'); // its schemas are not
    // Nor the catalogue module itself: both languages of every message would be in the first load.
    expect(files).not.toContain('shared/domain/messages.ts');
    expect(files).not.toContain('shared/domain/portal-messages.ts');
  });
});

describe("the portal's texts of a rule set", () => {
  it('show a title given in Chinese only in either language, and the English one in English', async () => {
    // Loaded by a path TypeScript does not follow: the portal's types bring the DOM's, not node's.
    const i18n = join(ROOT, 'web', 'src', 'i18n.ts');
    const { makeI18n } = (await import(i18n)) as {
      makeI18n: (lang: 'zh' | 'en') => { text: (t: string | { zh: string; en?: string }) => string };
    };
    // A rule set's title is a string or { zh, en? }: the rule-set schema (Text).
    expect(makeI18n('en').text('东城区细则')).toBe('东城区细则');
    expect(makeI18n('en').text({ zh: '东城区细则' })).toBe('东城区细则');
    expect(makeI18n('en').text({ zh: '东城区细则', en: 'Dongcheng rules' })).toBe('Dongcheng rules');
    expect(makeI18n('zh').text({ zh: '东城区细则', en: 'Dongcheng rules' })).toBe('东城区细则');
  });
});

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MESSAGES } from '../../shared/domain/messages.ts';
import { PORTAL_CATALOGUE, PORTAL_MESSAGES } from '../../shared/domain/portal-messages.ts';

const WEB = join(import.meta.dirname, '..', '..', 'web', 'src');
const sources = readdirSync(WEB)
  .filter((f) => /\.tsx?$/.test(f))
  .map((f) => readFileSync(join(WEB, f), 'utf8'))
  .join('\n');
/** Codes the page builds from a state, phase, role, tab or method name, e.g. t(`portal.state-${state}`). */
const BUILT = {
  'portal.state-': ['accepted', 'rejected', 'missing', 'pending', 'duplicate'],
  'portal.phase-state-': ['pending', 'open', 'scoring-closed', 'closed'],
  'portal.phase-action-': ['open', 'close-scoring', 'close'],
  'portal.role-': ['admin', 'assessor', 'unit'],
  'portal.tab-': ['status', 'rejections', 'results', 'downloads', 'phases', 'audit', 'rubrics', 'new-round'],
  'portal.method-': ['mean', 'median', 'trimmed-mean'],
  'portal.rubric-origin-': ['sample', 'upload'],
};
const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe("the portal's words", () => {
  it('say the same thing in Chinese and English: every entry has both, with the same placeholders', () => {
    for (const [code, e] of Object.entries(PORTAL_MESSAGES)) {
      expect(e.zh.trim(), code).not.toBe('');
      expect(e.en.trim(), code).not.toBe('');
      expect(placeholders(e.zh), code).toEqual(placeholders(e.en));
    }
  });

  it('extend the shared catalogue without overriding any of its codes', () => {
    for (const code of Object.keys(PORTAL_MESSAGES)) expect(MESSAGES, code).not.toHaveProperty(code);
  });

  it('cover every code the page asks for, including those built from a state or phase name', () => {
    const literal = [...sources.matchAll(/t\(\s*'([a-z]+\.[a-z0-9-]+)'/g)].map((m) => m[1]!);
    const cols = [...sources.matchAll(/'(portal\.col-[a-z-]+)'/g)].map((m) => m[1]!);
    expect(literal.length).toBeGreaterThan(50);
    for (const code of [...literal, ...cols]) expect(PORTAL_CATALOGUE, code).toHaveProperty(code);
    for (const [prefix, names] of Object.entries(BUILT)) {
      expect(sources, prefix).toContain(`portal.${prefix.slice('portal.'.length)}\${`);
      for (const n of names) expect(PORTAL_CATALOGUE, prefix + n).toHaveProperty(prefix + n);
    }
  });

  it('are all used by the page', () => {
    const unused = Object.keys(PORTAL_MESSAGES).filter((code) => {
      if (sources.includes(`'${code}'`)) return false;
      return !Object.keys(BUILT).some((prefix) => code.startsWith(prefix));
    });
    expect(unused).toEqual([]);
  });
});

import { mkdirSync, mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { ensurePortal, portalNeedsBuild, repositoryPortal } from '../../../infra/portal-build.ts';

/** A fake repository: web/src/main.tsx written at `srcAt`, web/dist/index.html at `builtAt` (or not built). */
function repo(srcAt: number, builtAt?: number) {
  const root = mkdtempSync(join(tmpdir(), 'cepin-portal-'));
  const src = join(root, 'web', 'src');
  mkdirSync(src, { recursive: true });
  writeFileSync(join(src, 'main.tsx'), '');
  utimesSync(join(src, 'main.tsx'), srcAt, srcAt);
  const dist = join(root, 'web', 'dist');
  if (builtAt !== undefined) {
    mkdirSync(dist, { recursive: true });
    writeFileSync(join(dist, 'index.html'), '<!doctype html>');
    utimesSync(join(dist, 'index.html'), builtAt, builtAt);
  }
  return { root, src, dist };
}

/** ensurePortal with a build that only counts its calls. */
function ensure(webDir: string, sources: string[]) {
  let builds = 0;
  const built = ensurePortal({ webDir, sources, build: () => void builds++ });
  return { built, builds };
}

describe('the CDK app builds the portal when needed', () => {
  it('builds a portal that was never built (a fresh clone)', () => {
    const r = repo(1_000_000);
    expect(ensure(r.dist, [r.src])).toEqual({ built: true, builds: 1 });
  });

  it('leaves a portal built after its last source change alone', () => {
    const r = repo(1_000_000, 2_000_000);
    expect(ensure(r.dist, [r.src])).toEqual({ built: false, builds: 0 });
  });

  it('rebuilds a portal whose sources changed after it was built', () => {
    const r = repo(3_000_000, 2_000_000);
    expect(portalNeedsBuild(r.dist, [r.src])).toBe(true);
    expect(ensure(r.dist, [r.src])).toEqual({ built: true, builds: 1 });
  });

  it('ignores a listed source that does not exist', () => {
    const r = repo(1_000_000, 2_000_000);
    expect(portalNeedsBuild(r.dist, [r.src, join(r.root, 'no-such-folder')])).toBe(false);
  });

  it("watches the repository's web folder and the contract and catalogue the portal imports", () => {
    const p = repositoryPortal('/repo');
    expect(p.webDir).toBe('/repo/web/dist');
    expect(p.sources).toEqual(
      expect.arrayContaining(['/repo/web/src', '/repo/shared/api', '/repo/shared/domain']),
    );
  });

  it('watches every file of the repository the portal bundles (esbuild’s own list of inputs)', async () => {
    // The list was once written by hand and missed shared/domain/layout.ts and text.ts, which the
    // contract pulls into the portal: a change there left web/dist looking current.
    const root = join(import.meta.dirname, '..', '..', '..');
    const r = await build({
      absWorkingDir: root,
      entryPoints: ['web/src/main.tsx'],
      bundle: true,
      write: false,
      metafile: true,
      format: 'esm',
      jsx: 'automatic',
      jsxImportSource: 'preact',
      outdir: 'out/portal-graph',
      packages: 'external',
      logLevel: 'silent',
    });
    const watched = repositoryPortal(root).sources.map((s) => relative(root, s));
    const inputs = Object.keys(r.metafile.inputs).filter((f) => !f.startsWith('node_modules/'));
    expect(inputs.length).toBeGreaterThan(10);
    expect(inputs.filter((f) => !watched.some((w) => f === w || f.startsWith(`${w}${sep}`)))).toEqual([]);
  });
});

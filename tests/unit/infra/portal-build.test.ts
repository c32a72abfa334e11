import { mkdirSync, mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
      expect.arrayContaining([
        '/repo/web/src',
        '/repo/shared/api',
        '/repo/shared/domain/messages.ts',
        '/repo/shared/domain/portal-messages.ts',
      ]),
    );
  });
});

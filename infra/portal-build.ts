import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** What `ensurePortal` looks at: the built portal, what it is built from, and how to build it. */
export interface PortalBuild {
  /** The built portal (its index.html is what the stack serves). */
  readonly webDir: string;
  /** Files and folders the portal is built from; a build older than any of them is rebuilt. */
  readonly sources: readonly string[];
  /** Builds the portal into webDir. */
  readonly build: () => void;
}

/** The newest modification time (ms) among the files at or below `path`; 0 when it does not exist. */
function newest(path: string): number {
  if (!existsSync(path)) return 0;
  const s = statSync(path);
  if (!s.isDirectory()) return s.mtimeMs;
  return readdirSync(path).reduce((m, name) => Math.max(m, newest(join(path, name))), 0);
}

/** Whether the portal must be built: it never was, or a source changed after the last build. */
export function portalNeedsBuild(webDir: string, sources: readonly string[]): boolean {
  const index = join(webDir, 'index.html');
  if (!existsSync(index)) return true;
  const builtAt = statSync(index).mtimeMs;
  return sources.some((src) => newest(src) > builtAt);
}

/** Builds the portal when it needs it (see portalNeedsBuild); returns whether it built. */
export function ensurePortal(p: PortalBuild): boolean {
  if (!portalNeedsBuild(p.webDir, p.sources)) return false;
  p.build();
  return true;
}

/**
 * The repository's portal: web/dist, built from web/ and the parts of shared/ it imports (the API
 * contract and the message catalogue) by `vite build web`, whose output goes to stderr so it does
 * not mix with what the CDK app prints.
 */
export function repositoryPortal(root: string): PortalBuild {
  const web = join(root, 'web');
  return {
    webDir: join(web, 'dist'),
    sources: [
      join(web, 'src'),
      join(web, 'index.html'),
      join(web, 'vite.config.ts'),
      // The contract and everything of the domain it reaches (phases, terms, the catalogues): the
      // whole folder, so a change the portal bundles can never leave web/dist looking current.
      join(root, 'shared', 'api'),
      join(root, 'shared', 'domain'),
    ],
    build: () => {
      process.stderr.write('cepin: building the portal (web/dist) for the stack…\n');
      execFileSync('npx', ['vite', 'build', 'web'], { cwd: root, stdio: ['ignore', 2, 2] });
    },
  };
}

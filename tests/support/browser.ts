import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { build } from 'vite';

/** Debian's Chromium (`apt-get install chromium`; `.ci/run` installs it). Never a downloaded browser. */
export const CHROMIUM = process.env.CEPIN_CHROMIUM ?? '/usr/bin/chromium';

/** Builds the portal with the project's Vite config into a fresh directory (about a second). */
export async function buildPortal(): Promise<string> {
  const outDir = mkdtempSync(join(tmpdir(), 'cepin-web-'));
  // Vitest sets NODE_ENV=test, which would make Vite resolve development builds of dependencies.
  const env = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({
      configFile: join(import.meta.dirname, '..', '..', 'web', 'vite.config.ts'),
      mode: 'production',
      logLevel: 'warn',
      build: { outDir, emptyOutDir: true },
    });
  } finally {
    process.env.NODE_ENV = env;
  }
  return outDir;
}

/**
 * Starts headless Chromium the way this machine allows: no sandbox as root, and no background
 * networking (the closed network refuses Google's hosts, many at a time).
 */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM))
    throw new Error(
      `Chromium not found at ${CHROMIUM}: install Debian's package (apt-get install chromium fonts-noto-cjk) or set CEPIN_CHROMIUM`,
    );
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** Where the end-to-end tests leave their screenshots to look at (out/ is not committed). */
export function screenshotDir(): string {
  const dir = join(import.meta.dirname, '..', '..', 'out', 'e2e');
  mkdirSync(dir, { recursive: true });
  return dir;
}

import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** True when LibreOffice's `soffice` is on the PATH. */
export const hasSoffice = spawnSync('sh', ['-c', 'command -v soffice'], { encoding: 'utf8' }).status === 0;

/**
 * Opens a file in headless LibreOffice and saves it as `format` ("xlsx", "pdf"), as a person
 * re-saving a sheet would. Each call gets its own profile so parallel runs do not collide.
 */
export function libreOfficeConvert(bytes: Uint8Array, name: string, format: 'xlsx' | 'pdf'): Uint8Array {
  const dir = mkdtempSync(join(tmpdir(), 'cepin-lo-'));
  const input = join(dir, name);
  writeFileSync(input, bytes);
  const filter = format === 'xlsx' ? 'xlsx:Calc MS Excel 2007 XML' : 'pdf';
  execFileSync(
    'soffice',
    [
      `-env:UserInstallation=${pathToFileURL(join(dir, 'profile')).href}`,
      '--headless',
      '--convert-to',
      filter,
      '--outdir',
      join(dir, 'out'),
      input,
    ],
    { stdio: 'pipe', timeout: 120_000 },
  );
  return readFileSync(join(dir, 'out', name.replace(/\.xlsx$/, `.${format}`)));
}

import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The launcher that binds DynamoDB Local to 127.0.0.1 and refuses foreign Host and any Origin. */
export const GUARD_CLASS = 'DynamoLocalGuard';
const SOURCE = fileURLToPath(new URL(`./${GUARD_CLASS}.java`, import.meta.url));

function compile(jar: string, out: string): string | undefined {
  const r = spawnSync(
    'java',
    ['-m', 'jdk.compiler/com.sun.tools.javac.Main', '-nowarn', '-cp', jar, '-d', out, SOURCE],
    { encoding: 'utf8', timeout: 120_000 },
  );
  return r.status === 0 ? undefined : (r.error?.message ?? `${r.stderr}${r.stdout}`).trim().slice(-400);
}

/**
 * Compiles DynamoLocalGuard.java against the installed DynamoDB Local jar with the compiler module
 * of the `java` on PATH (Debian's JRE ships it), once per source, jar and Java version. The classes
 * are cached in the project's node_modules/.cache (never a shared temp folder another user could
 * plant classes in); when that is not writable, compiled into a private temp folder each time.
 * Returns the class folder, or why it could not be made (the caller falls back to the plain jar).
 */
export function guardClasses(
  jar: string,
  cacheRoot: string,
  javaVersion: string,
): { dir: string } | { error: string } {
  const hash = createHash('sha256')
    .update(readFileSync(SOURCE))
    .update(jar)
    .update(javaVersion)
    .digest('hex')
    .slice(0, 16);
  const dir = join(cacheRoot, 'cepin', 'dynamo-guard', hash);
  const built = (d: string) => existsSync(join(d, `${GUARD_CLASS}.class`));
  if (built(dir)) return { dir };
  let tmp: string;
  try {
    tmp = `${dir}.${process.pid}.${randomBytes(4).toString('hex')}`;
    mkdirSync(tmp, { recursive: true });
  } catch {
    tmp = mkdtempSync(join(tmpdir(), 'cepin-dynamo-guard-'));
    const error = compile(jar, tmp);
    return error ? { error } : { dir: tmp };
  }
  const error = compile(jar, tmp);
  if (error) {
    rmSync(tmp, { recursive: true, force: true });
    return { error };
  }
  try {
    renameSync(tmp, dir); // atomic: concurrent starts each compile, the first rename wins
  } catch {
    rmSync(tmp, { recursive: true, force: true });
    if (!built(dir)) return { error: `could not keep the compiled guard in ${dir}` };
  }
  return { dir };
}

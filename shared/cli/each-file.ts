/**
 * Runs `each` over files one after another, with a progress bar on stderr when there are several
 * and the output is not JSON; returns the results in order.
 */
export async function eachFile<T>(
  files: readonly string[],
  json: boolean | undefined,
  each: (file: string) => Promise<T>,
): Promise<T[]> {
  // cli-progress is CommonJS: its exports are `default` both under Node and in the CLI's bundle,
  // where esbuild's code splitting gives no named exports of it.
  const progress = files.length > 1 && !json ? (await import('cli-progress')).default : undefined;
  const bar = progress
    ? new progress.SingleBar(
        { format: '{bar} {value}/{total} {file}', stream: process.stderr },
        progress.Presets.shades_classic,
      )
    : undefined;
  bar?.start(files.length, 0, { file: '' });
  const results: T[] = [];
  for (const [n, file] of files.entries()) {
    results.push(await each(file));
    bar?.update(n + 1, { file: file.split(/[\\/]/).pop() });
  }
  bar?.stop();
  return results;
}

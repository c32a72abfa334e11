/**
 * Every 200th row, lets the event loop run so the zip writer can compress and flush what has been
 * streamed so far; without it a sheet's whole XML would wait in memory until the sheet is done.
 */
export function breathe(n: number): Promise<void> | undefined {
  return n % 200 === 199 ? new Promise((resolve) => setImmediate(resolve)) : undefined;
}

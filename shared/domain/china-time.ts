/**
 * China time (UTC+8, no daylight saving): deadlines are days there and times are shown there. One
 * place for the offset, so a deadline's last day means the same to the API, the portal and the demo.
 */
export const CHINA_OFFSET_MS = 8 * 60 * 60 * 1000;
export const DAY_MS = 24 * 60 * 60 * 1000;

/** The calendar day in China at an instant (ms since the epoch): YYYY-MM-DD. */
export const chinaDay = (ms: number): string => new Date(ms + CHINA_OFFSET_MS).toISOString().slice(0, 10);

/** An instant as China time to the minute: `YYYY-MM-DD HH:mm`. */
export const chinaMinute = (ms: number): string =>
  new Date(ms + CHINA_OFFSET_MS).toISOString().slice(0, 16).replace('T', ' ');

/** A real calendar date written YYYY-MM-DD. */
export function isCalendarDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!));
  return d.getUTCFullYear() === +m[1]! && d.getUTCMonth() === +m[2]! - 1 && d.getUTCDate() === +m[3]!;
}

/** When a China calendar day (YYYY-MM-DD) ends, its 24:00, in ms since the epoch; NaN if it is no date. */
export function chinaDayEnd(day: string): number {
  return isCalendarDate(day) ? Date.parse(`${day}T00:00:00Z`) + DAY_MS - CHINA_OFFSET_MS : NaN;
}

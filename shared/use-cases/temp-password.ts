import { randomInt } from 'node:crypto';

/** Letters and digits a person copies from paper without doubt: no 0 O o 1 l I. */
export const PASSWORD_UPPER = 'ABCDEFGHJKLMNPQRSTUVWXYZ';
export const PASSWORD_LOWER = 'abcdefghijkmnpqrstuvwxyz';
export const PASSWORD_DIGITS = '23456789';
/**
 * The district's user pool requires a symbol (infra/constructs/api.ts, as cdk-nag's AwsSolutions-COG1
 * asks): one of these, easy to read and to type on a Chinese keyboard.
 */
export const PASSWORD_SYMBOLS = '#%+=@';

/**
 * A temporary password for an account slip: 12 characters from a crypto-random source, at least one
 * upper-case letter, one lower-case letter, one digit and one symbol, no look-alikes, a letter first. The person
 * changes it at the first sign-in; cepin never stores it.
 */
export function tempPassword(length = 12): string {
  const pick = (set: string) => set[randomInt(set.length)]!;
  const all = PASSWORD_UPPER + PASSWORD_LOWER + PASSWORD_DIGITS;
  const chars = [pick(PASSWORD_UPPER), pick(PASSWORD_LOWER), pick(PASSWORD_DIGITS), pick(PASSWORD_SYMBOLS)];
  while (chars.length < length) chars.push(pick(all));
  // Fisher–Yates, so the classes do not sit in fixed places.
  for (let i = chars.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [chars[i], chars[j]] = [chars[j]!, chars[i]!];
  }
  // A letter first: a sheet shows a value starting with = + @ as a formula would be guarded, with a quote.
  const letter = chars.findIndex((c) => /[A-Za-z]/.test(c));
  [chars[0], chars[letter]] = [chars[letter]!, chars[0]!];
  return chars.join('');
}

/**
 * An independent re-implementation of cepin's rounding rule, written from the rule (README,
 * "Rounding") and not from shared/domain/stats.ts, for tests to take expected values from:
 * scores are exact decimals; results are rounded to the hundredth, half away from zero.
 *
 * Two techniques that share nothing with the code under test:
 * - decimal strings rounded digit by digit (the school method: look at the next digit, carry);
 * - whole hundredths in plain safe integers, with ratios rounded by integer division.
 */

/** Rounds a decimal written as a string ("-91.625") to `digits` decimals, half away from zero. */
export function roundDecimalString(s: string, digits: number): string {
  const negative = s.startsWith('-');
  const [int = '0', frac = ''] = s.replace(/^[-+]/, '').split('.');
  const kept = (frac + '0'.repeat(digits + 1)).slice(0, digits + 1);
  const digitsKept = (int + kept.slice(0, digits)).split('').map(Number);
  if (kept[digits]! >= '5') {
    let i = digitsKept.length - 1;
    while (i >= 0 && digitsKept[i] === 9) digitsKept[i--] = 0;
    if (i < 0) digitsKept.unshift(1);
    else digitsKept[i]! += 1;
  }
  const all = digitsKept.join('');
  const intPart = all.slice(0, all.length - digits).replace(/^0+(?=\d)/, '') || '0';
  const out = digits > 0 ? `${intPart}.${all.slice(all.length - digits)}` : intPart;
  return negative && /[1-9]/.test(out) ? `-${out}` : out;
}

/** A score in whole hundredths (91.63 → 9163); throws if it is not a whole number of hundredths. */
export function hundredths(x: number): number {
  const h = Math.round(x * 100);
  if (Math.abs(h - x * 100) > 1e-6) throw new Error(`${x} is not a whole number of hundredths`);
  return h;
}

/** ⌊num/den + 1/2⌋ for safe integers, den > 0, num ≥ 0: half up. */
function halfUp(num: number, den: number): number {
  if (!Number.isSafeInteger(2 * num + den) || !Number.isSafeInteger(2 * den))
    throw new Error('out of safe range');
  const n = 2 * num + den;
  return (n - (n % (2 * den))) / (2 * den); // exact integer division
}

/** Rounds num/den (integers, den > 0) half away from zero. */
function halfAway(num: number, den: number): number {
  return num < 0 ? -halfUp(-num, den) : halfUp(num, den);
}

/** A total: parts and wholes in hundredths, the result on `scale`, rounded to the hundredth. */
export function expectedTotal(partsH: readonly number[], wholesH: readonly number[], scale: number): number {
  const p = partsH.reduce((s, x) => s + x, 0);
  const w = wholesH.reduce((s, x) => s + x, 0);
  if (w === 0) return 0;
  // p/w × scale, in hundredths: p·scale·100 / w
  return halfAway(p * scale * 100, w) / 100;
}

/** The mean of values in hundredths, rounded to the hundredth. */
export function expectedMean(xsH: readonly number[]): number {
  return (
    halfAway(
      xsH.reduce((s, x) => s + x, 0),
      xsH.length,
    ) / 100
  );
}

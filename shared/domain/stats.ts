/**
 * The one rounding rule of cepin, and the few statistics built on it.
 *
 * **Rule.** Every score, subtotal, total, difference, mean and median cepin reports is the exact
 * decimal value of what it stands for, rounded to the hundredth half away from zero (四舍五入, as
 * Excel's and WPS's ROUND do): 91.625 → 91.63, 5.925 → 5.93, 1.005 → 1.01, −0.005 → −0.01.
 *
 * **Exact decimals.** A JavaScript number cannot hold 1.005 or 91.625/100 exactly, so rounding
 * `Math.round(x * 100) / 100` goes wrong at .xx5. Here every number is read as the decimal it
 * stands for — its value to 15 significant digits, which is the precision a double always keeps
 * (and the precision Excel computes in) — and every sum, difference, ratio, mean and median is
 * computed exactly on those decimals with integers (BigInt), then rounded once. Scores are
 * multiples of small steps (0.5, 0.1, 0.01), so their decimals are short and exact.
 *
 * Pure: no I/O. Callers pass plain numbers and get plain numbers whose shortest decimal form is the
 * rounded value (`String(round2(1.005)) === '1.01'`).
 */

/** A decimal m × 10^−e (e ≥ 0). */
interface Dec {
  m: bigint;
  e: number;
}

/** Significant digits a number is read to: what a double keeps exactly (DBL_DIG), as Excel does. */
const SIGNIFICANT = 15;

/** The decimal a finite number stands for: its value to 15 significant digits. */
function dec(x: number): Dec {
  const s = x.toPrecision(SIGNIFICANT); // "91.6250000000000", "-5.00000000000000e-3", "1.00000000000000e+21"
  const [mantissa = '0', exponent = '0'] = s.split('e');
  const negative = mantissa.startsWith('-');
  const [int = '0', frac = ''] = mantissa.replace('-', '').split('.');
  let m = BigInt(int + frac);
  let e = frac.length - Number(exponent);
  if (e < 0) {
    m *= 10n ** BigInt(-e);
    e = 0;
  }
  return { m: negative ? -m : m, e };
}

/** The decimals on one scale: their mantissas over 10^e. */
function aligned(ds: readonly Dec[]): { ms: bigint[]; e: number } {
  const e = ds.reduce((x, d) => Math.max(x, d.e), 0);
  return { ms: ds.map((d) => d.m * 10n ** BigInt(e - d.e)), e };
}

/** The number a decimal m × 10^−e is (the nearest double, whose shortest form is that decimal). */
function toNumber(m: bigint, e: number): number {
  if (m === 0n) return 0;
  return Number(`${m}e-${e}`);
}

/** p / q (q > 0) rounded to `digits` decimals, half away from zero. */
function roundFraction(p: bigint, q: bigint, digits: number): number {
  const negative = p < 0n;
  const n = (negative ? -p : p) * 10n ** BigInt(digits);
  const r = (2n * n + q) / (2n * q); // ⌊n/q + 1/2⌋
  return toNumber(negative ? -r : r, digits);
}

const finite = (xs: readonly number[]) => xs.every((x) => Number.isFinite(x));

/** Rounds to `digits` decimals (default: hundredths) by the rule: exact decimal, half away from zero. */
export function roundHalfUp(x: number, digits = 2): number {
  if (!Number.isFinite(x)) return x;
  const d = dec(x);
  return roundFraction(d.m, 10n ** BigInt(d.e), digits);
}

/** Rounds to hundredths, the precision scores are kept and shown in (the rule: see the module note). */
export function round2(x: number): number {
  return roundHalfUp(x, 2);
}

/** The exact decimal sum (scores in hundredths add up to hundredths, with no float drift). */
export function sum(xs: readonly number[]): number {
  if (!finite(xs)) return xs.reduce((s, x) => s + x, 0);
  const { ms, e } = aligned(xs.map(dec));
  return toNumber(
    ms.reduce((s, m) => s + m, 0n),
    e,
  );
}

/** a − b, exactly, rounded to hundredths by the rule. */
export function difference(a: number, b: number, digits = 2): number {
  if (!finite([a, b])) return a - b;
  const {
    ms: [x = 0n, y = 0n],
    e,
  } = aligned([dec(a), dec(b)]);
  return roundFraction(x - y, 10n ** BigInt(e), digits);
}

/**
 * part / whole × scale, exactly, rounded by the rule (default: hundredths); 0 when whole is 0.
 * E.g. a total: `ratio(80.63, 88, 100)` = 91.625 → 91.63.
 */
export function ratio(part: number, whole: number, scale = 1, digits = 2): number {
  if (!finite([part, whole, scale])) return (part / whole) * scale;
  const {
    ms: [p = 0n, w = 0n, s = 1n],
    e,
  } = aligned([dec(part), dec(whole), dec(scale)]);
  if (w === 0n) return 0;
  // part/whole × scale = (p/10^e)/(w/10^e) × s/10^e = p·s / (w·10^e)
  const num = p * s;
  const den = w * 10n ** BigInt(e);
  return den < 0n ? roundFraction(-num, -den, digits) : roundFraction(num, den, digits);
}

/** The arithmetic mean, exactly, rounded by the rule; null for no values. */
export function mean(xs: readonly number[], digits = 2): number | null {
  if (xs.length === 0) return null;
  if (!finite(xs)) return xs.reduce((s, x) => s + x, 0) / xs.length;
  const { ms, e } = aligned(xs.map(dec));
  return roundFraction(
    ms.reduce((s, m) => s + m, 0n),
    BigInt(xs.length) * 10n ** BigInt(e),
    digits,
  );
}

/** The median (the mean of the middle two for an even count), exactly, rounded by the rule; null for none. */
export function median(xs: readonly number[], digits = 2): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? roundHalfUp(s[mid]!, digits) : mean([s[mid - 1]!, s[mid]!], digits);
}

/** The mean of the numbers among the values (nulls and blanks skipped), by the rule; null when there are none. */
export function meanOf(xs: ReadonlyArray<number | null | undefined>, digits = 2): number | null {
  return mean(
    xs.filter((x): x is number => typeof x === 'number'),
    digits,
  );
}

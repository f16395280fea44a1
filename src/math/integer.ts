/**
 * Small exact-integer helpers on BigInt used by the exact Clebsch-Gordan code (internal).
 *
 * @packageDocumentation
 * @internal
 */

/** Greatest common divisor of |a| and |b| (gcd(0, 0) = 0). */
export function gcd(a: bigint, b: bigint): bigint {
  if (a < 0n) a = -a;
  if (b < 0n) b = -b;
  while (b !== 0n) {
    const t = a % b;
    a = b;
    b = t;
  }
  return a;
}

/** Floor of the square root of a non-negative BigInt (Newton's method). */
export function isqrt(n: bigint): bigint {
  if (n < 2n) return n;
  let x = BigInt(Math.floor(Math.sqrt(Number(n))));
  // Newton steps from a float estimate, then settle on the floor.
  for (;;) {
    const y = (x + n / x) >> 1n;
    if (y >= x) break;
    x = y;
  }
  while (x * x > n) x -= 1n;
  while ((x + 1n) * (x + 1n) <= n) x += 1n;
  return x;
}

/** The root r with r * r = n when n is a perfect square, otherwise -1n. */
export function exactSqrt(n: bigint): bigint {
  const r = isqrt(n);
  return r * r === n ? r : -1n;
}

/** Number of bits of a positive BigInt. */
function bitLength(n: bigint): number {
  return n.toString(2).length;
}

/**
 * n / d as the nearest-ish float64 (error below 2 ulp), for BigInts of any size (d > 0, n >= 0).
 */
export function ratioToNumber(n: bigint, d: bigint): number {
  if (n === 0n) return 0;
  const limit = 1n << 1000n;
  if (n < limit && d < limit) return Number(n) / Number(d);
  const shift = Math.max(bitLength(n), bitLength(d)) - 900;
  const big = BigInt(shift);
  return Number(n >> big) / Number(d >> big);
}

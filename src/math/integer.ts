/**
 * Small exact-integer helpers (BigInt, and float64 holding integers below 2^53) used by the exact
 * Clebsch-Gordan code (internal).
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

/** Greatest common divisor of |a| and |b| for integers held exactly in float64 (gcd(0, 0) = 0). */
export function gcdNumber(a: number, b: number): number {
  a = Math.abs(a);
  b = Math.abs(b);
  while (b !== 0) {
    const t = a % b;
    a = b;
    b = t;
  }
  return a;
}

/** The primes below 100; bit k of a prime mask stands for SMALL_PRIMES[k]. */
export const SMALL_PRIMES: readonly number[] = [
  2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53, 59, 61, 67, 71, 73, 79, 83, 89, 97,
];

/**
 * The squarefree integer s (at most 2^53) as a bit set over {@link SMALL_PRIMES}, or -1 when s has
 * a prime factor of 100 or more or is not squarefree.
 */
export function primeMask(s: number): number {
  let mask = 0;
  for (let k = 0; k < SMALL_PRIMES.length && s > 1; k++) {
    const p = SMALL_PRIMES[k];
    if (s % p === 0) {
      s /= p;
      if (s % p === 0) return -1;
      mask |= 1 << k;
    }
  }
  return s === 1 ? mask : -1;
}

const LOW_BITS = 10;
/** Products of the primes in every mask over the first LOW_BITS primes (2..29). */
const LOW_PRODUCTS = (() => {
  const out = new Float64Array(1 << LOW_BITS);
  for (let mask = 0; mask < out.length; mask++) {
    let p = 1;
    for (let k = 0; k < LOW_BITS; k++) if (mask & (1 << k)) p *= SMALL_PRIMES[k];
    out[mask] = p;
  }
  return out;
})();

/** The product of the primes in a mask (may exceed 2^53 for large masks; callers check). */
export function maskProduct(mask: number): number {
  let out = LOW_PRODUCTS[mask & ((1 << LOW_BITS) - 1)];
  for (let k = LOW_BITS; mask >>> k !== 0; k++) if (mask & (1 << k)) out *= SMALL_PRIMES[k];
  return out;
}

/**
 * Exact SU(2) Clebsch-Gordan coefficients <j1 a1; j2 a2 | j a> (Condon-Shortley phases).
 *
 * @packageDocumentation
 */
import { IrrepError, invalid } from '../errors';
import { gcd, primeMask } from './integer';
import { RADICAL_ZERO, type Radical, radical, radicalToSqrtRational } from './radical';
import { SqrtRational } from './sqrt-rational';

const FACTORIALS: bigint[] = [1n];

/** n! as a BigInt, from a table that grows on demand and is kept for the process. */
function factorial(n: number): bigint {
  for (let k = FACTORIALS.length; k <= n; k++) FACTORIALS.push(FACTORIALS[k - 1] * BigInt(k));
  return FACTORIALS[n];
}

const PRIMES: number[] = [2];

/** The primes up to `limit`, from a table that grows on demand. */
function primesUpTo(limit: number): number[] {
  for (let c = PRIMES[PRIMES.length - 1] + 1; c <= limit; c++) {
    if (PRIMES.every((p) => p * p > c || c % p !== 0)) PRIMES.push(c);
  }
  const out: number[] = [];
  for (const p of PRIMES) {
    if (p > limit) break;
    out.push(p);
  }
  return out;
}

/** Exponent of the prime p in n! (Legendre's formula). */
function factorialExponent(n: number, p: number): number {
  let e = 0;
  for (let q = p; q <= n; q *= p) e += Math.floor(n / q);
  return e;
}

/** Exponent of the prime p in the positive integer n. */
function integerExponent(n: number, p: number): number {
  let e = 0;
  while (n % p === 0) {
    n /= p;
    e++;
  }
  return e;
}

/**
 * The Racah formula for doubled labels (all valid, a = a1 + a2, triangle satisfied), as c * sqrt(s).
 * Doubled labels keep the arithmetic in integers: J = tj / 2 and so on.
 */
function racah(tj1: number, ta1: number, tj2: number, ta2: number, tj: number, ta: number): Radical {
  // Factorial arguments, all non-negative integers for valid labels.
  const up = [
    (tj + tj1 - tj2) / 2,
    (tj - tj1 + tj2) / 2,
    (tj1 + tj2 - tj) / 2,
    (tj + ta) / 2,
    (tj - ta) / 2,
    (tj1 - ta1) / 2,
    (tj1 + ta1) / 2,
    (tj2 - ta2) / 2,
    (tj2 + ta2) / 2,
  ];
  const down = (tj1 + tj2 + tj) / 2 + 1;
  // The square root of (2j+1) prod(up!) / down!, split as K * sqrt(s) with s squarefree, using the
  // prime exponents of the factorials (every prime involved is at most max(down, 2j+1)).
  let kn = 1n;
  let kd = 1n;
  let s = 1n;
  for (const p of primesUpTo(Math.max(down, tj + 1))) {
    let e = integerExponent(tj + 1, p) - factorialExponent(down, p);
    for (const u of up) e += factorialExponent(u, p);
    const half = Math.floor(e / 2);
    if (e - 2 * half === 1) s *= BigInt(p);
    if (half > 0) kn *= BigInt(p) ** BigInt(half);
    else if (half < 0) kd *= BigInt(p) ** BigInt(-half);
  }
  // The alternating sum over k of 1 / (k! (j1+j2-j-k)! (j1-a1-k)! (j2+a2-k)! (j-j2+a1+k)! (j-j1-a2+k)!).
  const kMin = Math.max(0, (tj2 - tj - ta1) / 2, (tj1 - tj + ta2) / 2);
  const kMax = Math.min((tj1 + tj2 - tj) / 2, (tj1 - ta1) / 2, (tj2 + ta2) / 2);
  let sn = 0n;
  let sd = 1n;
  for (let k = kMin; k <= kMax; k++) {
    const den =
      factorial(k) *
      factorial((tj1 + tj2 - tj) / 2 - k) *
      factorial((tj1 - ta1) / 2 - k) *
      factorial((tj2 + ta2) / 2 - k) *
      factorial((tj - tj2 + ta1) / 2 + k) *
      factorial((tj - tj1 - ta2) / 2 + k);
    const term = k % 2 === 0 ? 1n : -1n;
    sn = sn * den + term * sd;
    sd = sd * den;
    const g = gcd(sn, sd);
    if (g > 1n) {
      sn /= g;
      sd /= g;
    }
  }
  return radical(sn * kn, sd * kd, s);
}

/**
 * A memoized coefficient in three exact forms: a {@link SqrtRational}, a BigInt radical c * sqrt(s),
 * and, for fast exact arithmetic, c = n / d and s as float64 integers with s as a prime mask.
 * @internal
 */
export interface Su2Entry {
  readonly value: SqrtRational;
  readonly radical: Radical;
  /** Numerator of c (signed), exact in float64, or NaN when beyond 2^53. */
  readonly n: number;
  /** Denominator of c, exact in float64, or NaN when beyond 2^53. */
  readonly d: number;
  /** The squarefree radicand s as a mask over SMALL_PRIMES, or -1 when it is not representable. */
  readonly mask: number;
}

const ZERO_ENTRY: Su2Entry = Object.freeze({ value: SqrtRational.ZERO, radical: RADICAL_ZERO, n: 0, d: 1, mask: 0 });

function makeEntry(r: Radical): Su2Entry {
  const n = Number(r.n);
  const d = Number(r.d);
  const s = Number(r.s);
  const safe = Number.isSafeInteger(n) && Number.isSafeInteger(d) && Number.isSafeInteger(s);
  return Object.freeze({
    value: radicalToSqrtRational(r),
    radical: Object.freeze(r),
    n: safe ? n : Number.NaN,
    d: safe ? d : Number.NaN,
    mask: safe ? primeMask(s) : -1,
  });
}
/** Memo of computed coefficients: one array per (j1, j2, j), indexed by (a1, a2). */
const MEMO = new Map<number | string, (Su2Entry | null)[]>();

/**
 * The coefficient for doubled labels that are known to be valid (each tj >= 0, |ta| <= tj,
 * tj - ta even); selection-rule zeros give zero. Memoized for the process.
 * @internal
 */
export function su2Doubled(tj1: number, ta1: number, tj2: number, ta2: number, tj: number, ta: number): Su2Entry {
  if (ta1 + ta2 !== ta || tj > tj1 + tj2 || tj < Math.abs(tj1 - tj2)) return ZERO_ENTRY;
  // Small spins get a small-integer key (fast to hash); others a text key.
  const key = tj1 < 256 && tj2 < 256 && tj < 512 ? (tj * 256 + tj1) * 256 + tj2 : `${tj1},${tj2},${tj}`;
  let block = MEMO.get(key);
  if (block === undefined) {
    block = new Array<Su2Entry | null>((tj1 + 1) * (tj2 + 1)).fill(null);
    MEMO.set(key, block);
  }
  const index = ((ta1 + tj1) / 2) * (tj2 + 1) + (ta2 + tj2) / 2;
  let entry = block[index];
  if (entry === null) {
    entry = makeEntry(racah(tj1, ta1, tj2, ta2, tj, ta));
    block[index] = entry;
  }
  return entry;
}

const ARGUMENTS = ['j1', 'a1', 'j2', 'a2', 'j', 'a'] as const;

/**
 * The SU(2) Clebsch-Gordan coefficient <j1 a1; j2 a2 | j a>, exactly, with Condon-Shortley phases
 * (the convention of sympy's `CG` and QuTiP's `clebsch`), in this argument order.
 *
 * Computed with the Racah formula (Racah 1942; Varshalovich et al., *Quantum Theory of Angular
 * Momentum*, eq. 8.2.1(5)):
 *
 * <j1 a1; j2 a2 | j a> = delta(a, a1 + a2)
 *   sqrt[(2j+1) (j+j1-j2)! (j-j1+j2)! (j1+j2-j)! / (j1+j2+j+1)!]
 *   sqrt[(j+a)! (j-a)! (j1-a1)! (j1+a1)! (j2-a2)! (j2+a2)!]
 *   sum_k (-1)^k / [k! (j1+j2-j-k)! (j1-a1-k)! (j2+a2-k)! (j-j2+a1+k)! (j-j1-a2+k)!],
 *
 * with exact BigInt factorials from a memoized table; results are memoized for the process.
 * The square-root prefactor is split into a rational times the square root of a squarefree integer
 * through the prime exponents of the factorials, so the result is exact.
 *
 * Symmetry relations (tested):
 * - <j1 a1; j2 a2 | j a> = (-1)^(j1+j2-j) <j2 a2; j1 a1 | j a>
 * - <j1 a1; j2 a2 | j a> = (-1)^(j1+j2-j) <j1 -a1; j2 -a2 | j -a>
 * - <j1 a1; j2 a2 | j a> = (-1)^(j1-a1) sqrt((2j+1)/(2j2+1)) <j1 a1; j -a | j2 -a2>
 * and orthonormality: sum_{a1,a2} <j1 a1; j2 a2 | j a> <j1 a1; j2 a2 | j' a'> = delta(j,j') delta(a,a').
 *
 * Selection-rule zeros (a != a1 + a2, or j outside |j1-j2|..j1+j2, or j1+j2+j not an integer)
 * return {@link SqrtRational.ZERO}.
 *
 * @param j1 - first spin, a non-negative half-integer (number: 0, 0.5, 1, ...).
 * @param a1 - its projection, -j1..j1 with j1 - a1 an integer.
 * @param j2 - second spin.
 * @param a2 - its projection.
 * @param j - coupled spin.
 * @param a - its projection.
 * @returns the exact coefficient sign * sqrt(p/q).
 * @throws {@link IrrepError} if a label is not a finite half-integer, a spin is negative,
 *   |a| > j, or j - a is not an integer (naming the argument and its value).
 * @example
 * ```ts
 * import { su2ClebschGordan } from 'lorentz-irreps';
 * console.assert(su2ClebschGordan(0.5, 0.5, 0.5, -0.5, 1, 0).toString() === 'sqrt(1/2)');
 * console.assert(su2ClebschGordan(1, 1, 1, -1, 0, 0).toString() === 'sqrt(1/3)');
 * console.assert(su2ClebschGordan(1, 1, 1, 1, 0, 0).isZero());
 * ```
 */
export function su2ClebschGordan(j1: number, a1: number, j2: number, a2: number, j: number, a: number): SqrtRational {
  const labels = [j1, a1, j2, a2, j, a];
  const twice = labels.map((x, k) => {
    const t = 2 * x;
    if (typeof x !== 'number' || !Number.isFinite(x) || !Number.isInteger(t)) {
      throw new IrrepError(invalid('su2ClebschGordan', ARGUMENTS[k], 'a finite half-integer (..., -1/2, 0, 1/2, 1, ...)', x));
    }
    return t;
  });
  for (let k = 0; k < 6; k += 2) {
    const tj = twice[k];
    const ta = twice[k + 1];
    if (tj < 0) {
      throw new IrrepError(invalid('su2ClebschGordan', ARGUMENTS[k], 'a non-negative half-integer', labels[k]));
    }
    if (Math.abs(ta) > tj) {
      throw new IrrepError(invalid('su2ClebschGordan', ARGUMENTS[k + 1], `between -${ARGUMENTS[k]} and ${ARGUMENTS[k]} (${ARGUMENTS[k]} = ${labels[k]})`, labels[k + 1]));
    }
    if ((tj - ta) % 2 !== 0) {
      throw new IrrepError(invalid('su2ClebschGordan', ARGUMENTS[k + 1], `such that ${ARGUMENTS[k]} - ${ARGUMENTS[k + 1]} is an integer (${ARGUMENTS[k]} = ${labels[k]})`, labels[k + 1]));
    }
  }
  return su2Doubled(twice[0], twice[1], twice[2], twice[3], twice[4], twice[5]).value;
}

/**
 * Exact SU(2) Clebsch-Gordan coefficients <j1 a1; j2 a2 | j a> (Condon-Shortley phases).
 *
 * @packageDocumentation
 */
import { IrrepError, invalid } from '../errors';
import { gcd, gcdNumber, primeMask } from './integer';
import { RADICAL_ZERO, type Radical, radical, radicalToSqrtRational } from './radical';
import { SqrtRational } from './sqrt-rational';

const FACTORIALS: bigint[] = [1n];

/** n! as a BigInt, from a table that grows on demand and is kept for the process. */
function factorial(n: number): bigint {
  for (let k = FACTORIALS.length; k <= n; k++) FACTORIALS.push(FACTORIALS[k - 1] * BigInt(k));
  return FACTORIALS[n];
}

/** The primes found so far, ascending. */
const PRIMES: number[] = [];
/** FACTORIAL_EXPONENTS[n][k]: exponent of PRIMES[k] in n! (missing or undefined: 0), by Legendre's rule. */
const FACTORIAL_EXPONENTS: number[][] = [[], []];

/** Extends the tables of primes and factorial exponents up to n!. */
function growFactorialExponents(n: number): void {
  for (let m = FACTORIAL_EXPONENTS.length; m <= n; m++) {
    // m! = (m-1)! * m: add the exponents of m.
    const next = FACTORIAL_EXPONENTS[m - 1].slice();
    let rest = m;
    for (let k = 0; rest > 1; k++) {
      // No smaller prime divides rest here, so when the known primes run out, rest is a new prime.
      if (k === PRIMES.length) PRIMES.push(rest);
      const p = PRIMES[k];
      while (rest % p === 0) {
        rest /= p;
        next[k] = (next[k] ?? 0) + 1;
      }
    }
    FACTORIAL_EXPONENTS.push(next);
  }
}

const MAX = Number.MAX_SAFE_INTEGER;

/** Exponent of PRIMES[k] in n! (the tables must reach n). */
function factorialExponent(n: number, k: number): number {
  return FACTORIAL_EXPONENTS[n][k] ?? 0;
}

/**
 * Exponent of PRIMES[k] in the square of the prefactor
 * (2j+1) (j+j1-j2)! (j-j1+j2)! (j1+j2-j)! (j+a)! (j-a)! (j1-a1)! (j1+a1)! (j2-a2)! (j2+a2)! / (j1+j2+j+1)!,
 * for doubled labels.
 */
function prefactorExponent(k: number, tj1: number, ta1: number, tj2: number, ta2: number, tj: number, ta: number): number {
  const p = PRIMES[k];
  let e = -factorialExponent((tj1 + tj2 + tj) / 2 + 1, k);
  for (let rest = tj + 1; rest % p === 0; rest /= p) e++;
  e += factorialExponent((tj + tj1 - tj2) / 2, k) + factorialExponent((tj - tj1 + tj2) / 2, k) + factorialExponent((tj1 + tj2 - tj) / 2, k);
  e += factorialExponent((tj + ta) / 2, k) + factorialExponent((tj - ta) / 2, k);
  e += factorialExponent((tj1 - ta1) / 2, k) + factorialExponent((tj1 + ta1) / 2, k);
  e += factorialExponent((tj2 - ta2) / 2, k) + factorialExponent((tj2 + ta2) / 2, k);
  return e;
}

/** Exact parts of a coefficient: c = n / d in lowest terms (d > 0) times sqrt(s), s squarefree. @internal */
export interface Parts {
  n: number;
  d: number;
  s: number;
}

/**
 * The Racah formula for doubled labels (all valid, a = a1 + a2, triangle satisfied) in float64
 * integers, or null when an integer would pass 2^53 (then {@link racahBig} is used).
 *
 * With A = j1+j2-j, B = j1-a1, C = j2+a2, D = j-j2+a1, E = j-j1-a2 the sum is
 * sum_k (-1)^k / (k! (A-k)! (B-k)! (C-k)! (D+k)! (E+k)!); its terms are t_kmin times products of
 * the ratios t_(k+1) / t_k = -(A-k)(B-k)(C-k) / ((k+1)(D+k+1)(E+k+1)), so the sum is
 * t_kmin P / Q with small P, Q. The factorials of t_kmin and of the square-root prefactor are
 * combined through their prime exponents into K sqrt(s), s squarefree.
 * @internal
 */
export function racahFast(tj1: number, ta1: number, tj2: number, ta2: number, tj: number, ta: number): Parts | null {
  const A = (tj1 + tj2 - tj) / 2;
  const B = (tj1 - ta1) / 2;
  const C = (tj2 + ta2) / 2;
  const D = (tj - tj2 + ta1) / 2;
  const E = (tj - tj1 - ta2) / 2;
  const kMin = Math.max(0, -D, -E);
  const kMax = Math.min(A, B, C);
  if (kMin > kMax) return { n: 0, d: 1, s: 1 };
  // P / Q = sum over k of t_k / t_kmin, with the running ratio tn / td.
  let tn = 1;
  let td = 1;
  let sn = 1;
  let sd = 1;
  for (let k = kMin; k < kMax; k++) {
    let n = -tn * (A - k) * (B - k) * (C - k);
    let d = td * (k + 1) * (D + k + 1) * (E + k + 1);
    if (!(Math.abs(n) <= MAX && d <= MAX)) return null;
    let g = gcdNumber(n, d);
    tn = n / g;
    td = d / g;
    g = gcdNumber(sd, td);
    const left = sn * (td / g);
    const right = tn * (sd / g);
    n = left + right;
    d = (sd / g) * td;
    if (!(Math.abs(left) <= MAX && Math.abs(right) <= MAX && Math.abs(n) <= MAX && d <= MAX)) return null;
    g = gcdNumber(n, d) || 1;
    sn = n / g;
    sd = d / g;
  }
  if (sn === 0) return { n: 0, d: 1, s: 1 };
  // sqrt(prefactor) * t_kmin = sign * sqrt(prefactor) / (kMin! (A-kMin)! (B-kMin)! (C-kMin)! (D+kMin)! (E+kMin)!).
  const top = Math.max((tj1 + tj2 + tj) / 2 + 1, tj + 1);
  growFactorialExponents(top);
  let kn = kMin % 2 === 0 ? sn : -sn;
  let kd = sd;
  let s = 1;
  for (let k = 0; k < PRIMES.length && PRIMES[k] <= top; k++) {
    const e =
      prefactorExponent(k, tj1, ta1, tj2, ta2, tj, ta) -
      2 *
        (factorialExponent(kMin, k) +
          factorialExponent(A - kMin, k) +
          factorialExponent(B - kMin, k) +
          factorialExponent(C - kMin, k) +
          factorialExponent(D + kMin, k) +
          factorialExponent(E + kMin, k));
    // p^(e/2) = p^half sqrt(p)^(e - 2 half)
    const half = Math.floor(e / 2);
    const p = PRIMES[k];
    if (e - 2 * half === 1) s *= p;
    if (half > 0) kn *= p ** half;
    else if (half < 0) kd *= p ** -half;
  }
  if (!(Math.abs(kn) <= MAX && kd <= MAX && s <= MAX)) return null;
  const g = gcdNumber(kn, kd);
  return { n: kn / g, d: kd / g, s };
}

/** The Racah formula in BigInt arithmetic, for labels where float64 integers would overflow. @internal */
export function racahBig(tj1: number, ta1: number, tj2: number, ta2: number, tj: number, ta: number): Radical {
  // sqrt(prefactor) = K sqrt(s) from the prime exponents.
  const top = Math.max((tj1 + tj2 + tj) / 2 + 1, tj + 1);
  growFactorialExponents(top);
  let kn = 1n;
  let kd = 1n;
  let s = 1n;
  for (let k = 0; k < PRIMES.length && PRIMES[k] <= top; k++) {
    const e = prefactorExponent(k, tj1, ta1, tj2, ta2, tj, ta);
    const half = Math.floor(e / 2);
    const p = BigInt(PRIMES[k]);
    if (e - 2 * half === 1) s *= p;
    if (half > 0) kn *= p ** BigInt(half);
    else if (half < 0) kd *= p ** BigInt(-half);
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
    sn = sn * den + (k % 2 === 0 ? sd : -sd);
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
 * A memoized coefficient c * sqrt(s): c = n / d and s as float64 integers (s also as a prime mask)
 * for fast exact arithmetic, with the {@link SqrtRational} and the BigInt radical made on demand.
 * Entries whose integers pass 2^53 have n = d = NaN and mask = -1 and hold the radical.
 * @internal
 */
export class Su2Entry {
  private exact: SqrtRational | null = null;

  /**
   * @param n - numerator of c (signed), or NaN.
   * @param d - denominator of c, or NaN.
   * @param mask - the squarefree radicand as a mask over SMALL_PRIMES, or -1 when not representable.
   * @param s - the squarefree radicand, or NaN.
   * @param big - the radical, when already known.
   */
  constructor(
    readonly n: number,
    readonly d: number,
    readonly mask: number,
    private readonly s: number,
    private big: Radical | null,
  ) {}

  /** The coefficient as a BigInt radical. */
  get radical(): Radical {
    if (this.big === null) this.big = radical(BigInt(this.n), BigInt(this.d), BigInt(this.s));
    return this.big;
  }

  /** The coefficient as a {@link SqrtRational}. */
  get value(): SqrtRational {
    if (this.exact === null) this.exact = radicalToSqrtRational(this.radical);
    return this.exact;
  }
}

const ZERO_ENTRY = new Su2Entry(0, 1, 0, 1, RADICAL_ZERO);

function makeEntry(tj1: number, ta1: number, tj2: number, ta2: number, tj: number, ta: number): Su2Entry {
  const fast = racahFast(tj1, ta1, tj2, ta2, tj, ta);
  if (fast !== null) {
    const mask = primeMask(fast.s);
    if (mask >= 0) return new Su2Entry(fast.n, fast.d, mask, fast.s, null);
  }
  return new Su2Entry(Number.NaN, Number.NaN, -1, Number.NaN, racahBig(tj1, ta1, tj2, ta2, tj, ta));
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
    entry = makeEntry(tj1, ta1, tj2, ta2, tj, ta);
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
 * evaluated exactly: the factorials enter through a memoized table of their prime exponents, so
 * the square-root prefactor splits into a rational times the square root of a squarefree integer,
 * and the alternating sum is a rational. Integers are kept in float64 while they stay below 2^53
 * and the computation switches to BigInt (memoized factorials) otherwise, so no result is ever
 * rounded. Results are memoized for the process.
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

/**
 * Exact numbers c * sqrt(s) with c rational and s a squarefree positive integer, and exact sums of
 * them grouped by radicand (internal arithmetic behind the canonical Clebsch-Gordan tables).
 *
 * @packageDocumentation
 * @internal
 */
import { NumericsError, invalid } from '../errors';
import { gcd } from './integer';
import { SqrtRational, trustedSqrtRational } from './sqrt-rational';

/** c * sqrt(s) with c = n / d in lowest terms (d > 0) and s squarefree (s >= 1); zero is n = 0, s = 1. */
export interface Radical {
  readonly n: bigint;
  readonly d: bigint;
  readonly s: bigint;
}

/** The radical 0. */
export const RADICAL_ZERO: Radical = Object.freeze({ n: 0n, d: 1n, s: 1n });

/** Builds c * sqrt(s) from a possibly unreduced rational c = n / d (d > 0) and squarefree s. */
export function radical(n: bigint, d: bigint, s: bigint): Radical {
  if (n === 0n) return RADICAL_ZERO;
  const g = gcd(n, d);
  return g === 1n ? { n, d, s } : { n: n / g, d: d / g, s };
}

/** Exact product x * y. */
export function radicalTimes(x: Radical, y: Radical): Radical {
  if (x.n === 0n || y.n === 0n) return RADICAL_ZERO;
  if (x.s === 1n || y.s === 1n) return radical(x.n * y.n, x.d * y.d, x.s * y.s);
  const g = gcd(x.s, y.s);
  return radical(x.n * y.n * g, x.d * y.d, (x.s / g) * (y.s / g));
}

/** Exact quotient x / y (y non-zero). */
export function radicalDiv(x: Radical, y: Radical): Radical {
  // 1 / (c sqrt(s)) = (1 / (c s)) sqrt(s)
  const inverse = y.n < 0n ? radical(-y.d, -y.n * y.s, y.s) : radical(y.d, y.n * y.s, y.s);
  return radicalTimes(x, inverse);
}

/** The same number as a {@link SqrtRational}. */
export function radicalToSqrtRational(x: Radical): SqrtRational {
  if (x.n === 0n) return SqrtRational.ZERO;
  // (n^2 s) / d^2 with g = gcd(s, d) is (n^2 (s/g)) / (d^2 / g) in lowest terms, s being squarefree.
  const g = gcd(x.s, x.d);
  return trustedSqrtRational(x.n < 0n ? -1 : 1, x.n * x.n * (x.s / g), (x.d * x.d) / g);
}

/**
 * An exact sum of radicals, kept as one rational coefficient per squarefree radicand.
 * {@link RadicalSum.collapse} returns the total when it is a single radical.
 */
export class RadicalSum {
  private readonly terms = new Map<bigint, { n: bigint; d: bigint }>();

  /** Adds x to the sum. */
  add(x: Radical): void {
    if (x.n === 0n) return;
    const t = this.terms.get(x.s);
    if (t === undefined) {
      this.terms.set(x.s, { n: x.n, d: x.d });
      return;
    }
    const n = t.n * x.d + x.n * t.d;
    const d = t.d * x.d;
    const g = gcd(n, d);
    t.n = g > 1n ? n / g : n;
    t.d = g > 1n ? d / g : d;
  }

  /**
   * The total as one radical.
   * @throws {@link NumericsError} if the total has two or more distinct radicands (it is then not of
   *   the form c * sqrt(s); for Clebsch-Gordan sums this means a defect in the library).
   */
  collapse(fn: string): Radical {
    let out: Radical = RADICAL_ZERO;
    for (const [s, t] of this.terms) {
      if (t.n === 0n) continue;
      if (out.n !== 0n) {
        throw new NumericsError(
          invalid(fn, 'sum', 'a single rational times one square root (internal error: the exact sum did not collapse)', this.toString()),
        );
      }
      out = { n: t.n, d: t.d, s };
    }
    return out;
  }

  /** Text of the sum, e.g. "1/2*sqrt(3) + -1/3*sqrt(2)". */
  toString(): string {
    const parts: string[] = [];
    for (const [s, t] of this.terms) if (t.n !== 0n) parts.push(`${t.n}/${t.d}*sqrt(${s})`);
    return parts.join(' + ') || '0';
  }
}

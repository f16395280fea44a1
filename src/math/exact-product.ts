/**
 * Fast exact arithmetic on numbers c * sqrt(s) held as float64 integers: c = n / d in lowest terms
 * and the squarefree radicand s as a prime mask (internal). Every operation checks that its
 * integers stay below 2^53 and reports failure instead of rounding, so callers can fall back to
 * BigInt arithmetic; results are therefore always exact.
 *
 * @packageDocumentation
 * @internal
 */
import { gcdNumber, maskProduct } from './integer';

const MAX = Number.MAX_SAFE_INTEGER;

/** A number c * sqrt(s): c = n / d (d > 0), s squarefree as a mask over SMALL_PRIMES (-1: unusable). */
export interface FastRadical {
  n: number;
  d: number;
  mask: number;
}

/**
 * A running exact product in float64 integers. `ok` turns false (and stays false) as soon as a
 * factor is unusable or an integer would pass 2^53.
 */
export class FastProduct implements FastRadical {
  n = 1;
  d = 1;
  mask = 0;
  ok = true;

  /** Starts again from the value 1. */
  reset(): this {
    this.n = 1;
    this.d = 1;
    this.mask = 0;
    this.ok = true;
    return this;
  }

  /** Starts again from the value x. */
  set(x: FastRadical): this {
    this.n = x.n;
    this.d = x.d;
    this.mask = x.mask;
    this.ok = x.mask >= 0 && x.d > 0;
    return this;
  }

  /** Multiplies by x. */
  times(x: FastRadical): this {
    if (!this.ok) return this;
    if (x.mask < 0 || !(x.d > 0)) return this.fail();
    const common = this.mask & x.mask;
    let n = this.n * x.n;
    if (common !== 0) n *= maskProduct(common);
    return this.store(n, this.d * x.d, this.mask ^ x.mask);
  }

  /** Divides by x (x non-zero). */
  divide(x: FastRadical): this {
    if (!this.ok) return this;
    if (x.mask < 0 || !(x.d > 0) || x.n === 0) return this.fail();
    // (n/d) sqrt(s) / ((xn/xd) sqrt(c)) = (n xd P(s & c)) / (d xn P(c)) sqrt(s ^ c)
    const common = this.mask & x.mask;
    let n = this.n * x.d;
    if (common !== 0) n *= maskProduct(common);
    let d = this.d * x.n;
    if (x.mask !== 0) d *= maskProduct(x.mask);
    return d < 0 ? this.store(-n, -d, this.mask ^ x.mask) : this.store(n, d, this.mask ^ x.mask);
  }

  private fail(): this {
    this.ok = false;
    return this;
  }

  /** Stores n / d (d > 0) in lowest terms, or fails when either passes 2^53. */
  private store(n: number, d: number, mask: number): this {
    if (!(Math.abs(n) <= MAX && d <= MAX)) return this.fail();
    const g = gcdNumber(n, d);
    this.n = g > 1 ? n / g : n;
    this.d = g > 1 ? d / g : d;
    this.mask = mask;
    return this;
  }
}

/**
 * An exact sum of {@link FastRadical}s grouped by radicand (at most a few distinct radicands).
 * `ok` turns false when an integer would pass 2^53.
 */
export class FastSum {
  /** Distinct radicands seen (at most CAPACITY; more fails the sum). */
  private static readonly CAPACITY = 16;
  private count = 0;
  private readonly masks = new Int32Array(FastSum.CAPACITY);
  private readonly ns = new Float64Array(FastSum.CAPACITY);
  private readonly ds = new Float64Array(FastSum.CAPACITY);
  ok = true;

  /** Empties the sum. */
  reset(): this {
    this.count = 0;
    this.ok = true;
    return this;
  }

  /** Adds x (whose integers are below 2^53). */
  add(x: FastRadical): void {
    if (!this.ok || x.n === 0) return;
    let k = 0;
    while (k < this.count && this.masks[k] !== x.mask) k++;
    if (k === this.count) {
      if (k === FastSum.CAPACITY) {
        this.ok = false;
        return;
      }
      this.masks[k] = x.mask;
      this.ns[k] = x.n;
      this.ds[k] = x.d;
      this.count++;
      return;
    }
    const g = gcdNumber(this.ds[k], x.d);
    const a = this.ds[k] / g;
    const b = x.d / g;
    const n = this.ns[k] * b + x.n * a;
    const d = a * x.d;
    if (!(Math.abs(this.ns[k] * b) <= MAX && Math.abs(x.n * a) <= MAX && Math.abs(n) <= MAX && d <= MAX)) {
      this.ok = false;
      return;
    }
    const h = gcdNumber(n, d);
    this.ns[k] = n === 0 ? 0 : n / h;
    this.ds[k] = n === 0 ? 1 : d / h;
  }

  /** Number of radicands with a non-zero coefficient. */
  radicands(): number {
    let nonzero = 0;
    for (let k = 0; k < this.count; k++) if (this.ns[k] !== 0) nonzero++;
    return nonzero;
  }

  /** The total, assuming {@link FastSum.radicands} is at most 1. */
  single(): FastRadical {
    for (let k = 0; k < this.count; k++) {
      if (this.ns[k] !== 0) return { n: this.ns[k], d: this.ds[k], mask: this.masks[k] };
    }
    return { n: 0, d: 1, mask: 0 };
  }
}

/**
 * The square p / q of c * sqrt(s), in lowest terms, written to out[0] = p and out[1] = q; returns
 * false (writing nothing) when an integer would pass 2^53. n / d must be in lowest terms.
 */
export function fastSquare(x: FastRadical, out: Float64Array): boolean {
  // (n^2 s) / d^2 with g = gcd(s, d) is (n^2 (s/g)) / (d^2 / g) in lowest terms, s being squarefree.
  const s = x.mask === 0 ? 1 : maskProduct(x.mask);
  const g = s === 1 ? 1 : gcdNumber(s, x.d);
  const n2 = x.n * x.n;
  const p = n2 * (s / g);
  const q = (x.d / g) * x.d;
  if (!(n2 <= MAX && p <= MAX && q <= MAX && s <= MAX)) return false;
  out[0] = p;
  out[1] = q;
  return true;
}

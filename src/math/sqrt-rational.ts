/**
 * Exact numbers of the form sign * sqrt(p/q), the form of every Clebsch-Gordan coefficient.
 *
 * @packageDocumentation
 */
import Fraction from 'fraction.js';
import { NumericsError, invalid } from '../errors';
import { exactSqrt, gcd, ratioToNumber } from './integer';

/** What {@link SqrtRational.fromSquare} and {@link SqrtRational.fromRational} accept as a rational. */
export type RationalInput = Fraction | number | bigint | string | readonly [bigint | number, bigint | number];

function toFraction(fn: string, argument: string, value: RationalInput): Fraction {
  try {
    if (value instanceof Fraction) return value;
    if (Array.isArray(value)) return new Fraction(BigInt(value[0]), BigInt(value[1]));
    if (typeof value === 'number' && !Number.isFinite(value)) throw new Error('not finite');
    return new Fraction(value as Fraction | number | bigint | string);
  } catch {
    throw new NumericsError(invalid(fn, argument, 'an exact rational (Fraction, finite number, bigint, "p/q" text or [p, q])', value));
  }
}

let construct: (sign: -1 | 0 | 1, num: bigint, den: bigint) => SqrtRational;

/**
 * Builds from parts already known to be valid and reduced (p, q coprime, q > 0, sign 0 iff p = 0),
 * skipping validation (for the library's exact arithmetic; not exported from the package).
 * @internal
 */
export function trustedSqrtRational(sign: -1 | 0 | 1, num: bigint, den: bigint): SqrtRational {
  return sign === 0 ? SqrtRational.ZERO : construct(sign, num, den);
}

/**
 * An exact real number sign * sqrt(p/q) with p, q non-negative coprime integers, q > 0.
 *
 * Every Clebsch-Gordan coefficient of SU(2) and of the Lorentz group, in the product or the
 * canonical basis, has this form; floats are derived from it with {@link SqrtRational.toNumber}.
 * Instances are immutable (frozen). The square is held as a pair of coprime BigInts; the
 * {@link SqrtRational.square} getter hands out a fresh fraction.js `Fraction` each time.
 *
 * @example
 * ```ts
 * import { SqrtRational } from 'lorentz-irreps';
 * const h = SqrtRational.fromSquare(-1, '1/2');
 * console.assert(h.toString() === '-sqrt(1/2)');
 * console.assert(Math.abs(h.toNumber() + Math.SQRT1_2) < 1e-15);
 * console.assert(h.times(h).toString() === '1/2');
 * console.assert(h.negate().equals(SqrtRational.fromSquare(1, [1, 2])));
 * ```
 */
export class SqrtRational {
  /** The value 0. */
  static readonly ZERO: SqrtRational = new SqrtRational(0, 0n, 1n);
  /** The value 1. */
  static readonly ONE: SqrtRational = new SqrtRational(1, 1n, 1n);

  /** Sign of the value: -1, 0 or 1. */
  readonly sign: -1 | 0 | 1;
  /** Numerator p of the square p/q (non-negative, coprime with q). */
  readonly squareNumerator: bigint;
  /** Denominator q of the square p/q (positive, coprime with p). */
  readonly squareDenominator: bigint;
  private readonly float: number;

  private constructor(sign: -1 | 0 | 1, num: bigint, den: bigint) {
    this.sign = sign;
    this.squareNumerator = num;
    this.squareDenominator = den;
    this.float = sign === 0 ? 0 : sign * Math.sqrt(ratioToNumber(num, den));
    Object.freeze(this);
  }

  static {
    construct = (sign, num, den) => new SqrtRational(sign, num, den);
  }

  /**
   * The number sign * sqrt(square).
   * @param sign - -1, 0 or 1; 0 exactly when `square` is 0.
   * @param square - the exact non-negative square: a `Fraction`, a finite number, a bigint,
   *   text such as "2/3", or a pair [p, q].
   * @throws {@link NumericsError} if `sign` is not -1, 0 or 1, if `square` is negative or not an
   *   exact rational, or if exactly one of `sign` and `square` is zero.
   * @example
   * ```ts
   * import { SqrtRational } from 'lorentz-irreps';
   * console.assert(SqrtRational.fromSquare(1, '2/3').toString() === 'sqrt(2/3)');
   * console.assert(SqrtRational.fromSquare(-1, 4).toString() === '-2');
   * ```
   */
  static fromSquare(sign: -1 | 0 | 1, square: RationalInput): SqrtRational {
    if (sign !== -1 && sign !== 0 && sign !== 1) {
      throw new NumericsError(invalid('SqrtRational.fromSquare', 'sign', '-1, 0 or 1', sign));
    }
    const f = toFraction('SqrtRational.fromSquare', 'square', square);
    if (f.s < 0n && f.n !== 0n) {
      throw new NumericsError(invalid('SqrtRational.fromSquare', 'square', 'non-negative', square));
    }
    if ((f.n === 0n) !== (sign === 0)) {
      throw new NumericsError(
        invalid('SqrtRational.fromSquare', 'square', sign === 0 ? 'zero when sign is 0' : 'non-zero when sign is -1 or 1', square),
      );
    }
    return trustedSqrtRational(sign, f.n, f.d);
  }

  /**
   * The exact rational number `value` (its square is value^2).
   * @throws {@link NumericsError} if `value` is not an exact rational.
   * @example
   * ```ts
   * import { SqrtRational } from 'lorentz-irreps';
   * console.assert(SqrtRational.fromRational('-1/2').toString() === '-1/2');
   * ```
   */
  static fromRational(value: RationalInput): SqrtRational {
    const f = toFraction('SqrtRational.fromRational', 'value', value);
    if (f.n === 0n) return SqrtRational.ZERO;
    return trustedSqrtRational(f.s < 0n ? -1 : 1, f.n * f.n, f.d * f.d);
  }

  /** The exact square p/q as a fresh `Fraction` (BigInt-backed). */
  get square(): Fraction {
    return new Fraction(this.squareNumerator, this.squareDenominator);
  }

  /** True when the value is 0. */
  isZero(): boolean {
    return this.sign === 0;
  }

  /** The value as a float64 (correctly signed; relative error below a few ulp). */
  toNumber(): number {
    return this.float;
  }

  /** True when `other` is the same exact number. */
  equals(other: SqrtRational): boolean {
    return (
      other instanceof SqrtRational &&
      other.sign === this.sign &&
      other.squareNumerator === this.squareNumerator &&
      other.squareDenominator === this.squareDenominator
    );
  }

  /** The exact product this * other. */
  times(other: SqrtRational): SqrtRational {
    if (this.sign === 0 || other.sign === 0) return SqrtRational.ZERO;
    const g1 = gcd(this.squareNumerator, other.squareDenominator);
    const g2 = gcd(other.squareNumerator, this.squareDenominator);
    return new SqrtRational(
      (this.sign * other.sign) as -1 | 1,
      (this.squareNumerator / g1) * (other.squareNumerator / g2),
      (this.squareDenominator / g2) * (other.squareDenominator / g1),
    );
  }

  /** The exact quotient this / other. @throws {@link NumericsError} if `other` is 0. */
  div(other: SqrtRational): SqrtRational {
    if (other.sign === 0) {
      throw new NumericsError(invalid('SqrtRational.div', 'other', 'non-zero', other.toString()));
    }
    return this.times(new SqrtRational(other.sign, other.squareDenominator, other.squareNumerator));
  }

  /** The exact value -this. */
  negate(): SqrtRational {
    return this.sign === 0 ? this : new SqrtRational((-this.sign) as -1 | 1, this.squareNumerator, this.squareDenominator);
  }

  /** The exact value |this|. */
  abs(): SqrtRational {
    return this.sign >= 0 ? this : this.negate();
  }

  /**
   * Text form: "0"; the rational value when the square is the square of a rational ("1/2", "-3");
   * otherwise "sqrt(p/q)" or "-sqrt(p/q)" ("sqrt(2)" when q = 1).
   */
  toString(): string {
    if (this.sign === 0) return '0';
    const minus = this.sign < 0 ? '-' : '';
    const rn = exactSqrt(this.squareNumerator);
    const rd = exactSqrt(this.squareDenominator);
    if (rn >= 0n && rd >= 0n) return `${minus}${rn}${rd === 1n ? '' : `/${rd}`}`;
    const inner = this.squareDenominator === 1n ? `${this.squareNumerator}` : `${this.squareNumerator}/${this.squareDenominator}`;
    return `${minus}sqrt(${inner})`;
  }

  /** JSON form: the text form. */
  toJSON(): string {
    return this.toString();
  }
}

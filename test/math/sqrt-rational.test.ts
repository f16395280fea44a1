import Fraction from 'fraction.js';
import { describe, expect, it } from 'vitest';
import { NumericsError, SqrtRational } from 'lorentz-irreps';

describe('SqrtRational', () => {
  it('prints zero, rational values and square roots in their short forms', () => {
    expect(SqrtRational.ZERO.toString()).toBe('0');
    expect(SqrtRational.fromSquare(1, '1/4').toString()).toBe('1/2');
    expect(SqrtRational.fromSquare(-1, 9).toString()).toBe('-3');
    expect(SqrtRational.fromSquare(-1, '1/2').toString()).toBe('-sqrt(1/2)');
    expect(SqrtRational.fromSquare(1, [2, 3]).toString()).toBe('sqrt(2/3)');
    expect(SqrtRational.fromSquare(1, 2).toString()).toBe('sqrt(2)');
    expect(SqrtRational.fromRational('-3/4').toString()).toBe('-3/4');
  });

  it('keeps its square exact, in lowest terms, as a fresh BigInt-backed Fraction', () => {
    const x = SqrtRational.fromSquare(1, [4n, 6n]);
    expect(x.squareNumerator).toBe(2n);
    expect(x.squareDenominator).toBe(3n);
    const s = x.square;
    expect(s).toBeInstanceOf(Fraction);
    expect(s.equals(new Fraction(2, 3))).toBe(true);
    expect(x.square).not.toBe(s);
  });

  it('converts to float with the sign applied', () => {
    expect(SqrtRational.fromSquare(-1, '1/2').toNumber()).toBeCloseTo(-Math.SQRT1_2, 15);
    expect(SqrtRational.fromSquare(1, [2n ** 2000n, 2n ** 1998n]).toNumber()).toBe(2);
    expect(SqrtRational.ZERO.toNumber()).toBe(0);
  });

  it('multiplies, divides, negates and compares exactly', () => {
    const h = SqrtRational.fromSquare(-1, '1/2');
    const t = SqrtRational.fromSquare(1, '2/3');
    expect(h.times(h).equals(SqrtRational.fromRational('1/2'))).toBe(true);
    expect(h.times(t).toString()).toBe('-sqrt(1/3)');
    expect(h.times(SqrtRational.ZERO).isZero()).toBe(true);
    expect(h.div(t).toString()).toBe('-sqrt(3/4)');
    expect(h.negate().toString()).toBe('sqrt(1/2)');
    expect(h.abs().equals(h.negate())).toBe(true);
    expect(h.equals(SqrtRational.fromSquare(-1, [2, 4]))).toBe(true);
    expect(h.equals(h.negate())).toBe(false);
    expect(SqrtRational.ZERO.negate()).toBe(SqrtRational.ZERO);
  });

  it('is frozen', () => {
    const x = SqrtRational.fromSquare(1, 3);
    expect(Object.isFrozen(x)).toBe(true);
    expect(Object.isFrozen(SqrtRational.ZERO)).toBe(true);
  });

  it('rejects a bad sign, a negative or non-rational square, and a sign that disagrees with zero', () => {
    expect(() => SqrtRational.fromSquare(2 as 1, 1)).toThrow(NumericsError);
    expect(() => SqrtRational.fromSquare(1, -1)).toThrow(/`square` must be non-negative/);
    expect(() => SqrtRational.fromSquare(1, Number.NaN)).toThrow(NumericsError);
    expect(() => SqrtRational.fromSquare(1, 'abc')).toThrow(NumericsError);
    expect(() => SqrtRational.fromSquare(0, 1)).toThrow(/zero when sign is 0/);
    expect(() => SqrtRational.fromSquare(1, 0)).toThrow(/non-zero/);
    expect(() => SqrtRational.ONE.div(SqrtRational.ZERO)).toThrow(NumericsError);
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NumericsError } from 'lorentz-irreps';
import { FastProduct, FastSum, fastSquare } from '../../src/math/exact-product';
import { primeMask } from '../../src/math/integer';
import { RadicalSum, radical, radicalDiv, radicalTimes, radicalToSqrtRational } from '../../src/math/radical';

const squarefree = fc.constantFrom(1, 2, 3, 5, 6, 7, 10, 11, 13, 14, 15, 21, 30, 42, 105, 2310);
const radicalArb = fc
  .tuple(fc.integer({ min: -60, max: 60 }).filter((n) => n !== 0), fc.integer({ min: 1, max: 60 }), squarefree)
  .map(([n, d, s]) => ({ n, d, s }));

const toBig = (x: { n: number; d: number; s: number }) => radical(BigInt(x.n), BigInt(x.d), BigInt(x.s));
const toFast = (x: { n: number; d: number; s: number }) => {
  const r = toBig(x);
  return { n: Number(r.n), d: Number(r.d), mask: primeMask(Number(r.s)) };
};

describe('exact radicals c * sqrt(s)', () => {
  it('multiply and divide to the float product and quotient, in lowest terms with squarefree radicands', () => {
    fc.assert(
      fc.property(radicalArb, radicalArb, (x, y) => {
        const fx = (x.n / x.d) * Math.sqrt(x.s);
        const fy = (y.n / y.d) * Math.sqrt(y.s);
        const p = radicalToSqrtRational(radicalTimes(toBig(x), toBig(y)));
        const q = radicalToSqrtRational(radicalDiv(toBig(x), toBig(y)));
        expect(p.toNumber()).toBeCloseTo(fx * fy, 10);
        expect(q.toNumber()).toBeCloseTo(fx / fy, 10);
        expect(primeMask(Number(radicalTimes(toBig(x), toBig(y)).s))).toBeGreaterThanOrEqual(0);
      }),
      { numRuns: 200, seed: 41 },
    );
  });

  it('agree between the float64-integer and the BigInt forms', () => {
    fc.assert(
      fc.property(radicalArb, radicalArb, radicalArb, (x, y, z) => {
        const fast = new FastProduct().set(toFast(x)).times(toFast(y)).divide(toFast(z));
        expect(fast.ok).toBe(true);
        const big = radicalDiv(radicalTimes(toBig(x), toBig(y)), toBig(z));
        const square = new Float64Array(2);
        expect(fastSquare(fast, square)).toBe(true);
        const exact = radicalToSqrtRational(big);
        expect([BigInt(square[0]), BigInt(square[1])]).toEqual([exact.squareNumerator, exact.squareDenominator]);
        expect(Math.sign(fast.n)).toBe(exact.sign);
      }),
      { numRuns: 200, seed: 42 },
    );
  });

  it('sum by radicand and collapse when a single radicand is left', () => {
    const sum = new RadicalSum();
    sum.add(radical(1n, 2n, 2n));
    sum.add(radical(1n, 3n, 3n));
    sum.add(radical(-1n, 3n, 3n));
    sum.add(radical(1n, 2n, 2n));
    const total = sum.collapse('test');
    expect([total.n, total.d, total.s]).toEqual([1n, 1n, 2n]);
    const fast = new FastSum();
    for (const x of [{ n: 1, d: 2, mask: 1 }, { n: 1, d: 3, mask: 2 }, { n: -1, d: 3, mask: 2 }, { n: 1, d: 2, mask: 1 }]) fast.add(x);
    expect(fast.radicands()).toBe(1);
    expect(fast.single()).toEqual({ n: 1, d: 1, mask: 1 });
  });

  it('refuse to collapse a sum of two different radicands with a typed internal error', () => {
    const sum = new RadicalSum();
    sum.add(radical(1n, 1n, 2n));
    sum.add(radical(1n, 1n, 3n));
    expect(() => sum.collapse('cgCoefficients')).toThrow(NumericsError);
    expect(() => sum.collapse('cgCoefficients')).toThrow(/internal error: the exact sum did not collapse.*sqrt\(2\).*sqrt\(3\)/);
  });

  it('report overflow instead of rounding when float64 integers would pass 2^53', () => {
    const big = { n: 2 ** 40 + 1, d: 3, mask: 0 };
    const p = new FastProduct().set(big).times(big);
    expect(p.ok).toBe(false);
    const square = new Float64Array(2);
    expect(fastSquare({ n: 2 ** 30, d: 1, mask: 0 }, square)).toBe(false);
    const sum = new FastSum();
    sum.add({ n: 2 ** 52, d: 3, mask: 0 });
    sum.add({ n: 2 ** 52, d: 5, mask: 0 });
    expect(sum.ok).toBe(false);
  });
});

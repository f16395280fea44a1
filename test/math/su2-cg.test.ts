import Fraction from 'fraction.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IrrepError, su2ClebschGordan } from 'lorentz-irreps';
import { racahBig, racahFast } from '../../src/math/su2-cg';
import { spinsUpTo, su2Reference } from './reference';

/** Calls fn(j1, a1, j2, a2, j, a) for every valid label set with j1, j2 <= max and a = a1 + a2. */
function forAllLabels(max: number, fn: (j1: number, a1: number, j2: number, a2: number, j: number, a: number) => void): void {
  for (const j1 of spinsUpTo(max)) {
    for (const j2 of spinsUpTo(max)) {
      for (let j = Math.abs(j1 - j2); j <= j1 + j2; j++) {
        for (let a1 = -j1; a1 <= j1; a1++) {
          for (let a2 = -j2; a2 <= j2; a2++) {
            if (Math.abs(a1 + a2) <= j) fn(j1, a1, j2, a2, j, a1 + a2);
          }
        }
      }
    }
  }
}

const sign = (x: number) => (Number.isInteger(x / 2) ? 1 : -1);

describe('su2ClebschGordan', () => {
  it('gives the reference values of CONVENTIONS.md exactly', () => {
    expect(su2ClebschGordan(0.5, 0.5, 0.5, -0.5, 1, 0).toString()).toBe('sqrt(1/2)');
    expect(su2ClebschGordan(0.5, -0.5, 0.5, 0.5, 0, 0).toString()).toBe('-sqrt(1/2)');
    expect(su2ClebschGordan(1, 1, 1, -1, 0, 0).toString()).toBe('sqrt(1/3)');
    expect(su2ClebschGordan(1, 0, 1, 0, 2, 0).toString()).toBe('sqrt(2/3)');
    expect(su2ClebschGordan(1, 1, 0.5, -0.5, 0.5, 0.5).toString()).toBe('sqrt(2/3)');
  });

  it('agrees with coupled states built by lowering and Gram-Schmidt for all spins up to 3', () => {
    for (const j1 of spinsUpTo(3)) {
      for (const j2 of spinsUpTo(3)) {
        const ref = su2Reference(j1, j2);
        for (let j = Math.abs(j1 - j2); j <= j1 + j2; j++) {
          for (let a1 = -j1; a1 <= j1; a1++) {
            for (let a2 = -j2; a2 <= j2; a2++) {
              if (Math.abs(a1 + a2) > j) continue;
              const exact = su2ClebschGordan(j1, a1, j2, a2, j, a1 + a2).toNumber();
              expect(Math.abs(exact - ref(a1, a2, j, a1 + a2))).toBeLessThan(1e-12);
            }
          }
        }
      }
    }
  });

  it('sums the squares over a1 and a2 to exactly 1 for every coupled state', () => {
    for (const j1 of spinsUpTo(3)) {
      for (const j2 of spinsUpTo(3)) {
        for (let j = Math.abs(j1 - j2); j <= j1 + j2; j++) {
          for (let a = -j; a <= j; a++) {
            let total = new Fraction(0);
            for (let a1 = -j1; a1 <= j1; a1++) {
              const a2 = a - a1;
              if (Math.abs(a2) <= j2) total = total.add(su2ClebschGordan(j1, a1, j2, a2, j, a).square);
            }
            expect(total.equals(1)).toBe(true);
          }
        }
      }
    }
  });

  it('is orthogonal between different coupled spins with the same projection', () => {
    for (const j1 of spinsUpTo(2)) {
      for (const j2 of spinsUpTo(2)) {
        for (let j = Math.abs(j1 - j2); j <= j1 + j2; j++) {
          for (let jp = j + 1; jp <= j1 + j2; jp++) {
            for (let a = -j; a <= j; a++) {
              let dot = 0;
              for (let a1 = -j1; a1 <= j1; a1++) {
                if (Math.abs(a - a1) > j2) continue;
                dot += su2ClebschGordan(j1, a1, j2, a - a1, j, a).toNumber() * su2ClebschGordan(j1, a1, j2, a - a1, jp, a).toNumber();
              }
              expect(Math.abs(dot)).toBeLessThan(1e-13);
            }
          }
        }
      }
    }
  });

  it('obeys the exchange, reflection and 3j-cycle symmetry relations exactly', () => {
    forAllLabels(2.5, (j1, a1, j2, a2, j, a) => {
      const c = su2ClebschGordan(j1, a1, j2, a2, j, a);
      const phase = sign(j1 + j2 - j);
      const swapped = su2ClebschGordan(j2, a2, j1, a1, j, a);
      expect(phase === 1 ? swapped.equals(c) : swapped.equals(c.negate())).toBe(true);
      const reflected = su2ClebschGordan(j1, -a1, j2, -a2, j, -a);
      expect(phase === 1 ? reflected.equals(c) : reflected.equals(c.negate())).toBe(true);
      // <j1 a1; j2 a2 | j a> = (-1)^(j1-a1) sqrt((2j+1)/(2j2+1)) <j1 a1; j -a | j2 -a2>
      const other = su2ClebschGordan(j1, a1, j, -a, j2, -a2);
      expect(c.square.equals(other.square.mul(new Fraction(2 * j + 1, 2 * j2 + 1)))).toBe(true);
      expect(c.sign).toBe(sign(j1 - a1) * other.sign || 0);
    });
  });

  it('returns exact zero for selection-rule zeros', () => {
    expect(su2ClebschGordan(1, 1, 1, 1, 1, 1).isZero()).toBe(true);
    expect(su2ClebschGordan(1, 0, 1, 0, 1, 0).isZero()).toBe(true); // accidental zero (odd j)
    expect(su2ClebschGordan(0.5, 0.5, 0.5, 0.5, 2, 1).isZero()).toBe(true); // outside the triangle
    expect(su2ClebschGordan(0.5, 0.5, 0.5, -0.5, 0.5, 0.5).isZero()).toBe(true); // j1 + j2 + j not an integer
  });

  it('rejects labels that are negative, not half-integers, NaN, outside -j..j, or of the wrong parity', () => {
    expect(() => su2ClebschGordan(-0.5, -0.5, 0.5, 0.5, 0, 0)).toThrow(IrrepError);
    expect(() => su2ClebschGordan(1 / 3, 0, 0.5, 0.5, 0, 0)).toThrow(/`j1` must be a finite half-integer/);
    expect(() => su2ClebschGordan(0.5, 0.5, Number.NaN, 0.5, 0, 0)).toThrow(/`j2`.*Value: `NaN`/);
    expect(() => su2ClebschGordan(0.5, 1.5, 0.5, 0.5, 2, 2)).toThrow(/`a1` must be between -j1 and j1/);
    expect(() => su2ClebschGordan(1, 0.5, 0.5, 0.5, 1, 1)).toThrow(/`a1` must be such that j1 - a1 is an integer/);
    expect(() => su2ClebschGordan(1, 0, 1, 0, 2, Number.POSITIVE_INFINITY)).toThrow(/`a`/);
    expect(() => su2ClebschGordan('1' as unknown as number, 0, 1, 0, 2, 0)).toThrow(IrrepError);
  });

  it('agrees with the lowering reference for drawn labels with spins up to 6 (fast-check)', () => {
    const labels = fc
      .tuple(fc.integer({ min: 0, max: 12 }), fc.integer({ min: 0, max: 12 }))
      .chain(([t1, t2]) =>
        fc.tuple(fc.constant(t1), fc.constant(t2), fc.integer({ min: 0, max: t1 }), fc.integer({ min: 0, max: t2 }), fc.integer({ min: 0, max: Math.min(t1, t2) })),
      );
    fc.assert(
      fc.property(labels, ([t1, t2, k1, k2, k]) => {
        const j1 = t1 / 2;
        const j2 = t2 / 2;
        const a1 = k1 - j1;
        const a2 = k2 - j2;
        const j = Math.abs(j1 - j2) + k;
        const exact = Math.abs(a1 + a2) <= j ? su2ClebschGordan(j1, a1, j2, a2, j, a1 + a2).toNumber() : 0;
        const ref = su2Reference(j1, j2)(a1, a2, j, a1 + a2);
        expect(Math.abs(exact - ref)).toBeLessThan(1e-11);
      }),
      { numRuns: 60, seed: 7 },
    );
  });

  it('gives the same exact parts in float64 integers as in BigInt arithmetic wherever the former fits', () => {
    let fast = 0;
    let fallback = 0;
    for (const [tj1, tj2] of [[7, 9], [16, 12], [24, 24], [40, 38]]) {
      for (let tj = Math.abs(tj1 - tj2); tj <= tj1 + tj2; tj += 4) {
        for (let ta1 = -tj1; ta1 <= tj1; ta1 += 2) {
          const ta2 = tj2 % 2; // the smallest projection of the right parity
          if (Math.abs(ta1 + ta2) > tj) continue;
          const parts = racahFast(tj1, ta1, tj2, ta2, tj, ta1 + ta2);
          const big = racahBig(tj1, ta1, tj2, ta2, tj, ta1 + ta2);
          if (parts === null) {
            fallback++;
            continue;
          }
          fast++;
          expect([BigInt(parts.n), BigInt(parts.d), BigInt(parts.s)]).toEqual([big.n, big.d, big.s]);
        }
      }
    }
    expect(fast).toBeGreaterThan(50);
    expect(fallback).toBeGreaterThan(10);
  });

  it('stays exactly normalized at spins large enough to need BigInt arithmetic', () => {
    for (const [j1, j2, j, a] of [[20, 19, 20, 0], [15.5, 14, 17.5, 1.5]]) {
      let total = new Fraction(0);
      for (let a1 = -j1; a1 <= j1; a1++) {
        const a2 = a - a1;
        if (Math.abs(a2) <= j2) total = total.add(su2ClebschGordan(j1, a1, j2, a2, j, a).square);
      }
      expect(total.equals(1)).toBe(true);
    }
  });
});

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DataError, ShapeError, linearSumAssignment } from 'lorentz-irreps';

/** Minimum cost over every injective map from the smaller side into the larger, by enumeration. */
function bruteForce(cost: number[][]): number {
  const n = cost.length;
  const m = n > 0 ? cost[0].length : 0;
  const small = Math.min(n, m);
  const at = (i: number, j: number) => (n <= m ? cost[i][j] : cost[j][i]);
  const large = Math.max(n, m);
  let best = Infinity;
  const used = new Array<boolean>(large).fill(false);
  const go = (i: number, acc: number) => {
    if (i === small) {
      best = Math.min(best, acc);
      return;
    }
    for (let j = 0; j < large; j++) {
      if (used[j]) continue;
      used[j] = true;
      go(i + 1, acc + at(i, j));
      used[j] = false;
    }
  };
  go(0, 0);
  return small === 0 ? 0 : best;
}

const matrix = (values: fc.Arbitrary<number>) =>
  fc.integer({ min: 1, max: 6 }).chain((n) => fc.integer({ min: 1, max: 6 }).chain((m) => fc.array(fc.array(values, { minLength: m, maxLength: m }), { minLength: n, maxLength: n })));

function checkValid(cost: number[][], r: ReturnType<typeof linearSumAssignment>): void {
  const n = cost.length;
  const m = cost[0].length;
  expect(r.rowInd.length).toBe(Math.min(n, m));
  expect(new Set(r.rowInd).size).toBe(r.rowInd.length);
  expect(new Set(r.colInd).size).toBe(r.colInd.length);
  expect([...r.rowInd]).toEqual([...r.rowInd].sort((a, b) => a - b));
  let total = 0;
  r.rowInd.forEach((i, k) => (total += cost[i][r.colInd[k]]));
  expect(total).toBe(r.cost);
}

describe('linearSumAssignment', () => {
  it('matches brute force on square and rectangular integer matrices, including ties', () => {
    fc.assert(
      fc.property(matrix(fc.integer({ min: 0, max: 5 })), (cost) => {
        const r = linearSumAssignment(cost);
        checkValid(cost, r);
        expect(r.cost).toBe(bruteForce(cost));
      }),
      { numRuns: 300 },
    );
  });

  it('matches brute force on real-valued matrices with negative entries', () => {
    fc.assert(
      fc.property(matrix(fc.double({ min: -1e3, max: 1e3, noNaN: true })), (cost) => {
        const r = linearSumAssignment(cost);
        checkValid(cost, r);
        expect(Math.abs(r.cost - bruteForce(cost))).toBeLessThanOrEqual(1e-9 * (1 + Math.abs(r.cost)));
      }),
      { numRuns: 300 },
    );
  });

  it('recovers a hidden permutation whose cost is the only zero in every row', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 40 }), fc.integer(), (n, seed) => {
        const perm = Array.from({ length: n }, (_, i) => i).sort((a, b) => Math.sin(seed + a) - Math.sin(seed + b));
        const cost = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (perm[i] === j ? 0 : 1 + ((i * 7 + j * 3) % 5))));
        const r = linearSumAssignment(cost);
        expect(Array.from(r.colInd)).toEqual(perm);
        expect(r.cost).toBe(0);
      }),
    );
  });

  it('returns an empty assignment for an empty matrix and rejects ragged or non-finite input', () => {
    expect(linearSumAssignment([]).rowInd.length).toBe(0);
    expect(linearSumAssignment([[], []]).cost).toBe(0);
    expect(() => linearSumAssignment([[1, 2], [3]])).toThrow(ShapeError);
    expect(() => linearSumAssignment([[1, Infinity]])).toThrow(DataError);
    expect(() => linearSumAssignment([[1, Number.NaN]])).toThrow(/`cost\[0\]\[1\]` must be a finite number/);
  });
});

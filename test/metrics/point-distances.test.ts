import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ConfigError, DataError, ShapeError, chamferDistance, hungarianDistance } from 'lorentz-irreps';

const sq = (x: readonly number[], y: readonly number[]) => x.reduce((s, v, k) => s + (v - y[k]) ** 2, 0);

/** The Chamfer formula written out directly. */
function chamferReference(a: number[][], b: number[][], squared: boolean): number {
  const d = (x: number[], y: number[]) => (squared ? sq(x, y) : Math.sqrt(sq(x, y)));
  const ab = a.reduce((s, x) => s + Math.min(...b.map((y) => d(x, y))), 0) / a.length;
  const ba = b.reduce((s, y) => s + Math.min(...a.map((x) => d(x, y))), 0) / b.length;
  return ab + ba;
}

/** Optimal-assignment MSE by enumerating every permutation. */
function hungarianReference(a: number[][], b: number[][]): number {
  let best = Infinity;
  const n = a.length;
  const used = new Array<boolean>(n).fill(false);
  const go = (i: number, acc: number) => {
    if (i === n) {
      best = Math.min(best, acc);
      return;
    }
    for (let j = 0; j < n; j++) {
      if (used[j]) continue;
      used[j] = true;
      go(i + 1, acc + sq(a[i], b[j]));
      used[j] = false;
    }
  };
  go(0, 0);
  return best / (n * a[0].length);
}

const point = fc.array(fc.double({ min: -100, max: 100, noNaN: true }), { minLength: 4, maxLength: 4 });
const jet = (max: number) => fc.array(point, { minLength: 1, maxLength: max });
const shuffled = <T>(xs: T[], seed: number) => xs.map((x, i) => [Math.sin(seed * 7.1 + i * 3.3), x] as const).sort((p, q) => p[0] - q[0]).map(([, x]) => x);

describe('chamferDistance', () => {
  it('equals the written-out formula, squared or not', () => {
    fc.assert(
      fc.property(jet(7), jet(7), fc.boolean(), (a, b, squared) => {
        const ref = chamferReference(a, b, squared);
        expect(Math.abs(chamferDistance(a, b, { squared }) - ref)).toBeLessThanOrEqual(1e-9 * (1 + ref));
      }),
    );
  });

  it('is exactly 0 for a perfect reconstruction in shuffled particle order, and symmetric', () => {
    fc.assert(
      fc.property(jet(10), jet(10), fc.integer(), (a, b, seed) => {
        expect(chamferDistance(a, shuffled(a, seed))).toBe(0);
        expect(chamferDistance(a, b)).toBe(chamferDistance(b, a));
      }),
    );
  });

  it('is at most 2 F times the optimal-assignment MSE for sets of equal size', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 6 }).chain((n) => fc.tuple(fc.array(point, { minLength: n, maxLength: n }), fc.array(point, { minLength: n, maxLength: n }))), ([a, b]) => {
        expect(chamferDistance(a, b)).toBeLessThanOrEqual(2 * 4 * hungarianDistance(a, b) * (1 + 1e-12) + 1e-12);
      }),
    );
  });

  it('takes flat typed arrays of four-momenta and other feature counts', () => {
    const a = [[1, 2, 3, 4], [5, 6, 7, 8]];
    const b = [[1, 2, 3, 5]];
    expect(chamferDistance(Float64Array.from(a.flat()), Float32Array.from(b.flat()))).toBe(chamferDistance(a, b));
    expect(chamferDistance(new Float64Array([0, 0, 3, 4]), new Float64Array([0, 0]), { features: 2, squared: false })).toBe(5 / 2 + 0);
  });

  it('rejects empty sets, mismatched features, ragged rows, NaN and bad options', () => {
    expect(() => chamferDistance([], [[1, 2, 3, 4]])).toThrow(ShapeError);
    expect(() => chamferDistance([[1, 2, 3, 4]], [[1, 2, 3]])).toThrow(/`b` must be rows of 4 features, like a/);
    expect(() => chamferDistance([[1, 2, 3, 4], [1, 2]], [[1, 2, 3, 4]])).toThrow(/`a\[1\]`/);
    expect(() => chamferDistance([[1, 2, 3, Number.NaN]], [[1, 2, 3, 4]])).toThrow(DataError);
    expect(() => chamferDistance(new Float64Array(5), new Float64Array(4))).toThrow(ShapeError);
    expect(() => chamferDistance([[1]], [[1]], { squared: 'yes' as never })).toThrow(ConfigError);
  });
});

describe('hungarianDistance', () => {
  it('equals the minimum over all permutations of the element-wise MSE', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 6 }).chain((n) => fc.tuple(fc.array(point, { minLength: n, maxLength: n }), fc.array(point, { minLength: n, maxLength: n }))), ([a, b]) => {
        const ref = hungarianReference(a, b);
        expect(Math.abs(hungarianDistance(a, b) - ref)).toBeLessThanOrEqual(1e-9 * (1 + ref));
      }),
    );
  });

  it('is exactly 0 for a perfect reconstruction in shuffled particle order, and symmetric', () => {
    fc.assert(
      fc.property(jet(30), fc.integer(), (a, seed) => {
        const b = shuffled(a, seed);
        expect(hungarianDistance(a, b)).toBe(0);
        expect(hungarianDistance(b, a)).toBe(0);
      }),
    );
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 8 }).chain((n) => fc.tuple(fc.array(point, { minLength: n, maxLength: n }), fc.array(point, { minLength: n, maxLength: n }))), ([a, b]) => {
        expect(Math.abs(hungarianDistance(a, b) - hungarianDistance(b, a))).toBeLessThanOrEqual(1e-9 * (1 + hungarianDistance(a, b)));
      }),
    );
  });

  it('rejects sets of different sizes', () => {
    expect(() => hungarianDistance([[1, 2, 3, 4]], [[1, 2, 3, 4], [1, 2, 3, 4]])).toThrow(/`b` must be a set of 1 points, like a/);
    expect(() => hungarianDistance([], [])).toThrow(ShapeError);
  });
});

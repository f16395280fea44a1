import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ConfigError, DataError, ShapeError, median, quantile, relativeErrorStats, relativeErrors } from 'lorentz-irreps';

describe('quantile', () => {
  it('matches values computed by numpy.quantile (linear interpolation)', () => {
    // numpy.quantile([7, 15, 36, 39, 40, 41], [0, 0.25, 0.5, 0.75, 1]) -> [7, 20.25, 37.5, 39.75, 41]
    const x = [41, 7, 39, 15, 40, 36];
    expect([0, 0.25, 0.5, 0.75, 1].map((q) => quantile(x, q))).toEqual([7, 20.25, 37.5, 39.75, 41]);
    // numpy.quantile([3, 1, 2], 0.1) -> 1.2
    expect(quantile([3, 1, 2], 0.1)).toBeCloseTo(1.2, 15);
    expect(median([5])).toBe(5);
  });

  it('lies between the order statistics around (n - 1) q and does not modify its input', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 50 }), fc.double({ min: 0, max: 1, noNaN: true }), (values, q) => {
        const copy = [...values];
        const sorted = [...values].sort((a, b) => a - b);
        const h = (values.length - 1) * q;
        const v = quantile(values, q);
        expect(v).toBeGreaterThanOrEqual(sorted[Math.floor(h)] - 1e-9);
        expect(v).toBeLessThanOrEqual(sorted[Math.ceil(h)] + 1e-9);
        expect(values).toEqual(copy);
      }),
    );
  });

  it('rejects q outside [0, 1], empty input and NaN', () => {
    expect(() => quantile([1], 1.5)).toThrow(ConfigError);
    expect(() => quantile([], 0.5)).toThrow(ShapeError);
    expect(() => median([1, Number.NaN])).toThrow(DataError);
  });
});

describe('relativeErrors and relativeErrorStats', () => {
  it('divide by the true value, keeping its sign', () => {
    expect(Array.from(relativeErrors([2, 1], [1, 2]).errors)).toEqual([1, -0.5]);
    expect(Array.from(relativeErrors([-3], [-2]).errors)).toEqual([0.5]);
  });

  it('are 0 with an IQR of 0 for a perfect reconstruction', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 1, max: 1e4, noNaN: true }), { minLength: 1, maxLength: 30 }), (t) => {
        expect(relativeErrorStats(t, t)).toMatchObject({ median: 0, iqr: 0, count: t.length, excludedZeros: 0 });
      }),
    );
  });

  it('summarize a known set of errors by its median and interquartile range', () => {
    const truth = [10, 20, 40, 80, 160];
    const reco = truth.map((t, i) => t * (1 + [-0.2, 0.1, 0, 0.3, -0.1][i]));
    const s = relativeErrorStats(reco, truth);
    expect(s.median).toBeCloseTo(0, 15);
    expect(s.q25).toBeCloseTo(-0.1, 15);
    expect(s.q75).toBeCloseTo(0.1, 15);
    expect(s.iqr).toBeCloseTo(0.2, 15);
  });

  it('throw on a zero true value by default, or exclude and count it when asked', () => {
    expect(() => relativeErrorStats([1, 2], [1, 0])).toThrow(/`target\[1\]` must be nonzero/);
    const s = relativeErrorStats([1, 2, 5], [1, 0, 4], { zeros: 'exclude' });
    expect(s.count).toBe(2);
    expect(s.excludedZeros).toBe(1);
    expect(s.median).toBeCloseTo(0.125, 15);
    expect(() => relativeErrorStats([1], [0], { zeros: 'exclude' })).toThrow(DataError);
    expect(() => relativeErrorStats([1], [1], { zeros: 'skip' as never })).toThrow(ConfigError);
  });

  it('reject arrays of different lengths and non-finite values', () => {
    expect(() => relativeErrors([1, 2], [1])).toThrow(ShapeError);
    expect(() => relativeErrors([Infinity], [1])).toThrow(DataError);
  });
});

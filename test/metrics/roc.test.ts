import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ConfigError, DataError, ShapeError, backgroundEfficiencyAt, backgroundRejectionAt, rocAuc, rocCurve, signalEfficiencyAt } from 'lorentz-irreps';

/** The Mann-Whitney statistic over all pairs, ties counted one half, divided by n_s n_b. */
function mannWhitney(s: number[], b: number[]): number {
  let twiceU = 0;
  for (const x of s) for (const y of b) twiceU += x > y ? 2 : x === y ? 1 : 0;
  return twiceU / (2 * s.length * b.length);
}

const scores = fc.array(fc.integer({ min: 0, max: 8 }), { minLength: 1, maxLength: 40 });
const realScores = fc.array(fc.double({ min: -5, max: 5, noNaN: true }), { minLength: 1, maxLength: 40 });

describe('rocCurve', () => {
  it('counts scores at or above each distinct threshold, from (0, 0) to (1, 1)', () => {
    fc.assert(
      fc.property(scores, scores, (s, b) => {
        const roc = rocCurve(s, b);
        const distinct = [...new Set([...s, ...b])].sort((x, y) => y - x);
        expect(Array.from(roc.thresholds)).toEqual([Infinity, ...distinct]);
        roc.thresholds.forEach((t, k) => {
          expect(roc.tpr[k]).toBe(s.filter((x) => x >= t).length / s.length);
          expect(roc.fpr[k]).toBe(b.filter((x) => x >= t).length / b.length);
        });
        expect([roc.fpr.at(-1), roc.tpr.at(-1)]).toEqual([1, 1]);
      }),
    );
  });

  it('rejects empty arrays and non-finite scores', () => {
    expect(() => rocCurve([], [1])).toThrow(ShapeError);
    expect(() => rocCurve([1, Number.NaN], [1])).toThrow(/`scoresSignal\[1\]` must be a finite number/);
    expect(() => rocCurve([1], [Infinity])).toThrow(DataError);
  });
});

describe('rocAuc', () => {
  it('equals the Mann-Whitney U statistic with ties counted one half', () => {
    fc.assert(
      fc.property(scores, scores, (s, b) => {
        expect(rocAuc(s, b)).toBe(mannWhitney(s, b));
      }),
    );
    fc.assert(
      fc.property(realScores, realScores, (s, b) => {
        expect(rocAuc(s, b)).toBe(mannWhitney(s, b));
      }),
    );
  });

  it('equals the trapezoidal area under the ROC curve', () => {
    fc.assert(
      fc.property(scores, scores, (s, b) => {
        const { fpr, tpr } = rocCurve(s, b);
        let area = 0;
        for (let k = 1; k < fpr.length; k++) area += ((fpr[k] - fpr[k - 1]) * (tpr[k] + tpr[k - 1])) / 2;
        expect(Math.abs(rocAuc(s, b) - area)).toBeLessThan(1e-12);
      }),
    );
  });

  it('is 1 for separable scores, 0 for inverted ones and 0.5 for identical distributions', () => {
    fc.assert(
      fc.property(realScores, realScores, (s, b) => {
        const shifted = s.map((x) => x + 20);
        expect(rocAuc(shifted, b)).toBe(1);
        expect(rocAuc(b, shifted)).toBe(0);
        expect(rocAuc(b, [...b].reverse())).toBe(0.5);
      }),
    );
    expect(rocAuc([7, 7, 7], [7])).toBe(0.5);
  });
});

describe('working points on the ROC curve', () => {
  it('read signal efficiency at a background efficiency by linear interpolation, highest on vertical steps', () => {
    fc.assert(
      fc.property(scores, scores, fc.double({ min: 0, max: 1, noNaN: true }), (s, b, x) => {
        const { fpr, tpr } = rocCurve(s, b);
        const got = signalEfficiencyAt(s, b, x);
        // reference: the largest value at fpr = x over all points and segments of the curve
        let best = -Infinity;
        for (let k = 0; k < fpr.length; k++) {
          if (fpr[k] === x) best = Math.max(best, tpr[k]);
          if (k + 1 < fpr.length && fpr[k] < x && x < fpr[k + 1]) {
            best = Math.max(best, tpr[k] + ((tpr[k + 1] - tpr[k]) * (x - fpr[k])) / (fpr[k + 1] - fpr[k]));
          }
        }
        expect(Math.abs(got - best)).toBeLessThan(1e-12);
      }),
    );
  });

  it('read background efficiency at a signal efficiency, lowest on horizontal steps, and its inverse as rejection', () => {
    fc.assert(
      fc.property(scores, scores, fc.double({ min: 0, max: 1, noNaN: true }), (s, b, y) => {
        const { fpr, tpr } = rocCurve(s, b);
        let best = Infinity;
        for (let k = 0; k < fpr.length; k++) {
          if (tpr[k] === y) best = Math.min(best, fpr[k]);
          if (k + 1 < fpr.length && tpr[k] < y && y < tpr[k + 1]) {
            best = Math.min(best, fpr[k] + ((fpr[k + 1] - fpr[k]) * (y - tpr[k])) / (tpr[k + 1] - tpr[k]));
          }
        }
        const got = backgroundEfficiencyAt(s, b, y);
        expect(Math.abs(got - best)).toBeLessThan(1e-12);
        expect(backgroundRejectionAt(s, b, y)).toBe(1 / got);
      }),
    );
  });

  it('rejects efficiencies outside [0, 1]', () => {
    expect(() => signalEfficiencyAt([1], [0], 1.5)).toThrow(ConfigError);
    expect(() => backgroundRejectionAt([1], [0], -0.1)).toThrow(/`signalEfficiency` must be a number in \[0, 1\]/);
  });
});

/**
 * Receiver operating characteristic of a binary classifier's scores (higher score = more
 * signal-like), its area, and working points.
 *
 * @packageDocumentation
 */
import { ConfigError, invalid } from '../errors';
import { finiteValues } from './scores';

/** A ROC curve: point k is (fpr[k], tpr[k]) for the cut score >= thresholds[k]. */
export interface RocCurve {
  /** Background efficiency (false positive rate) at each threshold, non-decreasing from 0 to 1. */
  readonly fpr: Float64Array;
  /** Signal efficiency (true positive rate) at each threshold, non-decreasing from 0 to 1. */
  readonly tpr: Float64Array;
  /** +Infinity, then every distinct score in decreasing order. */
  readonly thresholds: Float64Array;
}

/**
 * The ROC curve: for each threshold t, tpr = #{signal >= t} / n_s and fpr = #{background >= t} / n_b.
 * The thresholds are +Infinity (the point (0, 0)) and every distinct score, decreasing, so equal
 * scores form one point and a tie between signal and background becomes one diagonal segment.
 * Every point is kept (no collinear points are dropped).
 *
 * @param scoresSignal - scores of the signal jets (finite, non-empty).
 * @param scoresBackground - scores of the background jets (finite, non-empty).
 * @throws {@link ShapeError} for an empty array; {@link DataError} for a non-finite score.
 *
 * @example
 * ```ts
 * import { rocCurve } from 'lorentz-irreps';
 * const roc = rocCurve([0.9, 0.5], [0.5, 0.1]);
 * console.assert(roc.thresholds.join() === 'Infinity,0.9,0.5,0.1');
 * console.assert(roc.tpr.join() === '0,0.5,1,1' && roc.fpr.join() === '0,0,0.5,1');
 * ```
 */
export function rocCurve(scoresSignal: ArrayLike<number>, scoresBackground: ArrayLike<number>): RocCurve {
  const s = finiteValues(scoresSignal, 'rocCurve', 'scoresSignal').sort().reverse();
  const b = finiteValues(scoresBackground, 'rocCurve', 'scoresBackground').sort().reverse();
  const fpr = [0];
  const tpr = [0];
  const thresholds = [Infinity];
  let i = 0;
  let j = 0;
  while (i < s.length || j < b.length) {
    const t = Math.max(i < s.length ? s[i] : -Infinity, j < b.length ? b[j] : -Infinity);
    while (i < s.length && s[i] === t) i++;
    while (j < b.length && b[j] === t) j++;
    thresholds.push(t);
    tpr.push(i / s.length);
    fpr.push(j / b.length);
  }
  return { fpr: Float64Array.from(fpr), tpr: Float64Array.from(tpr), thresholds: Float64Array.from(thresholds) };
}

/**
 * Area under the ROC curve, computed exactly as the Mann-Whitney statistic
 * AUC = (1 / (n_s n_b)) sum_{i, j} ([s_i > b_j] + [s_i = b_j] / 2),
 * the probability that a random signal jet outscores a random background jet, ties counting
 * one half. It equals the trapezoidal area under {@link rocCurve}. 1 for fully separated scores,
 * 0.5 for identical distributions.
 *
 * @param scoresSignal - scores of the signal jets (finite, non-empty).
 * @param scoresBackground - scores of the background jets (finite, non-empty).
 * @throws {@link ShapeError} for an empty array; {@link DataError} for a non-finite score.
 *
 * @example
 * ```ts
 * import { rocAuc } from 'lorentz-irreps';
 * console.assert(rocAuc([3, 4], [1, 2]) === 1);
 * console.assert(rocAuc([1, 2], [1, 2]) === 0.5);
 * console.assert(rocAuc([2], [1, 2, 3]) === 0.5); // one win, one tie, one loss
 * ```
 */
export function rocAuc(scoresSignal: ArrayLike<number>, scoresBackground: ArrayLike<number>): number {
  const s = finiteValues(scoresSignal, 'rocAuc', 'scoresSignal').sort();
  const b = finiteValues(scoresBackground, 'rocAuc', 'scoresBackground').sort();
  // twiceU = sum over signal of (2 * #{b < s} + #{b == s}), counted with two pointers.
  let twiceU = 0;
  let below = 0;
  let upTo = 0;
  for (const x of s) {
    while (below < b.length && b[below] < x) below++;
    if (upTo < below) upTo = below;
    while (upTo < b.length && b[upTo] <= x) upTo++;
    twiceU += below + upTo;
  }
  return twiceU / (2 * s.length * b.length);
}

function checkRate(value: number, fn: string, argument: string): void {
  if (typeof value !== 'number' || !(value >= 0 && value <= 1)) throw new ConfigError(invalid(fn, argument, 'a number in [0, 1]', value));
}

/**
 * Signal efficiency at a given background efficiency, read off the ROC curve with linear
 * interpolation between its points. Where the curve rises vertically at the requested fpr (a
 * group of signal-only scores), the highest tpr at that fpr is returned, i.e. the best signal
 * efficiency reachable without exceeding the background efficiency.
 *
 * @param scoresSignal - scores of the signal jets.
 * @param scoresBackground - scores of the background jets.
 * @param backgroundEfficiency - the fpr, in [0, 1].
 * @returns the tpr, in [0, 1].
 * @throws as {@link rocCurve}; {@link ConfigError} for an efficiency outside [0, 1].
 *
 * @example
 * ```ts
 * import { signalEfficiencyAt } from 'lorentz-irreps';
 * const s = [0.2, 0.4, 0.6, 0.8];
 * const b = [0.1, 0.3, 0.5, 0.7];
 * console.assert(signalEfficiencyAt(s, b, 0.25) === 0.5); // cut between 0.5 and 0.6
 * console.assert(signalEfficiencyAt(s, b, 0.125) === 0.25); // without ties the curve is a staircase
 * console.assert(signalEfficiencyAt([0.5], [0.5], 0.25) === 0.25); // a tie: the diagonal segment
 * ```
 */
export function signalEfficiencyAt(scoresSignal: ArrayLike<number>, scoresBackground: ArrayLike<number>, backgroundEfficiency: number): number {
  checkRate(backgroundEfficiency, 'signalEfficiencyAt', 'backgroundEfficiency');
  const { fpr, tpr } = rocCurve(scoresSignal, scoresBackground);
  const x = backgroundEfficiency;
  let k = 0;
  while (k + 1 < fpr.length && fpr[k + 1] <= x) k++;
  if (fpr[k] === x || k + 1 === fpr.length) return tpr[k];
  return tpr[k] + ((tpr[k + 1] - tpr[k]) * (x - fpr[k])) / (fpr[k + 1] - fpr[k]);
}

/**
 * Background efficiency at a given signal efficiency, read off the ROC curve with linear
 * interpolation; where the curve runs horizontally at the requested tpr, the lowest fpr is
 * returned.
 *
 * @param scoresSignal - scores of the signal jets.
 * @param scoresBackground - scores of the background jets.
 * @param signalEfficiency - the tpr, in [0, 1].
 * @returns the fpr, in [0, 1].
 * @throws as {@link rocCurve}; {@link ConfigError} for an efficiency outside [0, 1].
 *
 * @example
 * ```ts
 * import { backgroundEfficiencyAt } from 'lorentz-irreps';
 * console.assert(backgroundEfficiencyAt([0.2, 0.4, 0.6, 0.8], [0.1, 0.3, 0.5, 0.7], 0.5) === 0.25);
 * ```
 */
export function backgroundEfficiencyAt(scoresSignal: ArrayLike<number>, scoresBackground: ArrayLike<number>, signalEfficiency: number): number {
  checkRate(signalEfficiency, 'backgroundEfficiencyAt', 'signalEfficiency');
  const { fpr, tpr } = rocCurve(scoresSignal, scoresBackground);
  const y = signalEfficiency;
  let k = 0;
  while (tpr[k] < y) k++; // tpr ends at 1 >= y
  if (tpr[k] === y || k === 0) return fpr[k];
  return fpr[k - 1] + ((fpr[k] - fpr[k - 1]) * (y - tpr[k - 1])) / (tpr[k] - tpr[k - 1]);
}

/**
 * Background rejection 1 / eps_B at a given signal efficiency eps_S (the top-tagging figure of
 * merit, usually quoted at eps_S = 0.3), with eps_B from {@link backgroundEfficiencyAt}.
 *
 * @param scoresSignal - scores of the signal jets.
 * @param scoresBackground - scores of the background jets.
 * @param signalEfficiency - eps_S, in [0, 1].
 * @returns 1 / eps_B; +Infinity when eps_B = 0.
 * @throws as {@link backgroundEfficiencyAt}.
 *
 * @example
 * ```ts
 * import { backgroundRejectionAt } from 'lorentz-irreps';
 * console.assert(backgroundRejectionAt([0.2, 0.4, 0.6, 0.8], [0.1, 0.3, 0.5, 0.7], 0.5) === 4);
 * console.assert(backgroundRejectionAt([3, 4], [1, 2], 0.3) === Infinity);
 * ```
 */
export function backgroundRejectionAt(scoresSignal: ArrayLike<number>, scoresBackground: ArrayLike<number>, signalEfficiency: number): number {
  checkRate(signalEfficiency, 'backgroundRejectionAt', 'signalEfficiency');
  return 1 / backgroundEfficiencyAt(scoresSignal, scoresBackground, signalEfficiency);
}

/**
 * Quantiles with linear interpolation (NumPy's default `method='linear'`, Hyndman and Fan type 7).
 *
 * @packageDocumentation
 */
import { ConfigError, invalid } from '../errors';
import { finiteValues } from './scores';

/** Quantile q of values already sorted ascending (trusted kernel of {@link quantile}). */
export function sortedQuantile(sorted: Float64Array, q: number): number {
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

/**
 * The q-quantile with linear interpolation, as `numpy.quantile(values, q)`: with the values
 * sorted ascending x_0 <= ... <= x_{n-1} and h = (n - 1) q, the result is
 * x_floor(h) + (h - floor(h)) (x_floor(h)+1 - x_floor(h)).
 *
 * @param values - finite numbers (non-empty); not modified.
 * @param q - the probability, in [0, 1].
 * @throws {@link ShapeError} for no values; {@link DataError} for a non-finite value;
 * {@link ConfigError} for q outside [0, 1].
 *
 * @example
 * ```ts
 * import { quantile } from 'lorentz-irreps';
 * console.assert(quantile([1, 2, 3, 4], 0.5) === 2.5);
 * console.assert(quantile([4, 1, 3, 2], 0.25) === 1.75);
 * ```
 */
export function quantile(values: ArrayLike<number>, q: number): number {
  if (typeof q !== 'number' || !(q >= 0 && q <= 1)) throw new ConfigError(invalid('quantile', 'q', 'a number in [0, 1]', q));
  return sortedQuantile(finiteValues(values, 'quantile', 'values').sort(), q);
}

/**
 * The median, `quantile(values, 0.5)`.
 *
 * @param values - finite numbers (non-empty); not modified.
 * @throws as {@link quantile}.
 *
 * @example
 * ```ts
 * import { median } from 'lorentz-irreps';
 * console.assert(median([5, 1, 3]) === 3 && median([1, 2]) === 1.5);
 * ```
 */
export function median(values: ArrayLike<number>): number {
  return sortedQuantile(finiteValues(values, 'median', 'values').sort(), 0.5);
}

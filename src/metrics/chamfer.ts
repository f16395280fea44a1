/**
 * Chamfer distance between two particle sets.
 *
 * @packageDocumentation
 */
import { ConfigError, ShapeError, invalid } from '../errors';
import { flatPoints, sameFeatures, squaredDistance, type PointSet } from './points';

/** Options of {@link chamferDistance}. */
export interface ChamferOptions {
  /** Use squared Euclidean distances (default true) or plain Euclidean distances (false). */
  readonly squared?: boolean;
  /** Row length F of flat typed-array inputs (default 4, a four-momentum (E, px, py, pz)). */
  readonly features?: number;
}

/**
 * Chamfer distance between point sets a (N points) and b (M points) of F Cartesian features
 * (for jets: four-momenta (E, px, py, pz) compared component-wise, not with the Minkowski metric):
 *
 * CD(a, b) = (1/N) sum_i min_j d(a_i, b_j) + (1/M) sum_j min_i d(a_i, b_j),
 *
 * with d(x, y) = |x - y|^2 (squared, the default) or |x - y|. Symmetric, zero iff the two sets
 * are equal as sets, and independent of particle order.
 *
 * @param a - first particle set, `number[N][F]` or a flat typed array of N*F values.
 * @param b - second particle set, M rows of the same F.
 * @param options - squared (default true), features for flat inputs (default 4).
 * @returns the distance, in (unit of the features)^2 when squared, else in the unit.
 * @throws {@link ShapeError} for an empty set, ragged rows or differing F; {@link DataError} for
 * non-finite values; {@link ConfigError} for bad options.
 *
 * @example
 * ```ts
 * import { chamferDistance } from 'lorentz-irreps';
 * const a = [[1, 0, 0, 1], [2, 1, 1, 0]];
 * console.assert(chamferDistance(a, [a[1], a[0]]) === 0);
 * console.assert(chamferDistance([[0, 0, 0, 0]], [[1, 0, 0, 0], [3, 0, 0, 0]]) === 1 + (1 + 9) / 2);
 * ```
 */
export function chamferDistance(a: PointSet, b: PointSet, options: ChamferOptions = {}): number {
  const fn = 'chamferDistance';
  const features = options.features ?? 4;
  if (!Number.isInteger(features) || features < 1) throw new ConfigError(invalid(fn, 'options.features', 'a positive integer', features));
  const squared = options.squared ?? true;
  if (typeof squared !== 'boolean') throw new ConfigError(invalid(fn, 'options.squared', 'a boolean', squared));
  const A = flatPoints(a, fn, 'a', features);
  const B = flatPoints(b, fn, 'b', features);
  if (A.n === 0) throw new ShapeError(invalid(fn, 'a', 'a non-empty set of points', a));
  if (B.n === 0) throw new ShapeError(invalid(fn, 'b', 'a non-empty set of points', b));
  sameFeatures(A, B, fn);
  const minA = new Float64Array(A.n).fill(Infinity);
  const minB = new Float64Array(B.n).fill(Infinity);
  for (let i = 0; i < A.n; i++) {
    for (let j = 0; j < B.n; j++) {
      const d2 = squaredDistance(A, i, B, j);
      const d = squared ? d2 : Math.sqrt(d2);
      if (d < minA[i]) minA[i] = d;
      if (d < minB[j]) minB[j] = d;
    }
  }
  let sa = 0;
  for (const d of minA) sa += d;
  let sb = 0;
  for (const d of minB) sb += d;
  return sa / A.n + sb / B.n;
}

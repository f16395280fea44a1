/**
 * Mean squared error after optimal matching of particles.
 *
 * @packageDocumentation
 */
import { ConfigError, ShapeError, invalid } from '../errors';
import { linearSumAssignment } from './assignment';
import { flatPoints, sameFeatures, squaredDistance, type PointSet } from './points';

/** Options of {@link hungarianDistance}. */
export interface HungarianOptions {
  /** Row length F of flat typed-array inputs (default 4, a four-momentum (E, px, py, pz)). */
  readonly features?: number;
}

/**
 * Optimal-assignment mean squared error between two sets of N particles of F Cartesian
 * features: the particles of b are matched one-to-one to those of a by
 * {@link linearSumAssignment} on the cost C_ij = |a_i - b_j|^2, and
 *
 * H(a, b) = (1 / (N F)) min over permutations s of sum_i |a_i - b_s(i)|^2,
 *
 * i.e. the element-wise MSE of b reordered to match a (the normalization of PyTorch's
 * `MSELoss` after matching). Symmetric and independent of particle order in either set.
 *
 * @param a - first set, `number[N][F]` or a flat typed array.
 * @param b - second set, N rows of the same F.
 * @param options - features for flat inputs (default 4).
 * @returns the MSE, in (unit of the features)^2.
 * @throws {@link ShapeError} for empty sets, unequal N, ragged rows or differing F;
 * {@link DataError} for non-finite values; {@link ConfigError} for bad options.
 *
 * @example
 * ```ts
 * import { hungarianDistance } from 'lorentz-irreps';
 * const a = [[1, 0, 0, 1], [2, 1, 1, 0], [3, 0, 2, 1]];
 * console.assert(hungarianDistance(a, [a[2], a[0], a[1]]) === 0);
 * console.assert(hungarianDistance([[0, 0], [10, 0]], [[10, 1], [0, 1]]) === 2 / 4);
 * ```
 */
export function hungarianDistance(a: PointSet, b: PointSet, options: HungarianOptions = {}): number {
  const fn = 'hungarianDistance';
  const features = options.features ?? 4;
  if (!Number.isInteger(features) || features < 1) throw new ConfigError(invalid(fn, 'options.features', 'a positive integer', features));
  const A = flatPoints(a, fn, 'a', features);
  const B = flatPoints(b, fn, 'b', features);
  if (A.n === 0) throw new ShapeError(invalid(fn, 'a', 'a non-empty set of points', a));
  if (B.n !== A.n) throw new ShapeError(invalid(fn, 'b', `a set of ${A.n} points, like a`, `${B.n} points`));
  sameFeatures(A, B, fn);
  const cost: Float64Array[] = [];
  for (let i = 0; i < A.n; i++) {
    const row = new Float64Array(B.n);
    for (let j = 0; j < B.n; j++) row[j] = squaredDistance(A, i, B, j);
    cost.push(row);
  }
  return linearSumAssignment(cost).cost / (A.n * A.f);
}

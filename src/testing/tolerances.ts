/**
 * The one table of tolerances used by the equivariance and permutation checks, keyed by backend
 * and dtype.
 *
 * @packageDocumentation
 */
import { ConfigError, invalid } from '../errors';
import type { DType } from '../tensor/types';

/** Base relative tolerances of one backend, per storage dtype. */
export interface DTypeTolerances {
  readonly float64: number;
  readonly float32: number;
}

/**
 * Base relative tolerances of the symmetry checks, per backend name and dtype (frozen). The entry
 * `'*'` applies to backends not listed.
 *
 * A check compares two computations of the same quantity that differ only by rounding (for
 * example F(g.x) and g.F(x)). Their difference is bounded by a few units of rounding of the
 * largest intermediate values, so the tolerance is relative to the largest output magnitude:
 *
 * - permutations: |difference| <= base * max|output|;
 * - a Lorentz transformation g: |difference| <= base * kappa(g)^2 * max|output|, where
 *   kappa(g) = max_ij |L(g)_ij| >= 1 is the largest entry of the 4 x 4 matrix (cosh r + sinh r = e^r
 *   for a boost of rapidity r, 1 for a rotation). Invariants of boosted four-vectors are
 *   differences of products of components of size kappa |p|, so they carry an absolute rounding
 *   error of order eps * kappa^2 |p|^2; that is where the square comes from.
 *
 * Values: CPU float64 1e-13 (about 450 eps, room for the depth of a model); float32 2e-5 on the
 * CPU (which computes in float64 and only stores float32) and 1e-4 on accelerators that compute
 * in float32. At rapidity 10 (kappa^2 = e^20, about 4.9e8) a float64 check allows 4.9e-5 of the
 * output scale; float32 checks are only meaningful at small rapidities.
 *
 * @example
 * ```ts
 * import { SYMMETRY_TOLERANCES } from 'lorentz-irreps/testing';
 * console.assert(SYMMETRY_TOLERANCES.cpu.float64 === 1e-13 && Object.isFrozen(SYMMETRY_TOLERANCES));
 * ```
 */
export const SYMMETRY_TOLERANCES: Readonly<Record<string, DTypeTolerances>> = Object.freeze({
  cpu: Object.freeze({ float64: 1e-13, float32: 2e-5 }),
  gpujs: Object.freeze({ float64: 1e-13, float32: 1e-4 }),
  '*': Object.freeze({ float64: 1e-12, float32: 1e-4 }),
});

/**
 * The base tolerance of {@link SYMMETRY_TOLERANCES} for a backend and dtype (the `'*'` entry for a
 * backend not listed).
 * @throws {@link index!ConfigError} if `dtype` is not 'float64' or 'float32'.
 *
 * @example
 * ```ts
 * import { symmetryTolerance } from 'lorentz-irreps/testing';
 * console.assert(symmetryTolerance('cpu', 'float64') === 1e-13);
 * console.assert(symmetryTolerance('someOtherBackend', 'float32') === 1e-4);
 * ```
 */
export function symmetryTolerance(backend: string, dtype: DType): number {
  if (dtype !== 'float64' && dtype !== 'float32') {
    throw new ConfigError(invalid('symmetryTolerance', 'dtype', "'float64' or 'float32'", dtype));
  }
  const row = SYMMETRY_TOLERANCES[backend] ?? SYMMETRY_TOLERANCES['*'];
  return row[dtype];
}

/**
 * The largest entry kappa(g) = max_ij |L_ij| of a Lorentz matrix given row-major (16 numbers),
 * the growth factor of the tolerance of {@link SYMMETRY_TOLERANCES}.
 * @internal
 */
export function lorentzGrowth(matrix: ArrayLike<number>): number {
  let kappa = 1;
  for (let k = 0; k < 16; k++) kappa = Math.max(kappa, Math.abs(matrix[k]));
  return kappa;
}

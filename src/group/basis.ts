/**
 * The two bases in which representation matrices are written, and the change between them.
 *
 * @packageDocumentation
 */
import { ConfigError, invalid } from '../errors';
import { canonicalBasisMatrix } from '../math/canonical-basis';
import type { CGBasis } from '../math/cg-tables';
import type { LorentzIrrep } from '../math/irrep';
import { ComplexMatrix } from './complex-matrix';

/**
 * Options shared by the functions that return matrices of an irrep.
 * @example
 * ```ts
 * import { type BasisOptions, boostMatrix } from 'lorentz-irreps';
 * const options: BasisOptions = { basis: 'product' };
 * console.assert(boostMatrix('(1,1)', 'x', 0.1, options).rows === 9);
 * ```
 */
export interface BasisOptions {
  /**
   * The basis of the result (CONVENTIONS.md, "Bases"): `'canonical'` (the default; SU(2) blocks
   * l = |m-n|..m+n ascending, mu = -l..l ascending, rotations block-diagonal) or `'product'`
   * (|m,a> (x) |n,b>, a outer, b inner, both ascending). The same names as for Clebsch-Gordan tables.
   */
  basis?: CGBasis;
}

/**
 * The basis named in `options`, `'canonical'` when absent.
 * @throws {@link ConfigError} on another value.
 * @internal
 */
export function readBasis(fn: string, options: BasisOptions | undefined): CGBasis {
  const basis = options?.basis ?? 'canonical';
  if (basis !== 'canonical' && basis !== 'product') {
    throw new ConfigError(invalid(fn, 'options.basis', "'canonical' or 'product'", basis));
  }
  return basis;
}

/**
 * Rewrites a matrix written in the product basis of `irrep` into the canonical basis:
 * C X C^T, with C = canonicalBasisMatrix(irrep) real orthogonal (row = canonical index).
 * @internal
 */
export function productToCanonical(irrep: LorentzIrrep, x: ComplexMatrix): ComplexMatrix {
  const d = irrep.dim;
  const c = ComplexMatrix.fromReal(d, d, canonicalBasisMatrix(irrep));
  return c.matmul(x).matmul(c.transpose());
}

/**
 * `x` (written in the product basis) in the basis `basis`.
 * @internal
 */
export function inBasis(irrep: LorentzIrrep, x: ComplexMatrix, basis: CGBasis): ComplexMatrix {
  return basis === 'canonical' ? productToCanonical(irrep, x) : x;
}

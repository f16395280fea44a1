/**
 * The two bases in which representation matrices are written, and the change between them.
 *
 * @packageDocumentation
 */
import { ConfigError, IrrepError, invalid } from '../errors';
import { canonicalBasisMatrix } from '../math/canonical-basis';
import { LorentzIrrep } from '../math/irrep';
import { ComplexMatrix } from './complex-matrix';

/**
 * The basis of an irrep (m, n) a matrix is written in (CONVENTIONS.md, "Bases"):
 * - `'canonical'` (the default): SU(2) blocks l = |m-n|..m+n ascending, mu = -l..l ascending;
 *   rotations are block-diagonal;
 * - `'product'`: |m,a> (x) |n,b>, a outer, b inner, both ascending.
 * @example
 * ```ts
 * import { type RepresentationBasis, rotationMatrix } from 'lorentz-irreps';
 * // (1/2,1/2) rotated about z: canonical index 1 is (l, mu) = (1, -1); product index 1 is (a, b) = (-1/2, 1/2).
 * const phase = (basis: RepresentationBasis) => rotationMatrix('(1/2,1/2)', 'z', 0.4, { basis }).get(1, 1).arg();
 * console.assert(Math.abs(phase('canonical') - 0.4) < 1e-15 && Math.abs(phase('product')) < 1e-15);
 * ```
 */
export type RepresentationBasis = 'canonical' | 'product';

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
  /** The basis of the result (default `'canonical'`). */
  basis?: RepresentationBasis;
}

/**
 * The basis named in `options`, `'canonical'` when absent.
 * @throws {@link ConfigError} on another value.
 * @internal
 */
export function readBasis(fn: string, options: BasisOptions | undefined): RepresentationBasis {
  const basis = options?.basis ?? 'canonical';
  if (basis !== 'canonical' && basis !== 'product') {
    throw new ConfigError(invalid(fn, 'options.basis', "'canonical' or 'product'", basis));
  }
  return basis;
}

/**
 * `irrep` as a {@link LorentzIrrep}, parsing its text form "(m,n)".
 * @throws {@link IrrepError} on anything else.
 * @internal
 */
export function readIrrep(fn: string, irrep: unknown): LorentzIrrep {
  if (irrep instanceof LorentzIrrep) return irrep;
  if (typeof irrep === 'string') {
    try {
      return LorentzIrrep.parse(irrep);
    } catch {
      // reported below with this function's name
    }
  }
  throw new IrrepError(invalid(fn, 'irrep', 'a LorentzIrrep or its text form such as "(1/2,1/2)"', irrep));
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
export function inBasis(irrep: LorentzIrrep, x: ComplexMatrix, basis: RepresentationBasis): ComplexMatrix {
  return basis === 'canonical' ? productToCanonical(irrep, x) : x;
}

/**
 * Planar complex storage: real and imaginary parts in two separate float64 arrays.
 *
 * @packageDocumentation
 */

/**
 * A complex array in planar form, the storage used for complex data across lorentz-irreps:
 * element k is `re[k] + i im[k]`; `re` and `im` have the same length. Multi-dimensional data is
 * row-major (the last axis varies fastest) in both arrays alike.
 *
 * @example
 * ```ts
 * import { type ComplexArray } from 'lorentz-irreps';
 * const z: ComplexArray = { re: new Float64Array([1, 0]), im: new Float64Array([0, 1]) }; // [1, i]
 * console.assert(z.re.length === z.im.length);
 * ```
 */
export interface ComplexArray {
  /** Real parts. */
  re: Float64Array;
  /** Imaginary parts (same length as `re`). */
  im: Float64Array;
}

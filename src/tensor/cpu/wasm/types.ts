/**
 * Shapes and signatures of the float64 hot kernels of the CPU backend: batched real and complex
 * matrix products, the sparse Clebsch-Gordan contraction and its vector-Jacobian product, and
 * pairwise squared Minkowski distances. Two implementations share these signatures: a plain
 * TypeScript reference and a WebAssembly (f64x2 SIMD) one.
 *
 * Complex data is planar: a complex array is a pair of `Float64Array`s (real parts, imaginary
 * parts) of equal layout. All arrays are row-major. Outputs never alias inputs.
 *
 * Internal to the CPU backend: not exported from the package entry point.
 *
 * @packageDocumentation
 * @internal
 */

/**
 * Shape of a batched matrix product `out[b] = op(A[b]) op(B[b])` for `b = 0..batch-1`, where
 * op(A) is m x k and op(B) is k x n.
 *
 * - `A[b]` starts at element `b * aBatchStride` and is stored m x k, or k x m when `transA`
 *   (then op(A) = A^T). Likewise `B[b]` starts at `b * bBatchStride` and is stored k x n, or
 *   n x k when `transB`.
 * - `conjA` / `conjB` (complex product only) conjugate the operand; together with the transpose
 *   flag this gives the conjugate transpose.
 * - A batch stride of 0 broadcasts one matrix over the whole batch.
 * - `out` is dense batch x m x n and is overwritten.
 */
export interface MatmulShape {
  /** Number of products, a non-negative integer. */
  readonly batch: number;
  /** Rows of op(A) and of the result. */
  readonly m: number;
  /** Columns of op(A), rows of op(B) (the contracted dimension). */
  readonly k: number;
  /** Columns of op(B) and of the result. */
  readonly n: number;
  /** Use A^T: A is stored k x m. Default false. */
  readonly transA?: boolean;
  /** Use B^T: B is stored n x k. Default false. */
  readonly transB?: boolean;
  /** Conjugate A (complex product only; ignored by the real product). Default false. */
  readonly conjA?: boolean;
  /** Conjugate B (complex product only; ignored by the real product). Default false. */
  readonly conjB?: boolean;
  /** Elements between consecutive A matrices; 0 broadcasts one A. Default m * k. */
  readonly aBatchStride?: number;
  /** Elements between consecutive B matrices; 0 broadcasts one B. Default k * n. */
  readonly bBatchStride?: number;
}

/**
 * A sparse real coupling tensor H with entries `H[i1[e], i2[e], i[e]] = values[e]`, used as
 * `out[i] = sum_e values[e] x1[i1[e]] x2[i2[e]]` (the Clebsch-Gordan contraction of the
 * conventions page, `out[i] = sum H[i1, i2, i] x1[i1] x2[i2]`). Repeated index triples add up.
 */
export interface SparseCG {
  /** Dimension of the first input. */
  readonly d1: number;
  /** Dimension of the second input. */
  readonly d2: number;
  /** Dimension of the output. */
  readonly d: number;
  /** Index into the first input, per entry, in [0, d1). */
  readonly i1: Int32Array;
  /** Index into the second input, per entry, in [0, d2). */
  readonly i2: Int32Array;
  /** Index into the output, per entry, in [0, d). */
  readonly i: Int32Array;
  /** Real coefficient, per entry. */
  readonly values: Float64Array;
}

/**
 * The float64 hot kernels of the CPU backend. Every method validates its arguments (O(1) checks,
 * plus O(nnz) index checks for the CG table) and throws the typed errors listed; after that the
 * computation itself cannot fail.
 *
 * Errors (every method): {@link ShapeError} when a size is not a non-negative integer, an array is
 * shorter than its layout needs, or an output overlaps another argument; {@link DTypeError} when
 * an array is not of the stated typed-array class; {@link IndexError} when a CG index is out of
 * range; {@link MemoryError} (WebAssembly only) when the working memory cannot grow enough.
 */
export interface CpuKernels {
  /** Which implementation this is. */
  readonly name: 'typescript' | 'wasm-simd';

  /**
   * Batched real matrix product `out[b] = op(A[b]) op(B[b])` (see {@link MatmulShape}; the conj
   * flags are ignored).
   * @param a - A matrices, at least `(batch-1) * aBatchStride + m*k` elements when batch > 0.
   * @param b - B matrices, at least `(batch-1) * bBatchStride + k*n` elements when batch > 0.
   * @param out - batch x m x n, overwritten.
   */
  matmulReal(a: Float64Array, b: Float64Array, out: Float64Array, shape: MatmulShape): void;

  /**
   * Batched planar complex matrix product `out[b] = op(A[b]) op(B[b])`, op transposing and/or
   * conjugating per {@link MatmulShape}. Sizes as in {@link CpuKernels.matmulReal}, per plane.
   */
  matmulComplex(
    aRe: Float64Array, aIm: Float64Array, bRe: Float64Array, bIm: Float64Array,
    outRe: Float64Array, outIm: Float64Array, shape: MatmulShape,
  ): void;

  /**
   * Sparse CG contraction over a batch:
   * `out[b, i] (+)= sum_e values[e] x1[b, i1[e]] x2[b, i2[e]]`.
   * @param x1Re - batch x d1 (and x1Im likewise).
   * @param x2Re - batch x d2 (and x2Im likewise).
   * @param outRe - batch x d (and outIm likewise); overwritten, or added to when `accumulate`.
   * @param batch - number of rows, a non-negative integer.
   * @param accumulate - add to `out` instead of overwriting it. Default false.
   */
  cgContract(
    table: SparseCG, x1Re: Float64Array, x1Im: Float64Array, x2Re: Float64Array, x2Im: Float64Array,
    outRe: Float64Array, outIm: Float64Array, batch: number, accumulate?: boolean,
  ): void;

  /**
   * Vector-Jacobian product of {@link CpuKernels.cgContract} for a real loss L, with the
   * library's complex-gradient convention (gradient of w = a + ib is dL/da + i dL/db):
   * `g1[b, i1] += sum_e values[e] conj(x2[b, i2[e]]) g[b, i[e]]` and
   * `g2[b, i2] += sum_e values[e] conj(x1[b, i1[e]]) g[b, i[e]]`.
   * g1 (batch x d1) and g2 (batch x d2) are accumulated into (zero them for a plain gradient) and
   * must not overlap each other or any input.
   */
  cgContractVjp(
    table: SparseCG, x1Re: Float64Array, x1Im: Float64Array, x2Re: Float64Array, x2Im: Float64Array,
    gRe: Float64Array, gIm: Float64Array, g1Re: Float64Array, g1Im: Float64Array,
    g2Re: Float64Array, g2Im: Float64Array, batch: number,
  ): void;

  /**
   * Pairwise squared Minkowski distances with metric (+,-,-,-):
   * `out[b, i, j] = (E_i - E_j)^2 - (px_i - px_j)^2 - (py_i - py_j)^2 - (pz_i - pz_j)^2`,
   * evaluated in exactly that order (so both implementations agree to the last bit). Units: the
   * square of the momentum unit.
   * @param p - batch x n x 4 four-momenta (E, px, py, pz).
   * @param out - batch x n x n, overwritten.
   */
  pairwiseMinkowskiSq(p: Float64Array, out: Float64Array, batch: number, n: number): void;
}

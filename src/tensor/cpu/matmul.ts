/**
 * The CPU matrix-product boundary. The batched matmul kernel calls {@link matmulImpl} and nothing
 * else, so a faster implementation (WebAssembly SIMD) can be swapped in with
 * {@link setMatmulKernels} without touching the kernel. The TypeScript loops here serve float32
 * tensors and are the fallback.
 *
 * @packageDocumentation
 */
import type { FloatArray } from '../types';

/**
 * Layout of a batched product out[t] = op(A[t]) op(B[t]), t = 0..batch-1; op(A) is m x k and
 * op(B) k x n. A[t] starts at t * aBatchStride and is stored m x k (k x m when transA); B[t] starts
 * at t * bBatchStride and is stored k x n (n x k when transB). conjA/conjB conjugate the operand.
 * A batch stride of 0 broadcasts one matrix. out is dense batch x m x n and overwritten.
 */
export interface MatmulParams {
  readonly batch: number;
  readonly m: number;
  readonly k: number;
  readonly n: number;
  readonly transA: boolean;
  readonly transB: boolean;
  readonly conjA: boolean;
  readonly conjB: boolean;
  readonly aBatchStride: number;
  readonly bBatchStride: number;
}

/**
 * A matmul implementation. `aIm`/`bIm` are null for real operands; `outIm` is null exactly when
 * both are real.
 */
export type MatmulImpl = (
  aRe: FloatArray,
  aIm: FloatArray | null,
  bRe: FloatArray,
  bIm: FloatArray | null,
  outRe: FloatArray,
  outIm: FloatArray | null,
  p: MatmulParams,
) => void;

/** The float64 kernels a faster implementation provides (the shape of the WebAssembly module's). */
export interface MatmulKernels {
  matmulReal(a: Float64Array, b: Float64Array, out: Float64Array, shape: MatmulParams): void;
  matmulComplex(
    aRe: Float64Array,
    aIm: Float64Array,
    bRe: Float64Array,
    bIm: Float64Array,
    outRe: Float64Array,
    outIm: Float64Array,
    shape: MatmulParams,
  ): void;
}

/** Plain TypeScript loops (i-p-j order: the inner loop runs along rows of B and of out). */
export const matmulTs: MatmulImpl = (aRe, aIm, bRe, bIm, outRe, outIm, p) => {
  const { batch, m, k, n } = p;
  const ai = p.transA ? 1 : k;
  const ap = p.transA ? m : 1;
  const bp = p.transB ? 1 : n;
  const bj = p.transB ? k : 1;
  const sa = p.conjA ? -1 : 1;
  const sb = p.conjB ? -1 : 1;
  const len = batch * m * n;
  outRe.fill(0, 0, len);
  if (outIm !== null) outIm.fill(0, 0, len);
  for (let t = 0; t < batch; t++) {
    const a0 = t * p.aBatchStride;
    const b0 = t * p.bBatchStride;
    for (let i = 0; i < m; i++) {
      const o = (t * m + i) * n;
      for (let q = 0; q < k; q++) {
        const x = a0 + i * ai + q * ap;
        const xr = aRe[x];
        const xi = aIm === null ? 0 : sa * aIm[x];
        const row = b0 + q * bp;
        if (outIm === null) {
          for (let j = 0; j < n; j++) outRe[o + j] += xr * bRe[row + j * bj];
        } else if (bIm === null) {
          for (let j = 0; j < n; j++) {
            const yr = bRe[row + j * bj];
            outRe[o + j] += xr * yr;
            outIm[o + j] += xi * yr;
          }
        } else {
          for (let j = 0; j < n; j++) {
            const y = row + j * bj;
            const yr = bRe[y];
            const yi = sb * bIm[y];
            outRe[o + j] += xr * yr - xi * yi;
            outIm[o + j] += xr * yi + xi * yr;
          }
        }
      }
    }
  }
};

/**
 * Adapts float64 kernels to {@link MatmulImpl}: a real operand times a complex one is two real
 * products (no zero planes are made); float32 data goes to the TypeScript loops.
 */
export function matmulFromKernels(kernels: MatmulKernels): MatmulImpl {
  return (aRe, aIm, bRe, bIm, outRe, outIm, p) => {
    const all64 =
      aRe instanceof Float64Array &&
      bRe instanceof Float64Array &&
      outRe instanceof Float64Array &&
      (aIm === null || aIm instanceof Float64Array) &&
      (bIm === null || bIm instanceof Float64Array) &&
      (outIm === null || outIm instanceof Float64Array);
    if (!all64) return matmulTs(aRe, aIm, bRe, bIm, outRe, outIm, p);
    const A = aRe as Float64Array;
    const B = bRe as Float64Array;
    const O = outRe as Float64Array;
    if (outIm === null) return kernels.matmulReal(A, B, O, p);
    const OI = outIm as Float64Array;
    const len = p.batch * p.m * p.n;
    if (aIm !== null && bIm !== null) {
      return kernels.matmulComplex(A, aIm as Float64Array, B, bIm as Float64Array, O, OI, p);
    }
    if (aIm === null) {
      // A real: out = A op(B) with op(B) = conj?(B): imaginary part is A Bim, negated when conjB.
      kernels.matmulReal(A, B, O, p);
      kernels.matmulReal(A, bIm as Float64Array, OI, p);
      if (p.conjB) for (let i = 0; i < len; i++) OI[i] = -OI[i];
    } else {
      kernels.matmulReal(A, B, O, p);
      kernels.matmulReal(aIm as Float64Array, B, OI, p);
      if (p.conjA) for (let i = 0; i < len; i++) OI[i] = -OI[i];
    }
  };
}

let active: MatmulImpl = matmulTs;

/** Runs the active matmul implementation (see {@link MatmulParams}). */
export const matmulImpl: MatmulImpl = (aRe, aIm, bRe, bIm, outRe, outIm, p) => active(aRe, aIm, bRe, bIm, outRe, outIm, p);

/** Installs faster float64 kernels behind {@link matmulImpl}; `null` restores the TypeScript loops. */
export function setMatmulKernels(kernels: MatmulKernels | null): void {
  active = kernels === null ? matmulTs : matmulFromKernels(kernels);
}

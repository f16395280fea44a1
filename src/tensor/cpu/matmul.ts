/**
 * The CPU matrix-product boundary. The batched matmul kernel calls {@link matmulImpl} and nothing
 * else, so a faster implementation (WebAssembly SIMD) can be swapped in with
 * {@link setMatmulKernels} without touching the kernel. Those kernels serve float32 tensors too
 * (widened to float64, rounded once); the TypeScript loops here are the fallback and reference.
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
 * products (no zero planes are made). float32 data is widened to float64, multiplied by the same
 * kernels and rounded once into the float32 output: exact products and float64 sums, so at least as
 * accurate as float32 loops and, with the WebAssembly kernels, many times faster.
 */
export function matmulFromKernels(kernels: MatmulKernels): MatmulImpl {
  const impl64 = float64Impl(kernels);
  return (aRe, aIm, bRe, bIm, outRe, outIm, p) => {
    const all64 =
      aRe instanceof Float64Array &&
      bRe instanceof Float64Array &&
      outRe instanceof Float64Array &&
      (aIm === null || aIm instanceof Float64Array) &&
      (bIm === null || bIm instanceof Float64Array) &&
      (outIm === null || outIm instanceof Float64Array);
    if (all64) return impl64(aRe, aIm as Float64Array | null, bRe, bIm as Float64Array | null, outRe, outIm as Float64Array | null, p);
    const len = p.batch * p.m * p.n;
    if (len === 0) return;
    // Elements of A and B the product reads (a batch stride of 0 reads one matrix).
    const aSpan = (p.batch - 1) * p.aBatchStride + p.m * p.k;
    const bSpan = (p.batch - 1) * p.bBatchStride + p.k * p.n;
    const o = outRe instanceof Float64Array ? outRe : widenSlot(OUT_RE, len);
    const oi = outIm === null ? null : outIm instanceof Float64Array ? outIm : widenSlot(OUT_IM, len);
    impl64(
      widen(aRe, aSpan, A_RE),
      aIm === null ? null : widen(aIm, aSpan, A_IM),
      widen(bRe, bSpan, B_RE),
      bIm === null ? null : widen(bIm, bSpan, B_IM),
      o,
      oi,
      p,
    );
    // Rounds each float64 result to the nearest float32 once.
    if (o !== outRe) outRe.set(o.subarray(0, len));
    if (oi !== null && oi !== outIm) outIm!.set(oi.subarray(0, len));
  };
}

/** The float64 kernels behind {@link MatmulImpl}'s calling convention. */
function float64Impl(kernels: MatmulKernels) {
  return (
    A: Float64Array,
    aIm: Float64Array | null,
    B: Float64Array,
    bIm: Float64Array | null,
    O: Float64Array,
    OI: Float64Array | null,
    p: MatmulParams,
  ): void => {
    if (OI === null) return kernels.matmulReal(A, B, O, p);
    const len = p.batch * p.m * p.n;
    if (aIm !== null && bIm !== null) return kernels.matmulComplex(A, aIm, B, bIm, O, OI, p);
    if (aIm === null) {
      // A real: out = A op(B) with op(B) = conj?(B): imaginary part is A Bim, negated when conjB.
      kernels.matmulReal(A, B, O, p);
      kernels.matmulReal(A, bIm!, OI, p);
      if (p.conjB) for (let i = 0; i < len; i++) OI[i] = -OI[i];
    } else {
      kernels.matmulReal(A, B, O, p);
      kernels.matmulReal(aIm, B, OI, p);
      if (p.conjA) for (let i = 0; i < len; i++) OI[i] = -OI[i];
    }
  };
}

// Scratch float64 planes of the widened float32 products, one per role (the kernels refuse an
// output aliasing an input), kept between calls up to KEPT_SCRATCH elements each (2 MiB, 12 MiB in
// all); larger planes are allocated per call, which costs little next to a product that size.
const A_RE = 0;
const A_IM = 1;
const B_RE = 2;
const B_IM = 3;
const OUT_RE = 4;
const OUT_IM = 5;
const KEPT_SCRATCH = 1 << 18;
const scratch: Float64Array[] = Array.from({ length: 6 }, () => new Float64Array(0));

/** A float64 plane of at least `length` elements for role `slot` (contents arbitrary). */
function widenSlot(slot: number, length: number): Float64Array {
  if (scratch[slot].length >= length) return scratch[slot].subarray(0, length);
  const fresh = new Float64Array(length);
  if (length <= KEPT_SCRATCH) scratch[slot] = fresh;
  return fresh;
}

/** `a`'s first `span` elements as float64 (a float64 array is returned as is). */
function widen(a: FloatArray, span: number, slot: number): Float64Array {
  if (a instanceof Float64Array) return a;
  const w = widenSlot(slot, span);
  w.set(a.length === span ? a : a.subarray(0, span));
  return w;
}

let active: MatmulImpl = matmulTs;

/** Runs the active matmul implementation (see {@link MatmulParams}). */
export const matmulImpl: MatmulImpl = (aRe, aIm, bRe, bIm, outRe, outIm, p) => active(aRe, aIm, bRe, bIm, outRe, outIm, p);

/** Installs faster float64 kernels behind {@link matmulImpl}; `null` restores the TypeScript loops. */
export function setMatmulKernels(kernels: MatmulKernels | null): void {
  active = kernels === null ? matmulTs : matmulFromKernels(kernels);
}

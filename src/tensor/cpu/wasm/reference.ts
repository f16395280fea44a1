/**
 * The plain TypeScript implementation of {@link CpuKernels}: straightforward loops on typed
 * arrays (matrix products in i-p-j order, so the inner loop runs along rows of B and of the
 * result). It is the reference the WebAssembly kernels are tested against, and the fallback where
 * WebAssembly SIMD is not available.
 *
 * Internal to the CPU backend: not exported from the package entry point.
 *
 * @packageDocumentation
 * @internal
 */
import type { CpuKernels, MatmulShape, SparseCG } from './types';
import { validateCG, validateCGVjp, validateMatmulComplex, validateMatmulReal, validateMinkowski } from './validate';

function matmulReal(a: Float64Array, b: Float64Array, out: Float64Array, shape: MatmulShape): void {
  const s = validateMatmulReal(a, b, out, shape);
  const { batch, m, k, n } = s;
  // op(A)[i, p] = a[a0 + i * ai + p * ap]; op(B)[p, j] = b[b0 + p * bp + j * bj]
  const ai = s.transA ? 1 : k;
  const ap = s.transA ? m : 1;
  const bp = s.transB ? 1 : n;
  const bj = s.transB ? k : 1;
  out.fill(0, 0, s.outLength);
  for (let t = 0; t < batch; t++) {
    const a0 = t * s.aStride;
    const b0 = t * s.bStride;
    for (let i = 0; i < m; i++) {
      const o = (t * m + i) * n;
      for (let p = 0; p < k; p++) {
        const x = a[a0 + i * ai + p * ap];
        const row = b0 + p * bp;
        for (let j = 0; j < n; j++) out[o + j] += x * b[row + j * bj];
      }
    }
  }
}

function matmulComplex(
  aRe: Float64Array, aIm: Float64Array, bRe: Float64Array, bIm: Float64Array,
  outRe: Float64Array, outIm: Float64Array, shape: MatmulShape,
): void {
  const s = validateMatmulComplex(aRe, aIm, bRe, bIm, outRe, outIm, shape);
  const { batch, m, k, n } = s;
  const ai = s.transA ? 1 : k;
  const ap = s.transA ? m : 1;
  const bp = s.transB ? 1 : n;
  const bj = s.transB ? k : 1;
  const sa = s.conjA ? -1 : 1;
  const sb = s.conjB ? -1 : 1;
  outRe.fill(0, 0, s.outLength);
  outIm.fill(0, 0, s.outLength);
  for (let t = 0; t < batch; t++) {
    const a0 = t * s.aStride;
    const b0 = t * s.bStride;
    for (let i = 0; i < m; i++) {
      const o = (t * m + i) * n;
      for (let p = 0; p < k; p++) {
        const x = a0 + i * ai + p * ap;
        const xr = aRe[x];
        const xi = sa * aIm[x];
        const row = b0 + p * bp;
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

function cgContract(
  table: SparseCG, x1Re: Float64Array, x1Im: Float64Array, x2Re: Float64Array, x2Im: Float64Array,
  outRe: Float64Array, outIm: Float64Array, batch: number, accumulate = false,
): void {
  const c = validateCG(table, x1Re, x1Im, x2Re, x2Im, outRe, outIm, batch);
  if (!accumulate) {
    outRe.fill(0, 0, c.batch * c.d);
    outIm.fill(0, 0, c.batch * c.d);
  }
  const { i1, i2, i, values } = table;
  for (let b = 0; b < c.batch; b++) {
    for (let e = 0; e < c.nnz; e++) {
      const u = b * c.d1 + i1[e];
      const w = b * c.d2 + i2[e];
      const o = b * c.d + i[e];
      const v = values[e];
      outRe[o] += v * (x1Re[u] * x2Re[w] - x1Im[u] * x2Im[w]);
      outIm[o] += v * (x1Re[u] * x2Im[w] + x1Im[u] * x2Re[w]);
    }
  }
}

function cgContractVjp(
  table: SparseCG, x1Re: Float64Array, x1Im: Float64Array, x2Re: Float64Array, x2Im: Float64Array,
  gRe: Float64Array, gIm: Float64Array, g1Re: Float64Array, g1Im: Float64Array,
  g2Re: Float64Array, g2Im: Float64Array, batch: number,
): void {
  const c = validateCGVjp(table, x1Re, x1Im, x2Re, x2Im, gRe, gIm, g1Re, g1Im, g2Re, g2Im, batch);
  const { i1, i2, i, values } = table;
  for (let b = 0; b < c.batch; b++) {
    for (let e = 0; e < c.nnz; e++) {
      const u = b * c.d1 + i1[e];
      const w = b * c.d2 + i2[e];
      const o = b * c.d + i[e];
      const v = values[e];
      // conj(x2) g and conj(x1) g
      g1Re[u] += v * (x2Re[w] * gRe[o] + x2Im[w] * gIm[o]);
      g1Im[u] += v * (x2Re[w] * gIm[o] - x2Im[w] * gRe[o]);
      g2Re[w] += v * (x1Re[u] * gRe[o] + x1Im[u] * gIm[o]);
      g2Im[w] += v * (x1Re[u] * gIm[o] - x1Im[u] * gRe[o]);
    }
  }
}

function pairwiseMinkowskiSq(p: Float64Array, out: Float64Array, batch: number, n: number): void {
  const [b, count] = validateMinkowski(p, out, batch, n);
  for (let t = 0; t < b; t++) {
    for (let i = 0; i < count; i++) {
      const u = (t * count + i) * 4;
      for (let j = 0; j < count; j++) {
        const w = (t * count + j) * 4;
        const de = p[u] - p[w];
        const dx = p[u + 1] - p[w + 1];
        const dy = p[u + 2] - p[w + 2];
        const dz = p[u + 3] - p[w + 3];
        out[(t * count + i) * count + j] = de * de - dx * dx - dy * dy - dz * dz;
      }
    }
  }
}

/**
 * The plain TypeScript kernels: obviously-correct loops, the reference for the WebAssembly
 * kernels and the fallback where WebAssembly SIMD is unavailable. See {@link CpuKernels} for the
 * exact contract of each method.
 */
export const tsKernels: CpuKernels = Object.freeze({
  name: 'typescript' as const,
  matmulReal,
  matmulComplex,
  cgContract,
  cgContractVjp,
  pairwiseMinkowskiSq,
});

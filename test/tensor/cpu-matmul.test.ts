import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Random } from 'lorentz-irreps';
import { matmulFromKernels, matmulTs, type MatmulImpl, type MatmulParams } from '../../src/tensor/cpu/matmul';
import { tsKernels, wasmKernels, wasmSimdAvailable } from '../../src/tensor/cpu/wasm/index';

/** Naive reference: every product element as an explicit sum of op(A)[i,p] op(B)[p,j]. */
function reference(
  aRe: Float64Array, aIm: Float64Array | null, bRe: Float64Array, bIm: Float64Array | null, p: MatmulParams,
): { re: number[]; im: number[] } {
  const re: number[] = [];
  const im: number[] = [];
  const el = (xr: Float64Array, xi: Float64Array | null, base: number, r: number, c: number, rows: number, cols: number, trans: boolean, conj: boolean) => {
    const i = trans ? base + c * rows + r : base + r * cols + c;
    return [xr[i], (xi === null ? 0 : xi[i]) * (conj ? -1 : 1)];
  };
  for (let t = 0; t < p.batch; t++) {
    for (let i = 0; i < p.m; i++) {
      for (let j = 0; j < p.n; j++) {
        let sr = 0;
        let si = 0;
        for (let q = 0; q < p.k; q++) {
          const [ar, ai] = el(aRe, aIm, t * p.aBatchStride, i, q, p.m, p.k, p.transA, p.conjA);
          const [br, bi] = el(bRe, bIm, t * p.bBatchStride, q, j, p.k, p.n, p.transB, p.conjB);
          sr += ar * br - ai * bi;
          si += ar * bi + ai * br;
        }
        re.push(sr);
        im.push(si);
      }
    }
  }
  return { re, im };
}

const caseArb = fc.record({
  batch: fc.integer({ min: 0, max: 3 }),
  m: fc.integer({ min: 1, max: 4 }),
  k: fc.integer({ min: 0, max: 4 }),
  n: fc.integer({ min: 1, max: 4 }),
  transA: fc.boolean(),
  transB: fc.boolean(),
  conjA: fc.boolean(),
  conjB: fc.boolean(),
  broadcastA: fc.boolean(),
  broadcastB: fc.boolean(),
  complexA: fc.boolean(),
  complexB: fc.boolean(),
  seed: fc.integer({ min: 0, max: 1e9 }),
});

function check(impl: MatmulImpl): void {
  fc.assert(
    fc.property(caseArb, (c) => {
      const rng = new Random(c.seed);
      const rand = (n: number) => Float64Array.from({ length: n }, () => rng.normal());
      const p: MatmulParams = {
        ...c,
        conjA: c.conjA && c.complexA,
        conjB: c.conjB && c.complexB,
        aBatchStride: c.broadcastA ? 0 : c.m * c.k,
        bBatchStride: c.broadcastB ? 0 : c.k * c.n,
      };
      const la = c.m * c.k * (c.broadcastA ? 1 : Math.max(c.batch, 1));
      const lb = c.k * c.n * (c.broadcastB ? 1 : Math.max(c.batch, 1));
      const aRe = rand(la);
      const aIm = c.complexA ? rand(la) : null;
      const bRe = rand(lb);
      const bIm = c.complexB ? rand(lb) : null;
      const complex = c.complexA || c.complexB;
      const outRe = new Float64Array(c.batch * c.m * c.n).fill(Number.NaN);
      const outIm = complex ? new Float64Array(c.batch * c.m * c.n).fill(Number.NaN) : null;
      impl(aRe, aIm, bRe, bIm, outRe, outIm, p);
      const want = reference(aRe, aIm, bRe, bIm, p);
      want.re.forEach((v, i) => expect(outRe[i]).toBeCloseTo(v, 12));
      if (outIm !== null) want.im.forEach((v, i) => expect(outIm[i]).toBeCloseTo(v, 12));
    }),
    { numRuns: 150 },
  );
}

/**
 * float32 operands (stored with an offset inside longer arrays, as the batched kernel passes
 * them): `impl` must write float32 results within one float32 rounding of the exact product of
 * the stored values, and never be less accurate than the float32 TypeScript loops.
 */
function checkFloat32(impl: MatmulImpl, numRuns: number, maxDim: number): void {
  const arb = fc.record({
    c: caseArb,
    m: fc.integer({ min: 1, max: maxDim }),
    k: fc.integer({ min: 0, max: maxDim }),
    n: fc.integer({ min: 1, max: maxDim }),
    offset: fc.integer({ min: 0, max: 5 }),
  });
  fc.assert(
    fc.property(arb, ({ c, m, k, n, offset }) => {
      const rng = new Random(c.seed);
      const p: MatmulParams = {
        batch: c.batch, m, k, n, transA: c.transA, transB: c.transB,
        conjA: c.conjA && c.complexA,
        conjB: c.conjB && c.complexB,
        aBatchStride: c.broadcastA ? 0 : m * k,
        bBatchStride: c.broadcastB ? 0 : k * n,
      };
      const la = m * k * (c.broadcastA ? 1 : Math.max(c.batch, 1));
      const lb = k * n * (c.broadcastB ? 1 : Math.max(c.batch, 1));
      const rand32 = (len: number) => {
        const whole = Float32Array.from({ length: len + 2 * offset }, () => rng.normal());
        return whole.subarray(offset, offset + len + offset);
      };
      const aRe = rand32(la);
      const aIm = c.complexA ? rand32(la) : null;
      const bRe = rand32(lb);
      const bIm = c.complexB ? rand32(lb) : null;
      const complex = c.complexA || c.complexB;
      const len = c.batch * m * n;
      const out = () => ({ re: new Float32Array(len).fill(Number.NaN), im: complex ? new Float32Array(len).fill(Number.NaN) : null });
      const got = out();
      const loops = out();
      impl(aRe, aIm, bRe, bIm, got.re, got.im, p);
      matmulTs(aRe, aIm, bRe, bIm, loops.re, loops.im, p);
      const f64 = (x: Float32Array | null) => (x === null ? null : Float64Array.from(x));
      const want = reference(f64(aRe)!, f64(aIm), f64(bRe)!, f64(bIm), p);
      let errGot = 0;
      let errLoops = 0;
      const parts: [number[], Float32Array, Float32Array][] = [[want.re, got.re, loops.re]];
      if (complex) parts.push([want.im, got.im!, loops.im!]);
      for (const [w, g, l] of parts) {
        for (let i = 0; i < len; i++) {
          // One rounding to float32 (half an ulp, 2^-24 relative), plus float64 summation error.
          expect(Math.abs(g[i] - w[i]), `element ${i}`).toBeLessThanOrEqual(2 ** -24 * Math.abs(w[i]) + 1e-12);
          errGot = Math.max(errGot, Math.abs(g[i] - w[i]));
          errLoops = Math.max(errLoops, Math.abs(l[i] - w[i]));
        }
      }
      expect(errGot).toBeLessThanOrEqual(errLoops + 1e-12);
    }),
    { numRuns },
  );
}

describe('CPU matmul boundary', () => {
  it('the TypeScript loops match the naive reference for every flag, stride and complexity', () => {
    check(matmulTs);
  });

  it('the adapter over float64 kernels splits real-by-complex products correctly', () => {
    check(matmulFromKernels(tsKernels));
  });

  it('the adapter runs float32 operands through the float64 kernels, rounding each result once', () => {
    checkFloat32(matmulFromKernels(tsKernels), 100, 5);
    // Larger products, alternating sizes, so that the kept float64 scratch planes are reused.
    checkFloat32(matmulFromKernels(tsKernels), 20, 40);
  });

  it('the adapter widens float32 operands longer than the scratch planes it keeps', () => {
    const impl = matmulFromKernels(wasmSimdAvailable() ? wasmKernels() : tsKernels);
    const rng = new Random(3);
    const k = 300_000;
    const a = Float32Array.from({ length: k }, () => rng.normal());
    const b = Float32Array.from({ length: k }, () => rng.normal());
    const p: MatmulParams = { batch: 1, m: 1, k, n: 1, transA: false, transB: false, conjA: false, conjB: false, aBatchStride: 0, bBatchStride: 0 };
    let exact = 0;
    for (let i = 0; i < k; i++) exact += a[i] * b[i];
    for (let rep = 0; rep < 2; rep++) {
      const out = new Float32Array(1);
      impl(a, null, b, null, out, null, p);
      expect(Math.abs(out[0] - exact)).toBeLessThanOrEqual(2 ** -24 * Math.abs(exact) + 1e-9 * k);
    }
  });

  it.skipIf(!wasmSimdAvailable())('the WebAssembly SIMD kernels serve float32 operands to the same accuracy', () => {
    checkFloat32(matmulFromKernels(wasmKernels()), 100, 5);
    checkFloat32(matmulFromKernels(wasmKernels()), 20, 40);
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DTypeError, Random, ShapeError } from 'lorentz-irreps';
import { tsKernels, wasmKernels, type MatmulShape } from '../../src/tensor/cpu/wasm/index';

const wasm = wasmKernels();

function randomArray(rng: Random, length: number): Float64Array {
  const x = new Float64Array(length);
  for (let i = 0; i < length; i++) x[i] = rng.uniformIn(-1, 1);
  return x;
}

function maxAbs(x: Float64Array): number {
  let m = 0;
  for (let i = 0; i < x.length; i++) m = Math.max(m, Math.abs(x[i]));
  return m;
}

/** Largest |x - y| relative to `scale`. */
function relativeError(x: Float64Array, y: Float64Array, scale: number): number {
  let e = 0;
  for (let i = 0; i < x.length; i++) e = Math.max(e, Math.abs(x[i] - y[i]));
  return e / Math.max(scale, Number.MIN_VALUE);
}

interface Case {
  shape: MatmulShape;
  aLength: number;
  bLength: number;
  outLength: number;
}

/** Array lengths a shape needs, with its defaults filled in the obvious way. */
function layout(shape: MatmulShape): Case {
  const { batch, m, k, n } = shape;
  const as = shape.aBatchStride ?? m * k;
  const bs = shape.bBatchStride ?? k * n;
  return {
    shape,
    aLength: batch === 0 ? 0 : (batch - 1) * as + m * k,
    bLength: batch === 0 ? 0 : (batch - 1) * bs + k * n,
    outLength: batch * m * n,
  };
}

/**
 * The definition, read off element by element: out[t,i,j] = sum_p op(A)[t,i,p] op(B)[t,p,j],
 * with op(X)[r,c] = X[c,r] under transposition and the complex conjugate under conjugation.
 */
function naiveComplex(
  aRe: Float64Array, aIm: Float64Array, bRe: Float64Array, bIm: Float64Array, shape: MatmulShape,
): [Float64Array, Float64Array] {
  const { batch, m, k, n } = shape;
  const as = shape.aBatchStride ?? m * k;
  const bs = shape.bBatchStride ?? k * n;
  const opA = (t: number, i: number, p: number): [number, number] => {
    const idx = t * as + (shape.transA ? p * m + i : i * k + p);
    return [aRe[idx], shape.conjA ? -aIm[idx] : aIm[idx]];
  };
  const opB = (t: number, p: number, j: number): [number, number] => {
    const idx = t * bs + (shape.transB ? j * k + p : p * n + j);
    return [bRe[idx], shape.conjB ? -bIm[idx] : bIm[idx]];
  };
  const re = new Float64Array(batch * m * n);
  const im = new Float64Array(batch * m * n);
  for (let t = 0; t < batch; t++) {
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let sr = 0;
        let si = 0;
        for (let p = 0; p < k; p++) {
          const [xr, xi] = opA(t, i, p);
          const [yr, yi] = opB(t, p, j);
          sr += xr * yr - xi * yi;
          si += xr * yi + xi * yr;
        }
        re[(t * m + i) * n + j] = sr;
        im[(t * m + i) * n + j] = si;
      }
    }
  }
  return [re, im];
}

const shapeArb = (max: number) =>
  fc
    .record({
      batch: fc.integer({ min: 0, max: 3 }),
      m: fc.integer({ min: 0, max: max }),
      k: fc.integer({ min: 0, max: max }),
      n: fc.integer({ min: 0, max: max }),
      transA: fc.boolean(),
      transB: fc.boolean(),
      conjA: fc.boolean(),
      conjB: fc.boolean(),
      aBroadcast: fc.boolean(),
      bBroadcast: fc.boolean(),
      seed: fc.integer(),
    })
    .map(({ aBroadcast, bBroadcast, seed, ...shape }) => ({
      seed,
      shape: {
        ...shape,
        ...(aBroadcast ? { aBatchStride: 0 } : {}),
        ...(bBroadcast ? { bBatchStride: 0 } : {}),
      } as MatmulShape,
    }));

function complexOperands(c: Case, seed: number) {
  const rng = new Random(seed);
  return {
    aRe: randomArray(rng, c.aLength),
    aIm: randomArray(rng, c.aLength),
    bRe: randomArray(rng, c.bLength),
    bIm: randomArray(rng, c.bLength),
  };
}

/** Bound on the size of every term of the sums: k * max|A| * max|B| (complex: times 2). */
function termScale(c: Case, a: Float64Array[], b: Float64Array[]): number {
  return Math.max(1, c.shape.k) * 2 * Math.max(...a.map(maxAbs), 0) * Math.max(...b.map(maxAbs), 0);
}

describe('plain TypeScript matrix products', () => {
  it('agree with the element-by-element definition for every flag combination and broadcast', () => {
    fc.assert(
      fc.property(shapeArb(9), ({ shape, seed }) => {
        const c = layout(shape);
        const { aRe, aIm, bRe, bIm } = complexOperands(c, seed);
        const [wantRe, wantIm] = naiveComplex(aRe, aIm, bRe, bIm, shape);
        const re = new Float64Array(c.outLength).fill(Number.NaN);
        const im = new Float64Array(c.outLength).fill(Number.NaN);
        tsKernels.matmulComplex(aRe, aIm, bRe, bIm, re, im, shape);
        const scale = termScale(c, [aRe, aIm], [bRe, bIm]);
        expect(relativeError(re, wantRe, scale)).toBeLessThan(1e-13);
        expect(relativeError(im, wantIm, scale)).toBeLessThan(1e-13);
        // The real product is the complex one with zero imaginary parts (conj flags ignored).
        const real = new Float64Array(c.outLength).fill(Number.NaN);
        tsKernels.matmulReal(aRe, bRe, real, shape);
        const zero = (len: number) => new Float64Array(len);
        const [wantReal] = naiveComplex(aRe, zero(c.aLength), bRe, zero(c.bLength), shape);
        expect(relativeError(real, wantReal, scale)).toBeLessThan(1e-13);
      }),
      { numRuns: 150 },
    );
  });

  it('compute a known 2 x 2 complex product', () => {
    // A = [[1, i], [2, 0]], B = [[0, 1], [i, 3]]: AB = [[-1, 1 + 3i], [0, 2]]
    const re = new Float64Array(4);
    const im = new Float64Array(4);
    tsKernels.matmulComplex(
      Float64Array.of(1, 0, 2, 0), Float64Array.of(0, 1, 0, 0),
      Float64Array.of(0, 1, 0, 3), Float64Array.of(0, 0, 1, 0),
      re, im, { batch: 1, m: 2, k: 2, n: 2 },
    );
    expect(Array.from(re)).toEqual([-1, 1, 0, 2]);
    expect(Array.from(im)).toEqual([0, 3, 0, 0]);
  });
});

describe('WebAssembly matrix products', () => {
  it('agree with the TypeScript reference on drawn shapes, flags and broadcasts', () => {
    fc.assert(
      fc.property(shapeArb(21), ({ shape, seed }) => {
        const c = layout(shape);
        const { aRe, aIm, bRe, bIm } = complexOperands(c, seed);
        const scale = termScale(c, [aRe, aIm], [bRe, bIm]);
        const wantRe = new Float64Array(c.outLength);
        const wantIm = new Float64Array(c.outLength);
        tsKernels.matmulComplex(aRe, aIm, bRe, bIm, wantRe, wantIm, shape);
        const re = new Float64Array(c.outLength).fill(Number.NaN);
        const im = new Float64Array(c.outLength).fill(Number.NaN);
        wasm.matmulComplex(aRe, aIm, bRe, bIm, re, im, shape);
        expect(relativeError(re, wantRe, scale)).toBeLessThan(1e-12);
        expect(relativeError(im, wantIm, scale)).toBeLessThan(1e-12);
        const wantReal = new Float64Array(c.outLength);
        tsKernels.matmulReal(aRe, bRe, wantReal, shape);
        const real = new Float64Array(c.outLength).fill(Number.NaN);
        wasm.matmulReal(aRe, bRe, real, shape);
        expect(relativeError(real, wantReal, scale)).toBeLessThan(1e-12);
      }),
      { numRuns: 300 },
    );
  });

  it('agree with the definition for each of the 16 transpose and conjugate combinations, with odd sizes', () => {
    for (let flags = 0; flags < 16; flags++) {
      for (const [aBatchStride, bBatchStride] of [[undefined, undefined], [0, undefined], [undefined, 0]]) {
        const shape: MatmulShape = {
          batch: 3, m: 5, k: 7, n: 3,
          transA: (flags & 1) !== 0, transB: (flags & 2) !== 0, conjA: (flags & 4) !== 0, conjB: (flags & 8) !== 0,
          ...(aBatchStride === undefined ? {} : { aBatchStride }),
          ...(bBatchStride === undefined ? {} : { bBatchStride }),
        };
        const c = layout(shape);
        const { aRe, aIm, bRe, bIm } = complexOperands(c, 100 + flags);
        const scale = termScale(c, [aRe, aIm], [bRe, bIm]);
        const [wantRe, wantIm] = naiveComplex(aRe, aIm, bRe, bIm, shape);
        const re = new Float64Array(c.outLength);
        const im = new Float64Array(c.outLength);
        wasm.matmulComplex(aRe, aIm, bRe, bIm, re, im, shape);
        expect(relativeError(re, wantRe, scale)).toBeLessThan(1e-12);
        expect(relativeError(im, wantIm, scale)).toBeLessThan(1e-12);
      }
    }
  });

  it.each([
    ['k = 1 (outer products)', { batch: 2, m: 7, k: 1, n: 5 }],
    ['more rows than one row block', { batch: 1, m: 133, k: 9, n: 6, transA: true }],
    ['a depth longer than one k-block', { batch: 1, m: 5, k: 301, n: 7, transB: true, conjA: true }],
    ['a broadcast A over a batch', { batch: 4, m: 6, k: 5, n: 3, aBatchStride: 0, conjB: true }],
    ['a broadcast B folded into one product', { batch: 5, m: 3, k: 4, n: 9, bBatchStride: 0 }],
    ['strides larger than a matrix', { batch: 3, m: 3, k: 2, n: 3, aBatchStride: 11, bBatchStride: 7 }],
    ['the conjugate transpose of both operands', { batch: 2, m: 4, k: 6, n: 5, transA: true, conjA: true, transB: true, conjB: true }],
  ] as const)('agree with the reference for %s', (_name, shape: MatmulShape) => {
    const c = layout(shape);
    const { aRe, aIm, bRe, bIm } = complexOperands(c, 7);
    const scale = termScale(c, [aRe, aIm], [bRe, bIm]);
    const [wantRe, wantIm] = naiveComplex(aRe, aIm, bRe, bIm, shape);
    const re = new Float64Array(c.outLength);
    const im = new Float64Array(c.outLength);
    wasm.matmulComplex(aRe, aIm, bRe, bIm, re, im, shape);
    expect(relativeError(re, wantRe, scale)).toBeLessThan(1e-12);
    expect(relativeError(im, wantIm, scale)).toBeLessThan(1e-12);
    const [wantReal] = naiveComplex(aRe, new Float64Array(c.aLength), bRe, new Float64Array(c.bLength), shape);
    const real = new Float64Array(c.outLength);
    wasm.matmulReal(aRe, bRe, real, shape);
    expect(relativeError(real, wantReal, scale)).toBeLessThan(1e-12);
  });

  it('write only the result and leave the rest of a longer output alone', () => {
    const out = new Float64Array(10).fill(5);
    wasm.matmulReal(Float64Array.of(2), Float64Array.of(3), out, { batch: 1, m: 1, k: 1, n: 1 });
    expect(Array.from(out)).toEqual([6, 5, 5, 5, 5, 5, 5, 5, 5, 5]);
  });
});

describe.each([
  ['TypeScript', tsKernels],
  ['WebAssembly', wasm],
] as const)('%s matrix products reject bad input', (_name, kernels) => {
  const a = new Float64Array(6);
  const b = new Float64Array(6);
  it('with a ShapeError for a non-integer size', () => {
    expect(() => kernels.matmulReal(a, b, new Float64Array(4), { batch: 1, m: 2.5, k: 3, n: 2 })).toThrow(ShapeError);
  });
  it('with a ShapeError naming the argument for a short operand', () => {
    expect(() => kernels.matmulReal(a, b, new Float64Array(4), { batch: 2, m: 2, k: 3, n: 2 })).toThrow(/`a` must be a Float64Array of at least 12 elements/);
  });
  it('with a DTypeError for a Float32Array', () => {
    expect(() =>
      kernels.matmulReal(new Float32Array(6) as unknown as Float64Array, b, new Float64Array(4), { batch: 1, m: 2, k: 3, n: 2 }),
    ).toThrow(DTypeError);
  });
  it('with a ShapeError for an output that overlaps an input', () => {
    const buffer = new Float64Array(16);
    expect(() =>
      kernels.matmulComplex(buffer.subarray(0, 4), a, b, b, buffer.subarray(2, 6), new Float64Array(4), { batch: 1, m: 2, k: 2, n: 2 }),
    ).toThrow(/`outRe` must be memory that does not overlap `aRe`/);
  });
});

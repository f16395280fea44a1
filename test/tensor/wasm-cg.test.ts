import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IndexError, Random, ShapeError } from 'lorentz-irreps';
import { tsKernels, wasmKernels, type SparseCG } from '../../src/tensor/cpu/wasm/index';

const wasm = wasmKernels();

function randomArray(rng: Random, length: number): Float64Array {
  const x = new Float64Array(length);
  for (let i = 0; i < length; i++) x[i] = rng.uniformIn(-1, 1);
  return x;
}

function maxDiff(x: Float64Array, y: Float64Array): number {
  let e = 0;
  for (let i = 0; i < x.length; i++) e = Math.max(e, Math.abs(x[i] - y[i]));
  return e;
}

/** A random table; entries may repeat an index triple (they then add up). */
function randomTable(rng: Random, d1: number, d2: number, d: number, nnz: number): SparseCG {
  const table = {
    d1, d2, d,
    i1: new Int32Array(nnz), i2: new Int32Array(nnz), i: new Int32Array(nnz),
    values: randomArray(rng, nnz),
  };
  for (let e = 0; e < nnz; e++) {
    table.i1[e] = rng.int(d1);
    table.i2[e] = rng.int(d2);
    table.i[e] = rng.int(d);
  }
  return table;
}

/** The dense tensor H[i1][i2][i] that the table stands for. */
function dense(table: SparseCG): number[][][] {
  const h = Array.from({ length: table.d1 }, () => Array.from({ length: table.d2 }, () => new Array<number>(table.d).fill(0)));
  for (let e = 0; e < table.values.length; e++) h[table.i1[e]][table.i2[e]][table.i[e]] += table.values[e];
  return h;
}

interface Inputs {
  table: SparseCG;
  batch: number;
  x1Re: Float64Array; x1Im: Float64Array; x2Re: Float64Array; x2Im: Float64Array;
  gRe: Float64Array; gIm: Float64Array;
}

function inputs(seed: number, batch: number, d1: number, d2: number, d: number, nnz: number): Inputs {
  const rng = new Random(seed);
  const table = randomTable(rng, d1, d2, d, d1 > 0 && d2 > 0 && d > 0 ? nnz : 0);
  return {
    table, batch,
    x1Re: randomArray(rng, batch * d1), x1Im: randomArray(rng, batch * d1),
    x2Re: randomArray(rng, batch * d2), x2Im: randomArray(rng, batch * d2),
    gRe: randomArray(rng, batch * d), gIm: randomArray(rng, batch * d),
  };
}

const caseArb = fc.record({
  seed: fc.integer(),
  batch: fc.integer({ min: 0, max: 9 }),
  d1: fc.integer({ min: 0, max: 6 }),
  d2: fc.integer({ min: 0, max: 6 }),
  d: fc.integer({ min: 0, max: 8 }),
  nnz: fc.integer({ min: 0, max: 40 }),
});

describe('plain TypeScript CG contraction', () => {
  it('agrees with the dense loop out[b,i] = sum H[i1,i2,i] x1[b,i1] x2[b,i2]', () => {
    fc.assert(
      fc.property(caseArb, ({ seed, batch, d1, d2, d, nnz }) => {
        const x = inputs(seed, batch, d1, d2, d, nnz);
        const h = dense(x.table);
        const wantRe = new Float64Array(batch * d);
        const wantIm = new Float64Array(batch * d);
        for (let b = 0; b < batch; b++) {
          for (let i1 = 0; i1 < d1; i1++) {
            for (let i2 = 0; i2 < d2; i2++) {
              const ar = x.x1Re[b * d1 + i1], ai = x.x1Im[b * d1 + i1];
              const br = x.x2Re[b * d2 + i2], bi = x.x2Im[b * d2 + i2];
              for (let i = 0; i < d; i++) {
                wantRe[b * d + i] += h[i1][i2][i] * (ar * br - ai * bi);
                wantIm[b * d + i] += h[i1][i2][i] * (ar * bi + ai * br);
              }
            }
          }
        }
        const re = new Float64Array(batch * d).fill(Number.NaN);
        const im = new Float64Array(batch * d).fill(Number.NaN);
        tsKernels.cgContract(x.table, x.x1Re, x.x1Im, x.x2Re, x.x2Im, re, im, batch);
        const tol = 1e-12 * Math.max(1, nnz);
        expect(maxDiff(re, wantRe)).toBeLessThan(tol);
        expect(maxDiff(im, wantIm)).toBeLessThan(tol);
      }),
      { numRuns: 150 },
    );
  });

  it('adds to the output when asked to accumulate', () => {
    const x = inputs(3, 4, 3, 2, 5, 12);
    const re = new Float64Array(20);
    const im = new Float64Array(20);
    tsKernels.cgContract(x.table, x.x1Re, x.x1Im, x.x2Re, x.x2Im, re, im, 4);
    const accRe = Float64Array.from(re, (_v, i) => i);
    const accIm = Float64Array.from(im, (_v, i) => -i);
    tsKernels.cgContract(x.table, x.x1Re, x.x1Im, x.x2Re, x.x2Im, accRe, accIm, 4, true);
    expect(maxDiff(accRe, re.map((v, i) => v + i))).toBeLessThan(1e-13);
    expect(maxDiff(accIm, im.map((v, i) => v - i))).toBeLessThan(1e-13);
  });

  it('gives the Minkowski product of two four-vectors through the (0,0) table of the conventions', () => {
    // (1/2,1/2) x (1/2,1/2) -> (0,0), canonical basis: H[0,0,0] = H[1,3,0] = H[3,1,0] = 1/2, H[2,2,0] = -1/2.
    const table: SparseCG = {
      d1: 4, d2: 4, d: 1,
      i1: Int32Array.of(0, 1, 2, 3), i2: Int32Array.of(0, 3, 2, 1), i: Int32Array.of(0, 0, 0, 0),
      values: Float64Array.of(0.5, 0.5, -0.5, 0.5),
    };
    const u = (e: number, px: number, py: number, pz: number): [Float64Array, Float64Array] => [
      Float64Array.of(e, px / Math.SQRT2, pz, -px / Math.SQRT2),
      Float64Array.of(0, py / Math.SQRT2, 0, py / Math.SQRT2),
    ];
    const [pRe, pIm] = u(5, 1, 2, 3);
    const [qRe, qIm] = u(4, -1, 0.5, 2);
    const re = new Float64Array(1);
    const im = new Float64Array(1);
    tsKernels.cgContract(table, pRe, pIm, qRe, qIm, re, im, 1);
    const minkowski = 5 * 4 - 1 * -1 - 2 * 0.5 - 3 * 2;
    expect(re[0]).toBeCloseTo(minkowski / 2, 14);
    expect(im[0]).toBeCloseTo(0, 14);
  });
});

describe('plain TypeScript CG vector-Jacobian product', () => {
  it('matches finite differences of L = sum Re(conj(g) out) with the dL/da + i dL/db convention', () => {
    const batch = 3, d1 = 3, d2 = 4, d = 5;
    const x = inputs(11, batch, d1, d2, d, 25);
    const loss = (x1Re: Float64Array, x1Im: Float64Array, x2Re: Float64Array, x2Im: Float64Array): number => {
      const re = new Float64Array(batch * d);
      const im = new Float64Array(batch * d);
      tsKernels.cgContract(x.table, x1Re, x1Im, x2Re, x2Im, re, im, batch);
      let s = 0;
      for (let i = 0; i < re.length; i++) s += x.gRe[i] * re[i] + x.gIm[i] * im[i];
      return s;
    };
    const g1Re = new Float64Array(batch * d1), g1Im = new Float64Array(batch * d1);
    const g2Re = new Float64Array(batch * d2), g2Im = new Float64Array(batch * d2);
    tsKernels.cgContractVjp(x.table, x.x1Re, x.x1Im, x.x2Re, x.x2Im, x.gRe, x.gIm, g1Re, g1Im, g2Re, g2Im, batch);
    const h = 1e-6;
    const args = [x.x1Re, x.x1Im, x.x2Re, x.x2Im];
    const grads = [g1Re, g1Im, g2Re, g2Im];
    for (let a = 0; a < 4; a++) {
      for (let i = 0; i < args[a].length; i++) {
        const plus = args.map((v) => v.slice());
        const minus = args.map((v) => v.slice());
        plus[a][i] += h;
        minus[a][i] -= h;
        const fd = (loss(plus[0], plus[1], plus[2], plus[3]) - loss(minus[0], minus[1], minus[2], minus[3])) / (2 * h);
        expect(grads[a][i]).toBeCloseTo(fd, 7);
      }
    }
  });

  it('adds to the gradients it is given', () => {
    const x = inputs(5, 2, 3, 3, 4, 10);
    const fresh = [new Float64Array(6), new Float64Array(6), new Float64Array(6), new Float64Array(6)] as const;
    tsKernels.cgContractVjp(x.table, x.x1Re, x.x1Im, x.x2Re, x.x2Im, x.gRe, x.gIm, ...fresh, 2);
    const acc = fresh.map((v) => v.map((_u, i) => 10 + i));
    tsKernels.cgContractVjp(x.table, x.x1Re, x.x1Im, x.x2Re, x.x2Im, x.gRe, x.gIm, acc[0], acc[1], acc[2], acc[3], 2);
    for (let a = 0; a < 4; a++) expect(maxDiff(acc[a], fresh[a].map((v, i) => v + 10 + i))).toBeLessThan(1e-13);
  });
});

describe('WebAssembly CG contraction and its vector-Jacobian product', () => {
  it('agree with the TypeScript reference on drawn tables and batches', () => {
    fc.assert(
      fc.property(caseArb, fc.boolean(), ({ seed, batch, d1, d2, d, nnz }, accumulate) => {
        const x = inputs(seed, batch, d1, d2, d, nnz);
        const rng = new Random(seed ^ 0x5bd1e995);
        const start = [randomArray(rng, batch * d), randomArray(rng, batch * d)];
        const want = start.map((v) => v.slice());
        const got = start.map((v) => v.slice());
        tsKernels.cgContract(x.table, x.x1Re, x.x1Im, x.x2Re, x.x2Im, want[0], want[1], batch, accumulate);
        wasm.cgContract(x.table, x.x1Re, x.x1Im, x.x2Re, x.x2Im, got[0], got[1], batch, accumulate);
        expect(maxDiff(got[0], want[0])).toBeLessThanOrEqual(1e-12);
        expect(maxDiff(got[1], want[1])).toBeLessThanOrEqual(1e-12);

        const g0 = [randomArray(rng, batch * d1), randomArray(rng, batch * d1), randomArray(rng, batch * d2), randomArray(rng, batch * d2)];
        const gw = g0.map((v) => v.slice());
        const gg = g0.map((v) => v.slice());
        tsKernels.cgContractVjp(x.table, x.x1Re, x.x1Im, x.x2Re, x.x2Im, x.gRe, x.gIm, gw[0], gw[1], gw[2], gw[3], batch);
        wasm.cgContractVjp(x.table, x.x1Re, x.x1Im, x.x2Re, x.x2Im, x.gRe, x.gIm, gg[0], gg[1], gg[2], gg[3], batch);
        for (let a = 0; a < 4; a++) expect(maxDiff(gg[a], gw[a])).toBeLessThanOrEqual(1e-12);
      }),
      { numRuns: 200 },
    );
  });

  it('agree with the reference on a batch longer than one chunk of lanes', () => {
    const x = inputs(21, 301, 9, 9, 81, 300);
    const want = [new Float64Array(301 * 81), new Float64Array(301 * 81)];
    const got = [new Float64Array(301 * 81), new Float64Array(301 * 81)];
    tsKernels.cgContract(x.table, x.x1Re, x.x1Im, x.x2Re, x.x2Im, want[0], want[1], 301);
    wasm.cgContract(x.table, x.x1Re, x.x1Im, x.x2Re, x.x2Im, got[0], got[1], 301);
    expect(maxDiff(got[0], want[0])).toBeLessThanOrEqual(1e-12);
    expect(maxDiff(got[1], want[1])).toBeLessThanOrEqual(1e-12);
  });
});

describe.each([
  ['TypeScript', tsKernels],
  ['WebAssembly', wasm],
] as const)('%s CG kernels reject bad input', (_name, kernels) => {
  const x = inputs(1, 2, 2, 2, 2, 4);
  const out = () => [new Float64Array(4), new Float64Array(4)] as const;
  it('with an IndexError naming the entry for an index out of range', () => {
    const table = { ...x.table, i2: Int32Array.of(0, 1, 2, 0) };
    expect(() => kernels.cgContract(table, x.x1Re, x.x1Im, x.x2Re, x.x2Im, ...out(), 2)).toThrow(IndexError);
    expect(() => kernels.cgContract(table, x.x1Re, x.x1Im, x.x2Re, x.x2Im, ...out(), 2)).toThrow(/`table.i2\[2\]` must be an index in \[0, 2\)/);
  });
  it('with a ShapeError for index arrays of different lengths', () => {
    const table = { ...x.table, i: Int32Array.of(0) };
    expect(() => kernels.cgContract(table, x.x1Re, x.x1Im, x.x2Re, x.x2Im, ...out(), 2)).toThrow(ShapeError);
  });
  it('with a ShapeError for gradients that overlap', () => {
    const shared = new Float64Array(4);
    expect(() =>
      kernels.cgContractVjp(x.table, x.x1Re, x.x1Im, x.x2Re, x.x2Im, x.gRe, x.gIm, shared, new Float64Array(4), shared, new Float64Array(4), 2),
    ).toThrow(/`g1Re` must be memory that does not overlap `g2Re`/);
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { Random, conv2d, conv2dTranspose, tensor, type Tensor } from 'lorentz-irreps';
import { conv2dBackpropFilter } from '../../src/tensor/ops/conv';
import { setConvChunkElements } from '../../src/tensor/cpu/kernels/conv';
import { forceHotKernels } from '../../src/tensor/cpu/kernels/hot-kernels';
import { tsKernels } from '../../src/tensor/cpu/wasm/index';

interface Case {
  readonly N: number;
  readonly C: number;
  readonly O: number;
  readonly H: number;
  readonly W: number;
  readonly k: [number, number];
  readonly stride: [number, number];
  readonly padding: [number, number];
}

const CASES: Case[] = [
  { N: 5, C: 3, O: 4, H: 8, W: 6, k: [3, 3], stride: [2, 2], padding: [1, 1] },
  { N: 3, C: 2, O: 3, H: 7, W: 9, k: [3, 2], stride: [1, 3], padding: [0, 1] },
  { N: 4, C: 1, O: 2, H: 5, W: 5, k: [2, 3], stride: [2, 1], padding: [1, 2] },
];

function random(rng: Random, shape: number[]): Tensor {
  return tensor(Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => rng.normal()), shape);
}

function outSize(c: Case): [number, number] {
  return [Math.floor((c.H + 2 * c.padding[0] - c.k[0]) / c.stride[0]) + 1, Math.floor((c.W + 2 * c.padding[1] - c.k[1]) / c.stride[1]) + 1];
}

/**
 * Naive loops over y[n, o, r, c] = sum w[o, ch, a, b] x[n, ch, r s - p + a, c s - p + b]: calls
 * visit(xIndex, wIndex, yIndex) for every term inside the image.
 */
function eachTerm(c: Case, visit: (xi: number, wi: number, yi: number) => void): void {
  const [Ho, Wo] = outSize(c);
  for (let n = 0; n < c.N; n++)
    for (let o = 0; o < c.O; o++)
      for (let r = 0; r < Ho; r++)
        for (let q = 0; q < Wo; q++)
          for (let ch = 0; ch < c.C; ch++)
            for (let a = 0; a < c.k[0]; a++)
              for (let b = 0; b < c.k[1]; b++) {
                const i = r * c.stride[0] - c.padding[0] + a;
                const j = q * c.stride[1] - c.padding[1] + b;
                if (i < 0 || i >= c.H || j < 0 || j >= c.W) continue;
                visit(((n * c.C + ch) * c.H + i) * c.W + j, ((o * c.C + ch) * c.k[0] + a) * c.k[1] + b, ((n * c.O + o) * Ho + r) * Wo + q);
              }
}

function maxRelErr(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let scale = 0;
  for (let i = 0; i < b.length; i++) scale = Math.max(scale, Math.abs(b[i]));
  let e = 0;
  for (let i = 0; i < a.length; i++) e = Math.max(e, Math.abs(a[i] - b[i]));
  return e / scale;
}

for (const impl of ['WebAssembly', 'TypeScript'] as const) describe(`convolution kernels over chunks of images (${impl} matrix kernels)`, () => {
  afterEach(() => {
    setConvChunkElements(1 << 19);
    forceHotKernels(null);
  });

  // 1 element: one image per chunk; 2.5 images' columns: chunks of 2 with a partial last one; large: one chunk.
  for (const [label, budget] of [['one image per chunk', 1], ['two images per chunk', 2.5], ['one chunk', 1e9]] as const) {
    it(`agree with naive loops (${label})`, () => {
      forceHotKernels(impl === 'TypeScript' ? tsKernels : null);
      const rng = new Random(11);
      for (const c of CASES) {
        const [Ho, Wo] = outSize(c);
        const perImage = c.C * c.k[0] * c.k[1] * Ho * Wo;
        setConvChunkElements(budget < 1e9 && budget > 1 ? budget * Math.max(perImage, c.O * c.k[0] * c.k[1] * c.H * c.W) : budget);
        const x = random(rng, [c.N, c.C, c.H, c.W]);
        const w = random(rng, [c.O, c.C, ...c.k]);
        const bias = random(rng, [c.O]);
        const dy = random(rng, [c.N, c.O, Ho, Wo]);
        const [xs, ws, bs, gs] = [x, w, bias, dy].map((t) => t.dataSync());
        // conv2d
        const y = new Float64Array(c.N * c.O * Ho * Wo);
        for (let k = 0; k < y.length; k++) y[k] = bs[Math.floor(k / (Ho * Wo)) % c.O];
        eachTerm(c, (xi, wi, yi) => (y[yi] += ws[wi] * xs[xi]));
        expect(maxRelErr(conv2d(x, w, { stride: c.stride, padding: c.padding, bias }).dataSync(), y)).toBeLessThan(1e-13);
        // conv2dTranspose of dy with the same weight tensor (the adjoint of conv2d), without bias
        const outputPadding: [number, number] = [
          c.H + 2 * c.padding[0] - c.k[0] - (Ho - 1) * c.stride[0],
          c.W + 2 * c.padding[1] - c.k[1] - (Wo - 1) * c.stride[1],
        ];
        const xt = new Float64Array(c.N * c.C * c.H * c.W);
        eachTerm(c, (xi, wi, yi) => (xt[xi] += ws[wi] * gs[yi]));
        expect(maxRelErr(conv2dTranspose(dy, w, { stride: c.stride, padding: c.padding, outputPadding }).dataSync(), xt)).toBeLessThan(1e-13);
        // the weight gradient
        const dw = new Float64Array(ws.length);
        eachTerm(c, (xi, wi, yi) => (dw[wi] += gs[yi] * xs[xi]));
        expect(maxRelErr(conv2dBackpropFilter(x, dy, c.k, c.stride, c.padding).dataSync(), dw)).toBeLessThan(1e-13);
      }
    });
  }
});

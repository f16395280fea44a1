/**
 * Benchmark of the tensor ops the equivariant layers and the CNN baseline use, measured through
 * the public ops (validation, allocation and engine bookkeeping included), with the CPU hot kernels
 * on WebAssembly SIMD and, in the same run, forced to the TypeScript reference:
 *
 * - cgProduct at a layer-like size: 128 events x 30 particles x 4 channels of (1/2,1/2) features,
 *   (1/2,1/2) x (1/2,1/2) -> (0,0), (1,0), (0,1), (1,1) one table at a time and all four in one
 *   concatenated table, channel-wise and with x2 shared over channels; forward, forward with a
 *   real loss (sum of real and half the imaginary parts), and that with both gradients
 *   (valueAndGrad): the difference of the last two is the backward pass.
 * - pairwiseDifferences and pairwiseMinkowskiSq of [128, 30, 4].
 * - conv2d / conv2dTranspose with 3x3 windows, stride 2, 128 channels, 40x40 <-> 20x20, batch 8.
 *
 *   npx tsx bench/tensor-ops.ts
 *
 * Each timing is the median of repeated runs after one warm-up call. The two implementations'
 * results are compared, so nothing can be optimized away and a wrong kernel fails the run.
 */
import {
  Random,
  cgProduct,
  cgSparseTable,
  complexTensor,
  concatCGTables,
  conv2d,
  conv2dTranspose,
  imag,
  mul,
  pairwiseDifferences,
  pairwiseMinkowskiSq,
  real,
  sum,
  add,
  tensor,
  tidy,
  valueAndGrad,
  type Tensor,
} from '../src/index';
import { forceHotKernels } from '../src/tensor/cpu/kernels/hot-kernels';
import { tsKernels, wasmKernels } from '../src/tensor/cpu/wasm/index';

const rng = new Random(7);
const TARGET_SECONDS = 0.8;

function random(n: number): Float64Array {
  const a = new Float64Array(n);
  for (let i = 0; i < n; i++) a[i] = rng.normal();
  return a;
}

function time(run: () => void): number {
  run();
  const t0 = performance.now();
  run();
  const first = (performance.now() - t0) / 1e3;
  const reps = Math.max(3, Math.min(100, Math.floor(TARGET_SECONDS / Math.max(first, 1e-6))));
  const samples: number[] = [];
  for (let r = 0; r < reps; r++) {
    const t = performance.now();
    run();
    samples.push((performance.now() - t) / 1e3);
  }
  samples.sort((a, b) => a - b);
  return samples[samples.length >> 1];
}

interface Case {
  readonly name: string;
  /** Runs the op(s) and returns a checksum of the result. */
  readonly run: () => number;
}

const events = 128;
const particles = 30;
const channels = 4;
const rows = events * particles;
const x1 = complexTensor(random(rows * channels * 4), random(rows * channels * 4), [rows, channels, 4]);
const x2 = complexTensor(random(rows * channels * 4), random(rows * channels * 4), [rows, channels, 4]);
const x2shared = complexTensor(random(rows * 4), random(rows * 4), [rows, 1, 4]);
const outputs = ['(0,0)', '(1,0)', '(0,1)', '(1,1)'];
const tables = outputs.map((o) => cgSparseTable('(1/2,1/2)', '(1/2,1/2)', o));
const merged = concatCGTables(tables);
const p = tensor(random(events * particles * 4), [events, particles, 4]);
const image = tensor(random(8 * 128 * 40 * 40), [8, 128, 40, 40]);
const small = tensor(random(8 * 128 * 20 * 20), [8, 128, 20, 20]);
const weights = tensor(random(128 * 128 * 9).map((v) => v / 34), [128, 128, 3, 3]);

const checksum = (t: Tensor): number => {
  const { re, im } = t.reImSync();
  let s = 0;
  for (let i = 0; i < re.length; i += 7) s += re[i] + im[i];
  return s;
};
const loss = (y: Tensor): Tensor => add(sum(real(y)), sum(mul(imag(y), 0.5)));
const gradSum = (f: (a: Tensor, b: Tensor) => Tensor, a: Tensor, b: Tensor): number =>
  tidy(() => {
    const { value, grads } = valueAndGrad((u, v) => loss(f(u, v)))(a, b);
    return value.dataSync()[0] + grads.reduce((s, g) => s + checksum(g), 0);
  });

const cases: Case[] = [
  { name: 'cgProduct (0,0) channel-wise [3840,4,4]x[3840,4,4]', run: () => tidy(() => checksum(cgProduct(x1, x2, tables[0]))) },
  { name: 'cgProduct (1,1) channel-wise', run: () => tidy(() => checksum(cgProduct(x1, x2, tables[3]))) },
  {
    name: 'cgProduct 4 tables one at a time',
    run: () => tidy(() => tables.reduce((s, t) => s + checksum(cgProduct(x1, x2, t)), 0)),
  },
  { name: 'cgProduct 4 tables concatenated (d = 16)', run: () => tidy(() => checksum(cgProduct(x1, x2, merged))) },
  { name: 'cgProduct concatenated, x2 shared [3840,1,4]', run: () => tidy(() => checksum(cgProduct(x1, x2shared, merged))) },
  { name: 'cgProduct concatenated + loss (no gradient)', run: () => tidy(() => loss(cgProduct(x1, x2, merged)).dataSync()[0]) },
  { name: 'cgProduct concatenated + loss, value and gradients', run: () => gradSum((a, b) => cgProduct(a, b, merged), x1, x2) },
  { name: 'the same with x2 shared over channels', run: () => gradSum((a, b) => cgProduct(a, b, merged), x1, x2shared) },
  { name: 'pairwiseDifferences [128,30,4]', run: () => tidy(() => checksum(pairwiseDifferences(p))) },
  { name: 'pairwiseMinkowskiSq [128,30,4]', run: () => tidy(() => checksum(pairwiseMinkowskiSq(p))) },
  {
    name: 'pairwiseMinkowskiSq fwd + bwd',
    run: () => tidy(() => {
      const { value, grads } = valueAndGrad((u) => sum(pairwiseMinkowskiSq(u)))(p);
      return value.dataSync()[0] + checksum(grads[0]);
    }),
  },
  { name: 'conv2d [8,128,40,40] 3x3/2 -> [8,128,20,20]', run: () => tidy(() => checksum(conv2d(image, weights, { stride: 2, padding: 1 }))) },
  {
    name: 'conv2dTranspose [8,128,20,20] -> [8,128,40,40]',
    run: () => tidy(() => checksum(conv2dTranspose(small, weights, { stride: 2, padding: 1, outputPadding: 1 }))),
  },
  { name: 'conv2d fwd + bwd (x and w)', run: () => gradSum((a, w) => conv2d(a, w, { stride: 2, padding: 1 }), image, weights) },
];

const heavy = (name: string) => name.startsWith('conv2d');
const rowsOut: string[] = [];
let failed = false;
for (const c of cases) {
  forceHotKernels(wasmKernels());
  const wasmValue = c.run();
  const wasmSeconds = time(c.run);
  forceHotKernels(tsKernels);
  const tsValue = c.run();
  // The TypeScript matmul of the convolutions takes seconds: time it once.
  const tsSeconds = heavy(c.name) ? (() => { const t = performance.now(); c.run(); return (performance.now() - t) / 1e3; })() : time(c.run);
  forceHotKernels(null);
  const agree = Math.abs(wasmValue - tsValue) <= 1e-9 * Math.max(1, Math.abs(tsValue));
  if (!agree) failed = true;
  rowsOut.push(`${c.name.padEnd(52)} ${(wasmSeconds * 1e3).toFixed(2).padStart(9)} ms ${(tsSeconds * 1e3).toFixed(2).padStart(10)} ms${agree ? '' : '  MISMATCH'}`);
}
process.stdout.write(`${'op'.padEnd(52)} ${'wasm-simd'.padStart(12)} ${'typescript'.padStart(13)}\n${rowsOut.join('\n')}\n`);
if (failed) process.exitCode = 1;

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
 * Each timing is the median (and, in brackets, the fastest) of repeated runs after one warm-up
 * call; results are read back outside the timed region. The two implementations'
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

/** Median and fastest wall time of `run` in seconds (the fastest is the better estimate on a loaded machine). */
function time(run: () => void): { median: number; best: number } {
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
  return { median: samples[samples.length >> 1], best: samples[0] };
}

interface Case {
  readonly name: string;
  /** Runs the op(s); the tensors it makes are disposed by the caller's tidy. */
  readonly run: () => Tensor[];
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

/** A sum over every seventh element of each tensor (read outside the timed region). */
const checksum = (ts: Tensor[]): number => {
  let s = 0;
  for (const t of ts) {
    const { re, im } = t.reImSync();
    for (let i = 0; i < re.length; i += 7) s += re[i] + im[i];
  }
  return s;
};
const loss = (y: Tensor): Tensor => add(sum(real(y)), sum(mul(imag(y), 0.5)));
const withGrads = (f: (a: Tensor, b: Tensor) => Tensor, a: Tensor, b: Tensor): Tensor[] => {
  const { value, grads } = valueAndGrad((u, v) => loss(f(u, v)))(a, b);
  return [value, ...grads];
};

const cases: Case[] = [
  { name: 'cgProduct (0,0) channel-wise [3840,4,4]x[3840,4,4]', run: () => [cgProduct(x1, x2, tables[0])] },
  { name: 'cgProduct (1,1) channel-wise', run: () => [cgProduct(x1, x2, tables[3])] },
  { name: 'cgProduct 4 tables one at a time', run: () => tables.map((t) => cgProduct(x1, x2, t)) },
  { name: 'cgProduct 4 tables concatenated (d = 16)', run: () => [cgProduct(x1, x2, merged)] },
  { name: 'cgProduct concatenated, x2 shared [3840,1,4]', run: () => [cgProduct(x1, x2shared, merged)] },
  { name: 'cgProduct concatenated + loss (no gradient)', run: () => [loss(cgProduct(x1, x2, merged))] },
  { name: 'cgProduct concatenated + loss, value and gradients', run: () => withGrads((a, b) => cgProduct(a, b, merged), x1, x2) },
  { name: 'the same with x2 shared over channels', run: () => withGrads((a, b) => cgProduct(a, b, merged), x1, x2shared) },
  { name: 'pairwiseDifferences [128,30,4]', run: () => [pairwiseDifferences(p)] },
  { name: 'pairwiseMinkowskiSq [128,30,4]', run: () => [pairwiseMinkowskiSq(p)] },
  {
    name: 'pairwiseMinkowskiSq fwd + bwd',
    run: () => {
      const { value, grads } = valueAndGrad((u) => sum(pairwiseMinkowskiSq(u)))(p);
      return [value, ...grads];
    },
  },
  { name: 'conv2d [8,128,40,40] 3x3/2 -> [8,128,20,20]', run: () => [conv2d(image, weights, { stride: 2, padding: 1 })] },
  { name: 'conv2dTranspose [8,128,20,20] -> [8,128,40,40]', run: () => [conv2dTranspose(small, weights, { stride: 2, padding: 1, outputPadding: 1 })] },
  { name: 'conv2d fwd + bwd (x and w)', run: () => withGrads((a, w) => conv2d(a, w, { stride: 2, padding: 1 }), image, weights) },
];

const heavy = (name: string) => name.startsWith('conv2d');
const once = (run: () => void) => {
  const t = performance.now();
  run();
  const seconds = (performance.now() - t) / 1e3;
  return { median: seconds, best: seconds };
};
const ms = (t: { median: number; best: number }) => `${(t.median * 1e3).toFixed(2)} (${(t.best * 1e3).toFixed(2)})`.padStart(18);
const rowsOut: string[] = [];
let failed = false;
for (const c of cases) {
  const timed = () => tidy(() => void c.run());
  const value = () => tidy(() => checksum(c.run()));
  forceHotKernels(wasmKernels());
  const wasmValue = value();
  const wasmTime = time(timed);
  forceHotKernels(tsKernels);
  const tsValue = value();
  // The TypeScript matrix product of the convolutions takes seconds: time it once.
  const tsTime = heavy(c.name) ? once(timed) : time(timed);
  forceHotKernels(null);
  const agree = Math.abs(wasmValue - tsValue) <= 1e-9 * Math.max(1, Math.abs(tsValue));
  if (!agree) failed = true;
  rowsOut.push(`${c.name.padEnd(52)} ${ms(wasmTime)} ${ms(tsTime)}${agree ? '' : '  MISMATCH'}`);
}
process.stdout.write(`${'op (ms: median (fastest))'.padEnd(52)} ${'wasm-simd'.padStart(18)} ${'typescript'.padStart(18)}\n${rowsOut.join('\n')}\n`);
if (failed) process.exitCode = 1;

/**
 * Benchmark of the tensor engine core on the CPU backend: per-op overhead on tiny tensors, and
 * throughput of elementwise, broadcasting, reduction, matmul and gradient calls at the sizes of an
 * LGAE step (batch 128 x 30 particles), each next to a plain typed-array loop computing the same
 * thing (the floor the engine's bookkeeping is measured against). Results are checked against the
 * loop so nothing is optimized away.
 *
 *   npx tsx bench/tensor-engine.ts
 *
 * Each timing is the median over repeated batches after a warm-up.
 */
import {
  add,
  complexTensor,
  dispose,
  grad,
  matmul,
  mean,
  memory,
  mul,
  sum,
  tensor,
  tidy,
  type Tensor,
} from '../src/index';

function median(xs: number[]): number {
  const s = xs.slice().sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** Microseconds per call of `fn` (median of 7 batches of `n` calls, after a warm-up batch). */
function time(n: number, fn: () => void): number {
  for (let i = 0; i < n; i++) fn();
  const runs: number[] = [];
  for (let r = 0; r < 7; r++) {
    const t0 = performance.now();
    for (let i = 0; i < n; i++) fn();
    runs.push(((performance.now() - t0) / n) * 1000);
  }
  return median(runs);
}

function check(name: string, got: Float64Array, want: Float64Array): void {
  for (let i = 0; i < want.length; i++) {
    if (Math.abs(got[i] - want[i]) > 1e-9 * (1 + Math.abs(want[i]))) throw new Error(`${name}: mismatch at ${i}: ${got[i]} vs ${want[i]}`);
  }
}

function rand(n: number): Float64Array {
  let s = 12345;
  return Float64Array.from({ length: n }, () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648 - 0.5;
  });
}

const rows: [string, number, number | null][] = [];
function report(name: string, engineUs: number, loopUs: number | null): void {
  rows.push([name, engineUs, loopUs]);
}

// Per-op overhead.
{
  const a = tensor([1, 2, 3, 4]);
  const b = tensor([5, 6, 7, 8]);
  report('add [4] (overhead)', time(20000, () => add(a, b).dispose()), null);
  report('add [4] + number', time(20000, () => add(a, 1).dispose()), null);
  report('tidy(add [4])', time(20000, () => tidy(() => add(a, b)).dispose()), null);
  report('grad(sum(a*a)) [4]', time(5000, () => grad((x: Tensor) => sum(mul(x, x)))(a)[0].dispose()), null);
  dispose([a, b]);
}

// Elementwise and broadcasting at LGAE sizes: B = 128, N = 30, F = 16.
const B = 128;
const N = 30;
const F = 16;
{
  const n = B * N * F;
  const xa = rand(n);
  const ya = rand(n);
  const x = tensor(xa, [B, N, F]);
  const y = tensor(ya, [B, N, F]);
  const out = new Float64Array(n);
  const loop = time(200, () => {
    for (let i = 0; i < n; i++) out[i] = xa[i] + ya[i];
  });
  const r = add(x, y);
  check('add', r.dataSync(), out);
  r.dispose();
  report(`add [${B},${N},${F}]`, time(200, () => add(x, y).dispose()), loop);

  const xi = rand(n);
  const z = complexTensor(xa, xi, [B, N, F]);
  const oRe = new Float64Array(n);
  const oIm = new Float64Array(n);
  const cloop = time(200, () => {
    for (let i = 0; i < n; i++) {
      oRe[i] = xa[i] * xa[i] - xi[i] * xi[i];
      oIm[i] = 2 * xa[i] * xi[i];
    }
  });
  const zz = mul(z, z);
  check('complex mul', zz.reImSync().re, oRe);
  zz.dispose();
  report(`complex mul [${B},${N},${F}]`, time(200, () => mul(z, z).dispose()), cloop);

  // Pairwise broadcast: [B, N, 1, F] - [B, 1, N, F] -> [B, N, N, F], then sum over the second N.
  const p = tensor(xa, [B, N, 1, F]);
  const q = tensor(xa, [B, 1, N, F]);
  const pair = new Float64Array(B * N * N * F);
  const ploop = time(20, () => {
    let o = 0;
    for (let b0 = 0; b0 < B; b0++)
      for (let i = 0; i < N; i++)
        for (let j = 0; j < N; j++) {
          const pi = (b0 * N + i) * F;
          const qj = (b0 * N + j) * F;
          for (let f = 0; f < F; f++) pair[o++] = xa[pi + f] * xa[qj + f];
        }
  });
  const pm = mul(p, q);
  check('pairwise mul', pm.dataSync(), pair);
  pm.dispose();
  report(`pairwise mul -> [${B},${N},${N},${F}]`, time(20, () => mul(p, q).dispose()), ploop);
  const big = tensor(pair, [B, N, N, F]);
  report(`sum over axis 2 of [${B},${N},${N},${F}]`, time(20, () => sum(big, 2).dispose()), null);

  // Linear mixing of channels: [B*N, F] x [F, F].
  const w = tensor(rand(F * F), [F, F]);
  report(`matmul [${B},${N},${F}] x [${F},${F}]`, time(50, () => matmul(x, w).dispose()), null);
  const wc = complexTensor(rand(F * F), rand(F * F), [F, F]);
  report(`complex matmul [${B},${N},${F}] x [${F},${F}]`, time(50, () => matmul(z, wc).dispose()), null);
  report(
    'grad of mean(matmul(x, w)) wrt x and w',
    time(20, () => grad((a: Tensor, b: Tensor) => mean(matmul(a, b)))(x, w).forEach((g) => g.dispose())),
    null,
  );
  dispose([x, y, z, p, q, big, w, wc]);
}

const leaked = memory().numTensors;
if (leaked !== 0) throw new Error(`benchmark leaked ${leaked} tensors`);
console.log('operation'.padEnd(46), 'engine us', '  loop us', '  ratio');
for (const [name, e, l] of rows) {
  console.log(name.padEnd(46), e.toFixed(1).padStart(9), (l === null ? '-' : l.toFixed(1)).padStart(9), (l === null ? '' : (e / l).toFixed(2)).padStart(7));
}

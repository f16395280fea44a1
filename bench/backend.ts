/**
 * CPU backend benchmark: float64 complex matrix product and sparse CG contraction, WebAssembly
 * SIMD kernels against plain TypeScript loops in the same run, at sizes 16 ... 1024.
 *
 *   npm run bench:backend            human-readable table
 *   npm run bench:backend -- --json  the same, and as the last line one JSON object
 *
 * Throughput is in GFLOP/s real-equivalent: one complex multiply-add counts as 8 real flops, so a
 * complex n x n x n product is 8 n^3 flops, and a CG contraction is 8 flops per table entry per
 * batch row (the real coefficient's multiply is not counted). Calls are repeated (work capped so
 * the whole benchmark takes a minute or two on 2 cores; the largest sizes get fewer repetitions),
 * after warm-up so that the engine has optimized the code; GFLOP/s come from the shortest process
 * CPU time per call, with median wall-clock figures beside them (the two agree on an idle machine;
 * on a shared one wall time also counts waiting for a core). Results of
 * the two implementations are compared, so nothing can be optimized away and a wrong kernel fails
 * the run (exit code 1).
 *
 * float32 complex matmul is measured the way the CPU backend runs it (operands widened to float64,
 * multiplied by the WebAssembly kernels, results rounded once to float32: 'wasm-widened') against
 * the float32 TypeScript loops it used before ('ts-loops'), up to n = 512.
 *
 * The gpu.js part goes through the library's capability probe (`gpuCapabilities` from
 * 'lorentz-irreps/gpu'): it reports which gpu.js modes open and run a kernel here, and says in one
 * line that the GPU part is skipped when there is no GL context (bench/gpu.ts times the modes).
 */
import { arch, cpus, loadavg, platform } from 'node:os';
import { gpuCapabilities, type GpuCapabilities } from 'lorentz-irreps/gpu';
import { matmulFromKernels, matmulTs, type MatmulImpl, type MatmulParams } from '../src/tensor/cpu/matmul';
import { tsKernels, wasmKernels, type SparseCG } from '../src/tensor/cpu/wasm/index';
import { Random } from '../src/util/random';

const SIZES = [16, 32, 64, 128, 256, 512, 1024];
/** float32 sizes: the float32 TypeScript loops would take tens of seconds per call at 1024. */
const F32_SIZES = [16, 32, 64, 128, 256, 512];
/** Target measured time per (kernel, size), in seconds. */
const TARGET_SECONDS = 0.6;
/** Shortest timed group of calls, in seconds. */
const SAMPLE_SECONDS = 0.004;
const MAX_SAMPLES = 60;
const json = process.argv.includes('--json');
const wasm = wasmKernels();
const rng = new Random(20240917);

function randomArray(length: number): Float64Array {
  const x = new Float64Array(length);
  for (let i = 0; i < length; i++) x[i] = rng.uniformIn(-1, 1);
  return x;
}

interface Timing {
  /** Shortest process CPU time per call over the samples, seconds. */
  cpu: number;
  /** Median wall-clock time per call over the samples, seconds. */
  wall: number;
  reps: number;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/**
 * CPU and wall time of one call of `run`, after one untimed call. Each sample times a group of
 * calls lasting at least SAMPLE_SECONDS (so that short calls are not lost in timer overhead); as
 * many samples are taken as fit in TARGET_SECONDS (at least 1, at most MAX_SAMPLES). Throughput is
 * computed from the shortest CPU time of a sample (process.cpuUsage): on a machine shared with
 * other work, CPU time leaves out the time spent waiting for a core, and the shortest sample the
 * one least disturbed by other processes (noise only ever adds time). The median wall time is
 * reported beside it.
 */
function time(run: () => void): Timing {
  const t0 = performance.now();
  run();
  const first = Math.max((performance.now() - t0) / 1e3, 1e-7);
  const group = Math.max(1, Math.ceil(SAMPLE_SECONDS / first));
  const samples = Math.max(1, Math.min(MAX_SAMPLES, Math.floor(TARGET_SECONDS / (first * group))));
  const cpu: number[] = [];
  const wall: number[] = [];
  for (let r = 0; r < samples; r++) {
    const c = process.cpuUsage();
    const t = performance.now();
    for (let g = 0; g < group; g++) run();
    wall.push((performance.now() - t) / 1e3 / group);
    const d = process.cpuUsage(c);
    cpu.push((d.user + d.system) / 1e6 / group);
  }
  return { cpu: Math.min(...cpu), wall: median(wall), reps: samples * group + 1 };
}

/**
 * The plain TypeScript baseline: a straightforward, well-written complex triple loop in i-k-j
 * order on planar typed arrays (inner loop contiguous in B and C).
 */
function plainComplexMatmul(
  aRe: Float64Array, aIm: Float64Array, bRe: Float64Array, bIm: Float64Array,
  cRe: Float64Array, cIm: Float64Array, n: number,
): void {
  cRe.fill(0);
  cIm.fill(0);
  for (let i = 0; i < n; i++) {
    const row = i * n;
    for (let p = 0; p < n; p++) {
      const ar = aRe[row + p];
      const ai = aIm[row + p];
      const brow = p * n;
      for (let j = 0; j < n; j++) {
        const br = bRe[brow + j];
        const bi = bIm[brow + j];
        cRe[row + j] += ar * br - ai * bi;
        cIm[row + j] += ar * bi + ai * br;
      }
    }
  }
}

function maxAbsDiff(x: Float64Array, y: Float64Array): number {
  let e = 0;
  for (let i = 0; i < x.length; i++) e = Math.max(e, Math.abs(x[i] - y[i]));
  return e;
}

interface Row {
  kernel: string;
  size: number;
  impl: string;
  /** From the shortest CPU time per call. */
  gflops: number;
  /** From the median wall time. */
  wallGflops: number;
  cpuMs: number;
  wallMs: number;
  reps: number;
}

const rows: Row[] = [];
const failures: string[] = [];

function record(kernel: string, size: number, impl: string, flops: number, t: Timing): void {
  // Guard against a zero reading of the CPU clock.
  const cpu = Math.max(t.cpu, 1e-9);
  rows.push({
    kernel, size, impl,
    gflops: flops / cpu / 1e9,
    wallGflops: flops / t.wall / 1e9,
    cpuMs: t.cpu * 1e3,
    wallMs: t.wall * 1e3,
    reps: t.reps,
  });
}

/** Warm-up: enough calls that V8 tiers the WebAssembly and TypeScript code up before timing. */
function warmUp(table: SparseCG): void {
  const n = 48;
  const a = [randomArray(n * n), randomArray(n * n), randomArray(n * n), randomArray(n * n)];
  const c = [new Float64Array(n * n), new Float64Array(n * n)];
  const batch = 64;
  const x = [randomArray(batch * 9), randomArray(batch * 9), randomArray(batch * 9), randomArray(batch * 9)];
  const o = [new Float64Array(batch * table.d), new Float64Array(batch * table.d)];
  const end = performance.now() + 2000;
  while (performance.now() < end) {
    wasm.matmulComplex(a[0], a[1], a[2], a[3], c[0], c[1], { batch: 1, m: n, k: n, n });
    plainComplexMatmul(a[0], a[1], a[2], a[3], c[0], c[1], n);
    tsKernels.matmulComplex(a[0], a[1], a[2], a[3], c[0], c[1], { batch: 1, m: n, k: n, n });
    wasm.cgContract(table, x[0], x[1], x[2], x[3], o[0], o[1], batch);
    tsKernels.cgContract(table, x[0], x[1], x[2], x[3], o[0], o[1], batch);
  }
}

function benchMatmul(n: number): void {
  const aRe = randomArray(n * n), aIm = randomArray(n * n), bRe = randomArray(n * n), bIm = randomArray(n * n);
  const w = [new Float64Array(n * n), new Float64Array(n * n)];
  const p = [new Float64Array(n * n), new Float64Array(n * n)];
  const r = [new Float64Array(n * n), new Float64Array(n * n)];
  const shape = { batch: 1, m: n, k: n, n };
  const flops = 8 * n * n * n;
  record('complex matmul', n, 'wasm-simd', flops, time(() => wasm.matmulComplex(aRe, aIm, bRe, bIm, w[0], w[1], shape)));
  record('complex matmul', n, 'ts-plain-loop', flops, time(() => plainComplexMatmul(aRe, aIm, bRe, bIm, p[0], p[1], n)));
  record('complex matmul', n, 'ts-reference', flops, time(() => tsKernels.matmulComplex(aRe, aIm, bRe, bIm, r[0], r[1], shape)));
  // Every term is below 1 in size, and there are 2n per element.
  const tol = 1e-12 * 2 * n;
  const err = Math.max(maxAbsDiff(w[0], p[0]), maxAbsDiff(w[1], p[1]), maxAbsDiff(r[0], p[0]), maxAbsDiff(r[1], p[1]));
  if (!(err <= tol)) failures.push(`complex matmul n=${n}: implementations differ by ${err}`);
}

/** float32 planes holding `x` rounded to float32. */
function toF32(x: Float64Array): Float32Array {
  return Float32Array.from(x);
}

/** max |x - ref| / max |ref| over both planes. */
function relDiff(xRe: ArrayLike<number>, xIm: ArrayLike<number>, refRe: Float64Array, refIm: Float64Array): number {
  let scale = 0;
  let err = 0;
  for (let i = 0; i < refRe.length; i++) {
    scale = Math.max(scale, Math.abs(refRe[i]), Math.abs(refIm[i]));
    err = Math.max(err, Math.abs(xRe[i] - refRe[i]), Math.abs(xIm[i] - refIm[i]));
  }
  return err / Math.max(scale, Number.MIN_VALUE);
}

/**
 * float32 complex n x n product: the CPU backend's path (widened to float64, WebAssembly kernels,
 * rounded once) against the float32 TypeScript loops, both checked against the float64 product of
 * the same float32 values.
 */
function benchMatmulF32(n: number, widened: MatmulImpl): void {
  const v = [randomArray(n * n), randomArray(n * n), randomArray(n * n), randomArray(n * n)].map(toF32);
  const [aRe, aIm, bRe, bIm] = v;
  const ref = [new Float64Array(n * n), new Float64Array(n * n)];
  const [aRe64, aIm64, bRe64, bIm64] = v.map((x) => Float64Array.from(x));
  const p: MatmulParams = { batch: 1, m: n, k: n, n, transA: false, transB: false, conjA: false, conjB: false, aBatchStride: 0, bBatchStride: 0 };
  wasm.matmulComplex(aRe64, aIm64, bRe64, bIm64, ref[0], ref[1], p);
  const w = [new Float32Array(n * n), new Float32Array(n * n)];
  const t = [new Float32Array(n * n), new Float32Array(n * n)];
  const flops = 8 * n * n * n;
  record('complex matmul f32', n, 'wasm-widened', flops, time(() => widened(aRe, aIm, bRe, bIm, w[0], w[1], p)));
  record('complex matmul f32', n, 'ts-loops', flops, time(() => matmulTs(aRe, aIm, bRe, bIm, t[0], t[1], p)));
  // Widened: one float32 rounding (2^-24 relative to each entry). Loops: float32 sums of 2n terms.
  const errW = relDiff(w[0], w[1], ref[0], ref[1]);
  const errT = relDiff(t[0], t[1], ref[0], ref[1]);
  f32Errors.push({ size: n, widened: errW, loops: errT });
  if (!(errW <= 2 ** -23)) failures.push(`complex matmul f32 n=${n}: wasm-widened relative error ${errW}`);
  if (!(errT <= 1e-5 * Math.sqrt(n))) failures.push(`complex matmul f32 n=${n}: ts-loops relative error ${errT}`);
}

const f32Errors: { size: number; widened: number; loops: number }[] = [];

/**
 * A table with the sparsity of the product-basis CG coefficients of (1,1) x (1,1) -> all nine
 * irreps (M, N), M, N = 0, 1, 2: entry ((a1,b1), (a2,b2), (M,N,a,b)) exists when a = a1 + a2,
 * b = b1 + b2, |a| <= M, |b| <= N. Values are random (they do not affect timing).
 */
function cgTable(): SparseCG {
  const i1: number[] = [], i2: number[] = [], io: number[] = [];
  const state = (a: number, b: number) => (a + 1) * 3 + (b + 1);
  let offset = 0;
  for (let M = 0; M <= 2; M++) {
    for (let N = 0; N <= 2; N++) {
      for (let a1 = -1; a1 <= 1; a1++) for (let b1 = -1; b1 <= 1; b1++) {
        for (let a2 = -1; a2 <= 1; a2++) for (let b2 = -1; b2 <= 1; b2++) {
          const a = a1 + a2, b = b1 + b2;
          if (Math.abs(a) > M || Math.abs(b) > N) continue;
          i1.push(state(a1, b1));
          i2.push(state(a2, b2));
          io.push(offset + (a + M) * (2 * N + 1) + (b + N));
        }
      }
      offset += (2 * M + 1) * (2 * N + 1);
    }
  }
  return { d1: 9, d2: 9, d: offset, i1: Int32Array.from(i1), i2: Int32Array.from(i2), i: Int32Array.from(io), values: randomArray(i1.length) };
}

function benchCG(table: SparseCG, batch: number): void {
  const x = [randomArray(batch * 9), randomArray(batch * 9), randomArray(batch * 9), randomArray(batch * 9)];
  const w = [new Float64Array(batch * table.d), new Float64Array(batch * table.d)];
  const t = [new Float64Array(batch * table.d), new Float64Array(batch * table.d)];
  const flops = 8 * table.values.length * batch;
  record('cg contract', batch, 'wasm-simd', flops, time(() => wasm.cgContract(table, x[0], x[1], x[2], x[3], w[0], w[1], batch)));
  record('cg contract', batch, 'ts-reference', flops, time(() => tsKernels.cgContract(table, x[0], x[1], x[2], x[3], t[0], t[1], batch)));
  const err = Math.max(maxAbsDiff(w[0], t[0]), maxAbsDiff(w[1], t[1]));
  if (!(err <= 1e-12)) failures.push(`cg contract batch=${batch}: implementations differ by ${err}`);
}

/** What the library's capability probe found; never throws. */
async function gpuReport(): Promise<GpuCapabilities> {
  return gpuCapabilities();
}

function pad(text: string | number, width: number): string {
  return String(text).padStart(width);
}

async function main(): Promise<void> {
  const cpu = cpus();
  const machine = {
    cpu: cpu[0]?.model ?? 'unknown',
    cores: cpu.length,
    platform: `${platform()} ${arch()}`,
    node: process.version,
    v8: process.versions.v8,
  };
  console.log(`lorentz-irreps CPU backend benchmark (float64; float32 matmul)`);
  console.log(`${machine.cpu}, ${machine.cores} cores, ${machine.platform}, Node ${machine.node}, V8 ${machine.v8}`);
  console.log(`load average at start: ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
  console.log('GFLOP/s real-equivalent: a complex multiply-add counts 8 flops; single-threaded.\n');

  const gpu = await gpuReport();
  console.log(`gpu.js: ${gpu.gpuJsInstalled ? 'installed' : 'not installed'}; modes that open and run a kernel here: ${gpu.modes.length > 0 ? gpu.modes.join(', ') : 'none'}`);
  for (const reason of gpu.reasons) console.log(`  unavailable: ${reason}`);
  if (!gpu.gpu) console.log('GPU part skipped: no GL context here (gpuCapabilities().gpu is false); CPU figures only.');
  else console.log('A GL context is available: time the gpujs backend with `npx tsx bench/gpu.ts`.');
  console.log('');

  const table = cgTable();
  warmUp(table);
  for (const n of SIZES) benchMatmul(n);
  for (const batch of SIZES) benchCG(table, batch);
  const widened = matmulFromKernels(wasm);
  for (const n of F32_SIZES) benchMatmulF32(n, widened);

  console.log('GFLOP/s from the shortest CPU time per call; wall figures are medians and include waiting for a core.');
  console.log(`${'kernel'.padEnd(16)}${pad('size', 6)}${pad('impl', 15)}${pad('GFLOP/s', 9)}${pad('cpu ms', 11)}${pad('wall GF/s', 11)}${pad('wall ms', 11)}${pad('reps', 6)}`);
  for (const r of rows) {
    console.log(
      `${r.kernel.padEnd(16)}${pad(r.size, 6)}${pad(r.impl, 15)}${pad(r.gflops.toFixed(2), 9)}${pad(r.cpuMs.toFixed(3), 11)}` +
        `${pad(r.wallGflops.toFixed(2), 11)}${pad(r.wallMs.toFixed(3), 11)}${pad(r.reps, 6)}`,
    );
  }
  console.log(`\nCG table: (1,1) x (1,1) -> (M,N) for M, N = 0..2 sparsity, d1 = d2 = ${table.d1}, d = ${table.d}, ${table.values.length} entries; size = batch rows.`);
  const at = (kernel: string, size: number, impl: string) =>
    rows.find((r) => r.kernel === kernel && r.size === size && r.impl === impl)?.gflops ?? Number.NaN;
  const speedups = SIZES.map((n) => {
    const s = at('complex matmul', n, 'wasm-simd') / at('complex matmul', n, 'ts-plain-loop');
    return `${n}: ${s.toFixed(1)}x`;
  });
  console.log(`complex matmul speedup, wasm-simd over ts-plain-loop: ${speedups.join(', ')}`);
  const f32Speedups = F32_SIZES.map((n) => `${n}: ${(at('complex matmul f32', n, 'wasm-widened') / at('complex matmul f32', n, 'ts-loops')).toFixed(1)}x`);
  console.log(`float32 complex matmul speedup, wasm-widened over ts-loops: ${f32Speedups.join(', ')}`);
  console.log(
    `float32 relative error vs the float64 product, wasm-widened / ts-loops: ` +
      f32Errors.map((e) => `${e.size}: ${e.widened.toExponential(1)} / ${e.loops.toExponential(1)}`).join(', '),
  );
  if (failures.length > 0) {
    for (const f of failures) console.error(`FAILED: ${f}`);
    process.exitCode = 1;
  } else {
    console.log('all results agree between implementations');
  }
  if (json) {
    const wasmGflops256 = at('complex matmul', 256, 'wasm-simd');
    const tsGflops256 = at('complex matmul', 256, 'ts-plain-loop');
    const round = (x: number) => Math.round(x * 1000) / 1000;
    console.log(
      JSON.stringify({
        wasmGflops256: round(wasmGflops256),
        tsGflops256: round(tsGflops256),
        tsReferenceGflops256: round(at('complex matmul', 256, 'ts-reference')),
        speedup256: round(wasmGflops256 / tsGflops256),
        f32WidenedGflops256: round(at('complex matmul f32', 256, 'wasm-widened')),
        f32TsLoopsGflops256: round(at('complex matmul f32', 256, 'ts-loops')),
        f32Speedup256: round(at('complex matmul f32', 256, 'wasm-widened') / at('complex matmul f32', 256, 'ts-loops')),
        f32RelErrors: f32Errors,
        flopConvention: 'real-equivalent: complex multiply-add = 8 flops; CG = 8 flops per entry per batch row',
        agree: failures.length === 0,
        machine,
        gpu,
        loadAverage: loadavg().map(round),
        table: rows.map((r) => ({
          ...r,
          gflops: round(r.gflops),
          wallGflops: round(r.wallGflops),
          cpuMs: round(r.cpuMs),
          wallMs: round(r.wallMs),
        })),
      }),
    );
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});

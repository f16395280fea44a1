/**
 * gpu.js backend benchmark: complex n x n matrix product through the public API
 * (`matmul(a, b)` and reading the result back) on every gpu.js mode that works here, against the
 * CPU backend (float64 and float32) in the same run, at n = 64 ... 1024.
 *
 *   npx tsx bench/gpu.ts               human-readable table
 *   npx tsx bench/gpu.ts --json        the same, and as the last line one JSON object
 *   npx tsx bench/gpu.ts --cpu-modes   also time gpu.js's CPU modes (webasm, cpu)
 *
 * Which modes exist comes from the library's capability probe (`gpuCapabilities`). Without a GL
 * context the GPU part is skipped with one line saying so, and only the CPU backend is timed
 * (unless --cpu-modes asks for gpu.js's CPU modes, which exercise the backend, not a GPU).
 *
 * Each timing is the median wall-clock time of repeated `matmul` + `reImSync` calls (the read-back
 * is included: on a GPU it is where the work is waited for), after one untimed call that compiles
 * the kernels and uploads the inputs (reported as "first ms"). Throughput is GFLOP/s
 * real-equivalent: a complex multiply-add counts 8 flops, so n x n x n is 8 n^3. Every result is
 * compared with the float64 CPU product (relative to its largest entry); a disagreement beyond
 * float32 accuracy fails the run (exit code 1). A mode whose next size would take longer than
 * MAX_SECONDS per call (estimated from the last, times 8) skips the larger sizes and says so.
 */
import { arch, cpus, loadavg, platform } from 'node:os';
import { Random, complexTensor, matmul, setBackend, tidy, type Tensor } from 'lorentz-irreps';
import { disposeGpuBackend, gpuBackendStats, gpuCapabilities, initGpuBackend, type GpuJsMode } from 'lorentz-irreps/gpu';
import { isGlMode } from '../src/tensor/gpu/modes';

const SIZES = [64, 128, 256, 512, 1024];
/** Measured time per (implementation, size), seconds. */
const TARGET_SECONDS = 1.5;
const MAX_SAMPLES = 20;
/** Largest estimated time of one call before larger sizes are skipped, seconds. */
const MAX_SECONDS = 20;
const json = process.argv.includes('--json');
const cpuModes = process.argv.includes('--cpu-modes');

interface Row {
  impl: string;
  n: number;
  /** Median wall time per call, ms; NaN when skipped. */
  ms: number;
  gflops: number;
  firstMs: number;
  reps: number;
  /** max |C - C64| / max |C64|. */
  relErr: number;
  note: string;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** Float32-representable values, so that every implementation multiplies exactly the same numbers. */
function values(n: number, seed: number): { re: Float64Array; im: Float64Array } {
  const rng = new Random(seed);
  const re = new Float64Array(n * n);
  const im = new Float64Array(n * n);
  for (let i = 0; i < n * n; i++) {
    re[i] = Math.fround(rng.uniformIn(-1, 1));
    im[i] = Math.fround(rng.uniformIn(-1, 1));
  }
  return { re, im };
}

function relErr(got: { re: Float64Array; im: Float64Array }, ref: { re: Float64Array; im: Float64Array }): number {
  let scale = 0;
  let err = 0;
  for (let i = 0; i < ref.re.length; i++) {
    scale = Math.max(scale, Math.abs(ref.re[i]), Math.abs(ref.im[i]));
    err = Math.max(err, Math.abs(got.re[i] - ref.re[i]), Math.abs(got.im[i] - ref.im[i]));
  }
  return err / scale;
}

/** Times `matmul(a, b)` plus read-back on the active backend; returns the timing and the result. */
function measure(a: Tensor, b: Tensor): { first: number; ms: number; reps: number; result: { re: Float64Array; im: Float64Array } } {
  const run = () => tidy(() => matmul(a, b).reImSync());
  const t0 = performance.now();
  const result = run();
  const first = performance.now() - t0;
  const t1 = performance.now();
  run();
  const second = Math.max(performance.now() - t1, 1e-3);
  const samples = Math.max(1, Math.min(MAX_SAMPLES, Math.floor((TARGET_SECONDS * 1e3) / second)));
  const times = [second];
  for (let r = 1; r < samples; r++) {
    const t = performance.now();
    run();
    times.push(performance.now() - t);
  }
  return { first, ms: median(times), reps: times.length + 1, result };
}

const rows: Row[] = [];
const failures: string[] = [];

/** Benchmarks the active backend at every size, with inputs of `dtype`. */
function benchBackend(impl: string, dtype: 'float64' | 'float32', refs: Map<number, { re: Float64Array; im: Float64Array }>): void {
  let lastMs = 0;
  for (const n of SIZES) {
    if (lastMs * 8 > MAX_SECONDS * 1e3) {
      rows.push({ impl, n, ms: Number.NaN, gflops: Number.NaN, firstMs: Number.NaN, reps: 0, relErr: Number.NaN, note: `skipped (about ${((lastMs * 8) / 1e3).toFixed(0)} s per call)` });
      lastMs *= 8;
      continue;
    }
    const va = values(n, 1);
    const vb = values(n, 2);
    const a = complexTensor(va.re, va.im, [n, n], { dtype });
    const b = complexTensor(vb.re, vb.im, [n, n], { dtype });
    const m = measure(a, b);
    a.dispose();
    b.dispose();
    if (!refs.has(n)) refs.set(n, m.result);
    const err = relErr(m.result, refs.get(n)!);
    // float32 inputs are exact; float32 accumulation of n terms of size <= 2 stays well inside this.
    const tol = dtype === 'float64' ? 1e-13 : 1e-5 * Math.sqrt(n);
    if (!(err <= tol)) failures.push(`${impl} n=${n}: relative error ${err.toExponential(2)} > ${tol.toExponential(2)}`);
    rows.push({ impl, n, ms: m.ms, gflops: (8 * n ** 3) / (m.ms / 1e3) / 1e9, firstMs: m.first, reps: m.reps, relErr: err, note: '' });
    lastMs = m.ms;
  }
}

function pad(text: string | number, width: number): string {
  return String(text).padStart(width);
}

async function main(): Promise<void> {
  const cpu = cpus();
  console.log('lorentz-irreps gpu.js backend benchmark: complex n x n matmul + read-back');
  console.log(`${cpu[0]?.model ?? 'unknown CPU'}, ${cpu.length} cores, ${platform()} ${arch()}, Node ${process.version}`);
  console.log(`load average at start: ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);

  const caps = await gpuCapabilities();
  console.log(`gpu.js installed: ${caps.gpuJsInstalled}; headless GL: ${caps.headlessGL}; a GL mode: ${caps.gpu}`);
  if (caps.gpu) console.log('(a GL context may still be a software renderer, e.g. Mesa llvmpipe under xvfb: then GL figures are CPU figures)');
  console.log(`gpu.js modes that work here: ${caps.modes.length > 0 ? caps.modes.join(', ') : 'none'}`);
  for (const reason of caps.reasons) console.log(`  unavailable: ${reason}`);
  const modes = caps.modes.filter((m) => cpuModes || isGlMode(m));
  if (!caps.gpu) {
    console.log(
      cpuModes
        ? 'GPU part skipped: no GL context here. The gpu.js figures below are its CPU modes (--cpu-modes), not a GPU.'
        : 'GPU part skipped: no GL context here (gpuCapabilities().gpu is false); timing the CPU backend only (--cpu-modes times gpu.js on the CPU).',
    );
  }
  console.log('');

  const refs = new Map<number, { re: Float64Array; im: Float64Array }>();
  setBackend('cpu');
  benchBackend('cpu float64', 'float64', refs);
  benchBackend('cpu float32', 'float32', refs);
  const stats: Record<string, unknown> = {};
  for (const mode of modes as readonly GpuJsMode[]) {
    await initGpuBackend({ mode });
    setBackend('gpujs');
    benchBackend(`gpujs ${mode}`, 'float32', refs);
    stats[mode] = gpuBackendStats();
    setBackend('cpu');
    await disposeGpuBackend();
  }

  console.log(`${'implementation'.padEnd(18)}${pad('n', 6)}${pad('ms', 11)}${pad('GFLOP/s', 9)}${pad('first ms', 11)}${pad('reps', 6)}${pad('rel err', 10)}`);
  for (const r of rows) {
    if (Number.isNaN(r.ms)) {
      console.log(`${r.impl.padEnd(18)}${pad(r.n, 6)}   ${r.note}`);
      continue;
    }
    console.log(
      `${r.impl.padEnd(18)}${pad(r.n, 6)}${pad(r.ms.toFixed(2), 11)}${pad(r.gflops.toFixed(3), 9)}${pad(r.firstMs.toFixed(1), 11)}` +
        `${pad(r.reps, 6)}${pad(r.relErr.toExponential(1), 10)}`,
    );
  }
  if (failures.length > 0) {
    for (const f of failures) console.error(`FAILED: ${f}`);
    process.exitCode = 1;
  } else {
    console.log('\nevery result agrees with the float64 CPU product to the stated accuracy');
  }
  if (json) console.log(JSON.stringify({ benchmark: 'gpu', capabilities: caps, gpuSkipped: !caps.gpu, modesTimed: modes, rows, stats, failures }));
}

await main();

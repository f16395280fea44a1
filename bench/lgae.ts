/**
 * LGAE throughput benchmark: the paper-size encoder (LMP 3,3,4,4, latent 1 complex scalar + 2
 * complex four-vectors, 'mix' aggregation) and decoder (LMP 4,4,3,3, 30 particles) in float64 on
 * the CPU backend, batch 128 jets of 30 particles.
 *
 *   npm run bench:lgae            human-readable lines
 *   npm run bench:lgae -- --json  the same, and as the last line one JSON object with
 *                                 forwardJetsPerSec, trainJetsPerSec, peakRssMB, ...
 *
 * - Forward: encoder + decoder on a batch (inside `tidy`), no gradient.
 * - Train: one Adam step (lr 1e-3) on the mean squared error between the decoded and the input
 *   four-momenta (a fixed, order-dependent loss: the benchmark times the model, not a
 *   permutation-invariant reconstruction loss), i.e. forward, backward and the update.
 * - Train with workers: the same step for the registered 'lgae' model (the same architecture and
 *   loss, its 'mse'), with each batch split among `LGAE_BENCH_WORKERS` threads (default 2: the
 *   calling thread and one worker thread, as `trainAutoencoder({ workers })` does), alternated
 *   step by step with the same step on one thread on a twin model, so that both see the same
 *   machine load: `trainJetsPerSecWorkers` and `trainJetsPerSecOneThread`, and their ratio
 *   `workersSpeedup`. (`trainJetsPerSec` stays the single-thread figure of the step above.)
 * - End to end: `trainAutoencoder` alone in a child process (bench/lgae-trainer.mjs): three epochs
 *   of 96 batches with 1 and with the workers, alternated twice (`trainerJetsPerSec`,
 *   `trainerJetsPerSecWorkers`: training jets over the training time of epochs 2 and 3, once
 *   every thread's code is compiled and tiered up (the rate rises over the first ten seconds or so
 *   of a process, which a training run of minutes does not see), validation and thread start
 *   excluded, mean of the two runs;
 *   `trainerPeakRssMB`, `trainerPeakRssMBWorkers`: the larger of the two runs' peak resident set,
 *   the whole process: data, model, every thread). These run the built package (dist/, as the
 *   command line does; the npm script builds it first) in plain Node, as users run it.
 *   `goalMetWorkers`: whether the run with the workers reached the goal of 100x the PyTorch
 *   reference's 22 training jets/s (2,200) in under 260 MB.
 * - Idle cores: the speedup of a plain arithmetic loop split among the same number of threads,
 *   alternated with it on one thread (`cpuLoopSpeedupWorkers`): what the machine offered at the
 *   time (about `workers` on idle cores, about 1 when other processes keep every core busy), to
 *   read `workersSpeedup` against.
 * - Kernels: every figure above runs on the build of the WebAssembly kernels that
 *   `preferRelaxedSimd()` selects (`kernels`: 'relaxed-simd', with fused multiply-adds, where the
 *   engine accepts it); the single-thread training step is also timed on the plain-SIMD build,
 *   alternated step by step with the selected one on the same model (`trainJetsPerSecPlainSimd`,
 *   `relaxedSimdSpeedup`; null where only the plain build runs). LORENTZ_IRREPS_KERNELS=simd
 *   runs everything on the plain build.
 * Each is run on successive batches after a warm-up; the throughput is 128 jets over the median
 * step time (the fastest step is printed too: the machine is shared, and the load average is
 * reported). Peak RSS (`peakRssMB`) is the process's maximum resident set
 * (`process.resourceUsage().maxRSS`) after the single-thread forward and training steps, data
 * loading included; `peakRssMBWorkers` is the same at the end, with the twin models and the worker
 * threads' heaps. The run fails (exit code 1) if an output or a loss is not finite or the
 * parameters do not change.
 *
 * Data: see bench/lgae-data.ts (the shared JetNet-layout jets in TeV, or a seeded generator).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { Adam, createModel, LGAEDecoder, LGAEEncoder, mean, median, preferRelaxedSimd, square, sub, tidy, type Tensor } from '../src/index';
import { setWasmKernelVariant } from '../src/tensor/cpu/wasm/index';
import { parameterMap } from '../src/train/model';
import { GradientWorkers, sliceGradients } from '../src/train/parallel';
import { batchLoss } from '../src/train/trainer';
import { timeBatches } from './batch-timing';
import { benchJets } from './lgae-data';

const json = process.argv.includes('--json');
const BATCH = 128;
const WARMUP = 2;
const STEPS = Number(process.env.LGAE_BENCH_STEPS ?? 8);
const WORKERS = Number(process.env.LGAE_BENCH_WORKERS ?? 2);
if (!Number.isSafeInteger(WORKERS) || WORKERS < 2) {
  process.stderr.write(`bench:lgae: LGAE_BENCH_WORKERS must be an integer >= 2 (got ${process.env.LGAE_BENCH_WORKERS})\n`);
  process.exit(1);
}

function fail(message: string): never {
  process.stderr.write(`bench:lgae: ${message}\n`);
  process.exit(1);
}

// The build of the WebAssembly kernels every measurement below uses (except the plain-SIMD one).
const kernels = preferRelaxedSimd();

const batches = WARMUP + STEPS;
const jets = benchJets(batches * BATCH);
const n = jets.numParticles;
const timing = { size: BATCH, batches, warmup: WARMUP };

const encoder = new LGAEEncoder({ scale: 1, particles: n, seed: 1 });
const decoder = new LGAEDecoder({ particles: n, seed: 2 });
const params = [...encoder.parameters(), ...decoder.parameters()];

// Forward.
const forward = timeBatches(
  jets,
  timing,
  (p, mask) => tidy(() => decoder.apply(encoder.apply(p, { mask })).dataSync().every(Number.isFinite)),
  (finite) => finite || fail('the decoded jets are not finite'),
);
const [forwardMs, forwardCpuMs] = [forward.ms, forward.cpuMs];

// Training steps.
const adam = new Adam({ lr: 1e-3 });
const before = params.map((v) => v.reImSync().re.slice());
const trainStep = (p: Tensor, mask: Tensor): number => adam.minimize(() => mean(square(sub(decoder.apply(encoder.apply(p, { mask })), p))), params);
const train = timeBatches(jets, timing, trainStep, (loss, k) => Number.isFinite(loss) || fail(`the loss is not finite at step ${k}`));
const [trainMs, trainCpuMs, losses] = [train.ms, train.cpuMs, train.results];
const unchanged = params.filter((v, k) => v.reImSync().re.every((x, i) => x === before[k][i])).map((v) => v.name);
if (unchanged.length > 0) fail(`Adam did not change ${unchanged.join(', ')}`);

// Peak RSS of the single-thread forward and training above (data loading included), before any
// twin model or worker thread adds its own.
const peakRssMB = process.resourceUsage().maxRSS / 1024;

// The same training step on the plain-SIMD build of the kernels, alternated step by step with the
// build used everywhere else (relaxed SIMD where available), on the same model.
const plainMs: number[] = [];
const relaxedMs: number[] = [];
if (kernels === 'relaxed-simd') {
  timeBatches(jets, timing, (p, mask, k) => {
    for (const variant of k % 2 === 0 ? (['simd', 'relaxed-simd'] as const) : (['relaxed-simd', 'simd'] as const)) {
      setWasmKernelVariant(variant);
      const t0 = performance.now();
      trainStep(p, mask);
      if (k >= WARMUP) (variant === 'simd' ? plainMs : relaxedMs).push(performance.now() - t0);
    }
  });
  setWasmKernelVariant('auto');
}

// Training steps with worker threads, alternated with one-thread steps of a twin model.
const context = { seed: 1, numParticles: n, units: 'TeV' as const };
const settings = { loss: 'mse' as const, maskPadding: false };
const twins = [createModel('lgae', { loss: 'mse' }, context), createModel('lgae', { loss: 'mse' }, context)];
const [single, split] = twins.map((m) => {
  const params = parameterMap(m, 'bench');
  const trainable = [...params].filter(([, v]) => v.trainable);
  return { model: m, params, trainable, variables: trainable.map(([, v]) => v), adam: new Adam({ lr: 1e-3 }) };
});
const pool = await GradientWorkers.start({
  workers: WORKERS,
  kind: 'lgae',
  config: split.model.config(),
  context,
  settings,
  imports: [],
  params: split.params,
  trainable: split.trainable,
  fn: 'bench:lgae',
});
const oneMs: number[] = [];
const workersMs: number[] = [];
const workersLosses: [number, number][] = [];
try {
  for (let k = 0; k < batches; k++) {
    const p = jets.p.subarray(k * BATCH * n * 4, (k + 1) * BATCH * n * 4);
    const mask = jets.mask.subarray(k * BATCH * n, (k + 1) * BATCH * n);
    let t0 = performance.now();
    const lossOne = single.adam.minimize(() => batchLoss(single.model, settings, p, mask, BATCH, n, 'mean'), single.variables);
    const dtOne = performance.now() - t0;
    t0 = performance.now();
    const r = await pool.batch(p, mask, BATCH, n, (from, to) =>
      sliceGradients(() => batchLoss(split.model, settings, p.slice(from * n * 4, to * n * 4), mask.slice(from * n, to * n), to - from, n, 'sum'), split.variables),
    );
    tidy(() => split.adam.step({ grads: pool.gradTensors(r.grads), variables: split.variables }));
    const dtWorkers = performance.now() - t0;
    if (!Number.isFinite(lossOne) || !Number.isFinite(r.loss)) fail(`a loss is not finite at step ${k} of the worker comparison`);
    workersLosses.push([lossOne, r.loss]);
    if (k >= WARMUP) {
      oneMs.push(dtOne);
      workersMs.push(dtWorkers);
    }
  }
} finally {
  await pool.close();
}
// the same trajectory to rounding (Adam's first steps have size ~lr whatever the gradient)
const lossGap = Math.max(...workersLosses.map(([a, b]) => Math.abs(a - b) / Math.abs(a)));
if (!(lossGap < 1e-6)) fail(`the losses with ${WORKERS} threads differ from one thread's by ${lossGap} (relative)`);
for (const t of twins) t.dispose();

// End to end, each run in a child process of its own on the built package (bench/lgae-trainer.mjs)
// so that its peak resident memory is that of the training alone: one thread and the workers,
// alternated twice, on jets handed over in a temporary file.
const TRAINER_BATCHES = 96;
const trainerJets = benchJets((TRAINER_BATCHES + 1) * BATCH);
const tmp = mkdtempSync(join(tmpdir(), 'lgae-bench-'));
const jetsFile = join(tmp, 'jets.f64');
writeFileSync(jetsFile, Buffer.concat([Buffer.from(trainerJets.p.buffer, trainerJets.p.byteOffset, trainerJets.p.byteLength), Buffer.from(trainerJets.mask.buffer, trainerJets.mask.byteOffset, trainerJets.mask.byteLength)]));
function trainerRun(workers: number): { jetsPerSec: number; peakRssMB: number } {
  const child = spawnSync(process.execPath, [fileURLToPath(new URL('./lgae-trainer.mjs', import.meta.url))], {
    env: { ...process.env, LGAE_TRAINER_WORKERS: String(workers), LGAE_TRAINER_BATCHES: String(TRAINER_BATCHES), LGAE_TRAINER_EPOCHS: '3', LGAE_TRAINER_PARTICLES: String(n), LGAE_TRAINER_JETS: jetsFile },
    encoding: 'utf8',
  });
  const line = child.stdout.trim().split('\n').pop() ?? '';
  if (child.status !== 0 || !line.startsWith('{')) throw new Error(`the end-to-end run with ${workers} thread(s) failed (exit ${child.status}): ${child.stderr.trim().split('\n').slice(-3).join(' / ')}`);
  return JSON.parse(line) as { jetsPerSec: number; peakRssMB: number };
}
const trainerRuns: Record<number, { jetsPerSec: number; peakRssMB: number }[]> = { 1: [], [WORKERS]: [] };
let trainerFailure: string | null = null;
try {
  for (let round = 0; round < 2; round++) for (const workers of [1, WORKERS]) trainerRuns[workers].push(trainerRun(workers));
} catch (e) {
  trainerFailure = e instanceof Error ? e.message : String(e);
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
if (trainerFailure !== null) fail(trainerFailure);
const trainerJetsPerSec = (w: number) => Math.round(trainerRuns[w].reduce((s, r) => s + r.jetsPerSec, 0) / trainerRuns[w].length);
const trainerPeakRssMB = (w: number) => Math.max(...trainerRuns[w].map((r) => r.peakRssMB));

// Idle cores: a plain loop on one thread vs split among WORKERS threads, alternated.
const LOOP = 'let s = 0; for (let i = 0; i < n; i++) s += Math.sqrt(i + (s % 7)); return s;';
const spin = new Function('n', LOOP) as (n: number) => number;
const spinners = Array.from(
  { length: WORKERS - 1 },
  () => new Worker(`const spin = new Function('n', ${JSON.stringify(LOOP)}); require('node:worker_threads').parentPort.on('message', (n) => require('node:worker_threads').parentPort.postMessage(spin(n)));`, { eval: true }),
);
const LOOP_N = 6e6 * WORKERS;
const loopOne: number[] = [];
const loopSplit: number[] = [];
try {
  for (let k = 0; k < 7; k++) {
    let t0 = performance.now();
    spin(LOOP_N);
    loopOne.push(performance.now() - t0);
    t0 = performance.now();
    const done = spinners.map((w) => new Promise((ok) => w.once('message', ok)));
    for (const w of spinners) w.postMessage(LOOP_N / WORKERS);
    spin(LOOP_N / WORKERS);
    await Promise.all(done);
    loopSplit.push(performance.now() - t0);
  }
} finally {
  await Promise.all(spinners.map((w) => w.terminate()));
}

const peakRssMBWorkers = process.resourceUsage().maxRSS / 1024;
const result = {
  batch: BATCH,
  particles: n,
  dtype: 'float64',
  backend: 'cpu',
  encoderParameters: encoder.numParameters(),
  decoderParameters: decoder.numParameters(),
  forwardJetsPerSec: Math.round(BATCH / (median(forwardMs) / 1000)),
  forwardJetsPerSecFastest: Math.round(BATCH / (Math.min(...forwardMs) / 1000)),
  trainJetsPerSec: Math.round(BATCH / (median(trainMs) / 1000)),
  trainJetsPerSecFastest: Math.round(BATCH / (Math.min(...trainMs) / 1000)),
  forwardMsMedian: +median(forwardMs).toFixed(1),
  forwardCpuMsMedian: +median(forwardCpuMs).toFixed(1),
  trainMsMedian: +median(trainMs).toFixed(1),
  kernels,
  trainJetsPerSecPlainSimd: plainMs.length > 0 ? Math.round(BATCH / (median(plainMs) / 1000)) : null,
  relaxedSimdSpeedup: plainMs.length > 0 ? +(median(plainMs) / median(relaxedMs)).toFixed(3) : null,
  workers: WORKERS,
  trainJetsPerSecWorkers: Math.round(BATCH / (median(workersMs) / 1000)),
  trainJetsPerSecOneThread: Math.round(BATCH / (median(oneMs) / 1000)),
  workersSpeedup: +(median(oneMs) / median(workersMs)).toFixed(2),
  trainMsMedianWorkers: +median(workersMs).toFixed(1),
  trainMsMedianOneThread: +median(oneMs).toFixed(1),
  trainerJetsPerSec: trainerJetsPerSec(1),
  trainerJetsPerSecWorkers: trainerJetsPerSec(WORKERS),
  trainerPeakRssMB: trainerPeakRssMB(1),
  trainerPeakRssMBWorkers: trainerPeakRssMB(WORKERS),
  cpuLoopSpeedupWorkers: +(median(loopOne) / median(loopSplit)).toFixed(2),
  trainCpuMsMedian: +median(trainCpuMs).toFixed(1),
  peakRssMB: Math.round(peakRssMB),
  peakRssMBWorkers: Math.round(peakRssMBWorkers),
  // The goal of 100x the PyTorch reference's 22 training jets/s in under 260 MB, for a whole
  // training process with the workers (on one thread: trainerJetsPerSec, trainerPeakRssMB).
  goalMetWorkers: trainerJetsPerSec(WORKERS) >= 2200 && trainerPeakRssMB(WORKERS) < 260,
  steps: STEPS,
  firstLoss: losses[0],
  lastLoss: losses[losses.length - 1],
  loadAverage: loadavg().map((x) => +x.toFixed(2)),
  data: jets.source,
};

const lines = [
  `LGAE encoder ${encoder.summary()}`,
  `     decoder ${decoder.summary()}`,
  `data: ${jets.source}`,
  `forward: ${result.forwardJetsPerSec} jets/s (median ${result.forwardMsMedian} ms per batch of ${BATCH}, CPU ${result.forwardCpuMsMedian} ms; fastest ${result.forwardJetsPerSecFastest} jets/s)`,
  `train (forward + backward + Adam): ${result.trainJetsPerSec} jets/s (median ${result.trainMsMedian} ms, CPU ${result.trainCpuMsMedian} ms; fastest ${result.trainJetsPerSecFastest} jets/s)`,
  `kernels: ${kernels} build` +
    (result.relaxedSimdSpeedup === null ? '' : `; the same step alternated with the plain-SIMD build: ${result.trainJetsPerSecPlainSimd} jets/s plain, x${result.relaxedSimdSpeedup} with relaxed SIMD`),
  `train with ${WORKERS} threads (registered lgae, mse, alternated with one thread): ${result.trainJetsPerSecWorkers} jets/s (median ${result.trainMsMedianWorkers} ms) vs ${result.trainJetsPerSecOneThread} jets/s on one thread (median ${result.trainMsMedianOneThread} ms): x${result.workersSpeedup}`,
  `trainAutoencoder alone in a process (epochs 2-3 of ${TRAINER_BATCHES * BATCH} jets, mean of 2 runs; largest peak RSS): ${result.trainerJetsPerSec} jets/s in ${result.trainerPeakRssMB} MB with 1 thread, ${result.trainerJetsPerSecWorkers} jets/s in ${result.trainerPeakRssMBWorkers} MB with ${WORKERS}`,
  `goal, 2,200 training jets/s in under 260 MB (100x the PyTorch reference's 22 jets/s in 2.6 GB), end to end with ${WORKERS} threads: ${result.goalMetWorkers ? 'met' : 'not met'} (${result.trainerJetsPerSecWorkers} jets/s = ${(result.trainerJetsPerSecWorkers / 22).toFixed(0)}x, ${result.trainerPeakRssMBWorkers} MB)`,
  `idle cores: a plain loop split among ${WORKERS} threads runs x${result.cpuLoopSpeedupWorkers} as fast as on one (about ${WORKERS} on idle cores)`,
  `peak RSS: ${result.peakRssMB} MB (one thread), ${result.peakRssMBWorkers} MB at the end (twin models and worker threads included); loss ${losses[0].toExponential(3)} -> ${losses[losses.length - 1].toExponential(3)}; load average ${result.loadAverage.join(', ')}`,
];
process.stdout.write(`${lines.join('\n')}\n`);
if (json) process.stdout.write(`${JSON.stringify(result)}\n`);

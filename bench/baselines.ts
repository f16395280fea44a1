/**
 * Throughput of the baseline autoencoders at the command line's default sizes, in float64 on the
 * CPU backend, batch 128 jets of 30 particles:
 *
 * - GNNAE-JL: `createModel('gnnae', { level: 'jet' })` (3 + 3 MPNN layers, node, message and
 *   hidden widths 32, latent 55 per jet, mean aggregation), trained on the Chamfer loss;
 * - GNNAE-PL: `createModel('gnnae', { level: 'particle' })` (latent 2 per particle), Chamfer loss;
 * - CNNAE: `createModel('cnnae', {})` (40 x 40 images, 128 channels, latent 55), trained on its
 *   own image loss (`trainingLoss`), as `train` does by default.
 *
 *   npx tsx bench/baselines.ts                 human-readable lines
 *   npx tsx bench/baselines.ts --json          the same, and as the last line one JSON object
 *                                              { models: { 'gnnae-jl': {...}, ... }, loadAverage }
 *   npx tsx bench/baselines.ts --model cnnae   one model only (gnnae-jl, gnnae-pl or cnnae)
 *
 * - Forward: `reconstruct` (for the CNNAE: `trainingLoss`, the image loss, which is what training
 *   runs) on a batch inside `tidy`, no gradient.
 * - Train: one Adam step (lr 1e-3) on the batch mean of the training loss (the loss `train` uses
 *   by default for the kind), i.e. forward, backward and the update.
 * After a warm-up, each is timed on successive batches; the throughput is 128 jets over the median
 * step time (the fastest step and the median CPU time of the process per step are printed too: the
 * machine may be shared, so the load average is reported). Each model runs in its own child process, so that its peak RSS
 * (`process.resourceUsage().maxRSS`, data included) is its own. The run fails (exit code 1) if a
 * loss is not finite or Adam leaves a parameter unchanged.
 * Steps: `BASELINES_BENCH_STEPS` (default 5) after 1 warm-up batch.
 *
 * Data: see bench/lgae-data.ts (the shared JetNet-layout jets in TeV, or a seeded generator).
 */
import { execFileSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Adam, chamferLoss, createModel, mean, median, preferRelaxedSimd, tidy, type JetAutoencoder, type Tensor } from '../src/index';
import { timeBatches } from './batch-timing';
import { benchJets } from './lgae-data';

// The kernels' build the command line uses (relaxed SIMD where the engine accepts it), in this
// process and in each model's child process.
const kernels = preferRelaxedSimd();

const MODELS = {
  'gnnae-jl': { kind: 'gnnae', options: { level: 'jet' } },
  'gnnae-pl': { kind: 'gnnae', options: { level: 'particle' } },
  cnnae: { kind: 'cnnae', options: {} },
} as const;
type ModelName = keyof typeof MODELS;

const BATCH = 128;
const WARMUP = 1;
const STEPS = Number(process.env.BASELINES_BENCH_STEPS ?? 5);

function fail(message: string): never {
  process.stderr.write(`bench/baselines: ${message}\n`);
  process.exit(1);
}

interface ModelResult {
  readonly parameters: number;
  readonly forwardJetsPerSec: number;
  readonly forwardJetsPerSecFastest: number;
  readonly trainJetsPerSec: number;
  readonly trainJetsPerSecFastest: number;
  readonly forwardMsMedian: number;
  readonly forwardCpuMsMedian: number;
  readonly trainMsMedian: number;
  readonly trainCpuMsMedian: number;
  readonly peakRssMB: number;
  readonly firstLoss: number;
  readonly lastLoss: number;
}

function runModel(name: ModelName): ModelResult {
  const { kind, options } = MODELS[name];
  const batches = WARMUP + STEPS;
  const jets = benchJets(batches * BATCH);
  const n = jets.numParticles;
  const timing = { size: BATCH, batches, warmup: WARMUP };
  const model: JetAutoencoder = createModel(kind, { ...options }, { seed: 1, numParticles: n, units: 'TeV' });
  const params = model.namedParameters().map((q) => q.variable);
  const perJet = (p: Tensor, mask: Tensor): Tensor =>
    typeof model.trainingLoss === 'function' ? model.trainingLoss(p, mask) : chamferLoss(model.reconstruct(p, mask), p, { reduction: 'none' });
  const forward = (p: Tensor, mask: Tensor): Tensor => (typeof model.trainingLoss === 'function' ? model.trainingLoss(p, mask) : model.reconstruct(p, mask));

  const fwd = timeBatches(
    jets,
    timing,
    (p, mask) => tidy(() => forward(p, mask).dataSync().every(Number.isFinite)),
    (finite) => finite || fail(`${name}: the forward output is not finite`),
  );
  const [forwardMs, forwardCpuMs] = [fwd.ms, fwd.cpuMs];

  const adam = new Adam({ lr: 1e-3 });
  const before = params.map((v) => v.reImSync().re.slice());
  const train = timeBatches(
    jets,
    timing,
    (p, mask) => adam.minimize(() => mean(perJet(p, mask)), params),
    (loss, k) => Number.isFinite(loss) || fail(`${name}: the loss is not finite at step ${k}`),
  );
  const [trainMs, trainCpuMs, losses] = [train.ms, train.cpuMs, train.results];
  const unchanged = params.filter((v, k) => v.reImSync().re.every((x, i) => x === before[k][i])).map((v) => v.name);
  if (unchanged.length > 0) fail(`${name}: Adam did not change ${unchanged.join(', ')}`);
  const result: ModelResult = {
    parameters: params.reduce((a, v) => a + v.size, 0),
    forwardJetsPerSec: Math.round(BATCH / (median(forwardMs) / 1000)),
    forwardJetsPerSecFastest: Math.round(BATCH / (Math.min(...forwardMs) / 1000)),
    trainJetsPerSec: Math.round(BATCH / (median(trainMs) / 1000)),
    trainJetsPerSecFastest: Math.round(BATCH / (Math.min(...trainMs) / 1000)),
    forwardMsMedian: +median(forwardMs).toFixed(1),
    forwardCpuMsMedian: +median(forwardCpuMs).toFixed(1),
    trainMsMedian: +median(trainMs).toFixed(1),
    trainCpuMsMedian: +median(trainCpuMs).toFixed(1),
    peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
    firstLoss: losses[0],
    lastLoss: losses[losses.length - 1],
  };
  model.dispose();
  return result;
}

const args = process.argv.slice(2);
const json = args.includes('--json');
const child = args.includes('--child');
const at = args.indexOf('--model');
const only = at >= 0 ? (args[at + 1] as ModelName) : undefined;
if (only !== undefined && !(only in MODELS)) fail(`--model must be one of ${Object.keys(MODELS).join(', ')}, not ${String(only)}`);

if (child) {
  process.stdout.write(`${JSON.stringify(runModel(only as ModelName))}\n`);
} else {
  const names = only === undefined ? (Object.keys(MODELS) as ModelName[]) : [only];
  const models: Record<string, ModelResult> = {};
  const lines: string[] = [`data: ${benchJets(BATCH).source}; batch ${BATCH}, 30 particles, float64, CPU backend; ${STEPS} timed steps after ${WARMUP} warm-up`];
  for (const name of names) {
    const out = execFileSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), '--child', '--model', name], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], env: process.env });
    const r = JSON.parse(out.trim().split('\n').pop() as string) as ModelResult;
    models[name] = r;
    lines.push(
      `${name} (${r.parameters} parameters): forward ${r.forwardJetsPerSec} jets/s (median ${r.forwardMsMedian} ms, CPU ${r.forwardCpuMsMedian} ms, fastest ${r.forwardJetsPerSecFastest} jets/s); ` +
        `train ${r.trainJetsPerSec} jets/s (median ${r.trainMsMedian} ms, CPU ${r.trainCpuMsMedian} ms, fastest ${r.trainJetsPerSecFastest} jets/s); ` +
        `peak RSS ${r.peakRssMB} MB; loss ${r.firstLoss.toExponential(3)} -> ${r.lastLoss.toExponential(3)}`,
    );
    process.stdout.write(`${lines[lines.length - 1]}\n`);
  }
  const loadAverage = loadavg().map((x) => +x.toFixed(2));
  process.stdout.write(`load average ${loadAverage.join(', ')}\n`);
  if (json) process.stdout.write(`${JSON.stringify({ batch: BATCH, particles: 30, dtype: 'float64', backend: 'cpu', kernels, steps: STEPS, models, loadAverage })}\n`);
}

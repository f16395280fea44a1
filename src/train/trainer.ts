/**
 * The training loop of jet autoencoders: Adam over seeded shuffled batches, a validation loss
 * after each epoch, early stopping on it, best-weights tracking, atomic checkpoints after each
 * epoch, exact resumption, and a clean stop on request (e.g. Ctrl-C).
 *
 * @packageDocumentation
 */
import { createHash } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { isAbsolute, resolve as resolvePath } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ConfigError, NumericsError, ShapeError, invalid } from '../errors';
import { checkJetDataset, gatherJets, type JetDataset } from '../jets/dataset';
import { LOSS_NAMES, lossByName, type LossName } from '../losses/by-name';
import { Adam } from '../optim/adam';
import { variableGrads } from '../tensor/autodiff';
import { tensor } from '../tensor/creation';
import { tidy } from '../tensor/memory';
import { mean, sum } from '../tensor/ops/reduce';
import type { Tensor } from '../tensor/tensor';
import { Random } from '../util/random';
import { readBundle, type BundleArray } from './bundle';
import {
  hasCheckpoint,
  readCheckpoint,
  writeCheckpoint,
  type DataFingerprint,
  type EpochRecord,
  type TrainSettings,
  type TrainState,
} from './checkpoint';
import { checkAutoencoder, parameterMap, TRAIN_LOSS_NAMES, type JetAutoencoder, type TrainLoss } from './model';
import type { TrainProgress } from './progress';
import type { ModelContext } from './registry';
import { assignParameters, parameterArrays, saveWeights } from './weights';
import { GradientWorkers, jetRowSlice, sliceGradients, type JetRows } from './parallel';
import { checkResumable, randomState, rekey } from './resume';
import { checkInputDropout, dropInputParticles } from './input-dropout';

/** Train and validation jets (four-momenta in one unit, equal particle slots). */
export interface TrainData {
  readonly train: JetDataset;
  readonly val: JetDataset;
}

/** Options of {@link trainAutoencoder}. */
export interface TrainOptions {
  /** Epochs to train in total (counting epochs done before a resume). */
  readonly epochs: number;
  /** Jets per batch (default 128). The last batch of an epoch may be smaller. */
  readonly batchSize?: number;
  /** Adam learning rate (default 1e-3). */
  readonly lr?: number;
  /** Stop after this many epochs without a better validation loss; 0 never stops early (default 10). */
  readonly patience?: number;
  /**
   * Training loss: 'chamfer', 'mse', 'hungarian' (particle losses between the reconstruction and
   * the input), or 'model' (the model's own per-jet `trainingLoss`, e.g. the CNNAE's image MSE).
   * Default: 'model' for a model with a `trainingLoss`, else 'chamfer'.
   */
  readonly loss?: TrainLoss;
  /**
   * Pass the padding mask to the loss, so padded slots are ignored (default false: padded slots
   * are zero four-vectors the model must reproduce, as in the reference LGAE training).
   */
  readonly maskPadding?: boolean;
  /**
   * Denoising training (default none): in every training batch each particle slot from `keep` on
   * (default 3: the three hardest stay, as JetNet orders particles by decreasing pT) is removed from
   * the model's input with `probability` (four-momentum zero, mask 0), and the particle loss compares
   * the reconstruction of that input with the whole jet. The draws come from `seed`, the epoch and
   * the batch, so a resume repeats them and `workers` does not change them. Validation uses whole
   * jets (so the recorded training loss, that of the thinned inputs, lies above the validation
   * loss). Not with loss 'model' (a model's own loss sees one input only).
   */
  readonly inputDropout?: { readonly probability: number; readonly keep?: number };
  /** Seed of the batch order (default 0); also recorded as the model's creation seed. */
  readonly seed?: number;
  /** Folder for checkpoints and best weights (none when absent). */
  readonly dir?: string;
  /** Continue from the checkpoint in `dir` (default false). */
  readonly resume?: boolean;
  /** When aborted, the trainer saves a checkpoint after the current step and returns. */
  readonly signal?: AbortSignal;
  /** Receives progress events. */
  readonly progress?: TrainProgress;
  /** Load the best weights into the model when training ends (not when interrupted); default true. */
  readonly restoreBest?: boolean;
  /** Clock in milliseconds, for jets/s and ETA (default `performance.now`). */
  readonly now?: () => number;
  /**
   * Time budget in seconds of training (steps and validation, summed over resumes; default none).
   * Once it is spent, the epoch in progress ends after the current batch: it is validated,
   * recorded (marked `partial`), checkpointed, and training stops with status 'time-limit'. A
   * resume with a larger budget continues from there. The same budget for several models is a
   * fair comparison on one machine.
   */
  readonly maxSeconds?: number;
  /**
   * Threads computing gradients (default 1: the calling thread alone). With n > 1 each batch is
   * split into n contiguous slices; n - 1 worker threads, each with a replica of the model made by
   * `restoreModel(kind, config, context)`, compute the summed loss and gradients of their slices
   * while the calling thread computes the first; the gradients are summed in slice order (so a run
   * is deterministic, and resumes exactly, for a given n) and the Adam step is taken on the calling
   * thread; the validation loss is split among the threads the same way. Results agree with n = 1
   * to rounding. The model's kind must be registered in the worker threads: the package's built-in
   * kinds are; for others, see `workerImports`. On small machines min(2, cores) is the sensible
   * choice, and only while no other process keeps the cores busy (otherwise the threads share one
   * core and a step takes longer than on one thread). The threads end with training (also on
   * errors and when aborted).
   */
  readonly workers?: number;
  /**
   * Modules each worker thread imports before it makes its replica (with `workers` > 1): those that
   * register the model's kind when it is not built in, e.g. the command line's `--plugin` modules.
   * Package names, file URLs, or paths (relative ones are resolved against the working directory).
   */
  readonly workerImports?: readonly string[];
}

/** How a training run ended. */
export type TrainStatus = 'completed' | 'early-stopped' | 'time-limit' | 'interrupted';

/**
 * A training loss above this multiple of the first batch's loss of a session stops training with
 * a {@link NumericsError}: the run has diverged (e.g. four-momenta in GeV overflowing the
 * Lorentzian bells), although the loss is still a finite number.
 */
export const DIVERGENCE_FACTOR = 1e8;

/** The outcome of {@link trainAutoencoder}. */
export interface TrainResult {
  readonly status: TrainStatus;
  /** Completed epochs. */
  readonly epochs: number;
  /** Optimizer steps in total. */
  readonly steps: number;
  /** Epoch of the best validation loss (0 if no epoch finished). */
  readonly bestEpoch: number;
  /** Best validation loss (null if no epoch finished). */
  readonly bestValLoss: number | null;
  /** Every finished epoch, including those before a resume. */
  readonly history: readonly EpochRecord[];
}

/** The base name of the best weights in a run folder. */
export const BEST_WEIGHTS = 'best';

interface Resolved {
  readonly settings: TrainSettings;
  readonly epochs: number;
  readonly dir: string | undefined;
  readonly resume: boolean;
  readonly restoreBest: boolean;
  readonly maxSeconds: number | undefined;
  readonly workers: number;
  readonly workerImports: readonly string[];
}

/**
 * The loss a model trains with when none is asked for: its own `trainingLoss` when it has one, else
 * the particle loss its `config().loss` names (the LGAE's 'mse' for 'mix', 'chamfer' for 'minmax'),
 * else 'chamfer'.
 */
export function defaultLoss(model: JetAutoencoder): TrainLoss {
  if (typeof model.trainingLoss === 'function') return 'model';
  const named = model.config().loss;
  return typeof named === 'string' && (LOSS_NAMES as readonly string[]).includes(named) ? (named as TrainLoss) : 'chamfer';
}

function resolveOptions(options: TrainOptions, model: JetAutoencoder, fn = 'trainAutoencoder'): Resolved {
  if (options === null || typeof options !== 'object') throw new ConfigError(invalid(fn, 'options', 'an object', options));
  const positiveInt = (v: unknown, arg: string, min = 1) => {
    if (!Number.isSafeInteger(v) || (v as number) < min) throw new ConfigError(invalid(fn, `options.${arg}`, `an integer >= ${min}`, v));
    return v as number;
  };
  const epochs = positiveInt(options.epochs, 'epochs');
  const batchSize = positiveInt(options.batchSize ?? 128, 'batchSize');
  const patience = positiveInt(options.patience ?? 10, 'patience', 0);
  const lr = options.lr ?? 1e-3;
  if (typeof lr !== 'number' || !(lr > 0) || !Number.isFinite(lr)) throw new ConfigError(invalid(fn, 'options.lr', 'a finite number > 0', lr));
  const loss = options.loss ?? defaultLoss(model);
  if (!TRAIN_LOSS_NAMES.includes(loss)) throw new ConfigError(invalid(fn, 'options.loss', `one of ${TRAIN_LOSS_NAMES.map((n) => `'${n}'`).join(', ')}`, loss));
  if (loss === 'model' && typeof model.trainingLoss !== 'function') {
    throw new ConfigError(invalid(fn, 'options.loss', `a particle loss ('chamfer', 'mse', 'hungarian'): the model '${model.kind}' has no trainingLoss method`, loss));
  }
  const seed = options.seed ?? 0;
  if (!Number.isSafeInteger(seed)) throw new ConfigError(invalid(fn, 'options.seed', 'an integer', seed));
  const flag = (v: unknown, arg: string, dflt: boolean) => {
    if (v === undefined) return dflt;
    if (typeof v !== 'boolean') throw new ConfigError(invalid(fn, `options.${arg}`, 'a boolean', v));
    return v;
  };
  const maskPadding = flag(options.maskPadding, 'maskPadding', false);
  const inputDropout = options.inputDropout === undefined ? undefined : checkInputDropout(options.inputDropout, fn, 'options.inputDropout');
  if (inputDropout !== undefined && loss === 'model') {
    throw new ConfigError(invalid(fn, 'options.loss', "a particle loss ('chamfer', 'mse', 'hungarian') with options.inputDropout: a model's own loss sees one input only", loss));
  }
  const resume = flag(options.resume, 'resume', false);
  const restoreBest = flag(options.restoreBest, 'restoreBest', true);
  if (options.dir !== undefined && (typeof options.dir !== 'string' || options.dir.length === 0)) throw new ConfigError(invalid(fn, 'options.dir', 'a folder path', options.dir));
  if (resume && options.dir === undefined) throw new ConfigError(invalid(fn, 'options.resume', 'false when no options.dir holds a checkpoint', resume));
  if (options.signal !== undefined && !(options.signal instanceof AbortSignal)) throw new ConfigError(invalid(fn, 'options.signal', 'an AbortSignal', options.signal));
  const maxSeconds = options.maxSeconds;
  if (maxSeconds !== undefined && (typeof maxSeconds !== 'number' || !(maxSeconds > 0) || !Number.isFinite(maxSeconds))) {
    throw new ConfigError(invalid(fn, 'options.maxSeconds', 'a finite number of seconds > 0', maxSeconds));
  }
  const workers = positiveInt(options.workers ?? 1, 'workers');
  const workerImports = options.workerImports ?? [];
  if (!Array.isArray(workerImports) || !workerImports.every((m) => typeof m === 'string' && m.length > 0)) {
    throw new ConfigError(invalid(fn, 'options.workerImports', 'a list of module names, file URLs or paths', workerImports));
  }
  return {
    settings: { loss, batchSize, lr, patience, seed, maskPadding, ...(inputDropout !== undefined ? { inputDropout } : {}) },
    epochs,
    dir: options.dir,
    resume,
    restoreBest,
    maxSeconds,
    workers,
    workerImports: workerImports.map((m) => (m.startsWith('.') || isAbsolute(m) ? pathToFileURL(resolvePath(m)).href : m)),
  };
}

/** SHA-256 over the four-momenta and masks of the train and validation jets, with their sizes. */
export function dataFingerprint(data: TrainData): DataFingerprint {
  const h = createHash('sha256');
  for (const ds of [data.train, data.val]) {
    h.update(`${ds.numJets}x${ds.numParticles}:`);
    h.update(new Uint8Array(ds.p.buffer, ds.p.byteOffset, ds.p.byteLength));
    h.update(new Uint8Array(ds.mask.buffer, ds.mask.byteOffset, ds.mask.byteLength));
  }
  return { trainJets: data.train.numJets, valJets: data.val.numJets, numParticles: data.train.numParticles, units: data.train.units, sha256: h.digest('hex') };
}

function checkData(data: TrainData, fn: string): void {
  if (data === null || typeof data !== 'object') throw new ConfigError(invalid(fn, 'data', 'an object { train, val }', data));
  checkJetDataset(data.train, fn, 'data.train');
  checkJetDataset(data.val, fn, 'data.val');
  if (data.train.numJets === 0) throw new ConfigError(invalid(fn, 'data.train', 'a dataset with at least one jet', 0));
  if (data.val.numJets === 0) throw new ConfigError(invalid(fn, 'data.val', 'a dataset with at least one jet', 0));
  if (data.val.numParticles !== data.train.numParticles) {
    throw new ConfigError(invalid(fn, 'data.val.numParticles', `equal to data.train.numParticles = ${data.train.numParticles}`, data.val.numParticles));
  }
  if (data.val.units !== data.train.units) throw new ConfigError(invalid(fn, 'data.val.units', `equal to data.train.units = '${data.train.units}'`, data.val.units));
}

/**
 * The per-jet loss of a batch of jets, reduced over the batch, as a tensor (call inside `tidy`).
 * With `input` (a denoising input of the same shape) the model reconstructs that, and the particle
 * loss compares the result with `p`.
 */
export function batchLoss(
  model: JetAutoencoder,
  settings: Pick<TrainSettings, 'loss' | 'maskPadding'>,
  p: Float64Array,
  mask: Float64Array,
  b: number,
  N: number,
  reduction: 'mean' | 'sum',
  input?: JetRows,
): Tensor {
  const pt = tensor(p, [b, N, 4]);
  const mt = tensor(mask, [b, N]);
  if (settings.loss === 'model') {
    if (input !== undefined) throw new ConfigError(invalid('trainAutoencoder', 'options.loss', 'a particle loss with options.inputDropout', settings.loss));
    const perJet = model.trainingLoss!(pt, mt);
    if (perJet === null || typeof perJet !== 'object' || perJet.rank !== 1 || perJet.shape[0] !== b || perJet.complex) {
      throw new ShapeError(invalid('trainAutoencoder', 'model.trainingLoss', `a real tensor of shape [${b}] (one loss per jet)`, perJet?.shape));
    }
    return reduction === 'mean' ? mean(perJet) : sum(perJet);
  }
  const reco = input === undefined ? model.reconstruct(pt, mt) : model.reconstruct(tensor(input.p, [b, N, 4]), tensor(input.mask, [b, N]));
  return lossByName(settings.loss as LossName)(reco, pt, settings.maskPadding ? { mask: mt, reduction } : { reduction });
}

/**
 * The mean per-jet loss of `model` on `ds` (no gradients), in batches.
 *
 * @param model - the autoencoder.
 * @param ds - the jets.
 * @param options - loss name (default: 'model' for a model with a `trainingLoss`, else 'chamfer'),
 *   batch size (default 128), maskPadding (default false).
 * @returns the mean over jets of the per-jet loss.
 * @throws {@link ConfigError} for a bad model or options; {@link ShapeError} for a malformed dataset;
 *   what the model and the loss throw.
 *
 * @example
 * ```ts
 * import { evaluateLoss, variable, tensor, mul, type Tensor } from 'lorentz-irreps';
 * const s = variable(tensor([2]), { name: 'evaluate-example.s' });
 * const model = { kind: 'scale', config: () => ({}), namedParameters: () => [{ name: 's', variable: s }],
 *   reconstruct: (p: Tensor) => mul(p, s), dispose: () => s.dispose() };
 * // one jet of one particle (1, 0, 0, 1), reconstructed as (2, 0, 0, 2): MSE = (1 + 1) / 4
 * const jets = { numJets: 1, numParticles: 1, p: new Float64Array([1, 0, 0, 1]), mask: new Float64Array([1]), units: 'TeV' as const };
 * console.assert(evaluateLoss(model, jets, { loss: 'mse' }) === 0.5);
 * model.dispose();
 * ```
 */
export function evaluateLoss(model: JetAutoencoder, ds: JetDataset, options: { loss?: TrainLoss; batchSize?: number; maskPadding?: boolean } = {}): number {
  const fn = 'evaluateLoss';
  checkAutoencoder(model, fn, 'model');
  checkJetDataset(ds, fn, 'ds');
  const { settings } = resolveOptions({ epochs: 1, ...options }, model, fn);
  if (ds.numJets === 0) throw new ConfigError(invalid(fn, 'ds', 'a dataset with at least one jet', 0));
  const N = ds.numParticles;
  let total = 0;
  for (let start = 0; start < ds.numJets; start += settings.batchSize) {
    const idx = Int32Array.from({ length: Math.min(settings.batchSize, ds.numJets - start) }, (_, k) => start + k);
    const { p, mask } = gatherJets(ds, idx);
    total += tidy(() => batchLoss(model, settings, p, mask, idx.length, N, 'sum').dataSync()[0]);
  }
  return total / ds.numJets;
}

/**
 * Trains a jet autoencoder with Adam to reconstruct its input jets.
 *
 * Each epoch visits the training jets in the order `rng.permutation(n)` of a {@link Random} seeded
 * with `seed` and carried over epochs (so epoch e's order is fixed by the seed), in batches of
 * `batchSize`; each batch takes one Adam step on the mean per-jet loss: a particle loss between
 * `model.reconstruct(p, mask)` and p, or with `loss: 'model'` (the default for models that have
 * one) the model's own `model.trainingLoss(p, mask)`. After each epoch the mean per-jet validation loss is
 * computed; a strictly lower value than before marks the best epoch (its weights are kept, and
 * saved as `best.json` in `dir`); after `patience` epochs without one, training stops. With
 * `dir`, a checkpoint is written atomically after every epoch and when stopped by `signal`:
 * `resume: true` continues from it exactly, giving bit for bit the weights of an uninterrupted run.
 * A step whose loss is not finite, or above {@link DIVERGENCE_FACTOR} times the session's first
 * loss, throws {@link NumericsError}; the last checkpoint stays intact. With `maxSeconds`, training
 * stops with status 'time-limit' once that much time has been spent (see the option). With
 * `workers` > 1 each batch is split among that many threads (see the option): the same training to
 * rounding, in less time on a machine with idle cores.
 *
 * The loop yields to the event loop after each step, so that signal handlers (Ctrl-C) run.
 *
 * @param model - the autoencoder (its parameters are updated in place).
 * @param data - train and validation jets, in the units the model expects.
 * @param options - epochs (required), batchSize, lr, patience, loss, maskPadding, inputDropout, seed, dir,
 *   resume, signal, progress, restoreBest, now, maxSeconds, workers, workerImports.
 * @returns the status, counters, best epoch and history.
 * @throws {@link ConfigError} for bad options or data, a `dir` that already holds a checkpoint
 *   without `resume`, or a checkpoint made with another model, settings or data;
 *   {@link DataError} for a damaged checkpoint; {@link NumericsError} for a non-finite or diverging loss;
 *   what the model and the loss throw.
 *
 * @example
 * ```ts
 * import { trainAutoencoder, variable, tensor, mul, type Tensor } from 'lorentz-irreps';
 * // a one-parameter "autoencoder" p -> s p, which learns s = 1
 * const s = variable(tensor([0.5]), { name: 'scale-example.s' });
 * const model = { kind: 'scale', config: () => ({}), namedParameters: () => [{ name: 's', variable: s }],
 *   reconstruct: (p: Tensor) => mul(p, s), dispose: () => s.dispose() };
 * const jets = { numJets: 8, numParticles: 2, p: new Float64Array(64).map((_, i) => (i % 7) / 7), mask: new Float64Array(16).fill(1), units: 'TeV' as const };
 * const result = await trainAutoencoder(model, { train: jets, val: jets }, { epochs: 30, batchSize: 4, lr: 0.05, loss: 'mse' });
 * console.assert(result.status === 'completed' && result.history.length === 30);
 * console.assert(Math.abs(s.dataSync()[0] - 1) < 0.05);
 * model.dispose();
 * ```
 *
 * @example
 * ```ts
 * import { createModel, loadJetNetSplits, sampleDataDir, trainAutoencoder } from 'lorentz-irreps';
 * // the LGAE on 12 quark jets of the shipped sample, each batch split between this thread and a worker thread
 * const { q } = await loadJetNetSplits({ dir: sampleDataDir(), classes: ['q'], units: 'TeV', seed: 0, maxJets: 20 });
 * const model = createModel('lgae', {}, { seed: 0, numParticles: 30, units: 'TeV' });
 * const result = await trainAutoencoder(model, { train: q.train, val: q.val }, { epochs: 1, batchSize: 6, workers: 2 });
 * console.assert(result.status === 'completed' && result.steps === 2);
 * model.dispose();
 * ```
 */
export async function trainAutoencoder(model: JetAutoencoder, data: TrainData, options: TrainOptions): Promise<TrainResult> {
  const fn = 'trainAutoencoder';
  checkAutoencoder(model, fn, 'model');
  checkData(data, fn);
  const { settings, epochs, dir, resume, restoreBest, maxSeconds, workers, workerImports } = resolveOptions(options, model);
  const params = parameterMap(model, fn);
  const trainable = [...params.values()].filter((v) => v.trainable);
  if (trainable.length === 0) throw new ConfigError(invalid(fn, 'model', 'a model with trainable parameters', model.kind));
  const now = options.now ?? (() => performance.now());
  const progress = options.progress ?? {};
  const fingerprint = dataFingerprint(data);
  const context: ModelContext = { seed: settings.seed, numParticles: data.train.numParticles, units: data.train.units };
  const optimizer = new Adam({ lr: settings.lr });
  const rng = new Random(settings.seed);
  let state: TrainState = {
    epochsDone: 0,
    batchesDone: 0,
    steps: 0,
    epochRng: randomState(rng),
    epochLossSum: 0,
    epochJets: 0,
    bestEpoch: 0,
    bestValLoss: null,
    sinceBest: 0,
    earlyStopped: false,
  };
  let history: EpochRecord[] = [];
  let best: Map<string, BundleArray> | null = null;
  let savedContext = context;

  if (resume) {
    const c = readCheckpoint(dir!);
    checkResumable(c, model, settings, fingerprint, dir!);
    assignParameters(params, c.parameters, fn, `${dir}/checkpoint.json`);
    // names resolve among the model's variables only, whatever other live variables share them
    optimizer.setState(rekey(c.optimizer, new Map([...params].map(([name, v]) => [name, v.name]))), trainable);
    state = c.state;
    history = c.history.slice();
    savedContext = c.context;
    if (state.bestEpoch > 0) best = new Map([...readBundle(dir!, BEST_WEIGHTS).arrays]);
  } else if (dir !== undefined && hasCheckpoint(dir)) {
    throw new ConfigError(invalid(fn, 'options.dir', 'a folder without a checkpoint (or pass resume: true to continue it)', dir));
  }

  const sessionStart = now();
  const spentBefore = state.secondsSpent ?? 0;
  const spent = () => spentBefore + (now() - sessionStart) / 1000;
  const outOfTime = () => maxSeconds !== undefined && spent() >= maxSeconds;
  const saveCheckpoint = () => {
    if (dir === undefined) return;
    state = { ...state, secondsSpent: spent() };
    const optimizerState = rekey(optimizer.getState(), new Map([...params].map(([name, v]) => [v.name, name])));
    writeCheckpoint(dir, { kind: model.kind, config: model.config(), context: savedContext, settings, epochs, data: fingerprint, state, history, optimizer: optimizerState }, params);
  };
  const finish = (status: TrainStatus): TrainResult => {
    if (status !== 'interrupted' && restoreBest && best !== null) assignParameters(params, best, fn, 'the best weights');
    if (status === 'time-limit') progress.note?.(`time limit: ${Number(maxSeconds!.toPrecision(4))} s of training spent (best validation loss ${Number(state.bestValLoss?.toPrecision(4))} at epoch ${state.bestEpoch})`);
    return { status, epochs: state.epochsDone, steps: state.steps, bestEpoch: state.bestEpoch, bestValLoss: state.bestValLoss, history };
  };

  const { train, val } = data;
  const N = train.numParticles;
  const B = settings.batchSize;
  const batchesPerEpoch = Math.ceil(train.numJets / B);
  progress.start?.({ epochs, epochsDone: state.epochsDone, batchesDone: state.batchesDone, batchesPerEpoch, trainJets: train.numJets, valJets: val.numJets, resumed: resume });
  let sessionJets = 0;
  let sessionBatches = 0;
  const batchesLeftAtStart = (epochs - state.epochsDone) * batchesPerEpoch - state.batchesDone;

  let firstLoss: number | null = null;
  let timeUp = outOfTime();
  const pool =
    workers > 1 && state.epochsDone < epochs && !state.earlyStopped && !timeUp
      ? await GradientWorkers.start({
          workers,
          kind: model.kind,
          config: model.config(),
          context: savedContext,
          settings,
          imports: workerImports,
          params,
          trainable: [...params].filter(([, v]) => v.trainable),
          fn,
        })
      : null;
  if (pool !== null) {
    const cores = availableParallelism();
    progress.note?.(`computing gradients on ${pool.size} threads${pool.size > cores ? ` (more than the ${cores} cores: fewer threads would be faster)` : ''}`);
  }
  try {
    while (state.epochsDone < epochs && !state.earlyStopped && !timeUp) {
      rng.setState(state.epochRng);
      const order = rng.permutation(train.numJets);
      const nextRng = randomState(rng);
      const epochStart = now();
      let epochSessionJets = 0;
      for (let k = state.batchesDone; k < batchesPerEpoch; k++) {
        if (options.signal?.aborted) {
          saveCheckpoint();
          progress.note?.(dir !== undefined ? `interrupted: checkpoint saved in ${dir}` : 'interrupted');
          return finish('interrupted');
        }
        const idx = order.subarray(k * B, Math.min((k + 1) * B, train.numJets));
        const { p, mask } = gatherJets(train, idx);
        const input = settings.inputDropout === undefined ? undefined : dropInputParticles(p, mask, idx.length, N, settings.inputDropout, settings.seed, state.epochsDone, k);
        const sliced =
          pool === null
            ? null
            : await pool.batch(
                p,
                mask,
                idx.length,
                N,
                (from, to) => {
                  const part = jetRowSlice({ p, mask }, from, to, N);
                  const partInput = input && jetRowSlice(input, from, to, N);
                  return sliceGradients(() => batchLoss(model, settings, part.p, part.mask, to - from, N, 'sum', partInput), trainable);
                },
                input,
              );
        const loss = tidy(() => {
          let v: number;
          let grads: Tensor[];
          if (sliced === null) {
            const r = variableGrads(() => batchLoss(model, settings, p, mask, idx.length, N, 'mean', input), trainable);
            v = r.value.dataSync()[0];
            grads = r.grads;
          } else {
            v = sliced.loss;
            grads = pool!.gradTensors(sliced.grads);
          }
          if (!Number.isFinite(v)) {
            throw new NumericsError(invalid(fn, 'model', `a model whose training loss stays finite (epoch ${state.epochsDone + 1}, batch ${k + 1})`, v));
          }
          if (firstLoss === null) firstLoss = v;
          else if (firstLoss > 0 && v > DIVERGENCE_FACTOR * firstLoss) {
            throw new NumericsError(invalid(fn, 'model', `a model whose training loss does not diverge: epoch ${state.epochsDone + 1}, batch ${k + 1} has over ${DIVERGENCE_FACTOR} times the session's first loss ${firstLoss} (lower the learning rate, or check the units)`, v));
          }
          optimizer.step({ grads, variables: trainable });
          return v;
        });
        state = { ...state, batchesDone: k + 1, steps: state.steps + 1, epochLossSum: state.epochLossSum + loss * idx.length, epochJets: state.epochJets + idx.length };
        sessionJets += idx.length;
        epochSessionJets += idx.length;
        sessionBatches++;
        const elapsed = (now() - sessionStart) / 1000;
        progress.batch?.({
          epoch: state.epochsDone + 1,
          epochs,
          batch: k + 1,
          batchesPerEpoch,
          loss: state.epochLossSum / state.epochJets,
          jetsPerSecond: sessionJets / Math.max(elapsed, 1e-9),
          etaSeconds: (elapsed / sessionBatches) * (batchesLeftAtStart - sessionBatches),
        });
        await new Promise<void>((r) => setImmediate(r));
        if (outOfTime()) {
          timeUp = true;
          break;
        }
      }
      const trainSeconds = (now() - epochStart) / 1000;
      const valLoss = pool === null ? evaluateLoss(model, val, settings) : await pool.evaluate(val, B, (vp, vm, vb) => tidy(() => batchLoss(model, settings, vp, vm, vb, N, 'sum').dataSync()[0]));
      if (!Number.isFinite(valLoss)) throw new NumericsError(invalid(fn, 'model', `a model whose validation loss stays finite (epoch ${state.epochsDone + 1})`, valLoss));
      const epoch = state.epochsDone + 1;
      const improved = state.bestValLoss === null || valLoss < state.bestValLoss;
      const record: EpochRecord = {
        epoch,
        trainLoss: state.epochLossSum / state.epochJets,
        valLoss,
        best: improved,
        seconds: (now() - epochStart) / 1000,
        jetsPerSecond: epochSessionJets / Math.max(trainSeconds, 1e-9),
        ...(timeUp && state.batchesDone < batchesPerEpoch ? { partial: true } : {}),
      };
      history = [...history, record];
      const sinceBest = improved ? 0 : state.sinceBest + 1;
      state = {
        ...state,
        epochsDone: epoch,
        batchesDone: 0,
        epochRng: nextRng,
        epochLossSum: 0,
        epochJets: 0,
        bestEpoch: improved ? epoch : state.bestEpoch,
        bestValLoss: improved ? valLoss : state.bestValLoss,
        sinceBest,
        earlyStopped: settings.patience > 0 && sinceBest >= settings.patience && epoch < epochs,
      };
      if (improved) {
        best = parameterArrays(params);
        if (dir !== undefined) saveWeights(model, dir, BEST_WEIGHTS, savedContext, { epoch, valLoss, loss: settings.loss });
      }
      saveCheckpoint();
      progress.epoch?.(record, epochs);
      if (state.earlyStopped) progress.note?.(`early stop: no better validation loss for ${settings.patience} epochs (best ${state.bestValLoss} at epoch ${state.bestEpoch})`);
    }
    return finish(state.earlyStopped ? 'early-stopped' : state.epochsDone < epochs && timeUp ? 'time-limit' : 'completed');
  } finally {
    await pool?.close();
  }
}

/**
 * A whole training run from its description: load and split the data, create the model, train
 * with checkpoints in the run folder, or resume it.
 *
 * @packageDocumentation
 */
import { ConfigError, invalid } from '../errors';
import { concatJets } from '../jets/dataset';
import { hasCheckpoint } from './checkpoint';
import { loadJetNetSplits } from './data';
import { jsonDifference } from './json';
import type { TrainProgress } from './progress';
import { createModel } from './registry';
import { checkRunConfig, readRunConfig, withMaxSeconds, writeRunConfig, type RunConfig } from './run-config';
import { trainAutoencoder, type TrainData, type TrainResult } from './trainer';

/** Options of {@link trainRun}. */
export interface TrainRunOptions {
  /** The run folder (created if missing): run.json, checkpoint and best weights go there. */
  readonly dir: string;
  /** Continue the run in `dir` (its run.json must equal `config` except for `train.epochs`, `train.maxMinutes` and `train.workers`). */
  readonly resume?: boolean;
  /** Stops training after the current step, with a checkpoint. */
  readonly signal?: AbortSignal;
  /** Receives progress events. */
  readonly progress?: TrainProgress;
  /**
   * Modules each worker thread imports when `config.train.workers` > 1 (those registering the
   * model's kind when it is not built in; see `TrainOptions.workerImports`).
   */
  readonly workerImports?: readonly string[];
}

/**
 * Loads the training and validation jets of a run: the train and validation parts of each of
 * `config.data.trainClasses`, concatenated in class order.
 * @throws as `loadJetNetSplits`.
 */
export async function loadRunTrainData(config: RunConfig): Promise<TrainData> {
  const { data, train } = config;
  const splits = await loadJetNetSplits({
    dir: data.dir,
    classes: data.trainClasses,
    units: data.units,
    seed: train.seed,
    ...(data.maxJets !== null ? { maxJets: data.maxJets } : {}),
    ...(data.particles !== undefined ? { particles: data.particles } : {}),
    fractions: data.fractions,
  });
  const parts = data.trainClasses.map((c) => splits[c]);
  return { train: concatJets(parts.map((s) => s.train)), val: concatJets(parts.map((s) => s.val)) };
}

/**
 * Trains the model described by `config` in the run folder `options.dir`: writes `run.json`,
 * loads and splits the data, creates the model (seeded by `config.train.seed`) and trains it with
 * checkpoints and best weights in the folder. With `resume`, `config` must equal the folder's
 * `run.json` except for `train.epochs` (which may grow), `train.maxMinutes` and `train.workers`,
 * and training continues exactly where the checkpoint left it (with another number of workers, to
 * rounding).
 *
 * @param config - the run description.
 * @param options - folder, resume, signal, progress, workerImports.
 * @returns the training result.
 * @throws {@link ConfigError} for a bad config, a folder that already holds a checkpoint (without
 *   `resume`), or a config that differs from the run being resumed; as `loadJetNetSplits`,
 *   `createModel` and `trainAutoencoder`.
 *
 * @example
 * ```ts
 * import { registerModel, sampleDataDir, trainRun, unregisterModel, variable, tensor, mul, type RunConfig, type Tensor } from 'lorentz-irreps';
 * import { mkdtempSync, rmSync } from 'node:fs';
 * import { tmpdir } from 'node:os';
 * import { join } from 'node:path';
 * let made = 0;
 * registerModel('example-scale', {
 *   description: 'reconstructs p as s p',
 *   create: () => {
 *     const s = variable(tensor([0.5]), { name: `example-scale-${made++}.s` });
 *     return { kind: 'example-scale', config: () => ({}), namedParameters: () => [{ name: 's', variable: s }],
 *       reconstruct: (p: Tensor) => mul(p, s), dispose: () => s.dispose() };
 *   },
 * });
 * const config: RunConfig = {
 *   model: 'example-scale',
 *   options: {},
 *   train: { epochs: 1, batchSize: 8, lr: 1e-2, patience: 0, loss: 'mse', maskPadding: false, seed: 1 },
 *   data: { dir: sampleDataDir(), trainClasses: ['g', 'q'], maxJets: 20, fractions: [0.6, 0.2, 0.2], units: 'TeV' },
 * };
 * const dir = mkdtempSync(join(tmpdir(), 'run-'));
 * const result = await trainRun(config, { dir });
 * console.assert(result.status === 'completed' && result.steps === 3); // 24 training jets in batches of 8
 * const more = await trainRun({ ...config, train: { ...config.train, epochs: 2 } }, { dir, resume: true });
 * console.assert(more.epochs === 2 && more.steps === 6);
 * unregisterModel('example-scale');
 * rmSync(dir, { recursive: true });
 * ```
 */
export async function trainRun(config: RunConfig, options: TrainRunOptions): Promise<TrainResult> {
  const fn = 'trainRun';
  const c = checkRunConfig(config, fn);
  if (options === null || typeof options !== 'object' || typeof options.dir !== 'string' || options.dir.length === 0) {
    throw new ConfigError(invalid(fn, 'options.dir', 'a folder path', options?.dir));
  }
  const { dir } = options;
  const resume = options.resume === true;
  if (resume) {
    const saved = readRunConfig(dir);
    const fixed = (r: RunConfig) => ({ ...r, train: { ...r.train, epochs: 0, maxMinutes: 0, workers: 0 } });
    const d = jsonDifference(fixed(saved), fixed(c));
    if (d !== null) throw new ConfigError(invalid(fn, 'config', `the configuration of the run being resumed in ${dir} (only train.epochs, train.maxMinutes and train.workers may change; '${d}' differs)`, d));
    if (!hasCheckpoint(dir)) throw new ConfigError(invalid(fn, 'options.resume', `false for a run folder without a checkpoint (${dir})`, resume));
  } else if (hasCheckpoint(dir)) {
    // a run.json without a checkpoint is a run that stopped before saving anything: it starts over
    throw new ConfigError(invalid(fn, 'options.dir', 'a folder that does not hold a run yet (resume it, or choose another folder)', dir));
  }
  const data = await loadRunTrainData(c);
  const model = createModel(c.model, c.options, { seed: c.train.seed, numParticles: data.train.numParticles, units: c.data.units });
  try {
    writeRunConfig(dir, c);
    return await trainAutoencoder(model, data, {
      ...withMaxSeconds(c.train),
      dir,
      resume,
      ...(options.signal !== undefined ? { signal: options.signal } : {}),
      ...(options.progress !== undefined ? { progress: options.progress } : {}),
      ...(options.workerImports !== undefined ? { workerImports: options.workerImports } : {}),
    });
  } finally {
    model.dispose();
  }
}

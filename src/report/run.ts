/**
 * Evaluation of a training run folder: restore its model, load the test jets of its data, evaluate
 * and write the report.
 *
 * @packageDocumentation
 */
import { join, resolve } from 'node:path';
import { ConfigError, invalid } from '../errors';
import { concatJets, subsetJets, type JetDataset } from '../jets/dataset';
import { JETNET_CLASSES, type JetNetClass } from '../jets/sample';
import { readCheckpoint } from '../train/checkpoint';
import { loadJetNetSplits } from '../train/data';
import type { JetAutoencoder } from '../train/model';
import { parameterMap } from '../train/model';
import { restoreModel } from '../train/registry';
import { readRunConfig, type RunConfig } from '../train/run-config';
import { BEST_WEIGHTS } from '../train/trainer';
import { assignParameters, loadModel } from '../train/weights';
import { evaluateAutoencoder, type Evaluation } from './evaluate';
import { DEFAULT_LATENT_NEIGHBOURS } from './latent-knn';
import type { Report } from './report-json';
import { writeReport } from './write';

/** Which weights of a run to evaluate: the best epoch's, or the last checkpoint's. */
export type RunWeights = 'best' | 'last';

/** Options of {@link evaluateRun}. */
export interface EvaluateRunOptions {
  /** JetNet folder to take the test jets from (default: the run's data folder). */
  readonly dataDir?: string;
  /** Weights to evaluate (default 'best'). */
  readonly weights?: RunWeights;
  /** Jets read per class (default: the run's `maxJets`). */
  readonly maxJets?: number | null;
  /** Signal classes (default: t, w, z except those trained on). */
  readonly signals?: readonly JetNetClass[];
  /** Output folder (default `<run>/report`). */
  readonly out?: string;
  /** Render figures (default true). */
  readonly figures?: boolean;
  /** Jets per forward pass (default 256). */
  readonly batchSize?: number;
  /** Called as stages finish ('data', then each sample name, then each figure name). */
  readonly onStage?: (stage: string) => void;
  /**
   * Reference jets of the 'latentKnn' score: the first n training jets (train split) of the
   * run's training classes, an equal share of each (default 5000; 0 leaves the score out).
   */
  readonly latentReference?: number;
  /** The neighbour k of the 'latentKnn' score (default 5). */
  readonly latentNeighbours?: number;
}

/** The default number of reference jets of the 'latentKnn' score in {@link evaluateRun}. */
export const DEFAULT_LATENT_REFERENCE = 5000;

/**
 * The first `n` jets of the training classes' train splits, an equal share of each class (the
 * first classes take one more when n does not divide evenly; a class with too few gives all it
 * has), concatenated class by class. Module-internal: the 'latentKnn' reference of
 * {@link evaluateRun}, and the example scripts under examples/ that score a latent.
 */
export function referenceJets(trains: readonly JetDataset[], n: number): JetDataset {
  const C = trains.length;
  return concatJets(
    trains.map((d, c) => {
      const share = Math.min(d.numJets, Math.floor(n / C) + (c < n % C ? 1 : 0));
      return subsetJets(d, Array.from({ length: share }, (_, i) => i));
    }),
  );
}

/**
 * The splits of a run's training classes and of `signals`, as the run made them (its data folder
 * unless `dataDir`, units, seed, fractions and particle slots; `maxJets` jets per class, null for all).
 * Module-internal: {@link evaluateRun} and the example scripts under examples/ that score a latent.
 */
export function loadRunSplits(config: RunConfig, signals: readonly JetNetClass[], maxJets: number | null, dataDir?: string): ReturnType<typeof loadJetNetSplits> {
  return loadJetNetSplits({
    dir: dataDir ?? config.data.dir,
    classes: [...config.data.trainClasses, ...signals],
    units: config.data.units,
    seed: config.train.seed,
    fractions: config.data.fractions,
    ...(maxJets !== null ? { maxJets } : {}),
    ...(config.data.particles !== undefined ? { particles: config.data.particles } : {}),
  });
}

/** What {@link evaluateRun} produced. */
export interface RunEvaluation {
  readonly config: RunConfig;
  readonly evaluation: Evaluation;
  readonly report: Report;
  /** The output folder. */
  readonly dir: string;
  /** Files written. */
  readonly files: readonly string[];
}

/** Restores the model of a run folder with its best or last weights. *
 * @example
 * ```ts
 * import { loadRunModel, registerModel, sampleDataDir, trainRun, unregisterModel, variable, tensor, mul, type RunConfig, type Tensor } from 'lorentz-irreps';
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
 * await trainRun(config, { dir });
 * const best = loadRunModel(dir, 'best');
 * const last = loadRunModel(dir, 'last');
 * console.assert(best.namedParameters()[0].variable.dataSync()[0] === last.namedParameters()[0].variable.dataSync()[0]); // one epoch: best = last
 * best.dispose();
 * last.dispose();
 * unregisterModel('example-scale');
 * rmSync(dir, { recursive: true });
 * ```
 */
export function loadRunModel(runDir: string, weights: RunWeights = 'best'): JetAutoencoder {
  if (weights === 'best') return loadModel(runDir, BEST_WEIGHTS).model;
  if (weights !== 'last') throw new ConfigError(invalid('loadRunModel', 'weights', "'best' or 'last'", weights));
  const c = readCheckpoint(runDir);
  const model = restoreModel(c.kind, c.config, c.context);
  try {
    assignParameters(parameterMap(model, 'loadRunModel'), c.parameters, 'loadRunModel', join(runDir, 'checkpoint.json'));
  } catch (e) {
    model.dispose();
    throw e;
  }
  return model;
}

/**
 * Evaluates a trained run: restores its model (best weights by default; the kind must be
 * registered), loads the test part of each training class (the background, e.g. g + q) and of
 * each signal class with the run's seed, split fractions, units and jet count (so the test jets
 * are those the run never trained on), runs `evaluateAutoencoder` with the run's padding
 * treatment, and writes `report.json` and the figures. The 'latentKnn' score (models with
 * `latentFourVectors` only) takes as reference the first `latentReference` jets of the training
 * classes' train splits (the jets the run trained on, an equal share per class), with
 * `latentNeighbours` as k; both are recorded in the report (`meta.latentReference`, `latentKnn`).
 *
 * @param runDir - the run folder (with run.json and weights).
 * @param options - data folder, weights, jets per class, signals, output folder, figures, the
 *   latent kNN's reference jets and k.
 * @returns the run config, the evaluation, the report and the files written.
 * @throws {@link DataError} for a folder without a valid run or weights, or missing data files;
 *   {@link ConfigError} for bad options or an unregistered model kind; as `evaluateAutoencoder`.
 *
 * @example
 * ```ts
 * import { evaluateRun, registerModel, sampleDataDir, trainRun, unregisterModel, variable, tensor, mul, type RunConfig, type Tensor } from 'lorentz-irreps';
 * import { existsSync } from 'node:fs';
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
 * await trainRun(config, { dir });
 * const { report } = await evaluateRun(dir, { figures: false });
 * console.assert(report.samples.map((s) => `${s.name}:${s.jets}`).join() === 'qcd:8,t:4,w:4,z:4');
 * console.assert(report.anomaly.rows.length === 16 && existsSync(join(dir, 'report', 'report.json'))); // 4 scores x (3 signals + combined)
 * unregisterModel('example-scale');
 * rmSync(dir, { recursive: true });
 * ```
 */
export async function evaluateRun(runDir: string, options: EvaluateRunOptions = {}): Promise<RunEvaluation> {
  const fn = 'evaluateRun';
  const config = readRunConfig(runDir);
  const signals: readonly JetNetClass[] = options.signals ?? (['t', 'w', 'z'] as const).filter((c) => !config.data.trainClasses.includes(c));
  if (!isList(signals) || signals.length === 0 || !signals.every((c) => JETNET_CLASSES.includes(c) && !config.data.trainClasses.includes(c))) {
    throw new ConfigError(invalid(fn, 'options.signals', `classes other than the training classes (${config.data.trainClasses.join(', ')})`, signals));
  }
  const maxJets = options.maxJets === undefined ? config.data.maxJets : options.maxJets;
  const latentReference = options.latentReference ?? DEFAULT_LATENT_REFERENCE;
  if (!Number.isSafeInteger(latentReference) || latentReference < 0) throw new ConfigError(invalid(fn, 'options.latentReference', 'an integer >= 0 (0: no latentKnn score)', latentReference));
  const latentNeighbours = options.latentNeighbours ?? DEFAULT_LATENT_NEIGHBOURS;
  if (!Number.isSafeInteger(latentNeighbours) || latentNeighbours < 1) throw new ConfigError(invalid(fn, 'options.latentNeighbours', 'a positive integer', latentNeighbours));
  const model = loadRunModel(runDir, options.weights ?? 'best');
  try {
    const splits = await loadRunSplits(config, signals, maxJets, options.dataDir);
    options.onStage?.('data');
    const background = concatJets(config.data.trainClasses.map((c) => splits[c].test));
    const reference = latentReference > 0 && model.latentFourVectors !== undefined ? referenceJets(config.data.trainClasses.map((c) => splits[c].train), latentReference) : undefined;
    const evaluation = evaluateAutoencoder(
      model,
      { background, signals: Object.fromEntries(signals.map((c) => [c, splits[c].test])), ...(reference !== undefined ? { reference } : {}) },
      {
        latentNeighbours,
        maskPadding: config.train.maskPadding,
        backgroundName: config.data.trainClasses.join('+') === 'g+q' ? 'qcd' : config.data.trainClasses.join('+'),
        ...(options.batchSize !== undefined ? { batchSize: options.batchSize } : {}),
        ...(options.onStage !== undefined ? { onSample: options.onStage } : {}),
      },
    );
    const dir = options.out ?? join(runDir, 'report');
    const meta = {
      run: resolve(runDir),
      model: { kind: model.kind, config: model.config(), parameters: parameterCount(model) },
      weights: options.weights ?? 'best',
      data: { dir: resolve(options.dataDir ?? config.data.dir), maxJets, seed: config.train.seed, fractions: [...config.data.fractions], split: 'test' },
      training: { ...config.train },
      latentReference: { split: 'train', classes: [...config.data.trainClasses], requested: latentReference, jets: reference?.numJets ?? 0, k: latentNeighbours },
    };
    const { report, files } = await writeReport(dir, evaluation, meta, {
      figures: options.figures ?? true,
      ...(options.onStage !== undefined ? { onFigure: options.onStage } : {}),
    });
    return { config, evaluation, report, dir, files };
  } finally {
    model.dispose();
  }
}

/** Whether `x` is an array (without narrowing a typed list to any[]). */
function isList(x: unknown): boolean {
  return Array.isArray(x);
}

function parameterCount(model: JetAutoencoder): number {
  return model
    .namedParameters()
    .filter((p) => p.variable.trainable)
    .reduce((s, p) => s + p.variable.size * (p.variable.complex ? 2 : 1), 0);
}

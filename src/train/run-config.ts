/**
 * The description of a training run, `run.json` in its folder: model kind and options, training
 * settings and the data it was trained on. With it a run can be repeated, resumed and evaluated.
 *
 * @packageDocumentation
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError, DataError, invalid } from '../errors';
import { JETNET_CLASSES, type JetNetClass } from '../jets/sample';
import { unitScale, type EnergyUnit } from '../jets/units';
import { writeFileAtomic } from './atomic';
import type { TrainSettings } from './checkpoint';
import { isJsonObject, type JsonObject } from './json';
import { TRAIN_LOSS_NAMES } from './model';
import { checkInputDropout } from './input-dropout';

/** The format tag of run files. */
export const RUN_FORMAT = 'lorentz-irreps-run';
/** The file name of a run description. */
export const RUN_FILE = 'run.json';

/** The training part of a {@link RunConfig}: the settings fixed for a run, and its epochs. */
export interface RunTrainConfig extends TrainSettings {
  readonly epochs: number;
  /** Time budget of the training in minutes, summed over resumes (absent: none); may change on resume. */
  readonly maxMinutes?: number;
  /**
   * Threads computing gradients (absent: 1; see `TrainOptions.workers`); may change on resume (a
   * resume with the same number continues bit for bit, another one to rounding).
   */
  readonly workers?: number;
}

/**
 * Whether `v` is a valid time budget in minutes: absent, or a finite number > 0.
 * @internal
 */
export function isMaxMinutes(v: unknown): boolean {
  return v === undefined || (typeof v === 'number' && v > 0 && Number.isFinite(v));
}

/**
 * Training settings with their time budget in minutes (`maxMinutes`) given as the trainer's
 * `maxSeconds`.
 * @internal
 */
export function withMaxSeconds<T extends { readonly maxMinutes?: number }>(train: T): Omit<T, 'maxMinutes'> & { maxSeconds?: number } {
  const { maxMinutes, ...rest } = train;
  return { ...rest, ...(maxMinutes !== undefined ? { maxSeconds: maxMinutes * 60 } : {}) };
}

/** The data part of a {@link RunConfig}. */
export interface RunDataConfig {
  /** Folder with `<class>.hdf5` files in the JetNet layout (absolute path). */
  readonly dir: string;
  /** Classes trained on (the background), e.g. ['g', 'q']. */
  readonly trainClasses: readonly JetNetClass[];
  /** Jets read per class (the first ones); null for all. */
  readonly maxJets: number | null;
  /** Fractions of train, validation and test jets of each class. */
  readonly fractions: readonly [number, number, number];
  /** Energy unit of the four-momenta. */
  readonly units: EnergyUnit;
  /** Particle slots kept per jet, the hardest (`loadJetNetSplits`' `particles`); absent for all the files' slots. */
  readonly particles?: number;
}

/** A training run: what `lorentz-irreps train` records in `run.json`. */
export interface RunConfig {
  /** Registered model kind. */
  readonly model: string;
  /** Model options (as given, defaults filled in). */
  readonly options: JsonObject;
  readonly train: RunTrainConfig;
  readonly data: RunDataConfig;
}

/**
 * Checks a run description; returns it with plain arrays.
 * @throws {@link ConfigError} naming the first bad field.
 */
export function checkRunConfig(config: unknown, fn = 'checkRunConfig'): RunConfig {
  const bad = (arg: string, rule: string, value: unknown) => new ConfigError(invalid(fn, arg, rule, value));
  const c = config as RunConfig;
  if (!isJsonObject(c)) throw bad('config', 'an object { model, options, train, data }', config);
  if (typeof c.model !== 'string' || c.model.length === 0) throw bad('config.model', 'a model kind', c.model);
  if (!isJsonObject(c.options)) throw bad('config.options', 'an object', c.options);
  const t = c.train;
  if (!isJsonObject(t)) throw bad('config.train', 'an object', t);
  const int = (v: unknown, arg: string, min: number) => {
    if (!Number.isSafeInteger(v) || (v as number) < min) throw bad(arg, `an integer >= ${min}`, v);
  };
  int(t.epochs, 'config.train.epochs', 1);
  int(t.batchSize, 'config.train.batchSize', 1);
  int(t.patience, 'config.train.patience', 0);
  if (!Number.isSafeInteger(t.seed)) throw bad('config.train.seed', 'an integer', t.seed);
  if (typeof t.lr !== 'number' || !(t.lr > 0) || !Number.isFinite(t.lr)) throw bad('config.train.lr', 'a finite number > 0', t.lr);
  if (!TRAIN_LOSS_NAMES.includes(t.loss)) throw bad('config.train.loss', `one of ${TRAIN_LOSS_NAMES.map((n) => `'${n}'`).join(', ')}`, t.loss);
  if (typeof t.maskPadding !== 'boolean') throw bad('config.train.maskPadding', 'a boolean', t.maskPadding);
  if (!isMaxMinutes(t.maxMinutes)) throw bad('config.train.maxMinutes', 'a finite number of minutes > 0, or absent', t.maxMinutes);
  if (t.workers !== undefined) int(t.workers, 'config.train.workers', 1);
  const inputDropout = t.inputDropout === undefined ? undefined : checkInputDropout(t.inputDropout, fn, 'config.train.inputDropout');
  if (inputDropout !== undefined && t.loss === 'model') throw bad('config.train.loss', "a particle loss with config.train.inputDropout (a model's own loss sees one input only)", t.loss);
  const d = c.data;
  if (!isJsonObject(d)) throw bad('config.data', 'an object', d);
  if (typeof d.dir !== 'string' || d.dir.length === 0) throw bad('config.data.dir', 'a folder path', d.dir);
  if (!Array.isArray(d.trainClasses) || d.trainClasses.length === 0 || !d.trainClasses.every((x) => JETNET_CLASSES.includes(x))) {
    throw bad('config.data.trainClasses', "a non-empty list of 'g', 'q', 't', 'w', 'z'", d.trainClasses);
  }
  if (d.maxJets !== null) int(d.maxJets, 'config.data.maxJets', 1);
  const f = d.fractions;
  if (!Array.isArray(f) || f.length !== 3 || !f.every((x) => typeof x === 'number' && x >= 0) || Math.abs(f[0] + f[1] + f[2] - 1) > 1e-9 || !(f[0] > 0 && f[1] > 0)) {
    throw bad('config.data.fractions', 'three non-negative numbers summing to 1, with train and validation > 0', f);
  }
  unitScale(d.units, fn, 'config.data.units');
  if (d.particles !== undefined) int(d.particles, 'config.data.particles', 1);
  return {
    model: c.model,
    options: c.options,
    train: { epochs: t.epochs, batchSize: t.batchSize, lr: t.lr, patience: t.patience, loss: t.loss, maskPadding: t.maskPadding, seed: t.seed, ...(inputDropout !== undefined ? { inputDropout } : {}), ...(t.maxMinutes !== undefined ? { maxMinutes: t.maxMinutes } : {}), ...(t.workers !== undefined ? { workers: t.workers } : {}) },
    data: { dir: d.dir, trainClasses: [...d.trainClasses], maxJets: d.maxJets, fractions: [f[0], f[1], f[2]], units: d.units, ...(d.particles !== undefined ? { particles: d.particles } : {}) },
  };
}

/** Writes `run.json` into `dir` (created if missing) atomically. *
 * @example
 * ```ts
 * import { writeRunConfig, ConfigError } from 'lorentz-irreps';
 * import { tmpdir } from 'node:os';
 * try {
 *   writeRunConfig(tmpdir(), { model: 'lgae' } as never);
 *   console.assert(false);
 * } catch (e) {
 *   console.assert(e instanceof ConfigError); // checked before anything is written
 * }
 * ```
 */
export function writeRunConfig(dir: string, config: RunConfig): void {
  const c = checkRunConfig(config, 'writeRunConfig');
  mkdirSync(dir, { recursive: true });
  writeFileAtomic(join(dir, RUN_FILE), `${JSON.stringify({ format: RUN_FORMAT, version: 1, ...c }, null, 2)}\n`);
}

/**
 * Reads and checks `run.json` of a run folder.
 * @throws {@link DataError} when the file is missing, not JSON, or not a valid run description.
 *
 * @example
 * ```ts
 * import { readRunConfig, writeRunConfig, type RunConfig } from 'lorentz-irreps';
 * import { mkdtempSync, rmSync } from 'node:fs';
 * import { tmpdir } from 'node:os';
 * import { join } from 'node:path';
 * const config: RunConfig = {
 *   model: 'lgae',
 *   options: { agg: 'mix', latentVectors: 2 },
 *   train: { epochs: 50, batchSize: 128, lr: 1e-3, patience: 10, loss: 'chamfer', maskPadding: false, seed: 1 },
 *   data: { dir: '/data/jetnet', trainClasses: ['g', 'q'], maxJets: null, fractions: [0.6, 0.2, 0.2], units: 'TeV' },
 * };
 * const dir = mkdtempSync(join(tmpdir(), 'run-'));
 * writeRunConfig(dir, config);
 * console.assert(JSON.stringify(readRunConfig(dir)) === JSON.stringify(config));
 * rmSync(dir, { recursive: true });
 * ```
 */
export function readRunConfig(dir: string): RunConfig {
  const fn = 'readRunConfig';
  const path = join(dir, RUN_FILE);
  if (!existsSync(path)) throw new DataError(invalid(fn, 'dir', `a run folder holding ${RUN_FILE}`, dir));
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new DataError(invalid(fn, 'dir', `a run folder whose ${RUN_FILE} is JSON (${(e as Error).message})`, dir));
  }
  const { format, version, ...rest } = (raw ?? {}) as Record<string, unknown>;
  if (format !== RUN_FORMAT || version !== 1) throw new DataError(invalid(fn, 'dir', `a run folder whose ${RUN_FILE} has format '${RUN_FORMAT}' version 1`, dir));
  try {
    return checkRunConfig(rest, fn);
  } catch (e) {
    throw new DataError(invalid(fn, 'dir', `a run folder with a valid ${RUN_FILE} (${(e as Error).message})`, dir));
  }
}

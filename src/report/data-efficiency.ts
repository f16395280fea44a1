/**
 * The data-efficiency study of the LGAE paper (its figure 7): train a model on growing fractions
 * of the training set with several seeds, and follow the jet-mass reconstruction error on one
 * fixed test set. Resumable: every finished (fraction, seed) cell is kept in `study.json`.
 *
 * @packageDocumentation
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError, DataError, invalid } from '../errors';
import { concatJets, subsetJets, type JetDataset } from '../jets/dataset';
import { jetFeaturesFromFourMomenta } from '../jets/kinematics';
import { JETNET_CLASSES, type JetNetClass } from '../jets/sample';
import { unitScale, type EnergyUnit } from '../jets/units';
import { quantile } from '../metrics/quantile';
import { relativeErrorStats } from '../metrics/relative-error';
import { writeFigure, type VegaLiteSpec } from '../plot/render';
import { writeFileAtomic } from '../train/atomic';
import { hasCheckpoint } from '../train/checkpoint';
import { loadJetNetSplits } from '../train/data';
import { jsonDifference, type JsonObject, type JsonValue } from '../train/json';
import { TRAIN_LOSS_NAMES, type JetAutoencoder, type TrainLoss } from '../train/model';
import { createModel } from '../train/registry';
import { isMaxMinutes, withMaxSeconds } from '../train/run-config';
import { trainAutoencoder, type TrainStatus } from '../train/trainer';
import { Random } from '../util/random';
import { reconstructedArrays } from './evaluate';

/** The format tag of `study.json`. */
export const STUDY_FORMAT = 'lorentz-irreps-study';
/** The file name of a study's record. */
export const STUDY_FILE = 'study.json';
/** The base name of the study figure (`.svg` and `.png`). */
export const DATA_EFFICIENCY_FIGURE = 'data-efficiency';

/** What fixes a data-efficiency study: everything except the fractions and seeds, which may grow between runs. */
export interface DataEfficiencySettings {
  /** Registered model kind. */
  readonly model: string;
  /** Model options (defaults filled in). */
  readonly options: JsonObject;
  /** Training settings of every cell (the seed is the cell's). */
  readonly train: {
    readonly epochs: number;
    readonly batchSize: number;
    readonly lr: number;
    readonly patience: number;
    readonly loss: TrainLoss;
    readonly maskPadding: boolean;
    /** Time budget of each cell in minutes (absent: none): a cell ends at `epochs` or when it is spent. */
    readonly maxMinutes?: number;
  };
  /** The data and its one split (the same validation and test jets for every cell). */
  readonly data: {
    readonly dir: string;
    readonly trainClasses: readonly JetNetClass[];
    readonly maxJets: number | null;
    readonly fractions: readonly [number, number, number];
    readonly units: EnergyUnit;
    /** Seed of the train/validation/test split and of the jet azimuths. */
    readonly splitSeed: number;
    /** Particle slots kept per jet, the hardest (`loadJetNetSplits`' `particles`); absent for all. */
    readonly particles?: number;
  };
}

/** Options of {@link runDataEfficiencyStudy}. */
export interface DataEfficiencyOptions extends DataEfficiencySettings {
  /** Fractions of the training split, each in (0, 1]. */
  readonly fractions: readonly number[];
  /** Seeds: each cell's model initialization, batch order and choice of training jets. */
  readonly seeds: readonly number[];
  /** The study folder: study.json, the figure and one folder of checkpoints per cell. */
  readonly out: string;
  /** Render the figure (default true). */
  readonly figures?: boolean;
  /** Receives one line per event (cell started, skipped, done; epochs). */
  readonly progress?: (line: string) => void;
  /** Stops after the current training step (the cell's checkpoint is kept and resumed next time). */
  readonly signal?: AbortSignal;
}

/** The median and spread of the test jets' relative mass errors (reco - true) / true. */
export interface MassErrorStats {
  readonly median: number;
  readonly iqr: number;
  readonly q25: number;
  readonly q75: number;
  readonly count: number;
}

/** One finished (fraction, seed) cell. */
export interface DataEfficiencyCell {
  readonly fraction: number;
  readonly seed: number;
  /** Training jets used (round(fraction x training split), at least 1). */
  readonly trainJets: number;
  readonly status: Exclude<TrainStatus, 'interrupted'>;
  readonly epochs: number;
  readonly bestEpoch: number;
  readonly bestValLoss: number | null;
  /** Relative jet-mass error on the test jets, with the best weights. */
  readonly mass: MassErrorStats;
}

/** Per fraction: the median jet-mass relative error over seeds (median, min and max of the cells' medians). */
export interface DataEfficiencySummary {
  readonly fraction: number;
  readonly trainJets: number;
  readonly seeds: number;
  readonly median: number;
  readonly min: number;
  readonly max: number;
}

/** The content of `study.json`. */
export interface DataEfficiencyStudy extends DataEfficiencySettings {
  readonly format: typeof STUDY_FORMAT;
  readonly version: 1;
  readonly study: 'data-efficiency';
  /** Jets of the full training split, and of the validation and test splits. */
  readonly splitJets: { readonly train: number; readonly val: number; readonly test: number };
  /** Finished cells, by fraction then seed. */
  readonly cells: readonly DataEfficiencyCell[];
  readonly summary: readonly DataEfficiencySummary[];
}

/** The outcome of {@link runDataEfficiencyStudy}. */
export interface DataEfficiencyResult {
  readonly study: DataEfficiencyStudy;
  /** Cells trained in this call, and cells found finished before. */
  readonly trained: number;
  readonly skipped: number;
  /** True when stopped by the signal before every cell finished. */
  readonly interrupted: boolean;
  readonly files: readonly string[];
}

/**
 * The folder of a cell's checkpoints, relative to the study folder.
 *
 * @example
 * ```ts
 * import { cellFolder } from 'lorentz-irreps';
 * console.assert(cellFolder(0.05, 2).replace(/\\/g, '/') === 'cells/fraction-0.05-seed-2');
 * ```
 */
export function cellFolder(fraction: number, seed: number): string {
  return join('cells', `fraction-${fraction}-seed-${seed}`);
}

function checkOptions(o: DataEfficiencyOptions, fn: string): void {
  if (o === null || typeof o !== 'object') throw new ConfigError(invalid(fn, 'options', 'an object', o));
  const bad = (arg: string, rule: string, value: unknown) => new ConfigError(invalid(fn, `options.${arg}`, rule, value));
  if (typeof o.model !== 'string' || o.model.length === 0) throw bad('model', 'a registered model kind', o.model);
  if (!Array.isArray(o.fractions as unknown) || o.fractions.length === 0 || !o.fractions.every((f) => typeof f === 'number' && f > 0 && f <= 1)) {
    throw bad('fractions', 'a non-empty list of numbers in (0, 1]', o.fractions);
  }
  if (new Set(o.fractions).size !== o.fractions.length) throw bad('fractions', 'distinct fractions', o.fractions);
  if (!Array.isArray(o.seeds as unknown) || o.seeds.length === 0 || !o.seeds.every((s) => Number.isSafeInteger(s))) throw bad('seeds', 'a non-empty list of integers', o.seeds);
  if (new Set(o.seeds).size !== o.seeds.length) throw bad('seeds', 'distinct seeds', o.seeds);
  if (typeof o.out !== 'string' || o.out.length === 0) throw bad('out', 'a folder path', o.out);
  const t = o.train;
  if (t === null || typeof t !== 'object') throw bad('train', 'an object', t);
  for (const [k, min] of [['epochs', 1], ['batchSize', 1], ['patience', 0]] as const) {
    if (!Number.isSafeInteger(t[k]) || t[k] < min) throw bad(`train.${k}`, `an integer >= ${min}`, t[k]);
  }
  if (typeof t.lr !== 'number' || !(t.lr > 0) || !Number.isFinite(t.lr)) throw bad('train.lr', 'a finite number > 0', t.lr);
  if (!TRAIN_LOSS_NAMES.includes(t.loss)) throw bad('train.loss', `one of ${TRAIN_LOSS_NAMES.join(', ')}`, t.loss);
  if (typeof t.maskPadding !== 'boolean') throw bad('train.maskPadding', 'a boolean', t.maskPadding);
  if (!isMaxMinutes(t.maxMinutes)) throw bad('train.maxMinutes', 'a finite number of minutes > 0, or absent', t.maxMinutes);
  const d = o.data;
  if (d === null || typeof d !== 'object') throw bad('data', 'an object', d);
  if (!Array.isArray(d.trainClasses as unknown) || d.trainClasses.length === 0 || !d.trainClasses.every((c) => JETNET_CLASSES.includes(c))) {
    throw bad('data.trainClasses', "a non-empty list of 'g', 'q', 't', 'w', 'z'", d.trainClasses);
  }
  if (!Number.isSafeInteger(d.splitSeed)) throw bad('data.splitSeed', 'an integer', d.splitSeed);
  if (d.particles !== undefined && !(Number.isSafeInteger(d.particles) && d.particles >= 1)) throw bad('data.particles', 'a positive integer, or absent', d.particles);
  unitScale(d.units, fn, 'options.data.units');
}

/**
 * The median, quartiles and IQR of the relative jet-mass errors (reco - true) / true of `model`'s
 * reconstructions of `ds`, in batches without gradients (jets of true mass 0 are left out). With
 * `maskPadding`, the reconstruction's slots at the padded positions are left out of its jets.
 * @throws as the model's `reconstruct`; {@link DataError} when every true mass is 0.
 *
 * @example
 * ```ts
 * import { loadJetNetSplits, massErrorStats, sampleDataDir, variable, tensor, mul, type Tensor } from 'lorentz-irreps';
 * const { g } = await loadJetNetSplits({ dir: sampleDataDir(), classes: ['g'], units: 'TeV', seed: 0, maxJets: 20 });
 * const w = variable(tensor([1.5]), { name: 'mass-example.w' });
 * const model = { kind: 'scale', config: () => ({}), namedParameters: () => [{ name: 'w', variable: w }], reconstruct: (p: Tensor) => mul(p, w), dispose: () => w.dispose() };
 * console.assert(Math.abs(massErrorStats(model, g.test, false).median - 0.5) < 1e-12); // masses scale by 1.5
 * model.dispose();
 * ```
 */
export function massErrorStats(model: JetAutoencoder, ds: JetDataset, maskPadding: boolean, batchSize = 256): MassErrorStats {
  const N = ds.numParticles;
  const { reco, slots } = reconstructedArrays(model, ds, batchSize, 'massErrorStats');
  const recoMass = jetFeaturesFromFourMomenta({ numJets: ds.numJets, numParticles: slots, p: reco, ...(maskPadding && slots === N ? { mask: ds.mask } : {}) }).mass;
  const trueMass = jetFeaturesFromFourMomenta({ numJets: ds.numJets, numParticles: N, p: ds.p, mask: ds.mask }).mass;
  const s = relativeErrorStats(recoMass, trueMass, { zeros: 'exclude' });
  return { median: s.median, iqr: s.iqr, q25: s.q25, q75: s.q75, count: s.count };
}

function summarize(cells: readonly DataEfficiencyCell[]): DataEfficiencySummary[] {
  const fractions = [...new Set(cells.map((c) => c.fraction))].sort((a, b) => a - b);
  return fractions.map((fraction) => {
    const these = cells.filter((c) => c.fraction === fraction);
    const medians = these.map((c) => c.mass.median);
    return { fraction, trainJets: these[0].trainJets, seeds: these.length, median: quantile(medians, 0.5), min: Math.min(...medians), max: Math.max(...medians) };
  });
}

/**
 * The figure of a study: the median relative jet-mass error on the test jets against the training
 * fraction (log x axis): one point per seed, the band from the lowest to the highest seed, and
 * the median over seeds as a line.
 */
export function dataEfficiencyFigure(study: DataEfficiencyStudy): VegaLiteSpec {
  const points = study.cells.map((c) => ({ fraction: c.fraction, median: c.mass.median, seed: String(c.seed), trainJets: c.trainJets }));
  const summary = study.summary.map((s) => ({ fraction: s.fraction, median: s.median, min: s.min, max: s.max }));
  const x = { field: 'fraction', type: 'quantitative', title: 'fraction of the training set', scale: { type: 'log' } };
  return {
    title: `${study.model}: jet mass reconstruction vs training data (${study.splitJets.train} training jets at fraction 1)`,
    width: 420,
    height: 300,
    layer: [
      { data: { values: summary }, mark: { type: 'area', opacity: 0.25, color: '#1f77b4' }, encoding: { x, y: { field: 'min', type: 'quantitative', scale: { zero: false } }, y2: { field: 'max' } } },
      {
        data: { values: summary },
        mark: { type: 'line', color: '#1f77b4' },
        encoding: { x, y: { field: 'median', type: 'quantitative', title: 'median relative jet mass error (test jets)' } },
      },
      {
        data: { values: points },
        mark: { type: 'point', filled: true },
        encoding: { x, y: { field: 'median', type: 'quantitative' }, shape: { field: 'seed', type: 'nominal', title: 'seed' } },
      },
    ],
  };
}

function readStudy(path: string, fn: string): DataEfficiencyStudy {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new DataError(invalid(fn, 'options.out', `a study folder whose ${STUDY_FILE} is JSON (${(e as Error).message})`, path));
  }
  const s = raw as DataEfficiencyStudy;
  if (s === null || typeof s !== 'object' || s.format !== STUDY_FORMAT || s.version !== 1 || s.study !== 'data-efficiency' || !Array.isArray(s.cells)) {
    throw new DataError(invalid(fn, 'options.out', `a folder whose ${STUDY_FILE} is a data-efficiency study (format '${STUDY_FORMAT}' version 1)`, path));
  }
  return s;
}

/**
 * Runs (or continues) the data-efficiency study: loads the data once and splits every training
 * class with `data.splitSeed` (so validation and test jets are the same in every cell); for each
 * fraction f and seed s, trains a new model of kind `model` (initialized with seed s) on
 * round(f n) jets of the training split (the first of a permutation drawn with seed s), with
 * early stopping on the validation jets and checkpoints in `cells/fraction-f-seed-s/`; then
 * reconstructs the background test jets with the best weights and records the median, quartiles
 * and IQR of the relative jet-mass errors (reco - true) / true. After each cell `study.json` is
 * rewritten, so a rerun skips finished cells and resumes an interrupted one from its checkpoint;
 * new fractions or seeds may be added, but the other settings must stay the same. Finally the
 * figure (`data-efficiency.svg`, `.png`) is drawn.
 *
 * @param options - settings, fractions, seeds, study folder, figure on/off, progress, signal.
 * @returns the study record, counts of cells trained and skipped, whether it was interrupted, the files written.
 * @throws {@link ConfigError} for bad options or a study folder made with other settings; as
 *   `loadJetNetSplits`, `createModel` and `trainAutoencoder`.
 *
 * @example
 * ```ts
 * import { runDataEfficiencyStudy, sampleDataDir } from 'lorentz-irreps';
 * import { mkdtempSync, rmSync } from 'node:fs';
 * import { tmpdir } from 'node:os';
 * import { join } from 'node:path';
 * const out = mkdtempSync(join(tmpdir(), 'study-'));
 * const options = {
 *   model: 'gnnae', options: { level: 'particle', latentSize: 2, nodeSize: 4, messageSize: 4, hiddenSize: 4 },
 *   train: { epochs: 1, batchSize: 16, lr: 1e-3, patience: 0, loss: 'chamfer' as const, maskPadding: false },
 *   data: { dir: sampleDataDir(), trainClasses: ['g' as const], maxJets: 30, fractions: [0.6, 0.2, 0.2] as [number, number, number], units: 'TeV' as const, splitSeed: 0 },
 *   fractions: [0.5, 1], seeds: [0], out, figures: false,
 * };
 * const first = await runDataEfficiencyStudy(options);
 * console.assert(first.trained === 2 && first.study.cells.map((c) => c.trainJets).join() === '9,18');
 * const again = await runDataEfficiencyStudy({ ...options, seeds: [0, 1] });
 * console.assert(again.skipped === 2 && again.trained === 2 && again.study.summary[0].seeds === 2);
 * rmSync(out, { recursive: true });
 * ```
 */
export async function runDataEfficiencyStudy(options: DataEfficiencyOptions): Promise<DataEfficiencyResult> {
  const fn = 'runDataEfficiencyStudy';
  checkOptions(options, fn);
  const { out, progress = () => {} } = options;
  const settings: DataEfficiencySettings = {
    model: options.model,
    options: options.options,
    train: { ...options.train },
    data: { ...options.data, trainClasses: [...options.data.trainClasses], fractions: [...options.data.fractions] },
  };
  const studyPath = join(out, STUDY_FILE);
  let cells: DataEfficiencyCell[] = [];
  if (existsSync(studyPath)) {
    const saved = readStudy(studyPath, fn);
    const s = saved as unknown as Record<string, JsonValue>;
    const d = jsonDifference({ model: s.model, options: s.options, train: s.train, data: s.data }, settings as unknown as JsonValue);
    if (d !== null) throw new ConfigError(invalid(fn, 'options', `the settings of the study in ${out} (only fractions and seeds may change; '${d}' differs)`, d));
    cells = saved.cells.slice();
  }
  mkdirSync(out, { recursive: true });

  const splits = await loadJetNetSplits({
    dir: settings.data.dir,
    classes: settings.data.trainClasses,
    units: settings.data.units,
    seed: settings.data.splitSeed,
    fractions: settings.data.fractions,
    ...(settings.data.maxJets !== null ? { maxJets: settings.data.maxJets } : {}),
    ...(settings.data.particles !== undefined ? { particles: settings.data.particles } : {}),
  });
  const parts = settings.data.trainClasses.map((c) => splits[c]);
  const train = concatJets(parts.map((p) => p.train));
  const val = concatJets(parts.map((p) => p.val));
  const test = concatJets(parts.map((p) => p.test));
  if (test.numJets === 0) throw new ConfigError(invalid(fn, 'options.data.fractions', 'a split with test jets', settings.data.fractions));
  const splitJets = { train: train.numJets, val: val.numJets, test: test.numJets };

  const record = (): DataEfficiencyStudy => {
    const sorted = cells.slice().sort((a, b) => a.fraction - b.fraction || a.seed - b.seed);
    return { format: STUDY_FORMAT, version: 1, study: 'data-efficiency', ...settings, splitJets, cells: sorted, summary: summarize(sorted) };
  };
  const save = () => writeFileAtomic(studyPath, `${JSON.stringify(record(), null, 2)}\n`);

  const todo = [...options.fractions].sort((a, b) => a - b).flatMap((fraction) => options.seeds.map((seed) => ({ fraction, seed })));
  let trained = 0;
  let skipped = 0;
  let interrupted = false;
  for (const [k, { fraction, seed }] of todo.entries()) {
    const head = `[${k + 1}/${todo.length}] fraction ${fraction} seed ${seed}`;
    if (cells.some((c) => c.fraction === fraction && c.seed === seed)) {
      skipped++;
      progress(`${head}: done before, skipped`);
      continue;
    }
    const n = Math.max(1, Math.round(fraction * train.numJets));
    const chosen = new Random(seed).permutation(train.numJets).subarray(0, n).slice().sort();
    const dir = join(out, cellFolder(fraction, seed));
    const resume = hasCheckpoint(dir);
    progress(`${head}: ${resume ? 'resuming' : 'training'} on ${n} of ${train.numJets} jets`);
    const model = createModel(settings.model, settings.options, { seed, numParticles: train.numParticles, units: settings.data.units });
    try {
      const result = await trainAutoencoder(model, { train: subsetJets(train, chosen), val }, {
        ...withMaxSeconds(settings.train),
        seed,
        dir,
        resume,
        ...(options.signal !== undefined ? { signal: options.signal } : {}),
        progress: { epoch: (r, epochs) => progress(`${head}: epoch ${r.epoch}/${epochs} train ${r.trainLoss.toPrecision(4)} val ${r.valLoss.toPrecision(4)}`) },
      });
      if (result.status === 'interrupted') {
        interrupted = true;
        progress(`${head}: interrupted; its checkpoint is kept and resumed next time`);
        break;
      }
      const mass = massErrorStats(model, test, settings.train.maskPadding);
      cells.push({ fraction, seed, trainJets: n, status: result.status, epochs: result.epochs, bestEpoch: result.bestEpoch, bestValLoss: result.bestValLoss, mass });
      save();
      trained++;
      progress(`${head}: median relative jet mass error ${mass.median.toPrecision(4)} (IQR ${mass.iqr.toPrecision(4)}) on ${test.numJets} test jets`);
    } finally {
      model.dispose();
    }
  }
  const study = record();
  if (!existsSync(studyPath) || trained === 0) save();
  const files = [studyPath];
  if ((options.figures ?? true) && study.cells.length > 0) {
    const written = await writeFigure(join(out, DATA_EFFICIENCY_FIGURE), dataEfficiencyFigure(study));
    files.push(written.svg, written.png);
  }
  return { study, trained, skipped, interrupted, files };
}

/**
 * What the stored jet features add to the latent: information the models are not given.
 *
 * JetNet files store, beside the 30 hardest particles the models see, each jet's (pt, eta, mass,
 * multiplicity) computed from all its constituents (gluon jets have about 97, W jets about 52). This
 * script scores the test jets of a run by the kNN density of the QCD training jets (as `eval`'s
 * latentKnn: `fitLatentKnn`, k = 5) in seven feature sets:
 *
 * - `latent`: the latent invariants (`eval`'s score);
 * - `latent + stored mass`, `latent + stored multiplicity`, `latent + both`;
 * - `substructure (30 particles)`: m/pT, width, tau_2/tau_1, tau_3/tau_2 of the 30 particles
 *   (examples/substructure-baseline.ts);
 * - `substructure, stored m/pT`, `substructure, stored mass`: the same with the stored jet mass
 *   over the stored pt, or the stored jet mass itself, in place of the 30-particle m/pT.
 *
 * The stored features are read from the run's data files and split as the loader splits the jets
 * (`splitIndices` with the run's seed and fractions), so row i of a split belongs to jet i of
 * that split.
 *
 *   npx tsx examples/stored-jet-features.ts --run runs/<name> [--weights best|last]
 *     [--reference 30000] [--max-jets n]
 */
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import {
  ConfigError,
  fitLatentKnn,
  invalid,
  JETNET_CLASSES,
  JetNetFile,
  ShapeError,
  splitIndices,
  type FeatureRows,
  type JetAutoencoder,
  type JetDataset,
  type JetNetClass,
  type JetNetData,
  type RunWeights,
} from '../src/index';
import { latentRows } from '../src/report/evaluate';
import { substructureObservables } from './substructure-baseline';
import { aucsAgainstBackground, BATCH, loadRunLatentData } from './run-latent';

/**
 * Columns of the stored rows: the jet features as JetNet stores them (pt and mass in GeV), then
 * the phi_rel of the first particle slot (the hardest particle), with which the jet phi the loader
 * drew can be recovered from that particle's four-momentum.
 */
export const STORED_COLUMNS = ['pt', 'eta', 'mass', 'multiplicity', 'leadPhiRel'] as const;

/** Stored jet features of one class, per split: rows of {@link STORED_COLUMNS}. */
export interface StoredSplits {
  readonly train: FeatureRows;
  readonly val: FeatureRows;
  readonly test: FeatureRows;
}

/**
 * The stored jet features of each class's JetNet file (`<dir>/<class>.hdf5`), split as
 * `loadJetNetSplits` splits the jets with the same seed, fractions and maxJets.
 */
export async function storedJetFeatureSplits(options: {
  dir: string;
  classes: readonly JetNetClass[];
  seed: number;
  fractions?: readonly [number, number, number];
  maxJets?: number | null;
}): Promise<Record<string, StoredSplits>> {
  const out: Record<string, StoredSplits> = {};
  for (const c of options.classes) {
    const file = await JetNetFile.open(join(options.dir, `${c}.hdf5`));
    let rows: JetNetData;
    try {
      rows = file.read(0, options.maxJets === undefined || options.maxJets === null ? file.numJets : Math.min(options.maxJets, file.numJets));
    } finally {
      file.close();
    }
    const F = STORED_COLUMNS.length;
    const P = rows.numParticles;
    const split = splitIndices(rows.numJets, { seed: options.seed, ...(options.fractions !== undefined ? { fractions: [...options.fractions] as [number, number, number] } : {}) });
    const take = (idx: Int32Array): FeatureRows => {
      const values = new Float64Array(idx.length * F);
      idx.forEach((j, r) => {
        values.set(rows.jetFeatures.subarray(j * 4, (j + 1) * 4), r * F);
        values[r * F + 4] = rows.particleFeatures[j * P * 4 + 1];
      });
      return { values, rows: idx.length, features: F };
    };
    out[c] = { train: take(split.train), val: take(split.val), test: take(split.test) };
  }
  return out;
}

/** The first `n` rows of each part, concatenated (as `referenceJets` takes the first jets of each class). */
export function firstRows(parts: readonly FeatureRows[], counts: readonly number[]): FeatureRows {
  const F = parts[0]?.features ?? 0;
  if (parts.length !== counts.length || parts.some((p) => p.features !== F)) throw new ShapeError(invalid('firstRows', 'parts', 'one count per part, all parts of equal width', parts.length));
  const total = counts.reduce((a, b) => a + b, 0);
  const values = new Float64Array(total * F);
  let at = 0;
  parts.forEach((p, i) => {
    if (counts[i] > p.rows) throw new ShapeError(invalid('firstRows', 'counts', `at most the rows of part ${i} (${p.rows})`, counts[i]));
    values.set(p.values.subarray(0, counts[i] * F), at);
    at += counts[i] * F;
  });
  return { values, rows: total, features: F };
}

/** Rows side by side: each row of `a` followed by the chosen columns of the same row of `b`. */
export function appendColumns(a: FeatureRows, b: FeatureRows, columns: readonly number[]): FeatureRows {
  if (a.rows !== b.rows) throw new ShapeError(invalid('appendColumns', 'b', `${a.rows} rows (as a)`, b.rows));
  for (const c of columns) if (!Number.isInteger(c) || c < 0 || c >= b.features) throw new ConfigError(invalid('appendColumns', 'columns', `integers in [0, ${b.features})`, c));
  const F = a.features + columns.length;
  const values = new Float64Array(a.rows * F);
  for (let r = 0; r < a.rows; r++) {
    values.set(a.values.subarray(r * a.features, (r + 1) * a.features), r * F);
    columns.forEach((c, i) => (values[r * F + a.features + i] = b.values[r * b.features + c]));
  }
  return { values, rows: a.rows, features: F };
}

/** The substructure observables with column 0 (m/pT) replaced by the stored mass, over the stored pt when `perPt`. */
function withStoredMass(obs: FeatureRows, stored: FeatureRows, perPt: boolean): FeatureRows {
  const values = Float64Array.from(obs.values);
  for (let r = 0; r < obs.rows; r++) values[r * obs.features] = stored.values[r * stored.features + 2] / (perPt ? stored.values[r * stored.features] : 1);
  return { values, rows: obs.rows, features: obs.features };
}

/** Jets and their stored features side by side: `jets` and `stored` hold the same jets in the same order. */
export interface JetsWithStored {
  readonly jets: JetDataset;
  readonly stored: FeatureRows;
}

/**
 * Test AUCs (per signal and combined) of the kNN density score in each feature set of this file.
 * `reference`: background training jets; `test`: 'background' and one entry per signal.
 */
export function storedFeatureStudy(
  model: JetAutoencoder,
  data: { reference: JetsWithStored; test: Readonly<Record<string, JetsWithStored>> },
  k = 5,
): { signals: string[]; sets: { name: string; auc: Record<string, number> }[] } {
  const fn = 'storedFeatureStudy';
  if (model.latentFourVectors === undefined) throw new ConfigError(invalid(fn, 'model', 'a model with latent four-vectors', model.kind));
  const all: Record<string, JetsWithStored> = { reference: data.reference, ...data.test };
  for (const [name, d] of Object.entries(all)) if (d.jets.numJets !== d.stored.rows) throw new ShapeError(invalid(fn, `data ${name}`, 'as many stored rows as jets', `${d.stored.rows} rows for ${d.jets.numJets} jets`));
  const latent = Object.fromEntries(Object.entries(all).map(([n, d]) => [n, latentRows(model, d.jets, BATCH)]));
  const sub = Object.fromEntries(Object.entries(all).map(([n, d]) => [n, substructureObservables(d.jets)]));
  const sets: Record<string, (n: string) => FeatureRows> = {
    latent: (n) => latent[n],
    'latent + stored mass': (n) => appendColumns(latent[n], all[n].stored, [2]),
    'latent + stored multiplicity': (n) => appendColumns(latent[n], all[n].stored, [3]),
    'latent + both': (n) => appendColumns(latent[n], all[n].stored, [2, 3]),
    'substructure (30 particles)': (n) => sub[n],
    'substructure, stored m/pT': (n) => withStoredMass(sub[n], all[n].stored, true),
    'substructure, stored mass': (n) => withStoredMass(sub[n], all[n].stored, false),
  };
  const signals = Object.keys(data.test).filter((c) => c !== 'background');
  return {
    signals,
    sets: Object.entries(sets).map(([name, rows]) => {
      const knn = fitLatentKnn(rows('reference'), { k });
      const scores = Object.fromEntries(Object.keys(data.test).map((c) => [c, knn.score(rows(c))]));
      return { name, auc: aucsAgainstBackground(scores, signals) };
    }),
  };
}

// Run when executed as a script, not when imported by the tests.
if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { run: { type: 'string' }, weights: { type: 'string' }, reference: { type: 'string' }, 'max-jets': { type: 'string' } } });
  if (values.run === undefined) throw new ConfigError(invalid('stored-jet-features', '--run', 'a run folder', values.run));
  const { config, maxJets, model, reference, split, signals } = await loadRunLatentData(values.run, {
    weights: (values.weights ?? 'best') as RunWeights,
    reference: Number(values.reference ?? 30000),
    ...(values['max-jets'] !== undefined ? { maxJets: Number(values['max-jets']) } : {}),
  });
  const background = config.data.trainClasses;
  const stored = await storedJetFeatureSplits({ dir: config.data.dir, classes: [...background, ...(signals as JetNetClass[])], seed: config.train.seed, fractions: config.data.fractions as [number, number, number], maxJets });
  // the reference jets are the first jets of each background class's training split; their labels say how many of each
  const R = reference.numJets;
  const counts = background.map((c) => reference.labels!.reduce((n, l) => n + (l === JETNET_CLASSES.indexOf(c) ? 1 : 0), 0));
  const test = split('test');
  const result = storedFeatureStudy(model, {
    reference: { jets: reference, stored: firstRows(background.map((c) => stored[c].train), counts) },
    test: {
      background: { jets: test.background, stored: firstRows(background.map((c) => stored[c].test), background.map((c) => stored[c].test.rows)) },
      ...Object.fromEntries(signals.map((c) => [c, { jets: test[c], stored: stored[c].test }])),
    },
  });
  model.dispose();
  console.log(`${values.run} (${values.weights ?? 'best'} weights): ${R} reference jets; test AUCs of the kNN density (k = 5)`);
  console.log(`${'features'.padEnd(30)}${[...result.signals, 'combined'].map((c) => c.padStart(9)).join('')}`);
  for (const s of result.sets) console.log(`${s.name.padEnd(30)}${[...result.signals, 'combined'].map((c) => s.auc[c].toFixed(3).padStart(9)).join('')}`);
}

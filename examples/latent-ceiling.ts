/**
 * How much of the signal-background separation a trained autoencoder's latent holds, against how
 * much its anomaly score uses.
 *
 * Both scores below live in the same space: the Lorentz invariants of the latent four-vectors
 * (`latentInvariants`: every Minkowski product of their real and imaginary parts), transformed and
 * standardized as the 'latentKnn' score of `lorentz-irreps eval` does (`fitLatentKnn` on the
 * run's first `reference` training jets, an equal share per training class).
 *
 * - unsupervised, `latentKnn`: the squared distance to the k-th nearest reference (background)
 *   jet, as in `eval` (k = 5 by default). It needs no signal jets.
 * - labelled, the ceiling: a k-nearest-neighbour classifier that knows the classes. Its labelled
 *   jets are the validation splits of the background and of every signal; a test jet scores the
 *   fraction of signal jets among its `labelledK` nearest labelled jets. This is not an anomaly
 *   detector (it has seen the signals); it measures what the latent invariants can separate.
 *
 * Both are scored on the test splits (the jets `eval` scores), per signal and combined. A wide gap
 * between the two says the latent holds the difference but the signals sit where background
 * jets are dense, which no density score of this latent can undo.
 *
 *   npx tsx examples/latent-ceiling.ts --run runs/<name> [--weights best|last] [--k 5]
 *     [--labelled-k 25] [--reference 5000] [--max-jets n]
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import {
  ConfigError,
  invalid,
  fitLatentKnn,
  ShapeError,
  type JetAutoencoder,
  type JetDataset,
  type RunWeights,
} from '../src/index';
import { latentRows } from '../src/report/evaluate';
import { aucsAgainstBackground, BATCH, loadRunLatentData } from './run-latent';
import { kNearest } from './latent-scores';

/**
 * The labelled kNN score of each query row: the fraction of rows labelled 1 among its k nearest
 * labelled rows (squared Euclidean distance; a tie at the k-th distance keeps the row seen first).
 * Rows are row-major with `features` values each.
 */
export function labelledKnnScores(labelled: Float64Array, labels: ArrayLike<number>, queries: Float64Array, features: number, k: number): Float64Array {
  const L = labels.length;
  const fn = 'labelledKnnScores';
  if (labelled.length !== L * features) throw new ShapeError(invalid(fn, 'labelled', `${L} rows (one per label) of ${features} features`, labelled.length));
  if (queries.length % features !== 0) throw new ShapeError(invalid(fn, 'queries', `rows of ${features} features`, queries.length));
  if (!Number.isSafeInteger(k) || k < 1 || k > L) throw new ConfigError(invalid(fn, 'k', `an integer in [1, ${L}]`, k));
  const near = kNearest(labelled, queries, features, k).indices;
  return Float64Array.from({ length: queries.length / features }, (_, q) => {
    let s = 0;
    for (let i = 0; i < k; i++) s += labels[near[q * k + i]];
    return s / k;
  });
}

/** Per signal and combined: the AUC of the unsupervised latentKnn score and of the labelled ceiling. */
export interface LatentCeiling {
  readonly signals: readonly string[];
  readonly latentKnn: Readonly<Record<string, number>>;
  readonly labelled: Readonly<Record<string, number>>;
  readonly jets: { readonly reference: number; readonly labelled: number; readonly test: Readonly<Record<string, number>> };
}

/**
 * Both scores for one model. `reference`: background training jets; `validation` and `test`: the
 * background under the key 'background' and one entry per signal.
 */
export function latentCeiling(
  model: JetAutoencoder,
  data: { reference: JetDataset; validation: Readonly<Record<string, JetDataset>>; test: Readonly<Record<string, JetDataset>> },
  options: { k?: number; labelledK?: number } = {},
): LatentCeiling {
  const k = options.k ?? 5;
  const labelledK = options.labelledK ?? 25;
  if (model.latentFourVectors === undefined) throw new ConfigError(invalid('latentCeiling', 'model', 'a model with latent four-vectors', model.kind));
  const signals = Object.keys(data.test).filter((c) => c !== 'background');
  const invariantsOf = (ds: JetDataset) => latentRows(model, ds, BATCH);
  const knn = fitLatentKnn(invariantsOf(data.reference), { k });
  const U = knn.used.length;
  const classes = ['background', ...signals];
  const valRows = classes.map((c) => knn.standardize(invariantsOf(data.validation[c])));
  const labelled = new Float64Array(valRows.reduce((s, r) => s + r.length, 0));
  const labels = new Uint8Array(labelled.length / U);
  let at = 0;
  valRows.forEach((r, i) => {
    labelled.set(r, at);
    if (i > 0) labels.fill(1, at / U, (at + r.length) / U);
    at += r.length;
  });
  const unsupervised: Record<string, Float64Array> = {};
  const supervised: Record<string, Float64Array> = {};
  for (const c of classes) {
    const rows = invariantsOf(data.test[c]);
    unsupervised[c] = knn.score(rows);
    supervised[c] = labelledKnnScores(labelled, labels, knn.standardize(rows), U, labelledK);
  }
  return {
    signals,
    latentKnn: aucsAgainstBackground(unsupervised, signals),
    labelled: aucsAgainstBackground(supervised, signals),
    jets: { reference: data.reference.numJets, labelled: labels.length, test: Object.fromEntries(classes.map((c) => [c, data.test[c].numJets])) },
  };
}

// Run when executed as a script, not when imported by the tests.
if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({
    options: { run: { type: 'string' }, weights: { type: 'string' }, k: { type: 'string' }, 'labelled-k': { type: 'string' }, reference: { type: 'string' }, 'max-jets': { type: 'string' } },
  });
  if (values.run === undefined) throw new ConfigError(invalid('latent-ceiling', '--run', 'a run folder', values.run));
  const { model, reference, split } = await loadRunLatentData(values.run, {
    weights: (values.weights ?? 'best') as RunWeights,
    reference: Number(values.reference ?? 5000),
    ...(values['max-jets'] !== undefined ? { maxJets: Number(values['max-jets']) } : {}),
  });
  const result = latentCeiling(model, { reference, validation: split('val'), test: split('test') }, { k: Number(values.k ?? 5), labelledK: Number(values['labelled-k'] ?? 25) });
  model.dispose();
  console.log(`${values.run} (${values.weights ?? 'best'} weights): ${result.jets.reference} reference jets, ${result.jets.labelled} labelled validation jets`);
  console.log('signal     latentKnn  labelled kNN (ceiling)');
  for (const c of [...result.signals, 'combined']) console.log(`${c.padEnd(9)}  ${result.latentKnn[c].toFixed(3).padStart(9)}  ${result.labelled[c].toFixed(3).padStart(12)}`);
}

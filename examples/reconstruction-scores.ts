/**
 * What the decoder adds to the latent: reconstruction scores judged against the latent, and
 * combined with the latent score.
 *
 * `lorentz-irreps eval` scores a jet by its reconstruction error (Chamfer, Hungarian, EMD) and by
 * the density of its latent ('latentKnn'). This script asks whether the two carry different
 * information, three ways, on the run's jets:
 *
 * - `latent vs reco` (test jets): the squared distance, in the standardized latent invariants of
 *   `fitLatentKnn`, between a jet's latent and the latent of its reconstruction (every
 *   reconstructed slot counted as a particle);
 * - locally adaptive scores (test jets): a jet's log reconstruction error standardized by the log
 *   errors of its K nearest QCD training jets in the latent, K = 20, 50,
 *   (log e - mean) / standard deviation, for three errors: `mse` (the ordered MSE of the
 *   four-momenta, padded slots as zero, as in training), `rest mse` (the same after boosting the
 *   jet and its reconstruction to the rest frame of the jet's particles), `chamfer` (eval's
 *   Chamfer distance). The plain log error is listed as the control (`plain`). If jets with the
 *   same latent were reconstructed better when they are QCD jets, these would beat both;
 * - combinations (the first `--jets` validation jets of each class, background an equal share of
 *   each training class): the latentKnn score plus w times a reconstruction score, each turned
 *   into its background log-tail -log((1 + #{background >= s}) / (1 + n)) so that the two are on
 *   one scale, w = 0 (latentKnn alone), 0.25, 0.5, 1, for emdRel, emd and chamfer.
 *
 * Every score is oriented so that a higher value is more anomalous; AUCs per signal and combined.
 *
 *   npx tsx examples/reconstruction-scores.ts --run runs/<name> [--weights best|last]
 *     [--reference 30000] [--jets 2000] [--max-jets n]
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import {
  chamferDistance,
  ConfigError,
  evaluateAutoencoder,
  fitLatentKnn,
  invalid,
  ShapeError,
  type JetAutoencoder,
  type JetDataset,
  type RunWeights,
} from '../src/index';
import { latentRows, reconstructedArrays } from '../src/report/evaluate';
import { referenceJets } from '../src/report/run';
import { kNearest } from './latent-scores';
import { aucsAgainstBackground, BATCH, loadRunLatentData, lowerBound, squaredDistance } from './run-latent';
import { boostToRestFrame } from './training-variants';
import type { ScoreVariant } from './latent-scores';

/** Neighbours of the locally adaptive scores. */
export const ADAPTIVE_KS = [20, 50] as const;
/** Weights of the reconstruction score in the combinations. */
export const COMBINATION_WEIGHTS = [0, 0.25, 0.5, 1] as const;
/** Reconstruction scores combined with latentKnn. */
export const COMBINED_SCORES = ['emdRel', 'emd', 'chamfer'] as const;
/** The reconstruction errors of the locally adaptive scores. */
export const ERRORS = ['mse', 'rest mse', 'chamfer'] as const;
export type ReconstructionError = (typeof ERRORS)[number];

/** The model's reconstructions of a dataset's jets as a dataset of the same units (every slot a particle). */
export function reconstructedJets(model: JetAutoencoder, ds: JetDataset): JetDataset {
  const { reco: p, slots } = reconstructedArrays(model, ds, BATCH, 'reconstructedJets');
  return { numJets: ds.numJets, numParticles: Math.max(slots, 0), p, mask: new Float64Array(ds.numJets * Math.max(slots, 0)).fill(1), units: ds.units };
}

/**
 * Per-jet reconstruction errors of `reco` against `target` (same jets, same slots): 'mse' the mean
 * over slots and components of the squared difference (padded slots as zero four-vectors), 'rest
 * mse' the same after boosting both to the rest frame of the target jet's particles, 'chamfer'
 * the squared Chamfer distance of the slots' four-momenta.
 */
export function reconstructionErrors(target: JetDataset, reco: JetDataset): Record<ReconstructionError, Float64Array> {
  const fn = 'reconstructionErrors';
  if (reco.numJets !== target.numJets || reco.numParticles !== target.numParticles) {
    throw new ShapeError(invalid(fn, 'reco', `${target.numJets} jets of ${target.numParticles} slots like the target`, `${reco.numJets} of ${reco.numParticles}`));
  }
  const N = target.numParticles;
  const restTarget = boostToRestFrame(target);
  const restReco = boostToRestFrame(reco, 1, target);
  const mse = (a: Float64Array, b: Float64Array, j: number) => squaredDistance(a, j * N * 4, b, j * N * 4, N * 4) / (N * 4);
  const out = { mse: new Float64Array(target.numJets), 'rest mse': new Float64Array(target.numJets), chamfer: new Float64Array(target.numJets) };
  for (let j = 0; j < target.numJets; j++) {
    out.mse[j] = mse(target.p, reco.p, j);
    out['rest mse'][j] = mse(restTarget.p, restReco.p, j);
    out.chamfer[j] = chamferDistance(reco.p.subarray(j * N * 4, (j + 1) * N * 4), target.p.subarray(j * N * 4, (j + 1) * N * 4));
  }
  return out;
}

/**
 * Locally adaptive scores: for each query, (log e_q - mean) / sd of the log errors of its k
 * nearest reference rows (`neighbours`: k reference row indices per query, row-major, e.g.
 * {@link kNearest}'s); sd the population standard deviation, 1e-300 when zero. Errors must be
 * positive.
 */
export function locallyAdaptiveScores(queryErrors: Float64Array, referenceErrors: Float64Array, neighbours: Int32Array, k: number): Float64Array {
  const fn = 'locallyAdaptiveScores';
  if (!Number.isSafeInteger(k) || k < 1 || neighbours.length !== queryErrors.length * k) {
    throw new ShapeError(invalid(fn, 'neighbours', `${k} reference rows for each of ${queryErrors.length} queries`, neighbours.length));
  }
  for (const e of [...queryErrors, ...referenceErrors]) if (!(e > 0)) throw new ConfigError(invalid(fn, 'errors', 'positive reconstruction errors', e));
  return Float64Array.from({ length: queryErrors.length }, (_, q) => {
    let s = 0;
    let s2 = 0;
    for (let i = 0; i < k; i++) {
      const l = Math.log(referenceErrors[neighbours[q * k + i]]);
      s += l;
      s2 += l * l;
    }
    const mean = s / k;
    const sd = Math.sqrt(Math.max(s2 / k - mean * mean, 0));
    return (Math.log(queryErrors[q]) - mean) / Math.max(sd, 1e-300);
  });
}

/** -log((1 + #{background >= s}) / (1 + n)) for each score s: its background tail, on a log scale. */
export function backgroundLogTail(scores: ArrayLike<number>, background: ArrayLike<number>): Float64Array {
  const sorted = Float64Array.from(background).sort();
  const n = sorted.length;
  return Float64Array.from(scores, (s) => -Math.log((1 + n - lowerBound(sorted, s)) / (1 + n)));
}

/** The three comparisons of this file on one model; `test` and `val` hold 'background' and one entry per signal. */
export function reconstructionScoreVariants(
  model: JetAutoencoder,
  data: { reference: JetDataset; test: Readonly<Record<string, JetDataset>>; val: Readonly<Record<string, JetDataset>> },
): { signals: string[]; latentVsReco: ScoreVariant; adaptive: ScoreVariant[]; combinations: ScoreVariant[] } {
  const fn = 'reconstructionScoreVariants';
  if (model.latentFourVectors === undefined) throw new ConfigError(invalid(fn, 'model', 'a model with latent four-vectors', model.kind));
  for (const which of ['test', 'val'] as const) {
    if (data[which].background === undefined) throw new ConfigError(invalid(fn, `data.${which}`, "an entry 'background'", Object.keys(data[which]).join(', ')));
  }
  const signals = Object.keys(data.test).filter((c) => c !== 'background');
  const classes = ['background', ...signals];
  const maxK = Math.max(...ADAPTIVE_KS);
  const refRows = latentRows(model, data.reference, BATCH);
  if (refRows.rows < maxK) throw new ConfigError(invalid(fn, 'data.reference', `at least ${maxK} jets`, refRows.rows));
  const knn = fitLatentKnn(refRows, { k: 5 });
  const U = knn.used.length;
  const ref = knn.standardize(refRows);
  const refReco = reconstructedJets(model, data.reference);
  if (refReco.numParticles !== data.reference.numParticles) throw new ConfigError(invalid(fn, 'model', 'a reconstruction of one slot per input slot', refReco.numParticles));
  const refErrors = reconstructionErrors(data.reference, refReco);
  const vsReco: Record<string, Float64Array> = {};
  const adaptive: Record<string, Record<string, Float64Array>> = {};
  for (const c of classes) {
    const ds = data.test[c];
    const reco = reconstructedJets(model, ds);
    const z = knn.standardize(latentRows(model, ds, BATCH));
    const zReco = knn.standardize(latentRows(model, reco, BATCH));
    vsReco[c] = Float64Array.from({ length: ds.numJets }, (_, j) => squaredDistance(z, j * U, zReco, j * U, U));
    const errors = reconstructionErrors(ds, reco);
    const near = kNearest(ref, z, U, maxK).indices;
    const s: Record<string, Float64Array> = {};
    for (const e of ERRORS) {
      s[`${e} plain`] = errors[e].map(Math.log);
      for (const k of ADAPTIVE_KS) {
        const nk = Int32Array.from({ length: ds.numJets * k }, (_, i) => near[Math.floor(i / k) * maxK + (i % k)]);
        s[`${e} adaptive k=${k}`] = locallyAdaptiveScores(errors[e], refErrors[e], nk, k);
      }
    }
    adaptive[c] = s;
  }
  const variants = (scores: Record<string, Record<string, Float64Array>>) =>
    Object.keys(scores.background).map((name) => ({ name, auc: aucsAgainstBackground(Object.fromEntries(classes.map((c) => [c, scores[c][name]])), signals) }));
  // combinations on the validation jets: eval's reconstruction scores, and the latentKnn of the scorer fitted above (eval's, k = 5 on the same reference)
  const evaluation = evaluateAutoencoder(model, { background: data.val.background, signals: Object.fromEntries(signals.map((c) => [c, data.val[c]])) });
  const valScores: Record<string, Readonly<Record<string, Float64Array>>> = { background: evaluation.background.scores, ...Object.fromEntries(evaluation.signals.map((s) => [s.name, s.scores])) };
  const tailsOf = (scores: Record<string, Float64Array>) => Object.fromEntries(classes.map((c) => [c, backgroundLogTail(scores[c], scores.background)]));
  const tails = (name: string) => tailsOf(Object.fromEntries(classes.map((c) => [c, valScores[c][name]])));
  const latentTail = tailsOf(Object.fromEntries(classes.map((c) => [c, knn.score(latentRows(model, data.val[c], BATCH))])));
  const combined: Record<string, Record<string, Float64Array>> = Object.fromEntries(classes.map((c) => [c, {}]));
  for (const r of COMBINED_SCORES) {
    const recoTail = tails(r);
    for (const w of COMBINATION_WEIGHTS) {
      if (w === 0 && r !== COMBINED_SCORES[0]) continue;
      const name = w === 0 ? 'latentKnn alone' : `latentKnn + ${w} ${r}`;
      for (const c of classes) combined[c][name] = latentTail[c].map((t, j) => t + w * recoTail[c][j]);
    }
  }
  return {
    signals,
    latentVsReco: { name: 'latent vs reco', auc: aucsAgainstBackground(vsReco, signals) },
    adaptive: variants(adaptive),
    combinations: variants(combined),
  };
}

// Run when executed as a script, not when imported by the tests.
if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { run: { type: 'string' }, weights: { type: 'string' }, reference: { type: 'string' }, jets: { type: 'string' }, 'max-jets': { type: 'string' } } });
  if (values.run === undefined) throw new ConfigError(invalid('reconstruction-scores', '--run', 'a run folder', values.run));
  const jets = Number(values.jets ?? 2000);
  if (!Number.isSafeInteger(jets) || jets < 1) throw new ConfigError(invalid('reconstruction-scores', '--jets', 'a positive integer', values.jets));
  const started = Date.now();
  const { config, model, reference, split, classes, signals } = await loadRunLatentData(values.run, {
    weights: (values.weights ?? 'best') as RunWeights,
    reference: Number(values.reference ?? 30000),
    ...(values['max-jets'] !== undefined ? { maxJets: Number(values['max-jets']) } : {}),
  });
  // the first validation jets: the background an equal share of each training class, like the reference
  const valSubset: Record<string, JetDataset> = { background: referenceJets(config.data.trainClasses.map((c) => classes[c].val), jets) };
  for (const c of signals) valSubset[c] = referenceJets([classes[c].val], jets);
  try {
    const r = reconstructionScoreVariants(model, { reference, test: split('test'), val: valSubset });
    const cols = [...r.signals, 'combined'];
    const row = (v: ScoreVariant) => `${v.name.padEnd(28)}${cols.map((c) => v.auc[c].toFixed(3).padStart(9)).join('')}`;
    console.log(`${values.run} (${values.weights ?? 'best'} weights): ${reference.numJets} reference jets`);
    console.log(`${'test jets'.padEnd(28)}${cols.map((c) => c.padStart(9)).join('')}`);
    console.log(row(r.latentVsReco));
    for (const v of r.adaptive) console.log(row(v));
    console.log(`${'validation jets'.padEnd(28)}${cols.map((c) => c.padStart(9)).join('')}   (${Object.entries(valSubset).map(([c, ds]) => `${ds.numJets} ${c}`).join(', ')})`);
    for (const v of r.combinations) console.log(row(v));
    console.log(`${((Date.now() - started) / 60000).toFixed(1)} min`);
  } finally {
    model.dispose();
  }
}

/**
 * Density scores of other forms on a trained autoencoder's latent, side by side with the default.
 *
 * `lorentz-irreps eval` scores a jet by the squared distance of its latent invariants to the k-th
 * nearest background training jet ('latentKnn', k = 5). This script computes, on the same test
 * jets and in the same space (the invariants of `latentInvariants`, transformed and standardized
 * by `fitLatentKnn` on the reference jets), the score forms one might try instead:
 *
 * - `knn k=K`: the squared distance to the K-th nearest reference jet, K = 1, 5, 20, 50 (K = 5 is
 *   the default score);
 * - `mean log k=20`: the mean of the log distances to the 20 nearest;
 * - `knn k=5 whitened`: the default score in the whitened invariants (reference covariance =
 *   identity) rather than the standardized ones;
 * - `knn k=5 ranks`: the default score in the reference ranks of each invariant (the empirical
 *   copula: every invariant uniform on the reference);
 * - `mahalanobis`: the squared Mahalanobis distance from the reference mean (a global score: it
 *   grows with the distance from the bulk, not with the emptiness of the neighbourhood);
 * - `kde h=F`: a Gaussian kernel density of the whitened rows (reference covariance = identity),
 *   bandwidth F times Scott's rule n^(-1/(d+4)), F = 0.15, 0.3, 0.7; the score is
 *   -log((1/n) sum_r exp(-|z - z_r|^2 / (2 h^2))), lower density scoring higher;
 * - `lof k=K`: the local outlier factor, K = 5, 20 (a jet's density relative to that of its
 *   neighbours, rather than the density itself);
 * - `mass-conditional k=5`: the latent density divided by the QCD density of the jet mass (of the
 *   30 particles), both kNN estimates: U log d_5 - log |m - m_(5)|, so that a jet is not scored
 *   anomalous for a mass that is merely rare;
 * - `mass,pt-conditional k=5`: the same, divided by the QCD density of (log m, log pT) (whitened on
 *   the reference; 2 log of the distance to the 5th nearest);
 * - `mass,pt only k=5`: that (mass, pT) density alone (no latent), the part the conditional forms
 *   divide out;
 * - `kde h=0.7 mass,pt-conditional`: the kernel density `kde h=0.7` divided by a Gaussian kernel
 *   density of the whitened (log m, log pT) at Scott's bandwidth n^(-1/6);
 * - `knn k=5 +scalar` (LGAE only): the default score with the real and imaginary parts of the
 *   latent complex scalar added to the invariants.
 *
 * Every score is oriented so that a higher value is more anomalous. AUCs are per signal and
 * combined, on the test splits of the run.
 *
 *   npx tsx examples/latent-scores.ts --run runs/<name> [--weights best|last] [--reference 30000]
 *     [--max-jets n]
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import {
  ConfigError,
  DataError,
  invalid,
  fitLatentKnn,
  jetFeaturesFromFourMomenta,
  LGAE,
  ShapeError,
  type FeatureRows,
  type JetAutoencoder,
  type JetDataset,
  type RunWeights,
} from '../src/index';
import { concatArrays, inBatches, latentRows } from '../src/report/evaluate';
import { aucsAgainstBackground, BATCH, loadRunLatentData, lowerBound, squaredDistance } from './run-latent';
import { appendColumns } from './stored-jet-features';

function checkRows(fn: string, name: string, rows: Float64Array, features: number): number {
  if (!Number.isSafeInteger(features) || features < 1) throw new ConfigError(invalid(fn, 'features', 'a positive integer', features));
  if (rows.length % features !== 0) throw new ShapeError(invalid(fn, name, `rows of ${features} features`, rows.length));
  return rows.length / features;
}

/** The k nearest reference rows of each query row: Q*k values each, row-major, nearest first. */
export interface Nearest {
  /** Squared Euclidean distances, ascending per query. */
  readonly distances: Float64Array;
  /** Reference row indices, in the order of `distances` (the lower index first among equal distances). */
  readonly indices: Int32Array;
}

/**
 * The k nearest reference rows of each query row by squared Euclidean distance. Rows are row-major
 * with `features` values each.
 */
export function kNearest(reference: Float64Array, queries: Float64Array, features: number, k: number): Nearest {
  const fn = 'kNearest';
  const R = checkRows(fn, 'reference', reference, features);
  const Q = checkRows(fn, 'queries', queries, features);
  if (!Number.isSafeInteger(k) || k < 1 || k > R) throw new ConfigError(invalid(fn, 'k', `an integer in [1, ${R}]`, k));
  const distances = new Float64Array(Q * k).fill(Infinity);
  const indices = new Int32Array(Q * k).fill(-1);
  for (let q = 0; q < Q; q++) {
    const row = distances.subarray(q * k, (q + 1) * k);
    const idx = indices.subarray(q * k, (q + 1) * k);
    const qo = q * features;
    for (let r = 0; r < R; r++) {
      const d = squaredDistance(queries, qo, reference, r * features, features);
      if (d >= row[k - 1]) continue;
      // binary search for the first entry greater than d, then shift the tail right by one
      let lo = 0;
      let hi = k - 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (row[mid] > d) hi = mid;
        else lo = mid + 1;
      }
      row.copyWithin(lo + 1, lo, k - 1);
      idx.copyWithin(lo + 1, lo, k - 1);
      row[lo] = d;
      idx[lo] = r;
    }
  }
  return { distances, indices };
}

/** A whitening map fitted to reference rows: `whiten(x)` has identity covariance on the reference. */
export interface Whitener {
  readonly features: number;
  /** Mean of the reference rows. */
  readonly mean: Float64Array;
  /** Lower-triangular Cholesky factor L of the reference covariance (row-major, features^2). */
  readonly cholesky: Float64Array;
  /** L^-1 (x - mean) for each row of x. */
  whiten(x: Float64Array): Float64Array;
}

/**
 * Fits a {@link Whitener} to reference rows: mean and population covariance, Cholesky factor.
 * Raises DataError when the covariance is not positive definite (features linearly dependent on
 * the reference rows), counting a feature whose spread is within rounding (1e-12) of its mean as
 * constant.
 */
export function fitWhitener(reference: Float64Array, features: number): Whitener {
  const fn = 'fitWhitener';
  const R = checkRows(fn, 'reference', reference, features);
  if (R < 2) throw new ConfigError(invalid(fn, 'reference', 'at least 2 rows', R));
  const F = features;
  const mean = new Float64Array(F);
  for (let r = 0; r < R; r++) for (let f = 0; f < F; f++) mean[f] += reference[r * F + f];
  for (let f = 0; f < F; f++) mean[f] /= R;
  const cov = new Float64Array(F * F);
  for (let r = 0; r < R; r++) {
    for (let i = 0; i < F; i++) {
      const a = reference[r * F + i] - mean[i];
      for (let j = 0; j <= i; j++) cov[i * F + j] += a * (reference[r * F + j] - mean[j]);
    }
  }
  const L = new Float64Array(F * F);
  for (let i = 0; i < F; i++) {
    for (let j = 0; j <= i; j++) {
      let s = cov[i * F + j] / R;
      for (let m = 0; m < j; m++) s -= L[i * F + m] * L[j * F + m];
      if (i === j) {
        // a constant feature (its variance within rounding of its mean) or one dependent on the others
        const variance = cov[i * F + i] / R;
        if (!(variance > (1e-12 * Math.abs(mean[i])) ** 2) || !(s > 1e-12 * variance)) throw new DataError(invalid(fn, 'reference', 'rows whose covariance is positive definite (no feature a linear function of the others)', `pivot ${s} at feature ${i}`));
        L[i * F + i] = Math.sqrt(s);
      } else {
        L[i * F + j] = s / L[j * F + j];
      }
    }
  }
  const whiten = (x: Float64Array): Float64Array => {
    const n = checkRows('Whitener.whiten', 'x', x, F);
    const out = new Float64Array(n * F);
    for (let r = 0; r < n; r++) {
      // forward substitution L y = x - mean
      for (let i = 0; i < F; i++) {
        let s = x[r * F + i] - mean[i];
        for (let m = 0; m < i; m++) s -= L[i * F + m] * out[r * F + m];
        out[r * F + i] = s / L[i * F + i];
      }
    }
    return out;
  };
  return { features: F, mean, cholesky: L, whiten };
}

/**
 * Gaussian kernel-density scores: for each query row and each bandwidth h,
 * -log((1/R) sum_r exp(-|q - r|^2 / (2 h^2))), evaluated stably (log-sum-exp). One Float64Array
 * of Q scores per bandwidth, in the order given.
 */
export function gaussianKdeScores(reference: Float64Array, queries: Float64Array, features: number, bandwidths: readonly number[]): Float64Array[] {
  const fn = 'gaussianKdeScores';
  const R = checkRows(fn, 'reference', reference, features);
  const Q = checkRows(fn, 'queries', queries, features);
  if (R === 0) throw new ConfigError(invalid(fn, 'reference', 'at least one row', R));
  for (const h of bandwidths) if (!(h > 0 && Number.isFinite(h))) throw new ConfigError(invalid(fn, 'bandwidths', 'finite numbers > 0', h));
  const out = bandwidths.map(() => new Float64Array(Q));
  const d = new Float64Array(R);
  for (let q = 0; q < Q; q++) {
    const qo = q * features;
    let dmin = Infinity;
    for (let r = 0; r < R; r++) {
      const s = squaredDistance(queries, qo, reference, r * features, features);
      d[r] = s;
      if (s < dmin) dmin = s;
    }
    bandwidths.forEach((h, b) => {
      const c = 1 / (2 * h * h);
      let sum = 0;
      for (let r = 0; r < R; r++) sum += Math.exp(-(d[r] - dmin) * c);
      // -log((1/R) sum exp(-d c)) = dmin c - log(sum) + log(R)
      out[b][q] = dmin * c - Math.log(sum) + Math.log(R);
    });
  }
  return out;
}

/** A local-outlier-factor scorer fitted to reference rows ({@link fitLocalOutlierFactor}). */
export interface LocalOutlierFactor {
  readonly k: number;
  /** The factor of each query row (row-major, the reference's features). */
  score(queries: Float64Array): Float64Array;
}

/**
 * Local outlier factors (Breunig et al. 2000) against reference rows, Euclidean distance, k
 * neighbours. A row's k-distance is the distance to its k-th nearest other reference row; the
 * reachability distance of a row a from a reference row o is max(k-distance(o), |a - o|); a row's
 * local reachability density is 1 / (mean reachability distance from its k nearest reference
 * rows). The factor of a query is the mean density of its k nearest reference rows divided by its
 * own: about 1 inside a cluster of even density, above 1 where the query is sparser than its
 * neighbours. Reference rows leave themselves out of their own neighbours. The reference's
 * k-distances and densities are computed here, once; `score` only searches the queries'
 * neighbours.
 */
export function fitLocalOutlierFactor(reference: Float64Array, features: number, k: number): LocalOutlierFactor {
  const fn = 'fitLocalOutlierFactor';
  const R = checkRows(fn, 'reference', reference, features);
  if (!Number.isSafeInteger(k) || k < 1 || k + 1 > R) throw new ConfigError(invalid(fn, 'k', `an integer in [1, ${R - 1}] (the reference rows less one)`, k));
  const self = kNearest(reference, reference, features, k + 1);
  // the k nearest other rows of each reference row (itself left out; the first k when it is not among them)
  const others = new Int32Array(R * k);
  const otherD = new Float64Array(R * k);
  for (let r = 0; r < R; r++) {
    let n = 0;
    for (let i = 0; i <= k && n < k; i++) {
      const o = self.indices[r * (k + 1) + i];
      if (o === r) continue;
      others[r * k + n] = o;
      otherD[r * k + n] = self.distances[r * (k + 1) + i];
      n++;
    }
  }
  const kDistance = Float64Array.from({ length: R }, (_, r) => Math.sqrt(otherD[r * k + k - 1]));
  // mean reachability distance; the density is its inverse (a zero mean, k equal rows, counts as 1e-300)
  const meanReach = (d: Float64Array, idx: Int32Array, at: number) => {
    let t = 0;
    for (let i = 0; i < k; i++) t += Math.max(kDistance[idx[at + i]], Math.sqrt(d[at + i]));
    return t / k;
  };
  const density = Float64Array.from({ length: R }, (_, r) => 1 / Math.max(meanReach(otherD, others, r * k), 1e-300));
  return {
    k,
    score(queries: Float64Array): Float64Array {
      const Q = checkRows('LocalOutlierFactor.score', 'queries', queries, features);
      const near = kNearest(reference, queries, features, k);
      return Float64Array.from({ length: Q }, (_, q) => {
        let t = 0;
        for (let i = 0; i < k; i++) t += density[near.indices[q * k + i]];
        return (t / k) * meanReach(near.distances, near.indices, q * k);
      });
    },
  };
}

/**
 * For each query value, its distance to the k-th nearest of the reference values (one-dimensional;
 * `sorted` ascending).
 */
export function kthNearestGap(sorted: Float64Array, queries: ArrayLike<number>, k: number): Float64Array {
  const fn = 'kthNearestGap';
  const R = sorted.length;
  if (!Number.isSafeInteger(k) || k < 1 || k > R) throw new ConfigError(invalid(fn, 'k', `an integer in [1, ${R}]`, k));
  for (let i = 1; i < R; i++) if (!(sorted[i] >= sorted[i - 1])) throw new ConfigError(invalid(fn, 'sorted', 'values in ascending order', `${sorted[i - 1]} before ${sorted[i]}`));
  return Float64Array.from({ length: queries.length }, (_, q) => {
    const x = queries[q];
    // from the first value >= x, take k values, each time the nearer of the two ends
    let right = lowerBound(sorted, x);
    let left = right - 1;
    let gap = 0;
    for (let n = 0; n < k; n++) {
      const dl = left >= 0 ? x - sorted[left] : Infinity;
      const dr = right < R ? sorted[right] - x : Infinity;
      if (dl <= dr) {
        gap = dl;
        left--;
      } else {
        gap = dr;
        right++;
      }
    }
    return gap;
  });
}

/**
 * Each feature of each row replaced by its mid-rank among the reference rows' values of that
 * feature, as a fraction in (0, 1): (#{reference < x} + #{reference = x} / 2 + 1/2) / (R + 1).
 * The empirical copula: every feature uniform on the reference, whatever its scale.
 */
export function referenceRanks(reference: Float64Array, rows: Float64Array, features: number): Float64Array {
  const fn = 'referenceRanks';
  const R = checkRows(fn, 'reference', reference, features);
  const n = checkRows(fn, 'rows', rows, features);
  const out = new Float64Array(rows.length);
  for (let f = 0; f < features; f++) {
    const sorted = Float64Array.from({ length: R }, (_, r) => reference[r * features + f]).sort();
    for (let j = 0; j < n; j++) {
      const x = rows[j * features + f];
      const below = lowerBound(sorted, x);
      let equal = 0;
      while (below + equal < R && sorted[below + equal] === x) equal++;
      out[j * features + f] = (below + equal / 2 + 0.5) / (R + 1);
    }
  }
  return out;
}

/** Invariant masses of the jets' summed four-momenta (sign(m^2) sqrt|m^2|), in the jets' units. */
export function jetMasses(ds: JetDataset): Float64Array {
  return jetFeaturesFromFourMomenta({ numJets: ds.numJets, numParticles: ds.numParticles, p: ds.p, mask: ds.mask }).mass;
}

/** Rows (log m, log pT) of the jets' summed four-momenta (values below 1e-300 count as 1e-300). */
export function logMassPt(ds: JetDataset): Float64Array {
  const k = jetFeaturesFromFourMomenta({ numJets: ds.numJets, numParticles: ds.numParticles, p: ds.p, mask: ds.mask });
  const out = new Float64Array(ds.numJets * 2);
  for (let j = 0; j < ds.numJets; j++) {
    out[2 * j] = Math.log(Math.max(k.mass[j], 1e-300));
    out[2 * j + 1] = Math.log(Math.max(k.pt[j], 1e-300));
  }
  return out;
}

/** The rows with the real and imaginary parts of the LGAE's latent complex scalars appended. */
function withLatentScalars(model: LGAE, ds: JetDataset, rows: FeatureRows): FeatureRows {
  const reParts: Float64Array[] = [];
  const imParts: Float64Array[] = [];
  inBatches(ds, BATCH, (p, mask) => {
    const { re, im } = model.encode(p, mask).scalars.reImSync();
    reParts.push(Float64Array.from(re));
    imParts.push(Float64Array.from(im));
  });
  const n = ds.numJets;
  const re = concatArrays(reParts);
  const S = re.length / n;
  const all = Array.from({ length: S }, (_, s) => s);
  return appendColumns(appendColumns(rows, { rows: n, features: S, values: re }, all), { rows: n, features: S, values: concatArrays(imParts) }, all);
}

/** The k values of the `knn` variants. */
export const KNN_KS = [1, 5, 20, 50] as const;
/** Neighbours of the `mean log` variant. */
export const MEAN_LOG_K = 20;
/** Bandwidth factors (times Scott's rule) of the `kde` variants. */
export const KDE_FACTORS = [0.15, 0.3, 0.7] as const;
/** Neighbours of the `lof` variants. */
export const LOF_KS = [5, 20] as const;
/** Neighbours of the conditional variants and of the (mass, pT) density (in the latent, the jet mass and (mass, pT)). */
export const MASS_CONDITIONAL_K = 5;

/** One score form and its AUCs (per signal and 'combined'). */
export interface ScoreVariant {
  readonly name: string;
  readonly auc: Readonly<Record<string, number>>;
}

/**
 * Every score form of this file for one model. `reference`: background training jets; `test`:
 * the background under the key 'background' and one entry per signal.
 */
export function latentScoreVariants(
  model: JetAutoencoder,
  data: { reference: JetDataset; test: Readonly<Record<string, JetDataset>> },
): { signals: string[]; variants: ScoreVariant[]; referenceJets: number } {
  const fn = 'latentScoreVariants';
  if (model.latentFourVectors === undefined) throw new ConfigError(invalid(fn, 'model', 'a model with latent four-vectors', model.kind));
  if (data.test.background === undefined) throw new ConfigError(invalid(fn, 'data.test', "an entry 'background'", Object.keys(data.test).join(', ')));
  const signals = Object.keys(data.test).filter((c) => c !== 'background');
  const refRows = latentRows(model, data.reference, BATCH);
  const maxK = Math.max(...KNN_KS, MEAN_LOG_K);
  if (refRows.rows < maxK) throw new ConfigError(invalid(fn, 'data.reference', `at least ${maxK} jets`, refRows.rows));
  const knn = fitLatentKnn(refRows, { k: 5 });
  const U = knn.used.length;
  const ref = knn.standardize(refRows);
  const whitener = fitWhitener(ref, U);
  const refW = whitener.whiten(ref);
  const refRanks = referenceRanks(ref, ref, U);
  const scott = Math.pow(refRows.rows, -1 / (U + 4));
  const lofs = LOF_KS.map((k) => fitLocalOutlierFactor(ref, U, k));
  const refMasses = jetMasses(data.reference).sort();
  const refLogMassPt = logMassPt(data.reference);
  const kinematics = fitWhitener(refLogMassPt, 2);
  const refKinematics = kinematics.whiten(refLogMassPt);
  const scalars = model instanceof LGAE;
  const knnScalar = scalars ? fitLatentKnn(withLatentScalars(model, data.reference, refRows), { k: 5 }) : null;
  const classes = ['background', ...signals];
  const scores: Record<string, Record<string, Float64Array>> = {};
  for (const c of classes) {
    const rows = latentRows(model, data.test[c], BATCH);
    const q = knn.standardize(rows);
    const Q = q.length / U;
    const near = kNearest(ref, q, U, maxK).distances;
    const s: Record<string, Float64Array> = {};
    for (const k of KNN_KS) s[`knn k=${k}`] = Float64Array.from({ length: Q }, (_, j) => near[j * maxK + k - 1]);
    s[`mean log k=${MEAN_LOG_K}`] = Float64Array.from({ length: Q }, (_, j) => {
      let t = 0;
      // half the log of a squared distance is the log distance; a zero distance counts as 1e-300
      for (let i = 0; i < MEAN_LOG_K; i++) t += 0.5 * Math.log(Math.max(near[j * maxK + i], 1e-300));
      return t / MEAN_LOG_K;
    });
    const w = whitener.whiten(q);
    s['knn k=5 whitened'] = Float64Array.from(kNearest(refW, w, U, 5).distances.filter((_, i) => i % 5 === 4));
    s['knn k=5 ranks'] = Float64Array.from(kNearest(refRanks, referenceRanks(ref, q, U), U, 5).distances.filter((_, i) => i % 5 === 4));
    s.mahalanobis = Float64Array.from({ length: Q }, (_, j) => {
      let t = 0;
      for (let f = 0; f < U; f++) t += w[j * U + f] ** 2;
      return t;
    });
    gaussianKdeScores(refW, w, U, KDE_FACTORS.map((f) => f * scott)).forEach((v, b) => (s[`kde h=${KDE_FACTORS[b]}`] = v));
    for (const lof of lofs) s[`lof k=${lof.k}`] = lof.score(q);
    // -log of the kNN estimate of p(latent) / p(mass): U log d_k - log(mass gap to the k-th nearest); zero gaps count as 1e-300
    const gaps = kthNearestGap(refMasses, jetMasses(data.test[c]), MASS_CONDITIONAL_K);
    s[`mass-conditional k=${MASS_CONDITIONAL_K}`] = Float64Array.from(
      { length: Q },
      (_, j) => 0.5 * U * Math.log(Math.max(near[j * maxK + MASS_CONDITIONAL_K - 1], 1e-300)) - Math.log(Math.max(gaps[j], 1e-300)),
    );
    const qKinematics = kinematics.whiten(logMassPt(data.test[c]));
    const near2 = kNearest(refKinematics, qKinematics, 2, MASS_CONDITIONAL_K).distances;
    s[`mass,pt-conditional k=${MASS_CONDITIONAL_K}`] = Float64Array.from(
      { length: Q },
      (_, j) => 0.5 * U * Math.log(Math.max(near[j * maxK + MASS_CONDITIONAL_K - 1], 1e-300)) - Math.log(Math.max(near2[(j + 1) * MASS_CONDITIONAL_K - 1], 1e-300)),
    );
    s[`mass,pt only k=${MASS_CONDITIONAL_K}`] = Float64Array.from({ length: Q }, (_, j) => near2[(j + 1) * MASS_CONDITIONAL_K - 1]);
    const kde2 = gaussianKdeScores(refKinematics, qKinematics, 2, [Math.pow(refRows.rows, -1 / 6)])[0];
    s['kde h=0.7 mass,pt-conditional'] = s['kde h=0.7'].map((v, j) => v - kde2[j]);
    if (knnScalar !== null) s['knn k=5 +scalar'] = knnScalar.score(withLatentScalars(model as LGAE, data.test[c], rows));
    scores[c] = s;
  }
  const names = Object.keys(scores.background);
  const variants = names.map((name) => ({ name, auc: aucsAgainstBackground(Object.fromEntries(classes.map((c) => [c, scores[c][name]])), signals) }));
  return { signals, variants, referenceJets: refRows.rows };
}

// Run when executed as a script, not when imported by the tests.
if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { run: { type: 'string' }, weights: { type: 'string' }, reference: { type: 'string' }, 'max-jets': { type: 'string' } } });
  if (values.run === undefined) throw new ConfigError(invalid('latent-scores', '--run', 'a run folder', values.run));
  const { model, reference, split } = await loadRunLatentData(values.run, {
    weights: (values.weights ?? 'best') as RunWeights,
    reference: Number(values.reference ?? 30000),
    ...(values['max-jets'] !== undefined ? { maxJets: Number(values['max-jets']) } : {}),
  });
  const result = latentScoreVariants(model, { reference, test: split('test') });
  model.dispose();
  console.log(`${values.run} (${values.weights ?? 'best'} weights): ${result.referenceJets} reference jets; test AUCs (knn k=5 is eval's latentKnn)`);
  console.log(`${'score'.padEnd(31)}${[...result.signals, 'combined'].map((c) => c.padStart(9)).join('')}`);
  for (const v of result.variants) console.log(`${v.name.padEnd(31)}${[...result.signals, 'combined'].map((c) => v.auc[c].toFixed(3).padStart(9)).join('')}`);
}

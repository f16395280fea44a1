/**
 * Evaluation of a trained jet autoencoder on background and signal jets: reconstruction,
 * per-jet anomaly scores, the anomaly table, the reconstruction table and the latent
 * four-vectors' invariant masses.
 *
 * @packageDocumentation
 */
import { ConfigError, ShapeError, invalid } from '../errors';
import { checkJetDataset, type JetDataset } from '../jets/dataset';
import { jetFeaturesFromFourMomenta, type JetKinematics } from '../jets/kinematics';
import type { EnergyUnit } from '../jets/units';
import { linearSumAssignment } from '../metrics/assignment';
import { chamferDistance } from '../metrics/chamfer';
import { emd } from '../metrics/emd';
import { hungarianDistance } from '../metrics/hungarian';
import { relativeErrorStats } from '../metrics/relative-error';
import { tensor } from '../tensor/creation';
import { tidy } from '../tensor/memory';
import { real } from '../tensor/ops/complex';
import type { Tensor } from '../tensor/tensor';
import { checkAutoencoder, type JetAutoencoder } from '../train/model';
import type { ModelSymmetries } from '../train/symmetries';
import { anomalyTable, DEFAULT_BACKGROUND_EFFICIENCIES, SCORE_NAMES, type AnomalyTable, type ScoreName } from './anomaly';
import { DEFAULT_LATENT_NEIGHBOURS, fitLatentKnn, LATENT_KNN_SCORE, latentInvariants, type FeatureRows, type LatentKnn } from './latent-knn';
import { jetRows, relativeRows } from './particles';

/** The particle features compared after matching. */
export type ParticleFeature = 'ptRel' | 'etaRel' | 'phiRel';
/** The jet features compared. */
export type JetFeature = 'mass' | 'pt' | 'eta' | 'phi';

/** Particle features of a sample, flat over its jets' particles. */
export type ParticleFeatures = Readonly<Record<ParticleFeature, Float64Array>>;
/** Jet features of a sample, one value per jet. */
export type JetFeatures = Readonly<Record<JetFeature, Float64Array>>;

/** Everything computed for one sample (the background or one signal). */
export interface SampleEvaluation {
  /** Sample name, e.g. 'qcd', 't'. */
  readonly name: string;
  readonly numJets: number;
  /**
   * Per-jet anomaly scores: 'chamfer', 'hungarian', 'emd' and 'emdRel' (the last three only when
   * the reconstruction has one slot per input slot), then those the model supplies (e.g. 'imageMse'),
   * then 'latentKnn' when the evaluation has a reference ({@link Evaluation.latentKnn}).
   */
  readonly scores: Readonly<Record<ScoreName, Float64Array>>;
  /** Reconstructed four-momenta, numJets x recoParticles x 4. */
  readonly reco: Float64Array;
  readonly recoParticles: number;
  /** Features of all compared target particles and of all compared reconstructed particles. */
  readonly particles: { readonly target: ParticleFeatures; readonly reco: ParticleFeatures };
  /** Features of matched pairs: `target` and `reco` arrays are aligned pair by pair. */
  readonly matched: { readonly target: ParticleFeatures; readonly reco: ParticleFeatures };
  /** Jet features of the targets and of the reconstructions (summed particles). */
  readonly jets: { readonly target: JetFeatures; readonly reco: JetFeatures };
  /** Invariant masses m = sign(m^2) sqrt(|m^2|) of the real parts of the latent four-vectors, numJets x K; null without them. */
  readonly latentMasses: Float64Array | null;
  /** Latent four-vectors per jet K (0 without them). */
  readonly latentVectors: number;
}

/** Median and spread of relative errors of one feature of one sample. */
export interface ReconstructionRow {
  readonly sample: string;
  readonly level: 'particle' | 'jet';
  readonly feature: ParticleFeature | JetFeature;
  readonly median: number;
  readonly iqr: number;
  readonly q25: number;
  readonly q75: number;
  /** Relative errors summarized. */
  readonly count: number;
  /** Entries left out: true value 0, or a reconstructed particle without a direction (pt = 0). */
  readonly excluded: number;
}

/** The result of {@link evaluateAutoencoder}. */
export interface Evaluation {
  readonly units: EnergyUnit;
  readonly maskPadding: boolean;
  readonly background: SampleEvaluation;
  readonly signals: readonly SampleEvaluation[];
  readonly anomaly: AnomalyTable;
  readonly reconstruction: readonly ReconstructionRow[];
  /** Why the latent masses are missing, or null when present. */
  readonly latentNote: string | null;
  /** The model's symmetry table (`model.symmetries`), or null when it declares none. */
  readonly symmetries: ModelSymmetries | null;
  /** The 'latentKnn' score's settings, or null when it was not computed (then `latentKnnNote` says why). */
  readonly latentKnn: LatentKnnSummary | null;
  /** Why the 'latentKnn' score is missing, or null when present. */
  readonly latentKnnNote: string | null;
}

/** How the 'latentKnn' score of an evaluation was fitted ({@link fitLatentKnn}). */
export interface LatentKnnSummary {
  /** Reference jets (`data.reference`). */
  readonly referenceJets: number;
  /** The neighbour whose squared distance is the score, counted from 1. */
  readonly k: number;
  /** Latent invariants per jet F. */
  readonly features: number;
  /** Invariants that enter the distance (those not constant on the reference). */
  readonly usedFeatures: number;
}

/** Options of {@link evaluateAutoencoder}. */
export interface EvaluateOptions {
  /** Jets per forward pass (default 256). */
  readonly batchSize?: number;
  /**
   * Compare only real particles: target padding slots and the reconstruction's slots at the same
   * positions are left out (default false: padded slots count as zero four-vectors, as in training
   * without a padding mask).
   */
  readonly maskPadding?: boolean;
  /** Jet radius R of the EMD (default 0.8). */
  readonly emdRadius?: number;
  /** Background efficiencies of the anomaly table (default 1e-1, 1e-2, 1e-3). */
  readonly backgroundEfficiencies?: readonly number[];
  /** Name of the background sample (default 'qcd'). */
  readonly backgroundName?: string;
  /** Called after each sample with its name. */
  readonly onSample?: (name: string) => void;
  /** The neighbour k of the 'latentKnn' score, counted from 1 (default 5; at most the reference jets). */
  readonly latentNeighbours?: number;
}

/** The samples to evaluate on: background jets and named signal samples, in one unit. */
export interface EvaluationData {
  readonly background: JetDataset;
  readonly signals: Readonly<Record<string, JetDataset>>;
  /**
   * Background jets the model trained on (e.g. the first jets of the training split), the
   * reference of the 'latentKnn' score (optional: without it, or for a model without
   * `latentFourVectors`, the score is left out).
   */
  readonly reference?: JetDataset;
}

const PARTICLE_FEATURES: readonly ParticleFeature[] = ['ptRel', 'etaRel', 'phiRel'];
const JET_FEATURES: readonly JetFeature[] = ['mass', 'pt', 'eta', 'phi'];

/** The per-jet scores a model supplies (`anomalyScores`) for a batch of b jets, checked. */
function modelScores(model: JetAutoencoder, p: Tensor, mask: Tensor, b: number): Record<string, Float64Array> {
  const fn = 'evaluateAutoencoder';
  const s = model.anomalyScores!(p, mask);
  if (s === null || typeof s !== 'object') throw new ShapeError(invalid(fn, 'model.anomalyScores', 'an object of per-jet scores by name', s));
  for (const [name, v] of Object.entries(s)) {
    if (SCORE_NAMES.includes(name) || name === LATENT_KNN_SCORE) {
      throw new ConfigError(invalid(fn, 'model.anomalyScores', `score names other than ${[...SCORE_NAMES, LATENT_KNN_SCORE].join(', ')}`, name));
    }
    if (!(v instanceof Float64Array) || v.length !== b) throw new ShapeError(invalid(fn, `model.anomalyScores().${name}`, `a Float64Array of ${b} per-jet scores`, v?.length));
  }
  return { ...s };
}

/** The model's latent four-vectors of a batch, checked: [b, K, 4] (real or complex). */
function latentBatch(model: JetAutoencoder, p: Tensor, mask: Tensor, b: number): Tensor {
  const z = model.latentFourVectors!(p, mask);
  if (z.rank !== 3 || z.shape[0] !== b || z.shape[2] !== 4 || z.shape[1] < 1) {
    throw new ShapeError(invalid('evaluateAutoencoder', 'model.latentFourVectors', `a tensor of shape [${b}, K, 4] with K >= 1`, z.shape));
  }
  return z;
}

/** The arrays one after the other. Module-internal: here and the example scripts under examples/. */
export function concatArrays(parts: readonly Float64Array[]): Float64Array {
  const out = new Float64Array(parts.reduce((s, c) => s + c.length, 0));
  let at = 0;
  for (const c of parts) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/** Joins per-batch feature rows. */
function joinRows(parts: readonly FeatureRows[]): FeatureRows {
  return { values: concatArrays(parts.map((c) => c.values)), rows: parts.reduce((s, c) => s + c.rows, 0), features: parts.length > 0 ? parts[0].features : 0 };
}

/**
 * Runs `body` on the dataset's jets in batches of `batchSize`, as tensors p [b, N, 4] and mask [b, N], inside `tidy`.
 * Module-internal: here and the example scripts under examples/.
 */
export function inBatches(ds: JetDataset, batchSize: number, body: (p: Tensor, mask: Tensor, b: number, start: number) => void): void {
  const N = ds.numParticles;
  for (let start = 0; start < ds.numJets; start += batchSize) {
    const b = Math.min(batchSize, ds.numJets - start);
    tidy(() => {
      const p = tensor(ds.p.subarray(start * N * 4, (start + b) * N * 4), [b, N, 4]);
      const mask = tensor(ds.mask.subarray(start * N, (start + b) * N), [b, N]);
      body(p, mask, b, start);
    });
  }
}

/**
 * The {@link latentInvariants} of a dataset's jets, in batches (encoder only). Module-internal:
 * the 'latentKnn' score's reference here, and the example scripts under examples/ that score a
 * latent.
 */
export function latentRows(model: JetAutoencoder, ds: JetDataset, batchSize: number): FeatureRows {
  const parts: FeatureRows[] = [];
  inBatches(ds, batchSize, (p, mask, b) => parts.push(latentInvariants(latentBatch(model, p, mask, b))));
  return joinRows(parts);
}

/**
 * Checks one batch's reconstruction: a real tensor [b, N', 4] whose N' is that of the earlier
 * batches (`slots`, -1 before the first). Returns N'.
 */
function checkReconstruction(r: Tensor, b: number, slots: number, fn: string): number {
  if (r.complex || r.rank !== 3 || r.shape[0] !== b || r.shape[2] !== 4 || (slots >= 0 && r.shape[1] !== slots)) {
    throw new ShapeError(invalid(fn, 'model.reconstruct', `a real tensor of shape [${b}, N', 4]`, r.shape));
  }
  return r.shape[1];
}

/**
 * The model's reconstructions of a dataset's jets, in batches, checked as {@link evaluateAutoencoder}
 * checks them (errors name `fn`): `reco` row-major [numJets, slots, 4]; `slots` -1 for no jets.
 * Module-internal: {@link massErrorStats} and the example scripts under examples/.
 */
export function reconstructedArrays(model: JetAutoencoder, ds: JetDataset, batchSize: number, fn: string): { reco: Float64Array; slots: number } {
  const parts: Float64Array[] = [];
  let slots = -1;
  inBatches(ds, batchSize, (p, mask, b) => {
    const r = model.reconstruct(p, mask);
    slots = checkReconstruction(r, b, slots, fn);
    parts.push(Float64Array.from(r.dataSync()));
  });
  return { reco: concatArrays(parts), slots };
}

function forward(
  model: JetAutoencoder,
  ds: JetDataset,
  batchSize: number,
  invariants: boolean,
): { reco: Float64Array; slots: number; latent: Float64Array | null; K: number; own: Record<string, Float64Array>; invariants: FeatureRows | null } {
  const own: Record<string, Float64Array[]> = {};
  const chunks: Float64Array[] = [];
  const latents: Float64Array[] = [];
  const invariantParts: FeatureRows[] = [];
  let slots = -1;
  let K = 0;
  inBatches(ds, batchSize, (p, mask, b, start) => {
    const r = model.reconstruct(p, mask);
    slots = checkReconstruction(r, b, slots, 'evaluateAutoencoder');
    chunks.push(r.dataSync());
    if (model.latentFourVectors !== undefined) {
      const z = latentBatch(model, p, mask, b);
      K = z.shape[1];
      latents.push((z.complex ? real(z) : z).dataSync());
      if (invariants) invariantParts.push(latentInvariants(z));
    }
    if (model.anomalyScores !== undefined) {
      for (const [name, v] of Object.entries(modelScores(model, p, mask, b))) {
        if (start > 0 && own[name] === undefined) throw new ShapeError(invalid('evaluateAutoencoder', 'model.anomalyScores', 'the same score names for every batch', name));
        (own[name] ??= []).push(v);
      }
    }
  });
  return {
    reco: concatArrays(chunks),
    slots: Math.max(slots, 0),
    latent: model.latentFourVectors !== undefined ? concatArrays(latents) : null,
    K,
    own: Object.fromEntries(Object.entries(own).map(([name, parts]) => [name, concatArrays(parts)])),
    invariants: invariants && model.latentFourVectors !== undefined ? joinRows(invariantParts) : null,
  };
}

function emptyFeatures<F extends string>(names: readonly F[]): Record<F, number[]> {
  return Object.fromEntries(names.map((n) => [n, [] as number[]])) as Record<F, number[]>;
}

function toArrays<F extends string>(lists: Record<F, number[]>): Readonly<Record<F, Float64Array>> {
  return Object.fromEntries(Object.entries(lists).map(([k, v]) => [k, Float64Array.from(v as number[])])) as Record<F, Float64Array>;
}

function jetFeatureArrays(k: JetKinematics): JetFeatures {
  return { mass: k.mass, pt: k.pt, eta: k.eta, phi: k.phi };
}

/** (ptRel, etaRel, phiRel) rows of the particles that have a direction (pt > 0). */
function relativePoints(f: { ptRel: Float64Array; etaRel: Float64Array; phiRel: Float64Array }): number[][] {
  const rows: number[][] = [];
  for (let i = 0; i < f.ptRel.length; i++) if (f.ptRel[i] > 0 && Number.isFinite(f.etaRel[i]) && Number.isFinite(f.phiRel[i])) rows.push([f.ptRel[i], f.etaRel[i], f.phiRel[i]]);
  return rows;
}

interface SampleOptions {
  readonly batchSize: number;
  readonly maskPadding: boolean;
  readonly emdRadius: number;
  /** The fitted latent kNN scorer, or null without the 'latentKnn' score. */
  readonly knn: LatentKnn | null;
}

function evaluateSample(name: string, ds: JetDataset, model: JetAutoencoder, o: SampleOptions): SampleEvaluation {
  const { reco, slots, latent, K, own, invariants } = forward(model, ds, o.batchSize, o.knn !== null);
  const N = ds.numParticles;
  if (o.maskPadding && slots !== N) {
    throw new ShapeError(invalid('evaluateAutoencoder', 'model.reconstruct', `${N} particle slots per jet (maskPadding uses the target's mask for them)`, slots));
  }
  const recoMask = o.maskPadding ? ds.mask : null;
  const targetMask = o.maskPadding ? ds.mask : null;
  // The Hungarian score pairs particles one to one: only for reconstructions of N slots (the CNNAE's S^2 pixels are not).
  // The exact EMD is left out for those too: a transportation problem of N x S^2 (30 x 1600) per jet costs seconds.
  const pairable = o.maskPadding || slots === N;
  const scores: Record<ScoreName, Float64Array> = {
    chamfer: new Float64Array(ds.numJets),
    ...(pairable ? { hungarian: new Float64Array(ds.numJets), emd: new Float64Array(ds.numJets), emdRel: new Float64Array(ds.numJets) } : {}),
    ...own,
    ...(o.knn !== null && invariants !== null ? { [LATENT_KNN_SCORE]: o.knn.score(invariants) } : {}),
  };
  const particles = { target: emptyFeatures(PARTICLE_FEATURES), reco: emptyFeatures(PARTICLE_FEATURES) };
  const matched = { target: emptyFeatures(PARTICLE_FEATURES), reco: emptyFeatures(PARTICLE_FEATURES) };
  for (let j = 0; j < ds.numJets; j++) {
    const t = jetRows(ds.p, targetMask, j, N);
    const r = jetRows(reco, recoMask, j, slots);
    scores.chamfer[j] = chamferDistance(r, t);
    if (pairable) scores.hungarian[j] = hungarianDistance(t, r);
    if (pairable) scores.emd[j] = emd(t, r, { coords: 'fourMomentum', R: o.emdRadius });
    // particle features: the target's real particles, matched one-to-one to reconstructed ones
    const realRows = jetRows(ds.p, ds.mask, j, N);
    const ft = relativeRows(realRows);
    const fr = relativeRows(r); // NaN angles for particles with pt = 0: histograms and the table skip them
    for (const f of PARTICLE_FEATURES) {
      ft[f].forEach((v) => particles.target[f].push(v));
      fr[f].forEach((v) => particles.reco[f].push(v));
    }
    if (pairable) scores.emdRel[j] = emd(relativePoints(ft), relativePoints(fr), { R: o.emdRadius });
    const cost = realRows.map((a) => r.map((b) => (a[0] - b[0]) ** 2 + (a[1] - b[1]) ** 2 + (a[2] - b[2]) ** 2 + (a[3] - b[3]) ** 2));
    const { rowInd, colInd } = linearSumAssignment(cost);
    for (let k = 0; k < rowInd.length; k++) {
      for (const f of PARTICLE_FEATURES) {
        matched.target[f].push(ft[f][rowInd[k]]);
        matched.reco[f].push(fr[f][colInd[k]]);
      }
    }
  }
  const recoKinematics = jetFeaturesFromFourMomenta({ numJets: ds.numJets, numParticles: slots, p: reco, ...(recoMask ? { mask: recoMask } : {}) });
  const targetKinematics = jetFeaturesFromFourMomenta({ numJets: ds.numJets, numParticles: N, p: ds.p, mask: ds.mask });
  let latentMasses: Float64Array | null = null;
  if (latent !== null) {
    latentMasses = new Float64Array(ds.numJets * K);
    for (let k = 0; k < latentMasses.length; k++) {
      const [E, x, y, z] = [latent[4 * k], latent[4 * k + 1], latent[4 * k + 2], latent[4 * k + 3]];
      const m2 = E * E - x * x - y * y - z * z;
      latentMasses[k] = Math.sign(m2) * Math.sqrt(Math.abs(m2));
    }
  }
  return {
    name,
    numJets: ds.numJets,
    scores,
    reco,
    recoParticles: slots,
    particles: { target: toArrays(particles.target), reco: toArrays(particles.reco) },
    matched: { target: toArrays(matched.target), reco: toArrays(matched.reco) },
    jets: { target: jetFeatureArrays(targetKinematics), reco: jetFeatureArrays(recoKinematics) },
    latentMasses,
    latentVectors: K,
  };
}

function statsRow(sample: string, level: 'particle' | 'jet', feature: ParticleFeature | JetFeature, reco: Float64Array, target: Float64Array): ReconstructionRow {
  const r: number[] = [];
  const t: number[] = [];
  let undefinedPairs = 0;
  for (let i = 0; i < reco.length; i++) {
    if (Number.isFinite(reco[i]) && Number.isFinite(target[i])) {
      r.push(reco[i]);
      t.push(target[i]);
    } else undefinedPairs++;
  }
  if (t.every((x) => x === 0)) return { sample, level, feature, median: NaN, iqr: NaN, q25: NaN, q75: NaN, count: 0, excluded: reco.length };
  const s = relativeErrorStats(r, t, { zeros: 'exclude' });
  return { sample, level, feature, median: s.median, iqr: s.iqr, q25: s.q25, q75: s.q75, count: s.count, excluded: s.excludedZeros + undefinedPairs };
}

/**
 * The reconstruction table of evaluated samples: for each sample, the median, quartiles and
 * interquartile range of the relative errors (reco - true) / true of the matched particles'
 * ptRel, etaRel, phiRel and of the jets' mass, pt, eta and phi.
 *
 * @example
 * ```ts
 * import { concatJets, evaluateAutoencoder, loadJetNetSplits, reconstructionTable, sampleDataDir, variable, tensor, mul, type Tensor } from 'lorentz-irreps';
 * const { g, q, t } = await loadJetNetSplits({ dir: sampleDataDir(), classes: ['g', 'q', 't'], units: 'TeV', seed: 0, maxJets: 20 });
 * const w = variable(tensor([1]), { name: 'table-example.w' });
 * const identity = { kind: 'identity', config: () => ({}), namedParameters: () => [{ name: 'w', variable: w }],
 *   reconstruct: (p: Tensor) => mul(p, w), dispose: () => w.dispose() };
 * const evaluation = evaluateAutoencoder(identity, { background: concatJets([g.test, q.test]), signals: { t: t.test } });
 * const rows = reconstructionTable([evaluation.background]);
 * console.assert(rows.map((r) => r.feature).join() === 'ptRel,etaRel,phiRel,mass,pt,eta,phi');
 * console.assert(rows.every((r) => Math.abs(r.median) < 1e-12));
 * identity.dispose();
 * ```
 */
export function reconstructionTable(samples: readonly SampleEvaluation[]): ReconstructionRow[] {
  const rows: ReconstructionRow[] = [];
  for (const s of samples) {
    for (const f of PARTICLE_FEATURES) rows.push(statsRow(s.name, 'particle', f, s.matched.reco[f], s.matched.target[f]));
    for (const f of JET_FEATURES) rows.push(statsRow(s.name, 'jet', f, s.jets.reco[f], s.jets.target[f]));
  }
  return rows;
}

/**
 * Evaluates a jet autoencoder on background and signal jets.
 *
 * For every jet: the model's reconstruction (in batches, no gradients); the anomaly scores
 * Chamfer (`chamferDistance`, squared), Hungarian (`hungarianDistance`, the optimal-assignment
 * MSE; left out when the reconstruction does not have one slot per input slot, as the CNNAE's
 * pixels) and EMD (`emd` on (E, px, py, pz) rows, pt-weighted, radius `emdRadius`) between the
 * target and the reconstruction, on all particle slots (padding as zero four-vectors) or, with
 * `maskPadding`, on the real particles only; EMD in relative coordinates ('emdRel': `emd` on
 * (ptRel, etaRel, phiRel) rows of the target's real particles and of the reconstructed particles
 * with pt > 0, each relative to its own summed jet, radius `emdRadius`: blind to a shift of the
 * whole jet and to its overall pt scale, as the EMD of the reference LGAE code; left out with the
 * Hungarian score); the model's own scores when it has `anomalyScores`
 * (e.g. the CNNAE's 'imageMse'); with `data.reference` and a model that has `latentFourVectors`,
 * the latent kNN score ('latentKnn', last): {@link latentInvariants} of every jet's latent
 * four-vectors (real and imaginary parts), scored by {@link fitLatentKnn} fitted on the
 * reference jets' invariants with k = `latentNeighbours` (the squared distance, after a log
 * scaling and standardization, to the k-th nearest reference jet); the relative features (ptRel, etaRel, phiRel) of the
 * target's real particles and of the reconstructed particles, each relative to its own summed jet,
 * with each real target particle matched to one reconstructed particle by `linearSumAssignment`
 * (Jonker-Volgenant) on squared four-momentum distances; the jet mass, pt, eta and phi of both.
 * Then the anomaly table ({@link anomalyTable}, signals against the background) and the
 * reconstruction table ({@link reconstructionTable}). When the model has `latentFourVectors`, the
 * invariant masses of their real parts are kept for the figures; its `symmetries` table is kept
 * for the report.
 *
 * @param model - the trained autoencoder (any registered kind).
 * @param data - background jets, named signal samples and optionally reference jets (background
 *   training jets, for 'latentKnn'), in the model's units.
 * @param options - batch size, padding treatment, EMD radius, efficiencies, background name,
 *   the latent kNN's k.
 * @returns the evaluation (per-jet arrays and both tables).
 * @throws {@link ConfigError} for bad options (k above the reference jets), no signals or
 *   datasets of different units or particle slots; {@link ShapeError} for a model output of the wrong shape; what the model and
 *   the metrics throw (a non-finite reconstruction is a DataError).
 *
 * @example
 * ```ts
 * import { concatJets, evaluateAutoencoder, loadJetNetSplits, sampleDataDir, variable, tensor, mul, reshape, sum, type Tensor } from 'lorentz-irreps';
 * const { g, q, t } = await loadJetNetSplits({ dir: sampleDataDir(), classes: ['g', 'q', 't'], units: 'TeV', seed: 0, maxJets: 20 });
 * const w = variable(tensor([1]), { name: 'evaluate-example.w' });
 * const identity = { kind: 'identity', config: () => ({}), namedParameters: () => [{ name: 'w', variable: w }],
 *   reconstruct: (p: Tensor) => mul(p, w), dispose: () => w.dispose() };
 * const evaluation = evaluateAutoencoder(identity, { background: concatJets([g.test, q.test]), signals: { t: t.test } });
 * // a perfect reconstruction: every score is 0, so signal and background cannot be told apart
 * console.assert(evaluation.background.scores.emd.every((x) => x === 0) && evaluation.anomaly.rows[0].auc === 0.5);
 * console.assert(evaluation.background.name === 'qcd' && evaluation.signals[0].numJets === 4);
 * console.assert(evaluation.latentKnn === null); // no reference jets, no latent four-vectors
 * // a model whose latent four-vector is the summed jet, with the training jets as the reference
 * const summed = { ...identity, latentFourVectors: (p: Tensor) => reshape(sum(p, 1), [p.shape[0], 1, 4]) };
 * const withKnn = evaluateAutoencoder(summed, { background: concatJets([g.test, q.test]), signals: { t: t.test }, reference: concatJets([g.train, q.train]) }, { latentNeighbours: 3 });
 * console.assert(withKnn.anomaly.rows.at(-1)!.score === 'latentKnn' && withKnn.latentKnn!.referenceJets === 24 && withKnn.latentKnn!.features === 1);
 * identity.dispose();
 * ```
 */
export function evaluateAutoencoder(model: JetAutoencoder, data: EvaluationData, options: EvaluateOptions = {}): Evaluation {
  const fn = 'evaluateAutoencoder';
  checkAutoencoder(model, fn, 'model');
  if (data === null || typeof data !== 'object' || data.signals === null || typeof data.signals !== 'object') {
    throw new ConfigError(invalid(fn, 'data', 'an object { background, signals }', data));
  }
  checkJetDataset(data.background, fn, 'data.background');
  const names = Object.keys(data.signals);
  if (names.length === 0) throw new ConfigError(invalid(fn, 'data.signals', 'at least one signal sample', data.signals));
  for (const n of names) {
    const s = data.signals[n];
    checkJetDataset(s, fn, `data.signals.${n}`);
    if (s.units !== data.background.units) throw new ConfigError(invalid(fn, `data.signals.${n}.units`, `'${data.background.units}' like the background`, s.units));
    if (s.numParticles !== data.background.numParticles) {
      throw new ConfigError(invalid(fn, `data.signals.${n}.numParticles`, `${data.background.numParticles} like the background`, s.numParticles));
    }
    if (s.numJets === 0) throw new ConfigError(invalid(fn, `data.signals.${n}`, 'a sample with at least one jet', 0));
  }
  if (data.background.numJets === 0) throw new ConfigError(invalid(fn, 'data.background', 'a sample with at least one jet', 0));
  const reference = data.reference;
  if (reference !== undefined) {
    checkJetDataset(reference, fn, 'data.reference');
    if (reference.units !== data.background.units) throw new ConfigError(invalid(fn, 'data.reference.units', `'${data.background.units}' like the background`, reference.units));
    if (reference.numParticles !== data.background.numParticles) {
      throw new ConfigError(invalid(fn, 'data.reference.numParticles', `${data.background.numParticles} like the background`, reference.numParticles));
    }
    if (reference.numJets === 0) throw new ConfigError(invalid(fn, 'data.reference', 'a sample with at least one jet', 0));
  }
  const latentNeighbours = options.latentNeighbours ?? DEFAULT_LATENT_NEIGHBOURS;
  if (!Number.isSafeInteger(latentNeighbours) || latentNeighbours < 1 || (reference !== undefined && latentNeighbours > reference.numJets)) {
    throw new ConfigError(invalid(fn, 'options.latentNeighbours', `a positive integer${reference !== undefined ? ` <= the reference jets (${reference.numJets})` : ''}`, latentNeighbours));
  }
  const batchSize = options.batchSize ?? 256;
  if (!Number.isSafeInteger(batchSize) || batchSize < 1) throw new ConfigError(invalid(fn, 'options.batchSize', 'a positive integer', batchSize));
  const maskPadding = options.maskPadding ?? false;
  if (typeof maskPadding !== 'boolean') throw new ConfigError(invalid(fn, 'options.maskPadding', 'a boolean', maskPadding));
  const emdRadius = options.emdRadius ?? 0.8;
  if (typeof emdRadius !== 'number' || !(emdRadius > 0) || !Number.isFinite(emdRadius)) throw new ConfigError(invalid(fn, 'options.emdRadius', 'a finite number > 0', emdRadius));
  const backgroundName = options.backgroundName ?? 'qcd';
  if (typeof backgroundName !== 'string' || backgroundName.length === 0 || names.includes(backgroundName) || backgroundName === 'combined') {
    throw new ConfigError(invalid(fn, 'options.backgroundName', "a name other than the signals' and 'combined'", backgroundName));
  }
  const knn = reference !== undefined && model.latentFourVectors !== undefined ? fitLatentKnn(latentRows(model, reference, batchSize), { k: latentNeighbours }) : null;
  const latentNote = model.latentFourVectors === undefined ? `the model '${model.kind}' has no latent four-vectors (no latentFourVectors method)` : null;
  const o = { batchSize, maskPadding, emdRadius, knn };
  const background = evaluateSample(backgroundName, data.background, model, o);
  options.onSample?.(backgroundName);
  const signals = names.map((n) => {
    const s = evaluateSample(n, data.signals[n], model, o);
    options.onSample?.(n);
    return s;
  });
  const anomaly = anomalyTable(
    background.scores,
    Object.fromEntries(signals.map((s) => [s.name, s.scores])),
    options.backgroundEfficiencies ?? DEFAULT_BACKGROUND_EFFICIENCIES,
  );
  return {
    units: data.background.units,
    maskPadding,
    background,
    signals,
    anomaly,
    reconstruction: reconstructionTable([background, ...signals]),
    latentNote,
    symmetries: model.symmetries ?? null,
    latentKnn: knn !== null ? { referenceJets: knn.referenceRows, k: knn.k, features: knn.features, usedFeatures: knn.used.length } : null,
    latentKnnNote: knn !== null ? null : (latentNote ?? 'no reference jets were given (data.reference)'),
  };
}


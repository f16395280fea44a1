/**
 * LGAE-Mix trained in several ways on the same QCD jets, each scored as `eval` scores the latent.
 *
 * The README's account of the AUC goal compares latents trained on other objectives than the
 * plain MSE of the lab-frame four-momenta. This script repeats those comparisons:
 *
 * - `lab`: the plain MSE (the default training; the control);
 * - `rest`: every jet boosted to the rest frame of its particles' sum before training and scoring,
 *   momenta times {@link REST_SCALE} (units of 100 GeV, so the values are of the size the model
 *   sees in the lab frame in TeV). An equivariant latent sees the same jet either way; what
 *   changes is what the MSE weighs: the jet's internal structure rather than its lab momenta;
 * - `soft`: an MSE that weighs each particle slot by 1/(E + E0) (E the slot's true energy), so that
 *   soft particles count; E0 from `--e0` in GeV (default 20). It is the model's `trainingLoss`,
 *   which worker threads do not carry, so it trains on one thread;
 * - `remainder`: a 31st slot holding the four-momentum of everything beyond the 30 stored particles
 *   (the stored jet, from its pt, eta and mass over all constituents, minus the 30 particles'
 *   sum; left empty when its pt is below 1e-4 of the jet's), reconstructed like the others;
 * - `remainder-input`: the same slot as an input only: the loss is the MSE of the 30 particle
 *   slots (a `trainingLoss`, so one thread);
 * - `denoise`: denoising training (`inputDropout`, `train --input-dropout`): each particle beyond
 *   the three hardest removed from the training input with probability `--dropout` (default 0.3),
 *   the MSE taken against the whole jet.
 *
 * Each trains `--epochs` epochs (no early stopping; the weights of the best validation epoch),
 * split and initial weights from `--seed`, batch 128, Adam 1e-3; the score is the latentKnn of
 * `eval` (k = 5) with the first `--reference` QCD training jets as reference, on the test jets.
 *
 *   npx tsx examples/training-variants.ts --data ../shared/data/jetnet-like-pythia8
 *     --variant lab|rest|soft|remainder|remainder-input|denoise
 *     [--epochs 20] [--seed 0] [--e0 20] [--dropout 0.3] [--workers 2] [--reference 30000] [--max-jets n]
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import {
  ConfigError,
  concatJets,
  createModel,
  fitLatentKnn,
  gevTo,
  invalid,
  loadJetNetSplits,
  mul,
  preferRelaxedSimd,
  sampleDataDir,
  ShapeError,
  square,
  streamProgress,
  sub,
  sum,
  tensor,
  trainAutoencoder,
  type FeatureRows,
  type JetAutoencoder,
  type JetDataset,
  type JsonObject,
  type Tensor,
  type TrainProgress,
} from '../src/index';
import { latentRows } from '../src/report/evaluate';
import { referenceJets } from '../src/report/run';
import { aucsAgainstBackground, BATCH } from './run-latent';
import { STORED_COLUMNS, storedJetFeatureSplits } from './stored-jet-features';

/** The training variants. */
export const VARIANTS = ['lab', 'rest', 'soft', 'remainder', 'remainder-input', 'denoise'] as const;
export type TrainingVariant = (typeof VARIANTS)[number];

/** Factor on the rest-frame momenta (TeV to units of 100 GeV). */
export const REST_SCALE = 10;

/**
 * The jets boosted to the rest frame of their particles' sum, momenta times `scale`; padding stays
 * zero. With `frame` (a dataset of as many jets), each jet is boosted to the rest frame of the
 * particles' sum of the same jet of `frame` instead (e.g. a reconstruction to its input jet's rest
 * frame). A new dataset; the input is not changed. Raises ShapeError for a jet whose frame
 * four-momentum is not timelike and future-pointing (a rest frame needs m^2 > 0, E > 0).
 */
export function boostToRestFrame(ds: JetDataset, scale = 1, frame: JetDataset = ds): JetDataset {
  const fn = 'boostToRestFrame';
  if (frame.numJets !== ds.numJets) throw new ShapeError(invalid(fn, 'frame', `${ds.numJets} jets like ds`, frame.numJets));
  const N = ds.numParticles;
  const F = frame.numParticles;
  const p = new Float64Array(ds.p.length);
  for (let j = 0; j < ds.numJets; j++) {
    const J = [0, 0, 0, 0];
    for (let i = 0; i < F; i++) for (let c = 0; c < 4; c++) J[c] += frame.p[(j * F + i) * 4 + c];
    const m2 = J[0] * J[0] - J[1] * J[1] - J[2] * J[2] - J[3] * J[3];
    if (!(m2 > 0) || !(J[0] > 0)) throw new ShapeError(invalid(fn, frame === ds ? 'ds' : 'frame', 'jets whose summed four-momentum is timelike and future-pointing', `jet ${j}: E ${J[0]}, m^2 ${m2}`));
    const m = Math.sqrt(m2);
    const gamma = J[0] / m;
    const b = [J[1] / J[0], J[2] / J[0], J[3] / J[0]];
    const b2 = b[0] * b[0] + b[1] * b[1] + b[2] * b[2];
    for (let i = 0; i < N; i++) {
      const o = (j * N + i) * 4;
      const E = ds.p[o];
      const bv = b[0] * ds.p[o + 1] + b[1] * ds.p[o + 2] + b[2] * ds.p[o + 3];
      // boost by -beta: E' = gamma (E - b.v), v' = v + ((gamma - 1) b.v / b^2 - gamma E) b
      const k = b2 > 0 ? ((gamma - 1) * bv) / b2 - gamma * E : 0;
      p[o] = scale * gamma * (E - bv);
      for (let c = 0; c < 3; c++) p[o + 1 + c] = scale * (ds.p[o + 1 + c] + k * b[c]);
    }
  }
  return { ...ds, p };
}

/**
 * A per-jet training loss for `model`: sum over slots of |reco_i - p_i|^2 / (N * 4 * (E_i + e0)),
 * E_i the true energy of slot i, e0 in the jets' units (> 0). Padded slots count too (E = 0, so
 * weight 1/(N*4*e0)), as padded slots count in the plain MSE, which is this with the weight
 * 1/(N*4) in place of 1/(N*4*(E_i + e0)).
 */
export function energyWeightedMse(model: JetAutoencoder, e0: number): (p: Tensor, mask: Tensor) => Tensor {
  if (!(e0 > 0 && Number.isFinite(e0))) throw new ConfigError(invalid('energyWeightedMse', 'e0', 'a finite number > 0', e0));
  return (p: Tensor, mask: Tensor) => {
    const [B, N] = p.shape;
    const values = p.dataSync();
    const w = new Float64Array(B * N);
    for (let i = 0; i < B * N; i++) w[i] = 1 / (N * 4 * (values[4 * i] + e0));
    return slotWeightedSquaredError(model, p, mask, w);
  };
}

/** Per jet: sum over slots i of w[b, i] |reco_i - p_i|^2 (w of shape [B, N], row-major). */
function slotWeightedSquaredError(model: JetAutoencoder, p: Tensor, mask: Tensor, w: Float64Array): Tensor {
  const [B, N] = p.shape;
  return sum(mul(sum(square(sub(model.reconstruct(p, mask), p)), -1), tensor(w, [B, N])), 1);
}

/** Threshold on the remainder's pt, relative to the jet's, below which its slot stays empty. */
export const EMPTY_REMAINDER = 1e-4;

/**
 * The jets with one more slot: the stored jet's four-momentum (massive, from the stored pt, eta
 * and mass; phi recovered from the first particle and its stored phi_rel) minus the sum of the
 * particles, masked out when its pt is below {@link EMPTY_REMAINDER} of the stored pt. `stored`
 * holds the rows of {@link STORED_COLUMNS} of the same jets in the same order.
 */
export function withRemainderSlot(ds: JetDataset, stored: FeatureRows): JetDataset {
  const fn = 'withRemainderSlot';
  if (stored.rows !== ds.numJets || stored.features !== STORED_COLUMNS.length) {
    throw new ShapeError(invalid(fn, 'stored', `${ds.numJets} rows of ${STORED_COLUMNS.length} columns`, `${stored.rows} x ${stored.features}`));
  }
  const P = ds.numParticles;
  const Q = P + 1;
  const F = stored.features;
  const scale = gevTo(ds.units);
  const p = new Float64Array(ds.numJets * Q * 4);
  const mask = new Float64Array(ds.numJets * Q);
  for (let j = 0; j < ds.numJets; j++) {
    p.set(ds.p.subarray(j * P * 4, (j + 1) * P * 4), j * Q * 4);
    mask.set(ds.mask.subarray(j * P, (j + 1) * P), j * Q);
    const [ptGeV, eta, massGeV] = stored.values.subarray(j * F, j * F + 3);
    const o = j * P * 4;
    const phi = Math.atan2(ds.p[o + 2], ds.p[o + 1]) - stored.values[j * F + 4];
    const pt = ptGeV * scale;
    const m = massGeV * scale;
    const v = [Math.sqrt((pt * Math.cosh(eta)) ** 2 + m * m), pt * Math.cos(phi), pt * Math.sin(phi), pt * Math.sinh(eta)];
    for (let i = 0; i < P; i++) for (let c = 0; c < 4; c++) v[c] -= ds.p[o + 4 * i + c];
    if (Math.hypot(v[1], v[2]) < EMPTY_REMAINDER * pt) continue;
    p.set(v, (j * Q + P) * 4);
    mask[j * Q + P] = 1;
  }
  return { numJets: ds.numJets, numParticles: Q, p, mask, ...(ds.labels !== undefined ? { labels: ds.labels } : {}), units: ds.units };
}

/**
 * A per-jet training loss for `model`: the MSE of the first `slots` particle slots only (sum of
 * squared component errors over those slots, divided by slots * 4), so that later slots are input
 * only.
 */
export function leadingSlotsMse(model: JetAutoencoder, slots: number): (p: Tensor, mask: Tensor) => Tensor {
  if (!Number.isSafeInteger(slots) || slots < 1) throw new ConfigError(invalid('leadingSlotsMse', 'slots', 'a positive integer', slots));
  return (p: Tensor, mask: Tensor) => {
    const [B, N] = p.shape;
    if (slots > N) throw new ShapeError(invalid('leadingSlotsMse', 'p', `at least ${slots} particle slots`, N));
    const w = new Float64Array(B * N);
    for (let b = 0; b < B; b++) w.fill(1 / (slots * 4), b * N, b * N + slots);
    return slotWeightedSquaredError(model, p, mask, w);
  };
}

/** What {@link trainingVariant} did and scored. */
export interface TrainingVariantResult {
  readonly variant: TrainingVariant;
  readonly epochs: number;
  /** Validation loss after each epoch (in the variant's own loss and units). */
  readonly valLoss: readonly number[];
  /** latentKnn AUCs on the test jets: t, w, z and combined. */
  readonly auc: Readonly<Record<string, number>>;
  readonly referenceJets: number;
}

/** Trains LGAE-Mix in one variant on the g + q jets of `dir` and scores its latent. */
export async function trainingVariant(options: {
  dir: string;
  variant: TrainingVariant;
  epochs: number;
  seed: number;
  e0GeV?: number;
  /** Input dropout probability of `denoise` (default 0.3). */
  dropout?: number;
  workers?: number;
  reference?: number;
  maxJets?: number;
  /** Model options on top of { aggregation: 'mix', loss: 'mse' } (e.g. smaller channels). */
  model?: JsonObject;
  /** Training progress events (e.g. `streamProgress(process.stderr)`). */
  progress?: TrainProgress;
}): Promise<TrainingVariantResult> {
  const fn = 'trainingVariant';
  const { dir, variant, epochs, seed } = options;
  if (!VARIANTS.includes(variant)) throw new ConfigError(invalid(fn, 'options.variant', `one of ${VARIANTS.join(', ')}`, variant));
  const classes = ['g', 'q', 't', 'w', 'z'] as const;
  const maxJets = options.maxJets !== undefined ? { maxJets: options.maxJets } : {};
  const loaded = await loadJetNetSplits({ dir, classes: [...classes], units: 'TeV', seed, ...maxJets });
  const remainder = variant === 'remainder' || variant === 'remainder-input';
  const stored = remainder ? await storedJetFeatureSplits({ dir, classes, seed, ...maxJets }) : null;
  // the variant's form of each split of each class
  const splits = Object.fromEntries(
    classes.map((c) => {
      const form = (which: 'train' | 'val' | 'test'): JetDataset => {
        const ds = loaded[c][which];
        if (variant === 'rest') return boostToRestFrame(ds, REST_SCALE);
        return stored !== null ? withRemainderSlot(ds, stored[c][which]) : ds;
      };
      return [c, { train: form('train'), val: form('val'), test: form('test') }];
    }),
  ) as Record<(typeof classes)[number], Record<'train' | 'val' | 'test', JetDataset>>;
  const qcd = (which: 'train' | 'val' | 'test') => concatJets([splits.g[which], splits.q[which]]);
  const model = createModel('lgae', { aggregation: 'mix', loss: 'mse', ...(options.model ?? {}) }, { seed, numParticles: splits.g.train.numParticles, units: 'TeV' });
  try {
    if (variant === 'soft') model.trainingLoss = energyWeightedMse(model, (options.e0GeV ?? 20) / 1000);
    if (variant === 'remainder-input') model.trainingLoss = leadingSlotsMse(model, loaded.g.train.numParticles);
    const own = model.trainingLoss !== undefined;
    const result = await trainAutoencoder(
      model,
      { train: qcd('train'), val: qcd('val') },
      { epochs, batchSize: 128, patience: 0, seed, workers: own ? 1 : (options.workers ?? 1), loss: own ? 'model' : 'mse', ...(variant === 'denoise' ? { inputDropout: { probability: options.dropout ?? 0.3 } } : {}), ...(options.progress !== undefined ? { progress: options.progress } : {}) },
    );
    const reference = referenceJets([splits.g.train, splits.q.train], options.reference ?? 30000);
    const knn = fitLatentKnn(latentRows(model, reference, BATCH), { k: 5 });
    const scores: Record<string, Float64Array> = { background: knn.score(latentRows(model, qcd('test'), BATCH)) };
    for (const c of ['t', 'w', 'z'] as const) scores[c] = knn.score(latentRows(model, splits[c].test, BATCH));
    return { variant, epochs: result.epochs, valLoss: result.history.map((h) => h.valLoss), auc: aucsAgainstBackground(scores, ['t', 'w', 'z']), referenceJets: reference.numJets };
  } finally {
    model.dispose();
  }
}

// Run when executed as a script, not when imported by the tests.
if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  preferRelaxedSimd();
  const { values } = parseArgs({
    options: { data: { type: 'string' }, variant: { type: 'string' }, epochs: { type: 'string' }, seed: { type: 'string' }, e0: { type: 'string' }, dropout: { type: 'string' }, workers: { type: 'string' }, reference: { type: 'string' }, 'max-jets': { type: 'string' } },
  });
  const variant = (values.variant ?? 'lab') as TrainingVariant;
  const started = Date.now();
  const r = await trainingVariant({
    dir: values.data ?? sampleDataDir(),
    variant,
    epochs: Number(values.epochs ?? 20),
    seed: Number(values.seed ?? 0),
    e0GeV: Number(values.e0 ?? 20),
    dropout: Number(values.dropout ?? 0.3),
    workers: Number(values.workers ?? 2),
    reference: Number(values.reference ?? 30000),
    ...(values['max-jets'] !== undefined ? { maxJets: Number(values['max-jets']) } : {}),
    progress: streamProgress(process.stderr),
  });
  console.log(`LGAE-Mix, variant ${r.variant}${r.variant === 'soft' ? ` (E0 ${values.e0 ?? 20} GeV)` : r.variant === 'denoise' ? ` (dropout ${values.dropout ?? 0.3})` : ''}: ${r.epochs} epochs in ${((Date.now() - started) / 60000).toFixed(1)} min`);
  console.log(`validation loss per epoch: ${r.valLoss.map((v) => v.toExponential(2)).join(' ')}`);
  console.log(`latentKnn (k = 5, ${r.referenceJets} reference jets), test AUC: ${Object.entries(r.auc).map(([c, a]) => `${c} ${a.toFixed(3)}`).join(', ')}`);
}

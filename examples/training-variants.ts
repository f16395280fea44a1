/**
 * LGAE-Mix trained three ways on the same QCD jets, each scored as `eval` scores the latent.
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
 *   which worker threads do not carry, so it trains on one thread.
 *
 * Each trains `--epochs` epochs (no early stopping; the weights of the best validation epoch),
 * split and initial weights from `--seed`, batch 128, Adam 1e-3; the score is the latentKnn of
 * `eval` (k = 5) with the first `--reference` QCD training jets as reference, on the test jets.
 *
 *   npx tsx examples/training-variants.ts --data ../shared/data/jetnet-like-pythia8 --variant rest
 *     [--epochs 20] [--seed 0] [--e0 20] [--workers 2] [--reference 30000] [--max-jets n]
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import {
  ConfigError,
  concatJets,
  createModel,
  fitLatentKnn,
  invalid,
  loadJetNetSplits,
  mul,
  preferRelaxedSimd,
  sampleDataDir,
  ShapeError,
  square,
  sub,
  sum,
  tensor,
  trainAutoencoder,
  type JetAutoencoder,
  type JetDataset,
  type JsonObject,
  type Tensor,
} from '../src/index';
import { latentRows } from '../src/report/evaluate';
import { referenceJets } from '../src/report/run';
import { aucsAgainstBackground, BATCH } from './run-latent';

/** The training variants. */
export const VARIANTS = ['lab', 'rest', 'soft'] as const;
export type TrainingVariant = (typeof VARIANTS)[number];

/** Factor on the rest-frame momenta (TeV to units of 100 GeV). */
export const REST_SCALE = 10;

/**
 * The jets boosted to the rest frame of their particles' sum, momenta times `scale`; padding stays
 * zero. A new dataset; the input is not changed. Raises ShapeError for a jet whose summed
 * four-momentum is not timelike and future-pointing (a rest frame needs m^2 > 0, E > 0).
 */
export function boostToRestFrame(ds: JetDataset, scale = 1): JetDataset {
  const fn = 'boostToRestFrame';
  const N = ds.numParticles;
  const p = new Float64Array(ds.p.length);
  for (let j = 0; j < ds.numJets; j++) {
    const J = [0, 0, 0, 0];
    for (let i = 0; i < N; i++) for (let c = 0; c < 4; c++) J[c] += ds.p[(j * N + i) * 4 + c];
    const m2 = J[0] * J[0] - J[1] * J[1] - J[2] * J[2] - J[3] * J[3];
    if (!(m2 > 0) || !(J[0] > 0)) throw new ShapeError(invalid(fn, 'ds', 'jets whose summed four-momentum is timelike and future-pointing', `jet ${j}: E ${J[0]}, m^2 ${m2}`));
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
    const reco = model.reconstruct(p, mask);
    return sum(mul(sum(square(sub(reco, p)), -1), tensor(w, [B, N])), 1);
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
  workers?: number;
  reference?: number;
  maxJets?: number;
  /** Model options on top of { aggregation: 'mix', loss: 'mse' } (e.g. smaller channels). */
  model?: JsonObject;
}): Promise<TrainingVariantResult> {
  const fn = 'trainingVariant';
  const { dir, variant, epochs, seed } = options;
  if (!VARIANTS.includes(variant)) throw new ConfigError(invalid(fn, 'options.variant', `one of ${VARIANTS.join(', ')}`, variant));
  const splits = await loadJetNetSplits({ dir, classes: ['g', 'q', 't', 'w', 'z'], units: 'TeV', seed, ...(options.maxJets !== undefined ? { maxJets: options.maxJets } : {}) });
  const frame = (ds: JetDataset) => (variant === 'rest' ? boostToRestFrame(ds, REST_SCALE) : ds);
  const qcd = (which: 'train' | 'val' | 'test') => frame(concatJets([splits.g[which], splits.q[which]]));
  const model = createModel('lgae', { aggregation: 'mix', loss: 'mse', ...(options.model ?? {}) }, { seed, numParticles: splits.g.train.numParticles, units: 'TeV' });
  try {
    if (variant === 'soft') model.trainingLoss = energyWeightedMse(model, (options.e0GeV ?? 20) / 1000);
    const result = await trainAutoencoder(
      model,
      { train: qcd('train'), val: qcd('val') },
      { epochs, batchSize: 128, patience: 0, seed, workers: variant === 'soft' ? 1 : (options.workers ?? 1), loss: variant === 'soft' ? 'model' : 'mse' },
    );
    const reference = referenceJets([splits.g.train, splits.q.train].map(frame), options.reference ?? 30000);
    const knn = fitLatentKnn(latentRows(model, reference, BATCH), { k: 5 });
    const scores: Record<string, Float64Array> = { background: knn.score(latentRows(model, qcd('test'), BATCH)) };
    for (const c of ['t', 'w', 'z'] as const) scores[c] = knn.score(latentRows(model, frame(splits[c].test), BATCH));
    return { variant, epochs: result.epochs, valLoss: result.history.map((h) => h.valLoss), auc: aucsAgainstBackground(scores, ['t', 'w', 'z']), referenceJets: reference.numJets };
  } finally {
    model.dispose();
  }
}

// Run when executed as a script, not when imported by the tests.
if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  preferRelaxedSimd();
  const { values } = parseArgs({
    options: { data: { type: 'string' }, variant: { type: 'string' }, epochs: { type: 'string' }, seed: { type: 'string' }, e0: { type: 'string' }, workers: { type: 'string' }, reference: { type: 'string' }, 'max-jets': { type: 'string' } },
  });
  const variant = (values.variant ?? 'lab') as TrainingVariant;
  const started = Date.now();
  const r = await trainingVariant({
    dir: values.data ?? sampleDataDir(),
    variant,
    epochs: Number(values.epochs ?? 20),
    seed: Number(values.seed ?? 0),
    e0GeV: Number(values.e0 ?? 20),
    workers: Number(values.workers ?? 2),
    reference: Number(values.reference ?? 30000),
    ...(values['max-jets'] !== undefined ? { maxJets: Number(values['max-jets']) } : {}),
  });
  console.log(`LGAE-Mix, variant ${r.variant}${r.variant === 'soft' ? ` (E0 ${values.e0 ?? 20} GeV)` : ''}: ${r.epochs} epochs in ${((Date.now() - started) / 60000).toFixed(1)} min`);
  console.log(`validation loss per epoch: ${r.valLoss.map((v) => v.toExponential(2)).join(' ')}`);
  console.log(`latentKnn (k = 5, ${r.referenceJets} reference jets), test AUC: ${Object.entries(r.auc).map(([c, a]) => `${c} ${a.toFixed(3)}`).join(', ')}`);
}

/**
 * The interface every jet autoencoder implements to be trained, saved, loaded and evaluated by
 * this library (the Lorentz group autoencoder and the baseline autoencoders alike).
 *
 * @packageDocumentation
 */
import { ConfigError, invalid } from '../errors';
import type { NamedParameter } from '../nn/module';
import { LOSS_NAMES, type LossName } from '../losses/by-name';
import type { Tensor } from '../tensor/tensor';
import { Variable } from '../tensor/tensor';
import type { JsonObject } from './json';
import { symmetryTable, type ModelSymmetries } from './symmetries';

/**
 * A training loss: a particle loss between the reconstruction and the input four-momenta
 * ('chamfer', 'mse', 'hungarian'), or 'model', the model's own per-jet loss
 * ({@link JetAutoencoder.trainingLoss}).
 */
export type TrainLoss = LossName | 'model';

/** The training losses, in help order. */
export const TRAIN_LOSS_NAMES: readonly TrainLoss[] = Object.freeze([...LOSS_NAMES, 'model' as const]);

/**
 * A jet autoencoder: a map from jets of N particle four-momenta to reconstructed jets, with named
 * parameters.
 *
 * Contract (what the trainer, the checkpoints and the evaluation rely on):
 * - `kind` is the name the model is registered under (`registerModel(kind, ...)`).
 * - `config()` returns a JSON object from which the factory's `create(config, context)` rebuilds
 *   the same architecture (same parameter names and shapes); weights are saved separately.
 * - `namedParameters()` lists every parameter under a stable name that depends only on the config
 *   (a `Module` from the nn layers already provides it); weights files and checkpoints are keyed by
 *   these names. Trainable variables are optimized; their own variable `name`s must be distinct
 *   within the model (the optimizer keys its state by them) but need not be stable.
 * - `reconstruct(p, mask)` takes four-momenta p [B, N, 4] (E, px, py, pz) in the units the model
 *   was created for and the padding mask [B, N] (1 real, 0 padding; padded slots of p are zeros),
 *   and returns real reconstructed four-momenta [B, N', 4] (N' = N for the models here), computed
 *   with tensor ops only so that gradients reach the parameters. It must be deterministic (no
 *   hidden randomness), so that training resumes bit for bit.
 * - `latentFourVectors(p, mask)`, when present, returns the latent four-vectors [B, K, 4]
 *   (E, px, py, pz), real or complex; the evaluation plots the invariant masses of their real
 *   parts and, given reference jets, scores every jet by the Lorentz invariants of their real and
 *   imaginary parts ('latentKnn'). (Models whose latent is not made of four-vectors leave it out.)
 * - `trainingLoss(p, mask)`, when present, is the model's own per-jet training loss [B] (real,
 *   computed with tensor ops so that gradients reach the parameters), e.g. the image MSE of the
 *   CNNAE. The trainer uses it under the loss name 'model', the default for models that have it;
 *   a particle loss ('chamfer', ...) can still be asked for explicitly.
 * - `anomalyScores(p, mask)`, when present, gives the model's own per-jet anomaly scores (higher =
 *   more anomalous) by score name, e.g. `{ imageMse }`: the evaluation adds them to the Chamfer,
 *   Hungarian and EMD scores of the anomaly table. Names must not be those of the evaluation's own
 *   scores ('chamfer', 'hungarian', 'emd', 'emdRel', 'latentKnn').
 * - `symmetries`, when present, is the model's symmetry table (which of permutations,
 *   (eta, phi) translations and rotations, and Lorentz transformations it respects); the report
 *   and `compare` show it.
 * - `dispose()` frees the model's variables.
 */
export interface JetAutoencoder {
  /** The registered model name, e.g. 'lgae'. */
  readonly kind: string;
  /** The architecture as JSON (what `create` needs to rebuild it). */
  config(): JsonObject;
  /** Every parameter with its stable name. */
  namedParameters(): readonly NamedParameter[];
  /** Reconstructs jets: p [B, N, 4], mask [B, N] -> [B, N', 4]. */
  reconstruct(p: Tensor, mask: Tensor): Tensor;
  /** Latent four-vectors [B, K, 4] (optional). */
  latentFourVectors?(p: Tensor, mask: Tensor): Tensor;
  /** The model's own per-jet training loss: p [B, N, 4], mask [B, N] -> [B] (optional). */
  trainingLoss?(p: Tensor, mask: Tensor): Tensor;
  /** The model's own per-jet anomaly scores by name, B values each (optional). */
  anomalyScores?(p: Tensor, mask: Tensor): Readonly<Record<string, Float64Array>>;
  /** Which symmetries the model respects (optional). */
  readonly symmetries?: ModelSymmetries;
  /** Frees the variables. */
  dispose(): void;
}

/**
 * Checks that `model` has the members of a {@link JetAutoencoder} and distinct parameter names.
 * @throws {@link ConfigError} naming `fn`, `arg` and the missing or wrong member.
 */
export function checkAutoencoder(model: unknown, fn: string, arg: string): JetAutoencoder {
  const m = model as Partial<JetAutoencoder> | null;
  if (m === null || typeof m !== 'object') throw new ConfigError(invalid(fn, arg, 'a jet autoencoder object', model));
  if (typeof m.kind !== 'string' || m.kind.length === 0) throw new ConfigError(invalid(fn, `${arg}.kind`, 'a non-empty string', m.kind));
  for (const method of ['config', 'namedParameters', 'reconstruct', 'dispose'] as const) {
    if (typeof m[method] !== 'function') throw new ConfigError(invalid(fn, `${arg}.${method}`, 'a method', m[method]));
  }
  for (const method of ['latentFourVectors', 'trainingLoss', 'anomalyScores'] as const) {
    if (m[method] !== undefined && typeof m[method] !== 'function') throw new ConfigError(invalid(fn, `${arg}.${method}`, 'a method or absent', m[method]));
  }
  if (m.symmetries !== undefined) symmetryTable(m.symmetries);
  return m as JetAutoencoder;
}

/**
 * The model's parameters by name, checked: each a live Variable, names distinct, variable names
 * distinct.
 * @throws {@link ConfigError} for a repeated name or a non-variable.
 */
export function parameterMap(model: JetAutoencoder, fn: string): Map<string, Variable> {
  const out = new Map<string, Variable>();
  const variableNames = new Set<string>();
  for (const { name, variable } of model.namedParameters()) {
    if (!(variable instanceof Variable)) throw new ConfigError(invalid(fn, `model.namedParameters()[${JSON.stringify(name)}]`, 'a Variable', variable));
    variable.assertAlive(fn, `model parameter ${name}`);
    if (out.has(name)) throw new ConfigError(invalid(fn, 'model.namedParameters()', 'free of repeated names', name));
    if (variable.trainable && variableNames.has(variable.name)) {
      throw new ConfigError(invalid(fn, 'model.namedParameters()', 'trainable variables of distinct names (they key the optimizer state)', variable.name));
    }
    variableNames.add(variable.name);
    out.set(name, variable);
  }
  return out;
}

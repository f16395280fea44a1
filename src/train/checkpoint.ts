/**
 * Training checkpoints: everything needed to continue a run exactly where it stopped (weights,
 * optimizer moments and step counts, the generator state that orders the batches, epoch and batch
 * counters, the running loss sums, the best epoch and the history), saved as a tensor bundle
 * `checkpoint.json` + `checkpoint.<hash>.bin`.
 *
 * @packageDocumentation
 */
import { DataError, invalid } from '../errors';
import type { EnergyUnit } from '../jets/units';
import type { OptimizerState, VariableState } from '../optim/state';
import type { Variable } from '../tensor/tensor';
import type { RandomState } from '../util/random';
import { bundleExists, readBundle, writeBundle, type BundleArray } from './bundle';
import { isJsonObject, type JsonObject, type JsonValue } from './json';
import type { ModelContext } from './registry';
import { parameterArrays } from './weights';
import type { TrainLoss } from './model';
import type { InputDropout } from './input-dropout';

/** The base name of checkpoint files. */
export const CHECKPOINT_BASE = 'checkpoint';
/** The format tag of checkpoint files. */
export const CHECKPOINT_FORMAT = 'lorentz-irreps-checkpoint';

/**
 * The hyperparameters that must not change when a run is resumed. `seed` fixes the batch order
 * (and, in a run description, the model initialization, splits and jet azimuths).
 */
export interface TrainSettings {
  /** The particle loss, or 'model' for the model's own `trainingLoss`. */
  readonly loss: TrainLoss;
  readonly batchSize: number;
  readonly lr: number;
  readonly patience: number;
  readonly seed: number;
  readonly maskPadding: boolean;
  /** Denoising: particles removed from the training input at random (absent: none). */
  readonly inputDropout?: InputDropout;
}

/** What identifies the training data of a run. */
export interface DataFingerprint {
  readonly trainJets: number;
  readonly valJets: number;
  readonly numParticles: number;
  readonly units: EnergyUnit;
  /** SHA-256 of the train and validation four-momenta and masks. */
  readonly sha256: string;
}

/** Summary of one finished epoch. */
export interface EpochRecord {
  /** Epoch number, from 1. */
  readonly epoch: number;
  /** Mean per-jet training loss over the epoch (with the weights of each batch's step). */
  readonly trainLoss: number;
  /** Mean per-jet validation loss after the epoch. */
  readonly valLoss: number;
  /** Whether the validation loss was the best so far. */
  readonly best: boolean;
  /** Wall time of the epoch's training and validation, in seconds (of the last session, when resumed mid-epoch). */
  readonly seconds: number;
  /** Training jets per second over the epoch. */
  readonly jetsPerSecond: number;
  /** True when the time budget ended the epoch before all its batches (absent otherwise). */
  readonly partial?: true;
}

/** Where a run stands. */
export interface TrainState {
  /** Completed epochs. */
  readonly epochsDone: number;
  /** Completed batches of the epoch in progress. */
  readonly batchesDone: number;
  /** Optimizer steps so far. */
  readonly steps: number;
  /** The generator state the order of the epoch in progress is drawn from. */
  readonly epochRng: RandomState;
  /** Sum over the epoch's batches so far of (mean loss of the batch) x (its jets). */
  readonly epochLossSum: number;
  /** Jets trained on in the epoch so far. */
  readonly epochJets: number;
  /** Epoch of the best validation loss (0 before the first epoch ends). */
  readonly bestEpoch: number;
  /** The best validation loss (null before the first epoch ends). */
  readonly bestValLoss: number | null;
  /** Epochs since the best one. */
  readonly sinceBest: number;
  /** Whether early stopping has ended the run. */
  readonly earlyStopped: boolean;
  /** Seconds of training spent so far, summed over sessions (absent in older checkpoints: 0). */
  readonly secondsSpent?: number;
}

/** A checkpoint's content. */
export interface Checkpoint {
  readonly kind: string;
  readonly config: JsonObject;
  readonly context: ModelContext;
  readonly settings: TrainSettings;
  /** The number of epochs the run was asked for. */
  readonly epochs: number;
  readonly data: DataFingerprint;
  readonly state: TrainState;
  readonly history: readonly EpochRecord[];
  /** Optimizer state (slots as Float64Arrays), keyed by parameter name (as in `parameters`). */
  readonly optimizer: OptimizerState;
  /** Parameter values by parameter name. */
  readonly parameters: ReadonlyMap<string, BundleArray>;
}

const PARAM = 'param:';
const SLOT = 'slot:';

/** Writes `checkpoint` into `dir` atomically. */
export function writeCheckpoint(dir: string, c: Omit<Checkpoint, 'parameters'>, params: ReadonlyMap<string, Variable>): void {
  const arrays = parameterArrays(params, PARAM);
  const variables: Record<string, JsonValue> = {};
  for (const [name, vs] of Object.entries(c.optimizer.variables)) {
    variables[name] = { step: vs.step, complex: vs.complex };
    for (const [slot, values] of Object.entries(vs.slots)) arrays.set(`${SLOT}${slot}:${name}`, { shape: [values.length], re: values });
  }
  const header: JsonObject = {
    format: CHECKPOINT_FORMAT,
    version: 1,
    kind: c.kind,
    config: c.config,
    context: { ...c.context },
    settings: { ...c.settings },
    epochs: c.epochs,
    data: { ...c.data },
    state: { ...c.state, epochRng: { s: [...c.state.epochRng.s], spareNormal: c.state.epochRng.spareNormal } },
    history: c.history.map((r) => ({ ...r })),
    optimizer: { optimizer: c.optimizer.optimizer, iterations: c.optimizer.iterations, config: { ...c.optimizer.config }, variables },
  };
  writeBundle(dir, CHECKPOINT_BASE, header, arrays);
}

/** True when `dir` holds a checkpoint. *
 * @example
 * ```ts
 * import { hasCheckpoint } from 'lorentz-irreps';
 * import { tmpdir } from 'node:os';
 * console.assert(hasCheckpoint(tmpdir()) === false);
 * ```
 */
export function hasCheckpoint(dir: string): boolean {
  return bundleExists(dir, CHECKPOINT_BASE);
}

/**
 * Reads the checkpoint of `dir`.
 * @throws {@link DataError} naming the file for a missing, damaged or malformed checkpoint.
 *
 * @example
 * ```ts
 * import { hasCheckpoint, readCheckpoint, trainAutoencoder, variable, tensor, mul, type Tensor } from 'lorentz-irreps';
 * import { mkdtempSync, rmSync } from 'node:fs';
 * import { tmpdir } from 'node:os';
 * import { join } from 'node:path';
 * const s = variable(tensor([0.5]), { name: 'checkpoint-example.s' });
 * const model = { kind: 'scale', config: () => ({}), namedParameters: () => [{ name: 's', variable: s }],
 *   reconstruct: (p: Tensor) => mul(p, s), dispose: () => s.dispose() };
 * const jets = { numJets: 4, numParticles: 2, p: new Float64Array(32).fill(0.25), mask: new Float64Array(8).fill(1), units: 'TeV' as const };
 * const dir = mkdtempSync(join(tmpdir(), 'checkpoint-'));
 * await trainAutoencoder(model, { train: jets, val: jets }, { epochs: 2, batchSize: 2, dir });
 * const c = readCheckpoint(dir);
 * console.assert(hasCheckpoint(dir) && c.state.epochsDone === 2 && c.state.steps === 4 && c.history.length === 2);
 * model.dispose();
 * rmSync(dir, { recursive: true });
 * ```
 */
export function readCheckpoint(dir: string): Checkpoint {
  const fn = 'readCheckpoint';
  const { header: h, arrays } = readBundle(dir, CHECKPOINT_BASE);
  const source = `${dir}/${CHECKPOINT_BASE}.json`;
  const bad = (what: string) => new DataError(invalid(fn, 'path', `a checkpoint with ${what}`, source));
  if (h.format !== CHECKPOINT_FORMAT || h.version !== 1) throw bad(`format '${CHECKPOINT_FORMAT}' version 1`);
  const fields = ['config', 'context', 'settings', 'data', 'state', 'optimizer'] as const;
  for (const f of fields) if (!isJsonObject(h[f])) throw bad(`an object '${f}'`);
  if (typeof h.kind !== 'string' || !Number.isSafeInteger(h.epochs) || !Array.isArray(h.history)) throw bad('kind, epochs and history');
  const opt = h.optimizer as JsonObject;
  if (typeof opt.optimizer !== 'string' || !Number.isSafeInteger(opt.iterations) || !isJsonObject(opt.config) || !isJsonObject(opt.variables)) {
    throw bad('an optimizer state');
  }
  const parameters = new Map<string, BundleArray>();
  const slots = new Map<string, Record<string, Float64Array>>();
  for (const [key, a] of arrays) {
    if (key.startsWith(PARAM)) parameters.set(key.slice(PARAM.length), a);
    else if (key.startsWith(SLOT)) {
      const rest = key.slice(SLOT.length);
      const colon = rest.indexOf(':');
      const [slot, name] = [rest.slice(0, colon), rest.slice(colon + 1)];
      if (colon < 1) throw bad(`a valid slot array name (${key})`);
      if (!slots.has(name)) slots.set(name, {});
      slots.get(name)![slot] = a.re;
    } else throw bad(`only parameter and slot arrays (${key})`);
  }
  const variables: Record<string, VariableState> = {};
  for (const [name, raw] of Object.entries(opt.variables as JsonObject)) {
    const v = raw as JsonObject;
    if (!isJsonObject(v) || !Number.isSafeInteger(v.step) || typeof v.complex !== 'boolean') throw bad(`a valid optimizer entry for '${name}'`);
    variables[name] = { step: v.step as number, complex: v.complex, slots: slots.get(name) ?? {} };
  }
  return {
    kind: h.kind,
    config: h.config as JsonObject,
    context: h.context as unknown as ModelContext,
    settings: h.settings as unknown as TrainSettings,
    epochs: h.epochs as number,
    data: h.data as unknown as DataFingerprint,
    state: h.state as unknown as TrainState,
    history: h.history as unknown as EpochRecord[],
    optimizer: { optimizer: opt.optimizer, iterations: opt.iterations as number, config: opt.config as { [k: string]: number | boolean }, variables },
    parameters,
  };
}

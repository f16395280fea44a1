/**
 * What resuming a run needs besides reading the checkpoint: checks that the checkpoint belongs to
 * this model, settings and data; the optimizer state mapped between parameter and variable names;
 * and a portable generator state (internal).
 *
 * @packageDocumentation
 */
import { ConfigError, DataError, invalid } from '../errors';
import type { OptimizerState } from '../optim/state';
import type { Random, RandomState } from '../util/random';
import type { Checkpoint, DataFingerprint, TrainSettings } from './checkpoint';
import { jsonDifference } from './json';
import type { JetAutoencoder } from './model';

/**
 * Requires the checkpoint `c` of folder `dir` to come from a model of the same kind and config,
 * the same training settings and the same data.
 * @throws {@link ConfigError} naming what differs.
 */
export function checkResumable(c: Checkpoint, model: JetAutoencoder, settings: TrainSettings, fingerprint: DataFingerprint, dir: string): void {
  const fn = 'trainAutoencoder';
  const mismatch = (what: string, detail: string) =>
    new ConfigError(invalid(fn, 'options.resume', `resuming with the ${what} of the checkpoint in ${dir} (${detail})`, 'a different one'));
  if (c.kind !== model.kind) throw mismatch('model kind', `'${c.kind}'`);
  const dc = jsonDifference(c.config, model.config());
  if (dc !== null) throw mismatch('model config', `differs at '${dc}'`);
  const ds = jsonDifference(c.settings, settings);
  if (ds !== null) throw mismatch('training settings', `'${ds}' was ${JSON.stringify((c.settings as unknown as Record<string, unknown>)[ds])}`);
  const dd = jsonDifference(c.data, fingerprint);
  if (dd !== null) throw mismatch('training data', `'${dd}' differs`);
}

/**
 * The generator's state with its words as unsigned 32-bit integers: `Random.getState` may give
 * words as signed int32 (the xor steps of xoshiro128** make them so), which `Random.setState`
 * refuses; the two forms are the same bits, and every operation of the generator reads them as
 * 32-bit integers, so the unsigned form resumes the same stream.
 */
export function randomState(rng: Random): RandomState {
  const { s, spareNormal } = rng.getState();
  return { s: [s[0] >>> 0, s[1] >>> 0, s[2] >>> 0, s[3] >>> 0], spareNormal };
}

/**
 * The optimizer state with its per-variable entries renamed by `names` (checkpoints key them by
 * parameter name, which depends only on the model's config, while the optimizer keys them by
 * variable name, which may differ between two creations of the same model).
 * @throws {@link DataError} for an entry whose name `names` does not know.
 */
export function rekey(state: OptimizerState, names: ReadonlyMap<string, string>): OptimizerState {
  const variables: Record<string, OptimizerState['variables'][string]> = {};
  for (const [name, entry] of Object.entries(state.variables)) {
    const to = names.get(name);
    if (to === undefined) throw new DataError(invalid('trainAutoencoder', 'checkpoint', 'optimizer state for the parameters of the model only', name));
    variables[to] = entry;
  }
  return { ...state, variables };
}

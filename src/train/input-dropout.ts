/**
 * Input dropout for denoising training: particles removed at random from the jets the model sees,
 * while the loss compares its reconstruction with the whole jets.
 *
 * @packageDocumentation
 */
import { ConfigError, invalid } from '../errors';
import { Random } from '../util/random';

/**
 * Denoising: in every training batch each particle slot of a jet from slot `keep` on (JetNet orders
 * a jet's particles by decreasing pT, so the `keep` hardest stay) is removed from the model's input
 * with probability `probability`: its four-momentum set to zero and its mask to 0. The loss compares
 * the reconstruction of that input with the whole jet.
 */
export type InputDropout = {
  /** Probability of removing each slot from `keep` on: a number in (0, 1). */
  readonly probability: number;
  /** Leading slots never removed: an integer >= 0. */
  readonly keep: number;
};

/** Slots kept whatever the draw when `keep` is not given. */
export const DEFAULT_INPUT_DROPOUT_KEEP = 3;

/**
 * `v` as an {@link InputDropout} (`keep` defaulting to {@link DEFAULT_INPUT_DROPOUT_KEEP}).
 * @throws {@link ConfigError} naming `fn` and `arg` for anything else.
 * @internal
 */
export function checkInputDropout(v: unknown, fn: string, arg: string): InputDropout {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new ConfigError(invalid(fn, arg, 'an object { probability, keep }', v));
  const o = v as { probability?: unknown; keep?: unknown };
  for (const k of Object.keys(o)) if (k !== 'probability' && k !== 'keep') throw new ConfigError(invalid(fn, arg, 'an object with the keys probability and keep only', k));
  const p = o.probability;
  if (typeof p !== 'number' || !(p > 0 && p < 1)) throw new ConfigError(invalid(fn, `${arg}.probability`, 'a number in (0, 1)', p));
  const keep = o.keep ?? DEFAULT_INPUT_DROPOUT_KEEP;
  if (!Number.isSafeInteger(keep) || (keep as number) < 0) throw new ConfigError(invalid(fn, `${arg}.keep`, 'an integer >= 0', keep));
  return { probability: p, keep: keep as number };
}

/** A 32-bit mix of the run's seed, the epoch and the batch (both counted from 0). */
function batchSeed(seed: number, epoch: number, batch: number): number {
  let h = Math.imul(seed | 0, 0x9e3779b1) ^ Math.imul((seed / 4294967296) | 0, 0x85ebca77);
  for (const x of [epoch, batch]) {
    h = Math.imul(h ^ (x | 0), 0xc2b2ae3d);
    h ^= h >>> 15;
  }
  return h | 0;
}

/**
 * The input of one training batch under `dropout`: copies of `p` [b, N, 4] and `mask` [b, N] with
 * the removed slots emptied. The draws (one uniform per slot from `keep` on, jet by jet, slot by
 * slot) come from a generator seeded by the run's `seed`, the `epoch` and the `batch`, so a resumed
 * run repeats them and they do not depend on how the batch is split among threads.
 * @internal
 */
export function dropInputParticles(
  p: Float64Array,
  mask: Float64Array,
  b: number,
  N: number,
  dropout: InputDropout,
  seed: number,
  epoch: number,
  batch: number,
): { p: Float64Array; mask: Float64Array } {
  const rng = new Random(batchSeed(seed, epoch, batch));
  const outP = Float64Array.from(p);
  const outMask = Float64Array.from(mask);
  for (let j = 0; j < b; j++) {
    for (let i = dropout.keep; i < N; i++) {
      if (rng.uniform() < dropout.probability) {
        outMask[j * N + i] = 0;
        outP.fill(0, (j * N + i) * 4, (j * N + i + 1) * 4);
      }
    }
  }
  return { p: outP, mask: outMask };
}

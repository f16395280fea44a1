/**
 * Seeded train/validation/test split of jet indices.
 *
 * @packageDocumentation
 */
import { ConfigError, invalid } from '../errors';
import { Random } from '../util/random';

/** Options of {@link splitIndices}. */
export interface SplitOptions {
  /** Seed of the {@link Random} whose permutation shuffles the jets before the split. Required. */
  readonly seed: number;
  /** Fractions of train, validation and test; non-negative, summing to 1 (default [0.6, 0.2, 0.2]). */
  readonly fractions?: readonly [number, number, number];
}

/** The three disjoint index sets of {@link splitIndices}; together they hold every index once. */
export interface Split {
  readonly train: Int32Array;
  readonly val: Int32Array;
  readonly test: Int32Array;
}

/**
 * Shuffles 0..n-1 with `new Random(seed).permutation(n)` and cuts it into train, validation and
 * test parts of sizes floor(f_train n), floor(f_val n) and the rest. Shuffling first matters: in
 * the JetNet files both jets of an event sit next to each other, so an unshuffled cut would put
 * correlated jets on both sides.
 *
 * @param n - number of jets (non-negative integer).
 * @param options - seed (required) and fractions.
 * @returns the three index sets, each in shuffled order.
 * @throws {@link ConfigError} for a bad n, seed or fractions.
 *
 * @example
 * ```ts
 * import { splitIndices } from 'lorentz-irreps';
 * const { train, val, test } = splitIndices(10, { seed: 1 });
 * console.assert(train.length === 6 && val.length === 2 && test.length === 2);
 * const all = [...train, ...val, ...test].sort((a, b) => a - b);
 * console.assert(all.join() === '0,1,2,3,4,5,6,7,8,9');
 * ```
 */
export function splitIndices(n: number, options: SplitOptions): Split {
  if (!Number.isInteger(n) || n < 0) throw new ConfigError(invalid('splitIndices', 'n', 'a non-negative integer', n));
  if (options === null || typeof options !== 'object' || !Number.isInteger(options.seed)) {
    throw new ConfigError(invalid('splitIndices', 'options.seed', 'an integer', options?.seed));
  }
  const f = options.fractions ?? [0.6, 0.2, 0.2];
  if (!Array.isArray(f) || f.length !== 3 || !f.every((x) => Number.isFinite(x) && x >= 0) || Math.abs(f[0] + f[1] + f[2] - 1) > 1e-9) {
    throw new ConfigError(invalid('splitIndices', 'options.fractions', 'three non-negative numbers summing to 1', f));
  }
  const perm = new Random(options.seed).permutation(n);
  const nTrain = Math.floor(f[0] * n + 1e-9);
  const nVal = Math.min(Math.floor(f[1] * n + 1e-9), n - nTrain);
  return {
    train: perm.slice(0, nTrain),
    val: perm.slice(nTrain, nTrain + nVal),
    test: perm.slice(nTrain + nVal),
  };
}

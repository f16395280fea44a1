/**
 * Streaming of jet batches from a {@link JetDataset}.
 *
 * @packageDocumentation
 */
import { ConfigError, IndexError, invalid } from '../errors';
import { Random } from '../util/random';
import { checkJetDataset, gatherJets, type JetDataset } from './dataset';

/** One batch of B jets of P slots. */
export interface JetBatch {
  /** B*P*4 four-momenta (E, px, py, pz), in the dataset's units. */
  readonly p: Float64Array;
  /** B*P mask values. */
  readonly mask: Float64Array;
  /** B labels, when the dataset has labels. */
  readonly labels?: Int32Array;
  /** Number of jets B in this batch. */
  readonly size: number;
  /** Dataset indices of the B jets, in batch order. */
  readonly indices: Int32Array;
}

/** Options of {@link iterateBatches}. */
export interface BatchOptions {
  /** Jets per batch (positive integer). */
  readonly batchSize: number;
  /** Dataset indices to draw from, in order (default: all jets, 0..N-1), e.g. a split's `train`. */
  readonly indices?: ArrayLike<number>;
  /** Drop a last batch smaller than batchSize (default false). */
  readonly dropLast?: boolean;
  /** If given, visit `indices` in the order of `new Random(seed).permutation(indices.length)`. */
  readonly seed?: number;
}

/**
 * Yields batches of jets, copying each batch's rows out of the dataset (the dataset is never
 * modified). With `dropLast`, floor(M / B) batches are yielded for M indices; otherwise ceil(M / B).
 *
 * @param ds - the jets.
 * @param options - batch size, indices, dropLast, optional shuffling seed.
 * @throws {@link ShapeError} for a malformed dataset; {@link ConfigError} for a bad batch size or
 * seed; {@link IndexError} for an index out of range.
 *
 * @example
 * ```ts
 * import { iterateBatches } from 'lorentz-irreps';
 * const ds = { numJets: 5, numParticles: 1, p: new Float64Array(20), mask: new Float64Array(5).fill(1),
 *   labels: new Int32Array([0, 1, 0, 1, 0]), units: 'TeV' as const };
 * const sizes = [...iterateBatches(ds, { batchSize: 2 })].map((b) => b.size);
 * console.assert(sizes.join() === '2,2,1');
 * console.assert([...iterateBatches(ds, { batchSize: 2, dropLast: true })].length === 2);
 * ```
 */
export function* iterateBatches(ds: JetDataset, options: BatchOptions): Generator<JetBatch, void, undefined> {
  const fn = 'iterateBatches';
  checkJetDataset(ds, fn, 'ds');
  const B = options?.batchSize;
  if (!Number.isInteger(B) || B <= 0) throw new ConfigError(invalid(fn, 'options.batchSize', 'a positive integer', B));
  let order: Int32Array;
  if (options.indices === undefined) {
    order = new Int32Array(ds.numJets).map((_, i) => i);
  } else {
    order = new Int32Array(options.indices.length);
    for (let k = 0; k < order.length; k++) {
      const j = options.indices[k];
      if (!Number.isInteger(j) || j < 0 || j >= ds.numJets) {
        throw new IndexError(invalid(fn, `options.indices[${k}]`, `an integer in [0, ${ds.numJets})`, j));
      }
      order[k] = j;
    }
  }
  if (options.seed !== undefined) {
    if (!Number.isInteger(options.seed)) throw new ConfigError(invalid(fn, 'options.seed', 'an integer', options.seed));
    const perm = new Random(options.seed).permutation(order.length);
    order = perm.map((k) => order[k]);
  }
  const M = order.length;
  const last = options.dropLast ? M - (M % B) : M;
  for (let start = 0; start < last; start += B) {
    const indices = order.slice(start, Math.min(start + B, M));
    yield { ...gatherJets(ds, indices), size: indices.length, indices };
  }
}

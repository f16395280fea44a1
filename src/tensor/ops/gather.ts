/**
 * Indexing along one axis: `gather` picks slices by index, `scatterAdd` (its adjoint) adds slices
 * into positions. Indices are host integer arrays (they are data layout, not differentiable).
 *
 * @packageDocumentation
 */
import { IndexError, ShapeError, invalid } from '../../errors';
import { Gather, ScatterAdd } from '../kernel-names';
import { normalizeAxis } from '../shape';
import type { Tensor } from '../tensor';
import { checkTensor, run1 } from './validate';

/** Integer indices: a plain array or an Int32Array (copied and validated once per call). */
export type Indices = readonly number[] | Int32Array;

function checkIndices(indices: unknown, bound: number, fn: string): Int32Array {
  if (!(indices instanceof Int32Array) && !Array.isArray(indices)) {
    throw new IndexError(invalid(fn, 'indices', 'an array or Int32Array of integers', indices));
  }
  const list = indices as ArrayLike<number>;
  const out = new Int32Array(list.length);
  for (let i = 0; i < list.length; i++) {
    const v = list[i];
    if (!Number.isInteger(v) || v < 0 || v >= bound) {
      throw new IndexError(invalid(fn, 'indices', `integers in [0, ${bound}) (entry ${i} is ${v})`, indices));
    }
    out[i] = v;
  }
  return out;
}

/**
 * Picks slices of `x` along `axis`: out[..., i, ...] = x[..., indices[i], ...]. The output has
 * extent `indices.length` on `axis`. Gradient: scatter-add of dy into the picked positions.
 * @throws {@link IndexError} for an out-of-range axis or index.
 *
 * @example
 * ```ts
 * import { gather, tensor } from 'lorentz-irreps';
 * const x = tensor([[1, 2], [3, 4], [5, 6]]);
 * console.assert(JSON.stringify(gather(x, [2, 0, 2]).array()) === '[[5,6],[1,2],[5,6]]');
 * console.assert(JSON.stringify(gather(x, [1], 1).array()) === '[[2],[4],[6]]');
 * ```
 */
export function gather(x: Tensor, indices: Indices, axis = 0): Tensor {
  checkTensor(x, 'gather', 'x');
  if (x.rank === 0) throw new ShapeError(invalid('gather', 'x', 'of rank >= 1', x.shape));
  const a = normalizeAxis(axis, x.rank, 'gather');
  return run1(Gather, { x }, { indices: checkIndices(indices, x.shape[a], 'gather'), axis: a });
}

/**
 * Adds slices of `updates` into a zero tensor whose extent on `axis` is `size`:
 * out[..., indices[i], ...] += updates[..., i, ...] (repeated indices accumulate). The adjoint of
 * {@link gather}; `indices.length` must equal `updates.shape[axis]`. Gradient: gather of dy.
 * @throws {@link IndexError} for an out-of-range axis or index; {@link ShapeError} if the number
 *   of indices differs from `updates.shape[axis]` or `size` is not a non-negative integer.
 *
 * @example
 * ```ts
 * import { scatterAdd, tensor } from 'lorentz-irreps';
 * const y = scatterAdd(tensor([1, 2, 3]), [0, 2, 0], 0, 3);
 * console.assert(JSON.stringify(y.array()) === '[4,0,2]');
 * ```
 */
export function scatterAdd(updates: Tensor, indices: Indices, axis: number, size: number): Tensor {
  checkTensor(updates, 'scatterAdd', 'updates');
  if (updates.rank === 0) throw new ShapeError(invalid('scatterAdd', 'updates', 'of rank >= 1', updates.shape));
  const a = normalizeAxis(axis, updates.rank, 'scatterAdd');
  if (!Number.isInteger(size) || size < 0) throw new ShapeError(invalid('scatterAdd', 'size', 'a non-negative integer', size));
  const idx = checkIndices(indices, size, 'scatterAdd');
  if (idx.length !== updates.shape[a]) {
    throw new ShapeError(invalid('scatterAdd', 'indices', `of length ${updates.shape[a]} (updates.shape[axis])`, indices));
  }
  return run1(ScatterAdd, { updates }, { indices: idx, axis: a, size });
}

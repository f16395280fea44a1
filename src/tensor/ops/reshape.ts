/**
 * Shape-only and data-movement ops: reshape, expandDims, squeeze, broadcastTo, transpose,
 * clone, cast.
 *
 * @packageDocumentation
 */
import { DTypeError, IndexError, ShapeError, invalid } from '../../errors';
import { ENGINE } from '../engine';
import { BroadcastTo, Cast, Identity, Reshape, Transpose } from '../kernel-names';
import { broadcastShapes, normalizeAxes, normalizeAxis, shapesEqual, sizeFromShape } from '../shape';
import type { Tensor } from '../tensor';
import type { DType } from '../types';
import { checkTensor, run1 } from './validate';

/**
 * The same values with a new shape (row-major order; the data is shared, not copied). One extent
 * may be -1 and is then inferred.
 * @throws {@link ShapeError} if `shape` is not a list of integers >= -1 with at most one -1, or its
 *   size differs from `x.size`.
 *
 * @example
 * ```ts
 * import { reshape, tensor } from 'lorentz-irreps';
 * console.assert(reshape(tensor([1, 2, 3, 4, 5, 6]), [3, -1]).shape.join() === '3,2');
 * ```
 */
export function reshape(x: Tensor, shape: readonly number[]): Tensor {
  checkTensor(x, 'reshape', 'x');
  if (!Array.isArray(shape) || !shape.every((d) => Number.isInteger(d) && d >= -1) || shape.filter((d) => d === -1).length > 1) {
    throw new ShapeError(invalid('reshape', 'shape', 'a list of non-negative integers with at most one -1', shape));
  }
  const out = shape.slice();
  const inferAt = out.indexOf(-1);
  if (inferAt >= 0) {
    const rest = out.reduce((p, d, i) => (i === inferAt ? p : p * d), 1);
    if (rest === 0 || x.size % rest !== 0) {
      throw new ShapeError(invalid('reshape', 'shape', `compatible with ${x.size} elements`, shape));
    }
    out[inferAt] = x.size / rest;
  }
  if (sizeFromShape(out) !== x.size) {
    throw new ShapeError(invalid('reshape', 'shape', `of size ${x.size} (the size of \`x\`)`, shape));
  }
  if (shapesEqual(out, x.shape)) return run1(Identity, { x });
  return run1(Reshape, { x }, { shape: out });
}

/**
 * Inserts a unit axis at `axis` (in [-rank-1, rank]); shares data.
 * @throws {@link IndexError} for an out-of-range axis.
 *
 * @example
 * ```ts
 * import { expandDims, tensor } from 'lorentz-irreps';
 * console.assert(expandDims(tensor([1, 2]), -1).shape.join() === '2,1');
 * ```
 */
export function expandDims(x: Tensor, axis = 0): Tensor {
  checkTensor(x, 'expandDims', 'x');
  const a = normalizeAxis(axis, x.rank + 1, 'expandDims');
  const shape = x.shape.slice();
  shape.splice(a, 0, 1);
  return run1(Reshape, { x }, { shape });
}

/**
 * Removes unit axes: the listed ones, or all of them when `axis` is omitted; shares data.
 * @throws {@link IndexError} for an out-of-range axis; {@link ShapeError} if a listed axis is not 1.
 *
 * @example
 * ```ts
 * import { squeeze, zeros } from 'lorentz-irreps';
 * console.assert(squeeze(zeros([1, 3, 1])).shape.join() === '3');
 * ```
 */
export function squeeze(x: Tensor, axis?: number | readonly number[]): Tensor {
  checkTensor(x, 'squeeze', 'x');
  let axes: number[];
  if (axis === undefined) {
    axes = [];
    x.shape.forEach((n, d) => n === 1 && axes.push(d));
  } else {
    axes = normalizeAxes(axis, x.rank, 'squeeze');
    for (const a of axes) {
      if (x.shape[a] !== 1) throw new ShapeError(invalid('squeeze', 'axis', 'a list of axes of extent 1', axis));
    }
  }
  return run1(Reshape, { x }, { shape: x.shape.filter((_, d) => !axes.includes(d)) });
}

/**
 * Broadcasts `x` to `shape` (NumPy rules), copying.
 * @throws {@link ShapeError} if `x` does not broadcast to exactly `shape`.
 *
 * @example
 * ```ts
 * import { broadcastTo, tensor } from 'lorentz-irreps';
 * console.assert(JSON.stringify(broadcastTo(tensor([1, 2]), [2, 2]).array()) === '[[1,2],[1,2]]');
 * ```
 */
export function broadcastTo(x: Tensor, shape: readonly number[]): Tensor {
  checkTensor(x, 'broadcastTo', 'x');
  if (!Array.isArray(shape) || !shape.every((d) => Number.isInteger(d) && d >= 0)) {
    throw new ShapeError(invalid('broadcastTo', 'shape', 'a list of non-negative integers', shape));
  }
  const target = shape.slice();
  if (x.rank > target.length || !shapesEqual(broadcastShapes(x.shape, target, 'broadcastTo', 'shape'), target)) {
    throw new ShapeError(invalid('broadcastTo', 'shape', `a shape [${x.shape.join(',')}] broadcasts to`, shape));
  }
  if (shapesEqual(target, x.shape)) return run1(Identity, { x });
  return run1(BroadcastTo, { x }, { shape: target });
}

/**
 * Permutes axes: output axis i is input axis perm[i] (default: reversed axes). Copies.
 * @throws {@link IndexError} if `perm` is not a permutation of 0..rank-1.
 *
 * @example
 * ```ts
 * import { transpose, tensor } from 'lorentz-irreps';
 * const t = transpose(tensor([[1, 2, 3], [4, 5, 6]]));
 * console.assert(JSON.stringify(t.array()) === '[[1,4],[2,5],[3,6]]');
 * ```
 */
export function transpose(x: Tensor, perm?: readonly number[]): Tensor {
  checkTensor(x, 'transpose', 'x');
  const p = perm === undefined ? x.shape.map((_, i) => x.rank - 1 - i) : perm;
  const ok = Array.isArray(p) && p.length === x.rank && [...p].sort((a, b) => a - b).every((v, i) => v === i);
  if (!ok) throw new IndexError(invalid('transpose', 'perm', `a permutation of 0..${x.rank - 1}`, perm));
  if (p.every((v, i) => v === i)) return run1(Identity, { x });
  return run1(Transpose, { x }, { perm: p.slice() });
}

/**
 * A new tensor with the same values (data shared; autodiff flows through).
 * @throws {@link DTypeError} | {@link MemoryError} | {@link BackendError} for a bad `x`.
 *
 * @example
 * ```ts
 * import { clone, tensor } from 'lorentz-irreps';
 * const a = tensor([1]);
 * const b = clone(a);
 * a.dispose();
 * console.assert(b.dataSync()[0] === 1);
 * ```
 */
export function clone(x: Tensor): Tensor {
  return run1(Identity, { x: checkTensor(x, 'clone', 'x') });
}

/**
 * Converts to `dtype` (float64 <-> float32), keeping complexity. Same dtype: a clone.
 * @throws {@link DTypeError} for an unknown dtype or one the backend cannot store.
 *
 * @example
 * ```ts
 * import { cast, tensor } from 'lorentz-irreps';
 * console.assert(cast(tensor([0.1]), 'float32').dataSync()[0] === Math.fround(0.1));
 * ```
 */
export function cast(x: Tensor, dtype: DType): Tensor {
  checkTensor(x, 'cast', 'x');
  if ((dtype !== 'float64' && dtype !== 'float32') || !ENGINE.backend.supportsDtype(dtype)) {
    throw new DTypeError(invalid('cast', 'dtype', `'float64' or 'float32', supported by backend '${ENGINE.backend.name}'`, dtype));
  }
  if (dtype === x.dtype) return run1(Identity, { x });
  return run1(Cast, { x }, { dtype });
}

/**
 * Shape arithmetic: sizes, row-major strides, broadcasting and axis normalization.
 * Validating helpers take the name of the public function and argument for their errors.
 *
 * @packageDocumentation
 */
import { IndexError, ShapeError, invalid } from '../errors';
import type { Shape } from './types';

/** Number of elements of a shape (1 for a scalar). */
export function sizeFromShape(shape: Shape): number {
  let size = 1;
  for (let i = 0; i < shape.length; i++) size *= shape[i];
  return size;
}

/** Row-major (C order) strides of a shape, in elements. */
export function stridesOf(shape: Shape): number[] {
  const strides = new Array<number>(shape.length);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = s;
    s *= shape[i];
  }
  return strides;
}

/** True when two shapes are equal extent by extent. */
export function shapesEqual(a: Shape, b: Shape): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Checks that `shape` is an array of non-negative integers and returns a fresh copy.
 * @throws {@link ShapeError} otherwise.
 */
export function checkShape(shape: unknown, fn: string, arg: string): number[] {
  if (!Array.isArray(shape) || !shape.every((d) => Number.isInteger(d) && d >= 0)) {
    throw new ShapeError(invalid(fn, arg, 'an array of non-negative integers', shape));
  }
  return shape.slice();
}

/**
 * The broadcast shape of two shapes (NumPy rules: align trailing axes; extents must be equal or 1).
 * @throws {@link ShapeError} naming `fn` and `arg` when the shapes are not broadcast-compatible.
 *
 * @example
 * ```ts
 * import { broadcastShapes } from 'lorentz-irreps';
 * console.assert(broadcastShapes([2, 1, 3], [4, 1], 'myOp').join() === '2,4,3');
 * ```
 */
export function broadcastShapes(a: Shape, b: Shape, fn: string, arg = 'b'): number[] {
  const rank = Math.max(a.length, b.length);
  const out = new Array<number>(rank);
  for (let i = 0; i < rank; i++) {
    const da = i < rank - a.length ? 1 : a[i - (rank - a.length)];
    const db = i < rank - b.length ? 1 : b[i - (rank - b.length)];
    if (da !== db && da !== 1 && db !== 1) {
      throw new ShapeError(
        invalid(fn, arg, `broadcast-compatible with shape [${a.join(',')}] (axis ${i}: ${da} vs ${db})`, b),
      );
    }
    out[i] = da === 1 ? db : da;
  }
  return out;
}

/**
 * Axes of `outShape` along which a tensor of shape `inShape` was broadcast (the axes a gradient
 * must be summed over), in ascending order, counted in `outShape`.
 */
export function broadcastAxes(inShape: Shape, outShape: Shape): number[] {
  const axes: number[] = [];
  const lead = outShape.length - inShape.length;
  for (let i = 0; i < outShape.length; i++) {
    if (i < lead) axes.push(i);
    else if (inShape[i - lead] === 1 && outShape[i] !== 1) axes.push(i);
  }
  return axes;
}

/**
 * Normalizes one axis (negative counts from the end) of a rank-`rank` tensor.
 * @throws {@link IndexError} when the axis is not an integer in [-rank, rank).
 */
export function normalizeAxis(axis: unknown, rank: number, fn: string, arg = 'axis'): number {
  if (!Number.isInteger(axis) || (axis as number) < -rank || (axis as number) >= rank) {
    throw new IndexError(invalid(fn, arg, `an integer in [${-rank}, ${rank})`, axis));
  }
  const a = axis as number;
  return a < 0 ? a + rank : a;
}

/**
 * Normalizes an axis list (or one axis, or `undefined` for all axes) to sorted unique axes.
 * @throws {@link IndexError} for an out-of-range or repeated axis.
 */
export function normalizeAxes(axes: unknown, rank: number, fn: string, arg = 'axis'): number[] {
  if (axes === undefined || axes === null) {
    const all = new Array<number>(rank);
    for (let i = 0; i < rank; i++) all[i] = i;
    return all;
  }
  const list = Array.isArray(axes) ? axes : [axes];
  const out = list.map((a) => normalizeAxis(a, rank, fn, arg));
  out.sort((x, y) => x - y);
  for (let i = 1; i < out.length; i++) {
    if (out[i] === out[i - 1]) throw new IndexError(invalid(fn, arg, 'a list of distinct axes', axes));
  }
  return out;
}

/** The shape left after reducing `axes` (sorted, unique) of `shape`, with or without kept unit axes. */
export function reducedShape(shape: Shape, axes: readonly number[], keepDims: boolean): number[] {
  const out: number[] = [];
  let j = 0;
  for (let i = 0; i < shape.length; i++) {
    if (j < axes.length && axes[j] === i) {
      j++;
      if (keepDims) out.push(1);
    } else {
      out.push(shape[i]);
    }
  }
  return out;
}

/**
 * Slicing, zero padding, concatenation and stacking.
 *
 * @packageDocumentation
 */
import { DTypeError, IndexError, ShapeError, invalid } from '../../errors';
import { Concat, Identity, Pad, Reshape, Slice } from '../kernel-names';
import { normalizeAxis, shapesEqual } from '../shape';
import type { Tensor } from '../tensor';
import { checkSameDtype, checkTensor, run1 } from './validate';

/**
 * The block of `x` starting at `begin` with extents `size` (per axis; a size of -1 means "to the
 * end"; missing trailing axes are taken whole). A negative begin counts from the end.
 * @throws {@link IndexError} if `begin`/`size` have more entries than `x` has axes or reach outside `x`.
 *
 * @example
 * ```ts
 * import { slice, tensor } from 'lorentz-irreps';
 * const x = tensor([[1, 2, 3], [4, 5, 6]]);
 * console.assert(JSON.stringify(slice(x, [0, 1], [2, 2]).array()) === '[[2,3],[5,6]]');
 * console.assert(JSON.stringify(slice(x, [1], [-1]).array()) === '[[4,5,6]]');
 * ```
 */
export function slice(x: Tensor, begin: readonly number[], size?: readonly number[]): Tensor {
  checkTensor(x, 'slice', 'x');
  if (!Array.isArray(begin) || begin.length > x.rank || !begin.every((b) => Number.isInteger(b))) {
    throw new IndexError(invalid('slice', 'begin', `a list of at most ${x.rank} integers`, begin));
  }
  if (size !== undefined && (!Array.isArray(size) || size.length > x.rank || !size.every((s) => Number.isInteger(s) && s >= -1))) {
    throw new IndexError(invalid('slice', 'size', `a list of at most ${x.rank} integers >= -1`, size));
  }
  const b: number[] = [];
  const s: number[] = [];
  for (let d = 0; d < x.rank; d++) {
    const n = x.shape[d];
    let bd = d < begin.length ? begin[d] : 0;
    if (bd < 0) bd += n;
    if (bd < 0 || bd > n) throw new IndexError(invalid('slice', 'begin', `within [${-n}, ${n}] on axis ${d}`, begin));
    let sd = size !== undefined && d < size.length ? size[d] : -1;
    if (sd === -1) sd = n - bd;
    if (bd + sd > n) throw new IndexError(invalid('slice', 'size', `reaching at most to extent ${n} on axis ${d}`, size));
    b.push(bd);
    s.push(sd);
  }
  if (shapesEqual(s, x.shape)) return run1(Identity, { x });
  return run1(Slice, { x }, { begin: b, size: s });
}

/**
 * Pads with zeros: `paddings[d] = [before, after]` per axis (all axes listed).
 * @throws {@link ShapeError} if `paddings` does not list one pair of non-negative integers per axis.
 *
 * @example
 * ```ts
 * import { pad, tensor } from 'lorentz-irreps';
 * console.assert(JSON.stringify(pad(tensor([1, 2]), [[1, 2]]).array()) === '[0,1,2,0,0]');
 * ```
 */
export function pad(x: Tensor, paddings: readonly (readonly [number, number])[]): Tensor {
  checkTensor(x, 'pad', 'x');
  const ok =
    Array.isArray(paddings) &&
    paddings.length === x.rank &&
    paddings.every((p) => Array.isArray(p) && p.length === 2 && p.every((v) => Number.isInteger(v) && v >= 0));
  if (!ok) throw new ShapeError(invalid('pad', 'paddings', `${x.rank} pairs [before, after] of non-negative integers`, paddings));
  if (paddings.every((p) => p[0] === 0 && p[1] === 0)) return run1(Identity, { x });
  return run1(Pad, { x }, { paddings: paddings.map((p) => [p[0], p[1]] as [number, number]) });
}

/**
 * Joins tensors along an existing `axis`; all other extents, the rank and the dtype must agree.
 * Real and complex parts may be mixed (the result is then complex).
 * @throws {@link ShapeError} for an empty list or mismatched shapes; {@link IndexError} for a bad
 *   axis; {@link DTypeError} for mixed dtypes.
 *
 * @example
 * ```ts
 * import { concat, tensor } from 'lorentz-irreps';
 * const y = concat([tensor([[1], [2]]), tensor([[3, 4], [5, 6]])], 1);
 * console.assert(JSON.stringify(y.array()) === '[[1,3,4],[2,5,6]]');
 * ```
 */
export function concat(xs: readonly Tensor[], axis = 0): Tensor {
  if (!Array.isArray(xs) || xs.length === 0) throw new ShapeError(invalid('concat', 'xs', 'a non-empty list of tensors', xs));
  const ts = xs.map((x, i) => checkTensor(x, 'concat', `xs[${i}]`));
  const first = ts[0];
  const a = normalizeAxis(axis, first.rank, 'concat');
  ts.forEach((t, i) => {
    checkSameDtype(first, t, 'concat', `xs[${i}]`);
    const same = t.rank === first.rank && t.shape.every((n, d) => d === a || n === first.shape[d]);
    if (!same) {
      throw new ShapeError(invalid('concat', `xs[${i}]`, `of shape [${first.shape.join(',')}] except on axis ${a}`, t.shape));
    }
  });
  if (ts.length === 1) return run1(Identity, { x: first });
  const inputs: Record<string, Tensor> = {};
  ts.forEach((t, i) => (inputs[`t${i}`] = t));
  return run1(Concat, inputs, { axis: a });
}

/**
 * Stacks equally shaped tensors along a new `axis` (in [-rank-1, rank]).
 * @throws {@link ShapeError} for an empty list or differing shapes; {@link IndexError} for a bad
 *   axis; {@link DTypeError} for mixed dtypes.
 *
 * @example
 * ```ts
 * import { stack, tensor } from 'lorentz-irreps';
 * const y = stack([tensor([1, 2]), tensor([3, 4])], 1);
 * console.assert(JSON.stringify(y.array()) === '[[1,3],[2,4]]');
 * ```
 */
export function stack(xs: readonly Tensor[], axis = 0): Tensor {
  if (!Array.isArray(xs) || xs.length === 0) throw new ShapeError(invalid('stack', 'xs', 'a non-empty list of tensors', xs));
  const ts = xs.map((x, i) => checkTensor(x, 'stack', `xs[${i}]`));
  const first = ts[0];
  const a = normalizeAxis(axis, first.rank + 1, 'stack');
  ts.forEach((t, i) => {
    if (!shapesEqual(t.shape, first.shape)) {
      throw new ShapeError(invalid('stack', `xs[${i}]`, `of shape [${first.shape.join(',')}]`, t.shape));
    }
    if (t.dtype !== first.dtype) throw new DTypeError(invalid('stack', `xs[${i}]`, `of dtype ${first.dtype}`, t.dtype));
  });
  const shape = first.shape.slice();
  shape.splice(a, 0, 1);
  const expanded = ts.map((t) => run1(Reshape, { x: t }, { shape }));
  try {
    return concat(expanded, a);
  } finally {
    for (const e of expanded) e.dispose();
  }
}

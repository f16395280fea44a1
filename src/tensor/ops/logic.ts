/**
 * Comparisons (0/1 masks, not differentiable) and `where` (elementwise selection).
 *
 * @packageDocumentation
 */
import { Compare, Where, type CompareAttrs } from '../kernel-names';
import { broadcastShapes } from '../shape';
import type { Tensor } from '../tensor';
import { checkNumber, checkReal, checkSameDtype, checkTensor, run1, runBinary, scalarLike, type TensorOrNumber } from './validate';

function compare(op: CompareAttrs['op'], fn: string, a: TensorOrNumber, b: TensorOrNumber): Tensor {
  if (typeof a !== 'number') checkReal(checkTensor(a, fn, 'a'), fn, 'a');
  if (typeof b !== 'number') checkReal(checkTensor(b, fn, 'b'), fn, 'b');
  return runBinary(Compare, fn, a, b, { op });
}

/**
 * 1 where a == b, else 0 (real, broadcasting; no gradient flows through a comparison).
 * @throws {@link DTypeError} for complex operands or differing dtypes; {@link ShapeError} if shapes
 *   do not broadcast.
 *
 * @example
 * ```ts
 * import { equal, tensor } from 'lorentz-irreps';
 * console.assert(JSON.stringify(equal(tensor([1, 2]), 2).array()) === '[0,1]');
 * ```
 */
export function equal(a: TensorOrNumber, b: TensorOrNumber): Tensor {
  return compare('eq', 'equal', a, b);
}

/**
 * 1 where a != b, else 0. @throws as {@link equal}.
 *
 * @example
 * ```ts
 * import { notEqual, tensor } from 'lorentz-irreps';
 * console.assert(JSON.stringify(notEqual(tensor([1, 2]), 2).array()) === '[1,0]');
 * ```
 */
export function notEqual(a: TensorOrNumber, b: TensorOrNumber): Tensor {
  return compare('ne', 'notEqual', a, b);
}

/**
 * 1 where a > b, else 0. @throws as {@link equal}.
 *
 * @example
 * ```ts
 * import { greater, tensor } from 'lorentz-irreps';
 * console.assert(JSON.stringify(greater(tensor([1, 3]), 2).array()) === '[0,1]');
 * ```
 */
export function greater(a: TensorOrNumber, b: TensorOrNumber): Tensor {
  return compare('gt', 'greater', a, b);
}

/**
 * 1 where a >= b, else 0. @throws as {@link equal}.
 *
 * @example
 * ```ts
 * import { greaterEqual, tensor } from 'lorentz-irreps';
 * console.assert(JSON.stringify(greaterEqual(tensor([1, 2]), 2).array()) === '[0,1]');
 * ```
 */
export function greaterEqual(a: TensorOrNumber, b: TensorOrNumber): Tensor {
  return compare('ge', 'greaterEqual', a, b);
}

/**
 * 1 where a < b, else 0. @throws as {@link equal}.
 *
 * @example
 * ```ts
 * import { less, tensor } from 'lorentz-irreps';
 * console.assert(JSON.stringify(less(tensor([1, 3]), 2).array()) === '[1,0]');
 * ```
 */
export function less(a: TensorOrNumber, b: TensorOrNumber): Tensor {
  return compare('lt', 'less', a, b);
}

/**
 * 1 where a <= b, else 0. @throws as {@link equal}.
 *
 * @example
 * ```ts
 * import { lessEqual, tensor } from 'lorentz-irreps';
 * console.assert(JSON.stringify(lessEqual(tensor([2, 3]), 2).array()) === '[1,0]');
 * ```
 */
export function lessEqual(a: TensorOrNumber, b: TensorOrNumber): Tensor {
  return compare('le', 'lessEqual', a, b);
}

/**
 * Elementwise selection: a where `condition` is nonzero, else b; all three broadcast. `a` or `b`
 * may be a number. Gradients flow to `a` and `b` (masked), never to `condition`. To mask by
 * multiplication instead, use `mul(x, mask)` with a 0/1 mask.
 * @throws {@link DTypeError} if `condition` is complex or dtypes differ; {@link ShapeError} if the
 *   shapes do not broadcast.
 *
 * @example
 * ```ts
 * import { where, greater, tensor } from 'lorentz-irreps';
 * const x = tensor([-1, 2, -3]);
 * console.assert(JSON.stringify(where(greater(x, 0), x, 0).array()) === '[0,2,0]');
 * ```
 */
export function where(condition: Tensor, a: TensorOrNumber, b: TensorOrNumber): Tensor {
  const c = checkTensor(condition, 'where', 'condition');
  checkReal(c, 'where', 'condition');
  const temps: Tensor[] = [];
  const ta = typeof a === 'number' ? null : checkTensor(a, 'where', 'a');
  const tb = typeof b === 'number' ? null : checkTensor(b, 'where', 'b');
  const like = ta ?? tb ?? c;
  if (ta !== null) checkSameDtype(c, ta, 'where', 'a');
  if (tb !== null) checkSameDtype(c, tb, 'where', 'b');
  try {
    const A = ta ?? temps[temps.push(scalarLike(checkNumber(a, 'where', 'a'), like)) - 1];
    const B = tb ?? temps[temps.push(scalarLike(checkNumber(b, 'where', 'b'), like)) - 1];
    broadcastShapes(broadcastShapes(c.shape, A.shape, 'where', 'a'), B.shape, 'where', 'b');
    return run1(Where, { condition: c, a: A, b: B });
  } finally {
    for (const t of temps) t.dispose();
  }
}

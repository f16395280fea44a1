/**
 * Reductions over axes: sum, mean (real or complex), max, min (real).
 *
 * @packageDocumentation
 */
import { Max, Min, Sum } from '../kernel-names';
import { normalizeAxes } from '../shape';
import type { Tensor } from '../tensor';
import { mul } from './arithmetic';
import { checkReal, checkTensor, run1 } from './validate';

function reduce(kernelName: string, fn: string, x: Tensor, axis: number | readonly number[] | undefined, keepDims: boolean): Tensor {
  checkTensor(x, fn, 'x');
  if (kernelName !== Sum) checkReal(x, fn, 'x');
  const axes = normalizeAxes(axis, x.rank, fn);
  return run1(kernelName, { x }, { axes, keepDims: keepDims === true });
}

/**
 * Sum over `axis` (one axis, a list, or all axes when omitted); reduced axes are dropped unless
 * `keepDims`. Real or complex.
 * @throws {@link IndexError} for an out-of-range or repeated axis; {@link DTypeError} |
 *   {@link MemoryError} | {@link BackendError} for a bad `x`.
 *
 * @example
 * ```ts
 * import { sum, tensor } from 'lorentz-irreps';
 * const x = tensor([[1, 2], [3, 4]]);
 * console.assert(sum(x).dataSync()[0] === 10);
 * console.assert(JSON.stringify(sum(x, 1, true).array()) === '[[3],[7]]');
 * ```
 */
export function sum(x: Tensor, axis?: number | readonly number[], keepDims = false): Tensor {
  return reduce(Sum, 'sum', x, axis, keepDims);
}

/**
 * Mean over `axis` (as {@link sum}, divided by the number of reduced elements). Real or complex.
 * @throws as {@link sum}.
 *
 * @example
 * ```ts
 * import { mean, tensor } from 'lorentz-irreps';
 * console.assert(mean(tensor([[1, 2], [3, 4]]), 0).dataSync()[1] === 3);
 * ```
 */
export function mean(x: Tensor, axis?: number | readonly number[], keepDims = false): Tensor {
  const s = reduce(Sum, 'mean', x, axis, keepDims);
  const axes = normalizeAxes(axis, x.rank, 'mean');
  let n = 1;
  for (const a of axes) n *= x.shape[a];
  const out = mul(s, 1 / n);
  s.dispose();
  return out;
}

/**
 * Maximum over `axis` (real only; NaN propagates; -Inf over an empty axis). Gradient: when
 * several elements tie for the maximum, the gradient is split equally among them (a valid
 * subgradient that does not depend on the order of the elements, so permutation symmetry of a
 * model is preserved).
 * @throws {@link DTypeError} if `x` is complex; otherwise as {@link sum}.
 *
 * @example
 * ```ts
 * import { max, tensor } from 'lorentz-irreps';
 * console.assert(JSON.stringify(max(tensor([[1, 5], [7, 2]]), 1).array()) === '[5,7]');
 * ```
 */
export function max(x: Tensor, axis?: number | readonly number[], keepDims = false): Tensor {
  return reduce(Max, 'max', x, axis, keepDims);
}

/**
 * Minimum over `axis` (real only; NaN propagates; +Inf over an empty axis). Ties share the
 * gradient equally, as for {@link max}.
 * @throws {@link DTypeError} if `x` is complex; otherwise as {@link sum}.
 *
 * @example
 * ```ts
 * import { min, tensor } from 'lorentz-irreps';
 * console.assert(JSON.stringify(min(tensor([[1, 5], [7, 2]]), 1).array()) === '[1,2]');
 * ```
 */
export function min(x: Tensor, axis?: number | readonly number[], keepDims = false): Tensor {
  return reduce(Min, 'min', x, axis, keepDims);
}

/**
 * Activations: relu, leakyRelu, sigmoid, softmax (real tensors).
 *
 * @packageDocumentation
 */
import { LeakyRelu, Relu, Sigmoid, Softmax } from '../kernel-names';
import { normalizeAxis } from '../shape';
import type { Tensor } from '../tensor';
import { checkNumber, checkReal, checkTensor, run1 } from './validate';

function real(x: Tensor, fn: string): Tensor {
  checkTensor(x, fn, 'x');
  checkReal(x, fn, 'x');
  return x;
}

/**
 * max(x, 0), elementwise. Gradient 1 for x > 0, else 0 (0 at x = 0).
 * @throws {@link DTypeError} if `x` is complex or not a tensor.
 *
 * @example
 * ```ts
 * import { relu, tensor } from 'lorentz-irreps';
 * console.assert(JSON.stringify(relu(tensor([-1, 2])).array()) === '[0,2]');
 * ```
 */
export function relu(x: Tensor): Tensor {
  return run1(Relu, { x: real(x, 'relu') });
}

/**
 * x for x > 0, alpha * x otherwise (default alpha 0.2, the TensorFlow.js default; models should pass theirs).
 * @throws {@link DTypeError} if `x` is complex or `alpha` is not a finite number.
 *
 * @example
 * ```ts
 * import { leakyRelu, tensor } from 'lorentz-irreps';
 * console.assert(JSON.stringify(leakyRelu(tensor([-1, 2]), 0.1).array()) === '[-0.1,2]');
 * ```
 */
export function leakyRelu(x: Tensor, alpha = 0.2): Tensor {
  return run1(LeakyRelu, { x: real(x, 'leakyRelu') }, { alpha: checkNumber(alpha, 'leakyRelu', 'alpha') });
}

/**
 * 1 / (1 + e^-x), elementwise (computed without overflow for large |x|).
 * @throws {@link DTypeError} if `x` is complex.
 *
 * @example
 * ```ts
 * import { sigmoid, tensor } from 'lorentz-irreps';
 * console.assert(sigmoid(tensor([0])).dataSync()[0] === 0.5);
 * ```
 */
export function sigmoid(x: Tensor): Tensor {
  return run1(Sigmoid, { x: real(x, 'sigmoid') });
}

/**
 * e^x / sum(e^x) along `axis` (default the last), computed with the maximum subtracted.
 * @throws {@link DTypeError} if `x` is complex; {@link IndexError} for a bad axis.
 *
 * @example
 * ```ts
 * import { softmax, tensor } from 'lorentz-irreps';
 * const p = softmax(tensor([[0, 0], [1000, 1000]])).dataSync();
 * console.assert(p.every((v) => v === 0.5));
 * ```
 */
export function softmax(x: Tensor, axis = -1): Tensor {
  real(x, 'softmax');
  return run1(Softmax, { x }, { axis: normalizeAxis(axis, x.rank, 'softmax') });
}

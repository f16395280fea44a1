/**
 * Elementwise unary math: neg, exp, log, sqrt, square, pow.
 *
 * @packageDocumentation
 */
import { Exp, Log, Neg, Pow, Sqrt, Square } from '../kernel-names';
import type { Tensor } from '../tensor';
import { checkNumber, checkReal, checkTensor, run1 } from './validate';

function realOnly(kernelName: string, fn: string, x: Tensor): Tensor {
  checkTensor(x, fn, 'x');
  checkReal(x, fn, 'x');
  return run1(kernelName, { x });
}

/**
 * -x, elementwise (real or complex).
 * @throws {@link DTypeError} if `x` is not a tensor; {@link MemoryError} if disposed;
 *   {@link BackendError} if on another backend.
 *
 * @example
 * ```ts
 * import { neg, tensor } from 'lorentz-irreps';
 * console.assert(neg(tensor([2])).dataSync()[0] === -2);
 * ```
 */
export function neg(x: Tensor): Tensor {
  return run1(Neg, { x: checkTensor(x, 'neg', 'x') });
}

/**
 * e^x, elementwise; for complex x = a + ib, e^a (cos b + i sin b).
 * @throws {@link DTypeError} | {@link MemoryError} | {@link BackendError} as {@link neg}.
 *
 * @example
 * ```ts
 * import { exp, tensor } from 'lorentz-irreps';
 * console.assert(exp(tensor([0])).dataSync()[0] === 1);
 * ```
 */
export function exp(x: Tensor): Tensor {
  return run1(Exp, { x: checkTensor(x, 'exp', 'x') });
}

/**
 * Natural logarithm, elementwise (real only; log 0 = -Inf, log of a negative = NaN).
 * @throws {@link DTypeError} if `x` is complex; {@link MemoryError} | {@link BackendError} as {@link neg}.
 *
 * @example
 * ```ts
 * import { log, tensor } from 'lorentz-irreps';
 * console.assert(log(tensor([1])).dataSync()[0] === 0);
 * ```
 */
export function log(x: Tensor): Tensor {
  return realOnly(Log, 'log', x);
}

/**
 * Square root, elementwise (real only; NaN for negatives).
 * @throws {@link DTypeError} if `x` is complex; {@link MemoryError} | {@link BackendError} as {@link neg}.
 *
 * @example
 * ```ts
 * import { sqrt, tensor } from 'lorentz-irreps';
 * console.assert(sqrt(tensor([9])).dataSync()[0] === 3);
 * ```
 */
export function sqrt(x: Tensor): Tensor {
  return realOnly(Sqrt, 'sqrt', x);
}

/**
 * x * x, elementwise (complex square for complex x, not |x|^2).
 * @throws {@link DTypeError} | {@link MemoryError} | {@link BackendError} as {@link neg}.
 *
 * @example
 * ```ts
 * import { square, tensor } from 'lorentz-irreps';
 * console.assert(square(tensor([-3])).dataSync()[0] === 9);
 * ```
 */
export function square(x: Tensor): Tensor {
  return run1(Square, { x: checkTensor(x, 'square', 'x') });
}

/**
 * x^p, elementwise, for a scalar exponent p (real only; Math.pow semantics, so negative x with
 * non-integer p gives NaN).
 * @throws {@link DTypeError} if `x` is complex or `exponent` is not a finite number.
 *
 * @example
 * ```ts
 * import { pow, tensor } from 'lorentz-irreps';
 * console.assert(pow(tensor([2]), 3).dataSync()[0] === 8);
 * ```
 */
export function pow(x: Tensor, exponent: number): Tensor {
  checkTensor(x, 'pow', 'x');
  checkReal(x, 'pow', 'x');
  return run1(Pow, { x }, { exponent: checkNumber(exponent, 'pow', 'exponent') });
}

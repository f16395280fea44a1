/**
 * Elementwise arithmetic with NumPy broadcasting, for real and complex tensors. A real operand
 * combined with a complex one is promoted to complex (zero imaginary part).
 *
 * @packageDocumentation
 */
import { Add, Div, Mul, Sub } from '../kernel-names';
import type { Tensor } from '../tensor';
import { runBinary, type TensorOrNumber } from './validate';

/**
 * a + b, elementwise with broadcasting. Either operand may be a number.
 *
 * Shapes: broadcast(a.shape, b.shape). Complex if either operand is complex.
 * @throws {@link ShapeError} if the shapes do not broadcast; {@link DTypeError} if the dtypes
 *   differ; {@link MemoryError} for a disposed tensor; {@link BackendError} for a tensor on
 *   another backend.
 *
 * @example
 * ```ts
 * import { add, tensor } from 'lorentz-irreps';
 * const y = add(tensor([[1], [2]]), tensor([10, 20, 30]));
 * console.assert(JSON.stringify(y.array()) === '[[11,21,31],[12,22,32]]');
 * ```
 */
export function add(a: TensorOrNumber, b: TensorOrNumber): Tensor {
  return runBinary(Add, 'add', a, b);
}

/**
 * a - b, elementwise with broadcasting. Either operand may be a number.
 * @throws {@link ShapeError} | {@link DTypeError} | {@link MemoryError} | {@link BackendError} as {@link add}.
 *
 * @example
 * ```ts
 * import { sub, tensor } from 'lorentz-irreps';
 * console.assert(JSON.stringify(sub(tensor([5, 7]), 2).array()) === '[3,5]');
 * ```
 */
export function sub(a: TensorOrNumber, b: TensorOrNumber): Tensor {
  return runBinary(Sub, 'sub', a, b);
}

/**
 * a * b, elementwise with broadcasting; complex multiplication when either is complex.
 * @throws {@link ShapeError} | {@link DTypeError} | {@link MemoryError} | {@link BackendError} as {@link add}.
 *
 * @example
 * ```ts
 * import { mul, complexTensor } from 'lorentz-irreps';
 * // (1 + 2i)(3 - i) = 5 + 5i
 * const y = mul(complexTensor([1], [2]), complexTensor([3], [-1]));
 * const { re, im } = y.reImSync();
 * console.assert(re[0] === 5 && im[0] === 5);
 * ```
 */
export function mul(a: TensorOrNumber, b: TensorOrNumber): Tensor {
  return runBinary(Mul, 'mul', a, b);
}

/**
 * a / b, elementwise with broadcasting; complex division when either is complex. Division by
 * zero follows IEEE arithmetic (Inf/NaN; caught by checkNumerics when it is on).
 * @throws {@link ShapeError} | {@link DTypeError} | {@link MemoryError} | {@link BackendError} as {@link add}.
 *
 * @example
 * ```ts
 * import { div, tensor } from 'lorentz-irreps';
 * console.assert(JSON.stringify(div(tensor([1, 3]), tensor([2, 4])).array()) === '[0.5,0.75]');
 * ```
 */
export function div(a: TensorOrNumber, b: TensorOrNumber): Tensor {
  return runBinary(Div, 'div', a, b);
}

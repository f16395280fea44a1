/**
 * Complex parts: conjugate, real and imaginary parts, modulus, and building a complex tensor
 * from two real ones.
 *
 * @packageDocumentation
 */
import { ShapeError, invalid } from '../../errors';
import { Abs, Complex, Conj, Imag, Real } from '../kernel-names';
import { shapesEqual } from '../shape';
import type { Tensor } from '../tensor';
import { checkReal, checkSameDtype, checkTensor, run1 } from './validate';

/**
 * Complex conjugate, elementwise (a copy for a real tensor).
 * @throws {@link DTypeError} if `x` is not a tensor; {@link MemoryError} if disposed; {@link BackendError}
 *   if on another backend.
 *
 * @example
 * ```ts
 * import { conj, complexTensor } from 'lorentz-irreps';
 * console.assert(conj(complexTensor([1], [2])).reImSync().im[0] === -2);
 * ```
 */
export function conj(x: Tensor): Tensor {
  return run1(Conj, { x: checkTensor(x, 'conj', 'x') });
}

/**
 * Real part of a complex tensor (a copy for a real tensor). Output is real.
 * @throws {@link DTypeError} | {@link MemoryError} | {@link BackendError} as {@link conj}.
 *
 * @example
 * ```ts
 * import { real, complexTensor } from 'lorentz-irreps';
 * console.assert(real(complexTensor([1, 3], [2, 4])).dataSync()[1] === 3);
 * ```
 */
export function real(x: Tensor): Tensor {
  return run1(Real, { x: checkTensor(x, 'real', 'x') });
}

/**
 * Imaginary part of a complex tensor (zeros for a real tensor). Output is real.
 * @throws {@link DTypeError} | {@link MemoryError} | {@link BackendError} as {@link conj}.
 *
 * @example
 * ```ts
 * import { imag, complexTensor } from 'lorentz-irreps';
 * console.assert(imag(complexTensor([1, 3], [2, 4])).dataSync()[1] === 4);
 * ```
 */
export function imag(x: Tensor): Tensor {
  return run1(Imag, { x: checkTensor(x, 'imag', 'x') });
}

/**
 * The complex tensor re + i im from two real tensors of one shape and dtype.
 * @throws {@link DTypeError} if either is complex or dtypes differ; {@link ShapeError} if shapes differ.
 *
 * @example
 * ```ts
 * import { complex, tensor } from 'lorentz-irreps';
 * const z = complex(tensor([1, 2]), tensor([3, 4]));
 * console.assert(z.complex && z.reImSync().im[0] === 3);
 * ```
 */
export function complex(re: Tensor, im: Tensor): Tensor {
  checkTensor(re, 'complex', 're');
  checkTensor(im, 'complex', 'im');
  checkReal(re, 'complex', 're');
  checkReal(im, 'complex', 'im');
  checkSameDtype(re, im, 'complex', 'im');
  if (!shapesEqual(re.shape, im.shape)) {
    throw new ShapeError(invalid('complex', 'im', `of the shape of \`re\` [${re.shape.join(',')}]`, im.shape));
  }
  return run1(Complex, { re, im });
}

/**
 * Elementwise modulus |x| (real output; sqrt(re^2 + im^2) for complex input, without overflow).
 * Gradient: g * x / |x|, taken as 0 where x = 0.
 * @throws {@link DTypeError} | {@link MemoryError} | {@link BackendError} as {@link conj}.
 *
 * @example
 * ```ts
 * import { abs, complexTensor } from 'lorentz-irreps';
 * console.assert(abs(complexTensor([3], [4])).dataSync()[0] === 5);
 * ```
 */
export function abs(x: Tensor): Tensor {
  return run1(Abs, { x: checkTensor(x, 'abs', 'x') });
}


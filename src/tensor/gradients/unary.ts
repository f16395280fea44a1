/**
 * VJPs of the elementwise unary kernels and activations. Holomorphic maps f get
 * g_x = dy * conj(f'(x)); conj, abs, real, imag and complex follow from the convention
 * g = dL/d(re) + i dL/d(im).
 *
 * @packageDocumentation
 */
import * as K from '../kernel-names';
import type { GradConfig } from '../kernel-registry';
import { tidy } from '../memory';
import { add, div, mul, sub } from '../ops/arithmetic';
import { complex, conj, imag, real } from '../ops/complex';
import { equal, greater, where } from '../ops/logic';
import { cast } from '../ops/reshape';
import { neg, pow } from '../ops/unary';
import { zeros, zerosLike } from '../creation';
import { conjIfComplex } from './conj-if-complex';
import { runKernel } from '../run-kernel';
import type { Tensor } from '../tensor';

/**
 * dy where x > 0, else alpha dy, in one kernel: the same numbers as mul(dy, greater(x, 0)) for
 * alpha = 0 and where(greater(x, 0), dy, mul(dy, alpha)) otherwise, without their intermediates.
 */
function leakyReluGrad(x: Tensor, dy: Tensor, alpha: number): Tensor {
  return runKernel(K.LeakyReluGrad, { x, dy }, { alpha })[0];
}

/** Gradients of the unary kernels. */
export const unaryGradients: GradConfig[] = [
  { kernelName: K.Neg, saveInputs: false, gradFunc: ([dy]) => ({ x: () => neg(dy) }) },
  { kernelName: K.Conj, saveInputs: false, gradFunc: ([dy]) => ({ x: () => (dy.complex ? conj(dy) : dy) }) },
  { kernelName: K.Identity, saveInputs: false, gradFunc: ([dy]) => ({ x: () => dy }) },
  {
    kernelName: K.Cast,
    saveInputs: false,
    gradFunc: ([dy], { inputMeta }) => ({ x: () => cast(dy, inputMeta.x.dtype) }),
  },
  {
    // |x|: g = dy * x / |x|, with 0 where x = 0 (the denominator is |x| + [|x| == 0]).
    kernelName: K.Abs,
    saveOutputs: true,
    gradFunc: ([dy], { inputs, outputs }) => ({
      x: () =>
        tidy(() => {
          const a = outputs[0];
          return mul(dy, div(inputs.x, add(a, equal(a, 0))));
        }),
    }),
  },
  {
    kernelName: K.Real,
    saveInputs: false,
    gradFunc: ([dy], { inputMeta }) => ({ x: () => (inputMeta.x.complex ? tidy(() => complex(dy, zerosLike(dy))) : dy) }),
  },
  {
    kernelName: K.Imag,
    saveInputs: false,
    gradFunc: ([dy], { inputMeta }) => ({
      x: () => (inputMeta.x.complex ? tidy(() => complex(zerosLike(dy), dy)) : zeros(dy.shape as number[], { dtype: dy.dtype })),
    }),
  },
  {
    kernelName: K.Complex,
    saveInputs: false,
    gradFunc: ([dy]) => ({ re: () => real(dy), im: () => imag(dy) }),
  },
  {
    kernelName: K.Exp,
    saveInputs: false,
    saveOutputs: true,
    gradFunc: ([dy], { outputs }) => ({ x: () => tidy(() => mul(dy, conjIfComplex(outputs[0]))) }),
  },
  { kernelName: K.Log, gradFunc: ([dy], { inputs }) => ({ x: () => div(dy, inputs.x) }) },
  {
    kernelName: K.Sqrt,
    saveInputs: false,
    saveOutputs: true,
    gradFunc: ([dy], { outputs }) => ({ x: () => tidy(() => div(dy, mul(outputs[0], 2))) }),
  },
  {
    kernelName: K.Square,
    gradFunc: ([dy], { inputs }) => ({ x: () => tidy(() => mul(dy, mul(conjIfComplex(inputs.x), 2))) }),
  },
  {
    kernelName: K.Pow,
    gradFunc: ([dy], { inputs, attrs }) => ({
      x: () => {
        const p = (attrs as unknown as K.PowAttrs).exponent;
        if (p === 0) return zerosLike(dy);
        if (p === 1) return dy;
        return tidy(() => mul(dy, mul(pow(inputs.x, p - 1), p)));
      },
    }),
  },
  {
    kernelName: K.Relu,
    gradFunc: ([dy], { inputs }) => ({ x: () => (dy.complex ? tidy(() => mul(dy, greater(inputs.x, 0))) : leakyReluGrad(inputs.x, dy, 0)) }),
  },
  {
    kernelName: K.LeakyRelu,
    gradFunc: ([dy], { inputs, attrs }) => {
      const alpha = (attrs as unknown as K.LeakyReluAttrs).alpha;
      return { x: () => (dy.complex ? tidy(() => where(greater(inputs.x, 0), dy, mul(dy, alpha))) : leakyReluGrad(inputs.x, dy, alpha)) };
    },
  },
  {
    kernelName: K.Sigmoid,
    saveInputs: false,
    saveOutputs: true,
    gradFunc: ([dy], { outputs }) => ({ x: () => tidy(() => mul(dy, mul(outputs[0], sub(1, outputs[0])))) }),
  },
];

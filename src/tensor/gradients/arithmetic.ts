/**
 * VJPs of Add, Sub, Mul, Div (complex convention: g_a = dy * conj(dy_out/da)).
 *
 * @packageDocumentation
 */
import { Add, Div, Mul, Sub } from '../kernel-names';
import type { GradConfig } from '../kernel-registry';
import { div, mul } from '../ops/arithmetic';
import { neg } from '../ops/unary';
import { tidy } from '../memory';
import { conjIfComplex } from './conj-if-complex';
import { unbroadcast } from './unbroadcast';

/** Gradients of the arithmetic kernels. */
export const arithmeticGradients: GradConfig[] = [
  {
    kernelName: Add,
    saveInputs: false,
    gradFunc: ([dy], { inputMeta }) => ({
      a: () => unbroadcast(dy, inputMeta.a.shape),
      b: () => unbroadcast(dy, inputMeta.b.shape),
    }),
  },
  {
    kernelName: Sub,
    saveInputs: false,
    gradFunc: ([dy], { inputMeta }) => ({
      a: () => unbroadcast(dy, inputMeta.a.shape),
      b: () => tidy(() => unbroadcast(neg(dy), inputMeta.b.shape)),
    }),
  },
  {
    kernelName: Mul,
    gradFunc: ([dy], { inputs, inputMeta }) => ({
      a: () => tidy(() => unbroadcast(mul(dy, conjIfComplex(inputs.b)), inputMeta.a.shape)),
      b: () => tidy(() => unbroadcast(mul(dy, conjIfComplex(inputs.a)), inputMeta.b.shape)),
    }),
  },
  {
    // y = a / b: g_a = dy / conj(b); g_b = dy * conj(-a / b^2) = -(dy / conj(b)) * conj(a / b).
    kernelName: Div,
    gradFunc: ([dy], { inputs, inputMeta }) => ({
      a: () => tidy(() => unbroadcast(div(dy, conjIfComplex(inputs.b)), inputMeta.a.shape)),
      b: () => tidy(() => unbroadcast(neg(mul(div(dy, conjIfComplex(inputs.b)), conjIfComplex(div(inputs.a, inputs.b)))), inputMeta.b.shape)),
    }),
  },
];

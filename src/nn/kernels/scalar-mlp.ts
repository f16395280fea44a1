/**
 * The perceptron of {@link ScalarMLP} on the (0,0) channels as one kernel: the concatenation of
 * real and imaginary parts, every layer's product, bias and activation, the split back into a
 * complex output and the mask, in one pass over the rows instead of a dozen tensor ops (and their
 * gradients) per layer.
 *
 * @packageDocumentation
 */
import { getBackend } from '../../tensor/environment';
import { getKernel } from '../../tensor/kernel-registry';
import { runKernel } from '../../tensor/run-kernel';
import type { Tensor } from '../../tensor/tensor';

/**
 * Kernel name. Inputs: s [R, C] (complex or real: the C scalar channels of R positions), w0, b0,
 * ..., w{L-1}, b{L-1} (real [F_l, F_{l+1}] and [F_{l+1}], F_0 = F_L = 2C), and optionally m [R]
 * (real mask). Attrs: {@link ScalarMLPAttrs}. Output: complex [R, C].
 */
export const ScalarMLPForward = 'ScalarMLP';
/** Kernel name of its gradient: inputs dy and the forward inputs; outputs [gs, gw0, gb0, gw1, gb1, ...]. */
export const ScalarMLPGrad = 'ScalarMLPGrad';

/** Activations the kernel implements. */
export type ScalarMLPActivation = 'leakyRelu' | 'relu' | 'sigmoid';

/** Attributes of the kernel. */
export interface ScalarMLPAttrs {
  /** Number of layers L (hidden layers + the output layer). */
  readonly layers: number;
  /** Activation after every layer but the last. */
  readonly activation: ScalarMLPActivation;
  /** Slope of 'leakyRelu' for negative arguments. */
  readonly alpha: number;
}

/**
 * Whether the kernel runs on the active backend.
 * @internal
 */
export function scalarMlpAvailable(): boolean {
  return getKernel(ScalarMLPForward, getBackend()) !== undefined;
}

/**
 * Runs the kernel (trusting: the caller checked the shapes): with z0 = [Re s_r, Im s_r],
 * z_{l+1} = act(z_l W_l + b_l) (no activation after the last layer), the output is
 * m_r (z_L[0..C) + i z_L[C..2C)).
 * @internal
 */
export function scalarMlpKernel(s: Tensor, layers: readonly { readonly w: Tensor; readonly b: Tensor }[], mask: Tensor | null, activation: ScalarMLPActivation, alpha: number): Tensor {
  const inputs: Record<string, Tensor> = { s };
  if (mask !== null) inputs.m = mask;
  layers.forEach(({ w, b }, l) => {
    inputs[`w${l}`] = w;
    inputs[`b${l}`] = b;
  });
  const attrs: ScalarMLPAttrs = { layers: layers.length, activation, alpha };
  return runKernel(ScalarMLPForward, inputs, attrs as unknown as Readonly<Record<string, unknown>>)[0];
}

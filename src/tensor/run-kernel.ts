/**
 * `runKernel`: the one entry point ops use to run a registered kernel. Exposed so that kernels
 * defined outside the engine folder get the same memory accounting, autodiff and checks.
 *
 * @packageDocumentation
 */
import { ENGINE } from './engine';
import type { Tensor } from './tensor';
import type { Attrs } from './types';

/**
 * Runs kernel `kernelName` on the active backend with named `inputs` and `attrs`, returning its
 * outputs as tensors (tracked by the enclosing `tidy`, recorded for autodiff, scanned by
 * checkNumerics). The op front function must validate inputs first and name its own function
 * and arguments in errors; `runKernel` itself only checks that inputs are alive and on the
 * active backend.
 * @throws {@link BackendError} if an input is on another backend or the kernel is not
 *   registered for the active backend; {@link MemoryError} if an input is disposed.
 *
 * @example
 * ```ts
 * import { runKernel, kernelNames, tensor } from 'lorentz-irreps';
 * const [y] = runKernel(kernelNames.Neg, { x: tensor([1, -2]) });
 * console.assert(y.dataSync()[1] === 2);
 * ```
 */
export function runKernel(kernelName: string, inputs: Readonly<Record<string, Tensor>>, attrs?: Attrs): Tensor[] {
  return ENGINE.runKernel(kernelName, inputs, attrs);
}

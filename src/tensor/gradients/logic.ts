/**
 * VJPs of Compare (none: masks are constants) and Where (dy routed to the selected operand).
 *
 * @packageDocumentation
 */
import * as K from '../kernel-names';
import type { GradConfig } from '../kernel-registry';
import { tidy } from '../memory';
import { where } from '../ops/logic';
import { unbroadcast } from './unbroadcast';

/** Gradients of the logical kernels. */
export const logicGradients: GradConfig[] = [
  { kernelName: K.Compare, saveInputs: false, gradFunc: () => ({}) },
  {
    kernelName: K.Where,
    gradFunc: ([dy], { inputs, inputMeta }) => ({
      a: () => tidy(() => unbroadcast(where(inputs.condition, dy, 0), inputMeta.a.shape)),
      b: () => tidy(() => unbroadcast(where(inputs.condition, 0, dy), inputMeta.b.shape)),
    }),
  },
];

/**
 * The VJPs of LMPCore and LMPCoreMix: one call of the gradient kernel gives the gradients of the
 * positions, the bell parameters and the features (and of the mixing weights); the mask and the
 * per-jet factors are constants.
 *
 * @packageDocumentation
 */
import type { GradConfig } from '../../tensor/kernel-registry';
import { runKernel } from '../../tensor/run-kernel';
import type { Tensor } from '../../tensor/tensor';
import { LMPCore, LMPCoreGrad, LMPCoreMix, LMPCoreMixGrad } from './lmp-core';

/**
 * The VJP of a core kernel whose gradient kernel `gradName` takes the gradients of the first two
 * outputs, the kept message sums (third output) and the forward inputs, and returns the gradients
 * of `names` in order: run once, when the first input asks.
 */
function coreGradient(kernelName: string, gradName: string, names: readonly string[]): GradConfig {
  return {
    kernelName,
    saveOutputs: true,
    // The third output, the message sums, is kept for this VJP only.
    stateOutputs: 1,
    gradFunc: ([gS, gV], { inputs, outputs }) => {
      let all: Tensor[] | null = null;
      const get = (k: number) => () => {
        all ??= runKernel(gradName, { gS, gV, y: outputs[2], ...inputs });
        return all[k];
      };
      return Object.fromEntries(names.map((name, k) => [name, get(k)]));
    },
  };
}

const CORE_INPUTS = ['p', 'a', 'beta', 'c', 'u', 's', 'v'];

/** Gradients of the fused LMP core and of the core fused with the mixing. */
export const lmpCoreGradients: GradConfig[] = [
  coreGradient(LMPCore, LMPCoreGrad, CORE_INPUTS),
  coreGradient(LMPCoreMix, LMPCoreMixGrad, [...CORE_INPUTS, 'wS', 'wV']),
];

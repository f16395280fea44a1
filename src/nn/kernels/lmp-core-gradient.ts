/**
 * The VJP of LMPCore: one call of its gradient kernel gives the gradients of the positions, the
 * bell parameters and the features; the mask and the per-jet factors are constants.
 *
 * @packageDocumentation
 */
import type { GradConfig } from '../../tensor/kernel-registry';
import { runKernel } from '../../tensor/run-kernel';
import type { Tensor } from '../../tensor/tensor';
import { LMPCore, LMPCoreGrad } from './lmp-core';

/** Gradient of the fused LMP core (the gradient kernel runs once, when the first input asks). */
export const lmpCoreGradients: GradConfig[] = [
  {
    kernelName: LMPCore,
    saveOutputs: true,
    gradFunc: ([gS, gV], { inputs, outputs }) => {
      let all: Tensor[] | null = null;
      const get = (k: number) => () => {
        all ??= runKernel(LMPCoreGrad, { gS, gV, y: outputs[2], ...inputs });
        return all[k];
      };
      return { p: get(0), a: get(1), beta: get(2), c: get(3), u: get(4), s: get(5), v: get(6) };
    },
  },
];

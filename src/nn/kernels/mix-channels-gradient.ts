/**
 * The VJP of MixChannels: one call of its gradient kernel gives the gradients of the weights and
 * of the features.
 *
 * @packageDocumentation
 */
import type { GradConfig } from '../../tensor/kernel-registry';
import { runKernel } from '../../tensor/run-kernel';
import type { Tensor } from '../../tensor/tensor';
import { MixChannels, MixChannelsGrad } from './mix-channels';

/** Gradient of the channel mixing (the gradient kernel runs once, when the first input asks). */
export const mixChannelsGradients: GradConfig[] = [
  {
    kernelName: MixChannels,
    gradFunc: ([dy], { inputs }) => {
      let all: Tensor[] | null = null;
      const get = (k: number) => () => {
        all ??= runKernel(MixChannelsGrad, { w: inputs.w, x: inputs.x, dy });
        return all[k];
      };
      return { w: get(0), x: get(1) };
    },
  },
];

/**
 * The VJP of LMPEdgeWeights: one call of its gradient kernel gives the gradients of p and of the
 * four bell parameters; m and s are constants.
 *
 * @packageDocumentation
 */
import type { GradConfig } from '../../tensor/kernel-registry';
import { runKernel } from '../../tensor/run-kernel';
import type { Tensor } from '../../tensor/tensor';
import { LMPEdgeWeights, LMPEdgeWeightsGrad } from './edge-weights';

/** Gradient of the edge-weights kernel (the gradient kernel runs once, when the first input asks). */
export const edgeWeightsGradients: GradConfig[] = [
  {
    kernelName: LMPEdgeWeights,
    gradFunc: ([dy], { inputs }) => {
      let all: Tensor[] | null = null;
      const get = (k: number) => () => {
        all ??= runKernel(LMPEdgeWeightsGrad, { dy, p: inputs.p, m: inputs.m, s: inputs.s, a: inputs.a, beta: inputs.beta, c: inputs.c, u: inputs.u });
        return all[k];
      };
      return { p: get(0), a: get(1), beta: get(2), c: get(3), u: get(4) };
    },
  },
];

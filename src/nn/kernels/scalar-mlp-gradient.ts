/**
 * The VJP of the fused ScalarMLP kernel: one call of its gradient kernel gives the gradients of
 * the scalars and of every weight and bias; the mask is a constant.
 *
 * @packageDocumentation
 */
import type { GradConfig } from '../../tensor/kernel-registry';
import { runKernel } from '../../tensor/run-kernel';
import type { Tensor } from '../../tensor/tensor';
import { type ScalarMLPAttrs, ScalarMLPForward, ScalarMLPGrad } from './scalar-mlp';

/** Gradient of the fused perceptron (the gradient kernel runs once, when the first input asks). */
export const scalarMlpGradients: GradConfig[] = [
  {
    kernelName: ScalarMLPForward,
    gradFunc: ([dy], { inputs, attrs }) => {
      let all: Tensor[] | null = null;
      const get = (k: number) => () => {
        all ??= runKernel(ScalarMLPGrad, { dy, ...inputs }, attrs);
        return all[k];
      };
      const out: Record<string, () => Tensor> = { s: get(0) };
      const layers = (attrs as unknown as ScalarMLPAttrs).layers;
      for (let l = 0; l < layers; l++) {
        out[`w${l}`] = get(1 + 2 * l);
        out[`b${l}`] = get(2 + 2 * l);
      }
      return out;
    },
  },
];

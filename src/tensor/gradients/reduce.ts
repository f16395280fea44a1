/**
 * VJPs of the reductions. Sum broadcasts dy back; Max and Min send dy to the extremal elements,
 * split equally among ties.
 *
 * @packageDocumentation
 */
import * as K from '../kernel-names';
import type { GradConfig, GradContext } from '../kernel-registry';
import { tidy } from '../memory';
import { div, mul } from '../ops/arithmetic';
import { equal } from '../ops/logic';
import { sum } from '../ops/reduce';
import { broadcastTo, reshape } from '../ops/reshape';
import { reducedShape } from '../shape';
import type { Tensor } from '../tensor';

function extremumGrad([dy]: readonly Tensor[], { inputs, outputs, attrs }: GradContext): Record<string, () => Tensor> {
  const { axes } = attrs as unknown as K.ReduceAttrs;
  return {
    x: () =>
      tidy(() => {
        const x = inputs.x;
        const keep = reducedShape(x.shape, axes, true);
        const mask = equal(x, reshape(outputs[0], keep));
        return mul(mask, div(reshape(dy, keep), sum(mask, axes, true)));
      }),
  };
}

/** Gradients of the reductions. */
export const reduceGradients: GradConfig[] = [
  {
    kernelName: K.Sum,
    saveInputs: false,
    gradFunc: ([dy], { inputMeta, attrs }) => ({
      x: () =>
        tidy(() => {
          const shape = inputMeta.x.shape;
          return broadcastTo(reshape(dy, reducedShape(shape, (attrs as unknown as K.ReduceAttrs).axes, true)), shape as number[]);
        }),
    }),
  },
  { kernelName: K.Max, saveOutputs: true, gradFunc: extremumGrad },
  { kernelName: K.Min, saveOutputs: true, gradFunc: extremumGrad },
];

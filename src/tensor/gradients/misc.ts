/**
 * VJPs of Softmax (g = y * (dy - sum(dy * y))), Gather (scatter-add) and ScatterAdd (gather).
 *
 * @packageDocumentation
 */
import * as K from '../kernel-names';
import type { GradConfig } from '../kernel-registry';
import { tidy } from '../memory';
import { mul, sub } from '../ops/arithmetic';
import { gather, scatterAdd } from '../ops/gather';
import { sum } from '../ops/reduce';

/** Gradients of softmax, gather and scatter-add. */
export const miscGradients: GradConfig[] = [
  {
    kernelName: K.Softmax,
    saveInputs: false,
    saveOutputs: true,
    gradFunc: ([dy], { outputs, attrs }) => ({
      x: () =>
        tidy(() => {
          const y = outputs[0];
          return mul(y, sub(dy, sum(mul(dy, y), (attrs as unknown as K.AxisAttrs).axis, true)));
        }),
    }),
  },
  {
    kernelName: K.Gather,
    saveInputs: false,
    gradFunc: ([dy], { inputMeta, attrs }) => ({
      x: () => {
        const { indices, axis } = attrs as unknown as K.GatherAttrs;
        return scatterAdd(dy, indices, axis, inputMeta.x.shape[axis]);
      },
    }),
  },
  {
    kernelName: K.ScatterAdd,
    saveInputs: false,
    gradFunc: ([dy], { attrs }) => ({
      updates: () => {
        const { indices, axis } = attrs as unknown as K.ScatterAddAttrs;
        return gather(dy, indices, axis);
      },
    }),
  },
];

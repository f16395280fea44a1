/**
 * VJPs of the data-movement kernels: each is the adjoint movement (reshape back, sum over
 * broadcast axes, inverse permutation, pad <-> slice, split for concat).
 *
 * @packageDocumentation
 */
import * as K from '../kernel-names';
import type { GradConfig } from '../kernel-registry';
import { reshape, transpose } from '../ops/reshape';
import { pad, slice } from '../ops/slice';
import { unbroadcast } from './unbroadcast';

/** Gradients of the data-movement kernels. */
export const shapeGradients: GradConfig[] = [
  {
    kernelName: K.Reshape,
    saveInputs: false,
    gradFunc: ([dy], { inputMeta }) => ({ x: () => reshape(dy, inputMeta.x.shape) }),
  },
  {
    kernelName: K.BroadcastTo,
    saveInputs: false,
    gradFunc: ([dy], { inputMeta }) => ({ x: () => unbroadcast(dy, inputMeta.x.shape) }),
  },
  {
    kernelName: K.Transpose,
    saveInputs: false,
    gradFunc: ([dy], { attrs }) => ({
      x: () => {
        const perm = (attrs as unknown as K.TransposeAttrs).perm;
        const inverse = new Array<number>(perm.length);
        perm.forEach((p, i) => (inverse[p] = i));
        return transpose(dy, inverse);
      },
    }),
  },
  {
    kernelName: K.Slice,
    saveInputs: false,
    gradFunc: ([dy], { inputMeta, attrs }) => ({
      x: () => {
        const { begin, size } = attrs as unknown as K.SliceAttrs;
        return pad(dy, inputMeta.x.shape.map((n, d) => [begin[d], n - begin[d] - size[d]] as [number, number]));
      },
    }),
  },
  {
    kernelName: K.Pad,
    saveInputs: false,
    gradFunc: ([dy], { inputMeta, attrs }) => ({
      x: () => slice(dy, (attrs as unknown as K.PadAttrs).paddings.map((p) => p[0]), inputMeta.x.shape),
    }),
  },
  {
    kernelName: K.Concat,
    saveInputs: false,
    gradFunc: ([dy], { inputMeta, attrs }) => {
      const { axis } = attrs as unknown as K.AxisAttrs;
      const thunks: Record<string, () => ReturnType<typeof slice>> = {};
      let at = 0;
      for (let i = 0; `t${i}` in inputMeta; i++) {
        const shape = inputMeta[`t${i}`].shape;
        const begin = shape.map((_, d) => (d === axis ? at : 0));
        thunks[`t${i}`] = () => slice(dy, begin, shape);
        at += shape[axis];
      }
      return thunks;
    },
  },
];

/**
 * CPU forward kernel of Softmax along one axis (max-subtracted, so it never overflows).
 *
 * @packageDocumentation
 */
import * as K from '../../kernel-names';
import type { KernelConfig, KernelFunc } from '../../kernel-registry';
import { CpuBackend, cpuData } from '../backend-cpu';

const softmax: KernelFunc = ({ inputs, backend, attrs }) => {
  const { x } = inputs;
  const { axis } = attrs as unknown as K.AxisAttrs;
  const { info, data } = (backend as CpuBackend).output(x.shape, x.dtype, false, false);
  const src = cpuData(x).re;
  const out = data.re;
  const n = x.shape[axis];
  let outer = 1;
  for (let d = 0; d < axis; d++) outer *= x.shape[d];
  let inner = 1;
  for (let d = axis + 1; d < x.shape.length; d++) inner *= x.shape[d];
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const base = o * n * inner + i;
      let mx = -Infinity;
      for (let j = 0; j < n; j++) {
        const v = src[base + j * inner];
        if (v > mx || v !== v) mx = v;
      }
      let total = 0;
      for (let j = 0; j < n; j++) {
        const e = Math.exp(src[base + j * inner] - mx);
        out[base + j * inner] = e;
        total += e;
      }
      for (let j = 0; j < n; j++) out[base + j * inner] /= total;
    }
  }
  return info;
};

/** CPU kernel of softmax. */
export const softmaxKernels: KernelConfig[] = [{ kernelName: K.Softmax, backendName: 'cpu', kernelFunc: softmax }];

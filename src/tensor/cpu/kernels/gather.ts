/**
 * CPU forward kernels of Gather and ScatterAdd along one axis (block copies of the trailing
 * axes; indices are validated by the ops).
 *
 * @packageDocumentation
 */
import * as K from '../../kernel-names';
import type { KernelConfig, KernelFunc } from '../../kernel-registry';
import type { FloatArray, Shape } from '../../types';
import { CpuBackend, cpuData } from '../backend-cpu';

function outerInner(shape: Shape, axis: number): [number, number] {
  let outer = 1;
  for (let d = 0; d < axis; d++) outer *= shape[d];
  let inner = 1;
  for (let d = axis + 1; d < shape.length; d++) inner *= shape[d];
  return [outer, inner];
}

function gatherPlane(src: FloatArray, dst: FloatArray, idx: Int32Array, outer: number, nIn: number, inner: number): void {
  const nOut = idx.length;
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < nOut; i++) {
      const s = (o * nIn + idx[i]) * inner;
      const d = (o * nOut + i) * inner;
      for (let j = 0; j < inner; j++) dst[d + j] = src[s + j];
    }
  }
}

function scatterPlane(src: FloatArray, dst: FloatArray, idx: Int32Array, outer: number, nOut: number, inner: number): void {
  const nIn = idx.length;
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < nIn; i++) {
      const s = (o * nIn + i) * inner;
      const d = (o * nOut + idx[i]) * inner;
      for (let j = 0; j < inner; j++) dst[d + j] += src[s + j];
    }
  }
}

const gather: KernelFunc = ({ inputs, backend, attrs }) => {
  const { x } = inputs;
  const { indices, axis } = attrs as unknown as K.GatherAttrs;
  const shape = x.shape.slice();
  shape[axis] = indices.length;
  const { info, data } = (backend as CpuBackend).output(shape, x.dtype, x.complex, false);
  const [outer, inner] = outerInner(x.shape, axis);
  const d = cpuData(x);
  gatherPlane(d.re, data.re, indices, outer, x.shape[axis], inner);
  if (d.im !== null) gatherPlane(d.im, data.im!, indices, outer, x.shape[axis], inner);
  return info;
};

const scatterAdd: KernelFunc = ({ inputs, backend, attrs }) => {
  const { updates } = inputs;
  const { indices, axis, size } = attrs as unknown as K.ScatterAddAttrs;
  const shape = updates.shape.slice();
  shape[axis] = size;
  const { info, data } = (backend as CpuBackend).output(shape, updates.dtype, updates.complex);
  const [outer, inner] = outerInner(updates.shape, axis);
  const d = cpuData(updates);
  scatterPlane(d.re, data.re, indices, outer, size, inner);
  if (d.im !== null) scatterPlane(d.im, data.im!, indices, outer, size, inner);
  return info;
};

/** CPU kernels of gather and scatter-add. */
export const gatherKernels: KernelConfig[] = [
  { kernelName: K.Gather, backendName: 'cpu', kernelFunc: gather },
  { kernelName: K.ScatterAdd, backendName: 'cpu', kernelFunc: scatterAdd },
];

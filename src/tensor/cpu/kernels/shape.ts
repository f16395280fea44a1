/**
 * CPU forward kernels that move data without arithmetic: Reshape (aliasing), BroadcastTo,
 * Transpose, Slice, Pad, Concat.
 *
 * @packageDocumentation
 */
import * as K from '../../kernel-names';
import type { KernelConfig, KernelFunc } from '../../kernel-registry';
import { stridesOf } from '../../shape';
import type { TensorInfo } from '../../types';
import { CpuBackend, cpuData, type CpuData } from '../backend-cpu';
import { broadcastStrides } from '../broadcast';
import { copyStrided } from '../strided';

/** Copies both planes of `src` (a real src leaves the imaginary plane of dst at zero). */
function copyPlanes(
  src: CpuData,
  srcStrides: readonly number[],
  srcOff: number,
  dst: CpuData,
  dstStrides: readonly number[],
  dstOff: number,
  shape: readonly number[],
  accumulate = false,
): void {
  copyStrided(src.re, srcStrides, srcOff, dst.re, dstStrides, dstOff, shape, accumulate);
  if (src.im !== null && dst.im !== null) copyStrided(src.im, srcStrides, srcOff, dst.im, dstStrides, dstOff, shape, accumulate);
}

const reshape: KernelFunc = ({ inputs, attrs }) => {
  const { x } = inputs;
  return { dataId: x.dataId, shape: (attrs as unknown as K.ShapeAttrs).shape, dtype: x.dtype, complex: x.complex };
};

const broadcastTo: KernelFunc = ({ inputs, backend, attrs }) => {
  const { x } = inputs;
  const shape = (attrs as unknown as K.ShapeAttrs).shape;
  const { info, data } = (backend as CpuBackend).output(shape, x.dtype, x.complex, false);
  copyPlanes(cpuData(x), broadcastStrides(x.shape, shape), 0, data, stridesOf(shape), 0, shape);
  return info;
};

const transpose: KernelFunc = ({ inputs, backend, attrs }) => {
  const { x } = inputs;
  const perm = (attrs as unknown as K.TransposeAttrs).perm;
  const xs = stridesOf(x.shape);
  const shape = perm.map((p) => x.shape[p]);
  const { info, data } = (backend as CpuBackend).output(shape, x.dtype, x.complex, false);
  copyPlanes(cpuData(x), perm.map((p) => xs[p]), 0, data, stridesOf(shape), 0, shape);
  return info;
};

const slice: KernelFunc = ({ inputs, backend, attrs }) => {
  const { x } = inputs;
  const { begin, size } = attrs as unknown as K.SliceAttrs;
  const xs = stridesOf(x.shape);
  let off = 0;
  for (let d = 0; d < begin.length; d++) off += begin[d] * xs[d];
  const { info, data } = (backend as CpuBackend).output(size, x.dtype, x.complex, false);
  copyPlanes(cpuData(x), xs, off, data, stridesOf(size), 0, size);
  return info;
};

const pad: KernelFunc = ({ inputs, backend, attrs }) => {
  const { x } = inputs;
  const { paddings } = attrs as unknown as K.PadAttrs;
  const shape = x.shape.map((n, d) => n + paddings[d][0] + paddings[d][1]);
  const os = stridesOf(shape);
  let off = 0;
  for (let d = 0; d < shape.length; d++) off += paddings[d][0] * os[d];
  const { info, data } = (backend as CpuBackend).output(shape, x.dtype, x.complex);
  copyPlanes(cpuData(x), stridesOf(x.shape), 0, data, os, off, x.shape);
  return info;
};

const concat: KernelFunc = ({ inputs, backend, attrs }) => {
  const { axis } = attrs as unknown as K.AxisAttrs;
  const parts: TensorInfo[] = [];
  for (let i = 0; `t${i}` in inputs; i++) parts.push(inputs[`t${i}`]);
  const shape = parts[0].shape.slice();
  shape[axis] = parts.reduce((s, p) => s + p.shape[axis], 0);
  const complex = parts.some((p) => p.complex);
  // A real part leaves its imaginary block unwritten: zero-fill only then.
  const { info, data } = (backend as CpuBackend).output(shape, parts[0].dtype, complex, complex && parts.some((p) => !p.complex));
  const os = stridesOf(shape);
  let at = 0;
  for (const p of parts) {
    copyPlanes(cpuData(p), stridesOf(p.shape), 0, data, os, at * os[axis], p.shape);
    at += p.shape[axis];
  }
  return info;
};

const cpu = (kernelName: string, kernelFunc: KernelFunc): KernelConfig => ({ kernelName, backendName: 'cpu', kernelFunc });

/** CPU kernels of the data-movement operations. */
export const shapeKernels: KernelConfig[] = [
  cpu(K.Reshape, reshape),
  cpu(K.BroadcastTo, broadcastTo),
  cpu(K.Transpose, transpose),
  cpu(K.Slice, slice),
  cpu(K.Pad, pad),
  cpu(K.Concat, concat),
];

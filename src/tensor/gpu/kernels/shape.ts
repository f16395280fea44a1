/**
 * gpu.js kernels that move data: Reshape (shares the buffer), and Transpose, BroadcastTo and
 * Slice, which are one strided gather: output element i reads x[offset + sum_d c_d s_d] for the
 * multi-index c of i and per-kernel input strides s.
 *
 * @packageDocumentation
 */
import { kernelNames as K } from 'lorentz-irreps';
import type { KernelConfig, KernelFunc, Shape, TensorInfo } from 'lorentz-irreps';
import { broadcastStrides, planStrides } from '../../cpu/broadcast';
import { stridesOf } from '../../shape';
import { GPU_BACKEND_NAME, GpuJsBackend, type Plane } from '../backend-gpu';
import { affine, decompose, kernelSource, lit } from '../codegen';

/** Source of the kernel with out[i] = x[offset + sum_d c_d(i) strides[d]] over `shape`. */
export function gatherSource(shape: Shape, strides: readonly number[], offset: number): string {
  const idx = decompose('i', planStrides(shape, [strides]), '');
  const at = affine([idx.offsets[0]], [1], lit(offset));
  // A named index: gpu.js emits a GLSL type error for an index that is a literal expression.
  return kernelSource(['x'], ['const i = this.thread.x;', ...idx.lines, `const at = ${at};`, 'return x[at];']);
}

/** Runs the strided gather on every plane of `x`. */
function gather(gpu: GpuJsBackend, x: TensorInfo, shape: Shape, strides: readonly number[], offset: number): TensorInfo {
  const plan = planStrides(shape, [strides]);
  const size = shape.reduce((p, n) => p * n, 1);
  const key = `gather|${JSON.stringify(plan)}|${offset}`;
  const part = (p: 're' | 'im'): Plane => gpu.run(key, () => gatherSource(shape, strides, offset), size, [gpu.plane(x, p)]);
  return gpu.outputOf({ shape, dtype: x.dtype, complex: x.complex }, () => part('re'), x.complex ? () => part('im') : null);
}

const reshape: KernelFunc = ({ inputs, attrs }) => {
  const { x } = inputs;
  return { dataId: x.dataId, shape: (attrs as unknown as K.ShapeAttrs).shape, dtype: x.dtype, complex: x.complex };
};

const transpose: KernelFunc = ({ inputs, backend, attrs }) => {
  const { x } = inputs;
  const perm = (attrs as unknown as K.TransposeAttrs).perm;
  const xs = stridesOf(x.shape);
  return gather(backend as GpuJsBackend, x, perm.map((p) => x.shape[p]), perm.map((p) => xs[p]), 0);
};

const broadcastTo: KernelFunc = ({ inputs, backend, attrs }) => {
  const { x } = inputs;
  const shape = (attrs as unknown as K.ShapeAttrs).shape;
  return gather(backend as GpuJsBackend, x, shape, broadcastStrides(x.shape, shape), 0);
};

const slice: KernelFunc = ({ inputs, backend, attrs }) => {
  const { x } = inputs;
  const { begin, size } = attrs as unknown as K.SliceAttrs;
  const xs = stridesOf(x.shape);
  const offset = begin.reduce((o, b, d) => o + b * xs[d], 0);
  return gather(backend as GpuJsBackend, x, size, xs, offset);
};

const gpujs = (kernelName: string, kernelFunc: KernelFunc): KernelConfig => ({ kernelName, backendName: GPU_BACKEND_NAME, kernelFunc });

/** gpu.js kernels of the data-movement operations. */
export const shapeKernels: KernelConfig[] = [
  gpujs(K.Reshape, reshape),
  gpujs(K.Transpose, transpose),
  gpujs(K.BroadcastTo, broadcastTo),
  gpujs(K.Slice, slice),
];

/**
 * CPU forward kernels of Conv2D, Conv2DTranspose and Conv2DBackpropFilter (NCHW, real): im2col /
 * col2im around one float64 matrix product per image through the hot kernels (WebAssembly SIMD
 * where available). float32 tensors are computed in float64 and rounded once at the end.
 *
 * @packageDocumentation
 */
import {
  Conv2D,
  Conv2DBackpropFilter,
  Conv2DTranspose,
  type Conv2DBackpropFilterAttrs,
  type Conv2DGeometry,
  type Conv2DTransposeAttrs,
} from '../../kernel-names-extra';
import type { KernelConfig, KernelFunc } from '../../kernel-registry';
import type { FloatArray, TensorInfo } from '../../types';
import { CpuBackend, cpuData, type CpuData } from '../backend-cpu';
import { asF64, hotKernels, scratch } from './hot-kernels';
import { col2im, im2col, type ColGeometry } from './im2col';

function geometry(image: readonly number[], kernel: readonly [number, number], attrs: Conv2DGeometry, positions: readonly [number, number]): ColGeometry {
  const [C, H, W] = image;
  return {
    C, H, W,
    kH: kernel[0], kW: kernel[1],
    sH: attrs.stride[0], sW: attrs.stride[1],
    pH: attrs.padding[0], pW: attrs.padding[1],
    Ho: positions[0], Wo: positions[1],
  };
}

/** A float64 array to compute into: the output's own when it is float64, else zeroed scratch. */
function target(data: CpuData, size: number): Float64Array {
  return data.re instanceof Float64Array ? data.re : scratch('conv.out', size).fill(0);
}

function finish(data: CpuData, out: Float64Array): void {
  if (out !== data.re) data.re.set(out);
}

/** Adds bias[o] to every position of channel o of an [N, O, P] array. */
function addBias(out: Float64Array, bias: TensorInfo | undefined, N: number, O: number, P: number): void {
  if (bias === undefined) return;
  const b: FloatArray = cpuData(bias).re;
  for (let n = 0; n < N; n++) {
    for (let o = 0; o < O; o++) {
      const v = b[o];
      const base = (n * O + o) * P;
      for (let q = 0; q < P; q++) out[base + q] += v;
    }
  }
}

const conv2d: KernelFunc = ({ inputs, backend, attrs }) => {
  const { x, w, bias } = inputs;
  const a = attrs as unknown as Conv2DGeometry;
  const [N, C, H, W] = x.shape;
  const [O, , kH, kW] = w.shape;
  const Ho = Math.floor((H + 2 * a.padding[0] - kH) / a.stride[0]) + 1;
  const Wo = Math.floor((W + 2 * a.padding[1] - kW) / a.stride[1]) + 1;
  const P = Ho * Wo;
  const K = C * kH * kW;
  // Not zero-filled: each image's matrix product overwrites its slice.
  const { info, data } = (backend as CpuBackend).output([N, O, Ho, Wo], x.dtype, false, false);
  const out = target(data, N * O * P);
  const g = geometry([C, H, W], [kH, kW], a, [Ho, Wo]);
  const xs = cpuData(x).re;
  const ws = asF64(cpuData(w).re);
  const cols = scratch('conv.cols', K * P);
  const k = hotKernels();
  for (let n = 0; n < N; n++) {
    im2col(xs, n * C * H * W, g, cols);
    k.matmulReal(ws, cols, out.subarray(n * O * P, (n + 1) * O * P), { batch: 1, m: O, k: K, n: P });
  }
  addBias(out, bias, N, O, P);
  finish(data, out);
  return info;
};

const conv2dTranspose: KernelFunc = ({ inputs, backend, attrs }) => {
  const { x, w, bias } = inputs;
  const a = attrs as unknown as Conv2DTransposeAttrs;
  const [N, C, H, W] = x.shape;
  const [, O, kH, kW] = w.shape;
  const Ho = (H - 1) * a.stride[0] - 2 * a.padding[0] + kH + a.outputPadding[0];
  const Wo = (W - 1) * a.stride[1] - 2 * a.padding[1] + kW + a.outputPadding[1];
  const P = H * W;
  const K = O * kH * kW;
  const { info, data } = (backend as CpuBackend).output([N, O, Ho, Wo], x.dtype, false);
  const out = target(data, N * O * Ho * Wo);
  // The columns of the transposed product are the window positions of a conv2d over the output.
  const g = geometry([O, Ho, Wo], [kH, kW], a, [H, W]);
  const xs = asF64(cpuData(x).re);
  const ws = asF64(cpuData(w).re);
  const cols = scratch('conv.cols', K * P);
  const k = hotKernels();
  for (let n = 0; n < N; n++) {
    // cols [O kH kW, H W] = w^T [O kH kW, C] x[n] [C, H W]
    k.matmulReal(ws, xs.subarray(n * C * P, (n + 1) * C * P), cols, { batch: 1, m: K, k: C, n: P, transA: true });
    col2im(cols, g, out, n * O * Ho * Wo);
  }
  addBias(out, bias, N, O, Ho * Wo);
  finish(data, out);
  return info;
};

const conv2dBackpropFilter: KernelFunc = ({ inputs, backend, attrs }) => {
  const { x, dy } = inputs;
  const a = attrs as unknown as Conv2DBackpropFilterAttrs;
  const [N, C, H, W] = x.shape;
  const [, O, Ho, Wo] = dy.shape;
  const [kH, kW] = a.kernelSize;
  const P = Ho * Wo;
  const K = C * kH * kW;
  const { info, data } = (backend as CpuBackend).output([O, C, kH, kW], x.dtype, false);
  const out = target(data, O * K);
  const g = geometry([C, H, W], [kH, kW], a, [Ho, Wo]);
  const xs = cpuData(x).re;
  const gs = asF64(cpuData(dy).re);
  const cols = scratch('conv.cols', K * P);
  const part = scratch('conv.part', O * K);
  const k = hotKernels();
  for (let n = 0; n < N; n++) {
    im2col(xs, n * C * H * W, g, cols);
    // dw [O, C kH kW] += dy[n] [O, P] cols^T [P, C kH kW]
    k.matmulReal(gs.subarray(n * O * P, (n + 1) * O * P), cols, part, { batch: 1, m: O, k: P, n: K, transB: true });
    for (let q = 0; q < O * K; q++) out[q] += part[q];
  }
  finish(data, out);
  return info;
};

/** CPU kernels of the 2-D convolutions. */
export const convKernels: KernelConfig[] = [
  { kernelName: Conv2D, backendName: 'cpu', kernelFunc: conv2d },
  { kernelName: Conv2DTranspose, backendName: 'cpu', kernelFunc: conv2dTranspose },
  { kernelName: Conv2DBackpropFilter, backendName: 'cpu', kernelFunc: conv2dBackpropFilter },
];

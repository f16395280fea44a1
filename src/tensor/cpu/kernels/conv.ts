/**
 * CPU forward kernels of Conv2D, Conv2DTranspose and Conv2DBackpropFilter (NCHW, real): im2col /
 * col2im around one float64 matrix product per chunk of images through the hot kernels
 * (WebAssembly SIMD where available). float32 tensors are computed in float64 and rounded once at the end.
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
import { kernelArena, TRANS_A, TRANS_B, type Arena } from '../wasm/module';
import { asF64, hotKernels, hotKernelsAreWasm, scratch } from './hot-kernels';
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

/** Elements of the column matrix of one chunk of images (4 MiB of float64); at least one image per chunk. */
let chunkElements = 1 << 19;

/**
 * Sets the budget of the column matrix of one chunk of images, in elements (tests set it small to
 * run many chunks). Returns the previous value.
 * @internal
 */
export function setConvChunkElements(elements: number): number {
  const old = chunkElements;
  chunkElements = Math.max(1, Math.floor(elements));
  return old;
}

/** Images per chunk when one image's column matrix has `perImage` elements. */
function imagesPerChunk(perImage: number, N: number): number {
  return Math.max(1, Math.min(N, Math.floor(chunkElements / Math.max(1, perImage))));
}

/** t[c, g P + q] = a[offset + (g C + c) P + q] for g < G: G images [C, P] side by side as [C, G P]. */
function sideBySide(a: FloatArray, offset: number, G: number, C: number, P: number, t: Float64Array): void {
  const ld = G * P;
  for (let g = 0; g < G; g++) {
    for (let c = 0; c < C; c++) {
      const from = offset + (g * C + c) * P;
      const to = c * ld + g * P;
      for (let q = 0; q < P; q++) t[to + q] = a[from + q];
    }
  }
}

/**
 * The WebAssembly arena when the hot kernels are WebAssembly, else null. There the kernels below
 * lay out each chunk in the arena themselves and call dgemm on it: im2col writes the columns
 * straight into WebAssembly memory and col2im reads them from there, instead of copying the
 * column matrices in and out around each product.
 */
function wasmArena(): Arena | null {
  return hotKernelsAreWasm() ? kernelArena() : null;
}

/** A float64 view of `length` elements at byte offset `at` of the arena (valid until it grows). */
function view(arena: Arena, at: number, length: number): Float64Array {
  return arena.f64.subarray(at / 8, at / 8 + length);
}

// Each kernel goes through the batch in chunks of G images and makes one call of the matrix
// kernels per chunk (so the weight is copied to them once per chunk, not once per image): a batched
// product with the weight shared by the images, or for the weight gradient one product over the G
// images' window positions side by side (depth G P).

const conv2d: KernelFunc = ({ inputs, backend, attrs }) => {
  const { x, w, bias } = inputs;
  const a = attrs as unknown as Conv2DGeometry;
  const [N, C, H, W] = x.shape;
  const [O, , kH, kW] = w.shape;
  const Ho = Math.floor((H + 2 * a.padding[0] - kH) / a.stride[0]) + 1;
  const Wo = Math.floor((W + 2 * a.padding[1] - kW) / a.stride[1]) + 1;
  const P = Ho * Wo;
  const K = C * kH * kW;
  // Not zero-filled: each chunk's matrix product overwrites its slice.
  const { info, data } = (backend as CpuBackend).output([N, O, Ho, Wo], x.dtype, false, false);
  const out = target(data, N * O * P);
  const g = geometry([C, H, W], [kH, kW], a, [Ho, Wo]);
  const xs = cpuData(x).re;
  const ws = asF64(cpuData(w).re);
  const G = imagesPerChunk(K * P, N);
  const arena = wasmArena();
  if (arena !== null) {
    for (let n0 = 0; n0 < N; n0 += G) {
      const g1 = Math.min(G, N - n0);
      arena.reset();
      const [pw, pc, po] = [O * K, g1 * K * P, g1 * O * P].map((len) => arena.take(len * 8));
      const pws = arena.take(arena.exports.dgemmWorkspaceBytes(O, K, P));
      arena.commit('conv2d');
      arena.putF64(ws, O * K, pw);
      const cols = view(arena, pc, g1 * K * P);
      for (let j = 0; j < g1; j++) im2col(xs, (n0 + j) * C * H * W, g, cols.subarray(j * K * P, (j + 1) * K * P));
      arena.exports.dgemm(pw, pc, po, g1, O, K, P, 0, 0, K * P, pws);
      arena.getF64(out.subarray(n0 * O * P), g1 * O * P, po);
    }
    addBias(out, bias, N, O, P);
    finish(data, out);
    return info;
  }
  const cols = scratch('conv.cols', K * G * P);
  const k = hotKernels();
  for (let n0 = 0; n0 < N; n0 += G) {
    const g1 = Math.min(G, N - n0);
    for (let j = 0; j < g1; j++) im2col(xs, (n0 + j) * C * H * W, g, cols.subarray(j * K * P, (j + 1) * K * P));
    // out[n] [O, P] = w [O, C kH kW] cols[n] [C kH kW, P], w shared by the chunk's images
    k.matmulReal(ws, cols.subarray(0, g1 * K * P), out.subarray(n0 * O * P, (n0 + g1) * O * P), { batch: g1, m: O, k: K, n: P, aBatchStride: 0, bBatchStride: K * P });
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
  const G = imagesPerChunk(K * P, N);
  const arena = wasmArena();
  if (arena !== null) {
    for (let n0 = 0; n0 < N; n0 += G) {
      const g1 = Math.min(G, N - n0);
      arena.reset();
      const [pw, px, pc] = [C * K, g1 * C * P, g1 * K * P].map((len) => arena.take(len * 8));
      const pws = arena.take(arena.exports.dgemmWorkspaceBytes(K, C, P));
      arena.commit('conv2dTranspose');
      arena.putF64(ws, C * K, pw);
      arena.putF64(xs.subarray(n0 * C * P, (n0 + g1) * C * P), g1 * C * P, px);
      arena.exports.dgemm(pw, px, pc, g1, K, C, P, TRANS_A, 0, C * P, pws);
      const cols = view(arena, pc, g1 * K * P);
      for (let j = 0; j < g1; j++) col2im(cols.subarray(j * K * P, (j + 1) * K * P), g, out, (n0 + j) * O * Ho * Wo);
    }
    addBias(out, bias, N, O, Ho * Wo);
    finish(data, out);
    return info;
  }
  const cols = scratch('conv.cols', K * G * P);
  const k = hotKernels();
  for (let n0 = 0; n0 < N; n0 += G) {
    const g1 = Math.min(G, N - n0);
    // cols[n] [O kH kW, H W] = w^T [O kH kW, C] x[n] [C, H W], w shared by the chunk's images
    k.matmulReal(ws, xs.subarray(n0 * C * P, (n0 + g1) * C * P), cols.subarray(0, g1 * K * P), { batch: g1, m: K, k: C, n: P, transA: true, aBatchStride: 0, bBatchStride: C * P });
    for (let j = 0; j < g1; j++) col2im(cols.subarray(j * K * P, (j + 1) * K * P), g, out, (n0 + j) * O * Ho * Wo);
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
  const gs = cpuData(dy).re;
  const G = imagesPerChunk(Math.max(K, O) * P, N);
  const arena = wasmArena();
  if (arena !== null) {
    for (let n0 = 0; n0 < N; n0 += G) {
      const g1 = Math.min(G, N - n0);
      const ld = g1 * P;
      arena.reset();
      const [pd, pc, pp] = [O * ld, K * ld, O * K].map((len) => arena.take(len * 8));
      const pws = arena.take(arena.exports.dgemmWorkspaceBytes(O, ld, K));
      arena.commit('conv2dBackpropFilter');
      const cols = view(arena, pc, K * ld);
      for (let j = 0; j < g1; j++) im2col(xs, (n0 + j) * C * H * W, g, cols, ld, j * P);
      sideBySide(gs, n0 * O * P, g1, O, P, view(arena, pd, O * ld));
      arena.exports.dgemm(pd, pc, pp, 1, O, ld, K, TRANS_B, O * ld, K * ld, pws);
      const part = view(arena, pp, O * K);
      for (let q = 0; q < O * K; q++) out[q] += part[q];
    }
    finish(data, out);
    return info;
  }
  const cols = scratch('conv.cols', K * G * P);
  const dyt = scratch('conv.xt', O * G * P);
  const part = scratch('conv.part', O * K);
  const k = hotKernels();
  for (let n0 = 0; n0 < N; n0 += G) {
    const g1 = Math.min(G, N - n0);
    const ld = g1 * P;
    for (let j = 0; j < g1; j++) im2col(xs, (n0 + j) * C * H * W, g, cols, ld, j * P);
    sideBySide(gs, n0 * O * P, g1, O, P, dyt);
    // dw [O, C kH kW] += dy [O, g1 P] cols^T [g1 P, C kH kW]
    k.matmulReal(dyt.subarray(0, O * ld), cols.subarray(0, K * ld), part, { batch: 1, m: O, k: ld, n: K, transB: true });
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

/**
 * CPU kernels of MixChannels and its gradient: in the WebAssembly kernels of asm/mix.ts (float64,
 * where the hot kernels are WebAssembly; the gradient in one pass over the rows), else on the
 * backend's matrix product ({@link matmulImpl}), the reference: the forward pass and
 * gx = w^H dy per row with w broadcast over the rows, and gw = sum_rows dy x^H as one product of
 * depth R D after the row axis is moved next to D.
 *
 * @packageDocumentation
 */
import { type CpuBackend, type CpuData, cpuData } from '../../tensor/cpu/backend-cpu';
import { wasmFloat64 } from '../../tensor/cpu/kernels/hot-kernels';
import { kernelArena } from '../../tensor/cpu/wasm/module';
import { matmulImpl } from '../../tensor/cpu/matmul';
import type { KernelConfig, KernelFunc } from '../../tensor/kernel-registry';
import type { FloatArray } from '../../tensor/types';
import { MixChannels, MixChannelsGrad } from './mix-channels';

const forward: KernelFunc = ({ inputs, backend }) => {
  const { w, x } = inputs;
  const [cout, cin] = w.shape;
  const [rows, , d] = x.shape;
  const { info, data } = (backend as CpuBackend).output([rows, cout, d], x.dtype, true, false);
  const dw = cpuData(w);
  const dx = cpuData(x);
  if (wasmFloat64(dw.re, dw.im, dx.re, dx.im, data.re)) {
    const arena = kernelArena();
    const nw = cout * cin;
    const nx = rows * cin * d;
    const no = rows * cout * d;
    arena.reset();
    const at = [nw, nw, nx, nx, no, no].map((len) => arena.take(len * 8));
    arena.commit('mixChannels');
    [dw.re, dw.im!, dx.re, dx.im!].forEach((a, k) => arena.putF64(a as Float64Array, a.length, at[k]));
    arena.exports.mixChannelsForward(at[0], at[1], at[2], at[3], at[4], at[5], rows, cout, cin, d);
    arena.getF64(data.re as Float64Array, no, at[4]);
    arena.getF64(data.im as Float64Array, no, at[5]);
    return info;
  }
  matmulImpl(dw.re, dw.im, dx.re, dx.im, data.re, data.im, {
    batch: rows, m: cout, k: cin, n: d, transA: false, transB: false, conjA: false, conjB: false, aBatchStride: 0, bBatchStride: cin * d,
  });
  return info;
};

/** t[c, r, e] = a[r, c, e] for a [rows, ch, d]: the channel axis first ([ch, rows d]). */
function channelsFirst(a: FloatArray, t: FloatArray, rows: number, ch: number, d: number): void {
  const rd = rows * d;
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < ch; c++) {
      const from = (r * ch + c) * d;
      const to = c * rd + r * d;
      for (let e = 0; e < d; e++) t[to + e] = a[from + e];
    }
  }
}

/** Both gradients in one pass of the WebAssembly kernel (float64 planes; asm/mix.ts). */
function gradientWasm(
  w: CpuData, x: CpuData, dy: CpuData, gw: CpuData, gx: CpuData, rows: number, cout: number, cin: number, d: number,
): void {
  const arena = kernelArena();
  const nw = cout * cin;
  const nx = rows * cin * d;
  const ny = rows * cout * d;
  arena.reset();
  const at = [nw, nw, nx, nx, ny, ny, nw, nw, nx, nx].map((len) => arena.take(len * 8));
  const ws = arena.take(arena.exports.mixWorkspaceBytes(cout, cin));
  arena.commit('mixChannelsBackward');
  const ins = [w.re, w.im, x.re, x.im, dy.re, dy.im] as Float64Array[];
  ins.forEach((a, k) => arena.putF64(a, a.length, at[k]));
  arena.exports.mixChannelsBackward(at[0], at[1], at[2], at[3], at[4], at[5], at[6], at[7], at[8], at[9], rows, cout, cin, d, ws);
  [gw.re, gw.im, gx.re, gx.im].forEach((a, k) => arena.getF64(a as Float64Array, k < 2 ? nw : nx, at[6 + k]));
}

const gradient: KernelFunc = ({ inputs, backend }) => {
  const { w, x, dy } = inputs;
  const [cout, cin] = w.shape;
  const [rows, , d] = x.shape;
  const cpu = backend as CpuBackend;
  const gw = cpu.output([cout, cin], w.dtype, true, false);
  const gx = cpu.output([rows, cin, d], x.dtype, true, false);
  const dw = cpuData(w);
  const dx = cpuData(x);
  const dd = cpuData(dy);
  if (wasmFloat64(dw.re, dw.im, dx.re, dx.im, dd.re, dd.im, gw.data.re)) {
    gradientWasm(dw, dx, dd, gw.data, gx.data, rows, cout, cin, d);
    return [gw.info, gx.info];
  }
  // The TypeScript path (and the reference of the tests).
  // gx[r] = w^H dy[r].
  matmulImpl(dw.re, dw.im, dd.re, dd.im, gx.data.re, gx.data.im, {
    batch: rows, m: cin, k: cout, n: d, transA: true, transB: false, conjA: true, conjB: false, aBatchStride: 0, bBatchStride: cout * d,
  });
  // gw = DT XT^H with DT [cout, R D] and XT [cin, R D] the channel-first copies of dy and x.
  const dt = cpu.output([cout, rows * d], dy.dtype, true, false);
  const xt = cpu.output([cin, rows * d], x.dtype, true, false);
  channelsFirst(dd.re, dt.data.re, rows, cout, d);
  if (dd.im === null) dt.data.im!.fill(0);
  else channelsFirst(dd.im, dt.data.im!, rows, cout, d);
  channelsFirst(dx.re, xt.data.re, rows, cin, d);
  channelsFirst(dx.im!, xt.data.im!, rows, cin, d);
  matmulImpl(dt.data.re, dt.data.im, xt.data.re, xt.data.im, gw.data.re, gw.data.im, {
    batch: 1, m: cout, k: rows * d, n: cin, transA: false, transB: true, conjA: false, conjB: true, aBatchStride: 0, bBatchStride: 0,
  });
  cpu.disposeData(dt.info.dataId);
  cpu.disposeData(xt.info.dataId);
  return [gw.info, gx.info];
};

/** CPU kernels of MixChannels and its gradient. */
export const mixChannelsCpuKernels: KernelConfig[] = [
  { kernelName: MixChannels, backendName: 'cpu', kernelFunc: forward },
  { kernelName: MixChannelsGrad, backendName: 'cpu', kernelFunc: gradient },
];

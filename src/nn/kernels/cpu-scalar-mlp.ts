/**
 * CPU kernels of the fused ScalarMLP and its gradient. For float64 data, where the backend's hot
 * kernels are WebAssembly, both run in asm/mlp.ts (f64x2 over pairs of rows, every layer of a
 * pair in L1). Elsewhere (float32, or the TypeScript hot kernels) they run layer by layer over
 * all rows in float64 (float32 tensors read and written in their dtype): the products on the
 * backend's matrix kernels, biases and activations in plain loops. Both gradients recompute the
 * forward pass (the activations are not stored) and keep every layer's pre-activations for the
 * backward sweep.
 *
 * The composed computation in ScalarMLP (concat, matmul, add, activation, slice, complex, mul)
 * is the reference the tests compare with.
 *
 * @packageDocumentation
 */
import { type CpuBackend, cpuData } from '../../tensor/cpu/backend-cpu';
import type { KernelConfig, KernelFunc } from '../../tensor/kernel-registry';
import { wasmFloat64 } from '../../tensor/cpu/kernels/hot-kernels';
import { realLoops } from '../../tensor/cpu/kernels/unary';
import * as K from '../../tensor/kernel-names';
import { matmulImpl } from '../../tensor/cpu/matmul';
import { kernelArena } from '../../tensor/cpu/wasm/module';
import type { FloatArray, TensorInfo } from '../../tensor/types';
import { f64 } from './cpu-bells';
import { type ScalarMLPActivation, type ScalarMLPAttrs, ScalarMLPForward, ScalarMLPGrad } from './scalar-mlp';

interface Layer {
  /** W [fin, fout] in float64. */
  readonly w: Float64Array;
  readonly b: Float64Array;
  readonly fin: number;
  readonly fout: number;
}

interface Setup {
  readonly rows: number;
  readonly c: number;
  readonly re: FloatArray;
  readonly im: FloatArray | null;
  readonly m: FloatArray | null;
  readonly layers: Layer[];
  readonly activation: ScalarMLPActivation;
  readonly alpha: number;
}

function setup(inputs: Readonly<Record<string, TensorInfo>>, attrs: ScalarMLPAttrs): Setup {
  const s = cpuData(inputs.s);
  const [rows, c] = inputs.s.shape;
  const layers: Layer[] = [];
  for (let l = 0; l < attrs.layers; l++) {
    const info = inputs[`w${l}`];
    const [fin, fout] = info.shape;
    layers.push({ w: f64(cpuData(info).re), b: f64(cpuData(inputs[`b${l}`]).re), fin, fout });
  }
  return { rows, c, re: s.re, im: s.im, m: inputs.m === undefined ? null : cpuData(inputs.m).re, layers, activation: attrs.activation, alpha: attrs.alpha };
}

/** One product of the backend's matrix kernels: out = op(A) op(B), op(A) m x k, op(B) k x n. */
function product(a: Float64Array, b: Float64Array, out: Float64Array, m: number, k: number, n: number, transA: boolean, transB: boolean): void {
  matmulImpl(a, null, b, null, out, null, { batch: 1, m, k, n, transA, transB, conjA: false, conjB: false, aBatchStride: 0, bBatchStride: 0 });
}

/** z_{l+1} = z_l W + b for all rows (pre-activation), z [rows, fin] -> out [rows, fout]. */
function affine(z: Float64Array, layer: Layer, out: Float64Array, rows: number): void {
  const { w, b, fin, fout } = layer;
  product(z, w, out, rows, fin, fout, false, false);
  for (let r = 0; r < rows; r++) {
    const or = r * fout;
    for (let o = 0; o < fout; o++) out[or + o] += b[o];
  }
}

/** The CPU unary kernel of each activation (its loop, `realLoops`, is the one the composed ops run). */
const ACT_KERNEL: Readonly<Record<ScalarMLPActivation, string>> = { leakyRelu: K.LeakyRelu, relu: K.Relu, sigmoid: K.Sigmoid };

/**
 * The forward pass: z[0] = [Re s, Im s], then per layer pre[l + 1] = z[l] W_l + b_l and
 * z[l + 1] = act(pre[l + 1]) (z[L] = pre[L]). Returns z (and pre, for the gradient).
 */
function run(q: Setup): { z: Float64Array[]; pre: Float64Array[] } {
  const { rows, c, re, im, layers } = q;
  const f0 = 2 * c;
  const z0 = new Float64Array(rows * f0);
  for (let r = 0; r < rows; r++) {
    for (let k = 0; k < c; k++) {
      z0[r * f0 + k] = re[r * c + k];
      z0[r * f0 + c + k] = im === null ? 0 : im[r * c + k];
    }
  }
  const z = [z0];
  const pre: Float64Array[] = [z0];
  layers.forEach((layer, l) => {
    const p = new Float64Array(rows * layer.fout);
    affine(z[l], layer, p, rows);
    pre.push(p);
    if (l < layers.length - 1) {
      const a = new Float64Array(p.length);
      realLoops[ACT_KERNEL[q.activation]](p, a, { alpha: q.alpha });
      z.push(a);
    } else z.push(p);
  });
  return { z, pre };
}

/** Activation codes of the WebAssembly kernels (asm/mlp.ts). */
const ACT_CODE: Readonly<Record<ScalarMLPActivation, number>> = { leakyRelu: 0, relu: 1, sigmoid: 2 };

/** Whether a call runs in the WebAssembly kernels: its (present) data float64, where the hot kernels are WebAssembly. */
function useWasm(...arrays: (FloatArray | null)[]): boolean {
  return wasmFloat64(...arrays.filter((a) => a !== null));
}

/** Byte offsets of the regions of a WebAssembly call (0 for an absent imaginary part or mask). */
interface WasmCall {
  readonly sRe: number;
  readonly sIm: number;
  readonly m: number;
  readonly params: number;
  readonly widths: number;
  readonly ws: number;
  readonly regions: Record<string, number>;
}

/** Number of weights and biases of all layers. */
function parameterCount(layers: readonly Layer[]): number {
  return layers.reduce((a, l) => a + l.fin * l.fout + l.fout, 0);
}

/** Lays out and fills the inputs of a WebAssembly call; `regions` are extra outputs of `doubles` each. */
function wasmCall(q: Setup, regions: Readonly<Record<string, number>>, fn: string): WasmCall {
  const arena = kernelArena();
  const { rows, c, layers } = q;
  const L = layers.length;
  const nParams = parameterCount(layers);
  arena.reset();
  const widths = arena.take(4 * (L + 1));
  arena.commit(fn);
  arena.putI32(Int32Array.from([layers[0].fin, ...layers.map((l) => l.fout)]), widths);
  const wsBytes = arena.exports.mlpWorkspaceBytes(widths, L);
  const sRe = arena.take(8 * rows * c);
  const sIm = q.im === null ? 0 : arena.take(8 * rows * c);
  const m = q.m === null ? 0 : arena.take(8 * rows);
  const params = arena.take(8 * nParams);
  const out: Record<string, number> = {};
  for (const [name, doubles] of Object.entries(regions)) out[name] = arena.take(8 * doubles);
  const ws = arena.take(wsBytes);
  arena.commit(fn);
  arena.putF64(q.re as Float64Array, rows * c, sRe);
  if (q.im !== null) arena.putF64(q.im as Float64Array, rows * c, sIm);
  if (q.m !== null) arena.putF64(q.m as Float64Array, rows, m);
  let at = params / 8;
  for (const l of layers) {
    arena.f64.set(l.w, at);
    at += l.w.length;
    arena.f64.set(l.b, at);
    at += l.b.length;
  }
  return { sRe, sIm, m, params, widths, ws, regions: out };
}

const forward: KernelFunc = ({ inputs, backend, attrs }) => {
  const q = setup(inputs, attrs as unknown as ScalarMLPAttrs);
  const { rows, c, m } = q;
  const { info, data } = (backend as CpuBackend).output([rows, c], inputs.s.dtype, true, false);
  if (useWasm(q.re, q.im, q.m, data.re)) {
    const w = wasmCall(q, { outRe: rows * c, outIm: rows * c }, 'scalarMlp');
    const arena = kernelArena();
    arena.exports.mlpForward(w.sRe, w.sIm, w.m, w.params, w.widths, q.layers.length, ACT_CODE[q.activation], q.alpha, rows, c, w.regions.outRe, w.regions.outIm, w.ws);
    arena.getF64(data.re as Float64Array, rows * c, w.regions.outRe);
    arena.getF64(data.im as Float64Array, rows * c, w.regions.outIm);
    return info;
  }
  const zL = run(q).z[q.layers.length];
  const f = 2 * c;
  const ore = data.re;
  const oim = data.im!;
  for (let r = 0; r < rows; r++) {
    const mr = m === null ? 1 : m[r];
    for (let k = 0; k < c; k++) {
      ore[r * c + k] = m === null ? zL[r * f + k] : zL[r * f + k] * mr;
      oim[r * c + k] = m === null ? zL[r * f + c + k] : zL[r * f + c + k] * mr;
    }
  }
  return info;
};

const gradient: KernelFunc = ({ inputs, backend, attrs }) => {
  const a = attrs as unknown as ScalarMLPAttrs;
  const q = setup(inputs, a);
  const { rows, c, m, layers } = q;
  const cpu = backend as CpuBackend;
  const dy = cpuData(inputs.dy);
  if (useWasm(q.re, q.im, q.m, dy.re, dy.im)) return gradientWasm(q, dy.re as Float64Array, dy.im as Float64Array | null, cpu, inputs);
  const { z, pre } = run(q);
  const L = layers.length;
  // g: the gradient of the loss with respect to the pre-activation of the current layer's output.
  let g = new Float64Array(rows * 2 * c);
  for (let r = 0; r < rows; r++) {
    const mr = m === null ? 1 : m[r];
    for (let k = 0; k < c; k++) {
      g[r * 2 * c + k] = dy.re[r * c + k] * mr;
      g[r * 2 * c + c + k] = dy.im === null ? 0 : dy.im[r * c + k] * mr;
    }
  }
  const grads: TensorInfo[] = new Array<TensorInfo>(1 + 2 * L);
  for (let l = L - 1; l >= 0; l--) {
    const { w, fin, fout } = layers[l];
    const gw = cpu.output([fin, fout], inputs[`w${l}`].dtype, false, true);
    const gb = cpu.output([fout], inputs[`b${l}`].dtype, false, false);
    const gwAcc = new Float64Array(fin * fout);
    const gbAcc = new Float64Array(fout);
    const zl = z[l];
    const gin = new Float64Array(rows * fin);
    product(zl, g, gwAcc, fin, rows, fout, true, false);
    for (let r = 0; r < rows; r++) {
      const gr = r * fout;
      for (let o = 0; o < fout; o++) gbAcc[o] += g[gr + o];
    }
    product(g, w, gin, rows, fout, fin, false, true);
    gw.data.re.set(gwAcc);
    gb.data.re.set(gbAcc);
    grads[1 + 2 * l] = gw.info;
    grads[2 + 2 * l] = gb.info;
    if (l > 0) {
      // Through the activation of layer l's input: z[l] = act(pre[l]).
      const p = pre[l];
      const n = rows * fin;
      if (q.activation === 'leakyRelu') {
        for (let i = 0; i < n; i++) if (!(p[i] > 0)) gin[i] *= q.alpha;
      } else if (q.activation === 'relu') {
        for (let i = 0; i < n; i++) if (!(p[i] > 0)) gin[i] = 0;
      } else {
        for (let i = 0; i < n; i++) gin[i] *= zl[i] * (1 - zl[i]);
      }
    }
    g = gin;
  }
  const gs = cpu.output([rows, c], inputs.s.dtype, true, false);
  for (let r = 0; r < rows; r++) {
    for (let k = 0; k < c; k++) {
      gs.data.re[r * c + k] = g[r * 2 * c + k];
      gs.data.im![r * c + k] = g[r * 2 * c + c + k];
    }
  }
  grads[0] = gs.info;
  return grads;
};

/** The gradient kernel's outputs from the WebAssembly backward pass. */
function gradientWasm(q: Setup, dyRe: Float64Array, dyIm: Float64Array | null, cpu: CpuBackend, inputs: Readonly<Record<string, TensorInfo>>): TensorInfo[] {
  const { rows, c, layers } = q;
  const nParams = parameterCount(layers);
  const w = wasmCall(q, { dyRe: rows * c, dyIm: dyIm === null ? 0 : rows * c, gsRe: rows * c, gsIm: rows * c, gparams: nParams }, 'scalarMlpGrad');
  const arena = kernelArena();
  arena.putF64(dyRe, rows * c, w.regions.dyRe);
  if (dyIm !== null) arena.putF64(dyIm, rows * c, w.regions.dyIm);
  arena.exports.mlpBackward(
    w.sRe, w.sIm, w.m, w.params, w.widths, layers.length, ACT_CODE[q.activation], q.alpha, rows, c,
    w.regions.dyRe, dyIm === null ? 0 : w.regions.dyIm, w.regions.gsRe, w.regions.gsIm, w.regions.gparams, w.ws,
  );
  const gs = cpu.output([rows, c], inputs.s.dtype, true, false);
  arena.getF64(gs.data.re as Float64Array, rows * c, w.regions.gsRe);
  arena.getF64(gs.data.im as Float64Array, rows * c, w.regions.gsIm);
  const out: TensorInfo[] = [gs.info];
  let at = w.regions.gparams / 8;
  layers.forEach((l, k) => {
    const gw = cpu.output([l.fin, l.fout], inputs[`w${k}`].dtype, false, false);
    const gb = cpu.output([l.fout], inputs[`b${k}`].dtype, false, false);
    gw.data.re.set(arena.f64.subarray(at, at + l.fin * l.fout));
    at += l.fin * l.fout;
    gb.data.re.set(arena.f64.subarray(at, at + l.fout));
    at += l.fout;
    out.push(gw.info, gb.info);
  });
  return out;
}

/** CPU kernels of the fused perceptron and its gradient. */
export const scalarMlpCpuKernels: KernelConfig[] = [
  { kernelName: ScalarMLPForward, backendName: 'cpu', kernelFunc: forward },
  { kernelName: ScalarMLPGrad, backendName: 'cpu', kernelFunc: gradient },
];

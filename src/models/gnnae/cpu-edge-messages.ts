/**
 * CPU kernels of GNNEdgeMessages and its gradient. For float64 data where the hot kernels are
 * WebAssembly, the whole pass runs in asm/gnn.ts (the same chunks and expressions, f64x2); the
 * TypeScript loops here are the reference and the path for float32 or without WebAssembly: the edges with a non-zero mask product are
 * gathered in chunks of up to {@link CHUNK_ROWS} rows (whole rows of the first edge layer,
 * computed by typed-array loops), and the second edge layer is one matrix product per chunk
 * through the CPU's hot kernels (WebAssembly SIMD where available). Everything is computed in
 * float64 (float32 tensors are widened and the outputs rounded once). The backward pass recomputes
 * the edge activations chunk by chunk instead of keeping them.
 *
 * @packageDocumentation
 * @internal
 */
import { type CpuBackend, cpuData } from '../../tensor/cpu/backend-cpu';
import { asF64, hotKernels, scratch, wasmFloat64 } from '../../tensor/cpu/kernels/hot-kernels';
import { kernelArena } from '../../tensor/cpu/wasm/module';
import type { KernelConfig, KernelFunc, KernelArgs } from '../../tensor/kernel-registry';
import type { FloatArray } from '../../tensor/types';
import { GNNEdgeMessages, GNNEdgeMessagesGrad, type EdgeMessagesAttrs } from './edge-messages';

/** Edges per chunk (the scratch arrays hold a few times CHUNK_ROWS x max(H, M) doubles). */
const CHUNK_ROWS = 4096;

interface Problem {
  readonly B: number;
  readonly N: number;
  readonly F: number;
  readonly H: number;
  readonly M: number;
  readonly h: FloatArray;
  readonly p: FloatArray;
  readonly q: FloatArray;
  readonly wd: FloatArray;
  readonly w1: Float64Array;
  readonly b1: FloatArray;
  readonly mask: FloatArray;
  readonly slope: number;
  readonly softening: number;
}

function problem({ inputs, attrs }: KernelArgs): Problem {
  const { h, p, q, wd, w1, b1, mask } = inputs;
  const [B, N, F] = h.shape;
  const [H, M] = w1.shape;
  const a = attrs as unknown as EdgeMessagesAttrs;
  return {
    B, N, F, H, M,
    h: cpuData(h).re, p: cpuData(p).re, q: cpuData(q).re, wd: cpuData(wd).re,
    w1: asF64(cpuData(w1).re), b1: cpuData(b1).re, mask: cpuData(mask).re,
    slope: a.slope, softening: a.softening,
  };
}

/** One chunk of edges: R rows with their node indices (b N + i, b N + j), mask product and distance. */
interface Chunk {
  R: number;
  readonly rowI: Int32Array;
  readonly rowJ: Int32Array;
  readonly weight: Float64Array;
  readonly dist: Float64Array;
  /** activations of the first edge layer [R, H] (positive exactly where the pre-activation is, for a slope >= 0) */
  readonly z: Float64Array;
}

let rowI = new Int32Array(CHUNK_ROWS);
let rowJ = new Int32Array(CHUNK_ROWS);

/** Rows per chunk: {@link CHUNK_ROWS}, or N when one particle's edges are more. */
function capacity(N: number): number {
  return Math.max(CHUNK_ROWS, N);
}

function newChunk(H: number, cap: number): Chunk {
  if (rowI.length < cap) {
    rowI = new Int32Array(cap);
    rowJ = new Int32Array(cap);
  }
  return {
    R: 0,
    rowI,
    rowJ,
    weight: scratch('gnn.weight', cap),
    dist: scratch('gnn.dist', cap),
    z: scratch('gnn.z', cap * H),
  };
}

/**
 * Calls `flush(chunk)` for successive chunks of the edges with a non-zero mask product, in the
 * order (b, i, j), after filling each row's distance and first-layer values.
 */
function forEachChunk(s: Problem, flush: (c: Chunk) => void): void {
  const { B, N, F, H, h, p, q, wd, mask, slope, softening } = s;
  const cap = capacity(N);
  const c = newChunk(H, cap);
  const { z, weight, dist } = c;
  for (let b = 0; b < B; b++) {
    for (let i = 0; i < N; i++) {
      const I = b * N + i;
      const mi = mask[I];
      if (mi === 0) continue;
      if (c.R + N > cap) {
        flush(c);
        c.R = 0;
      }
      const hi = I * F;
      const pi = I * H;
      for (let j = 0; j < N; j++) {
        const J = b * N + j;
        const w = mi * mask[J];
        if (w === 0) continue;
        const r = c.R++;
        const hj = J * F;
        let s2 = 0;
        for (let f = 0; f < F; f++) {
          const t = h[hi + f] - h[hj + f];
          s2 += t * t;
        }
        const d = Math.sqrt(s2 + softening);
        c.rowI[r] = I;
        c.rowJ[r] = J;
        weight[r] = w;
        dist[r] = d;
        const o = r * H;
        const qj = J * H;
        for (let k = 0; k < H; k++) {
          const v = p[pi + k] + q[qj + k] + d * wd[k];
          z[o + k] = v > 0 ? v : slope * v;
        }
      }
    }
  }
  if (c.R > 0) flush(c);
}

/** Copies the arrays into a fresh arena layout (plus `outputs` regions of the given lengths and the workspace); returns their offsets. */
function arenaCall(fn: string, inputs: readonly FloatArray[], outputs: readonly number[], s: Problem): { at: number[]; ws: number } {
  const arena = kernelArena();
  arena.reset();
  const at = [...inputs.map((a) => a.length), ...outputs].map((len) => arena.take(len * 8));
  const ws = arena.take(arena.exports.gnnEdgeWorkspaceBytes(capacity(s.N), s.H, s.M));
  arena.commit(fn);
  inputs.forEach((a, k) => arena.putF64(a as Float64Array, a.length, at[k]));
  return { at, ws };
}

const forward: KernelFunc = (args) => {
  const s = problem(args);
  const { B, N, F, H, M, w1, b1, slope } = s;
  const { info, data } = (args.backend as CpuBackend).output([B, N, M], args.inputs.h.dtype, false);
  const inputs = [s.h, s.p, s.q, s.wd, s.w1, s.b1, s.mask];
  if (wasmFloat64(...inputs, data.re)) {
    const { at, ws } = arenaCall('gnnEdgeForward', inputs, [B * N * M], s);
    const arena = kernelArena();
    arena.exports.gnnEdgeForward(at[0], at[1], at[2], at[3], at[4], at[5], at[6], at[7], B, N, F, H, M, slope, s.softening, capacity(N), ws);
    arena.getF64(data.re as Float64Array, B * N * M, at[7]);
    return info;
  }
  const out = data.re instanceof Float64Array ? data.re : scratch('gnn.out', B * N * M).fill(0);
  const z2 = scratch('gnn.z2', capacity(N) * M);
  const k = hotKernels();
  forEachChunk(s, (c) => {
    const R = c.R;
    k.matmulReal(c.z.subarray(0, R * H), w1, z2.subarray(0, R * M), { batch: 1, m: R, k: H, n: M });
    for (let r = 0; r < R; r++) {
      const o = c.rowI[r] * M;
      const w = c.weight[r];
      const x = r * M;
      for (let m = 0; m < M; m++) {
        const v = z2[x + m] + b1[m];
        out[o + m] += w * (v > 0 ? v : slope * v);
      }
    }
  });
  if (out !== data.re) data.re.set(out);
  return info;
};

const backward: KernelFunc = (args) => {
  const s = problem(args);
  const { B, N, F, H, M, h, wd, w1, b1, slope } = s;
  const dy = cpuData(args.inputs.dy).re;
  const dtype = args.inputs.h.dtype;
  const be = args.backend as CpuBackend;
  const outs = [
    be.output([B, N, F], dtype, false),
    be.output([B, N, H], dtype, false),
    be.output([B, N, H], dtype, false),
    be.output([H], dtype, false),
    be.output([H, M], dtype, false),
    be.output([M], dtype, false),
  ];
  const acc = (k: number, slot: string, size: number): Float64Array => {
    const re = outs[k].data.re;
    return re instanceof Float64Array ? re : scratch(slot, size).fill(0);
  };
  const inputs = [s.h, s.p, s.q, s.wd, s.w1, s.b1, s.mask, dy];
  const sizes = [B * N * F, B * N * H, B * N * H, H, H * M, M];
  if (wasmFloat64(...inputs, ...outs.map((o) => o.data.re))) {
    const { at, ws } = arenaCall('gnnEdgeBackward', inputs, sizes, s);
    const arena = kernelArena();
    const g = at.slice(inputs.length);
    arena.exports.gnnEdgeBackward(at[0], at[1], at[2], at[3], at[4], at[5], at[6], at[7], g[0], g[1], g[2], g[3], g[4], g[5], B, N, F, H, M, s.slope, s.softening, capacity(N), ws);
    outs.forEach((o, k) => arena.getF64(o.data.re as Float64Array, sizes[k], g[k]));
    return outs.map((o) => o.info);
  }
  const gh = acc(0, 'gnn.gh', B * N * F);
  const gp = acc(1, 'gnn.gp', B * N * H);
  const gq = acc(2, 'gnn.gq', B * N * H);
  const gwd = acc(3, 'gnn.gwd', H);
  const gw1 = acc(4, 'gnn.gw1', H * M);
  const gb1 = acc(5, 'gnn.gb1', M);
  const z2 = scratch('gnn.z2', capacity(N) * M);
  const g1 = scratch('gnn.g1', capacity(N) * H);
  const part = scratch('gnn.gw1part', H * M);
  const k = hotKernels();
  forEachChunk(s, (c) => {
    const R = c.R;
    const { z, rowI: ri, rowJ: rj, weight, dist } = c;
    k.matmulReal(z.subarray(0, R * H), w1, z2.subarray(0, R * M), { batch: 1, m: R, k: H, n: M });
    // z2 <- gradient of the second layer's pre-activation: m_i m_j dy_i LeakyReLU'.
    for (let r = 0; r < R; r++) {
      const o = ri[r] * M;
      const w = weight[r];
      const x = r * M;
      for (let m = 0; m < M; m++) {
        const g = w * dy[o + m];
        const v = z2[x + m] + b1[m];
        const t = v > 0 ? g : g * slope;
        z2[x + m] = t;
        gb1[m] += t;
      }
    }
    k.matmulReal(z.subarray(0, R * H), z2.subarray(0, R * M), part, { batch: 1, m: H, k: R, n: M, transA: true });
    for (let e = 0; e < H * M; e++) gw1[e] += part[e];
    k.matmulReal(z2.subarray(0, R * M), w1, g1.subarray(0, R * H), { batch: 1, m: R, k: M, n: H, transB: true });
    for (let r = 0; r < R; r++) {
      const x = r * H;
      const I = ri[r];
      const J = rj[r];
      const pi = I * H;
      const qj = J * H;
      const d = dist[r];
      let gd = 0;
      for (let e = 0; e < H; e++) {
        const g = g1[x + e];
        const t = z[x + e] > 0 ? g : g * slope;
        gp[pi + e] += t;
        gq[qj + e] += t;
        gwd[e] += t * d;
        gd += t * wd[e];
      }
      if (I === J) continue; // h_i - h_j = 0: no gradient through the distance
      const coef = gd / d;
      const hi = I * F;
      const hj = J * F;
      for (let f = 0; f < F; f++) {
        const t = coef * (h[hi + f] - h[hj + f]);
        gh[hi + f] += t;
        gh[hj + f] -= t;
      }
    }
  });
  [gh, gp, gq, gwd, gw1, gb1].forEach((a, k2) => {
    if (a !== outs[k2].data.re) outs[k2].data.re.set(a);
  });
  return outs.map((o) => o.info);
};

/** CPU kernels of the GNN edge messages. */
export const edgeMessagesCpuKernels: KernelConfig[] = [
  { kernelName: GNNEdgeMessages, backendName: 'cpu', kernelFunc: forward },
  { kernelName: GNNEdgeMessagesGrad, backendName: 'cpu', kernelFunc: backward },
];

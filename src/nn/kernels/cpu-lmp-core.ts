/**
 * CPU forward and gradient kernels of LMPCore.
 *
 * Per jet: the symmetric edge weights w[c][i][j] are evaluated once per unordered pair (channels
 * four at a time in registers); per channel, every particle j gets a 20-number row
 * X_j = [s, p s, v~, p.v~] (complex parts interleaved, p real, v~ = U^H v Cartesian), and the
 * message sums are the matrix-vector products Y_i = sum_j w_ij X_j with the 20 sums in
 * registers. The messages follow from the bilinear split
 * sum_j w_ij d_ij s_j = p_i Y_s - Y_ps and sum_j w_ij (d_ij . v~_j) = p_i . Y_v - Y_pv.
 * The backward pass recomputes the weights and uses the Y_s and Y_v parts of the forward's Y (an
 * extra output, 10 of the 20 numbers per row).
 *
 * Wherever the CPU backend's hot kernels are WebAssembly, both passes run in the WebAssembly
 * kernels: the pairwise stage (weights, Y = W X, and in the backward pass gX = W gY, gW = gY X^T
 * and the bell gradients) in f64x2 SIMD (asm/lmp.ts), the per-particle stages before and after it
 * in ports of the loops below (asm/lmp-rows.ts), on copies of the inputs in the kernel arena.
 * Elsewhere the TypeScript loops below run; they are the reference the tests compare with.
 *
 * LMPCoreMix (float64, WebAssembly only) runs the same passes and mixes catS and catV with the
 * layer's weights while they are in the arena (a complex product for the scalars, asm/mix.ts for
 * the four-vectors); it keeps all 20 message sums per row, from which its backward pass assembles
 * catS and catV again for the mixing's gradient: catS and catV are never copied out, nor their
 * gradients in.
 *
 * @packageDocumentation
 */
import { type CpuBackend, type CpuData, cpuData } from '../../tensor/cpu/backend-cpu';
import type { KernelConfig, KernelFunc } from '../../tensor/kernel-registry';
import type { DType, FloatArray, TensorInfo } from '../../tensor/types';
import { hotKernelsAreWasm } from '../../tensor/cpu/kernels/hot-kernels';
import { type Arena, CONJ_B, kernelArena, TRANS_A, TRANS_B } from '../../tensor/cpu/wasm/module';
import { type Bells, bellGradients, f64, jetWeights, jetWeightsBackward, readBells, scratch, writeBellGradients } from './cpu-bells';
import { LMPCore, LMPCoreGrad, LMPCoreMix, LMPCoreMixGrad } from './lmp-core';
import { BackendError, invalid } from '../../errors';

const H = Math.SQRT1_2;
/** Width of a message row: s (2), p s (8), v~ (8), p.v~ (2). */
const W20 = 20;
/** What the gradient needs of a row of Y (kept as the third output): Y_s (2) and Y_v (8), columns 0, 1, 10..17. */
const W10 = 10;

/** Y = W X for one channel: rows of 20 (W [n, n] at wo; row j of X at xo + j stride, of Y at yo + j stride). */
function matvec20(w: Float64Array, wo: number, x: Float64Array, xo: number, y: Float64Array, yo: number, n: number, stride: number): void {
  for (let i = 0; i < n; i++) {
    let a0 = 0, a1 = 0, a2 = 0, a3 = 0, a4 = 0, a5 = 0, a6 = 0, a7 = 0, a8 = 0, a9 = 0;
    let a10 = 0, a11 = 0, a12 = 0, a13 = 0, a14 = 0, a15 = 0, a16 = 0, a17 = 0, a18 = 0, a19 = 0;
    const wr = wo + i * n;
    for (let j = 0; j < n; j++) {
      const wij = w[wr + j];
      if (wij === 0) continue;
      const o = xo + j * stride;
      a0 += wij * x[o];
      a1 += wij * x[o + 1];
      a2 += wij * x[o + 2];
      a3 += wij * x[o + 3];
      a4 += wij * x[o + 4];
      a5 += wij * x[o + 5];
      a6 += wij * x[o + 6];
      a7 += wij * x[o + 7];
      a8 += wij * x[o + 8];
      a9 += wij * x[o + 9];
      a10 += wij * x[o + 10];
      a11 += wij * x[o + 11];
      a12 += wij * x[o + 12];
      a13 += wij * x[o + 13];
      a14 += wij * x[o + 14];
      a15 += wij * x[o + 15];
      a16 += wij * x[o + 16];
      a17 += wij * x[o + 17];
      a18 += wij * x[o + 18];
      a19 += wij * x[o + 19];
    }
    const o = yo + i * stride;
    y[o] = a0;
    y[o + 1] = a1;
    y[o + 2] = a2;
    y[o + 3] = a3;
    y[o + 4] = a4;
    y[o + 5] = a5;
    y[o + 6] = a6;
    y[o + 7] = a7;
    y[o + 8] = a8;
    y[o + 9] = a9;
    y[o + 10] = a10;
    y[o + 11] = a11;
    y[o + 12] = a12;
    y[o + 13] = a13;
    y[o + 14] = a14;
    y[o + 15] = a15;
    y[o + 16] = a16;
    y[o + 17] = a17;
    y[o + 18] = a18;
    y[o + 19] = a19;
  }
}

/** gw[i][j] = gy_i . x_j (rows of 20, laid out as in {@link matvec20}) where w[i][j] != 0, else 0, for one channel at wo. */
function dots20(w: Float64Array, wo: number, gy: Float64Array, x: Float64Array, xo: number, gw: Float64Array, n: number, stride: number): void {
  for (let i = 0; i < n; i++) {
    const gi = xo + i * stride;
    const g0 = gy[gi], g1 = gy[gi + 1], g2 = gy[gi + 2], g3 = gy[gi + 3], g4 = gy[gi + 4];
    const g5 = gy[gi + 5], g6 = gy[gi + 6], g7 = gy[gi + 7], g8 = gy[gi + 8], g9 = gy[gi + 9];
    const g10 = gy[gi + 10], g11 = gy[gi + 11], g12 = gy[gi + 12], g13 = gy[gi + 13], g14 = gy[gi + 14];
    const g15 = gy[gi + 15], g16 = gy[gi + 16], g17 = gy[gi + 17], g18 = gy[gi + 18], g19 = gy[gi + 19];
    const wr = wo + i * n;
    for (let j = 0; j < n; j++) {
      if (w[wr + j] === 0) {
        gw[wr + j] = 0;
        continue;
      }
      const o = xo + j * stride;
      const t0 = g0 * x[o] + g4 * x[o + 4] + g8 * x[o + 8] + g12 * x[o + 12] + g16 * x[o + 16];
      const t1 = g1 * x[o + 1] + g5 * x[o + 5] + g9 * x[o + 9] + g13 * x[o + 13] + g17 * x[o + 17];
      const t2 = g2 * x[o + 2] + g6 * x[o + 6] + g10 * x[o + 10] + g14 * x[o + 14] + g18 * x[o + 18];
      const t3 = g3 * x[o + 3] + g7 * x[o + 7] + g11 * x[o + 11] + g15 * x[o + 15] + g19 * x[o + 19];
      gw[wr + j] = t0 + t1 + (t2 + t3);
    }
  }
}

/** Float64 planes of a complex (or real) input (no copy for float64); zeros for a missing imaginary part. */
function planes(t: TensorInfo): { re: Float64Array; im: Float64Array } {
  const d = cpuData(t);
  return { re: f64(d.re), im: d.im === null ? new Float64Array(d.re.length) : f64(d.im) };
}

/** v~ = U^H v per row (rows of 4 complex numbers), into re / im at row * 4. */
function cartesian(vr: Float64Array, vi: Float64Array, o: number, re: Float64Array, im: Float64Array, to: number): void {
  const x1r = vr[o + 1];
  const x3r = vr[o + 3];
  const x1i = vi[o + 1];
  const x3i = vi[o + 3];
  // U^H x = [x0, (x1 - x3)/sqrt2, -i (x1 + x3)/sqrt2, x2].
  re[to] = vr[o];
  im[to] = vi[o];
  re[to + 1] = (x1r - x3r) * H;
  im[to + 1] = (x1i - x3i) * H;
  re[to + 2] = (x1i + x3i) * H;
  im[to + 2] = -(x1r + x3r) * H;
  re[to + 3] = vr[o + 2];
  im[to + 3] = vi[o + 2];
}

/**
 * The rows X of every jet, particle and channel into x from element xo on (row r = (b n + j) c + ch
 * at xo + 20 r); v~ is vt [rows * 4] planes.
 */
function fillRows(p: Float64Array, sRe: Float64Array, sIm: Float64Array, vtR: Float64Array, vtI: Float64Array, rows: number, c: number, x: Float64Array, xo: number): void {
  for (let pi = 0; pi < rows / c; pi++) {
    const po = 4 * pi;
    const p0 = p[po];
    const p1 = p[po + 1];
    const p2 = p[po + 2];
    const p3 = p[po + 3];
    for (let row = pi * c; row < (pi + 1) * c; row++) {
      const sr = sRe[row];
      const si = sIm[row];
      const o = xo + row * W20;
      const t = 4 * row;
      const v0r = vtR[t];
      const v0i = vtI[t];
      const v1r = vtR[t + 1];
      const v1i = vtI[t + 1];
      const v2r = vtR[t + 2];
      const v2i = vtI[t + 2];
      const v3r = vtR[t + 3];
      const v3i = vtI[t + 3];
      x[o] = sr;
      x[o + 1] = si;
      x[o + 2] = p0 * sr;
      x[o + 3] = p0 * si;
      x[o + 4] = p1 * sr;
      x[o + 5] = p1 * si;
      x[o + 6] = p2 * sr;
      x[o + 7] = p2 * si;
      x[o + 8] = p3 * sr;
      x[o + 9] = p3 * si;
      x[o + 10] = v0r;
      x[o + 11] = v0i;
      x[o + 12] = v1r;
      x[o + 13] = v1i;
      x[o + 14] = v2r;
      x[o + 15] = v2i;
      x[o + 16] = v3r;
      x[o + 17] = v3i;
      x[o + 18] = p0 * v0r - p1 * v1r - p2 * v2r - p3 * v3r;
      x[o + 19] = p0 * v0i - p1 * v1i - p2 * v2i - p3 * v3i;
    }
  }
}

/** Doubles of the bell block of the WebAssembly kernels: b, c^2, a, c [k], u [k, c4], base [c4]. */
function bellBlockLength(f: Bells): number {
  return 4 * f.k + f.k * f.c4 + f.c4;
}

/** Writes the bell block (see asm/lmp.ts) into `to` from element `at` on. */
function putBells(f: Bells, to: Float64Array, at: number): void {
  const { k } = f;
  to.set(f.b, at);
  to.set(f.c2, at + k);
  to.set(f.a, at + 2 * k);
  to.set(f.cc, at + 3 * k);
  to.set(f.u, at + 4 * k);
  to.set(f.base, at + 4 * k + f.u.length);
}

/** Float64 inputs shared by both passes. */
interface Common {
  readonly nb: number;
  readonly n: number;
  readonly c: number;
  readonly f: Bells;
  readonly p: Float64Array;
  readonly m: Float64Array;
  readonly js: Float64Array;
}

/**
 * Lays out one pass of the WebAssembly kernels in the kernel arena: the shared inputs p, m, js, the
 * bell block, then `sizes[k]` doubles per named region; copies the shared inputs in. Returns the
 * byte offsets.
 */
function wasmLayout(arena: Arena, q: Common, sizes: Record<string, number>): Record<string, number> {
  const { nb, n, c, f } = q;
  arena.reset();
  const at: Record<string, number> = {
    p: arena.take(nb * n * 32),
    m: arena.take(nb * n * 8),
    js: arena.take(nb * 8),
    bells: arena.take(bellBlockLength(f) * 8),
  };
  for (const key in sizes) at[key] = arena.take(sizes[key] * 8);
  at.ws = arena.take(arena.exports.lmpWorkspaceBytes(n, c, f.k));
  arena.commit('lmpCore');
  const h = arena.f64;
  h.set(q.p, at.p / 8);
  h.set(q.m, at.m / 8);
  h.set(q.js, at.js / 8);
  putBells(f, h, at.bells / 8);
  return at;
}

/** Copies `src` (float64 or float32) into the arena region at byte offset `at`. */
function put(arena: Arena, src: FloatArray, at: number): void {
  arena.f64.set(src, at / 8);
}

/** Copies `dst.length` doubles from the arena region at byte offset `at` into `dst`. */
function get(arena: Arena, dst: FloatArray, at: number): void {
  dst.set(arena.f64.subarray(at / 8, at / 8 + dst.length));
}

/** Adds `dst.length` doubles from the arena region at byte offset `at` to `dst` (sums over chunks). */
function addFrom(arena: Arena, dst: FloatArray, at: number): void {
  const h = arena.f64;
  for (let t = 0; t < dst.length; t++) dst[t] += h[at / 8 + t];
}

/** The outputs of a core gradient kernel, by name and (`infos`) in its output order gp, ga, gbeta, gc, gu, gs, gv. */
interface CoreGradOutputs {
  readonly gp: CpuData;
  readonly ga: CpuData;
  readonly gbeta: CpuData;
  readonly gc: CpuData;
  readonly gu: CpuData;
  readonly gs: CpuData;
  readonly gv: CpuData;
  readonly infos: TensorInfo[];
}

/** Zeroed outputs of a core gradient kernel: gp [B,N,4], ga, gbeta, gc [K], gu [K,C], gs [B,N,C,1] and gv [B,N,C,4] complex. */
function coreGradOutputs(cpu: CpuBackend, q: Common, dtype: DType): CoreGradOutputs {
  const { nb, n, c, f } = q;
  const out = (shape: number[], complex: boolean) => cpu.output(shape, dtype, complex, true);
  const parts = [out([nb, n, 4], false), out([f.k], false), out([f.k], false), out([f.k], false), out([f.k, c], false), out([nb, n, c, 1], true), out([nb, n, c, 4], true)];
  const [gp, ga, gbeta, gc, gu, gs, gv] = parts.map((o) => o.data);
  return { gp, ga, gbeta, gc, gu, gs, gv, infos: parts.map((o) => o.info) };
}

/** Bytes of arena a WebAssembly pass lays out at once: jets go in chunks that fit (at least one). */
let chunkBytes = 4 * 1024 * 1024;

/**
 * Sets the arena budget per chunk of jets (default 4 MiB) and returns the previous one.
 * @internal For tests (a tiny budget runs one jet per chunk).
 */
export function setLmpChunkBytes(bytes: number): number {
  const before = chunkBytes;
  chunkBytes = bytes;
  return before;
}

/** Planar complex data (re, im). */
interface Planar {
  readonly re: FloatArray;
  readonly im: FloatArray;
}

/**
 * Runs `body` on consecutive chunks of jets [b0, b1) whose `bytesPerJet` fit in the chunk budget, with
 * the shared inputs of q restricted to the chunk; `cut(a, per)` is the part of a jet-major array
 * with `per` elements per jet.
 */
function inChunks(q: Common, bytesPerJet: number, body: (qc: Common, cut: <T extends FloatArray>(a: T, per: number) => T) => void): void {
  const jets = Math.max(1, Math.floor(chunkBytes / bytesPerJet));
  const { nb, n } = q;
  for (let b0 = 0; b0 < nb; b0 += jets) {
    const b1 = Math.min(nb, b0 + jets);
    const cut = <T extends FloatArray>(a: T, per: number): T => a.subarray(b0 * per, b1 * per) as T;
    body({ ...q, nb: b1 - b0, p: cut(q.p, n * 4), m: cut(q.m, n), js: cut(q.js, 1) }, cut);
  }
}

/**
 * The channel mixing fused after the core (LMPCoreMix): weights wS [oS, 4C] and wV [oV, 3C] as
 * float64 planes, applied to catS and catV of each chunk while they are in the kernel arena.
 */
interface Mix {
  readonly wS: Planar;
  readonly wV: Planar;
  readonly oS: number;
  readonly oV: number;
}

/** Copies the mixing weights into their arena regions (wSr, wSi, wVr, wVi). */
function putMix(arena: Arena, mix: Mix, at: Record<string, number>): void {
  put(arena, mix.wS.re, at.wSr);
  put(arena, mix.wS.im, at.wSi);
  put(arena, mix.wV.re, at.wVr);
  put(arena, mix.wV.im, at.wVi);
}

/** Arena regions (doubles) of the mixing weights. */
function mixWeightSizes(mix: Mix, c: number): Record<string, number> {
  return { wSr: mix.oS * 4 * c, wSi: mix.oS * 4 * c, wVr: mix.oV * 3 * c, wVi: mix.oV * 3 * c };
}

/** Doubles per jet of the mixed features (or their gradients): oS scalars and oV four-vectors, complex. */
function mixedPerJet(mix: Mix, n: number): number {
  return 2 * (mix.oS + 4 * mix.oV) * n;
}

/**
 * The whole forward pass in the WebAssembly kernels (asm/lmp.ts, asm/lmp-rows.ts), chunk by chunk
 * of jets. Without `mix`: outputs catS, catV and the kept halves of the message sums (LMPCore).
 * With `mix`: catS and catV are mixed in the arena (asm/mix.ts) and the outputs are the mixed
 * features [B, N, oS, 1], [B, N, oV, 4] and all 20 message sums per row (LMPCoreMix), which the
 * backward pass needs to assemble catS and catV again.
 */
function forwardWasm(q: Common, s: Planar, v: Planar, outS: CpuData, outV: CpuData, outY: CpuData, mix: Mix | null): void {
  const { n, c, f } = q;
  const rj = n * c; // rows per jet
  const mixed = mix === null ? 0 : mixedPerJet(mix, n);
  inChunks(q, 8 * (rj * (2 + 8 + 2 * W20 + 8 + 24 + (mix === null ? W10 : 0)) + mixed), (qc, cut) => {
    const np = qc.nb * n;
    const rows = np * c;
    const arena = kernelArena();
    const zWs = mix === null ? 0 : arena.exports.zgemmWorkspaceBytes(np, 4 * c, mix.oS) / 8;
    const at = wasmLayout(arena, qc, {
      sRe: rows, sIm: rows, vRe: 4 * rows, vIm: 4 * rows, x: rows * W20, y: rows * W20,
      sR: 4 * rows, sI: 4 * rows, vR: 12 * rows, vI: 12 * rows, ...(mix === null ? { yKeep: rows * W10 } : {}),
      ...(mix === null ? {} : { ...mixWeightSizes(mix, c), oSr: np * mix.oS, oSi: np * mix.oS, oVr: 4 * np * mix.oV, oVi: 4 * np * mix.oV, zWs }),
    });
    put(arena, cut(s.re, rj), at.sRe);
    put(arena, cut(s.im, rj), at.sIm);
    put(arena, cut(v.re, 4 * rj), at.vRe);
    put(arena, cut(v.im, 4 * rj), at.vIm);
    const x = arena.exports;
    x.lmpFillRows(at.p, at.sRe, at.sIm, at.vRe, at.vIm, at.x, np, c);
    x.lmpForward(at.p, at.m, at.js, at.bells, at.x, at.y, qc.nb, n, c, f.k, at.ws);
    // With the mixing, all of Y is the state output: no kept halves.
    x.lmpAssemble(at.p, at.m, at.sRe, at.sIm, at.vRe, at.vIm, at.y, at.sR, at.sI, at.vR, at.vI, mix === null ? at.yKeep : 0, np, c);
    if (mix === null) {
      get(arena, cut(outS.re, 4 * rj), at.sR);
      get(arena, cut(outS.im!, 4 * rj), at.sI);
      get(arena, cut(outV.re, 12 * rj), at.vR);
      get(arena, cut(outV.im!, 12 * rj), at.vI);
      get(arena, cut(outY.re, W10 * rj), at.yKeep);
      return;
    }
    putMix(arena, mix, at);
    // Scalars: one product [np, 4C] wS^T; four-vectors: the channel mixing per particle.
    x.zgemm(at.sR, at.sI, at.wSr, at.wSi, at.oSr, at.oSi, 1, np, 4 * c, mix.oS, TRANS_B, 0, 0, at.zWs);
    x.mixChannelsForward(at.wVr, at.wVi, at.vR, at.vI, at.oVr, at.oVi, np, mix.oV, 3 * c, 4);
    get(arena, cut(outS.re, n * mix.oS), at.oSr);
    get(arena, cut(outS.im!, n * mix.oS), at.oSi);
    get(arena, cut(outV.re, 4 * n * mix.oV), at.oVr);
    get(arena, cut(outV.im!, 4 * n * mix.oV), at.oVi);
    get(arena, cut(outY.re, W20 * rj), at.y);
  });
}

/** Gradients of the mixing weights, summed over the chunks (LMPCoreMix). */
interface MixGrad extends Mix {
  readonly gOutS: Planar;
  readonly gOutV: Planar;
  readonly gwS: CpuData;
  readonly gwV: CpuData;
}

/**
 * The whole backward pass in the WebAssembly kernels, chunk by chunk of jets; outputs as the
 * kernel's (gp, gs, gv written; the bell gradients ga, gbeta, gc, gu added to). Without `mix`,
 * ins.gS and ins.gV are the gradients of catS and catV and y the kept halves of the message sums;
 * with `mix`, y holds all 20 sums per row, catS and catV are assembled again in the arena and their
 * gradients come from the mixing's backward pass (asm/mix.ts) of mix.gOutS and mix.gOutV, whose
 * weight gradients are added to mix.gwS and mix.gwV.
 */
function gradientWasm(q: Common, ins: { s: Planar; v: Planar; gS: Planar | null; gV: Planar | null }, y: FloatArray, g: CoreGradOutputs, mix: MixGrad | null): void {
  const { n, c, f } = q;
  const { k } = f;
  const rj = n * c;
  const extra = mix === null ? 0 : 8 * (rj * (W20 + 24) + mixedPerJet(mix, n));
  inChunks(q, 8 * rj * (2 + 8 + 8 + 24 + W10 + 3 * W20 + 2 + 8 + 8) + 64 * n + extra, (qc, cut) => {
    const np = qc.nb * n;
    const rows = np * c;
    const arena = kernelArena();
    const zx = arena.exports;
    const zWs = mix === null ? 0 : Math.max(zx.zgemmWorkspaceBytes(np, mix.oS, 4 * c), zx.zgemmWorkspaceBytes(mix.oS, np, 4 * c)) / 8;
    const at = wasmLayout(arena, qc, {
      sRe: rows, sIm: rows, vRe: 4 * rows, vIm: 4 * rows, gSre: 4 * rows, gSim: 4 * rows, gVre: 12 * rows, gVim: 12 * rows,
      y: rows * W10, x: rows * W20, gy: rows * W20, gx: rows * W20, gp: np * 4, gsR: rows, gsI: rows, gvR: 4 * rows, gvI: 4 * rows,
      gtR: 4 * rows, gtI: 4 * rows, out: 3 * k + k * c,
      ...(mix === null
        ? {}
        : {
            ...mixWeightSizes(mix, c), yAll: rows * W20, sR: 4 * rows, sI: 4 * rows, vR: 12 * rows, vI: 12 * rows,
            gOSr: np * mix.oS, gOSi: np * mix.oS, gOVr: 4 * np * mix.oV, gOVi: 4 * np * mix.oV, gwSr: mix.oS * 4 * c, gwSi: mix.oS * 4 * c,
            gwVr: mix.oV * 3 * c, gwVi: mix.oV * 3 * c,
            mixWs: zx.mixWorkspaceBytes(mix.oV, 3 * c) / 8,
            zWs,
          }),
    });
    put(arena, cut(ins.s.re, rj), at.sRe);
    put(arena, cut(ins.s.im, rj), at.sIm);
    put(arena, cut(ins.v.re, 4 * rj), at.vRe);
    put(arena, cut(ins.v.im, 4 * rj), at.vIm);
    const x = arena.exports;
    if (mix === null) {
      put(arena, cut(ins.gS!.re, 4 * rj), at.gSre);
      put(arena, cut(ins.gS!.im, 4 * rj), at.gSim);
      put(arena, cut(ins.gV!.re, 12 * rj), at.gVre);
      put(arena, cut(ins.gV!.im, 12 * rj), at.gVim);
      put(arena, cut(y, W10 * rj), at.y);
    } else {
      // catS, catV (and the kept halves of Y) again from the inputs and all of Y; then the
      // gradients of catS and catV from the mixing's backward pass.
      put(arena, cut(y, W20 * rj), at.yAll);
      x.lmpAssemble(at.p, at.m, at.sRe, at.sIm, at.vRe, at.vIm, at.yAll, at.sR, at.sI, at.vR, at.vI, at.y, np, c);
      putMix(arena, mix, at);
      put(arena, cut(mix.gOutS.re, n * mix.oS), at.gOSr);
      put(arena, cut(mix.gOutS.im, n * mix.oS), at.gOSi);
      put(arena, cut(mix.gOutV.re, 4 * n * mix.oV), at.gOVr);
      put(arena, cut(mix.gOutV.im, 4 * n * mix.oV), at.gOVi);
      // Scalars: gcatS = gS conj(wS), gwS = gS^T conj(catS); four-vectors: the mixing's backward pass.
      x.zgemm(at.gOSr, at.gOSi, at.wSr, at.wSi, at.gSre, at.gSim, 1, np, mix.oS, 4 * c, CONJ_B, 0, 0, at.zWs);
      x.zgemm(at.gOSr, at.gOSi, at.sR, at.sI, at.gwSr, at.gwSi, 1, mix.oS, np, 4 * c, TRANS_A | CONJ_B, 0, 0, at.zWs);
      x.mixChannelsBackward(at.wVr, at.wVi, at.vR, at.vI, at.gOVr, at.gOVi, at.gwVr, at.gwVi, at.gVre, at.gVim, np, mix.oV, 3 * c, 4, at.mixWs);
      addFrom(arena, mix.gwS.re, at.gwSr);
      addFrom(arena, mix.gwS.im!, at.gwSi);
      addFrom(arena, mix.gwV.re, at.gwVr);
      addFrom(arena, mix.gwV.im!, at.gwVi);
    }
    arena.f64.fill(0, at.gp / 8, at.gp / 8 + np * 4);
    x.lmpDirect(at.p, at.m, at.sRe, at.sIm, at.vRe, at.vIm, at.gSre, at.gSim, at.gVre, at.gVim, at.y, at.gy, at.gp, at.gsR, at.gsI, at.gvR, at.gvI, at.gtR, at.gtI, np, c);
    x.lmpFillRows(at.p, at.sRe, at.sIm, at.vRe, at.vIm, at.x, np, c);
    x.lmpBackward(at.p, at.m, at.js, at.bells, at.x, at.gy, at.gx, at.gp, at.out, qc.nb, n, c, k, at.ws);
    x.lmpScatter(at.p, at.sRe, at.sIm, at.vRe, at.vIm, at.gx, at.gp, at.gsR, at.gsI, at.gvR, at.gvI, at.gtR, at.gtI, np, c);
    get(arena, cut(g.gp.re, 4 * n), at.gp);
    get(arena, cut(g.gs.re, rj), at.gsR);
    get(arena, cut(g.gs.im!, rj), at.gsI);
    get(arena, cut(g.gv.re, 4 * rj), at.gvR);
    get(arena, cut(g.gv.im!, 4 * rj), at.gvI);
    // The bell gradients a, beta, c [k] and u [k, c], one after the other in `out`.
    addFrom(arena, g.ga.re, at.out);
    addFrom(arena, g.gbeta.re, at.out + 8 * k);
    addFrom(arena, g.gc.re, at.out + 16 * k);
    addFrom(arena, g.gu.re, at.out + 24 * k);
  });
}

/**
 * The message sums Y [rows, 20] of every jet and channel (the pairwise stage of the forward pass,
 * TypeScript): a scratch array, valid until the next kernel call.
 */
function messageSums(q: Common, sRe: Float64Array, sIm: Float64Array, vtR: Float64Array, vtI: Float64Array): Float64Array {
  const { nb, n, c, f, p, m, js } = q;
  const rows = nb * n * c;
  const x = scratch('x', rows * W20, false);
  const y = scratch('y', rows * W20, false);
  fillRows(p, sRe, sIm, vtR, vtI, rows, c, x, 0);
  const w = scratch('w', c * n * n, false);
  for (let bb = 0; bb < nb; bb++) {
    jetWeights(f, p, m, js[bb], bb, n, w);
    for (let ch = 0; ch < c; ch++) {
      const o = (bb * n * c + ch) * W20;
      matvec20(w, ch * n * n, x, o, y, o, n, c * W20);
    }
  }
  return y;
}

/**
 * The pairwise stage of the backward pass (TypeScript): given gy [rows, 20] (the gradient of Y), returns
 * gX = W gY [rows, 20], adds the gradient of the positions through the weights to gp and writes
 * the bell gradients into the outputs ga, gbeta, gc, gu.
 */
function messageSumsBackward(
  q: Common, sRe: Float64Array, sIm: Float64Array, vtR: Float64Array, vtI: Float64Array,
  fillGy: (gy: Float64Array, at: number) => void, gp: FloatArray, ga: FloatArray, gbeta: FloatArray, gc: FloatArray, gu: FloatArray,
): Float64Array {
  const { nb, n, c, f, p, m, js } = q;
  const { k } = f;
  const rows = nb * n * c;
  const x = scratch('x', rows * W20, false);
  const gy = scratch('gy', rows * W20, false);
  const gx = scratch('gx', rows * W20, false);
  fillRows(p, sRe, sIm, vtR, vtI, rows, c, x, 0);
  fillGy(gy, 0);
  const w = scratch('w', c * n * n, false);
  const gw = scratch('gw', c * n * n, false);
  const acc = bellGradients(f);
  for (let bb = 0; bb < nb; bb++) {
    jetWeights(f, p, m, js[bb], bb, n, w);
    for (let ch = 0; ch < c; ch++) {
      // gX = W gY (W symmetric); gW[i][j] = gY_i . X_j.
      const o = (bb * n * c + ch) * W20;
      matvec20(w, ch * n * n, gy, o, gx, o, n, c * W20);
      dots20(w, ch * n * n, gy, x, o, gw, n, c * W20);
    }
    jetWeightsBackward(f, p, m, js[bb], bb, n, gw, acc, gp);
  }
  writeBellGradients(f, acc, ga, gbeta, gc, gu);
  return gx;
}

function common(inputs: Readonly<Record<string, TensorInfo>>): Common {
  const [nb, n] = inputs.p.shape;
  return {
    nb,
    n,
    c: inputs.u.shape[1],
    f: readBells(inputs),
    p: f64(cpuData(inputs.p).re),
    m: f64(cpuData(inputs.m).re),
    js: f64(cpuData(inputs.js).re),
  };
}

const forward: KernelFunc = ({ inputs, backend }) => {
  const q = common(inputs);
  const { nb, n, c, p, m } = q;
  const dtype = inputs.s.dtype;
  const cpu = backend as CpuBackend;
  const outS = cpu.output([nb, n, 4 * c, 1], dtype, true, false);
  const outV = cpu.output([nb, n, 3 * c, 4], dtype, true, false);
  const outY = cpu.output([nb, n, c, W10], dtype, false, false);
  const s = planes(inputs.s);
  const v = planes(inputs.v);
  if (hotKernelsAreWasm()) {
    forwardWasm(q, s, v, outS.data, outV.data, outY.data, null);
    return [outS.info, outV.info, outY.info];
  }
  const sRe = s.re;
  const sIm = s.im;
  const vRe = v.re;
  const vIm = v.im;
  const rows = nb * n * c;
  const vtR = scratch('vtR', rows * 4, false);
  const vtI = scratch('vtI', rows * 4, false);
  for (let r = 0; r < rows; r++) cartesian(vRe, vIm, 4 * r, vtR, vtI, 4 * r);
  const y = messageSums(q, sRe, sIm, vtR, vtI);
  const sR = outS.data.re;
  const sI = outS.data.im!;
  const vR = outV.data.re;
  const vI = outV.data.im!;
  const yKeep = outY.data.re;
  for (let pi = 0; pi < nb * n; pi++) {
    const po = pi * 4;
    const base = pi * 4 * c;
    const baseV = pi * 3 * c;
    const mi = m[pi];
    const p0 = p[po];
    const p1 = p[po + 1];
    const p2 = p[po + 2];
    const p3 = p[po + 3];
    for (let ch = 0; ch < c; ch++) {
      const row = pi * c + ch;
      const yo = row * W20;
      const ko = row * W10;
      yKeep[ko] = y[yo];
      yKeep[ko + 1] = y[yo + 1];
      for (let t = 2; t < W10; t++) yKeep[ko + t] = y[yo + 8 + t];
      // Z = p_i Y_s - Y_ps; 2R = p_i . Y_v - Y_pv.
      const ysr = y[yo];
      const ysi = y[yo + 1];
      const z0r = p0 * ysr - y[yo + 2];
      const z0i = p0 * ysi - y[yo + 3];
      const z1r = p1 * ysr - y[yo + 4];
      const z1i = p1 * ysi - y[yo + 5];
      const z2r = p2 * ysr - y[yo + 6];
      const z2i = p2 * ysi - y[yo + 7];
      const z3r = p3 * ysr - y[yo + 8];
      const z3i = p3 * ysi - y[yo + 9];
      const rr = p0 * y[yo + 10] - p1 * y[yo + 12] - p2 * y[yo + 14] - p3 * y[yo + 16] - y[yo + 18];
      const ri = p0 * y[yo + 11] - p1 * y[yo + 13] - p2 * y[yo + 15] - p3 * y[yo + 17] - y[yo + 19];
      const sr = sRe[row];
      const si = sIm[row];
      sR[base + ch] = mi * (0.5 * rr);
      sI[base + ch] = mi * (0.5 * ri);
      sR[base + c + ch] = mi * sr;
      sI[base + c + ch] = mi * si;
      sR[base + 2 * c + ch] = mi * (sr * sr - si * si);
      sI[base + 2 * c + ch] = mi * (2 * sr * si);
      const t0 = 4 * row;
      const a0 = vtR[t0];
      const b0 = vtI[t0];
      const a1 = vtR[t0 + 1];
      const b1 = vtI[t0 + 1];
      const a2 = vtR[t0 + 2];
      const b2 = vtI[t0 + 2];
      const a3 = vtR[t0 + 3];
      const b3 = vtI[t0 + 3];
      sR[base + 3 * c + ch] = mi * (0.5 * (a0 * a0 - b0 * b0 - (a1 * a1 - b1 * b1) - (a2 * a2 - b2 * b2) - (a3 * a3 - b3 * b3)));
      sI[base + 3 * c + ch] = mi * (a0 * b0 - a1 * b1 - a2 * b2 - a3 * b3);
      // U z = [z0, (z1 + i z2)/sqrt2, z3, -(z1 - i z2)/sqrt2].
      const o0 = 4 * (baseV + ch);
      vR[o0] = mi * z0r;
      vI[o0] = mi * z0i;
      vR[o0 + 1] = mi * ((z1r - z2i) * H);
      vI[o0 + 1] = mi * ((z1i + z2r) * H);
      vR[o0 + 2] = mi * z3r;
      vI[o0 + 2] = mi * z3i;
      vR[o0 + 3] = mi * (-(z1r + z2i) * H);
      vI[o0 + 3] = mi * (-(z1i - z2r) * H);
      const o1 = 4 * (baseV + c + ch);
      const o2 = 4 * (baseV + 2 * c + ch);
      for (let t = 0; t < 4; t++) {
        const xr = vRe[t0 + t];
        const xi = vIm[t0 + t];
        vR[o1 + t] = mi * xr;
        vI[o1 + t] = mi * xi;
        vR[o2 + t] = mi * (sr * xr - si * xi);
        vI[o2 + t] = mi * (sr * xi + si * xr);
      }
    }
  }
  return [outS.info, outV.info, outY.info];
};

const gradient: KernelFunc = ({ inputs, backend }) => {
  const q = common(inputs);
  const { nb, n, c, p, m } = q;
  const g = coreGradOutputs(backend as CpuBackend, q, inputs.s.dtype);
  const yAll = f64(cpuData(inputs.y).re);
  if (hotKernelsAreWasm()) {
    const ins = { s: planes(inputs.s), v: planes(inputs.v), gS: planes(inputs.gS), gV: planes(inputs.gV) };
    gradientWasm(q, ins, yAll, g, null);
    return g.infos;
  }
  const s = planes(inputs.s);
  const v = planes(inputs.v);
  const gS = planes(inputs.gS);
  const gV = planes(inputs.gV);
  const sRe = s.re;
  const sIm = s.im;
  const vRe = v.re;
  const vIm = v.im;
  const gSre = gS.re;
  const gSim = gS.im;
  const gVre = gV.re;
  const gVim = gV.im;
  const rows = nb * n * c;
  const vtR = scratch('vtR', rows * 4, false);
  const vtI = scratch('vtI', rows * 4, false);
  for (let r = 0; r < rows; r++) cartesian(v.re, v.im, 4 * r, vtR, vtI, 4 * r);
  const gp = g.gp.re;
  const gsR = g.gs.re;
  const gsI = g.gs.im!;
  const gtR = scratch('gtR', rows * 4, false); // gradient of v~ (the direct terms; written before it is read)
  const gtI = scratch('gtI', rows * 4, false);
  const gvR = g.gv.re; // canonical part of the gradient of v, U gv~ added at the end
  const gvI = g.gv.im!;
  // Direct terms, and the gradient of Y (gy) from the outputs of each particle.
  const fillGy = (gy: Float64Array, at: number): void => {
    for (let pi = 0; pi < nb * n; pi++) {
      const po = pi * 4;
      const base = pi * 4 * c;
      const baseV = pi * 3 * c;
      const mi = m[pi];
      const p0 = p[po];
      const p1 = p[po + 1];
      const p2 = p[po + 2];
      const p3 = p[po + 3];
      for (let ch = 0; ch < c; ch++) {
        const row = pi * c + ch;
        const t0 = 4 * row;
        const sr = sRe[row];
        const si = sIm[row];
        const g2r = mi * gSre[base + 2 * c + ch];
        const g2i = mi * gSim[base + 2 * c + ch];
        let gsr = mi * gSre[base + c + ch] + 2 * (sr * g2r + si * g2i);
        let gsi = mi * gSim[base + c + ch] + 2 * (sr * g2i - si * g2r);
        // (v~ . v~)/2: g_v~ += conj(eta v~) g3.
        const g3r = mi * gSre[base + 3 * c + ch];
        const g3i = mi * gSim[base + 3 * c + ch];
        for (let mu = 0; mu < 4; mu++) {
          const sg = mu === 0 ? 1 : -1;
          const ar = sg * vtR[t0 + mu];
          const ai = sg * vtI[t0 + mu];
          gtR[t0 + mu] = ar * g3r + ai * g3i;
          gtI[t0 + mu] = ar * g3i - ai * g3r;
        }
        // v and s v: g_s += sum conj(v) h, g_v = g1 + conj(s) h.
        const o1 = 4 * (baseV + c + ch);
        const o2 = 4 * (baseV + 2 * c + ch);
        for (let t = 0; t < 4; t++) {
          const xr = vRe[t0 + t];
          const xi = vIm[t0 + t];
          const hr = mi * gVre[o2 + t];
          const hi = mi * gVim[o2 + t];
          gsr += xr * hr + xi * hi;
          gsi += xr * hi - xi * hr;
          gvR[t0 + t] = mi * gVre[o1 + t] + sr * hr + si * hi;
          gvI[t0 + t] = mi * gVim[o1 + t] + sr * hi - si * hr;
        }
        gsR[row] += gsr;
        gsI[row] += gsi;
        // g_Z = U^H gV[message] (Cartesian); g of 2R is gS[message] / 2.
        const om = 4 * (baseV + ch);
        const x1r = mi * gVre[om + 1];
        const x3r = mi * gVre[om + 3];
        const x1i = mi * gVim[om + 1];
        const x3i = mi * gVim[om + 3];
        const gz0r = mi * gVre[om];
        const gz0i = mi * gVim[om];
        const gz1r = (x1r - x3r) * H;
        const gz1i = (x1i - x3i) * H;
        const gz2r = (x1i + x3i) * H;
        const gz2i = -(x1r + x3r) * H;
        const gz3r = mi * gVre[om + 2];
        const gz3i = mi * gVim[om + 2];
        const gRr = 0.5 * mi * gSre[base + ch];
        const gRi = 0.5 * mi * gSim[base + ch];
        const yo = row * W10;
        const go = at + row * W20;
        const ysr = yAll[yo];
        const ysi = yAll[yo + 1];
        // Z_mu = p_mu Y_s - Y_ps,mu; 2R = sum eta p_mu Y_v,mu - Y_pv.
        gy[go] = p0 * gz0r + p1 * gz1r + p2 * gz2r + p3 * gz3r;
        gy[go + 1] = p0 * gz0i + p1 * gz1i + p2 * gz2i + p3 * gz3i;
        gy[go + 2] = -gz0r;
        gy[go + 3] = -gz0i;
        gy[go + 4] = -gz1r;
        gy[go + 5] = -gz1i;
        gy[go + 6] = -gz2r;
        gy[go + 7] = -gz2i;
        gy[go + 8] = -gz3r;
        gy[go + 9] = -gz3i;
        gy[go + 10] = p0 * gRr;
        gy[go + 11] = p0 * gRi;
        gy[go + 12] = -p1 * gRr;
        gy[go + 13] = -p1 * gRi;
        gy[go + 14] = -p2 * gRr;
        gy[go + 15] = -p2 * gRi;
        gy[go + 16] = -p3 * gRr;
        gy[go + 17] = -p3 * gRi;
        gy[go + 18] = -gRr;
        gy[go + 19] = -gRi;
        gp[po] += gz0r * ysr + gz0i * ysi + gRr * yAll[yo + 2] + gRi * yAll[yo + 3];
        gp[po + 1] += gz1r * ysr + gz1i * ysi - (gRr * yAll[yo + 4] + gRi * yAll[yo + 5]);
        gp[po + 2] += gz2r * ysr + gz2i * ysi - (gRr * yAll[yo + 6] + gRi * yAll[yo + 7]);
        gp[po + 3] += gz3r * ysr + gz3i * ysi - (gRr * yAll[yo + 8] + gRi * yAll[yo + 9]);
      }
    }
  };
  const gx = messageSumsBackward(q, sRe, sIm, vtR, vtI, fillGy, gp, g.ga.re, g.gbeta.re, g.gc.re, g.gu.re);
  // X_j = [s, p s, v~, p.v~] -> gradients of s, p, v~; then g_v = canonical part + U g_v~, with
  // U z = [z0, (z1 + i z2)/sqrt2, z3, -(z1 - i z2)/sqrt2].
  for (let pi = 0; pi < nb * n; pi++) {
    const po = 4 * pi;
    const p0 = p[po];
    const p1 = p[po + 1];
    const p2 = p[po + 2];
    const p3 = p[po + 3];
    let gp0 = 0;
    let gp1 = 0;
    let gp2 = 0;
    let gp3 = 0;
    for (let row = pi * c; row < (pi + 1) * c; row++) {
      const o = row * W20;
      const t = 4 * row;
      const sr = sRe[row];
      const si = sIm[row];
      const gpvr = gx[o + 18];
      const gpvi = gx[o + 19];
      const h0r = gx[o + 2];
      const h0i = gx[o + 3];
      const h1r = gx[o + 4];
      const h1i = gx[o + 5];
      const h2r = gx[o + 6];
      const h2i = gx[o + 7];
      const h3r = gx[o + 8];
      const h3i = gx[o + 9];
      gsR[row] += gx[o] + p0 * h0r + p1 * h1r + p2 * h2r + p3 * h3r;
      gsI[row] += gx[o + 1] + p0 * h0i + p1 * h1i + p2 * h2i + p3 * h3i;
      gp0 += h0r * sr + h0i * si + (gpvr * vtR[t] + gpvi * vtI[t]);
      gp1 += h1r * sr + h1i * si - (gpvr * vtR[t + 1] + gpvi * vtI[t + 1]);
      gp2 += h2r * sr + h2i * si - (gpvr * vtR[t + 2] + gpvi * vtI[t + 2]);
      gp3 += h3r * sr + h3i * si - (gpvr * vtR[t + 3] + gpvi * vtI[t + 3]);
      const z0r = gtR[t] + gx[o + 10] + p0 * gpvr;
      const z0i = gtI[t] + gx[o + 11] + p0 * gpvi;
      const z1r = gtR[t + 1] + gx[o + 12] - p1 * gpvr;
      const z1i = gtI[t + 1] + gx[o + 13] - p1 * gpvi;
      const z2r = gtR[t + 2] + gx[o + 14] - p2 * gpvr;
      const z2i = gtI[t + 2] + gx[o + 15] - p2 * gpvi;
      const z3r = gtR[t + 3] + gx[o + 16] - p3 * gpvr;
      const z3i = gtI[t + 3] + gx[o + 17] - p3 * gpvi;
      gvR[t] += z0r;
      gvI[t] += z0i;
      gvR[t + 1] += (z1r - z2i) * H;
      gvI[t + 1] += (z1i + z2r) * H;
      gvR[t + 2] += z3r;
      gvI[t + 2] += z3i;
      gvR[t + 3] += -(z1r + z2i) * H;
      gvI[t + 3] += -(z1i - z2r) * H;
    }
    gp[po] += gp0;
    gp[po + 1] += gp1;
    gp[po + 2] += gp2;
    gp[po + 3] += gp3;
  }
  return g.infos;
};

/** The mixing weights of LMPCoreMix as float64 planes, with their output channels. */
function mixOf(inputs: Readonly<Record<string, TensorInfo>>): Mix {
  return { wS: planes(inputs.wS), wV: planes(inputs.wV), oS: inputs.wS.shape[0], oV: inputs.wV.shape[0] };
}

/** LMPCoreMix runs only in the WebAssembly kernels, on float64 data. */
function checkMixBackend(fn: string, inputs: Readonly<Record<string, TensorInfo>>): void {
  if (!hotKernelsAreWasm() || Object.values(inputs).some((t) => t.dtype !== 'float64')) {
    throw new BackendError(invalid(fn, 'inputs', 'float64 tensors on the CPU backend with WebAssembly SIMD kernels (check lmpCoreMixAvailable)', inputs.s.dtype));
  }
}

const forwardMix: KernelFunc = ({ inputs, backend }) => {
  checkMixBackend('lmpCoreMix', inputs);
  const q = common(inputs);
  const { nb, n, c } = q;
  const mix = mixOf(inputs);
  const cpu = backend as CpuBackend;
  const outS = cpu.output([nb, n, mix.oS, 1], 'float64', true, false);
  const outV = cpu.output([nb, n, mix.oV, 4], 'float64', true, false);
  const outY = cpu.output([nb, n, c, W20], 'float64', false, false);
  forwardWasm(q, planes(inputs.s), planes(inputs.v), outS.data, outV.data, outY.data, mix);
  return [outS.info, outV.info, outY.info];
};

const gradientMix: KernelFunc = ({ inputs, backend }) => {
  checkMixBackend('lmpCoreMix (gradient)', inputs);
  const q = common(inputs);
  const cpu = backend as CpuBackend;
  const g = coreGradOutputs(cpu, q, 'float64');
  const gwSOut = cpu.output(inputs.wS.shape, 'float64', true, true);
  const gwVOut = cpu.output(inputs.wV.shape, 'float64', true, true);
  const mix: MixGrad = { ...mixOf(inputs), gOutS: planes(inputs.gS), gOutV: planes(inputs.gV), gwS: gwSOut.data, gwV: gwVOut.data };
  const ins = { s: planes(inputs.s), v: planes(inputs.v), gS: null, gV: null };
  const y = f64(cpuData(inputs.y).re);
  gradientWasm(q, ins, y, g, mix);
  return [...g.infos, gwSOut.info, gwVOut.info];
};

/** CPU kernels of the fused LMP core, of the core fused with the channel mixing, and their gradients. */
export const lmpCoreCpuKernels: KernelConfig[] = [
  { kernelName: LMPCore, backendName: 'cpu', kernelFunc: forward },
  { kernelName: LMPCoreGrad, backendName: 'cpu', kernelFunc: gradient },
  { kernelName: LMPCoreMix, backendName: 'cpu', kernelFunc: forwardMix },
  { kernelName: LMPCoreMixGrad, backendName: 'cpu', kernelFunc: gradientMix },
];

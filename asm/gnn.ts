// The edge network and message sum of the GNN autoencoder's message-passing layer
// (src/models/gnnae/cpu-edge-messages.ts holds the TypeScript reference, with the same
// expressions): for node features h [B, N, F], per-node parts p, q [B, N, H] of the first edge
// layer, its distance column wd [H], the second edge layer w1 [H, M], b1 [M] and the mask [B, N],
//
//   d_ij  = sqrt(|h_i - h_j|^2 + softening)
//   z_ij  = LeakyReLU(p_i + q_j + d_ij wd)
//   out_i = sum_j m_i m_j LeakyReLU(z_ij w1 + b1)
//
// The edges with m_i m_j != 0 are gathered in chunks of at most `cap` rows (whole particles: cap
// >= N); the second layer is one matrix product per chunk (by the unpacked kernels below: the
// weight is small, so packing the operands as dgemm does cost more than it saves). The backward
// pass recomputes the chunk's
// activations. f64x2 over pairs of the hidden and message axes.

import { madd } from './madd';

// Regions of the workspace (byte offsets), set by `layout`.
let Z: usize = 0;
let Z2: usize = 0;
let G1: usize = 0;
let WT: usize = 0;
let DIST: usize = 0;
let RI: usize = 0;
let RJ: usize = 0;
let W1T: usize = 0; // w1 transposed [M, H]

// Where the next chunk starts: jet curB, particle curI.
let curB: i32 = 0;
let curI: i32 = 0;

@inline function align16(x: f64): f64 {
  return Math.ceil(x / 16) * 16;
}

function fixedBytes(cap: i32, H: i32, M: i32): f64 {
  const c = <f64>cap;
  return align16(c * <f64>H * 8) * 2 + align16(c * <f64>M * 8) + align16(c * 8) * 2 + align16(c * 4) * 2 + align16(<f64>H * <f64>M * 8);
}

/** Bytes of scratch that `gnnEdgeForward` and `gnnEdgeBackward` need for chunks of `cap` rows (16-byte aligned `ws`). */
export function gnnEdgeWorkspaceBytes(cap: i32, H: i32, M: i32): f64 {
  return fixedBytes(cap, H, M);
}

function layout(ws: usize, cap: i32, H: i32, M: i32): void {
  const c = <f64>cap;
  let at = <f64>ws;
  Z = <usize>at;
  at += align16(c * <f64>H * 8);
  G1 = <usize>at;
  at += align16(c * <f64>H * 8);
  Z2 = <usize>at;
  at += align16(c * <f64>M * 8);
  WT = <usize>at;
  at += align16(c * 8);
  DIST = <usize>at;
  at += align16(c * 8);
  RI = <usize>at;
  at += align16(c * 4);
  RJ = <usize>at;
  at += align16(c * 4);
  W1T = <usize>at;
}

/**
 * A 4 x 4 tile of c (rows cp, cp + ldb, ...; four doubles each) = (or += with `accumulate`) the
 * sum over `steps` of the four values of a at ap + t rowStep (t = 0..3) times the row of four of
 * b at bp, with ap += kStep and bp += ldb per step: eight f64x2 accumulators, a read by broadcast
 * loads. gemmNN walks a row-major a along its rows (rowStep lda, kStep 8), gemmTNAcc a transposed
 * one (rowStep 8, kStep lda).
 */
@inline function tile4x4(ap: usize, rowStep: usize, kStep: usize, bp: usize, ldb: usize, steps: i32, cp: usize, accumulate: bool): void {
  const zero = f64x2.splat(0.0);
  let c00 = accumulate ? v128.load(cp) : zero, c01 = accumulate ? v128.load(cp, 16) : zero;
  let c10 = accumulate ? v128.load(cp + ldb) : zero, c11 = accumulate ? v128.load(cp + ldb, 16) : zero;
  let c20 = accumulate ? v128.load(cp + 2 * ldb) : zero, c21 = accumulate ? v128.load(cp + 2 * ldb, 16) : zero;
  let c30 = accumulate ? v128.load(cp + 3 * ldb) : zero, c31 = accumulate ? v128.load(cp + 3 * ldb, 16) : zero;
  // Four pointers into a, one per row of the tile.
  let a1 = ap + rowStep;
  let a2 = a1 + rowStep;
  let a3 = a2 + rowStep;
  for (let e = 0; e < steps; e++) {
    const b0 = v128.load(bp);
    const b1 = v128.load(bp, 16);
    const x0 = v128.load64_splat(ap);
    const x1 = v128.load64_splat(a1);
    const x2 = v128.load64_splat(a2);
    const x3 = v128.load64_splat(a3);
    c00 = madd(x0, b0, c00);
    c01 = madd(x0, b1, c01);
    c10 = madd(x1, b0, c10);
    c11 = madd(x1, b1, c11);
    c20 = madd(x2, b0, c20);
    c21 = madd(x2, b1, c21);
    c30 = madd(x3, b0, c30);
    c31 = madd(x3, b1, c31);
    ap += kStep;
    a1 += kStep;
    a2 += kStep;
    a3 += kStep;
    bp += ldb;
  }
  v128.store(cp, c00);
  v128.store(cp, c01, 16);
  v128.store(cp + ldb, c10);
  v128.store(cp + ldb, c11, 16);
  v128.store(cp + 2 * ldb, c20);
  v128.store(cp + 2 * ldb, c21, 16);
  v128.store(cp + 3 * ldb, c30);
  v128.store(cp + 3 * ldb, c31, 16);
}

/**
 * c [R, n] = a [R, k] b [k, n], all row-major and dense (c overwritten): 4 x 4 tiles of c in
 * registers, a read by broadcast loads and b by rows, with no packing.
 */
function gemmNN(a: usize, b: usize, c: usize, R: i32, k: i32, n: i32): void {
  const lda = <usize>k << 3;
  const ldb = <usize>n << 3;
  const r4 = R & ~3;
  const n4 = n & ~3;
  for (let i = 0; i < r4; i += 4) {
    const a0 = a + <usize>i * lda;
    const c0 = c + <usize>i * ldb;
    for (let j = 0; j < n4; j += 4) tile4x4(a0, lda, 8, b + (<usize>j << 3), ldb, k, c0 + (<usize>j << 3), false);
    for (let j = n4; j < n; j++) gemmScalar(a0, b, c0, 4, k, n, j);
  }
  for (let i = r4; i < R; i++) {
    const ai = a + <usize>i * lda;
    const ci = c + <usize>i * ldb;
    for (let j = 0; j < n; j++) gemmScalar(ai, b, ci, 1, k, n, j);
  }
}

/** Column j of `rows` consecutive rows of c = a b (the edges of {@link gemmNN}). */
function gemmScalar(a: usize, b: usize, c: usize, rows: i32, k: i32, n: i32, j: i32): void {
  const lda = <usize>k << 3;
  const ldb = <usize>n << 3;
  for (let r = 0; r < rows; r++) {
    let v: f64 = 0;
    for (let e = 0; e < k; e++) v += load<f64>(a + <usize>r * lda + (<usize>e << 3)) * load<f64>(b + <usize>e * ldb + (<usize>j << 3));
    store<f64>(c + <usize>r * ldb + (<usize>j << 3), v);
  }
}

/** Rows of a and b per block of {@link gemmTNAcc} (their block stays in the first-level cache). */
const TN_BLOCK: i32 = 64;

/**
 * c [m, n] += a^T b for a [R, m] and b [R, n], all row-major and dense: over blocks of rows, each
 * 4 x 4 tile of c in registers, with no packing.
 */
function gemmTNAcc(a: usize, b: usize, c: usize, R: i32, m: i32, n: i32): void {
  const lda = <usize>m << 3;
  const ldb = <usize>n << 3;
  const m4 = m & ~3;
  const n4 = n & ~3;
  for (let r0 = 0; r0 < R; r0 += TN_BLOCK) {
    const r1 = min(R, r0 + TN_BLOCK);
    for (let i = 0; i < m4; i += 4) {
      const cp0 = c + <usize>i * ldb;
      for (let j = 0; j < n4; j += 4) {
        tile4x4(a + <usize>r0 * lda + (<usize>i << 3), 8, lda, b + <usize>r0 * ldb + (<usize>j << 3), ldb, r1 - r0, cp0 + (<usize>j << 3), true);
      }
    }
    // The edges: rows i >= m4 of c, and columns j >= n4 of the rows below m4.
    for (let i = 0; i < m; i++) {
      for (let j = i < m4 ? n4 : 0; j < n; j++) {
        let v = load<f64>(c + <usize>i * ldb + (<usize>j << 3));
        for (let r = r0; r < r1; r++) v += load<f64>(a + <usize>r * lda + (<usize>i << 3)) * load<f64>(b + <usize>r * ldb + (<usize>j << 3));
        store<f64>(c + <usize>i * ldb + (<usize>j << 3), v);
      }
    }
  }
}

/** t [n, m] = the transpose of s [m, n]. */
function transpose(s: usize, t: usize, m: i32, n: i32): void {
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) store<f64>(t + ((<usize>j * <usize>m + <usize>i) << 3), load<f64>(s + ((<usize>i * <usize>n + <usize>j) << 3)));
}

/**
 * Fills the next chunk of edge rows (row indices, mask products, distances, first-layer
 * activations z) from (curB, curI) on; returns the row count, 0 when every edge is done.
 */
function nextChunk(h: usize, p: usize, q: usize, wd: usize, mask: usize, B: i32, N: i32, F: i32, H: i32, slope: f64, softening: f64, cap: i32): i32 {
  let R: i32 = 0;
  const sl = f64x2.splat(slope);
  const zero = f64x2.splat(0.0);
  const even = H & ~1;
  while (curB < B) {
    const I = curB * N + curI;
    const mi = load<f64>(mask + (<usize>I << 3));
    if (mi != 0) {
      if (R + N > cap) return R;
      const hi = h + ((<usize>I * <usize>F) << 3);
      const pi = p + ((<usize>I * <usize>H) << 3);
      for (let j = 0; j < N; j++) {
        const J = curB * N + j;
        const w = mi * load<f64>(mask + (<usize>J << 3));
        if (w == 0) continue;
        const r = R++;
        const hj = h + ((<usize>J * <usize>F) << 3);
        let s2: f64 = 0;
        for (let f = 0; f < F; f++) {
          const t = load<f64>(hi + (<usize>f << 3)) - load<f64>(hj + (<usize>f << 3));
          s2 += t * t;
        }
        const d = Math.sqrt(s2 + softening);
        store<i32>(RI + (<usize>r << 2), I);
        store<i32>(RJ + (<usize>r << 2), J);
        store<f64>(WT + (<usize>r << 3), w);
        store<f64>(DIST + (<usize>r << 3), d);
        const zo = Z + ((<usize>r * <usize>H) << 3);
        const qj = q + ((<usize>J * <usize>H) << 3);
        const dv = f64x2.splat(d);
        let k = 0;
        for (; k < even; k += 2) {
          const o = <usize>k << 3;
          const v = f64x2.add(f64x2.add(v128.load(pi + o), v128.load(qj + o)), f64x2.mul(dv, v128.load(wd + o)));
          v128.store(zo + o, v128.bitselect(v, f64x2.mul(sl, v), f64x2.gt(v, zero)));
        }
        if (k < H) {
          const o = <usize>k << 3;
          const v = load<f64>(pi + o) + load<f64>(qj + o) + d * load<f64>(wd + o);
          store<f64>(zo + o, v > 0 ? v : slope * v);
        }
      }
    }
    curI++;
    if (curI == N) {
      curI = 0;
      curB++;
    }
  }
  return R;
}

/** out [B, N, M] (overwritten) = the summed messages. All arrays f64; cap >= N. */
export function gnnEdgeForward(
  h: usize, p: usize, q: usize, wd: usize, w1: usize, b1: usize, mask: usize, out: usize,
  B: i32, N: i32, F: i32, H: i32, M: i32, slope: f64, softening: f64, cap: i32, ws: usize,
): void {
  layout(ws, cap, H, M);
  memory.fill(out, 0, (<usize>B * <usize>N * <usize>M) << 3);
  curB = 0;
  curI = 0;
  const sl = f64x2.splat(slope);
  const zero = f64x2.splat(0.0);
  const even = M & ~1;
  while (true) {
    const R = nextChunk(h, p, q, wd, mask, B, N, F, H, slope, softening, cap);
    if (R == 0) break;
    gemmNN(Z, w1, Z2, R, H, M);
    for (let r = 0; r < R; r++) {
      const o = out + ((<usize>load<i32>(RI + (<usize>r << 2)) * <usize>M) << 3);
      const w = load<f64>(WT + (<usize>r << 3));
      const wv = f64x2.splat(w);
      const x = Z2 + ((<usize>r * <usize>M) << 3);
      let m = 0;
      for (; m < even; m += 2) {
        const e = <usize>m << 3;
        const v = f64x2.add(v128.load(x + e), v128.load(b1 + e));
        const a = v128.bitselect(v, f64x2.mul(sl, v), f64x2.gt(v, zero));
        v128.store(o + e, f64x2.add(v128.load(o + e), f64x2.mul(wv, a)));
      }
      if (m < M) {
        const e = <usize>m << 3;
        const v = load<f64>(x + e) + load<f64>(b1 + e);
        store<f64>(o + e, load<f64>(o + e) + w * (v > 0 ? v : slope * v));
      }
    }
  }
}

/**
 * The gradients of `gnnEdgeForward` for the output gradient dy [B, N, M]: gh [B, N, F],
 * gp, gq [B, N, H], gwd [H], gw1 [H, M], gb1 [M] (all overwritten). The mask gets none.
 */
export function gnnEdgeBackward(
  h: usize, p: usize, q: usize, wd: usize, w1: usize, b1: usize, mask: usize, dy: usize,
  gh: usize, gp: usize, gq: usize, gwd: usize, gw1: usize, gb1: usize,
  B: i32, N: i32, F: i32, H: i32, M: i32, slope: f64, softening: f64, cap: i32, ws: usize,
): void {
  layout(ws, cap, H, M);
  const nodes = <usize>B * <usize>N;
  memory.fill(gh, 0, (nodes * <usize>F) << 3);
  memory.fill(gp, 0, (nodes * <usize>H) << 3);
  memory.fill(gq, 0, (nodes * <usize>H) << 3);
  memory.fill(gwd, 0, <usize>H << 3);
  memory.fill(gw1, 0, (<usize>H * <usize>M) << 3);
  memory.fill(gb1, 0, <usize>M << 3);
  transpose(w1, W1T, H, M); // w1^T [M, H]
  curB = 0;
  curI = 0;
  const sl = f64x2.splat(slope);
  const zero = f64x2.splat(0.0);
  const evenM = M & ~1;
  const evenH = H & ~1;
  while (true) {
    const R = nextChunk(h, p, q, wd, mask, B, N, F, H, slope, softening, cap);
    if (R == 0) break;
    gemmNN(Z, w1, Z2, R, H, M);
    // Z2 <- gradient of the second layer's pre-activation: m_i m_j dy_i LeakyReLU'.
    for (let r = 0; r < R; r++) {
      const o = dy + ((<usize>load<i32>(RI + (<usize>r << 2)) * <usize>M) << 3);
      const w = load<f64>(WT + (<usize>r << 3));
      const wv = f64x2.splat(w);
      const x = Z2 + ((<usize>r * <usize>M) << 3);
      let m = 0;
      for (; m < evenM; m += 2) {
        const e = <usize>m << 3;
        const g = f64x2.mul(wv, v128.load(o + e));
        const v = f64x2.add(v128.load(x + e), v128.load(b1 + e));
        const t = v128.bitselect(g, f64x2.mul(g, sl), f64x2.gt(v, zero));
        v128.store(x + e, t);
        v128.store(gb1 + e, f64x2.add(v128.load(gb1 + e), t));
      }
      if (m < M) {
        const e = <usize>m << 3;
        const g = w * load<f64>(o + e);
        const v = load<f64>(x + e) + load<f64>(b1 + e);
        const t = v > 0 ? g : g * slope;
        store<f64>(x + e, t);
        store<f64>(gb1 + e, load<f64>(gb1 + e) + t);
      }
    }
    gemmTNAcc(Z, Z2, gw1, R, H, M);
    gemmNN(Z2, W1T, G1, R, M, H);
    for (let r = 0; r < R; r++) {
      const I = load<i32>(RI + (<usize>r << 2));
      const J = load<i32>(RJ + (<usize>r << 2));
      const d = load<f64>(DIST + (<usize>r << 3));
      const dv = f64x2.splat(d);
      const gpi = gp + ((<usize>I * <usize>H) << 3);
      const gqj = gq + ((<usize>J * <usize>H) << 3);
      const x = G1 + ((<usize>r * <usize>H) << 3);
      const zr = Z + ((<usize>r * <usize>H) << 3);
      let acc = f64x2.splat(0.0);
      let k = 0;
      for (; k < evenH; k += 2) {
        const e = <usize>k << 3;
        const g = v128.load(x + e);
        const t = v128.bitselect(g, f64x2.mul(g, sl), f64x2.gt(v128.load(zr + e), zero));
        v128.store(gpi + e, f64x2.add(v128.load(gpi + e), t));
        v128.store(gqj + e, f64x2.add(v128.load(gqj + e), t));
        v128.store(gwd + e, f64x2.add(v128.load(gwd + e), f64x2.mul(t, dv)));
        acc = madd(t, v128.load(wd + e), acc);
      }
      let gd = f64x2.extract_lane(acc, 0) + f64x2.extract_lane(acc, 1);
      if (k < H) {
        const e = <usize>k << 3;
        const g = load<f64>(x + e);
        const t = load<f64>(zr + e) > 0 ? g : g * slope;
        store<f64>(gpi + e, load<f64>(gpi + e) + t);
        store<f64>(gqj + e, load<f64>(gqj + e) + t);
        store<f64>(gwd + e, load<f64>(gwd + e) + t * d);
        gd += t * load<f64>(wd + e);
      }
      if (I == J) continue; // h_i - h_j = 0: no gradient through the distance
      const coef = gd / d;
      const hi = (<usize>I * <usize>F) << 3;
      const hj = (<usize>J * <usize>F) << 3;
      for (let f = 0; f < F; f++) {
        const e = <usize>f << 3;
        const t = coef * (load<f64>(h + hi + e) - load<f64>(h + hj + e));
        store<f64>(gh + hi + e, load<f64>(gh + hi + e) + t);
        store<f64>(gh + hj + e, load<f64>(gh + hj + e) - t);
      }
    }
  }
}

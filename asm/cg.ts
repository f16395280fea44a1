// Sparse Clebsch-Gordan contraction of planar complex batches, and its vector-Jacobian product.
//
// A table is given as nnz entries (i1[e], i2[e], i[e], v[e]) with real v: out[b, i] = sum_e v[e]
// x1[b, i1[e]] x2[b, i2[e]]. The inputs are transposed to lane-major blocks (see lanes.ts), and the
// entries are applied in order to chunks of CHUNK batch lanes at a time, two lanes per f64x2, so
// that every entry touches contiguous memory and the working rows of a chunk stay in cache.
// Contributions reach every output element in entry order, as in the plain reference loop.

import { roundUp } from './flags';
import { lanesToRows, rowsToLanes } from './lanes';

/** Batch lanes processed per pass over the entries. */
const CHUNK: i32 = 128;

/** Bytes of scratch that `cgContract` needs. */
export function cgWorkspaceBytes(batch: i32, d1: i32, d2: i32, d: i32): f64 {
  return (<f64>d1 + <f64>d2 + <f64>d) * <f64>roundUp(batch, 2) * 16;
}

/** Bytes of scratch that `cgContractVjp` needs. */
export function cgVjpWorkspaceBytes(batch: i32, d1: i32, d2: i32, d: i32): f64 {
  return (2 * <f64>d1 + 2 * <f64>d2 + <f64>d) * <f64>roundUp(batch, 2) * 16;
}

/**
 * out[b, i] (+)= sum_e v[e] x1[b, i1[e]] x2[b, i2[e]] for b < batch; `out` is overwritten unless
 * `accumulate`. x1 is batch x d1, x2 batch x d2, out batch x d, each as re and im planes of f64;
 * i1, i2, io are i32 arrays and v an f64 array of nnz entries, indices assumed in range.
 */
export function cgContract(
  nnz: i32, i1: usize, i2: usize, io: usize, v: usize,
  x1r: usize, x1i: usize, x2r: usize, x2i: usize, outr: usize, outi: usize,
  batch: i32, d1: i32, d2: i32, d: i32, accumulate: bool, ws: usize,
): void {
  if (batch == 0 || d == 0) return;
  const lanes = roundUp(batch, 2);
  const row = <usize>lanes << 3;
  const t1r = ws;
  const t1i = t1r + <usize>d1 * row;
  const t2r = t1i + <usize>d1 * row;
  const t2i = t2r + <usize>d2 * row;
  const tor = t2i + <usize>d2 * row;
  const toi = tor + <usize>d * row;
  rowsToLanes(x1r, batch, d1, lanes, t1r);
  rowsToLanes(x1i, batch, d1, lanes, t1i);
  rowsToLanes(x2r, batch, d2, lanes, t2r);
  rowsToLanes(x2i, batch, d2, lanes, t2i);
  if (accumulate) {
    rowsToLanes(outr, batch, d, lanes, tor);
    rowsToLanes(outi, batch, d, lanes, toi);
  } else {
    memory.fill(tor, 0, <usize>d * row * 2);
  }
  for (let c0 = 0; c0 < lanes; c0 += CHUNK) {
    const cBytes = <usize>min(CHUNK, lanes - c0) << 3;
    const base = <usize>c0 << 3;
    for (let e = 0; e < nnz; e++) {
      const eo = <usize>e;
      const o1 = <usize>load<i32>(i1 + (eo << 2)) * row + base;
      const o2 = <usize>load<i32>(i2 + (eo << 2)) * row + base;
      const o = <usize>load<i32>(io + (eo << 2)) * row + base;
      const c = v128.load64_splat(v + (eo << 3));
      for (let q: usize = 0; q < cBytes; q += 16) {
        const ar = v128.load(t1r + o1 + q);
        const ai = v128.load(t1i + o1 + q);
        const br = v128.load(t2r + o2 + q);
        const bi = v128.load(t2i + o2 + q);
        const pr = f64x2.sub(f64x2.mul(ar, br), f64x2.mul(ai, bi));
        const pi = f64x2.add(f64x2.mul(ar, bi), f64x2.mul(ai, br));
        const zr = tor + o + q;
        const zi = toi + o + q;
        v128.store(zr, f64x2.add(v128.load(zr), f64x2.mul(c, pr)));
        v128.store(zi, f64x2.add(v128.load(zi), f64x2.mul(c, pi)));
      }
    }
  }
  lanesToRows(tor, batch, d, lanes, outr);
  lanesToRows(toi, batch, d, lanes, outi);
}

/**
 * Vector-Jacobian product of `cgContract` for the gradient g of a real loss (g = dL/dRe + i dL/dIm):
 * g1[b, i1] += sum_e v conj(x2[b, i2]) g[b, i] and g2[b, i2] += sum_e v conj(x1[b, i1]) g[b, i].
 * g1 (batch x d1) and g2 (batch x d2) are accumulated into and must be distinct memory.
 */
export function cgContractVjp(
  nnz: i32, i1: usize, i2: usize, io: usize, v: usize,
  x1r: usize, x1i: usize, x2r: usize, x2i: usize, gr: usize, gi: usize,
  g1r: usize, g1i: usize, g2r: usize, g2i: usize,
  batch: i32, d1: i32, d2: i32, d: i32, ws: usize,
): void {
  if (batch == 0) return;
  const lanes = roundUp(batch, 2);
  const row = <usize>lanes << 3;
  const t1r = ws;
  const t1i = t1r + <usize>d1 * row;
  const t2r = t1i + <usize>d1 * row;
  const t2i = t2r + <usize>d2 * row;
  const tgr = t2i + <usize>d2 * row;
  const tgi = tgr + <usize>d * row;
  const s1r = tgi + <usize>d * row;
  const s1i = s1r + <usize>d1 * row;
  const s2r = s1i + <usize>d1 * row;
  const s2i = s2r + <usize>d2 * row;
  rowsToLanes(x1r, batch, d1, lanes, t1r);
  rowsToLanes(x1i, batch, d1, lanes, t1i);
  rowsToLanes(x2r, batch, d2, lanes, t2r);
  rowsToLanes(x2i, batch, d2, lanes, t2i);
  rowsToLanes(gr, batch, d, lanes, tgr);
  rowsToLanes(gi, batch, d, lanes, tgi);
  rowsToLanes(g1r, batch, d1, lanes, s1r);
  rowsToLanes(g1i, batch, d1, lanes, s1i);
  rowsToLanes(g2r, batch, d2, lanes, s2r);
  rowsToLanes(g2i, batch, d2, lanes, s2i);
  for (let c0 = 0; c0 < lanes; c0 += CHUNK) {
    const cBytes = <usize>min(CHUNK, lanes - c0) << 3;
    const base = <usize>c0 << 3;
    for (let e = 0; e < nnz; e++) {
      const eo = <usize>e;
      const o1 = <usize>load<i32>(i1 + (eo << 2)) * row + base;
      const o2 = <usize>load<i32>(i2 + (eo << 2)) * row + base;
      const o = <usize>load<i32>(io + (eo << 2)) * row + base;
      const c = v128.load64_splat(v + (eo << 3));
      for (let q: usize = 0; q < cBytes; q += 16) {
        const ar = v128.load(t1r + o1 + q);
        const ai = v128.load(t1i + o1 + q);
        const br = v128.load(t2r + o2 + q);
        const bi = v128.load(t2i + o2 + q);
        const hr = v128.load(tgr + o + q);
        const hi = v128.load(tgi + o + q);
        // conj(x2) g and conj(x1) g
        const pr = f64x2.add(f64x2.mul(br, hr), f64x2.mul(bi, hi));
        const pi = f64x2.sub(f64x2.mul(br, hi), f64x2.mul(bi, hr));
        const qr = f64x2.add(f64x2.mul(ar, hr), f64x2.mul(ai, hi));
        const qi = f64x2.sub(f64x2.mul(ar, hi), f64x2.mul(ai, hr));
        const u1r = s1r + o1 + q;
        const u1i = s1i + o1 + q;
        const u2r = s2r + o2 + q;
        const u2i = s2i + o2 + q;
        v128.store(u1r, f64x2.add(v128.load(u1r), f64x2.mul(c, pr)));
        v128.store(u1i, f64x2.add(v128.load(u1i), f64x2.mul(c, pi)));
        v128.store(u2r, f64x2.add(v128.load(u2r), f64x2.mul(c, qr)));
        v128.store(u2i, f64x2.add(v128.load(u2i), f64x2.mul(c, qi)));
      }
    }
  }
  lanesToRows(s1r, batch, d1, lanes, g1r);
  lanesToRows(s1i, batch, d1, lanes, g1i);
  lanesToRows(s2r, batch, d2, lanes, g2r);
  lanesToRows(s2i, batch, d2, lanes, g2i);
}

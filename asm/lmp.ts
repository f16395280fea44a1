// The pairwise stage of the fused LMP core (src/nn/kernels/cpu-lmp-core.ts) in f64x2 SIMD: per
// jet, the symmetric Lorentzian-bell edge weights w[c][i][j] = js m_i m_j f_c((p_i - p_j)^2), the
// message sums Y_i = sum_j w_ij X_j over rows of 20 numbers, and the backward pass of both.
//
// Layouts (f64, row-major): p [nb, n, 4]; m [nb, n]; js [nb]; rows X, Y, gY, gX [nb, n, c, 20]
// (channel ch of particle j of jet b at ((b n + j) c + ch) 20); `bells` is b = exp(beta) [k],
// c^2 [k], a [k], c [k], u [k, c4], base [c4] (c4: c rounded up to a multiple of 4, the padding
// zero; base_ch = sum_q u_q,ch a_q). Channels go four at a time in registers. The weights are
// evaluated in the same order of operations as the TypeScript reference (two pairs (i, j),
// (i, j + 1) per f64x2), so that in the plain build the forward values agree to the last bit
// (the relaxed build fuses the multiply-adds: agreement to rounding); the backward sums differ by
// the order of additions.

import { madd, nmadd } from './madd';

/** Byte size of a row of 20 doubles. */
const ROW: usize = 160;

@inline function align16(x: usize): usize {
  return (x + 15) & ~(<usize>15);
}

/** Bytes of scratch that `lmpForward` and `lmpBackward` need. */
export function lmpWorkspaceBytes(n: i32, c: i32, k: i32): f64 {
  const nn = <f64>n * <f64>n;
  return 16 * nn * <f64>c + 32 * <f64>n + 16 * <f64>k * (3 + <f64>pad4(c)) + <f64>maxRecords(n) * (<f64>recordBytes(c) + 16 * <f64>k) + 128;
}

/** Components E, px, py, pz of the particles of jet bb as four planes of n doubles at pl. */
@inline function planes(p: usize, bb: i32, n: i32, pl: usize): void {
  const src = p + (<usize>(bb * n) << 5);
  const nb = <usize>n << 3;
  for (let j = 0; j < n; j++) {
    const s = src + (<usize>j << 5);
    const t = pl + (<usize>j << 3);
    store<f64>(t, load<f64>(s));
    store<f64>(t + nb, load<f64>(s, 8));
    store<f64>(t + 2 * nb, load<f64>(s, 16));
    store<f64>(t + 3 * nb, load<f64>(s, 24));
  }
}

/** Channels rounded up to a multiple of 4 (the layout of u and base in the bell block). */
@inline function pad4(c: i32): usize {
  return <usize>((c + 3) & ~3);
}

/** The weights of one channel group (channels c0..c0+3) of the pairs in v: stores rows i and columns j, j + 1 (or j only). */
@inline function storeGroup(w: usize, nn: usize, n: i32, i: i32, j: i32, c0: i32, c: i32, v: v128, t: i32, two: bool): void {
  if (c0 + t < c) {
    const blk = w + ((<usize>(c0 + t) * nn) << 3);
    if (two) {
      v128.store(blk + ((<usize>i * <usize>n + <usize>j) << 3), v);
      store<f64>(blk + ((<usize>j * <usize>n + <usize>i) << 3), f64x2.extract_lane(v, 0));
      store<f64>(blk + ((<usize>(j + 1) * <usize>n + <usize>i) << 3), f64x2.extract_lane(v, 1));
    } else {
      const x = f64x2.extract_lane(v, 0);
      store<f64>(blk + ((<usize>i * <usize>n + <usize>j) << 3), x);
      store<f64>(blk + ((<usize>j * <usize>n + <usize>i) << 3), x);
    }
  }
}

/**
 * The weights of the pairs (i, j) and (i, j + 1) (lanes; with !two only (i, j), in lane 0) for
 * e = their mask factors and x2 = the squares of their Minkowski distances, channels four at a
 * time in registers as in the TypeScript reference. With save, the bells' 1/(b + c^2 x2) of the
 * pairs go to rtab at entry pp (k f64x2), for the backward pass. Call it with a literal `save`: the
 * forward pass's copy then has no store and no test in its loop over the bells (about 8% of
 * `lmpForward`, 3% of `lmpBackward`, against testing rtab there).
 */
@inline function pairWeights(
  w: usize, nn: usize, n: i32, i: i32, j: i32, c: i32, k: i32, bells: usize, e: v128, x2: v128, two: bool, save: bool, rtab: usize, pp: i32,
): void {
  const bq = bells;
  const c2 = bq + (<usize>k << 3);
  const c4 = pad4(c);
  const u = c2 + (<usize>(3 * k) << 3);
  const base = u + ((<usize>k * c4) << 3);
  for (let c0 = 0; c0 < c; c0 += 4) {
    const bo = base + (<usize>c0 << 3);
    let v0 = v128.load64_splat(bo);
    let v1 = v128.load64_splat(bo, 8);
    let v2 = v128.load64_splat(bo, 16);
    let v3 = v128.load64_splat(bo, 24);
    // pb walks b (c^2 is k doubles further on, where b ends), uo the rows of u and rt the saved
    // bell values, so that the loop does no index arithmetic.
    let pb = bq;
    let uo = u + (<usize>c0 << 3);
    let rt = rtab + ((<usize>pp * <usize>k) << 4);
    const uStep = c4 << 3;
    for (; pb < c2; pb += 8) {
      const r = f64x2.div(f64x2.splat(1.0), madd(v128.load64_splat(pb + (<usize>k << 3)), x2, v128.load64_splat(pb)));
      if (save && c0 == 0) {
        v128.store(rt, r);
        rt += 16;
      }
      v0 = madd(v128.load64_splat(uo), r, v0);
      v1 = madd(v128.load64_splat(uo, 8), r, v1);
      v2 = madd(v128.load64_splat(uo, 16), r, v2);
      v3 = madd(v128.load64_splat(uo, 24), r, v3);
      uo += uStep;
    }
    storeGroup(w, nn, n, i, j, c0, c, f64x2.mul(e, v0), 0, two);
    storeGroup(w, nn, n, i, j, c0, c, f64x2.mul(e, v1), 1, two);
    storeGroup(w, nn, n, i, j, c0, c, f64x2.mul(e, v2), 2, two);
    storeGroup(w, nn, n, i, j, c0, c, f64x2.mul(e, v3), 3, two);
  }
}

/**
 * The weights of jet bb into w [c, n, n] (0 on the diagonal and for padding); with rtab != 0, the
 * bell values 1/(b + c^2 x^2) of the pairs of lanes (i, j), (i, j + 1), counted in visiting order
 * over the rows with a nonzero factor, go to rtab (k f64x2 each).
 */
function weights(p: usize, m: usize, js: f64, bb: i32, n: i32, c: i32, k: i32, bells: usize, w: usize, pl: usize, rtab: usize): void {
  const nn = <usize>n * <usize>n;
  memory.fill(w, 0, (<usize>c * nn) << 3);
  planes(p, bb, n, pl);
  const nb = <usize>n << 3;
  const mb = m + (<usize>(bb * n) << 3);
  let pp = 0;
  for (let i = 0; i < n; i++) {
    const ei = js * load<f64>(mb + (<usize>i << 3));
    if (ei == 0) continue;
    const io = <usize>i << 3;
    const pe = load<f64>(pl + io);
    const px = load<f64>(pl + nb + io);
    const py = load<f64>(pl + 2 * nb + io);
    const pz = load<f64>(pl + 3 * nb + io);
    const ve = f64x2.splat(pe);
    const vx = f64x2.splat(px);
    const vy = f64x2.splat(py);
    const vz = f64x2.splat(pz);
    const eiv = f64x2.splat(ei);
    let j = i + 1;
    for (; j + 1 < n; j += 2) {
      const at = pp++;
      const jo = <usize>j << 3;
      const e = f64x2.mul(eiv, v128.load(mb + jo));
      if (f64x2.extract_lane(e, 0) == 0 && f64x2.extract_lane(e, 1) == 0) continue;
      const d0 = f64x2.sub(ve, v128.load(pl + jo));
      const d1 = f64x2.sub(vx, v128.load(pl + nb + jo));
      const d2 = f64x2.sub(vy, v128.load(pl + 2 * nb + jo));
      const d3 = f64x2.sub(vz, v128.load(pl + 3 * nb + jo));
      const x = f64x2.sub(f64x2.sub(f64x2.sub(f64x2.mul(d0, d0), f64x2.mul(d1, d1)), f64x2.mul(d2, d2)), f64x2.mul(d3, d3));
      if (rtab == 0) pairWeights(w, nn, n, i, j, c, k, bells, e, f64x2.mul(x, x), true, false, 0, 0);
      else pairWeights(w, nn, n, i, j, c, k, bells, e, f64x2.mul(x, x), true, true, rtab, at);
    }
    if (j < n) {
      const at = pp++;
      const jo = <usize>j << 3;
      const e = ei * load<f64>(mb + jo);
      if (e == 0) continue;
      const d0 = pe - load<f64>(pl + jo);
      const d1 = px - load<f64>(pl + nb + jo);
      const d2 = py - load<f64>(pl + 2 * nb + jo);
      const d3 = pz - load<f64>(pl + 3 * nb + jo);
      const x = d0 * d0 - d1 * d1 - d2 * d2 - d3 * d3;
      if (rtab == 0) pairWeights(w, nn, n, i, j, c, k, bells, f64x2.splat(e), f64x2.splat(x * x), false, false, 0, 0);
      else pairWeights(w, nn, n, i, j, c, k, bells, f64x2.splat(e), f64x2.splat(x * x), false, true, rtab, at);
    }
  }
}

/** Particles of jet bb up to and including the last one with a nonzero factor (0 if js is 0): the rest neither send nor receive. */
function activeCount(m: usize, js: f64, bb: i32, n: i32): i32 {
  if (js == 0) return 0;
  const mb = m + (<usize>(bb * n) << 3);
  let ne = n;
  while (ne > 0 && load<f64>(mb + (<usize>(ne - 1) << 3)) == 0) ne--;
  return ne;
}

/**
 * Two of the ten f64x2 columns (byte offset vo in a row) of Y_i = sum_j w_ij X_j for the three rows
 * i0, i0 + 1, i0 + 2: six accumulators, each X load shared by three rows.
 */
@inline function matvecBlock(w: usize, x: usize, y: usize, n: i32, ne: i32, stride: usize, i0: i32, vo: usize): void {
  let a0 = f64x2.splat(0.0), a1 = f64x2.splat(0.0), b0 = f64x2.splat(0.0);
  let b1 = f64x2.splat(0.0), c0 = f64x2.splat(0.0), c1 = f64x2.splat(0.0);
  const w0 = w + ((<usize>i0 * <usize>n) << 3);
  const w1 = w0 + (<usize>n << 3);
  const w2 = w1 + (<usize>n << 3);
  let o = x + vo;
  for (let j = 0; j < ne; j++) {
    const jo = <usize>j << 3;
    const s0 = v128.load64_splat(w0 + jo);
    const s1 = v128.load64_splat(w1 + jo);
    const s2 = v128.load64_splat(w2 + jo);
    const x0 = v128.load(o);
    const x1 = v128.load(o, 16);
    a0 = madd(s0, x0, a0);
    b0 = madd(s1, x0, b0);
    c0 = madd(s2, x0, c0);
    a1 = madd(s0, x1, a1);
    b1 = madd(s1, x1, b1);
    c1 = madd(s2, x1, c1);
    o += stride;
  }
  const t = y + <usize>i0 * stride + vo;
  v128.store(t, a0);
  v128.store(t, a1, 16);
  v128.store(t + stride, b0);
  v128.store(t + stride, b1, 16);
  v128.store(t + 2 * stride, c0);
  v128.store(t + 2 * stride, c1, 16);
}

/** Row i of Y = W X (the ten f64x2 columns in registers), over the first ne columns of W. */
function matvecRow(w: usize, x: usize, y: usize, n: i32, ne: i32, stride: usize, i: i32): void {
  let a0 = f64x2.splat(0.0), a1 = f64x2.splat(0.0), a2 = f64x2.splat(0.0), a3 = f64x2.splat(0.0), a4 = f64x2.splat(0.0);
  let a5 = f64x2.splat(0.0), a6 = f64x2.splat(0.0), a7 = f64x2.splat(0.0), a8 = f64x2.splat(0.0), a9 = f64x2.splat(0.0);
  const wr = w + ((<usize>i * <usize>n) << 3);
  let o = x;
  for (let j = 0; j < ne; j++) {
    const s = v128.load64_splat(wr + (<usize>j << 3));
    a0 = madd(s, v128.load(o), a0);
    a1 = madd(s, v128.load(o, 16), a1);
    a2 = madd(s, v128.load(o, 32), a2);
    a3 = madd(s, v128.load(o, 48), a3);
    a4 = madd(s, v128.load(o, 64), a4);
    a5 = madd(s, v128.load(o, 80), a5);
    a6 = madd(s, v128.load(o, 96), a6);
    a7 = madd(s, v128.load(o, 112), a7);
    a8 = madd(s, v128.load(o, 128), a8);
    a9 = madd(s, v128.load(o, 144), a9);
    o += stride;
  }
  const t = y + <usize>i * stride;
  v128.store(t, a0);
  v128.store(t, a1, 16);
  v128.store(t, a2, 32);
  v128.store(t, a3, 48);
  v128.store(t, a4, 64);
  v128.store(t, a5, 80);
  v128.store(t, a6, 96);
  v128.store(t, a7, 112);
  v128.store(t, a8, 128);
  v128.store(t, a9, 144);
}

/**
 * Y_i = sum_j w_ij X_j for one channel: w [n, n], rows of X and Y `stride` bytes apart. Only the
 * first ne particles take part (the weights of the others are 0, so their rows of Y are 0).
 * Three rows at a time, two f64x2 columns at a time (six accumulators, each X load serving three
 * rows): about 1.4x the throughput of one row with all ten columns in registers. Every sum runs
 * over j in increasing order, as in the TypeScript reference.
 */
function matvec(w: usize, x: usize, y: usize, n: i32, ne: i32, stride: usize): void {
  let i = 0;
  for (; i + 3 <= ne; i += 3) {
    for (let v: usize = 0; v < ROW; v += 32) matvecBlock(w, x, y, n, ne, stride, i, v);
  }
  for (; i < ne; i++) matvecRow(w, x, y, n, ne, stride, i);
  for (; i < n; i++) memory.fill(y + <usize>i * stride, 0, ROW);
}

/**
 * gw_ij = gY_i . X_j for one channel (layouts as in `matvec`), for i, j below ne; the other
 * entries are set to 0. Entries with w_ij = 0 get the product too: `weightsBackward` multiplies
 * every gw by the pair's mask factor and never reads the diagonal.
 */
function dots(gy: usize, x: usize, gw: usize, n: i32, ne: i32, stride: usize): void {
  if (ne < n) memory.fill(gw, 0, (<usize>n * <usize>n) << 3);
  for (let i = 0; i < ne; i++) {
    const g = gy + <usize>i * stride;
    const g0 = v128.load(g), g1 = v128.load(g, 16), g2 = v128.load(g, 32), g3 = v128.load(g, 48), g4 = v128.load(g, 64);
    const g5 = v128.load(g, 80), g6 = v128.load(g, 96), g7 = v128.load(g, 112), g8 = v128.load(g, 128), g9 = v128.load(g, 144);
    const gr = gw + ((<usize>i * <usize>n) << 3);
    let o = x;
    for (let j = 0; j < ne; j++) {
      const s01 = madd(g1, v128.load(o, 16), f64x2.mul(g0, v128.load(o)));
      const s23 = madd(g3, v128.load(o, 48), f64x2.mul(g2, v128.load(o, 32)));
      const s45 = madd(g5, v128.load(o, 80), f64x2.mul(g4, v128.load(o, 64)));
      const s67 = madd(g7, v128.load(o, 112), f64x2.mul(g6, v128.load(o, 96)));
      const s89 = madd(g9, v128.load(o, 144), f64x2.mul(g8, v128.load(o, 128)));
      const s = f64x2.add(f64x2.add(f64x2.add(s01, s23), f64x2.add(s45, s67)), s89);
      store<f64>(gr + (<usize>j << 3), f64x2.extract_lane(s, 0) + f64x2.extract_lane(s, 1));
      o += stride;
    }
  }
}

/** e (gw_ij + gw_ji) for channel ch of the pairs (i, j), (i, j + 1) (lane 1 is 0 with !two); 0 for ch >= c. */
@inline function pairGrad(gw: usize, nn: usize, n: i32, i: i32, j: i32, ch: i32, c: i32, e: v128, two: bool): v128 {
  if (ch >= c) return f64x2.splat(0.0);
  const blk = gw + ((<usize>ch * nn) << 3);
  const ij = blk + ((<usize>i * <usize>n + <usize>j) << 3);
  const ji = blk + ((<usize>j * <usize>n + <usize>i) << 3);
  if (!two) return f64x2.mul(e, f64x2.replace_lane(f64x2.splat(0.0), 0, load<f64>(ij) + load<f64>(ji)));
  const t = f64x2.replace_lane(v128.load64_splat(ji), 1, load<f64>(blk + ((<usize>(j + 1) * <usize>n + <usize>i) << 3)));
  return f64x2.mul(e, f64x2.add(v128.load(ij), t));
}

/**
 * Bytes of one pair record of `weightsBackward`: i, j, two, the index of its bell values (i32),
 * x, gx' (the sum over the bells of gq r^2 c^2, from which dL/dx = -2 x gx'), x^2 (f64x2), then
 * c4 f64x2 of gradients.
 */
@inline function recordBytes(c: i32): usize {
  return RECORD_HEAD + (pad4(c) << 4);
}

/** Bytes of a record before its gradients. */
const RECORD_HEAD: usize = 64;

/** Most pair records of one jet: ceil((n - 1 - i) / 2) pairs of lanes per row i. */
@inline function maxRecords(n: i32): usize {
  return (<usize>n * <usize>n) / 4 + <usize>n + 1;
}

/**
 * The backward pass of `weights` for jet bb: with gw = dL/dw [c, n, n], adds the gradients of the
 * positions to gp [nb, n, 4] and of the bell parameters to the f64x2 accumulators acc (u [k, c4],
 * then a, beta, c [k] each). The pair (i, j) gets gw_ij + gw_ji. Three passes: the pairs of lanes
 * with a nonzero gradient are listed (with x = d . d, x^2 and e (gw_ij + gw_ji) per channel) at
 * list; then per channel group, the gradients summed over the list (the parts of the sums that do
 * not depend on the pair's bell values), and per bell, over the list, with that bell's
 * accumulators in registers (the bell values 1/(b + c^2 x^2) read from rtab, as `weights` left
 * them; the factors of a bell taken out of its sums); then the position gradients from each
 * pair's dL/dx.
 */
function weightsBackward(
  p: usize, m: usize, js: f64, bb: i32, n: i32, c: i32, k: i32, bells: usize, gw: usize, gp: usize, pl: usize, acc: usize, list: usize,
  rtab: usize,
): void {
  planes(p, bb, n, pl);
  const nn = <usize>n * <usize>n;
  const nb = <usize>n << 3;
  const mb = m + (<usize>(bb * n) << 3);
  const rb = recordBytes(c);
  let end = list;
  let pp = 0;
  for (let i = 0; i < n; i++) {
    const ei = js * load<f64>(mb + (<usize>i << 3));
    if (ei == 0) continue;
    const io = <usize>i << 3;
    const pe = load<f64>(pl + io);
    const px = load<f64>(pl + nb + io);
    const py = load<f64>(pl + 2 * nb + io);
    const pz = load<f64>(pl + 3 * nb + io);
    const eiv = f64x2.splat(ei);
    for (let j = i + 1; j < n; j += 2) {
      const at = pp++;
      const two = j + 1 < n;
      const jo = <usize>j << 3;
      const e = two ? f64x2.mul(eiv, v128.load(mb + jo)) : f64x2.replace_lane(f64x2.splat(0.0), 0, ei * load<f64>(mb + jo));
      if (f64x2.extract_lane(e, 0) == 0 && f64x2.extract_lane(e, 1) == 0) continue;
      let any = f64x2.splat(0.0);
      for (let ch = 0; ch < c; ch++) {
        const g = pairGrad(gw, nn, n, i, j, ch, c, e, two);
        v128.store(end + RECORD_HEAD + (<usize>ch << 4), g);
        any = v128.or(any, g);
      }
      if (!v128.any_true(any)) continue;
      for (let ch = c; ch < <i32>pad4(c); ch++) v128.store(end + RECORD_HEAD + (<usize>ch << 4), f64x2.splat(0.0));
      let x: v128;
      if (two) {
        const d0 = f64x2.sub(f64x2.splat(pe), v128.load(pl + jo));
        const d1 = f64x2.sub(f64x2.splat(px), v128.load(pl + nb + jo));
        const d2 = f64x2.sub(f64x2.splat(py), v128.load(pl + 2 * nb + jo));
        const d3 = f64x2.sub(f64x2.splat(pz), v128.load(pl + 3 * nb + jo));
        x = f64x2.sub(f64x2.sub(f64x2.sub(f64x2.mul(d0, d0), f64x2.mul(d1, d1)), f64x2.mul(d2, d2)), f64x2.mul(d3, d3));
      } else {
        const d0 = pe - load<f64>(pl + jo);
        const d1 = px - load<f64>(pl + nb + jo);
        const d2 = py - load<f64>(pl + 2 * nb + jo);
        const d3 = pz - load<f64>(pl + 3 * nb + jo);
        x = f64x2.splat(d0 * d0 - d1 * d1 - d2 * d2 - d3 * d3);
      }
      store<i32>(end, i);
      store<i32>(end, j, 4);
      store<i32>(end, two ? 1 : 0, 8);
      store<i32>(end, at, 12);
      v128.store(end, x, 16);
      v128.store(end, f64x2.splat(0.0), 32);
      v128.store(end, f64x2.mul(x, x), 48);
      end += rb;
    }
  }
  if (end == list) return;
  const bq = bells;
  const c2 = bq + (<usize>k << 3);
  const aq = c2 + (<usize>k << 3);
  const cq = aq + (<usize>k << 3);
  const u = cq + (<usize>k << 3);
  const c4 = pad4(c);
  const accA = acc + ((<usize>k * c4) << 4);
  const accB = accA + (<usize>k << 4);
  const accC = accB + (<usize>k << 4);
  for (let c0 = 0; c0 < c; c0 += 4) {
    const go: usize = RECORD_HEAD + (<usize>c0 << 4);
    // The gradients summed over the pairs: the bell-independent parts of the sums below.
    let t0 = f64x2.splat(0.0), t1 = f64x2.splat(0.0), t2 = f64x2.splat(0.0), t3 = f64x2.splat(0.0);
    for (let r = list; r < end; r += rb) {
      t0 = f64x2.add(t0, v128.load(r + go));
      t1 = f64x2.add(t1, v128.load(r + go, 16));
      t2 = f64x2.add(t2, v128.load(r + go, 32));
      t3 = f64x2.add(t3, v128.load(r + go, 48));
    }
    for (let q = 0; q < k; q++) {
      const qo = <usize>q << 3;
      const qv = <usize>q << 4;
      const cc2 = v128.load64_splat(c2 + qo);
      const a = v128.load64_splat(aq + qo);
      const row = <usize>q * c4 + <usize>c0;
      const uo = u + (row << 3);
      const u0 = v128.load64_splat(uo);
      const u1 = v128.load64_splat(uo, 8);
      const u2 = v128.load64_splat(uo, 16);
      const u3 = v128.load64_splat(uo, 24);
      const au = acc + (row << 4);
      // phi = a + r: dL/du = sum g (a + r) = a sum g + sum g r; dL/da = sum gq = u . sum g.
      let s0 = madd(a, t0, v128.load(au)), s1 = madd(a, t1, v128.load(au, 16));
      let s2 = madd(a, t2, v128.load(au, 32)), s3 = madd(a, t3, v128.load(au, 48));
      let sb = f64x2.splat(0.0), sc = f64x2.splat(0.0);
      for (let r = list; r < end; r += rb) {
        const g0 = v128.load(r + go);
        const g1 = v128.load(r + go, 16);
        const g2 = v128.load(r + go, 32);
        const g3 = v128.load(r + go, 48);
        const rr = v128.load(rtab + ((<usize>load<i32>(r, 12) * <usize>k + <usize>q) << 4));
        s0 = madd(g0, rr, s0);
        s1 = madd(g1, rr, s1);
        s2 = madd(g2, rr, s2);
        s3 = madd(g3, rr, s3);
        // d phi / d den = -r^2, den = exp(beta) + c^2 x^2: with t = gq r^2, dL/dbeta = -b sum t,
        // dL/dc = -2 c sum t x^2, dL/dx = -2 x sum_q c^2 t.
        const gq = madd(g3, u3, madd(g2, u2, madd(g1, u1, f64x2.mul(g0, u0))));
        const t = f64x2.mul(f64x2.mul(gq, rr), rr);
        sb = f64x2.add(sb, t);
        sc = madd(t, v128.load(r, 48), sc);
        v128.store(r, madd(t, cc2, v128.load(r, 32)), 32);
      }
      v128.store(au, s0);
      v128.store(au, s1, 16);
      v128.store(au, s2, 32);
      v128.store(au, s3, 48);
      const sa = madd(u3, t3, madd(u2, t2, madd(u1, t1, f64x2.mul(u0, t0))));
      v128.store(accA + qv, f64x2.add(v128.load(accA + qv), sa));
      v128.store(accB + qv, nmadd(v128.load64_splat(bq + qo), sb, v128.load(accB + qv)));
      const tc = f64x2.add(v128.load64_splat(cq + qo), v128.load64_splat(cq + qo));
      v128.store(accC + qv, nmadd(tc, sc, v128.load(accC + qv)));
    }
  }
  // x = d^T eta d, d = p_i - p_j: gp_i += 2 gx eta d, gp_j -= 2 gx eta d, with gx = -2 x gx'.
  const gpb = gp + (<usize>(bb * n) << 5);
  const minus4 = f64x2.splat(-4.0);
  for (let r = list; r < end; r += rb) {
    const i = load<i32>(r);
    const j = load<i32>(r, 4);
    const h = f64x2.mul(f64x2.mul(minus4, v128.load(r, 16)), v128.load(r, 32));
    const io = <usize>i << 3;
    const jo = <usize>j << 3;
    const i0 = gpb + (<usize>i << 5);
    const j0 = gpb + (<usize>j << 5);
    const h0 = f64x2.extract_lane(h, 0);
    const d0 = load<f64>(pl + io) - load<f64>(pl + jo);
    const d1 = load<f64>(pl + nb + io) - load<f64>(pl + nb + jo);
    const d2 = load<f64>(pl + 2 * nb + io) - load<f64>(pl + 2 * nb + jo);
    const d3 = load<f64>(pl + 3 * nb + io) - load<f64>(pl + 3 * nb + jo);
    store<f64>(i0, load<f64>(i0) + h0 * d0);
    store<f64>(i0, load<f64>(i0, 8) - h0 * d1, 8);
    store<f64>(i0, load<f64>(i0, 16) - h0 * d2, 16);
    store<f64>(i0, load<f64>(i0, 24) - h0 * d3, 24);
    store<f64>(j0, load<f64>(j0) - h0 * d0);
    store<f64>(j0, load<f64>(j0, 8) + h0 * d1, 8);
    store<f64>(j0, load<f64>(j0, 16) + h0 * d2, 16);
    store<f64>(j0, load<f64>(j0, 24) + h0 * d3, 24);
    if (load<i32>(r, 8) != 0) {
      const h1 = f64x2.extract_lane(h, 1);
      const j1 = j0 + 32;
      const ko = jo + 8;
      const e0 = load<f64>(pl + io) - load<f64>(pl + ko);
      const e1 = load<f64>(pl + nb + io) - load<f64>(pl + nb + ko);
      const e2 = load<f64>(pl + 2 * nb + io) - load<f64>(pl + 2 * nb + ko);
      const e3 = load<f64>(pl + 3 * nb + io) - load<f64>(pl + 3 * nb + ko);
      store<f64>(i0, load<f64>(i0) + h1 * e0);
      store<f64>(i0, load<f64>(i0, 8) - h1 * e1, 8);
      store<f64>(i0, load<f64>(i0, 16) - h1 * e2, 16);
      store<f64>(i0, load<f64>(i0, 24) - h1 * e3, 24);
      store<f64>(j1, load<f64>(j1) - h1 * e0);
      store<f64>(j1, load<f64>(j1, 8) + h1 * e1, 8);
      store<f64>(j1, load<f64>(j1, 16) + h1 * e2, 16);
      store<f64>(j1, load<f64>(j1, 24) + h1 * e3, 24);
    }
  }
}

/**
 * Forward pass: for every jet b and channel ch, Y[b, :, ch] = W_ch X[b, :, ch] with the weights
 * of jet b (js [nb] the per-jet factors). `ws`: at least `lmpWorkspaceBytes(n, c, k)` bytes,
 * 16-byte aligned, as are x and y.
 */
export function lmpForward(
  p: usize, m: usize, js: usize, bells: usize, x: usize, y: usize, nb: i32, n: i32, c: i32, k: i32, ws: usize,
): void {
  const nn = <usize>n * <usize>n;
  const w = ws;
  const pl = align16(w + ((<usize>c * nn) << 3));
  const stride = <usize>c * ROW;
  for (let bb = 0; bb < nb; bb++) {
    const jsb = load<f64>(js + (<usize>bb << 3));
    weights(p, m, jsb, bb, n, c, k, bells, w, pl, 0);
    const ne = activeCount(m, jsb, bb, n);
    const rows = <usize>(bb * n * c) * ROW;
    for (let ch = 0; ch < c; ch++) {
      const o = rows + <usize>ch * ROW;
      matvec(w + ((<usize>ch * nn) << 3), x + o, y + o, n, ne, stride);
    }
  }
}

/**
 * Backward pass: given the rows X and the gradient gY of Y, writes gX = W gY (W symmetric) into
 * gx, adds the gradient of the positions through the weights to gp [nb, n, 4], and writes the
 * bell gradients into out: a [k], beta [k], c [k], u [k, c].
 */
export function lmpBackward(
  p: usize, m: usize, js: usize, bells: usize, x: usize, gy: usize, gx: usize, gp: usize, out: usize,
  nb: i32, n: i32, c: i32, k: i32, ws: usize,
): void {
  const nn = <usize>n * <usize>n;
  const w = ws;
  const gw = w + ((<usize>c * nn) << 3);
  const pl = align16(gw + ((<usize>c * nn) << 3));
  const acc = align16(pl + (<usize>n << 5));
  const list = acc + ((<usize>k * pad4(c) + 3 * <usize>k) << 4);
  const rtab = list + maxRecords(n) * recordBytes(c);
  const cb = <usize>c;
  const c4 = pad4(c);
  const kb = <usize>k;
  memory.fill(acc, 0, (kb * c4 + 3 * kb) << 4);
  const stride = cb * ROW;
  for (let bb = 0; bb < nb; bb++) {
    const jsb = load<f64>(js + (<usize>bb << 3));
    weights(p, m, jsb, bb, n, c, k, bells, w, pl, rtab);
    const ne = activeCount(m, jsb, bb, n);
    const rows = <usize>(bb * n * c) * ROW;
    for (let ch: usize = 0; ch < cb; ch++) {
      const o = rows + ch * ROW;
      matvec(w + ((ch * nn) << 3), gy + o, gx + o, n, ne, stride);
      dots(gy + o, x + o, gw + ((ch * nn) << 3), n, ne, stride);
    }
    weightsBackward(p, m, jsb, bb, n, c, k, bells, gw, gp, pl, acc, list, rtab);
  }
  // Lanes summed: a, beta, c, then u without the padding channels.
  const accA = acc + ((kb * c4) << 4);
  for (let q: usize = 0; q < 3 * kb; q++) {
    const v = v128.load(accA + (q << 4));
    store<f64>(out + (q << 3), f64x2.extract_lane(v, 0) + f64x2.extract_lane(v, 1));
  }
  for (let q: usize = 0; q < kb; q++) {
    for (let ch: usize = 0; ch < cb; ch++) {
      const v = v128.load(acc + ((q * c4 + ch) << 4));
      store<f64>(out + ((3 * kb + q * cb + ch) << 3), f64x2.extract_lane(v, 0) + f64x2.extract_lane(v, 1));
    }
  }
}

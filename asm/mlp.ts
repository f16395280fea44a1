// The perceptron of ScalarMLP on the (0,0) channels (src/nn/kernels/cpu-scalar-mlp.ts) and its
// backward pass, f64x2 over pairs of rows: lane 0 holds row r, lane 1 row r + 1 (a copy of row r
// with a zero output gradient when the row count is odd). Per pair, the inputs of every layer
// stay in a small scratch block (at most a few KB), so the products run on registers and L1.
//
// Layouts (f64 unless noted): s re / im [rows, c] (im = 0: real input, read as zeros); m [rows]
// (m = 0: no mask); params: for each layer l, W_l [fin, fout] row-major then b_l [fout];
// widths (i32) [L + 1] with widths[0] = widths[L] = 2c; out / dy / gs re and im [rows, c];
// gparams: the layout of params. act: 0 leakyRelu (slope alpha), 1 relu, 2 sigmoid.

import { madd } from './madd';

/** Offsets (in doubles) of W_l and b_l in params, for l = 0..L-1, written to off[2 l], off[2 l + 1]. */
@inline function layerOffsets(widths: usize, L: i32, off: usize): i32 {
  let at = 0;
  for (let l = 0; l < L; l++) {
    const fin = load<i32>(widths + (<usize>l << 2));
    const fout = load<i32>(widths + (<usize>(l + 1) << 2));
    store<i32>(off + (<usize>(2 * l) << 2), at);
    at += fin * fout;
    store<i32>(off + (<usize>(2 * l + 1) << 2), at);
    at += fout;
  }
  return at;
}

/** Sum of widths[0..L] (doubles per row of the stored activations). */
@inline function widthSum(widths: usize, L: i32): i32 {
  let t = 0;
  for (let l = 0; l <= L; l++) t += load<i32>(widths + (<usize>l << 2));
  return t;
}

/** Bytes of scratch that `mlpForward` and `mlpBackward` need. */
export function mlpWorkspaceBytes(widths: usize, L: i32): f64 {
  let maxW = 0;
  let pairs = 0;
  for (let l = 0; l <= L; l++) {
    const w = load<i32>(widths + (<usize>l << 2));
    if (w > maxW) maxW = w;
    if (l < L) pairs += w * load<i32>(widths + (<usize>(l + 1) << 2)) + load<i32>(widths + (<usize>(l + 1) << 2));
  }
  // Offsets; activations Z and pre-activations P per layer of two pairs of rows; two gradient
  // rows per pair; lane accumulators.
  return 8 * <f64>(L + 1) + 16 * 4 * <f64>widthSum(widths, L) + 16 * 4 * <f64>maxW + 16 * <f64>pairs + 64;
}

@inline function activate(v: v128, act: i32, alpha: f64): v128 {
  if (act == 0) return v128.bitselect(v, f64x2.mul(v, f64x2.splat(alpha)), f64x2.gt(v, f64x2.splat(0.0)));
  if (act == 1) return v128.bitselect(v, f64x2.splat(0.0), f64x2.gt(v, f64x2.splat(0.0)));
  return f64x2.replace_lane(f64x2.splat(sigmoid(f64x2.extract_lane(v, 0))), 1, sigmoid(f64x2.extract_lane(v, 1)));
}

/** 1 / (1 + exp(-v)), in two branches so that exp does not overflow (as the TypeScript kernel). */
@inline function sigmoid(v: f64): f64 {
  if (v >= 0) return 1 / (1 + Math.exp(-v));
  const e = Math.exp(v);
  return e / (1 + e);
}

/** Element k of rows r and r1 of a [rows, c] plane as the two lanes of a vector. */
@inline function loadPair(plane: usize, r: i32, r1: i32, c: i32, k: i32): v128 {
  return f64x2.replace_lane(f64x2.splat(load<f64>(plane + (<usize>(r * c + k) << 3))), 1, load<f64>(plane + (<usize>(r1 * c + k) << 3)));
}

/** Stores the lanes of re / im as element k of rows r and r + 1 (the latter only when r + 1 < rows) of two [rows, c] planes. */
@inline function storePair(pRe: usize, pIm: usize, re: v128, im: v128, rows: i32, r: i32, c: i32, k: i32): void {
  const a = <usize>(r * c + k) << 3;
  store<f64>(pRe + a, f64x2.extract_lane(re, 0));
  store<f64>(pIm + a, f64x2.extract_lane(im, 0));
  if (r + 1 < rows) {
    const b = <usize>((r + 1) * c + k) << 3;
    store<f64>(pRe + b, f64x2.extract_lane(re, 1));
    store<f64>(pIm + b, f64x2.extract_lane(im, 1));
  }
}

/**
 * The forward pass of rows r and r + 1 (lane 1 a copy of row r when r + 1 = rows) into the
 * activation block: Z_0 = [Re s, Im s], P_{l+1} = Z_l W_l + b_l, Z_{l+1} = act(P_{l+1}) for hidden
 * layers and Z_L = P_L. Z_l at zb + zOff_l, P_l at pb + zOff_l (16 bytes per value).
 */
@inline function pairForward(
  sRe: usize, sIm: usize, params: usize, widths: usize, off: usize, L: i32, act: i32, alpha: f64, rows: i32, c: i32, r: i32, zb: usize, pb: usize,
): void {
  const r1 = r + 1 < rows ? r + 1 : r;
  for (let k = 0; k < c; k++) {
    v128.store(zb + (<usize>k << 4), loadPair(sRe, r, r1, c, k));
    v128.store(zb + (<usize>(c + k) << 4), sIm == 0 ? f64x2.splat(0.0) : loadPair(sIm, r, r1, c, k));
  }
  let zOff: usize = 0;
  for (let l = 0; l < L; l++) {
    const fin = load<i32>(widths + (<usize>l << 2));
    const fout = load<i32>(widths + (<usize>(l + 1) << 2));
    const w = params + (<usize>load<i32>(off + (<usize>(2 * l) << 2)) << 3);
    const bias = params + (<usize>load<i32>(off + (<usize>(2 * l + 1) << 2)) << 3);
    const zin = zb + (zOff << 4);
    const nextOff = zOff + <usize>fin;
    const zout = zb + (nextOff << 4);
    const pout = pb + (nextOff << 4);
    // Two outputs at a time, each summed in two halves (even and odd i): four independent chains.
    const evenIn = fin & ~1;
    for (let o = 0; o < fout; o += 2) {
      const two = o + 1 < fout;
      let a0 = f64x2.splat(0.0);
      let a1 = f64x2.splat(0.0);
      let b0 = f64x2.splat(0.0);
      let b1 = f64x2.splat(0.0);
      for (let i = 0; i < evenIn; i += 2) {
        const z0 = v128.load(zin + (<usize>i << 4));
        const z1 = v128.load(zin + (<usize>(i + 1) << 4));
        const w0 = w + ((<usize>(i * fout + o)) << 3);
        const w1 = w0 + (<usize>fout << 3);
        a0 = madd(z0, v128.load64_splat(w0), a0);
        a1 = madd(z1, v128.load64_splat(w1), a1);
        if (two) {
          b0 = madd(z0, v128.load64_splat(w0, 8), b0);
          b1 = madd(z1, v128.load64_splat(w1, 8), b1);
        }
      }
      if (evenIn < fin) {
        const z0 = v128.load(zin + (<usize>evenIn << 4));
        const w0 = w + ((<usize>(evenIn * fout + o)) << 3);
        a0 = madd(z0, v128.load64_splat(w0), a0);
        if (two) b0 = madd(z0, v128.load64_splat(w0, 8), b0);
      }
      const pa = f64x2.add(f64x2.add(a0, a1), v128.load64_splat(bias + (<usize>o << 3)));
      v128.store(pout + (<usize>o << 4), pa);
      v128.store(zout + (<usize>o << 4), l < L - 1 ? activate(pa, act, alpha) : pa);
      if (two) {
        const pb2 = f64x2.add(f64x2.add(b0, b1), v128.load64_splat(bias + (<usize>(o + 1) << 3)));
        v128.store(pout + (<usize>(o + 1) << 4), pb2);
        v128.store(zout + (<usize>(o + 1) << 4), l < L - 1 ? activate(pb2, act, alpha) : pb2);
      }
    }
    zOff = nextOff;
  }
}

/** The mask factors of rows r and r + 1 (lane 1 zero when r + 1 = rows and `zeroPad`). */
@inline function maskPair(m: usize, rows: i32, r: i32, zeroPad: bool): v128 {
  const r1 = r + 1 < rows ? r + 1 : r;
  const a: f64 = m == 0 ? 1.0 : load<f64>(m + (<usize>r << 3));
  let b: f64 = m == 0 ? 1.0 : load<f64>(m + (<usize>r1 << 3));
  if (zeroPad && r + 1 >= rows) b = 0;
  return f64x2.replace_lane(f64x2.splat(a), 1, b);
}

/** out = m (Z_L[0..c) + i Z_L[c..2c)) for every row. */
export function mlpForward(
  sRe: usize, sIm: usize, m: usize, params: usize, widths: usize, L: i32, act: i32, alpha: f64, rows: i32, c: i32, outRe: usize, outIm: usize, ws: usize,
): void {
  const off = ws;
  layerOffsets(widths, L, off);
  const total = widthSum(widths, L);
  const zb = (ws + (<usize>(2 * L + 2) << 2) + 15) & ~(<usize>15);
  const pb = zb + (<usize>total << 4);
  const last = zb + (<usize>(total - 2 * c) << 4);
  for (let r = 0; r < rows; r += 2) {
    pairForward(sRe, sIm, params, widths, off, L, act, alpha, rows, c, r, zb, pb);
    const mm = maskPair(m, rows, r, false);
    for (let k = 0; k < c; k++) {
      storePair(outRe, outIm, f64x2.mul(v128.load(last + (<usize>k << 4)), mm), f64x2.mul(v128.load(last + (<usize>(c + k) << 4)), mm), rows, r, c, k);
    }
  }
}

/** The gradient of the pre-activation from s = g W^T at the activation z with pre-activation P = pre (layers l > 0). */
@inline function activationGrad(s: v128, act: i32, alpha: f64, pre: v128, zi: v128): v128 {
  const zero = f64x2.splat(0.0);
  if (act == 0) return f64x2.mul(s, v128.bitselect(f64x2.splat(1.0), f64x2.splat(alpha), f64x2.gt(pre, zero)));
  if (act == 1) return v128.bitselect(s, zero, f64x2.gt(pre, zero));
  return f64x2.mul(s, f64x2.mul(zi, f64x2.sub(f64x2.splat(1.0), zi)));
}

/**
 * Back through the layers for pair A (activations at zA / pA, the output gradient in gA) and,
 * with `both`, pair B: the parameter gradients go to acc (pair A's terms first, then B's, as
 * if the pairs went one after the other), the input gradients end in gA / gB when L is even and
 * in hA / hB when it is odd. Both pairs share each load and store of acc.
 */
@inline function pairsBackward(
  params: usize, widths: usize, off: usize, L: i32, act: i32, alpha: f64, total: i32, c: i32, acc: usize,
  zA: usize, pA: usize, gA0: usize, hA0: usize, zB: usize, pB: usize, gB0: usize, hB0: usize, both: bool,
): void {
  const zero = f64x2.splat(0.0);
  let gA = gA0;
  let hA = hA0;
  let gB = gB0;
  let hB = hB0;
  let zOff = <usize>(total - 2 * c);
  for (let l = L - 1; l >= 0; l--) {
    const fin = load<i32>(widths + (<usize>l << 2));
    const fout = load<i32>(widths + (<usize>(l + 1) << 2));
    zOff -= <usize>fin;
    const wOff = <usize>load<i32>(off + (<usize>(2 * l) << 2));
    const bOff = <usize>load<i32>(off + (<usize>(2 * l + 1) << 2));
    const w = params + (wOff << 3);
    const aw = acc + (wOff << 4);
    const ab = acc + (bOff << 4);
    for (let o = 0; o < fout; o++) {
      const at = ab + (<usize>o << 4);
      const t = f64x2.add(v128.load(at), v128.load(gA + (<usize>o << 4)));
      v128.store(at, both ? f64x2.add(t, v128.load(gB + (<usize>o << 4))) : t);
    }
    const evenOut = fout & ~1;
    for (let i = 0; i < fin; i++) {
      const zi = v128.load(zA + ((zOff + <usize>i) << 4));
      const ziB = both ? v128.load(zB + ((zOff + <usize>i) << 4)) : zero;
      const row = aw + (<usize>(i * fout) << 4);
      const wr = w + (<usize>(i * fout) << 3);
      // g W^T in two halves (even and odd o), two independent chains per pair.
      let s0 = zero;
      let s1 = zero;
      let t0 = zero;
      let t1 = zero;
      for (let o = 0; o < evenOut; o += 2) {
        const g0 = v128.load(gA + (<usize>o << 4));
        const g1 = v128.load(gA + (<usize>(o + 1) << 4));
        const wo = wr + (<usize>o << 3);
        const w0 = v128.load64_splat(wo);
        const w1 = v128.load64_splat(wo, 8);
        const at = row + (<usize>o << 4);
        if (both) {
          const h0 = v128.load(gB + (<usize>o << 4));
          const h1 = v128.load(gB + (<usize>(o + 1) << 4));
          v128.store(at, madd(ziB, h0, madd(zi, g0, v128.load(at))));
          v128.store(at, madd(ziB, h1, madd(zi, g1, v128.load(at, 16))), 16);
          t0 = madd(h0, w0, t0);
          t1 = madd(h1, w1, t1);
        } else {
          v128.store(at, madd(zi, g0, v128.load(at)));
          v128.store(at, madd(zi, g1, v128.load(at, 16)), 16);
        }
        s0 = madd(g0, w0, s0);
        s1 = madd(g1, w1, s1);
      }
      if (evenOut < fout) {
        const go = v128.load(gA + (<usize>evenOut << 4));
        const we = v128.load64_splat(wr + (<usize>evenOut << 3));
        const at = row + (<usize>evenOut << 4);
        if (both) {
          const ho = v128.load(gB + (<usize>evenOut << 4));
          v128.store(at, madd(ziB, ho, madd(zi, go, v128.load(at))));
          t0 = madd(ho, we, t0);
        } else {
          v128.store(at, madd(zi, go, v128.load(at)));
        }
        s0 = madd(go, we, s0);
      }
      let sa = f64x2.add(s0, s1);
      let sb = f64x2.add(t0, t1);
      if (l > 0) {
        sa = activationGrad(sa, act, alpha, v128.load(pA + ((zOff + <usize>i) << 4)), zi);
        if (both) sb = activationGrad(sb, act, alpha, v128.load(pB + ((zOff + <usize>i) << 4)), ziB);
      }
      v128.store(hA + (<usize>i << 4), sa);
      if (both) v128.store(hB + (<usize>i << 4), sb);
    }
    let t = gA;
    gA = hA;
    hA = t;
    t = gB;
    gB = hB;
    hB = t;
  }
}

/** The output gradient g = m (Re dy, Im dy) of rows r, r + 1 (zero past the last row) into g. */
@inline function outputGrad(m: usize, dyRe: usize, dyIm: usize, rows: i32, c: i32, r: i32, g: usize): void {
  const mm = maskPair(m, rows, r, true);
  const r1 = r + 1 < rows ? r + 1 : r;
  for (let k = 0; k < c; k++) {
    v128.store(g + (<usize>k << 4), f64x2.mul(loadPair(dyRe, r, r1, c, k), mm));
    v128.store(g + (<usize>(c + k) << 4), f64x2.mul(dyIm == 0 ? f64x2.splat(0.0) : loadPair(dyIm, r, r1, c, k), mm));
  }
}

/**
 * The backward pass: with g = m (Re dy, Im dy) the gradient of Z_L, per layer from the last
 * gW_l = sum_r Z_l^T g, gb_l = sum_r g, and g <- (g W_l^T) act'(P_l) (no activation at the input);
 * gs = g at the input, as re and im planes. gparams overwritten. Rows go four at a time (two
 * pairs sharing the updates of the parameter gradients), in the order of the pairs.
 */
export function mlpBackward(
  sRe: usize, sIm: usize, m: usize, params: usize, widths: usize, L: i32, act: i32, alpha: f64, rows: i32, c: i32,
  dyRe: usize, dyIm: usize, gsRe: usize, gsIm: usize, gparams: usize, ws: usize,
): void {
  const off = ws;
  const nParams = layerOffsets(widths, L, off);
  const total = widthSum(widths, L);
  let maxW = 0;
  for (let l = 0; l <= L; l++) maxW = max(maxW, load<i32>(widths + (<usize>l << 2)));
  const zA = (ws + (<usize>(2 * L + 2) << 2) + 15) & ~(<usize>15);
  const pA = zA + (<usize>total << 4);
  const zB = pA + (<usize>total << 4);
  const pB = zB + (<usize>total << 4);
  const gA = pB + (<usize>total << 4);
  const hA = gA + (<usize>maxW << 4);
  const gB = hA + (<usize>maxW << 4);
  const hB = gB + (<usize>maxW << 4);
  const acc = hB + (<usize>maxW << 4);
  memory.fill(acc, 0, <usize>nParams << 4);
  // The input gradients end in g after an even number of layers, in h after an odd one.
  const outA = (L & 1) == 0 ? gA : hA;
  const outB = (L & 1) == 0 ? gB : hB;
  for (let r = 0; r < rows; r += 4) {
    pairForward(sRe, sIm, params, widths, off, L, act, alpha, rows, c, r, zA, pA);
    outputGrad(m, dyRe, dyIm, rows, c, r, gA);
    if (r + 2 < rows) {
      pairForward(sRe, sIm, params, widths, off, L, act, alpha, rows, c, r + 2, zB, pB);
      outputGrad(m, dyRe, dyIm, rows, c, r + 2, gB);
      pairsBackward(params, widths, off, L, act, alpha, total, c, acc, zA, pA, gA, hA, zB, pB, gB, hB, true);
      for (let k = 0; k < c; k++) storePair(gsRe, gsIm, v128.load(outB + (<usize>k << 4)), v128.load(outB + (<usize>(c + k) << 4)), rows, r + 2, c, k);
    } else {
      pairsBackward(params, widths, off, L, act, alpha, total, c, acc, zA, pA, gA, hA, zB, pB, gB, hB, false);
    }
    for (let k = 0; k < c; k++) storePair(gsRe, gsIm, v128.load(outA + (<usize>k << 4)), v128.load(outA + (<usize>(c + k) << 4)), rows, r, c, k);
  }
  for (let j = 0; j < nParams; j++) {
    const v = v128.load(acc + (<usize>j << 4));
    store<f64>(gparams + (<usize>j << 3), f64x2.extract_lane(v, 0) + f64x2.extract_lane(v, 1));
  }
}

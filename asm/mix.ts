// The channel mixing out[r, c', e] = sum_c w[c', c] x[r, c, e] of complex planar data
// (src/nn/kernels/cpu-mix-channels.ts) and its backward pass (gx = w^H dy per row and
// gw = sum_r dy x^H, in one pass over the rows), f64x2 over pairs of the last axis e.

import { madd, nmadd } from './madd';

/** Rows per chunk of the weight-gradient sums. */
const CHUNK: i32 = 16;

/** Bytes of scratch that `mixChannelsBackward` needs. */
export function mixWorkspaceBytes(cout: i32, cin: i32): f64 {
  return 32 * <f64>cout * <f64>cin;
}

/**
 * w [cout, cin], x [rows, cin, d] and dy [rows, cout, d] as re and im planes of f64; writes
 * gx [rows, cin, d] (gx[r, c, e] = sum_c' conj(w[c', c]) dy[r, c', e]) and
 * gw [cout, cin] (gw[c', c] = sum_r,e dy[r, c', e] conj(x[r, c, e])), both overwritten.
 */
export function mixChannelsBackward(
  wr: usize, wi: usize, xr: usize, xi: usize, gr: usize, gi: usize, gwr: usize, gwi: usize, gxr: usize, gxi: usize,
  rows: i32, cout: i32, cin: i32, d: i32, ws: usize,
): void {
  if (d == 4) {
    backward4(wr, wi, xr, xi, gr, gi, gwr, gwi, gxr, gxi, rows, cout, cin);
    return;
  }
  const pairs = cout * cin;
  memory.fill(ws, 0, <usize>pairs << 5);
  const dB = <usize>d << 3;
  const even = d & ~1;
  for (let r = 0; r < rows; r++) {
    const xo = <usize>r * <usize>cin * dB;
    const go = <usize>r * <usize>cout * dB;
    // gx = w^H dy.
    for (let c = 0; c < cin; c++) {
      const to = xo + <usize>c * dB;
      for (let e = 0; e < even; e += 2) {
        const eo = <usize>e << 3;
        let ar = f64x2.splat(0.0);
        let ai = f64x2.splat(0.0);
        for (let k = 0; k < cout; k++) {
          const wo = (<usize>(k * cin + c)) << 3;
          const a = v128.load64_splat(wr + wo);
          const b = v128.load64_splat(wi + wo);
          const o = go + <usize>k * dB + eo;
          const p = v128.load(gr + o);
          const q = v128.load(gi + o);
          ar = madd(b, q, madd(a, p, ar));
          ai = nmadd(b, p, madd(a, q, ai));
        }
        v128.store(gxr + to + eo, ar);
        v128.store(gxi + to + eo, ai);
      }
      if (even < d) {
        const eo = <usize>even << 3;
        let ar: f64 = 0;
        let ai: f64 = 0;
        for (let k = 0; k < cout; k++) {
          const wo = (<usize>(k * cin + c)) << 3;
          const a = load<f64>(wr + wo);
          const b = load<f64>(wi + wo);
          const o = go + <usize>k * dB + eo;
          const p = load<f64>(gr + o);
          const q = load<f64>(gi + o);
          ar += a * p + b * q;
          ai += a * q - b * p;
        }
        store<f64>(gxr + to + eo, ar);
        store<f64>(gxi + to + eo, ai);
      }
    }
  }
  // gw += dy x^H over chunks of rows (in cache), with each entry's sums in registers over a
  // chunk; lanes over e kept apart until the end.
  for (let r0 = 0; r0 < rows; r0 += CHUNK) {
    const r1 = min(rows, r0 + CHUNK);
    for (let k = 0; k < cout; k++) {
      for (let c = 0; c < cin; c++) {
        const acc = ws + ((<usize>(k * cin + c)) << 5);
        let ar = v128.load(acc);
        let ai = v128.load(acc, 16);
        for (let r = r0; r < r1; r++) {
          const ko = <usize>r * <usize>cout * dB + <usize>k * dB;
          const co = <usize>r * <usize>cin * dB + <usize>c * dB;
          for (let e = 0; e < even; e += 2) {
            const eo = <usize>e << 3;
            const p = v128.load(gr + ko + eo);
            const q = v128.load(gi + ko + eo);
            const a = v128.load(xr + co + eo);
            const b = v128.load(xi + co + eo);
            ar = madd(q, b, madd(p, a, ar));
            ai = nmadd(p, b, madd(q, a, ai));
          }
          if (even < d) {
            const eo = <usize>even << 3;
            const p = load<f64>(gr + ko + eo);
            const q = load<f64>(gi + ko + eo);
            const a = load<f64>(xr + co + eo);
            const b = load<f64>(xi + co + eo);
            ar = f64x2.replace_lane(ar, 0, f64x2.extract_lane(ar, 0) + (p * a + q * b));
            ai = f64x2.replace_lane(ai, 0, f64x2.extract_lane(ai, 0) + (q * a - p * b));
          }
        }
        v128.store(acc, ar);
        v128.store(acc, ai, 16);
      }
    }
  }
  for (let t = 0; t < pairs; t++) {
    const acc = ws + (<usize>t << 5);
    const ar = v128.load(acc);
    const ai = v128.load(acc, 16);
    store<f64>(gwr + (<usize>t << 3), f64x2.extract_lane(ar, 0) + f64x2.extract_lane(ar, 1));
    store<f64>(gwi + (<usize>t << 3), f64x2.extract_lane(ai, 0) + f64x2.extract_lane(ai, 1));
  }
}

/**
 * gw [cout, cin] += sum over rows r0..r1 and e of dy[r, k, e] conj(x[r, c, e]) for channels c and
 * c + 1 (d = 4; (ar, ai) the sums so far of c, (br, bi) of c + 1, lanes over e kept apart).
 */
@inline function gwPair4(
  xr: usize, xi: usize, gr: usize, gi: usize, gwr: usize, gwi: usize, r0: i32, r1: i32, cout: i32, cin: i32, k: i32, c: i32,
): void {
  let ar = f64x2.splat(0.0);
  let ai = f64x2.splat(0.0);
  let br = f64x2.splat(0.0);
  let bi = f64x2.splat(0.0);
  for (let r = r0; r < r1; r++) {
    const ko = (<usize>(r * cout + k)) << 5;
    const co = (<usize>(r * cin + c)) << 5;
    const p0 = v128.load(gr + ko);
    const q0 = v128.load(gi + ko);
    const p1 = v128.load(gr + ko, 16);
    const q1 = v128.load(gi + ko, 16);
    let a = v128.load(xr + co);
    let b = v128.load(xi + co);
    ar = madd(q0, b, madd(p0, a, ar));
    ai = nmadd(p0, b, madd(q0, a, ai));
    a = v128.load(xr + co, 16);
    b = v128.load(xi + co, 16);
    ar = madd(q1, b, madd(p1, a, ar));
    ai = nmadd(p1, b, madd(q1, a, ai));
    a = v128.load(xr + co, 32);
    b = v128.load(xi + co, 32);
    br = madd(q0, b, madd(p0, a, br));
    bi = nmadd(p0, b, madd(q0, a, bi));
    a = v128.load(xr + co, 48);
    b = v128.load(xi + co, 48);
    br = madd(q1, b, madd(p1, a, br));
    bi = nmadd(p1, b, madd(q1, a, bi));
  }
  const t = (<usize>(k * cin + c)) << 3;
  addLanes(gwr + t, ar);
  addLanes(gwi + t, ai);
  addLanes(gwr + t + 8, br);
  addLanes(gwi + t + 8, bi);
}

/** Adds the sum of the two lanes of v to the double at `at`. */
@inline function addLanes(at: usize, v: v128): void {
  store<f64>(at, load<f64>(at) + (f64x2.extract_lane(v, 0) + f64x2.extract_lane(v, 1)));
}

/**
 * `mixChannelsBackward` for d = 4 (four-vectors), needing no scratch: gx with both pairs of
 * components of a channel in registers (each weight loaded once for them), gw two input channels
 * at a time (each gradient row loaded once for both) over chunks of rows.
 */
function backward4(
  wr: usize, wi: usize, xr: usize, xi: usize, gr: usize, gi: usize, gwr: usize, gwi: usize, gxr: usize, gxi: usize,
  rows: i32, cout: i32, cin: i32,
): void {
  for (let r = 0; r < rows; r++) {
    const xo = (<usize>r * <usize>cin) << 5;
    const go = (<usize>r * <usize>cout) << 5;
    for (let c = 0; c < cin; c++) {
      let ar = f64x2.splat(0.0);
      let ai = f64x2.splat(0.0);
      let br = f64x2.splat(0.0);
      let bi = f64x2.splat(0.0);
      for (let k = 0; k < cout; k++) {
        const wo = (<usize>(k * cin + c)) << 3;
        const a = v128.load64_splat(wr + wo);
        const b = v128.load64_splat(wi + wo);
        const o = go + (<usize>k << 5);
        let p = v128.load(gr + o);
        let q = v128.load(gi + o);
        ar = madd(b, q, madd(a, p, ar));
        ai = nmadd(b, p, madd(a, q, ai));
        p = v128.load(gr + o, 16);
        q = v128.load(gi + o, 16);
        br = madd(b, q, madd(a, p, br));
        bi = nmadd(b, p, madd(a, q, bi));
      }
      const to = xo + (<usize>c << 5);
      v128.store(gxr + to, ar);
      v128.store(gxi + to, ai);
      v128.store(gxr + to, br, 16);
      v128.store(gxi + to, bi, 16);
    }
  }
  memory.fill(gwr, 0, (<usize>(cout * cin)) << 3);
  memory.fill(gwi, 0, (<usize>(cout * cin)) << 3);
  const even = cin & ~1;
  for (let r0 = 0; r0 < rows; r0 += CHUNK) {
    const r1 = min(rows, r0 + CHUNK);
    for (let k = 0; k < cout; k++) {
      for (let c = 0; c < even; c += 2) gwPair4(xr, xi, gr, gi, gwr, gwi, r0, r1, cout, cin, k, c);
      if (even < cin) {
        const c = even;
        let ar = f64x2.splat(0.0);
        let ai = f64x2.splat(0.0);
        for (let r = r0; r < r1; r++) {
          const ko = (<usize>(r * cout + k)) << 5;
          const co = (<usize>(r * cin + c)) << 5;
          let p = v128.load(gr + ko);
          let q = v128.load(gi + ko);
          let a = v128.load(xr + co);
          let b = v128.load(xi + co);
          ar = madd(q, b, madd(p, a, ar));
          ai = nmadd(p, b, madd(q, a, ai));
          p = v128.load(gr + ko, 16);
          q = v128.load(gi + ko, 16);
          a = v128.load(xr + co, 16);
          b = v128.load(xi + co, 16);
          ar = madd(q, b, madd(p, a, ar));
          ai = nmadd(p, b, madd(q, a, ai));
        }
        const t = (<usize>(k * cin + c)) << 3;
        addLanes(gwr + t, ar);
        addLanes(gwi + t, ai);
      }
    }
  }
}

/**
 * out[r, c', e] = sum_c w[c', c] x[r, c, e] for w [cout, cin], x [rows, cin, d], planar complex
 * f64; out [rows, cout, d] is overwritten.
 */
export function mixChannelsForward(
  wr: usize, wi: usize, xr: usize, xi: usize, outr: usize, outi: usize, rows: i32, cout: i32, cin: i32, d: i32,
): void {
  if (d == 4) {
    forward4(wr, wi, xr, xi, outr, outi, rows, cout, cin);
    return;
  }
  const dB = <usize>d << 3;
  const even = d & ~1;
  for (let r = 0; r < rows; r++) {
    const xo = <usize>r * <usize>cin * dB;
    const oo = <usize>r * <usize>cout * dB;
    for (let k = 0; k < cout; k++) {
      const to = oo + <usize>k * dB;
      for (let e = 0; e < even; e += 2) {
        const eo = <usize>e << 3;
        let ar = f64x2.splat(0.0);
        let ai = f64x2.splat(0.0);
        for (let c = 0; c < cin; c++) {
          const wo = (<usize>(k * cin + c)) << 3;
          const a = v128.load64_splat(wr + wo);
          const b = v128.load64_splat(wi + wo);
          const o = xo + <usize>c * dB + eo;
          const p = v128.load(xr + o);
          const q = v128.load(xi + o);
          ar = nmadd(b, q, madd(a, p, ar));
          ai = madd(b, p, madd(a, q, ai));
        }
        v128.store(outr + to + eo, ar);
        v128.store(outi + to + eo, ai);
      }
      if (even < d) {
        const eo = <usize>even << 3;
        let ar: f64 = 0;
        let ai: f64 = 0;
        for (let c = 0; c < cin; c++) {
          const wo = (<usize>(k * cin + c)) << 3;
          const a = load<f64>(wr + wo);
          const b = load<f64>(wi + wo);
          const o = xo + <usize>c * dB + eo;
          const p = load<f64>(xr + o);
          const q = load<f64>(xi + o);
          ar += a * p - b * q;
          ai += a * q + b * p;
        }
        store<f64>(outr + to + eo, ar);
        store<f64>(outi + to + eo, ai);
      }
    }
  }
}

/** out[r, k, :] (both pairs of components) of output channel k of row r for d = 4. */
@inline function forwardChannel4(wr: usize, wi: usize, xr: usize, xi: usize, outr: usize, outi: usize, r: i32, k: i32, cout: i32, cin: i32): void {
  const xo = (<usize>r * <usize>cin) << 5;
  let ar = f64x2.splat(0.0);
  let ai = f64x2.splat(0.0);
  let br = f64x2.splat(0.0);
  let bi = f64x2.splat(0.0);
  for (let c = 0; c < cin; c++) {
    const wo = (<usize>(k * cin + c)) << 3;
    const a = v128.load64_splat(wr + wo);
    const b = v128.load64_splat(wi + wo);
    const o = xo + (<usize>c << 5);
    let p = v128.load(xr + o);
    let q = v128.load(xi + o);
    ar = nmadd(b, q, madd(a, p, ar));
    ai = madd(b, p, madd(a, q, ai));
    p = v128.load(xr + o, 16);
    q = v128.load(xi + o, 16);
    br = nmadd(b, q, madd(a, p, br));
    bi = madd(b, p, madd(a, q, bi));
  }
  const to = (<usize>(r * cout + k)) << 5;
  v128.store(outr + to, ar);
  v128.store(outi + to, ai);
  v128.store(outr + to, br, 16);
  v128.store(outi + to, bi, 16);
}

/** `mixChannelsForward` for d = 4 (four-vectors): both pairs of components of an output channel in registers, each weight loaded once for them. */
function forward4(wr: usize, wi: usize, xr: usize, xi: usize, outr: usize, outi: usize, rows: i32, cout: i32, cin: i32): void {
  for (let r = 0; r < rows; r++) {
    for (let k = 0; k < cout; k++) forwardChannel4(wr, wi, xr, xi, outr, outi, r, k, cout, cin);
  }
}

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
 * out[r, c', e] = sum_c w[c', c] x[r, c, e] for w [cout, cin], x [rows, cin, d], planar complex
 * f64; out [rows, cout, d] is overwritten.
 */
export function mixChannelsForward(
  wr: usize, wi: usize, xr: usize, xi: usize, outr: usize, outi: usize, rows: i32, cout: i32, cin: i32, d: i32,
): void {
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

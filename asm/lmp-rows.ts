// The per-particle stages of the fused LMP core (src/nn/kernels/cpu-lmp-core.ts), ported from its
// TypeScript loops (same expressions, so the same values): the message rows X, the mixing sources
// catS / catV from the message sums Y, and in the backward pass the direct terms with the gradient
// of Y, and the scatter of gX to the gradients of s, p and v. Planar complex data; layouts as in
// lmp.ts, with catS [np, 4c], catV [np, 3c, 4], Y kept as [np c, 10] (Y_s, Y_v).

const H: f64 = Math.SQRT1_2;

@inline function ld(a: usize, i: i32): f64 {
  return load<f64>(a + (<usize>i << 3));
}

@inline function st(a: usize, i: i32, v: f64): void {
  store<f64>(a + (<usize>i << 3), v);
}

/** Rows X = [s, p s, v~, p.v~] (20 numbers, complex parts interleaved) of the np c rows, v~ = U^H v. */
export function lmpFillRows(p: usize, sRe: usize, sIm: usize, vRe: usize, vIm: usize, x: usize, np: i32, c: i32): void {
  for (let pi = 0; pi < np; pi++) {
    const po = 4 * pi;
    const p0 = ld(p, po);
    const p1 = ld(p, po + 1);
    const p2 = ld(p, po + 2);
    const p3 = ld(p, po + 3);
    for (let row = pi * c; row < (pi + 1) * c; row++) {
      const sr = ld(sRe, row);
      const si = ld(sIm, row);
      const t = 4 * row;
      const x1r = ld(vRe, t + 1);
      const x3r = ld(vRe, t + 3);
      const x1i = ld(vIm, t + 1);
      const x3i = ld(vIm, t + 3);
      const v0r = ld(vRe, t);
      const v0i = ld(vIm, t);
      const v1r = (x1r - x3r) * H;
      const v1i = (x1i - x3i) * H;
      const v2r = (x1i + x3i) * H;
      const v2i = -(x1r + x3r) * H;
      const v3r = ld(vRe, t + 2);
      const v3i = ld(vIm, t + 2);
      const o = row * 20;
      st(x, o, sr);
      st(x, o + 1, si);
      st(x, o + 2, p0 * sr);
      st(x, o + 3, p0 * si);
      st(x, o + 4, p1 * sr);
      st(x, o + 5, p1 * si);
      st(x, o + 6, p2 * sr);
      st(x, o + 7, p2 * si);
      st(x, o + 8, p3 * sr);
      st(x, o + 9, p3 * si);
      st(x, o + 10, v0r);
      st(x, o + 11, v0i);
      st(x, o + 12, v1r);
      st(x, o + 13, v1i);
      st(x, o + 14, v2r);
      st(x, o + 15, v2i);
      st(x, o + 16, v3r);
      st(x, o + 17, v3i);
      st(x, o + 18, p0 * v0r - p1 * v1r - p2 * v2r - p3 * v3r);
      st(x, o + 19, p0 * v0i - p1 * v1i - p2 * v2i - p3 * v3i);
    }
  }
}

/** catS, catV (times the mask m) and the kept part of Y (unless yKeep is 0) from the message sums y [np c, 20]. */
export function lmpAssemble(
  p: usize, m: usize, sRe: usize, sIm: usize, vRe: usize, vIm: usize, y: usize,
  sR: usize, sI: usize, vR: usize, vI: usize, yKeep: usize, np: i32, c: i32,
): void {
  for (let pi = 0; pi < np; pi++) {
    const po = pi * 4;
    const base = pi * 4 * c;
    const baseV = pi * 3 * c;
    const mi = ld(m, pi);
    const p0 = ld(p, po);
    const p1 = ld(p, po + 1);
    const p2 = ld(p, po + 2);
    const p3 = ld(p, po + 3);
    for (let ch = 0; ch < c; ch++) {
      const row = pi * c + ch;
      const yo = row * 20;
      const ko = row * 10;
      if (yKeep != 0) {
        st(yKeep, ko, ld(y, yo));
        st(yKeep, ko + 1, ld(y, yo + 1));
        for (let t = 2; t < 10; t++) st(yKeep, ko + t, ld(y, yo + 8 + t));
      }
      // Z = p_i Y_s - Y_ps; 2R = p_i . Y_v - Y_pv.
      const ysr = ld(y, yo);
      const ysi = ld(y, yo + 1);
      const z0r = p0 * ysr - ld(y, yo + 2);
      const z0i = p0 * ysi - ld(y, yo + 3);
      const z1r = p1 * ysr - ld(y, yo + 4);
      const z1i = p1 * ysi - ld(y, yo + 5);
      const z2r = p2 * ysr - ld(y, yo + 6);
      const z2i = p2 * ysi - ld(y, yo + 7);
      const z3r = p3 * ysr - ld(y, yo + 8);
      const z3i = p3 * ysi - ld(y, yo + 9);
      const rr = p0 * ld(y, yo + 10) - p1 * ld(y, yo + 12) - p2 * ld(y, yo + 14) - p3 * ld(y, yo + 16) - ld(y, yo + 18);
      const ri = p0 * ld(y, yo + 11) - p1 * ld(y, yo + 13) - p2 * ld(y, yo + 15) - p3 * ld(y, yo + 17) - ld(y, yo + 19);
      const sr = ld(sRe, row);
      const si = ld(sIm, row);
      st(sR, base + ch, mi * (0.5 * rr));
      st(sI, base + ch, mi * (0.5 * ri));
      st(sR, base + c + ch, mi * sr);
      st(sI, base + c + ch, mi * si);
      st(sR, base + 2 * c + ch, mi * (sr * sr - si * si));
      st(sI, base + 2 * c + ch, mi * (2 * sr * si));
      const t0 = 4 * row;
      const x1r = ld(vRe, t0 + 1);
      const x3r = ld(vRe, t0 + 3);
      const x1i = ld(vIm, t0 + 1);
      const x3i = ld(vIm, t0 + 3);
      const a0 = ld(vRe, t0);
      const b0 = ld(vIm, t0);
      const a1 = (x1r - x3r) * H;
      const b1 = (x1i - x3i) * H;
      const a2 = (x1i + x3i) * H;
      const b2 = -(x1r + x3r) * H;
      const a3 = ld(vRe, t0 + 2);
      const b3 = ld(vIm, t0 + 2);
      st(sR, base + 3 * c + ch, mi * (0.5 * (a0 * a0 - b0 * b0 - (a1 * a1 - b1 * b1) - (a2 * a2 - b2 * b2) - (a3 * a3 - b3 * b3))));
      st(sI, base + 3 * c + ch, mi * (a0 * b0 - a1 * b1 - a2 * b2 - a3 * b3));
      // U z = [z0, (z1 + i z2)/sqrt2, z3, -(z1 - i z2)/sqrt2].
      const o0 = 4 * (baseV + ch);
      st(vR, o0, mi * z0r);
      st(vI, o0, mi * z0i);
      st(vR, o0 + 1, mi * ((z1r - z2i) * H));
      st(vI, o0 + 1, mi * ((z1i + z2r) * H));
      st(vR, o0 + 2, mi * z3r);
      st(vI, o0 + 2, mi * z3i);
      st(vR, o0 + 3, mi * (-(z1r + z2i) * H));
      st(vI, o0 + 3, mi * (-(z1i - z2r) * H));
      const o1 = 4 * (baseV + c + ch);
      const o2 = 4 * (baseV + 2 * c + ch);
      for (let t = 0; t < 4; t++) {
        const xr = ld(vRe, t0 + t);
        const xi = ld(vIm, t0 + t);
        st(vR, o1 + t, mi * xr);
        st(vI, o1 + t, mi * xi);
        st(vR, o2 + t, mi * (sr * xr - si * xi));
        st(vI, o2 + t, mi * (sr * xi + si * xr));
      }
    }
  }
}

/**
 * Backward, first stage: from the output gradients gS [np, 4c] and gV [np, 3c, 4] (times the
 * mask), the direct terms: gs and the canonical part of gv (written), gt = the gradient of v~
 * from (v~ . v~)/2 (written), gp (added), and the gradient of Y, gy [np c, 20] (written).
 */
export function lmpDirect(
  p: usize, m: usize, sRe: usize, sIm: usize, vRe: usize, vIm: usize, gSre: usize, gSim: usize, gVre: usize, gVim: usize,
  yAll: usize, gy: usize, gp: usize, gsR: usize, gsI: usize, gvR: usize, gvI: usize, gtR: usize, gtI: usize, np: i32, c: i32,
): void {
  for (let pi = 0; pi < np; pi++) {
    const po = pi * 4;
    const base = pi * 4 * c;
    const baseV = pi * 3 * c;
    const mi = ld(m, pi);
    const p0 = ld(p, po);
    const p1 = ld(p, po + 1);
    const p2 = ld(p, po + 2);
    const p3 = ld(p, po + 3);
    let gp0: f64 = 0;
    let gp1: f64 = 0;
    let gp2: f64 = 0;
    let gp3: f64 = 0;
    for (let ch = 0; ch < c; ch++) {
      const row = pi * c + ch;
      const t0 = 4 * row;
      const sr = ld(sRe, row);
      const si = ld(sIm, row);
      const g2r = mi * ld(gSre, base + 2 * c + ch);
      const g2i = mi * ld(gSim, base + 2 * c + ch);
      let gsr = mi * ld(gSre, base + c + ch) + 2 * (sr * g2r + si * g2i);
      let gsi = mi * ld(gSim, base + c + ch) + 2 * (sr * g2i - si * g2r);
      // (v~ . v~)/2: g_v~ = conj(eta v~) g3.
      const g3r = mi * ld(gSre, base + 3 * c + ch);
      const g3i = mi * ld(gSim, base + 3 * c + ch);
      const x1r = ld(vRe, t0 + 1);
      const x3r = ld(vRe, t0 + 3);
      const x1i = ld(vIm, t0 + 1);
      const x3i = ld(vIm, t0 + 3);
      const a0 = ld(vRe, t0);
      const b0 = ld(vIm, t0);
      const a1 = -((x1r - x3r) * H);
      const b1 = -((x1i - x3i) * H);
      const a2 = -((x1i + x3i) * H);
      const b2 = -(-(x1r + x3r) * H);
      const a3 = -ld(vRe, t0 + 2);
      const b3 = -ld(vIm, t0 + 2);
      st(gtR, t0, a0 * g3r + b0 * g3i);
      st(gtI, t0, a0 * g3i - b0 * g3r);
      st(gtR, t0 + 1, a1 * g3r + b1 * g3i);
      st(gtI, t0 + 1, a1 * g3i - b1 * g3r);
      st(gtR, t0 + 2, a2 * g3r + b2 * g3i);
      st(gtI, t0 + 2, a2 * g3i - b2 * g3r);
      st(gtR, t0 + 3, a3 * g3r + b3 * g3i);
      st(gtI, t0 + 3, a3 * g3i - b3 * g3r);
      // v and s v: g_s += sum conj(v) h, g_v = g1 + conj(s) h.
      const o1 = 4 * (baseV + c + ch);
      const o2 = 4 * (baseV + 2 * c + ch);
      for (let t = 0; t < 4; t++) {
        const xr = ld(vRe, t0 + t);
        const xi = ld(vIm, t0 + t);
        const hr = mi * ld(gVre, o2 + t);
        const hi = mi * ld(gVim, o2 + t);
        gsr += xr * hr + xi * hi;
        gsi += xr * hi - xi * hr;
        st(gvR, t0 + t, mi * ld(gVre, o1 + t) + sr * hr + si * hi);
        st(gvI, t0 + t, mi * ld(gVim, o1 + t) + sr * hi - si * hr);
      }
      st(gsR, row, gsr);
      st(gsI, row, gsi);
      // g_Z = U^H gV[message] (Cartesian); g of 2R is gS[message] / 2.
      const om = 4 * (baseV + ch);
      const y1r = mi * ld(gVre, om + 1);
      const y3r = mi * ld(gVre, om + 3);
      const y1i = mi * ld(gVim, om + 1);
      const y3i = mi * ld(gVim, om + 3);
      const gz0r = mi * ld(gVre, om);
      const gz0i = mi * ld(gVim, om);
      const gz1r = (y1r - y3r) * H;
      const gz1i = (y1i - y3i) * H;
      const gz2r = (y1i + y3i) * H;
      const gz2i = -(y1r + y3r) * H;
      const gz3r = mi * ld(gVre, om + 2);
      const gz3i = mi * ld(gVim, om + 2);
      const gRr = 0.5 * mi * ld(gSre, base + ch);
      const gRi = 0.5 * mi * ld(gSim, base + ch);
      const yo = row * 10;
      const go = row * 20;
      const ysr = ld(yAll, yo);
      const ysi = ld(yAll, yo + 1);
      // Z_mu = p_mu Y_s - Y_ps,mu; 2R = sum eta p_mu Y_v,mu - Y_pv.
      st(gy, go, p0 * gz0r + p1 * gz1r + p2 * gz2r + p3 * gz3r);
      st(gy, go + 1, p0 * gz0i + p1 * gz1i + p2 * gz2i + p3 * gz3i);
      st(gy, go + 2, -gz0r);
      st(gy, go + 3, -gz0i);
      st(gy, go + 4, -gz1r);
      st(gy, go + 5, -gz1i);
      st(gy, go + 6, -gz2r);
      st(gy, go + 7, -gz2i);
      st(gy, go + 8, -gz3r);
      st(gy, go + 9, -gz3i);
      st(gy, go + 10, p0 * gRr);
      st(gy, go + 11, p0 * gRi);
      st(gy, go + 12, -p1 * gRr);
      st(gy, go + 13, -p1 * gRi);
      st(gy, go + 14, -p2 * gRr);
      st(gy, go + 15, -p2 * gRi);
      st(gy, go + 16, -p3 * gRr);
      st(gy, go + 17, -p3 * gRi);
      st(gy, go + 18, -gRr);
      st(gy, go + 19, -gRi);
      gp0 += gz0r * ysr + gz0i * ysi + gRr * ld(yAll, yo + 2) + gRi * ld(yAll, yo + 3);
      gp1 += gz1r * ysr + gz1i * ysi - (gRr * ld(yAll, yo + 4) + gRi * ld(yAll, yo + 5));
      gp2 += gz2r * ysr + gz2i * ysi - (gRr * ld(yAll, yo + 6) + gRi * ld(yAll, yo + 7));
      gp3 += gz3r * ysr + gz3i * ysi - (gRr * ld(yAll, yo + 8) + gRi * ld(yAll, yo + 9));
    }
    st(gp, po, ld(gp, po) + gp0);
    st(gp, po + 1, ld(gp, po + 1) + gp1);
    st(gp, po + 2, ld(gp, po + 2) + gp2);
    st(gp, po + 3, ld(gp, po + 3) + gp3);
  }
}

/**
 * Backward, last stage: X_j = [s, p s, v~, p.v~] -> gradients of s (added), p (added) and v~
 * (gt + the rows' part), and g_v += U g_v~.
 */
export function lmpScatter(
  p: usize, sRe: usize, sIm: usize, vRe: usize, vIm: usize, gx: usize, gp: usize, gsR: usize, gsI: usize,
  gvR: usize, gvI: usize, gtR: usize, gtI: usize, np: i32, c: i32,
): void {
  for (let pi = 0; pi < np; pi++) {
    const po = 4 * pi;
    const p0 = ld(p, po);
    const p1 = ld(p, po + 1);
    const p2 = ld(p, po + 2);
    const p3 = ld(p, po + 3);
    let gp0: f64 = 0;
    let gp1: f64 = 0;
    let gp2: f64 = 0;
    let gp3: f64 = 0;
    for (let row = pi * c; row < (pi + 1) * c; row++) {
      const o = row * 20;
      const t = 4 * row;
      const sr = ld(sRe, row);
      const si = ld(sIm, row);
      const gpvr = ld(gx, o + 18);
      const gpvi = ld(gx, o + 19);
      const h0r = ld(gx, o + 2);
      const h0i = ld(gx, o + 3);
      const h1r = ld(gx, o + 4);
      const h1i = ld(gx, o + 5);
      const h2r = ld(gx, o + 6);
      const h2i = ld(gx, o + 7);
      const h3r = ld(gx, o + 8);
      const h3i = ld(gx, o + 9);
      st(gsR, row, ld(gsR, row) + (ld(gx, o) + p0 * h0r + p1 * h1r + p2 * h2r + p3 * h3r));
      st(gsI, row, ld(gsI, row) + (ld(gx, o + 1) + p0 * h0i + p1 * h1i + p2 * h2i + p3 * h3i));
      const x1r = ld(vRe, t + 1);
      const x3r = ld(vRe, t + 3);
      const x1i = ld(vIm, t + 1);
      const x3i = ld(vIm, t + 3);
      const v0r = ld(vRe, t);
      const v0i = ld(vIm, t);
      const v1r = (x1r - x3r) * H;
      const v1i = (x1i - x3i) * H;
      const v2r = (x1i + x3i) * H;
      const v2i = -(x1r + x3r) * H;
      const v3r = ld(vRe, t + 2);
      const v3i = ld(vIm, t + 2);
      gp0 += h0r * sr + h0i * si + (gpvr * v0r + gpvi * v0i);
      gp1 += h1r * sr + h1i * si - (gpvr * v1r + gpvi * v1i);
      gp2 += h2r * sr + h2i * si - (gpvr * v2r + gpvi * v2i);
      gp3 += h3r * sr + h3i * si - (gpvr * v3r + gpvi * v3i);
      const z0r = ld(gtR, t) + ld(gx, o + 10) + p0 * gpvr;
      const z0i = ld(gtI, t) + ld(gx, o + 11) + p0 * gpvi;
      const z1r = ld(gtR, t + 1) + ld(gx, o + 12) - p1 * gpvr;
      const z1i = ld(gtI, t + 1) + ld(gx, o + 13) - p1 * gpvi;
      const z2r = ld(gtR, t + 2) + ld(gx, o + 14) - p2 * gpvr;
      const z2i = ld(gtI, t + 2) + ld(gx, o + 15) - p2 * gpvi;
      const z3r = ld(gtR, t + 3) + ld(gx, o + 16) - p3 * gpvr;
      const z3i = ld(gtI, t + 3) + ld(gx, o + 17) - p3 * gpvi;
      st(gvR, t, ld(gvR, t) + z0r);
      st(gvI, t, ld(gvI, t) + z0i);
      st(gvR, t + 1, ld(gvR, t + 1) + (z1r - z2i) * H);
      st(gvI, t + 1, ld(gvI, t + 1) + (z1i + z2r) * H);
      st(gvR, t + 2, ld(gvR, t + 2) + z3r);
      st(gvI, t + 2, ld(gvI, t + 2) + z3i);
      st(gvR, t + 3, ld(gvR, t + 3) + -(z1r + z2i) * H);
      st(gvI, t + 3, ld(gvI, t + 3) + -(z1i - z2r) * H);
    }
    st(gp, po, ld(gp, po) + gp0);
    st(gp, po + 1, ld(gp, po + 1) + gp1);
    st(gp, po + 2, ld(gp, po + 2) + gp2);
    st(gp, po + 3, ld(gp, po + 3) + gp3);
  }
}

// Pairwise squared Minkowski distances (p_i - p_j)^2 with metric (+,-,-,-).

import { roundUp } from './flags';

/** Bytes of scratch that `pairwiseMinkowskiSq` needs for n particles. */
export function minkowskiWorkspaceBytes(n: i32): f64 {
  return 32 * <f64>roundUp(n, 2);
}

/**
 * out[b, i, j] = (E_i - E_j)^2 - (px_i - px_j)^2 - (py_i - py_j)^2 - (pz_i - pz_j)^2, evaluated in
 * that order, for p of shape batch x n x 4 (E, px, py, pz) and out of shape batch x n x n.
 * Each batch element is first split into four component rows, then rows of out are written two
 * columns per f64x2.
 */
export function pairwiseMinkowskiSq(p: usize, out: usize, batch: i32, n: i32, ws: usize): void {
  const row = <usize>roundUp(n, 2) << 3;
  const e = ws;
  const x = e + row;
  const y = x + row;
  const z = y + row;
  const pairs = n & ~1;
  for (let b = 0; b < batch; b++) {
    const src = p + (<usize>b * <usize>n << 5);
    for (let j = 0; j < n; j++) {
      const s = src + (<usize>j << 5);
      const t = <usize>j << 3;
      store<f64>(e + t, load<f64>(s));
      store<f64>(x + t, load<f64>(s, 8));
      store<f64>(y + t, load<f64>(s, 16));
      store<f64>(z + t, load<f64>(s, 24));
    }
    let dst = out + (<usize>b * <usize>n * <usize>n << 3);
    for (let i = 0; i < n; i++) {
      const t = <usize>i << 3;
      const ei = v128.load64_splat(e + t);
      const xi = v128.load64_splat(x + t);
      const yi = v128.load64_splat(y + t);
      const zi = v128.load64_splat(z + t);
      for (let j = 0; j < pairs; j += 2) {
        const u = <usize>j << 3;
        const de = f64x2.sub(ei, v128.load(e + u));
        const dx = f64x2.sub(xi, v128.load(x + u));
        const dy = f64x2.sub(yi, v128.load(y + u));
        const dz = f64x2.sub(zi, v128.load(z + u));
        const s = f64x2.sub(
          f64x2.sub(f64x2.sub(f64x2.mul(de, de), f64x2.mul(dx, dx)), f64x2.mul(dy, dy)),
          f64x2.mul(dz, dz),
        );
        v128.store(dst + u, s);
      }
      if (pairs < n) {
        const u = <usize>pairs << 3;
        const de = load<f64>(e + t) - load<f64>(e + u);
        const dx = load<f64>(x + t) - load<f64>(x + u);
        const dy = load<f64>(y + t) - load<f64>(y + u);
        const dz = load<f64>(z + t) - load<f64>(z + u);
        store<f64>(dst + u, de * de - dx * dx - dy * dy - dz * dz);
      }
      dst += <usize>n << 3;
    }
  }
}

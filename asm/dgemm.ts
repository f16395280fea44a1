// Batched real matrix product C = op(A) op(B) with f64x2 SIMD; blocking as in zgemm.ts.

import { madd } from './madd';
import { roundUp, TRANS_A, TRANS_B } from './flags';
import { packReal, packRealDup } from './pack';

/** Rows of op(A) per micro-panel. */
const MR: i32 = 4;
/** Columns of op(B) per micro-panel (two f64x2). */
const NR: i32 = 4;
/** Steps of one k-block. */
const KC: i32 = 256;
/** Rows of one m-block. */
const MC: i32 = 128;

/** Bytes of scratch that `dgemm` needs for one m x k times k x n product (any batch). */
export function dgemmWorkspaceBytes(m: i32, k: i32, n: i32): f64 {
  return (<f64>roundUp(m, MR) * 2 + <f64>roundUp(n, NR)) * <f64>k * 8 + MR * NR * 8;
}

/**
 * C[4 x 4] += A[4 x kc] B[kc x 4] on packed panels: A with duplicated values (step: a0 a0 a1 a1
 * a2 a2 a3 a3), B plainly (step: b0 b1 b2 b3). 8 accumulators and 6 operands per step fit the 15
 * vector registers V8 allocates on x64.
 */
function kernel(kc: i32, ap: usize, bp: usize, c: usize, ldc: usize): void {
  let c00 = f64x2.splat(0.0), c01 = f64x2.splat(0.0);
  let c10 = f64x2.splat(0.0), c11 = f64x2.splat(0.0);
  let c20 = f64x2.splat(0.0), c21 = f64x2.splat(0.0);
  let c30 = f64x2.splat(0.0), c31 = f64x2.splat(0.0);
  const end = ap + (<usize>kc << 6);
  while (ap < end) {
    const b0 = v128.load(bp);
    const b1 = v128.load(bp, 16);
    const a0 = v128.load(ap);
    const a1 = v128.load(ap, 16);
    const a2 = v128.load(ap, 32);
    const a3 = v128.load(ap, 48);
    c00 = madd(a0, b0, c00);
    c01 = madd(a0, b1, c01);
    c10 = madd(a1, b0, c10);
    c11 = madd(a1, b1, c11);
    c20 = madd(a2, b0, c20);
    c21 = madd(a2, b1, c21);
    c30 = madd(a3, b0, c30);
    c31 = madd(a3, b1, c31);
    ap += 64;
    bp += 32;
  }
  v128.store(c, f64x2.add(v128.load(c), c00));
  v128.store(c, f64x2.add(v128.load(c, 16), c01), 16);
  c += ldc;
  v128.store(c, f64x2.add(v128.load(c), c10));
  v128.store(c, f64x2.add(v128.load(c, 16), c11), 16);
  c += ldc;
  v128.store(c, f64x2.add(v128.load(c), c20));
  v128.store(c, f64x2.add(v128.load(c, 16), c21), 16);
  c += ldc;
  v128.store(c, f64x2.add(v128.load(c), c30));
  v128.store(c, f64x2.add(v128.load(c, 16), c31), 16);
}

/**
 * Batched real product C[b] = op(A[b]) op(B[b]), op = transpose per `flags`. A[b] starts at
 * element b * aStride (stored m x k, or k x m with TRANS_A); B[b] at element b * bStride (k x n,
 * or n x k with TRANS_B). C is dense batch x m x n and is overwritten. A stride of 0 broadcasts
 * one matrix over the batch (packed once). `ws` is scratch of at least
 * `dgemmWorkspaceBytes(m, k, n)` bytes; all pointers 16-byte aligned.
 */
export function dgemm(
  a: usize, b: usize, c: usize, batch: i32, m: i32, k: i32, n: i32, flags: i32,
  aStride: i32, bStride: i32, ws: usize,
): void {
  memory.fill(c, 0, <usize>batch * <usize>m * <usize>n << 3);
  if (m == 0 || n == 0 || k == 0) return;
  const transA = (flags & TRANS_A) != 0;
  const transB = (flags & TRANS_B) != 0;
  const mp = roundUp(m, MR);
  const np = roundUp(n, NR);
  const aPanel = <usize>MR * <usize>k << 4;
  const bPanel = <usize>NR * <usize>k << 3;
  const ap = ws;
  const bp = ap + <usize>(mp / MR) * aPanel;
  const tile = bp + <usize>(np / NR) * bPanel;
  const ldc = <usize>n << 3;
  for (let bb = 0; bb < batch; bb++) {
    if (bb == 0 || aStride != 0) {
      const src = a + (<usize>bb * <usize>aStride << 3);
      for (let i = 0; i < mp; i += MR) {
        const valid = min(MR, m - i);
        const dst = ap + <usize>(i / MR) * aPanel;
        if (transA) packRealDup(src + (<usize>i << 3), 1, m, valid, MR, k, dst);
        else packRealDup(src + (<usize>i * <usize>k << 3), k, 1, valid, MR, k, dst);
      }
    }
    if (bb == 0 || bStride != 0) {
      const src = b + (<usize>bb * <usize>bStride << 3);
      for (let j = 0; j < np; j += NR) {
        const valid = min(NR, n - j);
        const dst = bp + <usize>(j / NR) * bPanel;
        if (transB) packReal(src + (<usize>j * <usize>k << 3), k, 1, valid, NR, k, dst);
        else packReal(src + (<usize>j << 3), 1, n, valid, NR, k, dst);
      }
    }
    const cb = c + (<usize>bb * <usize>m * <usize>n << 3);
    for (let pc = 0; pc < k; pc += KC) {
      const kc = min(KC, k - pc);
      for (let ic = 0; ic < mp; ic += MC) {
        const iEnd = min(ic + MC, mp);
        for (let j = 0; j < np; j += NR) {
          const bpp = bp + <usize>(j / NR) * bPanel + (<usize>(pc * NR) << 3);
          const fullCols = j + NR <= n;
          for (let i = ic; i < iEnd; i += MR) {
            const app = ap + <usize>(i / MR) * aPanel + (<usize>(pc * MR) << 4);
            if (fullCols && i + MR <= m) {
              kernel(kc, app, bpp, cb + ((<usize>i * <usize>n + <usize>j) << 3), ldc);
            } else {
              memory.fill(tile, 0, MR * NR * 8);
              kernel(kc, app, bpp, tile, NR * 8);
              const rows = min(MR, m - i);
              const cols = min(NR, n - j);
              for (let r = 0; r < rows; r++) {
                for (let q = 0; q < cols; q++) {
                  const o = cb + ((<usize>(i + r) * <usize>n + <usize>(j + q)) << 3);
                  store<f64>(o, load<f64>(o) + load<f64>(tile + (<usize>(r * NR + q) << 3)));
                }
              }
            }
          }
        }
      }
    }
  }
}

// Batched planar complex matrix product C = op(A) op(B) with f64x2 SIMD.
//
// Blocking: op(A) and op(B) are packed whole (per batch element; once when broadcast), then C is
// computed in k-blocks of KC steps and m-blocks of MC rows so that one B micro-panel (KC x 2) stays
// in L1 and one A block (MC x KC, values duplicated) in L2.

import { madd } from './madd';
import { CONJ_A, CONJ_B, roundUp, TRANS_A, TRANS_B } from './flags';
import { packComplex, packComplexDup } from './pack';

/** Rows of op(A) per micro-panel. */
const MR: i32 = 2;
/** Columns of op(B) per micro-panel (one f64x2 of real parts, one of imaginary parts). */
const NR: i32 = 2;
/** Steps of one k-block. */
const KC: i32 = 256;
/** Rows of one m-block. */
const MC: i32 = 64;

/** Bytes of scratch that `zgemm` needs for one m x k times k x n product (any batch). */
export function zgemmWorkspaceBytes(m: i32, k: i32, n: i32): f64 {
  return (<f64>roundUp(m, MR) * 2 + <f64>roundUp(n, NR)) * <f64>k * 16 + MR * NR * 16;
}

/**
 * C[MR x NR] += A[MR x kc] B[kc x NR] on packed panels. A is packed with duplicated values
 * (step: re0 re0 re1 re1 im0 im0 im1 im1), B plainly (step: re0 re1 im0 im1). The four real
 * products keep separate accumulators (re = rr - ii, im = ri + ir), so each accumulator takes one
 * addition per step, and the 8 accumulators plus the 6 operands of a step fit the 15 vector
 * registers that V8 allocates on x64 (it issues all loads of a step before the arithmetic).
 * Broadcast operands come from plain loads: a load-splat per value is markedly slower in V8.
 */
function kernel(kc: i32, ap: usize, bp: usize, cr: usize, ci: usize, ldc: usize): void {
  let rr0 = f64x2.splat(0.0), ii0 = f64x2.splat(0.0), ri0 = f64x2.splat(0.0), ir0 = f64x2.splat(0.0);
  let rr1 = f64x2.splat(0.0), ii1 = f64x2.splat(0.0), ri1 = f64x2.splat(0.0), ir1 = f64x2.splat(0.0);
  const end = ap + (<usize>kc << 6);
  while (ap < end) {
    const br = v128.load(bp);
    const bi = v128.load(bp, 16);
    const ar0 = v128.load(ap);
    const ar1 = v128.load(ap, 16);
    const ai0 = v128.load(ap, 32);
    const ai1 = v128.load(ap, 48);
    rr0 = madd(ar0, br, rr0);
    ii0 = madd(ai0, bi, ii0);
    ri0 = madd(ar0, bi, ri0);
    ir0 = madd(ai0, br, ir0);
    rr1 = madd(ar1, br, rr1);
    ii1 = madd(ai1, bi, ii1);
    ri1 = madd(ar1, bi, ri1);
    ir1 = madd(ai1, br, ir1);
    ap += 64;
    bp += 32;
  }
  v128.store(cr, f64x2.add(v128.load(cr), f64x2.sub(rr0, ii0)));
  v128.store(ci, f64x2.add(v128.load(ci), f64x2.add(ri0, ir0)));
  cr += ldc;
  ci += ldc;
  v128.store(cr, f64x2.add(v128.load(cr), f64x2.sub(rr1, ii1)));
  v128.store(ci, f64x2.add(v128.load(ci), f64x2.add(ri1, ir1)));
}

/**
 * Batched planar complex product C[b] = op(A[b]) op(B[b]), op = transpose and/or conjugate per
 * `flags`. Real and imaginary planes are separate arrays of f64. A[b] starts at element
 * b * aStride of its planes and is stored m x k (k x m with TRANS_A); B[b] starts at element
 * b * bStride and is stored k x n (n x k with TRANS_B). C is dense batch x m x n and is
 * overwritten. A stride of 0 broadcasts one matrix over the batch (packed once).
 * `ws` is scratch of at least `zgemmWorkspaceBytes(m, k, n)` bytes; all pointers 16-byte aligned.
 */
export function zgemm(
  ar: usize, ai: usize, br: usize, bi: usize, cr: usize, ci: usize, batch: i32, m: i32, k: i32, n: i32,
  flags: i32, aStride: i32, bStride: i32, ws: usize,
): void {
  const cBytes = <usize>batch * <usize>m * <usize>n << 3;
  memory.fill(cr, 0, cBytes);
  memory.fill(ci, 0, cBytes);
  if (m == 0 || n == 0 || k == 0) return;
  const transA = (flags & TRANS_A) != 0;
  const transB = (flags & TRANS_B) != 0;
  const conjA = (flags & CONJ_A) != 0;
  const conjB = (flags & CONJ_B) != 0;
  const mp = roundUp(m, MR);
  const np = roundUp(n, NR);
  const aPanel = <usize>MR * <usize>k << 5;
  const bPanel = <usize>NR * <usize>k << 4;
  const ap = ws;
  const bp = ap + <usize>(mp / MR) * aPanel;
  const tr = bp + <usize>(np / NR) * bPanel;
  const ti = tr + (<usize>(MR * NR) << 3);
  const ldc = <usize>n << 3;
  for (let b = 0; b < batch; b++) {
    if (b == 0 || aStride != 0) {
      const off = <usize>b * <usize>aStride << 3;
      for (let i = 0; i < mp; i += MR) {
        const valid = min(MR, m - i);
        const dst = ap + <usize>(i / MR) * aPanel;
        if (transA) {
          const o = off + (<usize>i << 3);
          packComplexDup(ar + o, ai + o, 1, m, conjA, valid, MR, k, dst);
        } else {
          const o = off + (<usize>i * <usize>k << 3);
          packComplexDup(ar + o, ai + o, k, 1, conjA, valid, MR, k, dst);
        }
      }
    }
    if (b == 0 || bStride != 0) {
      const off = <usize>b * <usize>bStride << 3;
      for (let j = 0; j < np; j += NR) {
        const valid = min(NR, n - j);
        const dst = bp + <usize>(j / NR) * bPanel;
        if (transB) {
          const o = off + (<usize>j * <usize>k << 3);
          packComplex(br + o, bi + o, k, 1, conjB, valid, NR, k, dst);
        } else {
          const o = off + (<usize>j << 3);
          packComplex(br + o, bi + o, 1, n, conjB, valid, NR, k, dst);
        }
      }
    }
    const cOff = <usize>b * <usize>m * <usize>n << 3;
    for (let pc = 0; pc < k; pc += KC) {
      const kc = min(KC, k - pc);
      for (let ic = 0; ic < mp; ic += MC) {
        const iEnd = min(ic + MC, mp);
        for (let j = 0; j < np; j += NR) {
          const bpp = bp + <usize>(j / NR) * bPanel + (<usize>(pc * NR) << 4);
          const fullCols = j + NR <= n;
          for (let i = ic; i < iEnd; i += MR) {
            const app = ap + <usize>(i / MR) * aPanel + (<usize>(pc * MR) << 5);
            if (fullCols && i + MR <= m) {
              const o = cOff + ((<usize>i * <usize>n + <usize>j) << 3);
              kernel(kc, app, bpp, cr + o, ci + o, ldc);
            } else {
              memory.fill(tr, 0, MR * NR * 16);
              kernel(kc, app, bpp, tr, ti, NR * 8);
              const rows = min(MR, m - i);
              const cols = min(NR, n - j);
              for (let r = 0; r < rows; r++) {
                for (let q = 0; q < cols; q++) {
                  const o = cOff + ((<usize>(i + r) * <usize>n + <usize>(j + q)) << 3);
                  const t = <usize>(r * NR + q) << 3;
                  store<f64>(cr + o, load<f64>(cr + o) + load<f64>(tr + t));
                  store<f64>(ci + o, load<f64>(ci + o) + load<f64>(ti + t));
                }
              }
            }
          }
        }
      }
    }
  }
}

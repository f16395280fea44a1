// Bits of the `flags` argument of the product kernels.

/** Use the transpose of A: A is stored k x m. */
export const TRANS_A: i32 = 1;
/** Use the transpose of B: B is stored n x k. */
export const TRANS_B: i32 = 2;
/** Conjugate A (complex product only). */
export const CONJ_A: i32 = 4;
/** Conjugate B (complex product only). */
export const CONJ_B: i32 = 8;

/** Smallest multiple of q that is at least x (x >= 0, q > 0). */
@inline export function roundUp(x: i32, q: i32): i32 {
  return ((x + q - 1) / q) * q;
}

// Multiply-add of f64x2 lanes, fused where the build and the hardware allow.

/**
 * a b + c per lane. In the relaxed-SIMD build of the kernels this is `f64x2.relaxed_madd`, which
 * the engine lowers to a fused multiply-add (one rounding) on processors with FMA and to a
 * multiply and an add elsewhere; in the standard build it is always the multiply and the add.
 */
@inline export function madd(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f64x2.relaxed_madd(a, b, c);
  return f64x2.add(f64x2.mul(a, b), c);
}

/** c - a b per lane, fused or not as `madd`. */
@inline export function nmadd(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f64x2.relaxed_nmadd(a, b, c);
  return f64x2.sub(c, f64x2.mul(a, b));
}

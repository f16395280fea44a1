// Packing of matrix operands into micro-panels for the product kernels.
//
// A panel holds R "rows" (R rows of op(A), or R columns of op(B)) over the whole depth k, stored
// step by step: for each p = 0..k-1 the R values of that step lie next to each other (for complex
// data the R real parts, then the R imaginary parts). Rows at or past `valid` are zero, so that the
// kernels never branch on edges. Element (r, p) of the source is the f64 at src + 8 * (r * rs + p * cs),
// which covers both plain and transposed storage. "Dup" variants store every value in both lanes of
// an f64x2, so a kernel reads a broadcast operand with one plain vector load.

/** Real panel, one f64 per value: step p occupies R * 8 bytes. */
export function packReal(src: usize, rs: i32, cs: i32, valid: i32, R: i32, k: i32, dst: usize): void {
  const rsb = <usize>rs << 3;
  const csb = <usize>cs << 3;
  const step = <usize>R << 3;
  for (let r = 0; r < R; r++) {
    let d = dst + (<usize>r << 3);
    if (r < valid) {
      let s = src + <usize>r * rsb;
      for (let p = 0; p < k; p++) {
        store<f64>(d, load<f64>(s));
        s += csb;
        d += step;
      }
    } else {
      for (let p = 0; p < k; p++) {
        store<f64>(d, 0.0);
        d += step;
      }
    }
  }
}

/** Real panel with duplicated values: step p occupies R * 16 bytes. */
export function packRealDup(src: usize, rs: i32, cs: i32, valid: i32, R: i32, k: i32, dst: usize): void {
  const rsb = <usize>rs << 3;
  const csb = <usize>cs << 3;
  const step = <usize>R << 4;
  for (let r = 0; r < R; r++) {
    let d = dst + (<usize>r << 4);
    if (r < valid) {
      let s = src + <usize>r * rsb;
      for (let p = 0; p < k; p++) {
        v128.store(d, v128.load64_splat(s));
        s += csb;
        d += step;
      }
    } else {
      for (let p = 0; p < k; p++) {
        v128.store(d, f64x2.splat(0.0));
        d += step;
      }
    }
  }
}

/**
 * Complex panel from planar data: step p occupies R * 16 bytes (R real parts, then R imaginary
 * parts). With `conj` the imaginary parts are negated.
 */
export function packComplex(
  re: usize, im: usize, rs: i32, cs: i32, conj: bool, valid: i32, R: i32, k: i32, dst: usize,
): void {
  const rsb = <usize>rs << 3;
  const csb = <usize>cs << 3;
  const step = <usize>R << 4;
  const imOff = <usize>R << 3;
  const sign: f64 = conj ? -1.0 : 1.0;
  for (let r = 0; r < R; r++) {
    let d = dst + (<usize>r << 3);
    if (r < valid) {
      const o = <usize>r * rsb;
      let sr = re + o;
      let si = im + o;
      for (let p = 0; p < k; p++) {
        store<f64>(d, load<f64>(sr));
        store<f64>(d + imOff, sign * load<f64>(si));
        sr += csb;
        si += csb;
        d += step;
      }
    } else {
      for (let p = 0; p < k; p++) {
        store<f64>(d, 0.0);
        store<f64>(d + imOff, 0.0);
        d += step;
      }
    }
  }
}

/** Complex panel with duplicated values: step p occupies R * 32 bytes. */
export function packComplexDup(
  re: usize, im: usize, rs: i32, cs: i32, conj: bool, valid: i32, R: i32, k: i32, dst: usize,
): void {
  const rsb = <usize>rs << 3;
  const csb = <usize>cs << 3;
  const step = <usize>R << 5;
  const imOff = <usize>R << 4;
  const sign: f64 = conj ? -1.0 : 1.0;
  for (let r = 0; r < R; r++) {
    let d = dst + (<usize>r << 4);
    if (r < valid) {
      const o = <usize>r * rsb;
      let sr = re + o;
      let si = im + o;
      for (let p = 0; p < k; p++) {
        v128.store(d, v128.load64_splat(sr));
        v128.store(d + imOff, f64x2.splat(sign * load<f64>(si)));
        sr += csb;
        si += csb;
        d += step;
      }
    } else {
      for (let p = 0; p < k; p++) {
        v128.store(d, f64x2.splat(0.0));
        v128.store(d + imOff, f64x2.splat(0.0));
        d += step;
      }
    }
  }
}

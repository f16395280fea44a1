/**
 * The spinor map between SL(2,C) and SO+(3,1) in the library's conventions (internal kernels on
 * plain 2 x 2 complex matrices).
 *
 * A four-vector x = (E, px, py, pz) is the Hermitian matrix X(x) = E 1 + px sigma_x + py sigma_y
 * + pz sigma_z (standard Pauli matrices, spin up first). A matrix A in SL(2,C) acts by
 * X -> A X A^H, which is X(L(A) x) for the Lorentz matrix
 * L(A)^mu_nu = tr(sigma_mu A sigma_nu A^H) / 2 (sigma_0 = 1).
 * With this map, exp(r u.sigma / 2) is the active boost of rapidity r along u and
 * exp(-i t u.sigma / 2) the right-handed rotation by t about u (CONVENTIONS.md), and
 * D_(1/2,0)(g) = P A P in the ascending basis a = -1/2, 1/2 (P swaps the two entries),
 * D_(0,1/2)(g) = P A^{-H} P.
 *
 * @packageDocumentation
 * @internal
 */

/** A 2 x 2 complex matrix [[alpha, beta], [gamma, delta]] as [ar, ai, br, bi, cr, ci, dr, di]. */
export type Mat2 = Float64Array;

/** The matrix from its four complex entries, row-major. */
export function mat2(ar: number, ai: number, br: number, bi: number, cr: number, ci: number, dr: number, di: number): Mat2 {
  return Float64Array.of(ar, ai, br, bi, cr, ci, dr, di);
}

/** The product a * b. */
export function mat2Mul(a: Mat2, b: Mat2): Mat2 {
  const out = new Float64Array(8);
  for (let i = 0; i < 2; i++) {
    for (let j = 0; j < 2; j++) {
      let re = 0;
      let im = 0;
      for (let k = 0; k < 2; k++) {
        const xr = a[4 * i + 2 * k];
        const xi = a[4 * i + 2 * k + 1];
        const yr = b[4 * k + 2 * j];
        const yi = b[4 * k + 2 * j + 1];
        re += xr * yr - xi * yi;
        im += xr * yi + xi * yr;
      }
      out[4 * i + 2 * j] = re;
      out[4 * i + 2 * j + 1] = im;
    }
  }
  return out;
}

/** The determinant alpha delta - beta gamma as [re, im]. */
export function mat2Det(a: Mat2): [number, number] {
  return [a[0] * a[6] - a[1] * a[7] - (a[2] * a[4] - a[3] * a[5]), a[0] * a[7] + a[1] * a[6] - (a[2] * a[5] + a[3] * a[4])];
}

/** The inverse of a determinant-one matrix: [[delta, -beta], [-gamma, alpha]] (exact). */
export function mat2InverseUnimodular(a: Mat2): Mat2 {
  return mat2(a[6], a[7], -a[2], -a[3], -a[4], -a[5], a[0], a[1]);
}

/** (A^{-1})^H of a determinant-one matrix: [[conj delta, -conj gamma], [-conj beta, conj alpha]] (exact). */
export function mat2AdjointInverseUnimodular(a: Mat2): Mat2 {
  return mat2(a[6], -a[7], -a[4], a[5], -a[2], a[3], a[0], -a[1]);
}

/** The matrix times the complex number (sr + i si). */
export function mat2Scale(a: Mat2, sr: number, si: number): Mat2 {
  const out = new Float64Array(8);
  for (let k = 0; k < 8; k += 2) {
    out[k] = a[k] * sr - a[k + 1] * si;
    out[k + 1] = a[k] * si + a[k + 1] * sr;
  }
  return out;
}

/** Frobenius norm. */
export function mat2Norm(a: Mat2): number {
  let s = 0;
  for (let k = 0; k < 8; k++) s += a[k] * a[k];
  return Math.sqrt(s);
}

/** sigma_0 = 1 and the standard Pauli matrices sigma_x, sigma_y, sigma_z. */
export const PAULI: readonly Mat2[] = Object.freeze([
  mat2(1, 0, 0, 0, 0, 0, 1, 0),
  mat2(0, 0, 1, 0, 1, 0, 0, 0),
  mat2(0, 0, 0, -1, 0, 1, 0, 0),
  mat2(1, 0, 0, 0, 0, 0, -1, 0),
]);

/** The boost lift cosh(r/2) 1 + sinh(r/2) u.sigma for a unit axis u. */
export function boostLift(u: readonly number[], rapidity: number): Mat2 {
  const c = Math.cosh(rapidity / 2);
  const s = Math.sinh(rapidity / 2);
  return mat2(c + s * u[2], 0, s * u[0], -s * u[1], s * u[0], s * u[1], c - s * u[2], 0);
}

/** The rotation lift cos(t/2) 1 - i sin(t/2) u.sigma for a unit axis u. */
export function rotationLift(u: readonly number[], angle: number): Mat2 {
  const c = Math.cos(angle / 2);
  const s = Math.sin(angle / 2);
  return mat2(c, -s * u[2], -s * u[1], -s * u[0], s * u[1], -s * u[0], c, s * u[2]);
}

/**
 * The Lorentz matrix L(A) (4 x 4 row-major, [mu][nu]) of A in SL(2,C): column nu holds the
 * four-vector of A sigma_nu A^H.
 */
export function lorentzOfLift(a: Mat2): Float64Array {
  const out = new Float64Array(16);
  const ah = mat2(a[0], -a[1], a[4], -a[5], a[2], -a[3], a[6], -a[7]);
  for (let nu = 0; nu < 4; nu++) {
    const x = mat2Mul(mat2Mul(a, PAULI[nu]), ah);
    // X = [[x0 + x3, x1 - i x2], [x1 + i x2, x0 - x3]] (Hermitian up to rounding).
    out[0 * 4 + nu] = (x[0] + x[6]) / 2;
    out[1 * 4 + nu] = (x[4] + x[2]) / 2;
    out[2 * 4 + nu] = (x[5] - x[3]) / 2;
    out[3 * 4 + nu] = (x[0] - x[6]) / 2;
  }
  return out;
}

/**
 * A lift A in SL(2,C) of a matrix L in SO+(3,1) (trusted to be one), with L(A) = L.
 *
 * Since A sigma_nu A^H = sum_mu L^mu_nu sigma_mu and sum_nu sigma_nu N sigma_nu = 2 tr(N) 1 for
 * every 2 x 2 matrix N, the matrix S_Q = sum_{mu,nu} L^mu_nu sigma_mu Q sigma_nu equals
 * 2 tr(A^H Q) A; of Q = sigma_0..sigma_3 the one giving the largest S_Q is used (the four traces
 * cannot all vanish), then A = S_Q / c with c^2 = det S_Q and |c| = |S_Q|_F / sqrt(2 L^0_0). The sign is fixed so that Re tr A > 0; when
 * tr A is zero (within 1e-9 of |A|) so that the first entry of modulus at least half the largest
 * has negative imaginary part (or zero imaginary part and positive real part).
 */
export function liftOfLorentz(l: ArrayLike<number>): Mat2 {
  let best: Mat2 = new Float64Array(8);
  let bestNorm = -1;
  for (const q of PAULI) {
    const s = new Float64Array(8);
    for (let mu = 0; mu < 4; mu++) {
      const left = mat2Mul(PAULI[mu], q);
      for (let nu = 0; nu < 4; nu++) {
        const w = l[mu * 4 + nu];
        if (w === 0) continue;
        const term = mat2Mul(left, PAULI[nu]);
        for (let k = 0; k < 8; k++) s[k] += w * term[k];
      }
    }
    const norm = mat2Norm(s);
    if (norm > bestNorm) {
      bestNorm = norm;
      best = s;
    }
  }
  // |c| from the norms (|A|_F^2 = tr(A A^H) = 2 L^0_0), which keeps full relative accuracy; only
  // the phase of c comes from det S = c^2, whose rounding grows like e^r at rapidity r.
  const [dr, di] = mat2Det(best);
  const modulus = bestNorm / Math.sqrt(2 * l[0]);
  const phase = Math.atan2(di, dr) / 2;
  const lift = mat2Scale(best, Math.cos(phase) / modulus, -Math.sin(phase) / modulus);
  return canonicalSign(lift);
}

/** The representative of {A, -A} chosen by the rule documented at {@link liftOfLorentz}. */
function canonicalSign(a: Mat2): Mat2 {
  const trace = a[0] + a[6];
  const norm = mat2Norm(a);
  if (Math.abs(trace) > 1e-9 * norm) return trace > 0 ? a : mat2Scale(a, -1, 0);
  let largest = 0;
  for (let k = 0; k < 8; k += 2) largest = Math.max(largest, Math.hypot(a[k], a[k + 1]));
  for (let k = 0; k < 8; k += 2) {
    if (Math.hypot(a[k], a[k + 1]) >= largest / 2) {
      const keep = a[k + 1] < 0 || (a[k + 1] === 0 && a[k] > 0);
      return keep ? a : mat2Scale(a, -1, 0);
    }
  }
  return a;
}

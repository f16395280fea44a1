/**
 * The spin-j representation D^j(M) of an arbitrary complex 2 x 2 matrix M (the symmetric power
 * Sym^{2j} of C^2, the generalized Wigner formula), in closed form with exact integer binomials.
 * Used for the (m, n) representation matrices: no matrix exponential, so entries ~ e^{r j} at
 * rapidity r keep full relative accuracy.
 *
 * @packageDocumentation
 * @internal
 */
import { SqrtRational } from '../math/sqrt-rational';
import type { Mat2 } from './sl2c';

/**
 * One term of an entry: coef * alpha^pa * beta^pb * gamma^pc * delta^pd.
 */
interface Term {
  readonly coef: number;
  readonly pa: number;
  readonly pb: number;
  readonly pc: number;
  readonly pd: number;
}

/** binom(n, k) as a BigInt (0 outside 0 <= k <= n). */
function binomial(n: number, k: number): bigint {
  if (k < 0 || k > n) return 0n;
  let out = 1n;
  for (let i = 1; i <= k; i++) out = (out * BigInt(n - k + i)) / BigInt(i);
  return out;
}

const TABLES = new Map<number, readonly (readonly Term[])[]>();

/**
 * The terms of every entry of D^j for doubled spin tj = 2j, entry index p' * (tj+1) + p.
 *
 * With x, y the standard basis of C^2 (M x = alpha x + gamma y, M y = beta x + delta y for
 * M = [[alpha, beta], [gamma, delta]]) and the orthonormal basis
 * f_p = x^p y^(2j-p) / sqrt(p! (2j-p)!) of Sym^{2j}, p = j + a, one has
 * D[p', p] = sqrt(binom(2j, p) / binom(2j, p')) * sum_k binom(p, k) binom(2j-p, 2j-p'-k)
 *            alpha^(p-k) gamma^k beta^(p'-p+k) delta^(2j-p'-k).
 * The raising operator J+ = x d/dy (the derivative of M = 1 + eps [[0,1],[0,0]]) acts on f_p with the
 * Condon-Shortley elements sqrt((j-a)(j+a+1)), so p is the ascending position of a in the library basis.
 */
function table(tj: number): readonly (readonly Term[])[] {
  let cached = TABLES.get(tj);
  if (cached !== undefined) return cached;
  const d = tj + 1;
  const out: Term[][] = [];
  for (let pp = 0; pp < d; pp++) {
    for (let p = 0; p < d; p++) {
      const terms: Term[] = [];
      const num = binomial(tj, p);
      const den = binomial(tj, pp);
      for (let k = Math.max(0, p - pp); k <= Math.min(p, tj - pp); k++) {
        const b = binomial(p, k) * binomial(tj - p, tj - pp - k);
        if (b === 0n) continue;
        const coef = SqrtRational.fromSquare(1, [num * b * b, den]).toNumber();
        terms.push(Object.freeze({ coef, pa: p - k, pb: pp - p + k, pc: k, pd: tj - pp - k }));
      }
      out.push(Object.freeze(terms) as Term[]);
    }
  }
  cached = Object.freeze(out);
  TABLES.set(tj, cached);
  return cached;
}

/** Complex powers z^0..z^n as two arrays. */
function powers(re: number, im: number, n: number): [Float64Array, Float64Array] {
  const pr = new Float64Array(n + 1);
  const pi = new Float64Array(n + 1);
  pr[0] = 1;
  for (let k = 1; k <= n; k++) {
    pr[k] = pr[k - 1] * re - pi[k - 1] * im;
    pi[k] = pr[k - 1] * im + pi[k - 1] * re;
  }
  return [pr, pi];
}

/**
 * D^j(M) for the 2 x 2 matrix M given in the standard basis (x = spin up first), written into
 * (outRe, outIm) as a (2j+1) x (2j+1) row-major matrix in the library basis a = -j..j ascending.
 * D^j is multiplicative, D^{1/2}(M) = P M P (P the swap: the ascending basis lists spin down
 * first), and D^j(exp(X)) = exp(dD^j(X)) with dD^j(-i sigma_k / 2) = -i J_k.
 *
 * @param tj - twice the spin, a non-negative integer (trusted).
 */
export function spinRepresentation(tj: number, mat: Mat2): { re: Float64Array; im: Float64Array } {
  const d = tj + 1;
  const terms = table(tj);
  const [ar, ai] = powers(mat[0], mat[1], tj);
  const [br, bi] = powers(mat[2], mat[3], tj);
  const [cr, ci] = powers(mat[4], mat[5], tj);
  const [dr, di] = powers(mat[6], mat[7], tj);
  const re = new Float64Array(d * d);
  const im = new Float64Array(d * d);
  for (let e = 0; e < d * d; e++) {
    let sr = 0;
    let si = 0;
    for (const t of terms[e]) {
      // alpha^pa * beta^pb, then * gamma^pc, then * delta^pd.
      const xr = ar[t.pa] * br[t.pb] - ai[t.pa] * bi[t.pb];
      const xi = ar[t.pa] * bi[t.pb] + ai[t.pa] * br[t.pb];
      const yr = xr * cr[t.pc] - xi * ci[t.pc];
      const yi = xr * ci[t.pc] + xi * cr[t.pc];
      sr += t.coef * (yr * dr[t.pd] - yi * di[t.pd]);
      si += t.coef * (yr * di[t.pd] + yi * dr[t.pd]);
    }
    re[e] = sr;
    im[e] = si;
  }
  return { re, im };
}

/**
 * Elements of the proper orthochronous Lorentz group SO+(3,1) together with a lift to its double
 * cover SL(2,C), as immutable values.
 *
 * @packageDocumentation
 */
import { ConfigError, LorentzElementError, ShapeError, invalid } from '../errors';
import { Random } from '../util/random';
import { type Axis, readAxis, readFinite } from './axis';
import { ComplexMatrix, type ComplexLike } from './complex-matrix';
import {
  type Mat2,
  boostLift,
  liftOfLorentz,
  lorentzOfLift,
  mat2,
  mat2Det,
  mat2InverseUnimodular,
  mat2Mul,
  mat2Norm,
  mat2Scale,
  rotationLift,
} from './sl2c';

/**
 * A 4 x 4 real matrix: nested rows (number[][]) or 16 numbers row-major (e.g. a Float64Array).
 * @example
 * ```ts
 * import { LorentzElement, type Matrix4Input } from 'lorentz-irreps';
 * const rows: Matrix4Input = [[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0], [0, 0, 0, 1]];
 * console.assert(LorentzElement.fromMatrix(rows).toMatrix()[15] === 1);
 * ```
 */
export type Matrix4Input = ReadonlyArray<ArrayLike<number>> | ArrayLike<number>;

/**
 * A 2 x 2 complex matrix: a {@link ComplexMatrix} or nested rows of complex numbers.
 * @example
 * ```ts
 * import { LorentzElement, type SL2CInput } from 'lorentz-irreps';
 * const a: SL2CInput = [[{ re: 0, im: -1 }, 0], [0, { re: 0, im: 1 }]]; // rotation by pi about z
 * console.assert(Math.abs(LorentzElement.fromSL2C(a).toMatrix()[5] + 1) < 1e-15);
 * ```
 */
export type SL2CInput = ComplexMatrix | ReadonlyArray<ReadonlyArray<ComplexLike>>;

/**
 * Options of {@link LorentzElement.fromMatrix} and {@link LorentzElement.fromSL2C}.
 * @example
 * ```ts
 * import { type ElementToleranceOptions, LorentzElement } from 'lorentz-irreps';
 * const loose: ElementToleranceOptions = { tolerance: 1e-3 };
 * console.assert(LorentzElement.fromSL2C([[1.0001, 0], [0, 1]], loose).toMatrix()[0] > 0);
 * ```
 */
export interface ElementToleranceOptions {
  /**
   * Relative tolerance of the group condition (default 1e-9): for a 4 x 4 matrix,
   * max |L^T eta L - eta| <= tolerance * max(1, max|L|^2); for a 2 x 2 matrix,
   * |det A - 1| <= tolerance * max(1, |A|_F^2).
   */
  tolerance?: number;
}

/**
 * Options of {@link LorentzElement.random}.
 * @example
 * ```ts
 * import { LorentzElement, Random, type RandomElementOptions } from 'lorentz-irreps';
 * const rotationsOnly: RandomElementOptions = { maxRapidity: 0 };
 * console.assert(Math.abs(LorentzElement.random(new Random(1), rotationsOnly).toMatrix()[0] - 1) < 1e-15);
 * ```
 */
export interface RandomElementOptions {
  /** Largest rapidity of the boost factor (default 5); the rapidity is uniform in [0, maxRapidity]. */
  maxRapidity?: number;
}

function readTolerance(fn: string, options: ElementToleranceOptions | undefined): number {
  const tolerance = options?.tolerance ?? 1e-9;
  if (typeof tolerance !== 'number' || !(tolerance >= 0) || !Number.isFinite(tolerance)) {
    throw new ConfigError(invalid(fn, 'options.tolerance', 'a finite non-negative number', tolerance));
  }
  return tolerance;
}

/** Reads 16 numbers row-major from nested rows or a flat array. */
function readMatrix4(fn: string, value: unknown): Float64Array {
  const rule = 'a 4x4 matrix: four rows of four numbers, or 16 numbers row-major';
  if (value === null || typeof value !== 'object') throw new ShapeError(invalid(fn, 'matrix', rule, value));
  const out = new Float64Array(16);
  const v = value as ArrayLike<unknown>;
  if (v.length === 4 && typeof v[0] === 'object' && v[0] !== null) {
    for (let i = 0; i < 4; i++) {
      const row = v[i] as ArrayLike<unknown> | null;
      if (row === null || typeof row !== 'object' || row.length !== 4) throw new ShapeError(invalid(fn, 'matrix', rule, value));
      for (let j = 0; j < 4; j++) {
        if (typeof row[j] !== 'number') throw new ShapeError(invalid(fn, 'matrix', rule, value));
        out[i * 4 + j] = row[j] as number;
      }
    }
    return out;
  }
  if (v.length !== 16) throw new ShapeError(invalid(fn, 'matrix', rule, value));
  for (let k = 0; k < 16; k++) {
    if (typeof v[k] !== 'number') throw new ShapeError(invalid(fn, 'matrix', rule, value));
    out[k] = v[k] as number;
  }
  return out;
}

/** Determinant of a 4 x 4 row-major matrix by elimination with partial pivoting. */
function det4(matrix: Float64Array): number {
  const a = matrix.slice();
  let det = 1;
  for (let c = 0; c < 4; c++) {
    let p = c;
    for (let r = c + 1; r < 4; r++) if (Math.abs(a[r * 4 + c]) > Math.abs(a[p * 4 + c])) p = r;
    if (a[p * 4 + c] === 0) return 0;
    if (p !== c) {
      for (let j = 0; j < 4; j++) [a[c * 4 + j], a[p * 4 + j]] = [a[p * 4 + j], a[c * 4 + j]];
      det = -det;
    }
    const pivot = a[c * 4 + c];
    det *= pivot;
    for (let r = c + 1; r < 4; r++) {
      const f = a[r * 4 + c] / pivot;
      for (let j = c; j < 4; j++) a[r * 4 + j] -= f * a[c * 4 + j];
    }
  }
  return det;
}

const ETA = [1, -1, -1, -1];

/**
 * Checks that `l` is in SO+(3,1): metric preserved, orthochronous, determinant +1 (in this order,
 * so that time reversal is reported as not orthochronous and parity as determinant -1).
 */
function checkProperOrthochronous(fn: string, l: Float64Array, tolerance: number): void {
  let maxEntry = 0;
  for (let k = 0; k < 16; k++) {
    if (!Number.isFinite(l[k])) {
      throw new LorentzElementError(invalid(fn, 'matrix', 'a matrix of finite numbers', `entry ${k} = ${l[k]}`));
    }
    maxEntry = Math.max(maxEntry, Math.abs(l[k]));
  }
  let deviation = 0;
  for (let i = 0; i < 4; i++) {
    for (let j = 0; j < 4; j++) {
      let s = 0;
      for (let mu = 0; mu < 4; mu++) s += l[mu * 4 + i] * ETA[mu] * l[mu * 4 + j];
      deviation = Math.max(deviation, Math.abs(s - (i === j ? ETA[i] : 0)));
    }
  }
  const bound = tolerance * Math.max(1, maxEntry * maxEntry);
  if (!(deviation <= bound)) {
    throw new LorentzElementError(
      invalid(fn, 'matrix', `a Lorentz matrix preserving the metric diag(1,-1,-1,-1): max|L^T eta L - eta| <= ${bound.toPrecision(3)}`, `max|L^T eta L - eta| = ${deviation.toPrecision(3)}`),
    );
  }
  if (!(l[0] > 0)) {
    throw new LorentzElementError(
      invalid(fn, 'matrix', 'orthochronous: L[0][0] >= 1 (time reversal is not in SO+(3,1))', `L[0][0] = ${l[0]}`),
    );
  }
  const det = det4(l);
  if (!(det > 0)) {
    throw new LorentzElementError(
      invalid(fn, 'matrix', 'proper: determinant +1 (parity has determinant -1)', `det = ${det.toPrecision(6)}`),
    );
  }
}

/** Reads a 2 x 2 complex matrix. */
function readMat2(fn: string, value: unknown): Mat2 {
  let m: ComplexMatrix;
  if (value instanceof ComplexMatrix) {
    m = value;
  } else {
    try {
      m = ComplexMatrix.fromComplex(value as ReadonlyArray<ReadonlyArray<ComplexLike>>);
    } catch {
      throw new ShapeError(invalid(fn, 'a', 'a 2x2 complex matrix (ComplexMatrix or rows of complex numbers)', value));
    }
  }
  if (m.rows !== 2 || m.cols !== 2) {
    throw new ShapeError(invalid(fn, 'a', 'a 2x2 complex matrix', `${m.rows}x${m.cols} matrix`));
  }
  const out = mat2(m.re[0], m.im[0], m.re[1], m.im[1], m.re[2], m.im[2], m.re[3], m.im[3]);
  for (let k = 0; k < 8; k++) {
    if (!Number.isFinite(out[k])) throw new LorentzElementError(invalid(fn, 'a', 'a matrix of finite numbers', value));
  }
  return out;
}

/**
 * An element g of the proper orthochronous Lorentz group SO+(3,1), held as its 4 x 4 matrix L(g)
 * (acting actively on (E, px, py, pz), metric (+,-,-,-)) together with a lift A(g) in SL(2,C).
 *
 * The lift is the 2 x 2 matrix in the standard spinor convention: with
 * X(p) = E 1 + px sigma_x + py sigma_y + pz sigma_z (standard Pauli matrices, spin up first),
 * A X(p) A^H = X(L p). So a boost of rapidity r along the unit axis u has A = cosh(r/2) + sinh(r/2) u.sigma
 * and a rotation by t about u has A = cos(t/2) - i sin(t/2) u.sigma. In the library basis
 * a = -1/2, 1/2 (ascending) this is D_(1/2,0)(g) = P A P with P the 2 x 2 swap, and
 * D_(0,1/2)(g) = P A^{-H} P. The lift is what half-integer representations need; A and -A give the
 * same L. Elements built from rotations, boosts, SL(2,C) matrices, products and inverses carry
 * their lift exactly; {@link LorentzElement.fromMatrix} has to choose one of the two.
 *
 * Instances are immutable; every accessor returns a fresh copy.
 *
 * @example
 * ```ts
 * import { LorentzElement } from 'lorentz-irreps';
 * const boost = LorentzElement.fromBoost('z', 0.5);
 * const p = boost.apply(new Float64Array([1, 0, 0, 0])); // a particle at rest
 * console.assert(Math.abs(p[0] - Math.cosh(0.5)) < 1e-15 && Math.abs(p[3] - Math.sinh(0.5)) < 1e-15);
 * const back = boost.compose(boost.inverse()).toMatrix();
 * console.assert(Math.abs(back[0] - 1) < 1e-15 && Math.abs(back[3]) < 1e-15);
 * ```
 */
export class LorentzElement {
  private readonly matrix: Float64Array;
  private readonly lift: Mat2;

  private constructor(matrix: Float64Array, lift: Mat2) {
    this.matrix = matrix;
    this.lift = lift;
    Object.freeze(this);
  }

  /**
   * The identity element.
   * @example
   * ```ts
   * import { LorentzElement } from 'lorentz-irreps';
   * console.assert(LorentzElement.identity().toMatrix()[5] === 1);
   * ```
   */
  static identity(): LorentzElement {
    const l = new Float64Array(16);
    for (let i = 0; i < 4; i++) l[i * 5] = 1;
    return new LorentzElement(l, mat2(1, 0, 0, 0, 0, 0, 1, 0));
  }

  /**
   * The active boost of rapidity `rapidity` along `axis`:
   * E' = E cosh r + (u.p) sinh r, (u.p)' = E sinh r + (u.p) cosh r, p orthogonal to u unchanged.
   *
   * @param axis - 'x', 'y', 'z' or a non-zero vector (normalized here).
   * @param rapidity - r, any finite real (negative boosts the other way).
   * @throws {@link LorentzElementError} on an invalid axis or a non-finite rapidity.
   * @example
   * ```ts
   * import { LorentzElement } from 'lorentz-irreps';
   * const l = LorentzElement.fromBoost([1, 1, 0], 1).toMatrix();
   * console.assert(Math.abs(l[0] - Math.cosh(1)) < 1e-15);
   * console.assert(Math.abs(l[1] - Math.sinh(1) / Math.SQRT2) < 1e-15); // L[0][1]
   * ```
   */
  static fromBoost(axis: Axis, rapidity: number): LorentzElement {
    const u = readAxis('LorentzElement.fromBoost', 'axis', axis);
    const r = readFinite('LorentzElement.fromBoost', 'rapidity', rapidity);
    const ch = Math.cosh(r);
    const sh = Math.sinh(r);
    const l = new Float64Array(16);
    l[0] = ch;
    for (let i = 0; i < 3; i++) {
      l[(i + 1) * 4] = u[i] * sh;
      l[i + 1] = u[i] * sh;
      for (let j = 0; j < 3; j++) l[(i + 1) * 4 + (j + 1)] = (i === j ? 1 : 0) + (ch - 1) * u[i] * u[j];
    }
    return new LorentzElement(l, boostLift(u, r));
  }

  /**
   * The right-handed (counter-clockwise looking down `axis`) active rotation by `angle` radians:
   * p -> p cos t + (u x p) sin t + u (u.p)(1 - cos t); E unchanged.
   *
   * @param axis - 'x', 'y', 'z' or a non-zero vector (normalized here).
   * @param angle - t in radians, any finite real. The lift distinguishes t from t + 2 pi.
   * @throws {@link LorentzElementError} on an invalid axis or a non-finite angle.
   * @example
   * ```ts
   * import { LorentzElement } from 'lorentz-irreps';
   * const p = LorentzElement.fromRotation('z', Math.PI / 2).apply(new Float64Array([1, 1, 0, 0]));
   * console.assert(Math.abs(p[1]) < 1e-15 && Math.abs(p[2] - 1) < 1e-15); // x -> y
   * ```
   */
  static fromRotation(axis: Axis, angle: number): LorentzElement {
    const u = readAxis('LorentzElement.fromRotation', 'axis', axis);
    const t = readFinite('LorentzElement.fromRotation', 'angle', angle);
    const c = Math.cos(t);
    const s = Math.sin(t);
    const l = new Float64Array(16);
    l[0] = 1;
    // Rodrigues: R = cos t 1 + sin t [u]x + (1 - cos t) u u^T, [u]x v = u x v.
    const cross = [
      [0, -u[2], u[1]],
      [u[2], 0, -u[0]],
      [-u[1], u[0], 0],
    ];
    for (let i = 0; i < 3; i++) {
      for (let j = 0; j < 3; j++) {
        l[(i + 1) * 4 + (j + 1)] = (i === j ? c : 0) + s * cross[i][j] + (1 - c) * u[i] * u[j];
      }
    }
    return new LorentzElement(l, rotationLift(u, t));
  }

  /**
   * The element with 4 x 4 matrix `matrix` (row-major [mu][nu], acting on (E, px, py, pz)).
   *
   * Checked in this order: finite entries; metric preserved, max|L^T eta L - eta| <=
   * tolerance * max(1, max|L|^2); orthochronous, L[0][0] >= 1; proper, det L = +1. The matrix is
   * kept as given. Its lift is one of the two SL(2,C) matrices over it, chosen with Re tr A > 0
   * (so a rotation by less than pi and every pure boost get the lift of
   * {@link LorentzElement.fromRotation} / {@link LorentzElement.fromBoost}); when tr A = 0
   * (rotations by pi) the first entry of A of modulus at least half the largest has negative
   * imaginary part (or is real positive). The overall phase of the lift is fixed by det A = 1,
   * which a floating-point L of rapidity r determines only to about 1e-16 e^r; prefer building
   * elements from boosts and rotations where half-integer or chiral (m != n) representations of
   * large boosts are wanted.
   *
   * @param matrix - four rows of four numbers, or 16 numbers row-major (e.g. a Float64Array).
   * @throws {@link ShapeError} if `matrix` is not 4 x 4.
   * @throws {@link LorentzElementError} on non-finite entries, a matrix that does not preserve the
   *   metric, is not orthochronous (e.g. time reversal), or has determinant -1 (e.g. parity).
   * @throws {@link ConfigError} on an invalid tolerance.
   * @example
   * ```ts
   * import { LorentzElement, LorentzElementError } from 'lorentz-irreps';
   * const g = LorentzElement.fromMatrix(LorentzElement.fromBoost('x', 2).toMatrix());
   * console.assert(Math.abs(g.toSL2C().get(0, 1).re - Math.sinh(1)) < 1e-14);
   * let threw = false;
   * try {
   *   LorentzElement.fromMatrix([[1, 0, 0, 0], [0, -1, 0, 0], [0, 0, -1, 0], [0, 0, 0, -1]]); // parity
   * } catch (e) {
   *   threw = e instanceof LorentzElementError;
   * }
   * console.assert(threw);
   * ```
   */
  static fromMatrix(matrix: Matrix4Input, options?: ElementToleranceOptions): LorentzElement {
    const fn = 'LorentzElement.fromMatrix';
    const tolerance = readTolerance(fn, options);
    const l = readMatrix4(fn, matrix);
    checkProperOrthochronous(fn, l, tolerance);
    return new LorentzElement(l, liftOfLorentz(l));
  }

  /**
   * The element whose lift is the SL(2,C) matrix `a` (standard spinor convention, see the class
   * description): L(a)^mu_nu = tr(sigma_mu a sigma_nu a^H) / 2. A determinant within tolerance of
   * 1 is accepted; `a` is then divided by the principal square root of det a, unless det a differs
   * from 1 only by the rounding of its own evaluation (about 1e-16 |a|^2), in which case `a` is kept
   * as given.
   *
   * @param a - a 2 x 2 {@link ComplexMatrix} or rows of complex numbers (complex.js `Complex`, `{ re, im }`, numbers).
   * @throws {@link ShapeError} if `a` is not a 2 x 2 complex matrix.
   * @throws {@link LorentzElementError} on non-finite entries or |det a - 1| > tolerance * max(1, |a|_F^2).
   * @throws {@link ConfigError} on an invalid tolerance.
   * @example
   * ```ts
   * import { LorentzElement } from 'lorentz-irreps';
   * const r = Math.log(3); // exp(r sigma_z / 2) = diag(sqrt 3, 1/sqrt 3): the boost along z
   * const g = LorentzElement.fromSL2C([[Math.sqrt(3), 0], [0, 1 / Math.sqrt(3)]]);
   * console.assert(Math.abs(g.toMatrix()[3] - Math.sinh(r)) < 1e-14); // L[0][3]
   * ```
   */
  static fromSL2C(a: SL2CInput, options?: ElementToleranceOptions): LorentzElement {
    const fn = 'LorentzElement.fromSL2C';
    const tolerance = readTolerance(fn, options);
    const m = readMat2(fn, a);
    const [dr, di] = mat2Det(m);
    const norm = mat2Norm(m);
    const deviation = Math.hypot(dr - 1, di);
    if (!(deviation <= tolerance * Math.max(1, norm * norm))) {
      throw new LorentzElementError(
        invalid(fn, 'a', 'a matrix of SL(2,C): determinant 1', `det = ${dr}${di < 0 ? '-' : '+'}${Math.abs(di)}i`),
      );
    }
    // Divide by the principal square root of det (close to 1), unless det differs from 1 by no
    // more than its own rounding (which grows like |a|^2): then the entries are kept exactly.
    let lift = m;
    if (deviation > 8 * Number.EPSILON * Math.max(1, norm * norm)) {
      const mod = Math.hypot(dr, di);
      const sr = Math.sqrt((mod + dr) / 2);
      const si = (di < 0 ? -1 : 1) * Math.sqrt(Math.max(0, (mod - dr) / 2));
      const inv = 1 / (sr * sr + si * si);
      lift = mat2Scale(m, sr * inv, -si * inv);
    }
    return new LorentzElement(lorentzOfLift(lift), lift);
  }

  /**
   * A seeded random element R B: B a boost along a uniformly random direction with rapidity
   * uniform in [0, maxRapidity], then R a rotation drawn uniformly (Haar) on SO(3) (a uniform
   * unit quaternion, whose SU(2) matrix is also the lift).
   *
   * @param rng - the seeded generator (advanced by the draw).
   * @param options - `maxRapidity` (default 5), a finite non-negative number.
   * @throws {@link ConfigError} if `rng` is not a {@link Random}.
   * @throws {@link LorentzElementError} if `maxRapidity` is negative or not finite.
   * @example
   * ```ts
   * import { LorentzElement, Random } from 'lorentz-irreps';
   * const a = LorentzElement.random(new Random(7), { maxRapidity: 2 }).toMatrix();
   * const b = LorentzElement.random(new Random(7), { maxRapidity: 2 }).toMatrix();
   * console.assert(a.every((x, k) => x === b[k]) && a[0] <= Math.cosh(2) + 1e-12);
   * ```
   */
  static random(rng: Random, options?: RandomElementOptions): LorentzElement {
    const fn = 'LorentzElement.random';
    if (!(rng instanceof Random)) throw new ConfigError(invalid(fn, 'rng', 'a Random', rng));
    const maxRapidity = options?.maxRapidity ?? 5;
    if (typeof maxRapidity !== 'number' || !Number.isFinite(maxRapidity) || maxRapidity < 0) {
      throw new LorentzElementError(invalid(fn, 'options.maxRapidity', 'a finite non-negative number', maxRapidity));
    }
    let q = [0, 0, 0, 0];
    let qn = 0;
    while (!(qn > 1e-6)) {
      q = [rng.normal(), rng.normal(), rng.normal(), rng.normal()];
      qn = Math.hypot(q[0], q[1], q[2], q[3]);
    }
    const [w, x, y, z] = q.map((v) => v / qn);
    // w 1 - i (x, y, z).sigma: cos(t/2) - i sin(t/2) u.sigma with (cos(t/2), sin(t/2) u) = (w, x, y, z).
    const rotation = mat2(w, -z, -y, -x, y, -x, w, z);
    let axis = [0, 0, 0];
    let an = 0;
    while (!(an > 1e-6)) {
      axis = [rng.normal(), rng.normal(), rng.normal()];
      an = Math.hypot(axis[0], axis[1], axis[2]);
    }
    const u = axis.map((v) => v / an);
    const rapidity = maxRapidity * rng.uniform();
    const lift = mat2Mul(rotation, boostLift(u, rapidity));
    return new LorentzElement(lorentzOfLift(lift), lift);
  }

  /**
   * The product this * other: the transformation that applies `other` first, then `this`
   * (g.compose(h).apply(p) = g.apply(h.apply(p))). Lifts multiply likewise, and the matrix is
   * recomputed from the product of lifts.
   *
   * @throws {@link LorentzElementError} if `other` is not a LorentzElement.
   * @example
   * ```ts
   * import { LorentzElement } from 'lorentz-irreps';
   * const a = LorentzElement.fromRotation('z', 0.3);
   * const b = LorentzElement.fromRotation('z', 0.4);
   * const c = LorentzElement.fromRotation('z', 0.7).toMatrix();
   * console.assert(a.compose(b).toMatrix().every((x, k) => Math.abs(x - c[k]) < 1e-15));
   * ```
   */
  compose(other: LorentzElement): LorentzElement {
    if (!(other instanceof LorentzElement)) {
      throw new LorentzElementError(invalid('LorentzElement.compose', 'other', 'a LorentzElement', other));
    }
    const lift = mat2Mul(this.lift, other.lift);
    return new LorentzElement(lorentzOfLift(lift), lift);
  }

  /**
   * The inverse element: matrix eta L^T eta and lift A^{-1}, both exact.
   * @example
   * ```ts
   * import { LorentzElement } from 'lorentz-irreps';
   * const g = LorentzElement.fromBoost('y', -3);
   * const e = g.inverse().compose(g).toMatrix();
   * console.assert(e.every((x, k) => Math.abs(x - (k % 5 === 0 ? 1 : 0)) < 1e-13));
   * ```
   */
  inverse(): LorentzElement {
    const l = new Float64Array(16);
    for (let i = 0; i < 4; i++) {
      for (let j = 0; j < 4; j++) l[i * 4 + j] = ETA[i] * this.matrix[j * 4 + i] * ETA[j];
    }
    return new LorentzElement(l, mat2InverseUnimodular(this.lift));
  }

  /**
   * Applies the transformation to a batch of four-vectors: p' = L p for each.
   *
   * @param fourVectors - B four-vectors (E, px, py, pz), flat, length B * 4.
   * @returns a new Float64Array of length B * 4.
   * @throws {@link ShapeError} if `fourVectors` is not a Float64Array of length a multiple of 4.
   * @example
   * ```ts
   * import { LorentzElement } from 'lorentz-irreps';
   * const out = LorentzElement.fromRotation('x', Math.PI).apply(new Float64Array([1, 0, 1, 0, 2, 0, 0, 1]));
   * console.assert(Math.abs(out[2] + 1) < 1e-15 && Math.abs(out[7] + 1) < 1e-15);
   * ```
   */
  apply(fourVectors: Float64Array): Float64Array {
    if (!(fourVectors instanceof Float64Array) || fourVectors.length % 4 !== 0) {
      throw new ShapeError(invalid('LorentzElement.apply', 'fourVectors', 'a Float64Array of length B*4', fourVectors));
    }
    const out = new Float64Array(fourVectors.length);
    const l = this.matrix;
    for (let b = 0; b < fourVectors.length; b += 4) {
      const p0 = fourVectors[b];
      const p1 = fourVectors[b + 1];
      const p2 = fourVectors[b + 2];
      const p3 = fourVectors[b + 3];
      for (let mu = 0; mu < 4; mu++) {
        out[b + mu] = l[mu * 4] * p0 + l[mu * 4 + 1] * p1 + l[mu * 4 + 2] * p2 + l[mu * 4 + 3] * p3;
      }
    }
    return out;
  }

  /**
   * The 4 x 4 Lorentz matrix, row-major [mu][nu] (a fresh copy): L[mu * 4 + nu].
   * @example
   * ```ts
   * import { LorentzElement } from 'lorentz-irreps';
   * console.assert(LorentzElement.fromBoost('x', 1).toMatrix()[4] === Math.sinh(1)); // L[1][0]
   * ```
   */
  toMatrix(): Float64Array {
    return this.matrix.slice();
  }

  /**
   * The SL(2,C) lift A as a 2 x 2 {@link ComplexMatrix} (a fresh copy; standard spinor
   * convention, see the class description).
   * @example
   * ```ts
   * import { LorentzElement } from 'lorentz-irreps';
   * const a = LorentzElement.fromRotation('z', Math.PI).toSL2C(); // -i sigma_z
   * console.assert(Math.abs(a.get(0, 0).im + 1) < 1e-15 && Math.abs(a.get(1, 1).im - 1) < 1e-15);
   * ```
   */
  toSL2C(): ComplexMatrix {
    const a = this.lift;
    return new ComplexMatrix(2, 2, Float64Array.of(a[0], a[2], a[4], a[6]), Float64Array.of(a[1], a[3], a[5], a[7]));
  }

  /**
   * A short text form listing the rows of the 4 x 4 matrix.
   * @example
   * ```ts
   * import { LorentzElement } from 'lorentz-irreps';
   * console.assert(String(LorentzElement.identity()).startsWith('LorentzElement([1.00000, 0.00000'));
   * ```
   */
  toString(): string {
    const rows: string[] = [];
    for (let i = 0; i < 4; i++) rows.push(`[${Array.from(this.matrix.subarray(i * 4, i * 4 + 4), (x) => x.toPrecision(6)).join(', ')}]`);
    return `LorentzElement(${rows.join(', ')})`;
  }
}

/**
 * Representation matrices D_(m,n)(g) of Lorentz group elements, in closed form.
 *
 * @packageDocumentation
 */
import { ShapeError, invalid } from '../errors';
import type { LorentzIrrep } from '../math/irrep';
import { type IrrepLike, toIrrep } from '../math/irrep-like';
import { type Axis, readAxis, readFinite } from './axis';
import { type BasisOptions, inBasis, readBasis } from './basis';
import { ComplexMatrix } from './complex-matrix';
import { LorentzElement, type Matrix4Input, type SL2CInput } from './lorentz-element';
import { type Mat2, mat2, mat2AdjointInverseUnimodular } from './sl2c';
import { spinRepresentation } from './spin-representation';

/**
 * A group element as {@link representationMatrix} accepts it: a {@link LorentzElement}, a 4 x 4
 * matrix of SO+(3,1) (rows or 16 numbers row-major), or a 2 x 2 matrix of SL(2,C) (a
 * {@link ComplexMatrix} or rows of complex numbers, standard spinor convention as in
 * {@link LorentzElement.fromSL2C}).
 * @example
 * ```ts
 * import { type GroupElementInput, LorentzElement, representationMatrix } from 'lorentz-irreps';
 * const g = LorentzElement.fromRotation('x', 1);
 * const forms: GroupElementInput[] = [g, g.toMatrix(), g.toSL2C()];
 * const d = forms.map((x) => representationMatrix('(1,0)', x));
 * console.assert(d.every((m) => m.approxEquals(d[0], 1e-14)));
 * ```
 */
export type GroupElementInput = LorentzElement | Matrix4Input | SL2CInput;

function readElement(fn: string, g: unknown): LorentzElement {
  if (g instanceof LorentzElement) return g;
  if (g instanceof ComplexMatrix) {
    if (g.rows === 2 && g.cols === 2) return LorentzElement.fromSL2C(g);
  } else if (Array.isArray(g) && g.length === 2) {
    return LorentzElement.fromSL2C(g as SL2CInput);
  } else if (g !== null && typeof g === 'object' && ((g as ArrayLike<unknown>).length === 4 || (g as ArrayLike<unknown>).length === 16)) {
    return LorentzElement.fromMatrix(g as Matrix4Input);
  }
  throw new ShapeError(
    invalid(fn, 'g', 'a LorentzElement, a 4x4 matrix of SO+(3,1) or a 2x2 complex matrix of SL(2,C)', g),
  );
}

/** D_(m,n) of the lift `a`, in the product basis: D^m(a) (x) D^n(a^{-H}). */
function productMatrix(irrep: LorentzIrrep, a: Mat2): ComplexMatrix {
  const [tm, tn] = irrep.toDoubled();
  const left = spinRepresentation(tm, a);
  const right = spinRepresentation(tn, mat2AdjointInverseUnimodular(a));
  const dl = new ComplexMatrix(tm + 1, tm + 1, left.re, left.im);
  const dr = new ComplexMatrix(tn + 1, tn + 1, right.re, right.im);
  return dl.kron(dr);
}

/**
 * The matrix D(g) of the element g on the irrep (m, n): features transform as x -> D(g) x.
 *
 * With A the SL(2,C) lift of g (see {@link LorentzElement}), D(g) = D^m(A) (x) D^n(A^{-H}) in the
 * product basis, D^j the spin-j representation of 2 x 2 matrices (the symmetric power, written in
 * the basis a = -j..j ascending), computed in closed form from the entries of A with exact
 * integer binomial coefficients; the canonical basis is reached by the real orthogonal change of
 * basis C: D_canonical = C D_product C^T. There is no matrix exponential, so a boost of rapidity r
 * (entries up to ~e^{r (m+n)}) keeps full accuracy relative to the matrix norm for any r whose
 * entries fit in float64. This equals exp(-i t u.J) for rotations and exp(-i r u.K) for boosts
 * with the generators of {@link generators}; D(g h) = D(g) D(h); and for the four-vector irrep
 * D_(1/2,1/2)(g) = U L(g) U^H with U = {@link fourVectorBasisMatrix}. For half-integer m + n the
 * sign follows the lift (g given as a 4 x 4 matrix gets the lift chosen by
 * {@link LorentzElement.fromMatrix}). A 4 x 4 matrix in floating point fixes the phase of its lift
 * only to about 1e-16 e^r at rapidity r, so for m != n and large r pass a {@link LorentzElement}
 * built from boosts and rotations (or its SL(2,C) matrix) rather than its 4 x 4 matrix; for
 * m = n the phase cancels and the 4 x 4 form is as accurate as the others.
 *
 * @param irrep - the irrep (a {@link LorentzIrrep} or its text form).
 * @param g - a {@link LorentzElement}, a 4 x 4 SO+(3,1) matrix, or a 2 x 2 SL(2,C) matrix.
 * @param options - `basis`: 'canonical' (default) or 'product'.
 * @returns a fresh dim x dim matrix.
 * @throws {@link IrrepError} if `irrep` is not an irrep.
 * @throws {@link ShapeError} if `g` has none of the accepted shapes.
 * @throws {@link LorentzElementError} if a matrix `g` is not in SO+(3,1) or SL(2,C).
 * @throws {@link ConfigError} on an unknown basis.
 * @example
 * ```ts
 * import { LorentzElement, representationMatrix } from 'lorentz-irreps';
 * const g = LorentzElement.fromBoost('z', 0.5);
 * const d = representationMatrix('(1/2,0)', g);
 * console.assert(Math.abs(d.get(0, 0).re - Math.exp(-0.25)) < 1e-15);
 * console.assert(Math.abs(d.get(1, 1).re - Math.exp(0.25)) < 1e-15);
 * // Any SO+(3,1) matrix works too, e.g. the same boost as a 4x4 array:
 * const e = representationMatrix('(1,1)', g.toMatrix());
 * console.assert(e.rows === 9);
 * ```
 */
export function representationMatrix(irrep: IrrepLike, g: GroupElementInput, options?: BasisOptions): ComplexMatrix {
  const fn = 'representationMatrix';
  const rep = toIrrep(fn, 'irrep', irrep);
  const basis = readBasis(fn, options);
  const element = readElement(fn, g);
  const lift = element.toSL2C();
  const a = mat2(lift.re[0], lift.im[0], lift.re[1], lift.im[1], lift.re[2], lift.im[2], lift.re[3], lift.im[3]);
  return inBasis(rep, productMatrix(rep, a), basis);
}

/**
 * The matrix exp(-i t u.J) of the right-handed rotation by `angle` about `axis` on (m, n).
 * In the canonical basis it is block-diagonal: the spin-l Wigner matrix on each block l.
 *
 * @param irrep - the irrep (a {@link LorentzIrrep} or its text form).
 * @param axis - 'x', 'y', 'z' or a non-zero vector (normalized).
 * @param angle - t in radians (finite).
 * @param options - `basis`: 'canonical' (default) or 'product'.
 * @throws {@link IrrepError} if `irrep` is not an irrep.
 * @throws {@link LorentzElementError} on an invalid axis or a non-finite angle.
 * @throws {@link ConfigError} on an unknown basis.
 * @example
 * ```ts
 * import { rotationMatrix } from 'lorentz-irreps';
 * const d = rotationMatrix('(1/2,1/2)', 'z', 0.3); // canonical: diag(1, e^{0.3i}, 1, e^{-0.3i})
 * console.assert(Math.abs(d.get(1, 1).im - Math.sin(0.3)) < 1e-15 && Math.abs(d.get(0, 0).re - 1) < 1e-15);
 * ```
 */
export function rotationMatrix(irrep: IrrepLike, axis: Axis, angle: number, options?: BasisOptions): ComplexMatrix {
  const fn = 'rotationMatrix';
  const rep = toIrrep(fn, 'irrep', irrep);
  const u = readAxis(fn, 'axis', axis);
  const t = readFinite(fn, 'angle', angle);
  readBasis(fn, options);
  return representationMatrix(rep, LorentzElement.fromRotation(u, t), options);
}

/**
 * The matrix exp(-i r u.K) of the active boost of rapidity `rapidity` along `axis` on (m, n).
 * Accurate for large rapidities (closed form; entries grow like e^{r (m+n)}).
 *
 * @param irrep - the irrep (a {@link LorentzIrrep} or its text form).
 * @param axis - 'x', 'y', 'z' or a non-zero vector (normalized).
 * @param rapidity - r (finite).
 * @param options - `basis`: 'canonical' (default) or 'product'.
 * @throws {@link IrrepError} if `irrep` is not an irrep.
 * @throws {@link LorentzElementError} on an invalid axis or a non-finite rapidity.
 * @throws {@link ConfigError} on an unknown basis.
 * @example
 * ```ts
 * import { boostMatrix } from 'lorentz-irreps';
 * const d = boostMatrix('(1/2,0)', 'z', 0.5); // diag(e^{-1/4}, e^{1/4})
 * console.assert(Math.abs(d.get(0, 0).re - Math.exp(-0.25)) < 1e-15 && d.get(0, 1).abs() === 0);
 * ```
 */
export function boostMatrix(irrep: IrrepLike, axis: Axis, rapidity: number, options?: BasisOptions): ComplexMatrix {
  const fn = 'boostMatrix';
  const rep = toIrrep(fn, 'irrep', irrep);
  const u = readAxis(fn, 'axis', axis);
  const r = readFinite(fn, 'rapidity', rapidity);
  readBasis(fn, options);
  return representationMatrix(rep, LorentzElement.fromBoost(u, r), options);
}

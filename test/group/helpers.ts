/**
 * Shared helpers of the group tests: fast-check arbitraries of group elements, the irreps under
 * test, relative errors, and a slow, obviously-correct matrix exponential.
 */
import fc from 'fast-check';
import { ComplexMatrix, LorentzElement, LorentzIrrep } from 'lorentz-irreps';

/** Every irrep (m, n) with m, n <= max (half-integer steps). */
export function irrepsUpTo(max: number): LorentzIrrep[] {
  const out: LorentzIrrep[] = [];
  for (let tm = 0; tm <= 2 * max; tm++) for (let tn = 0; tn <= 2 * max; tn++) out.push(LorentzIrrep.fromDoubled(tm, tn));
  return out;
}

/** A direction with components in [-1, 1], not too short. */
export const axisArb = fc
  .tuple(
    fc.double({ min: -1, max: 1, noNaN: true }),
    fc.double({ min: -1, max: 1, noNaN: true }),
    fc.double({ min: -1, max: 1, noNaN: true }),
  )
  .filter(([x, y, z]) => Math.hypot(x, y, z) > 0.1);

/** An angle in [-2 pi, 2 pi] (the lift tells t from t + 2 pi, so the wider range matters). */
export const angleArb = fc.double({ min: -2 * Math.PI, max: 2 * Math.PI, noNaN: true });

/** A general element R1 B R2: rotation, boost of rapidity in [0, maxRapidity] along a random axis, rotation. */
export function elementArb(maxRapidity: number): fc.Arbitrary<LorentzElement> {
  return fc
    .record({
      a1: axisArb,
      t1: angleArb,
      a2: axisArb,
      r: fc.double({ min: 0, max: maxRapidity, noNaN: true }),
      a3: axisArb,
      t3: angleArb,
    })
    .map(({ a1, t1, a2, r, a3, t3 }) =>
      LorentzElement.fromRotation(a1, t1).compose(LorentzElement.fromBoost(a2, r)).compose(LorentzElement.fromRotation(a3, t3)),
    );
}

/** max |a - b| / scale. */
export function relativeError(a: ComplexMatrix, b: ComplexMatrix, scale: number): number {
  return a.maxAbsDiff(b) / scale;
}

/** Largest modulus of an entry of a real array. */
export function maxAbsReal(a: ArrayLike<number>): number {
  let best = 0;
  for (let k = 0; k < a.length; k++) best = Math.max(best, Math.abs(a[k]));
  return best;
}

/**
 * exp(a) by its Taylor series after scaling by 2^-s so that the norm is below 1/2, then squaring s
 * times: slow and plain, a reference for matrices of moderate norm only.
 */
export function expmReference(a: ComplexMatrix): ComplexMatrix {
  const norm = a.frobeniusNorm();
  const s = Math.max(0, Math.ceil(Math.log2(norm / 0.5)));
  const scaled = a.scale(2 ** -s);
  let term = ComplexMatrix.identity(a.rows);
  let sum = term;
  for (let k = 1; k <= 30; k++) {
    term = term.matmul(scaled).scale(1 / k);
    sum = sum.add(term);
  }
  for (let i = 0; i < s; i++) sum = sum.matmul(sum);
  return sum;
}

/** u.X for a unit vector u and three matrices X. */
export function dot(u: readonly number[], x: readonly ComplexMatrix[]): ComplexMatrix {
  const n = Math.hypot(u[0], u[1], u[2]);
  return x[0].scale(u[0] / n).add(x[1].scale(u[1] / n)).add(x[2].scale(u[2] / n));
}

/** The commutator [a, b] = ab - ba. */
export function commutator(a: ComplexMatrix, b: ComplexMatrix): ComplexMatrix {
  return a.matmul(b).sub(b.matmul(a));
}

/** The real 4 x 4 row-major matrix as a ComplexMatrix. */
export function complexOf4x4(l: Float64Array): ComplexMatrix {
  return ComplexMatrix.fromReal(4, 4, l);
}

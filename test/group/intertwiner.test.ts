/**
 * The defining identity of the Clebsch-Gordan coefficients, checked against the representation
 * matrices: for every output (m,n) of (m1,n1) (x) (m2,n2), the map C with
 * C[i, i1 * d2 + i2] = H[i1, i2, i] intertwines, C (D1(g) (x) D2(g)) = D(g) C.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ComplexMatrix,
  LorentzElement,
  type LorentzIrrep,
  Random,
  type CGBasis,
  cgCoefficients,
  representationMatrix,
} from 'lorentz-irreps';
import { elementArb, irrepsUpTo } from './helpers';

/** C as a d x (d1 d2) real matrix from the dense table H[i1][i2][i]. */
function intertwinerMatrix(h: Float64Array, d1: number, d2: number, d: number): ComplexMatrix {
  const c = ComplexMatrix.zeros(d, d1 * d2);
  for (let p = 0; p < d1 * d2; p++) for (let i = 0; i < d; i++) c.re[i * d1 * d2 + p] = h[p * d + i];
  return c;
}

/** max over outputs of |C (D1 (x) D2) - D C| / (|D1 (x) D2| + |D|) (Frobenius norms; |C| = 1 in operator norm). */
function fullError(r1: LorentzIrrep, r2: LorentzIrrep, g: LorentzElement, basis: CGBasis): number {
  const d12 = representationMatrix(r1, g, { basis }).kron(representationMatrix(r2, g, { basis }));
  let worst = 0;
  for (const r of r1.times(r2)) {
    const c = intertwinerMatrix(cgCoefficients(r1, r2, r, { basis }).toDense(), r1.dim, r2.dim, r.dim);
    const d = representationMatrix(r, g, { basis });
    const err = c.matmul(d12).maxAbsDiff(d.matmul(c)) / (d12.frobeniusNorm() + d.frobeniusNorm());
    worst = Math.max(worst, err);
  }
  return worst;
}

/**
 * The same identity applied to all of e_k (x) x2 (k over the first factor, x2 a fixed random
 * vector): out(D1 e_k, D2 x2) = D out(e_k, x2), out[i] = sum H[i1,i2,i] y1[i1] y2[i2]. Cheaper than
 * the full matrices for large irreps and, for a random x2, as strong.
 */
function sampledError(r1: LorentzIrrep, r2: LorentzIrrep, g: LorentzElement, basis: CGBasis, rng: Random): number {
  const [d1, d2] = [r1.dim, r2.dim];
  const x2 = new ComplexMatrix(d2, 1, Float64Array.from({ length: d2 }, () => rng.normal()), Float64Array.from({ length: d2 }, () => rng.normal()));
  const m1 = representationMatrix(r1, g, { basis });
  const y2 = representationMatrix(r2, g, { basis }).matmul(x2);
  let worst = 0;
  for (const r of r1.times(r2)) {
    const c = intertwinerMatrix(cgCoefficients(r1, r2, r, { basis }).toDense(), d1, d2, r.dim);
    const d = representationMatrix(r, g, { basis });
    const scale = (m1.frobeniusNorm() * y2.frobeniusNorm() + d.frobeniusNorm() * x2.frobeniusNorm());
    for (let k = 0; k < d1; k++) {
      const e = ComplexMatrix.zeros(d1, 1);
      e.re[k] = 1;
      const y1 = m1.matmul(e);
      const lhs = c.matmul(y1.kron(y2));
      const rhs = d.matmul(c.matmul(e.kron(x2)));
      worst = Math.max(worst, lhs.maxAbsDiff(rhs) / scale);
    }
  }
  return worst;
}

const SMALL = irrepsUpTo(1);
const LARGE = irrepsUpTo(2);

describe('the Clebsch-Gordan intertwiner identity C (D1 (x) D2) = D C', () => {
  const rng = new Random(2024);
  const elements = [
    LorentzElement.fromRotation([0.3, -0.8, 0.5], 2.2),
    LorentzElement.fromBoost([-0.4, 0.1, 0.9], 5),
    LorentzElement.random(rng, { maxRapidity: 5 }),
    LorentzElement.random(rng, { maxRapidity: 5 }),
  ];

  for (const basis of ['canonical', 'product'] as const) {
    it(`holds to 1e-12 for every pair with m, n <= 1 and all outputs, under rotations and boosts up to rapidity 5 (${basis} basis)`, () => {
      for (const r1 of SMALL) {
        for (const r2 of SMALL) {
          for (const g of elements) expect(fullError(r1, r2, g, basis)).toBeLessThan(1e-12);
        }
      }
    });
  }

  it('holds to 1e-12 for drawn pairs with m, n <= 2 and drawn elements up to rapidity 5, in both bases', () => {
    const sampler = new Random(99);
    fc.assert(
      fc.property(fc.constantFrom(...LARGE), fc.constantFrom(...LARGE), elementArb(5), fc.constantFrom('canonical' as const, 'product' as const), (r1, r2, g, basis) => {
        expect(sampledError(r1, r2, g, basis, sampler)).toBeLessThan(1e-12);
      }),
      { numRuns: 40 },
    );
  });

  it('fails for a wrong coefficient table: swapping the outputs of (1/2,1/2) (x) (1/2,1/2) breaks it', () => {
    // A check that the identity has teeth: the (0,1) table used for the (1,0) output is not an intertwiner.
    const v = SMALL.find((r) => r.toString() === '(1/2,1/2)')!;
    const [, right, left] = v.times(v);
    const g = elements[2];
    const c = intertwinerMatrix(cgCoefficients(v, v, right).toDense(), 4, 4, 3);
    const d12 = representationMatrix(v, g).kron(representationMatrix(v, g));
    const d = representationMatrix(left, g);
    expect(c.matmul(d12).maxAbsDiff(d.matmul(c)) / d12.frobeniusNorm()).toBeGreaterThan(1e-3);
  });
});

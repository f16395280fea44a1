import Complex from 'complex.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ComplexMatrix,
  ConfigError,
  IrrepError,
  LorentzElement,
  LorentzElementError,
  type LorentzIrrep,
  ShapeError,
  boostMatrix,
  canonicalBasisMatrix,
  canonicalLabels,
  fourVectorBasisMatrix,
  generators,
  representationMatrix,
  rotationMatrix,
  spinMatrices,
} from 'lorentz-irreps';
import { angleArb, axisArb, complexOf4x4, dot, elementArb, expmReference, irrepsUpTo } from './helpers';

const IRREPS = irrepsUpTo(2);
const irrepArb = fc.constantFrom(...IRREPS);
const BASES = ['canonical', 'product'] as const;

/** The swap S with S (|n,b> (x) |m,a>) = |m,a> (x) |n,b>, as a matrix from (n,m) product indices to (m,n) ones. */
function swap(irrep: LorentzIrrep): ComplexMatrix {
  const dm = 2 * irrep.m + 1;
  const dn = 2 * irrep.n + 1;
  const s = ComplexMatrix.zeros(irrep.dim, irrep.dim);
  for (let a = 0; a < dm; a++) for (let b = 0; b < dn; b++) s.re[(a * dn + b) * irrep.dim + (b * dm + a)] = 1;
  return s;
}

describe('representationMatrix', () => {
  it('gives the reference value: a boost along z of rapidity 0.5 on (1/2,0) is diag(e^-1/4, e^1/4)', () => {
    for (const basis of BASES) {
      const d = boostMatrix('(1/2,0)', 'z', 0.5, { basis });
      expect(d.get(0, 0).re).toBeCloseTo(Math.exp(-0.25), 15);
      expect(d.get(1, 1).re).toBeCloseTo(Math.exp(0.25), 15);
      expect(d.get(0, 1).abs() + d.get(1, 0).abs() + Math.abs(d.get(0, 0).im) + Math.abs(d.get(1, 1).im)).toBe(0);
    }
    // (0,1/2) boosts the other way: K = -i B there.
    const right = boostMatrix('(0,1/2)', 'z', 0.5);
    expect(right.get(0, 0).re).toBeCloseTo(Math.exp(0.25), 15);
  });

  it('equals exp(-i t u.J) and exp(-i r u.K) of the generators (slow series reference)', () => {
    fc.assert(
      fc.property(irrepArb, axisArb, angleArb, axisArb, fc.double({ min: -2, max: 2, noNaN: true }), (irrep, u, t, w, r) => {
        const { J, K } = generators(irrep);
        const rotation = expmReference(dot(u, J).scale({ re: 0, im: -t }));
        const boost = expmReference(dot(w, K).scale({ re: 0, im: -r }));
        const scale = boost.maxAbs();
        expect(rotationMatrix(irrep, u, t).maxAbsDiff(rotation)).toBeLessThan(1e-12);
        expect(boostMatrix(irrep, w, r).maxAbsDiff(boost) / scale).toBeLessThan(1e-12);
        const g = LorentzElement.fromRotation(u, t).compose(LorentzElement.fromBoost(w, r));
        expect(representationMatrix(irrep, g).maxAbsDiff(rotation.matmul(boost)) / scale).toBeLessThan(1e-12);
      }),
      { numRuns: 60 },
    );
  });

  it('is the identity at the identity element', () => {
    for (const irrep of IRREPS) {
      for (const basis of BASES) {
        const d = representationMatrix(irrep, LorentzElement.identity(), { basis });
        expect(d.maxAbsDiff(ComplexMatrix.identity(irrep.dim))).toBeLessThan(1e-15);
      }
    }
  });

  it('is a representation: D(a) D(b) = D(ab) for all irreps with m, n <= 2 and rapidities up to 5', () => {
    fc.assert(
      fc.property(irrepArb, fc.constantFrom(...BASES), elementArb(5), elementArb(5), (irrep, basis, a, b) => {
        const da = representationMatrix(irrep, a, { basis });
        const db = representationMatrix(irrep, b, { basis });
        const dab = representationMatrix(irrep, a.compose(b), { basis });
        // Rounding in the product is relative to |D(a)| |D(b)|, which can exceed |D(ab)|.
        const scale = da.frobeniusNorm() * db.frobeniusNorm();
        expect(da.matmul(db).maxAbsDiff(dab) / scale).toBeLessThan(1e-13);
      }),
      { numRuns: 150 },
    );
  });

  it('is a representation tightly for moderate boosts: D(a) D(b) = D(ab) relative to |D(ab)|', () => {
    fc.assert(
      fc.property(irrepArb, elementArb(1), elementArb(1), (irrep, a, b) => {
        const dab = representationMatrix(irrep, a.compose(b));
        const product = representationMatrix(irrep, a).matmul(representationMatrix(irrep, b));
        expect(product.maxAbsDiff(dab) / dab.maxAbs()).toBeLessThan(1e-11);
      }),
      { numRuns: 60 },
    );
  });

  it('maps inverses to inverses: D(a^-1) D(a) = 1', () => {
    fc.assert(
      fc.property(irrepArb, fc.constantFrom(...BASES), elementArb(1.5), (irrep, basis, a) => {
        const d = representationMatrix(irrep, a, { basis });
        const dinv = representationMatrix(irrep, a.inverse(), { basis });
        const scale = d.frobeniusNorm() * dinv.frobeniusNorm();
        expect(dinv.matmul(d).maxAbsDiff(ComplexMatrix.identity(irrep.dim)) / scale).toBeLessThan(1e-14);
        expect(d.matmul(dinv).maxAbsDiff(ComplexMatrix.identity(irrep.dim)) / scale).toBeLessThan(1e-14);
        // Against a numerical inverse (LU), fine at these rapidities.
        expect(d.inverse().maxAbsDiff(dinv) / dinv.maxAbs()).toBeLessThan(1e-9);
      }),
      { numRuns: 60 },
    );
  });

  it('maps inverses to inverses at large rapidity: D_(m,n)(a^-1) = S D_(n,m)(a)^H S^T exactly (product basis)', () => {
    fc.assert(
      fc.property(irrepArb, elementArb(8), (irrep, a) => {
        const dinv = representationMatrix(irrep, a.inverse(), { basis: 'product' });
        const conjugate = representationMatrix(irrep.conjugate(), a, { basis: 'product' });
        const s = swap(irrep);
        const expected = s.matmul(conjugate.adjoint()).matmul(s.transpose());
        expect(dinv.maxAbsDiff(expected) / dinv.maxAbs()).toBeLessThan(1e-13);
      }),
      { numRuns: 60 },
    );
  });

  it('relates the two bases by the canonical change of basis: D_canonical = C D_product C^T', () => {
    fc.assert(
      fc.property(irrepArb, elementArb(5), (irrep, g) => {
        const c = ComplexMatrix.fromReal(irrep.dim, irrep.dim, canonicalBasisMatrix(irrep));
        const product = representationMatrix(irrep, g, { basis: 'product' });
        const canonical = representationMatrix(irrep, g, { basis: 'canonical' });
        expect(c.matmul(product).matmul(c.transpose()).maxAbsDiff(canonical) / canonical.maxAbs()).toBeLessThan(1e-13);
      }),
      { numRuns: 60 },
    );
  });

  it('makes every rotation block-diagonal in the canonical basis, exp(-i t u.J^l) on block l', () => {
    fc.assert(
      fc.property(irrepArb, axisArb, angleArb, (irrep, u, t) => {
        const d = rotationMatrix(irrep, u, t);
        const labels = canonicalLabels(irrep);
        const blocks = new Map(irrep.spins().map((l) => [l, expmReference(dot(u, spinMatrices(l)).scale({ re: 0, im: -t }))]));
        for (let r = 0; r < irrep.dim; r++) {
          for (let c = 0; c < irrep.dim; c++) {
            const [lr, lc] = [labels[r], labels[c]];
            const expected = lr.l === lc.l ? blocks.get(lr.l)!.get(lr.mu + lr.l, lc.mu + lc.l) : new Complex(0, 0);
            expect(d.get(r, c).sub(expected).abs()).toBeLessThan(1e-13);
          }
        }
      }),
      { numRuns: 60 },
    );
  });

  it('turns a full rotation into -1 on half-integer irreps and +1 on integer ones', () => {
    for (const irrep of IRREPS) {
      const sign = irrep.isTensor ? 1 : -1;
      const d = rotationMatrix(irrep, [1, 2, -2], 2 * Math.PI);
      expect(d.maxAbsDiff(ComplexMatrix.identity(irrep.dim).scale(sign))).toBeLessThan(1e-14);
    }
  });

  it('is U L U^H on (1/2,1/2) for boosts along arbitrary axes up to rapidity 12 and for random elements', () => {
    const u = fourVectorBasisMatrix();
    const check = (g: LorentzElement) => {
      const expected = u.matmul(complexOf4x4(g.toMatrix())).matmul(u.adjoint());
      const scale = expected.maxAbs();
      expect(representationMatrix('(1/2,1/2)', g).maxAbsDiff(expected) / scale).toBeLessThan(1e-12);
      // The same element given as its 4x4 matrix and as its SL(2,C) lift.
      expect(representationMatrix('(1/2,1/2)', g.toMatrix()).maxAbsDiff(expected) / scale).toBeLessThan(1e-12);
      expect(representationMatrix('(1/2,1/2)', g.toSL2C()).maxAbsDiff(expected) / scale).toBeLessThan(1e-12);
    };
    fc.assert(fc.property(axisArb, fc.double({ min: -12, max: 12, noNaN: true }), (axis, r) => check(LorentzElement.fromBoost(axis, r))), {
      numRuns: 100,
    });
    fc.assert(fc.property(elementArb(6), check), { numRuns: 100 });
  });

  it('keeps full relative accuracy for boosts of rapidity up to 12 on (2,2): D(R B_z R^-1) = D(R) D(B_z) D(R)^H', () => {
    // Along z, in the product basis, D = diag(e^{r(a - b)}) exactly; a rotation R takes z to u.
    fc.assert(
      fc.property(irrepArb, axisArb, fc.double({ min: 0, max: 12, noNaN: true }), (irrep, axis, r) => {
        const dm = 2 * irrep.m + 1;
        const dn = 2 * irrep.n + 1;
        const diag = ComplexMatrix.zeros(irrep.dim, irrep.dim);
        for (let a = 0; a < dm; a++) for (let b = 0; b < dn; b++) diag.re[(a * dn + b) * (irrep.dim + 1)] = Math.exp(r * (a - irrep.m - (b - irrep.n)));
        const along = boostMatrix(irrep, 'z', r, { basis: 'product' });
        expect(along.maxAbsDiff(diag) / diag.maxAbs()).toBeLessThan(1e-14);
        // Rotate z onto u: about z x u by the angle between them (atan2 keeps it accurate near the poles).
        const perp = Math.hypot(axis[0], axis[1]);
        const angle = Math.atan2(perp, axis[2]);
        const rot = perp === 0 ? LorentzElement.fromRotation('x', angle) : LorentzElement.fromRotation([-axis[1], axis[0], 0], angle);
        const dr = representationMatrix(irrep, rot, { basis: 'product' });
        const expected = dr.matmul(diag).matmul(dr.adjoint());
        const got = boostMatrix(irrep, axis, r, { basis: 'product' });
        expect(got.maxAbsDiff(expected) / expected.maxAbs()).toBeLessThan(1e-13);
      }),
      { numRuns: 80 },
    );
  });

  it('accepts the irrep as text, and g as rows, 16 numbers, a ComplexMatrix or rows of complex numbers', () => {
    const g = LorentzElement.fromBoost([1, 1, 1], 0.8).compose(LorentzElement.fromRotation('y', 1));
    const expected = representationMatrix('(1,1/2)', g);
    const l = g.toMatrix();
    const rows = [0, 1, 2, 3].map((i) => Array.from(l.subarray(4 * i, 4 * i + 4)));
    const lift = g.toSL2C();
    const forms = [l, rows, lift, lift.toComplex(), lift.toComplex().map((r) => r.map((z) => ({ re: z.re, im: z.im })))];
    for (const form of forms) expect(representationMatrix('(1,1/2)', form).maxAbsDiff(expected)).toBeLessThan(1e-13);
  });

  describe('rejects bad input', () => {
    it('an irrep that is not one', () => {
      expect(() => representationMatrix('(1/3,0)', LorentzElement.identity())).toThrow(IrrepError);
      expect(() => rotationMatrix(7 as unknown as string, 'x', 1)).toThrow(/`rotationMatrix`: `irrep` must be/);
    });

    it('an unknown basis', () => {
      expect(() => representationMatrix('(1,0)', LorentzElement.identity(), { basis: 'cartesian' as 'product' })).toThrow(ConfigError);
      expect(() => boostMatrix('(1,0)', 'x', 1, { basis: 'x' as 'product' })).toThrow(ConfigError);
    });

    it('an element of the wrong shape', () => {
      for (const g of [null, 3, [[1, 0, 0], [0, 1, 0], [0, 0, 1]], ComplexMatrix.identity(3), new Float64Array(9)]) {
        expect(() => representationMatrix('(1,0)', g as never)).toThrow(ShapeError);
      }
    });

    it('matrices outside SO+(3,1) or SL(2,C)', () => {
      const parity = [[1, 0, 0, 0], [0, -1, 0, 0], [0, 0, -1, 0], [0, 0, 0, -1]];
      expect(() => representationMatrix('(1/2,1/2)', parity)).toThrow(LorentzElementError);
      expect(() => representationMatrix('(1/2,0)', [[1, 1], [0, 2]])).toThrow(/determinant 1/);
    });

    it('bad axes, angles and rapidities, named after the function called', () => {
      expect(() => rotationMatrix('(1,0)', [0, 0, 0], 1)).toThrow(/`rotationMatrix`: `axis` must be/);
      expect(() => rotationMatrix('(1,0)', 'x', Number.NaN)).toThrow(/`rotationMatrix`: `angle` must be a finite number/);
      expect(() => boostMatrix('(1,0)', [Number.NaN, 1, 0], 1)).toThrow(/`boostMatrix`: `axis`/);
      expect(() => boostMatrix('(1,0)', 'z', Number.POSITIVE_INFINITY)).toThrow(LorentzElementError);
    });
  });
});

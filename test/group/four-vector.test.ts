import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ComplexMatrix,
  ShapeError,
  fourVectorBasisMatrix,
  fourVectorToIrrep,
  irrepToComplexFourVector,
  irrepToFourVector,
  minkowskiDot,
  representationMatrix,
} from 'lorentz-irreps';
import { elementArb, maxAbsReal } from './helpers';

const coord = fc.double({ min: -10, max: 10, noNaN: true });
const batchArb = fc.array(fc.tuple(coord, coord, coord, coord), { minLength: 1, maxLength: 6 });

/** D x for a batch of (1/2,1/2) features x (length B*4). */
function applyToFeatures(d: ComplexMatrix, x: { re: Float64Array; im: Float64Array }) {
  const out = { re: new Float64Array(x.re.length), im: new Float64Array(x.re.length) };
  for (let b = 0; b < x.re.length; b += 4) {
    const col = new ComplexMatrix(4, 1, x.re.slice(b, b + 4), x.im.slice(b, b + 4));
    const y = d.matmul(col);
    out.re.set(y.re, b);
    out.im.set(y.im, b);
  }
  return out;
}

describe('the four-vector map', () => {
  it('is U p = [E, (px + i py)/sqrt2, pz, -(px - i py)/sqrt2] entry by entry', () => {
    const x = fourVectorToIrrep([[2, 3, 5, 7]]);
    const h = Math.SQRT1_2;
    expect(Array.from(x.re)).toEqual([2, 3 * h, 7, -3 * h]);
    expect(Array.from(x.im)).toEqual([0, 5 * h, 0, 5 * h]);
    // The matrix form agrees.
    const u = fourVectorBasisMatrix().matmul(ComplexMatrix.fromReal(4, 1, [2, 3, 5, 7]));
    expect(Array.from(u.re)).toEqual(Array.from(x.re));
    expect(Array.from(u.im)).toEqual(Array.from(x.im));
  });

  it('round-trips: U^H U p = p, and the complex result of real input has no imaginary part', () => {
    fc.assert(
      fc.property(batchArb, (rows) => {
        const flat = Float64Array.from(rows.flat());
        const x = fourVectorToIrrep(flat);
        const back = irrepToFourVector(x);
        const complex = irrepToComplexFourVector(x);
        for (let k = 0; k < flat.length; k++) {
          expect(Math.abs(back[k] - flat[k])).toBeLessThan(1e-14);
          expect(Math.abs(complex.im[k])).toBeLessThan(1e-14);
        }
        // Nested rows and flat arrays give the same features.
        expect(fourVectorToIrrep(rows)).toEqual(x);
      }),
      { numRuns: 50 },
    );
  });

  it('is U^H on complex features: irrepToComplexFourVector(x) = U^H x, and its real part is irrepToFourVector(x)', () => {
    fc.assert(
      fc.property(fc.tuple(coord, coord, coord, coord), fc.tuple(coord, coord, coord, coord), (re, im) => {
        const x = { re: Float64Array.from(re), im: Float64Array.from(im) };
        const expected = fourVectorBasisMatrix().adjoint().matmul(new ComplexMatrix(4, 1, x.re.slice(), x.im.slice()));
        const got = irrepToComplexFourVector(x);
        for (let k = 0; k < 4; k++) {
          expect(Math.abs(got.re[k] - expected.re[k])).toBeLessThan(1e-14);
          expect(Math.abs(got.im[k] - expected.im[k])).toBeLessThan(1e-14);
        }
        expect(Array.from(irrepToFourVector(x))).toEqual(Array.from(got.re));
      }),
      { numRuns: 50 },
    );
  });

  it('is equivariant: U(L p) = D_(1/2,1/2)(g) U p, and reading back the real part commutes with g', () => {
    fc.assert(
      fc.property(elementArb(5), batchArb, fc.tuple(coord, coord, coord, coord), (g, rows, noise) => {
        const p = Float64Array.from(rows.flat());
        const d = representationMatrix('(1/2,1/2)', g);
        const lhs = fourVectorToIrrep(g.apply(p));
        const rhs = applyToFeatures(d, fourVectorToIrrep(p));
        const scale = g.toMatrix()[0] * (1 + maxAbsReal(p));
        for (let k = 0; k < p.length; k++) {
          expect(Math.abs(lhs.re[k] - rhs.re[k]) / scale).toBeLessThan(1e-13);
          expect(Math.abs(lhs.im[k] - rhs.im[k]) / scale).toBeLessThan(1e-13);
        }
        // A feature with an imaginary part: Re(U^H D x) = L Re(U^H x).
        const x = { re: Float64Array.from(noise), im: Float64Array.from(noise.map((v) => 0.5 * v - 1)) };
        const left = irrepToFourVector(applyToFeatures(d, x));
        const right = g.apply(irrepToFourVector(x));
        for (let k = 0; k < 4; k++) expect(Math.abs(left[k] - right[k]) / (g.toMatrix()[0] * 20)).toBeLessThan(1e-13);
      }),
      { numRuns: 50 },
    );
  });
});

describe('minkowskiDot', () => {
  it('computes E E\' - p.p\' per pair, with metric (+,-,-,-)', () => {
    expect(Array.from(minkowskiDot(new Float64Array([1, 0, 0, 0, 3, 1, 2, 2]), new Float64Array([1, 0, 0, 0, 3, 1, 2, 2])))).toEqual([1, 0]);
    expect(Array.from(minkowskiDot([[2, 1, 1, 1]], [[1, -1, 2, 3]]))).toEqual([2 + 1 - 2 - 3]);
    expect(minkowskiDot(new Float64Array(0), [])).toHaveLength(0);
  });

  it('matches twice the (0,0) output of the canonical features, sum x0 y0 + x1 y3 - x2 y2 + x3 y1 (CONVENTIONS.md)', () => {
    fc.assert(
      fc.property(batchArb, batchArb, (a, b) => {
        const n = Math.min(a.length, b.length);
        const p = Float64Array.from(a.slice(0, n).flat());
        const q = Float64Array.from(b.slice(0, n).flat());
        const x = fourVectorToIrrep(p);
        const y = fourVectorToIrrep(q);
        const dots = minkowskiDot(p, q);
        for (let k = 0; k < n; k++) {
          const o = 4 * k;
          // H[0,0,0] = H[1,3,0] = H[3,1,0] = 1/2, H[2,2,0] = -1/2: a real bilinear form (no conjugation).
          const re = x.re[o] * y.re[o] + (x.re[o + 1] * y.re[o + 3] - x.im[o + 1] * y.im[o + 3]) - x.re[o + 2] * y.re[o + 2] + (x.re[o + 3] * y.re[o + 1] - x.im[o + 3] * y.im[o + 1]);
          expect(Math.abs(re - dots[k])).toBeLessThan(1e-12);
        }
      }),
      { numRuns: 50 },
    );
  });

  it('rejects lengths that are not multiples of 4 and mismatched batches', () => {
    expect(() => minkowskiDot(new Float64Array(5), new Float64Array(5))).toThrow(ShapeError);
    expect(() => minkowskiDot(new Float64Array(8), new Float64Array(4))).toThrow(/`minkowskiDot`: `q` must be a batch of 2 four-vectors/);
    expect(() => minkowskiDot([[1, 2, 3]], [[1, 2, 3]])).toThrow(ShapeError);
    expect(() => minkowskiDot('abcd' as never, new Float64Array(4))).toThrow(ShapeError);
  });
});

describe('feature conversions reject bad shapes', () => {
  it('with ShapeError naming the function and argument', () => {
    expect(() => fourVectorToIrrep(new Float64Array(6))).toThrow(/`fourVectorToIrrep`: `p` must be/);
    expect(() => fourVectorToIrrep([[1, 2, 3, 4], [1, 2]])).toThrow(ShapeError);
    expect(() => fourVectorToIrrep([[1, 2, 3, '4' as unknown as number]])).toThrow(ShapeError);
    expect(() => irrepToFourVector({ re: new Float64Array(4), im: new Float64Array(8) })).toThrow(/`irrepToFourVector`: `x` must be/);
    expect(() => irrepToComplexFourVector({ re: new Float64Array(3), im: new Float64Array(3) })).toThrow(ShapeError);
    expect(() => irrepToFourVector(null as never)).toThrow(ShapeError);
  });
});

import Complex from 'complex.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ComplexMatrix, IndexError, NumericsError, ShapeError } from 'lorentz-irreps';

const entry = fc.record({ re: fc.double({ min: -3, max: 3, noNaN: true }), im: fc.double({ min: -3, max: 3, noNaN: true }) });
function matrixArb(rows: number, cols: number): fc.Arbitrary<Complex[][]> {
  return fc.array(fc.array(entry.map((z) => new Complex(z.re, z.im)), { minLength: cols, maxLength: cols }), {
    minLength: rows,
    maxLength: rows,
  });
}
const dims = fc.tuple(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 5 }));

/** The slow reference product on complex.js numbers. */
function referenceProduct(a: Complex[][], b: Complex[][]): Complex[][] {
  return a.map((row) => b[0].map((_, j) => row.reduce((s, x, k) => s.add(x.mul(b[k][j])), new Complex(0, 0))));
}

function maxDiff(a: Complex[][], b: Complex[][]): number {
  let best = 0;
  for (let i = 0; i < a.length; i++) for (let j = 0; j < a[i].length; j++) best = Math.max(best, a[i][j].sub(b[i][j]).abs());
  return best;
}

describe('ComplexMatrix', () => {
  it('multiplies like the entrywise reference product on complex.js numbers', () => {
    fc.assert(
      fc.property(
        dims.chain(([n, k, m]) => fc.tuple(matrixArb(n, k), matrixArb(k, m))),
        ([a, b]) => {
          const product = ComplexMatrix.fromComplex(a).matmul(ComplexMatrix.fromComplex(b)).toComplex();
          expect(maxDiff(product, referenceProduct(a, b))).toBeLessThan(1e-13);
        },
      ),
      { numRuns: 50 },
    );
  });

  it('forms Kronecker products with the left factor as the outer index', () => {
    fc.assert(
      fc.property(
        dims.chain(([n, k, m]) => fc.tuple(matrixArb(n, k), matrixArb(m, 2))),
        ([a, b]) => {
          const kron = ComplexMatrix.fromComplex(a).kron(ComplexMatrix.fromComplex(b));
          const p = b.length;
          const q = b[0].length;
          for (let i = 0; i < kron.rows; i++) {
            for (let j = 0; j < kron.cols; j++) {
              const expected = a[Math.floor(i / p)][Math.floor(j / q)].mul(b[i % p][j % q]);
              expect(kron.get(i, j).sub(expected).abs()).toBeLessThan(1e-14);
            }
          }
        },
      ),
      { numRuns: 30 },
    );
  });

  it('takes adjoints, transposes and conjugates entry by entry', () => {
    const a = ComplexMatrix.fromComplex([
      [new Complex(1, 2), 3],
      [{ re: 0, im: -1 }, new Complex(4, 5)],
      [7, 8],
    ]);
    const h = a.adjoint();
    expect([h.rows, h.cols]).toEqual([2, 3]);
    expect(h.get(0, 1).equals(new Complex(0, 1))).toBe(true);
    expect(h.get(1, 1).equals(new Complex(4, -5))).toBe(true);
    expect(a.transpose().get(0, 0).equals(new Complex(1, 2))).toBe(true);
    expect(a.conjugate().get(0, 0).equals(new Complex(1, -2))).toBe(true);
  });

  it('adds, subtracts and scales entry by entry', () => {
    const a = ComplexMatrix.fromComplex([[1, { re: 0, im: 1 }]]);
    const b = ComplexMatrix.fromComplex([[2, 3]]);
    expect(a.add(b).toComplex().map((r) => r.map(String))).toEqual([['3', '3 + i']]);
    expect(a.sub(b).toComplex().map((r) => r.map(String))).toEqual([['-1', '-3 + i']]);
    expect(a.scale(new Complex(0, 2)).toComplex().map((r) => r.map(String))).toEqual([['2i', '-2']]);
  });

  it('inverts well-conditioned matrices: A A^-1 = A^-1 A = 1', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 8 }).chain((n) => matrixArb(n, n)),
        (rows) => {
          const n = rows.length;
          // Diagonally dominant, so well conditioned.
          const a = ComplexMatrix.fromComplex(rows).add(ComplexMatrix.identity(n).scale(6 * n + 1));
          const inv = a.inverse();
          expect(a.matmul(inv).maxAbsDiff(ComplexMatrix.identity(n))).toBeLessThan(1e-13);
          expect(inv.matmul(a).maxAbsDiff(ComplexMatrix.identity(n))).toBeLessThan(1e-13);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('pivots: it inverts a matrix with a zero in the top-left corner', () => {
    const a = ComplexMatrix.fromComplex([
      [0, 1, 0],
      [1, 0, 0],
      [0, 0, { re: 0, im: 2 }],
    ]);
    const inv = a.inverse();
    expect(inv.get(2, 2).equals(new Complex(0, -0.5))).toBe(true);
    expect(inv.get(0, 1).re).toBe(1);
  });

  it('measures norms, traces and differences', () => {
    const a = ComplexMatrix.fromComplex([
      [3, { re: 0, im: 4 }],
      [0, -1],
    ]);
    expect(a.maxAbs()).toBe(4);
    expect(a.frobeniusNorm()).toBeCloseTo(Math.sqrt(26), 14);
    expect(a.trace().re).toBe(2);
    expect(a.maxAbsDiff(ComplexMatrix.zeros(2, 2))).toBe(4);
    expect(a.approxEquals(a.clone(), 0)).toBe(true);
    expect(a.approxEquals(ComplexMatrix.identity(2), 1)).toBe(false);
    expect(a.approxEquals(ComplexMatrix.zeros(2, 3))).toBe(false);
  });

  it('rejects mismatched shapes with ShapeError', () => {
    const a = ComplexMatrix.zeros(2, 3);
    expect(() => a.matmul(ComplexMatrix.zeros(2, 3))).toThrow(ShapeError);
    expect(() => a.add(ComplexMatrix.zeros(3, 2))).toThrow(ShapeError);
    expect(() => a.maxAbsDiff(ComplexMatrix.zeros(3, 2))).toThrow(ShapeError);
    expect(() => a.inverse()).toThrow(ShapeError);
    expect(() => a.trace()).toThrow(ShapeError);
    expect(() => a.get(2, 0)).toThrow(IndexError);
    expect(() => new ComplexMatrix(2, 2, new Float64Array(3))).toThrow(ShapeError);
    expect(() => ComplexMatrix.identity(-1)).toThrow(ShapeError);
    expect(() => ComplexMatrix.fromReal(2, 2, [1, 2, 3])).toThrow(ShapeError);
    expect(() => ComplexMatrix.fromComplex([[1, 2], [3]])).toThrow(/rows of equal length/);
    expect(() => ComplexMatrix.fromComplex([['a' as unknown as number]])).toThrow(ShapeError);
    expect(() => a.scale('2' as unknown as number)).toThrow(ShapeError);
  });

  it('reports a singular matrix as a NumericsError', () => {
    const a = ComplexMatrix.fromComplex([
      [1, 2],
      [2, 4],
    ]);
    expect(() => a.inverse()).toThrow(NumericsError);
    expect(() => a.inverse()).toThrow(/ComplexMatrix.inverse/);
  });
});

import { describe, expect, it } from 'vitest';
import { ComplexMatrix, ConfigError, IrrepError, canonicalLabels, generators, spinMatrices } from 'lorentz-irreps';
import { commutator, irrepsUpTo } from './helpers';

const I = { re: 0, im: 1 };
const TOL = 1e-13;

describe('spinMatrices', () => {
  it('has Jz = diag(a) with a ascending and Condon-Shortley J+ = Jx + i Jy', () => {
    for (const j of [0, 0.5, 1, 1.5, 2, 3]) {
      const [jx, jy, jz] = spinMatrices(j);
      const d = 2 * j + 1;
      const raise = jx.add(jy.scale(I));
      for (let k = 0; k < d; k++) {
        const a = k - j;
        expect(jz.get(k, k).re).toBe(a);
        for (let l = 0; l < d; l++) {
          // <a'| J+ |a> = sqrt((j-a)(j+a+1)) when a' = a + 1, else 0.
          const expected = l === k + 1 ? Math.sqrt((j - a) * (j + a + 1)) : 0;
          expect(raise.get(l, k).sub(expected).abs()).toBeLessThan(1e-15);
        }
      }
    }
  });

  it('satisfies [Jx, Jy] = i Jz cyclically and J^2 = j(j+1)', () => {
    for (const j of [0.5, 1, 1.5, 2, 2.5]) {
      const [jx, jy, jz] = spinMatrices(j);
      expect(commutator(jx, jy).maxAbsDiff(jz.scale(I))).toBeLessThan(TOL);
      expect(commutator(jy, jz).maxAbsDiff(jx.scale(I))).toBeLessThan(TOL);
      expect(commutator(jz, jx).maxAbsDiff(jy.scale(I))).toBeLessThan(TOL);
      const casimir = jx.matmul(jx).add(jy.matmul(jy)).add(jz.matmul(jz));
      expect(casimir.maxAbsDiff(ComplexMatrix.identity(2 * j + 1).scale(j * (j + 1)))).toBeLessThan(TOL);
    }
  });

  it('rejects a spin that is not a non-negative half-integer', () => {
    for (const bad of [-0.5, 1 / 3, Number.NaN, Number.POSITIVE_INFINITY]) expect(() => spinMatrices(bad)).toThrow(IrrepError);
  });
});

describe('generators', () => {
  const irreps = irrepsUpTo(2);

  it('obey the Lorentz algebra [J,J] = iJ, [J,K] = iK, [K,K] = -iJ in both bases', () => {
    for (const irrep of irreps) {
      for (const basis of ['canonical', 'product'] as const) {
        const { J, K } = generators(irrep, { basis });
        for (let a = 0; a < 3; a++) {
          const b = (a + 1) % 3;
          const c = (a + 2) % 3;
          expect(commutator(J[a], J[b]).maxAbsDiff(J[c].scale(I))).toBeLessThan(TOL);
          expect(commutator(J[a], K[b]).maxAbsDiff(K[c].scale(I))).toBeLessThan(TOL);
          expect(commutator(K[a], J[b]).maxAbsDiff(K[c].scale(I))).toBeLessThan(TOL);
          expect(commutator(K[a], K[b]).maxAbsDiff(J[c].scale({ re: 0, im: -1 }))).toBeLessThan(TOL);
          expect(commutator(J[a], K[a]).maxAbs()).toBeLessThan(TOL);
        }
      }
    }
  });

  it('have the Casimirs J.J - K.K = 2(m(m+1) + n(n+1)) and J.K = i(m(m+1) - n(n+1))', () => {
    for (const irrep of irreps) {
      const { J, K } = generators(irrep);
      const d = irrep.dim;
      const sq = (x: readonly ComplexMatrix[], y: readonly ComplexMatrix[]) =>
        x[0].matmul(y[0]).add(x[1].matmul(y[1])).add(x[2].matmul(y[2]));
      const cm = irrep.m * (irrep.m + 1);
      const cn = irrep.n * (irrep.n + 1);
      const first = sq(J, J).sub(sq(K, K));
      expect(first.maxAbsDiff(ComplexMatrix.identity(d).scale(2 * (cm + cn)))).toBeLessThan(TOL);
      expect(sq(J, K).maxAbsDiff(ComplexMatrix.identity(d).scale({ re: 0, im: cm - cn }))).toBeLessThan(TOL);
    }
  });

  it('make J Hermitian and K anti-Hermitian (K = i(A - B) with A, B Hermitian)', () => {
    for (const irrep of irreps) {
      const { J, K } = generators(irrep);
      for (let a = 0; a < 3; a++) {
        expect(J[a].adjoint().maxAbsDiff(J[a])).toBeLessThan(TOL);
        expect(K[a].adjoint().maxAbsDiff(K[a].scale(-1))).toBeLessThan(TOL);
      }
    }
  });

  it('write J block-diagonally in the canonical basis, as the spin-l matrices of each block', () => {
    for (const irrep of irreps) {
      const { J } = generators(irrep);
      const labels = canonicalLabels(irrep);
      for (let a = 0; a < 3; a++) {
        for (let r = 0; r < irrep.dim; r++) {
          for (let c = 0; c < irrep.dim; c++) {
            const lr = labels[r];
            const lc = labels[c];
            const expected = lr.l === lc.l ? spinMatrices(lr.l)[a].get(lr.mu + lr.l, lc.mu + lc.l) : 0;
            expect(J[a].get(r, c).sub(expected).abs()).toBeLessThan(TOL);
          }
        }
      }
    }
  });

  it('are, on (1/2,0), K = iJ and on (0,1/2), K = -iJ', () => {
    const left = generators('(1/2,0)');
    const right = generators('(0,1/2)');
    for (let a = 0; a < 3; a++) {
      expect(left.K[a].maxAbsDiff(left.J[a].scale(I))).toBe(0);
      expect(right.K[a].maxAbsDiff(right.J[a].scale({ re: 0, im: -1 }))).toBe(0);
    }
  });

  it('rejects bad irreps and bases', () => {
    expect(() => generators('(1/3,0)')).toThrow(IrrepError);
    expect(() => generators(42 as unknown as string)).toThrow(IrrepError);
    expect(() => generators('(1,0)', { basis: 'spherical' as 'product' })).toThrow(ConfigError);
  });
});

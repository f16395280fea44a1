import Fraction from 'fraction.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ConfigError,
  IrrepError,
  LorentzIrrep,
  canonicalBasisMatrix,
  cgCoefficients,
  cgSparseTable,
  type CGBasis,
} from 'lorentz-irreps';
import { canonicalTableReference, labelsUpTo, productTableReference } from './reference';

const irrepsUpTo = (max: number) => labelsUpTo(max).map(([m, n]) => LorentzIrrep.of(m, n));

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let e = 0;
  for (let k = 0; k < a.length; k++) e = Math.max(e, Math.abs(a[k] - b[k]));
  return e;
}

/** Dense matrices of J+ and Jz for spin j (basis a = -j..j ascending). */
function spinMatrices(j: number): { plus: Float64Array; z: Float64Array; d: number } {
  const d = Math.round(2 * j + 1);
  const plus = new Float64Array(d * d);
  const z = new Float64Array(d * d);
  for (let k = 0; k < d; k++) {
    const a = k - j;
    z[k * d + k] = a;
    if (k + 1 < d) plus[(k + 1) * d + k] = Math.sqrt((j - a) * (j + a + 1));
  }
  return { plus, z, d };
}

/** The generators A+, Az, B+, Bz of (m, n) in the canonical basis: C (X (x) 1) C^T and C (1 (x) X) C^T. */
function canonicalGenerators(irrep: LorentzIrrep): Float64Array[] {
  const sm = spinMatrices(irrep.m);
  const sn = spinMatrices(irrep.n);
  const d = irrep.dim;
  const c = canonicalBasisMatrix(irrep);
  const lift = (x: Float64Array, left: boolean) => {
    const prod = new Float64Array(d * d);
    for (let a = 0; a < sm.d; a++) for (let b = 0; b < sn.d; b++) for (let a2 = 0; a2 < sm.d; a2++) for (let b2 = 0; b2 < sn.d; b2++) {
      const v = left ? x[a * sm.d + a2] * (b === b2 ? 1 : 0) : (a === a2 ? 1 : 0) * x[b * sn.d + b2];
      prod[(a * sn.d + b) * d + a2 * sn.d + b2] = v;
    }
    const out = new Float64Array(d * d);
    for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) {
      let s = 0;
      for (let k = 0; k < d; k++) for (let l = 0; l < d; l++) s += c[i * d + k] * prod[k * d + l] * c[j * d + l];
      out[i * d + j] = s;
    }
    return out;
  };
  return [lift(sm.plus, true), lift(sm.z, true), lift(sn.plus, false), lift(sn.z, false)];
}

describe('cgCoefficients', () => {
  it('gives the canonical reference entries of CONVENTIONS.md for (1/2,1/2) x (1/2,1/2) -> (0,0) exactly', () => {
    const h = cgCoefficients(LorentzIrrep.of(0.5, 0.5), LorentzIrrep.of(0.5, 0.5), LorentzIrrep.of(0, 0));
    expect(h.shape).toEqual([4, 4, 1]);
    expect(h.basis).toBe('canonical');
    expect(h.entries.map((e) => [e.i1, e.i2, e.i, e.value.toString()])).toEqual([
      [0, 0, 0, '1/2'],
      [1, 3, 0, '1/2'],
      [2, 2, 0, '-1/2'],
      [3, 1, 0, '1/2'],
    ]);
  });

  it('couples two four-vectors mapped by U to (p.q)/2 with the Minkowski product', () => {
    const h = cgCoefficients('(1/2,1/2)', '(1/2,1/2)', '(0,0)').toDense();
    const s = Math.SQRT1_2;
    // U(E, px, py, pz) = [E, (px + i py)/sqrt2, pz, -(px - i py)/sqrt2] as [re, im] pairs.
    const u = (p: number[]) => [[p[0], 0], [p[1] * s, p[2] * s], [p[3], 0], [-p[1] * s, p[2] * s]];
    const component = fc.double({ min: -10, max: 10, noNaN: true });
    fc.assert(
      fc.property(fc.array(component, { minLength: 4, maxLength: 4 }), fc.array(component, { minLength: 4, maxLength: 4 }), (p, q) => {
        const up = u(p);
        const uq = u(q);
        let re = 0;
        let im = 0;
        for (let i1 = 0; i1 < 4; i1++) for (let i2 = 0; i2 < 4; i2++) {
          const w = h[i1 * 4 + i2];
          re += w * (up[i1][0] * uq[i2][0] - up[i1][1] * uq[i2][1]);
          im += w * (up[i1][0] * uq[i2][1] + up[i1][1] * uq[i2][0]);
        }
        const dot = p[0] * q[0] - p[1] * q[1] - p[2] * q[2] - p[3] * q[3];
        expect(Math.abs(re - dot / 2)).toBeLessThan(1e-12 * (1 + Math.abs(dot)) + 1e-12);
        expect(Math.abs(im)).toBeLessThan(1e-12 * (1 + Math.abs(dot)));
      }),
      { numRuns: 100, seed: 21 },
    );
  });

  it('equals the product of SU(2) coefficients in the product basis', () => {
    for (const a of irrepsUpTo(1)) for (const b of irrepsUpTo(1)) for (const c of a.times(b)) {
      const dense = cgCoefficients(a, b, c, { basis: 'product' }).toDense();
      expect(maxAbsDiff(dense, productTableReference(a.m, a.n, b.m, b.n, c.m, c.n))).toBeLessThan(1e-13);
    }
  });

  it('equals the product-basis table conjugated by the three canonical changes of basis', () => {
    for (const a of irrepsUpTo(1)) for (const b of irrepsUpTo(1)) for (const c of a.times(b)) {
      const dense = cgCoefficients(a, b, c).toDense();
      expect(maxAbsDiff(dense, canonicalTableReference(a.m, a.n, b.m, b.n, c.m, c.n))).toBeLessThan(1e-13);
    }
  });

  it('equals the conjugated product-basis table for drawn irreps with spins up to 2', () => {
    const irrep = fc.tuple(fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 4 })).map(([k, n]) => LorentzIrrep.fromDoubled(k, n));
    fc.assert(
      fc.property(irrep, irrep, fc.nat(), (a, b, pick) => {
        if (a.dim * b.dim > 150) return;
        const outs = a.times(b);
        const c = outs[pick % outs.length];
        expect(maxAbsDiff(cgCoefficients(a, b, c).toDense(), canonicalTableReference(a.m, a.n, b.m, b.n, c.m, c.n))).toBeLessThan(1e-12);
      }),
      { numRuns: 12, seed: 22 },
    );
  });

  for (const basis of ['product', 'canonical'] as CGBasis[]) {
    it(`stacks into an orthogonal matrix over all outputs for every pair with m, n <= 2 (${basis} basis)`, () => {
      let worst = 0;
      for (const a of irrepsUpTo(2)) for (const b of irrepsUpTo(2)) {
        const rows = a.dim * b.dim;
        // Sparse rows of the stacked matrix: row (i1, i2), column (output offset + i).
        const cols: number[][] = Array.from({ length: rows }, () => []);
        const vals: number[][] = Array.from({ length: rows }, () => []);
        let offset = 0;
        for (const c of a.times(b)) {
          const t = cgSparseTable(a, b, c, basis);
          for (let k = 0; k < t.values.length; k++) {
            const r = t.i1[k] * b.dim + t.i2[k];
            cols[r].push(offset + t.i[k]);
            vals[r].push(t.values[k]);
          }
          offset += c.dim;
        }
        expect(offset).toBe(rows);
        // Gram matrix of the columns: sum over rows of outer products of each row's entries.
        const gram = new Float64Array(rows * rows);
        for (let r = 0; r < rows; r++) {
          const cr = cols[r];
          const vr = vals[r];
          for (let x = 0; x < cr.length; x++) for (let y = 0; y < cr.length; y++) gram[cr[x] * rows + cr[y]] += vr[x] * vr[y];
        }
        for (let x = 0; x < rows; x++) for (let y = 0; y < rows; y++) {
          worst = Math.max(worst, Math.abs(gram[x * rows + y] - (x === y ? 1 : 0)));
        }
      }
      expect(worst).toBeLessThan(1e-12);
    });
  }

  it('has squares summing to exactly 1 over (i1, i2) for every output component', () => {
    for (const basis of ['product', 'canonical'] as CGBasis[]) {
      for (const a of irrepsUpTo(1)) for (const b of irrepsUpTo(1)) for (const c of a.times(b)) {
        const sums = Array.from({ length: c.dim }, () => new Fraction(0));
        for (const e of cgCoefficients(a, b, c, { basis }).entries) sums[e.i] = sums[e.i].add(e.value.square);
        for (const s of sums) expect(s.equals(1)).toBe(true);
      }
    }
  });

  it('intertwines the generators A and B of the Lorentz algebra in the canonical basis', () => {
    for (const a of irrepsUpTo(1)) for (const b of irrepsUpTo(1)) {
      const g1 = canonicalGenerators(a);
      const g2 = canonicalGenerators(b);
      for (const c of a.times(b)) {
        const g = canonicalGenerators(c);
        const h = cgCoefficients(a, b, c).toDense();
        const [d1, d2, d] = [a.dim, b.dim, c.dim];
        for (let k = 0; k < 4; k++) {
          // sum_i' X[i,i'] H[i1,i2,i'] = sum_j1 H[j1,i2,i] X1[j1,i1] + sum_j2 H[i1,j2,i] X2[j2,i2]
          let worst = 0;
          for (let i1 = 0; i1 < d1; i1++) for (let i2 = 0; i2 < d2; i2++) for (let i = 0; i < d; i++) {
            let left = 0;
            for (let ip = 0; ip < d; ip++) left += g[k][i * d + ip] * h[(i1 * d2 + i2) * d + ip];
            let right = 0;
            for (let j1 = 0; j1 < d1; j1++) right += h[(j1 * d2 + i2) * d + i] * g1[k][j1 * d1 + i1];
            for (let j2 = 0; j2 < d2; j2++) right += h[(i1 * d2 + j2) * d + i] * g2[k][j2 * d2 + i2];
            worst = Math.max(worst, Math.abs(left - right));
          }
          expect(worst).toBeLessThan(1e-12);
        }
      }
    }
  });

  it('returns an all-zero table for an irrep outside the product', () => {
    const h = cgCoefficients('(1/2,1/2)', '(1/2,1/2)', '(1/2,1/2)');
    expect(h.entries).toEqual([]);
    expect(h.shape).toEqual([4, 4, 4]);
    expect(h.toDense().every((x) => x === 0)).toBe(true);
    expect(cgSparseTable('(0,0)', '(0,0)', '(1,0)', 'product').values.length).toBe(0);
  });

  it('hands out frozen tables and fresh copies that cannot change the cache', () => {
    const h = cgCoefficients('(1,0)', '(0,1)', '(1,1)');
    expect(Object.isFrozen(h)).toBe(true);
    expect(Object.isFrozen(h.entries)).toBe(true);
    expect(Object.isFrozen(h.entries[0])).toBe(true);
    expect(Object.isFrozen(h.shape)).toBe(true);
    expect(h.entries).toBe(h.entries);
    const dense = h.toDense();
    dense.fill(7);
    expect(h.toDense()).not.toEqual(dense);
    const t = cgSparseTable('(1,0)', '(0,1)', '(1,1)');
    const saved = t.values.slice();
    t.values.fill(9);
    t.i.fill(0);
    const again = cgSparseTable('(1,0)', '(0,1)', '(1,1)');
    expect(again.values).toEqual(saved);
    expect(cgCoefficients(LorentzIrrep.of(1, 0), '(0,1)', '(1,1)')).toBe(h);
  });

  it('lists sparse entries in the same order and with the same floats as the exact entries', () => {
    const h = cgCoefficients('(1,1/2)', '(1/2,1)', '(1,1)');
    const t = cgSparseTable('(1,1/2)', '(1/2,1)', '(1,1)');
    expect(t.values.length).toBe(h.entries.length);
    h.entries.forEach((e, k) => {
      expect([t.i1[k], t.i2[k], t.i[k]]).toEqual([e.i1, e.i2, e.i]);
      expect(t.values[k]).toBe(e.value.toNumber());
    });
  });

  it('rejects invalid irreps and bases, naming the argument', () => {
    expect(() => cgCoefficients('(-1/2,0)', '(0,0)', '(0,0)')).toThrow(/`irrep1`/);
    expect(() => cgCoefficients('(0,0)', '(1/3,0)', '(0,0)')).toThrow(/`irrep2`/);
    expect(() => cgCoefficients('(0,0)', '(0,0)', 'scalar')).toThrow(IrrepError);
    expect(() => cgCoefficients(Number.NaN as unknown as string, '(0,0)', '(0,0)')).toThrow(IrrepError);
    expect(() => cgCoefficients('(0,0)', '(0,0)', '(0,0)', { basis: 'spherical' as CGBasis })).toThrow(ConfigError);
    expect(() => cgSparseTable('(0,0)', '(0,0)', '(0,0)', 'x' as CGBasis)).toThrow(/`basis` must be "canonical" or "product"/);
  });
});

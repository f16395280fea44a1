import { describe, expect, it } from 'vitest';
import {
  IrrepError,
  LorentzIrrep,
  canonicalBasis,
  canonicalBasisMatrix,
  canonicalIndex,
  canonicalLabels,
  su2ClebschGordan,
} from 'lorentz-irreps';
import { spinsUpTo } from './reference';

function irrepsUpTo(max: number): LorentzIrrep[] {
  return spinsUpTo(max).flatMap((m) => spinsUpTo(max).map((n) => LorentzIrrep.of(m, n)));
}

/** Dense matrix of J+ of spin j, (2j+1) x (2j+1), basis a = -j..j ascending. */
function raising(j: number): Float64Array {
  const d = Math.round(2 * j + 1);
  const out = new Float64Array(d * d);
  for (let k = 0; k + 1 < d; k++) {
    const a = k - j;
    out[(k + 1) * d + k] = Math.sqrt((j - a) * (j + a + 1));
  }
  return out;
}

function kron(x: Float64Array, p: number, y: Float64Array, q: number): Float64Array {
  const out = new Float64Array(p * q * p * q);
  for (let i = 0; i < p; i++) for (let j = 0; j < p; j++) for (let k = 0; k < q; k++) for (let l = 0; l < q; l++) {
    out[(i * q + k) * p * q + j * q + l] = x[i * p + j] * y[k * q + l];
  }
  return out;
}

function identity(d: number): Float64Array {
  const out = new Float64Array(d * d);
  for (let k = 0; k < d; k++) out[k * d + k] = 1;
  return out;
}

describe('canonicalBasis', () => {
  it('labels canonical indices by blocks l ascending, then mu ascending', () => {
    const labels = canonicalLabels(LorentzIrrep.of(1, 0.5)).map((x) => `${x.l},${x.mu}`);
    expect(labels).toEqual(['0.5,-0.5', '0.5,0.5', '1.5,-1.5', '1.5,-0.5', '1.5,0.5', '1.5,1.5']);
    for (const irrep of irrepsUpTo(2)) {
      canonicalLabels(irrep).forEach(({ l, mu }, k) => expect(canonicalIndex(irrep, l, mu)).toBe(k));
    }
  });

  it('holds <m a; n b | l mu> at row (l, mu) and column (a outer, b inner)', () => {
    for (const irrep of irrepsUpTo(1.5)) {
      const c = canonicalBasisMatrix(irrep);
      const d = irrep.dim;
      const rows = Math.round(2 * irrep.n + 1);
      canonicalLabels(irrep).forEach(({ l, mu }, row) => {
        for (let a = -irrep.m; a <= irrep.m; a++) {
          for (let b = -irrep.n; b <= irrep.n; b++) {
            const col = Math.round(a + irrep.m) * rows + Math.round(b + irrep.n);
            const expected = Math.abs(a + b - mu) < 1e-9 ? su2ClebschGordan(irrep.m, a, irrep.n, b, l, mu).toNumber() : 0;
            expect(c[row * d + col]).toBe(expected);
          }
        }
      });
    }
  });

  it('is a real orthogonal matrix for every irrep with m, n <= 2', () => {
    for (const irrep of irrepsUpTo(2)) {
      const c = canonicalBasisMatrix(irrep);
      const d = irrep.dim;
      for (let i = 0; i < d; i++) {
        for (let j = 0; j < d; j++) {
          let dot = 0;
          for (let k = 0; k < d; k++) dot += c[i * d + k] * c[j * d + k];
          expect(Math.abs(dot - (i === j ? 1 : 0))).toBeLessThan(1e-14);
        }
      }
    }
  });

  it('turns J+ = J+(m) x 1 + 1 x J+(n) into the block-diagonal Condon-Shortley raising operators', () => {
    for (const irrep of irrepsUpTo(2)) {
      const p = Math.round(2 * irrep.m + 1);
      const q = Math.round(2 * irrep.n + 1);
      const d = p * q;
      const a = kron(raising(irrep.m), p, identity(q), q);
      const b = kron(identity(p), p, raising(irrep.n), q);
      const c = canonicalBasisMatrix(irrep);
      const labels = canonicalLabels(irrep);
      for (let i = 0; i < d; i++) {
        for (let j = 0; j < d; j++) {
          // (C J+ C^T)[i, j]
          let s = 0;
          for (let k = 0; k < d; k++) for (let l = 0; l < d; l++) s += c[i * d + k] * (a[k * d + l] + b[k * d + l]) * c[j * d + l];
          const li = labels[i];
          const lj = labels[j];
          const expected = li.l === lj.l && li.mu === lj.mu + 1 ? Math.sqrt((lj.l - lj.mu) * (lj.l + lj.mu + 1)) : 0;
          expect(Math.abs(s - expected)).toBeLessThan(1e-12);
        }
      }
    }
  });

  it('hands out frozen exact entries and a fresh float copy each call', () => {
    const irrep = LorentzIrrep.of(0.5, 0.5);
    const basis = canonicalBasis(irrep);
    expect(Object.isFrozen(basis)).toBe(true);
    expect(Object.isFrozen(basis.entries)).toBe(true);
    expect(Object.isFrozen(basis.entries[0])).toBe(true);
    expect(basis.entries.map((e) => `${e.row},${e.col}:${e.value}`)).toEqual([
      '0,1:-sqrt(1/2)', '0,2:sqrt(1/2)', '1,0:1', '2,1:sqrt(1/2)', '2,2:sqrt(1/2)', '3,3:1',
    ]);
    const m = canonicalBasisMatrix(irrep);
    m[0] = 42;
    expect(canonicalBasisMatrix(irrep)[0]).toBe(0);
    expect(basis.toDense()).not.toBe(basis.toDense());
  });

  it('rejects what is not an irrep and labels outside the irrep', () => {
    expect(() => canonicalBasis('(1/2,1/2)' as unknown as LorentzIrrep)).toThrow(IrrepError);
    expect(() => canonicalBasisMatrix(null as unknown as LorentzIrrep)).toThrow(/`irrep` must be a LorentzIrrep/);
    expect(() => canonicalIndex(LorentzIrrep.of(0.5, 0.5), 2, 0)).toThrow(/`l` must be one of the spins 0, 1/);
    expect(() => canonicalIndex(LorentzIrrep.of(0.5, 0.5), 1, 0.5)).toThrow(/`mu`/);
  });
});

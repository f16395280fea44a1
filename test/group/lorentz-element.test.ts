import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ComplexMatrix,
  ConfigError,
  LorentzElement,
  LorentzElementError,
  Random,
  ShapeError,
  minkowskiDot,
} from 'lorentz-irreps';
import { angleArb, axisArb, elementArb, maxAbsReal } from './helpers';

const PAULI = [
  ComplexMatrix.identity(2),
  ComplexMatrix.fromComplex([[0, 1], [1, 0]]),
  ComplexMatrix.fromComplex([[0, { re: 0, im: -1 }], [{ re: 0, im: 1 }, 0]]),
  ComplexMatrix.fromComplex([[1, 0], [0, -1]]),
];

/** X(p) = E 1 + p.sigma with the standard Pauli matrices. */
function hermitianOf(p: ArrayLike<number>): ComplexMatrix {
  return PAULI.reduce((s, sigma, mu) => s.add(sigma.scale(p[mu])), ComplexMatrix.zeros(2, 2));
}

const vectorArb = fc.tuple(
  fc.double({ min: -5, max: 5, noNaN: true }),
  fc.double({ min: -5, max: 5, noNaN: true }),
  fc.double({ min: -5, max: 5, noNaN: true }),
  fc.double({ min: -5, max: 5, noNaN: true }),
);

function unit(u: readonly number[]): number[] {
  const n = Math.hypot(u[0], u[1], u[2]);
  return u.map((x) => x / n);
}

describe('LorentzElement', () => {
  it('boosts actively: E\' = E cosh r + (u.p) sinh r, (u.p)\' = E sinh r + (u.p) cosh r, the rest unchanged', () => {
    fc.assert(
      fc.property(axisArb, fc.double({ min: -6, max: 6, noNaN: true }), vectorArb, (axis, r, p) => {
        const u = unit(axis);
        const out = LorentzElement.fromBoost(axis, r).apply(Float64Array.from(p));
        const up = u[0] * p[1] + u[1] * p[2] + u[2] * p[3];
        const e = p[0] * Math.cosh(r) + up * Math.sinh(r);
        const upNew = p[0] * Math.sinh(r) + up * Math.cosh(r);
        const expected = [e, ...[0, 1, 2].map((i) => p[i + 1] - up * u[i] + upNew * u[i])];
        const scale = Math.cosh(r) * (1 + maxAbsReal(p));
        for (let mu = 0; mu < 4; mu++) expect(Math.abs(out[mu] - expected[mu]) / scale).toBeLessThan(1e-14);
      }),
      { numRuns: 100 },
    );
  });

  it('rotates right-handedly: x goes to y under a quarter turn about z, and p -> p cos t + (u x p) sin t + u(u.p)(1 - cos t)', () => {
    const q = LorentzElement.fromRotation('z', Math.PI / 2).apply(new Float64Array([7, 1, 0, 0]));
    expect(q[0]).toBe(7);
    expect(q[1]).toBeCloseTo(0, 15);
    expect(q[2]).toBeCloseTo(1, 15);
    fc.assert(
      fc.property(axisArb, angleArb, vectorArb, (axis, t, p) => {
        const u = unit(axis);
        const v = [p[1], p[2], p[3]];
        const cross = [u[1] * v[2] - u[2] * v[1], u[2] * v[0] - u[0] * v[2], u[0] * v[1] - u[1] * v[0]];
        const uv = u[0] * v[0] + u[1] * v[1] + u[2] * v[2];
        const expected = [0, 1, 2].map((i) => v[i] * Math.cos(t) + cross[i] * Math.sin(t) + u[i] * uv * (1 - Math.cos(t)));
        const out = LorentzElement.fromRotation(axis, t).apply(Float64Array.from(p));
        expect(out[0] === p[0]).toBe(true); // E untouched (+0 and -0 alike)
        for (let i = 0; i < 3; i++) expect(Math.abs(out[i + 1] - expected[i])).toBeLessThan(1e-13);
      }),
      { numRuns: 100 },
    );
  });

  it('carries a lift A with A X(p) A^H = X(L p) for every construction', () => {
    const rng = new Random(3);
    const elements = [
      LorentzElement.identity(),
      LorentzElement.fromBoost([0.2, -1, 0.4], 3),
      LorentzElement.fromRotation([1, 2, 3], 2.5),
      LorentzElement.random(rng),
      LorentzElement.random(rng).compose(LorentzElement.random(rng)),
      LorentzElement.random(rng).inverse(),
      // det = (2 + i)(0.8 - 0.4i) - 1 = 1
      LorentzElement.fromSL2C([[{ re: 2, im: 1 }, 1], [1, { re: 0.8, im: -0.4 }]]),
    ];
    const p = [3, 0.5, -1.5, 2];
    for (const g of elements) {
      const a = g.toSL2C();
      const lhs = a.matmul(hermitianOf(p)).matmul(a.adjoint());
      const rhs = hermitianOf(g.apply(Float64Array.from(p)));
      expect(lhs.maxAbsDiff(rhs) / rhs.maxAbs()).toBeLessThan(1e-13);
      const det = a.get(0, 0).mul(a.get(1, 1)).sub(a.get(0, 1).mul(a.get(1, 0)));
      expect(det.sub(1).abs()).toBeLessThan(1e-12);
    }
  });

  it('lifts boosts to cosh(r/2) + sinh(r/2) u.sigma and rotations to cos(t/2) - i sin(t/2) u.sigma', () => {
    const b = LorentzElement.fromBoost('x', 1.2).toSL2C();
    expect(b.get(0, 0).re).toBeCloseTo(Math.cosh(0.6), 15);
    expect(b.get(0, 1).re).toBeCloseTo(Math.sinh(0.6), 15);
    const r = LorentzElement.fromRotation('y', 0.8).toSL2C();
    // -i sin(t/2) sigma_y = [[0, -sin], [sin, 0]]
    expect(r.get(0, 1).re).toBeCloseTo(-Math.sin(0.4), 15);
    expect(r.get(1, 0).re).toBeCloseTo(Math.sin(0.4), 15);
    // A full turn is -1 on spinors.
    expect(LorentzElement.fromRotation('z', 2 * Math.PI).toSL2C().get(0, 0).re).toBeCloseTo(-1, 15);
  });

  it('composes as this * other: other is applied first', () => {
    fc.assert(
      fc.property(elementArb(2), elementArb(2), vectorArb, (g, h, p) => {
        const direct = g.compose(h).apply(Float64Array.from(p));
        const stepwise = g.apply(h.apply(Float64Array.from(p)));
        const scale = g.toMatrix()[0] * h.toMatrix()[0] * (1 + maxAbsReal(p));
        for (let mu = 0; mu < 4; mu++) expect(Math.abs(direct[mu] - stepwise[mu]) / scale).toBeLessThan(1e-13);
      }),
      { numRuns: 50 },
    );
    const a = LorentzElement.fromRotation('z', Math.PI / 2);
    const b = LorentzElement.fromBoost('x', 1);
    // Boost along x first, then rotate: the momentum ends up along y.
    const out = a.compose(b).apply(new Float64Array([1, 0, 0, 0]));
    expect(out[2]).toBeCloseTo(Math.sinh(1), 14);
  });

  it('inverts exactly: g^-1 g = 1 for matrix and lift', () => {
    fc.assert(
      fc.property(elementArb(5), (g) => {
        const e = g.inverse().compose(g);
        const scale = g.toMatrix()[0] ** 2;
        const l = e.toMatrix();
        for (let k = 0; k < 16; k++) expect(Math.abs(l[k] - (k % 5 === 0 ? 1 : 0)) / scale).toBeLessThan(1e-14);
        expect(e.toSL2C().maxAbsDiff(ComplexMatrix.identity(2)) / g.toSL2C().maxAbs() ** 2).toBeLessThan(1e-14);
      }),
      { numRuns: 50 },
    );
  });

  it('preserves Minkowski products', () => {
    fc.assert(
      fc.property(elementArb(3), vectorArb, vectorArb, (g, p, q) => {
        const both = Float64Array.from([...p, ...q]);
        const moved = g.apply(both);
        const before = minkowskiDot(Float64Array.from(p), Float64Array.from(q))[0];
        const after = minkowskiDot(moved.subarray(0, 4), moved.subarray(4, 8))[0];
        const scale = g.toMatrix()[0] ** 2 * (1 + maxAbsReal(p)) * (1 + maxAbsReal(q));
        expect(Math.abs(after - before) / scale).toBeLessThan(1e-14);
      }),
      { numRuns: 50 },
    );
  });

  it('recovers the lift of a 4x4 matrix up to sign, with the sign of fromBoost and of fromRotation below pi', () => {
    fc.assert(
      fc.property(elementArb(5), (g) => {
        const back = LorentzElement.fromMatrix(g.toMatrix());
        const a = g.toSL2C();
        const b = back.toSL2C();
        const err = Math.min(a.maxAbsDiff(b), a.maxAbsDiff(b.scale(-1))) / a.maxAbs();
        expect(err).toBeLessThan(1e-13);
        expect(back.toMatrix()).toEqual(g.toMatrix());
      }),
      { numRuns: 60 },
    );
    for (const g of [LorentzElement.fromBoost([1, -2, 0.5], 4), LorentzElement.fromRotation([0.3, 0.1, -1], 3)]) {
      const a = g.toSL2C();
      expect(LorentzElement.fromMatrix(g.toMatrix()).toSL2C().maxAbsDiff(a) / a.maxAbs()).toBeLessThan(1e-14);
    }
    // A rotation by pi (trace 0): the documented tie-break keeps -i u.sigma for u = z.
    const half = LorentzElement.fromMatrix(LorentzElement.fromRotation('z', Math.PI).toMatrix()).toSL2C();
    expect(half.get(0, 0).im).toBeCloseTo(-1, 14);
  });

  it('accepts the 4x4 matrix as rows or as 16 numbers', () => {
    const l = LorentzElement.fromBoost('y', 0.7).toMatrix();
    const rows = [0, 1, 2, 3].map((i) => Array.from(l.subarray(4 * i, 4 * i + 4)));
    expect(LorentzElement.fromMatrix(rows).toMatrix()).toEqual(l);
    expect(LorentzElement.fromMatrix(Array.from(l)).toMatrix()).toEqual(l);
  });

  it('normalizes an SL(2,C) matrix whose determinant is 1 within tolerance', () => {
    const g = LorentzElement.fromSL2C([[1 + 1e-12, 0], [0, 1]]);
    const a = g.toSL2C();
    const det = a.get(0, 0).mul(a.get(1, 1)).sub(a.get(0, 1).mul(a.get(1, 0)));
    expect(Math.abs(det.re - 1)).toBeLessThan(1e-15);
    expect(g.toMatrix()[0]).toBeCloseTo(1, 12);
  });

  it('draws reproducible random elements with rapidity at most maxRapidity', () => {
    const a = LorentzElement.random(new Random(11), { maxRapidity: 3 });
    const b = LorentzElement.random(new Random(11), { maxRapidity: 3 });
    expect(a.toMatrix()).toEqual(b.toMatrix());
    const rng = new Random(5);
    for (let k = 0; k < 200; k++) expect(LorentzElement.random(rng, { maxRapidity: 3 }).toMatrix()[0]).toBeLessThanOrEqual(Math.cosh(3) * (1 + 1e-14));
  });

  it('draws rotations uniformly on SO(3): the mean of each entry and of the trace is zero', () => {
    // For Haar measure E[R_ij] = 0 and E[tr R] = 0; with N = 4000 draws the standard error is below 0.02.
    const rng = new Random(17);
    const n = 4000;
    const sum = new Float64Array(16);
    let trace = 0;
    for (let k = 0; k < n; k++) {
      const l = LorentzElement.random(rng, { maxRapidity: 0 }).toMatrix();
      for (let i = 0; i < 16; i++) sum[i] += l[i];
      trace += l[5] + l[10] + l[15];
    }
    for (const i of [5, 6, 7, 9, 10, 11, 13, 14, 15]) expect(Math.abs(sum[i] / n)).toBeLessThan(0.06);
    expect(Math.abs(trace / n)).toBeLessThan(0.1);
    // The angle t of a Haar rotation has density (1 - cos t)/pi: E[cos t] = -1/2, i.e. E[tr R] = 1 + 2 E[cos t] = 0;
    // a rotation drawn with uniform angle instead would give E[tr R] = 1.
  });

  it('is immutable: accessors hand out copies', () => {
    const g = LorentzElement.fromBoost('z', 1);
    g.toMatrix()[0] = 99;
    g.toSL2C().re[0] = 99;
    expect(g.toMatrix()[0]).toBe(Math.cosh(1));
    expect(g.toSL2C().re[0]).toBe(Math.cosh(0.5) + Math.sinh(0.5)); // e^{r/2} for u = z
    expect(Object.isFrozen(g)).toBe(true);
    expect(String(g)).toMatch(/^LorentzElement\(\[/);
  });

  it('normalizes axes of any non-zero length, subnormal or huge, to unit vectors', () => {
    for (const axis of [[5e-324, -5e-324, 0], [1e300, 1e300, 1e300], [0, 3e-310, 4e-310]]) {
      const a = LorentzElement.fromRotation(axis, 1).toSL2C();
      // The lift cos(t/2) - i sin(t/2) u.sigma is unitary exactly when u is a unit vector.
      expect(a.matmul(a.adjoint()).maxAbsDiff(ComplexMatrix.identity(2))).toBeLessThan(1e-15);
    }
  });

  describe('rejects bad input', () => {
    it('axes that are zero, NaN, unnamed or of the wrong length', () => {
      for (const axis of [[0, 0, 0], [Number.NaN, 0, 1], [1, Number.POSITIVE_INFINITY, 0], [1, 0], 'w', null, [1, 2, 3, 4]]) {
        expect(() => LorentzElement.fromBoost(axis as never, 1)).toThrow(LorentzElementError);
        expect(() => LorentzElement.fromRotation(axis as never, 1)).toThrow(LorentzElementError);
      }
      expect(() => LorentzElement.fromBoost([0, 0, 0], 1)).toThrow(/`LorentzElement.fromBoost`: `axis` must be/);
    });

    it('non-finite angles and rapidities', () => {
      for (const value of [Number.NaN, Number.POSITIVE_INFINITY, '1' as unknown as number]) {
        expect(() => LorentzElement.fromBoost('x', value)).toThrow(/`rapidity` must be a finite number/);
        expect(() => LorentzElement.fromRotation('x', value)).toThrow(/`angle` must be a finite number/);
      }
    });

    it('a 4x4 matrix that does not preserve the metric', () => {
      const l = LorentzElement.fromBoost('x', 1).toMatrix();
      l[5] *= 1.001;
      expect(() => LorentzElement.fromMatrix(l)).toThrow(LorentzElementError);
      expect(() => LorentzElement.fromMatrix(l)).toThrow(/preserving the metric/);
      const scaled = [[2, 0, 0, 0], [0, 2, 0, 0], [0, 0, 2, 0], [0, 0, 0, 2]];
      expect(() => LorentzElement.fromMatrix(scaled)).toThrow(/max\|L\^T eta L - eta\| = 3/);
    });

    it('parity (determinant -1)', () => {
      const parity = [[1, 0, 0, 0], [0, -1, 0, 0], [0, 0, -1, 0], [0, 0, 0, -1]];
      expect(() => LorentzElement.fromMatrix(parity)).toThrow(/proper: determinant \+1.*det = -1/);
      // A boosted reflection is still improper.
      const boosted = LorentzElement.fromBoost('y', 2).toMatrix();
      for (let i = 0; i < 4; i++) boosted[i * 4 + 3] *= -1;
      expect(() => LorentzElement.fromMatrix(boosted)).toThrow(/determinant/);
    });

    it('time reversal and PT (not orthochronous)', () => {
      const t = [[-1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0], [0, 0, 0, 1]];
      const pt = [[-1, 0, 0, 0], [0, -1, 0, 0], [0, 0, -1, 0], [0, 0, 0, -1]];
      expect(() => LorentzElement.fromMatrix(t)).toThrow(/orthochronous.*L\[0\]\[0\] = -1/);
      expect(() => LorentzElement.fromMatrix(pt)).toThrow(/orthochronous/);
    });

    it('4x4 matrices of the wrong shape or with non-finite entries', () => {
      expect(() => LorentzElement.fromMatrix([[1, 0, 0], [0, 1, 0], [0, 0, 1]])).toThrow(ShapeError);
      expect(() => LorentzElement.fromMatrix(new Float64Array(15))).toThrow(ShapeError);
      expect(() => LorentzElement.fromMatrix([[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0], [0, 0, 0]])).toThrow(ShapeError);
      const nan = LorentzElement.identity().toMatrix();
      nan[6] = Number.NaN;
      expect(() => LorentzElement.fromMatrix(nan)).toThrow(/finite numbers/);
      expect(() => LorentzElement.fromMatrix(LorentzElement.identity().toMatrix(), { tolerance: -1 })).toThrow(ConfigError);
    });

    it('SL(2,C) matrices whose determinant is not 1, or that are not 2x2', () => {
      expect(() => LorentzElement.fromSL2C([[2, 0], [0, 1]])).toThrow(LorentzElementError);
      expect(() => LorentzElement.fromSL2C([[2, 0], [0, 1]])).toThrow(/determinant 1.*det = 2\+0i/);
      expect(() => LorentzElement.fromSL2C([[{ re: 0, im: 1 }, 0], [0, { re: 0, im: 1 }]])).toThrow(/det = -1\+0i/);
      expect(() => LorentzElement.fromSL2C(ComplexMatrix.identity(3))).toThrow(ShapeError);
      expect(() => LorentzElement.fromSL2C([[1, 0]])).toThrow(ShapeError);
      expect(() => LorentzElement.fromSL2C([[Number.NaN, 0], [0, 1]])).toThrow(LorentzElementError);
    });

    it('bad random options, compositions and batches', () => {
      expect(() => LorentzElement.random({} as Random)).toThrow(ConfigError);
      expect(() => LorentzElement.random(new Random(1), { maxRapidity: -1 })).toThrow(LorentzElementError);
      expect(() => LorentzElement.identity().compose({} as LorentzElement)).toThrow(LorentzElementError);
      expect(() => LorentzElement.identity().apply(new Float64Array(6))).toThrow(ShapeError);
      expect(() => LorentzElement.identity().apply([1, 0, 0, 0] as unknown as Float64Array)).toThrow(ShapeError);
    });
  });
});

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ConfigError, DataError, ShapeError, emd, jetNetToFourMomenta, jetParticles, loadJetNetSample } from 'lorentz-irreps';
import { solveTransport } from '../../src/metrics/transport';

/** Solves the square linear system A x = b (rows of A given), or returns null if singular. */
function solveSquare(A: number[][], b: number[]): number[] | null {
  const n = b.length;
  const M = A.map((row, i) => [...row, b[i]]);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(M[r][c]) > Math.abs(M[p][c])) p = r;
    if (Math.abs(M[p][c]) < 1e-12) return null;
    [M[c], M[p]] = [M[p], M[c]];
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = M[r][c] / M[c][c];
      for (let k = c; k <= n; k++) M[r][k] -= f * M[c][k];
    }
  }
  return M.map((row, i) => row[n] / row[i]);
}

/**
 * Minimum of sum c_ij f_ij over the balanced transportation polytope by enumerating its vertices:
 * every choice of n + m - 1 cells whose flows are fixed by the (independent) row and column sums
 * except the last column sum, keeping the non-negative solutions.
 */
function bruteForceTransport(s: number[], d: number[], cost: number[][]): number {
  const n = s.length;
  const m = d.length;
  const cells: Array<[number, number]> = [];
  for (let i = 0; i < n; i++) for (let j = 0; j < m; j++) cells.push([i, j]);
  const k = n + m - 1;
  let best = Infinity;
  const choose = (start: number, picked: number[]) => {
    if (picked.length === k) {
      const A: number[][] = [];
      const b: number[] = [];
      for (let i = 0; i < n; i++) {
        A.push(picked.map((c) => (cells[c][0] === i ? 1 : 0)));
        b.push(s[i]);
      }
      for (let j = 0; j < m - 1; j++) {
        A.push(picked.map((c) => (cells[c][1] === j ? 1 : 0)));
        b.push(d[j]);
      }
      const x = solveSquare(A, b);
      if (x && x.every((v) => v >= -1e-12)) {
        best = Math.min(best, x.reduce((acc, v, t) => acc + v * cost[cells[picked[t]][0]][cells[picked[t]][1]], 0));
      }
      return;
    }
    for (let c = start; c <= cells.length - (k - picked.length); c++) choose(c + 1, [...picked, c]);
  };
  choose(0, []);
  return best;
}

const distance = (x: number[], y: number[], periodic = true) => {
  let dphi = Math.abs(x[2] - y[2]);
  if (periodic) dphi = Math.min(dphi % (2 * Math.PI), 2 * Math.PI - (dphi % (2 * Math.PI)));
  return Math.hypot(x[1] - y[1], dphi);
};

/** EMD by brute force: the LP with slack variables on the side of larger total pt. */
function emdReference(a: number[][], b: number[][], R: number): number {
  const sa = a.reduce((s, p) => s + p[0], 0);
  const sb = b.reduce((s, p) => s + p[0], 0);
  const supply = a.map((p) => p[0]);
  const demand = b.map((p) => p[0]);
  const cost = a.map((x) => b.map((y) => distance(x, y) / R));
  if (sa < sb) {
    supply.push(sb - sa);
    cost.push(b.map(() => 0));
  } else if (sb < sa) {
    demand.push(sa - sb);
    cost.forEach((row) => row.push(0));
  }
  return bruteForceTransport(supply, demand, cost) + Math.abs(sa - sb);
}

const particle = fc.tuple(fc.double({ min: 0.5, max: 100, noNaN: true }), fc.double({ min: -0.5, max: 0.5, noNaN: true }), fc.double({ min: -0.5, max: 0.5, noNaN: true }));
const jet = (min: number, max: number) => fc.array(particle, { minLength: min, maxLength: max });

describe('the transportation simplex', () => {
  it('finds the optimum of every small balanced problem found by vertex enumeration', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 4 }).chain((n) =>
          fc.integer({ min: 1, max: 4 }).chain((m) =>
            fc.tuple(
              fc.array(fc.integer({ min: 0, max: 5 }), { minLength: n, maxLength: n }),
              fc.array(fc.integer({ min: 0, max: 5 }), { minLength: m, maxLength: m }),
              fc.array(fc.array(fc.double({ min: 0, max: 3, noNaN: true }), { minLength: m, maxLength: m }), { minLength: n, maxLength: n }),
            ),
          ),
        ),
        ([s, d, cost]) => {
          // balance with integer weights so both sides sum exactly alike (degenerate cases included)
          const total = Math.max(1, s.reduce((a, b) => a + b, 0));
          const dd = d.map((x) => x + 0);
          dd[dd.length - 1] += total - dd.reduce((a, b) => a + b, 0);
          if (dd[dd.length - 1] < 0) return;
          const ss = s.map((x) => x + 0);
          if (ss.reduce((a, b) => a + b, 0) === 0) ss[0] = total;
          const flat = Float64Array.from(cost.flat());
          const got = solveTransport(ss, dd, flat);
          const ref = bruteForceTransport(ss, dd, cost);
          expect(Math.abs(got.cost - ref)).toBeLessThanOrEqual(1e-9 * (1 + ref));
          // the flow is feasible
          ss.forEach((v, i) => expect(Math.abs(dd.reduce((acc, _, j) => acc + got.flow[i * dd.length + j], 0) - v)).toBeLessThan(1e-9));
          dd.forEach((v, j) => expect(Math.abs(ss.reduce((acc, _, i) => acc + got.flow[i * dd.length + j], 0) - v)).toBeLessThan(1e-9));
          for (const f of got.flow) expect(f).toBeGreaterThanOrEqual(0);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('emd', () => {
  it('matches the brute-force LP on tiny jets with equal and unequal total pt', () => {
    fc.assert(
      fc.property(jet(1, 3), jet(1, 3), fc.double({ min: 0.4, max: 1.5, noNaN: true }), (a, b, R) => {
        const ref = emdReference(a, b, R);
        expect(Math.abs(emd(a, b, { R }) - ref)).toBeLessThanOrEqual(1e-9 * (1 + ref));
      }),
      { numRuns: 150 },
    );
  });

  it('equals the integral of |CDF_a - CDF_b| / R for jets of equal pt along one line in eta', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 1, max: 9 }), fc.double({ min: -1, max: 1, noNaN: true })), { minLength: 1, maxLength: 12 }),
        fc.array(fc.tuple(fc.integer({ min: 1, max: 9 }), fc.double({ min: -1, max: 1, noNaN: true })), { minLength: 1, maxLength: 12 }),
        (ra, rb) => {
          const ta = ra.reduce((s, [w]) => s + w, 0);
          const tb = rb.reduce((s, [w]) => s + w, 0);
          // rescale both to the same total (the product of totals keeps weights integer)
          const a = ra.map(([w, x]) => [w * tb, x, 0]);
          const b = rb.map(([w, x]) => [w * ta, x, 0]);
          const xs = [...a, ...b].map((p) => p[1]).sort((u, v) => u - v);
          let integral = 0;
          for (let k = 0; k + 1 < xs.length; k++) {
            const cdf = (pts: number[][]) => pts.filter((p) => p[1] <= xs[k]).reduce((s, p) => s + p[0], 0);
            integral += Math.abs(cdf(a) - cdf(b)) * (xs[k + 1] - xs[k]);
          }
          const got = emd(a, b, { R: 0.8 });
          expect(Math.abs(got - integral / 0.8)).toBeLessThanOrEqual(1e-9 * (1 + integral));
        },
      ),
      { numRuns: 150 },
    );
  });

  it('is a metric on jets when R is at least half the largest distance: symmetric, triangle inequality', () => {
    fc.assert(
      fc.property(jet(1, 5), jet(1, 5), jet(1, 5), (a, b, c) => {
        const ab = emd(a, b);
        expect(Math.abs(ab - emd(b, a))).toBeLessThanOrEqual(1e-9 * (1 + ab));
        expect(ab).toBeLessThanOrEqual(emd(a, c) + emd(c, b) + 1e-9 * (1 + ab));
      }),
      { numRuns: 100 },
    );
  });

  it('is exactly 0 between a jet of the sample and the same jet with its particles shuffled', async () => {
    const { t, q } = await loadJetNetSample(['t', 'q']);
    for (const data of [t, q]) {
      const ds = jetNetToFourMomenta(data, { units: 'GeV', seed: 1 });
      for (let j = 0; j < 20; j++) {
        const rows = jetParticles(ds, j);
        const reversed = [...rows].reverse();
        expect(emd(rows, reversed, { coords: 'fourMomentum' })).toBe(0);
      }
    }
  });

  it('is exactly 0 between any jet and a shuffled copy, repeated positions included', () => {
    fc.assert(
      fc.property(jet(1, 30), fc.integer(), fc.boolean(), (a, seed, repeat) => {
        const jetA = repeat ? [...a, [a[0][0] * 2, a[0][1], a[0][2]]] : a;
        const b = jetA.map((x, i) => [Math.sin(seed + 3.7 * i), x] as const).sort((p, q) => p[0] - q[0]).map(([, x]) => x);
        expect(emd(jetA, b)).toBe(0);
      }),
      { numRuns: 100 },
    );
  });

  it('reads four-momenta as (pt, eta, phi) and skips zero-pt padding', () => {
    fc.assert(
      fc.property(jet(1, 5), jet(1, 5), (a, b) => {
        const p4 = (x: number[][]) => x.map(([pt, eta, phi]) => [pt * Math.cosh(eta), pt * Math.cos(phi), pt * Math.sin(phi), pt * Math.sinh(eta)]);
        const padded = [...p4(b), [0, 0, 0, 0], [0, 0, 0, 0]];
        const ref = emd(a, b);
        expect(Math.abs(emd(p4(a), padded, { coords: 'fourMomentum' }) - ref)).toBeLessThanOrEqual(1e-9 * (1 + ref));
      }),
      { numRuns: 100 },
    );
  });

  it('has the known answers of moving pt, adding pt, and wrapping phi', () => {
    expect(emd([[10, 0, 0]], [[10, 0.4, 0]], { R: 0.4 })).toBeCloseTo(10, 12);
    expect(emd([[3, 0, 0], [1, 0.8, 0]], [[4, 0, 0]], { R: 0.8 })).toBeCloseTo(1, 12);
    expect(emd([[5, 0, 0]], [[2, 0, 0]])).toBeCloseTo(3, 12);
    expect(emd([], [[2, 0, 0]])).toBe(2);
    const across = emd([[1, 0, 3.1]], [[1, 0, -3.1]], { R: 1 });
    expect(across).toBeCloseTo(2 * Math.PI - 6.2, 12);
    expect(emd([[1, 0, 3.1]], [[1, 0, -3.1]], { R: 1, periodicPhi: false })).toBeCloseTo(6.2, 12);
  });

  it('rejects rows of the wrong width, negative pt, non-finite values and bad options', () => {
    expect(() => emd([[1, 0, 0, 0]], [[1, 0, 0]])).toThrow(ShapeError);
    expect(() => emd([[-1, 0, 0]], [[1, 0, 0]])).toThrow(/`a\[0\]\[0\]` must be a pt >= 0/);
    expect(() => emd([[1, Number.NaN, 0]], [[1, 0, 0]])).toThrow(DataError);
    expect(() => emd([[1, 0, 0]], [[1, 0, 0]], { R: 0 })).toThrow(ConfigError);
    expect(() => emd([[1, 0, 0]], [[1, 0, 0]], { coords: 'xyz' as never })).toThrow(ConfigError);
  });
});

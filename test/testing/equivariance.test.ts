import { describe, expect, it } from 'vitest';
import {
  LorentzElement,
  add,
  cgProductMulti,
  cgSparseTable,
  complex,
  complexTensor,
  concat,
  expandDims,
  imag,
  max,
  memory,
  mul,
  real,
  slice,
  sub,
  sum,
  tensor,
  tidy,
  type Tensor,
} from 'lorentz-irreps';
import { ConfigError, ShapeError } from 'lorentz-irreps';
import { EquivarianceError, assertEquivariant, drawLorentzElements, equivarianceError } from 'lorentz-irreps/testing';
import { Random } from 'lorentz-irreps';

const METRIC = tensor([1, -1, -1, -1]);

/** Minkowski products of four-vector tensors [..., 4] -> [..., 1]. */
function dot(p: Tensor, q: Tensor): Tensor {
  return sum(mul(mul(p, q), METRIC), -1, true);
}

function randomFourVectors(rng: Random, rows: number): Tensor {
  const v = new Float64Array(rows * 4);
  for (let r = 0; r < rows; r++) {
    const px = rng.normal();
    const py = rng.normal();
    const pz = rng.normal();
    v.set([Math.hypot(px, py, pz) + 0.5 + rng.uniform(), px, py, pz], r * 4);
  }
  return tensor(v, [rows, 4]);
}

function randomComplex(rng: Random, shape: number[]): Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  return complexTensor(Float64Array.from({ length: n }, () => rng.normal()), Float64Array.from({ length: n }, () => rng.normal()), shape);
}

describe('equivarianceError and assertEquivariant', () => {
  it('pass a Clebsch-Gordan product of irreps features under rotations and boosts up to rapidity 10', () => {
    const rng = new Random(1);
    const x = randomComplex(rng, [5, 4]);
    const y = randomComplex(rng, [5, 1]);
    const outs = ['(0,0)', '(1,1)', '(1,0)'];
    const tables = outs.map((o) => cgSparseTable('(1/2,1/2)', '(1/2,1/2)', o));
    const scalarTimesVector = cgSparseTable('(0,0)', '(1/2,1/2)', '(1/2,1/2)');
    const fn = (a: Tensor, b: Tensor) => [cgProductMulti(a, a, tables), cgProductMulti(b, a, [scalarTimesVector])];
    const report = assertEquivariant(fn, [{ value: x, rep: '(1/2,1/2)' }, { value: y, rep: '(0,0)' }], {
      outputs: ['1x(0,0)+1x(1,1)+1x(1,0)', '(1/2,1/2)'],
      count: 6,
    });
    expect(report.passed).toBe(true);
    expect(report.trials).toHaveLength(6);
    for (const trial of report.trials) for (const f of trial.outputs) expect(f.maxRelativeDeviation).toBeLessThan(trial.tolerance);
    x.dispose();
    y.dispose();
  });

  it('pass maps of four-vectors that commute with every Lorentz transformation', () => {
    const rng = new Random(2);
    const p = randomFourVectors(rng, 6);
    const q = randomFourVectors(rng, 6);
    // (p.q) p - (p.p) q transforms as a four-vector; p.q is invariant.
    const fn = (a: Tensor, b: Tensor) => [sub(mul(dot(a, b), a), mul(dot(a, a), b)), dot(a, b)];
    const report = assertEquivariant(fn, [{ value: p, rep: 'fourVector' }, { value: q, rep: 'fourVector' }], { outputs: ['fourVector', 'invariant'] });
    expect(report.worst.figures.maxRelativeDeviation).toBeLessThan(1e-6);
    p.dispose();
    q.dispose();
  });

  it('relate the two kinds of four-vector: the map U into the canonical basis of (1/2,1/2) is equivariant', () => {
    const s = Math.SQRT1_2;
    // U p = [E, (px + i py)/sqrt2, pz, -(px - i py)/sqrt2] written with tensor ops.
    const uRe = tensor([1, 0, 0, 0, 0, s, 0, 0, 0, 0, 0, 1, 0, -s, 0, 0], [4, 4]);
    const uIm = tensor([0, 0, 0, 0, 0, 0, s, 0, 0, 0, 0, 0, 0, 0, s, 0], [4, 4]);
    const u = complex(uRe, uIm);
    const p = randomFourVectors(new Random(3), 4);
    const fn = (x: Tensor) => sum(mul(expandDims(u, 0), expandDims(x, 1)), -1);
    expect(assertEquivariant(fn, [{ value: p, rep: 'fourVector' }], { outputs: ['(1/2,1/2)'] }).passed).toBe(true);
    // Read as Cartesian four-vectors, the same output is not equivariant.
    expect(() => assertEquivariant(fn, [{ value: p, rep: 'fourVector' }], { outputs: ['fourVector'] })).toThrow(EquivarianceError);
    for (const t of [uRe, uIm, u, p]) t.dispose();
  });

  it('fail, naming the output, the element and the figures, on a function that adds a constant four-vector', () => {
    const p = randomFourVectors(new Random(4), 3);
    const shift = tensor([1, 0, 0, 0]);
    let error: unknown = null;
    try {
      assertEquivariant((x: Tensor) => add(x, shift), [{ value: p, rep: 'fourVector' }], { outputs: ['fourVector'] });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(EquivarianceError);
    const message = (error as Error).message;
    expect(message).toContain('assertEquivariant');
    expect(message).toMatch(/output 0 \(fourVector\) under (boost|rotation)/);
    expect(message).toMatch(/relative deviation [0-9.e+-]+/);
    p.dispose();
    shift.dispose();
  });

  it('fail on the reference min/max aggregation, which takes real and imaginary parts from different particles', () => {
    const x = randomComplex(new Random(5), [2, 6, 3, 4]); // [jets, particles, channels, (1/2,1/2)]
    const refMax = (f: Tensor) => complex(max(real(f), 1), max(imag(f), 1));
    const report = equivarianceError(refMax, [{ value: x, rep: '(1/2,1/2)' }], { outputs: ['(1/2,1/2)'], count: 4, maxRapidity: 1 });
    expect(report.passed).toBe(false);
    expect(report.worst.figures.maxRelativeDeviation).toBeGreaterThan(1e-3);
    expect(() => assertEquivariant(refMax, [{ value: x, rep: '(1/2,1/2)' }], { outputs: ['(1/2,1/2)'] })).toThrow(EquivarianceError);
    x.dispose();
  });

  it('fail on an output declared invariant that is not', () => {
    const p = randomFourVectors(new Random(6), 3);
    const energy = (x: Tensor) => slice(x, [0, 0], [3, 1]);
    expect(() => assertEquivariant(energy, [{ value: p, rep: 'fourVector' }], { outputs: ['invariant'] })).toThrow(EquivarianceError);
    p.dispose();
  });

  it('compute the mean deviation of the conventions page: |mean(F(g.p)) - mean(g.F(p))| / |mean(g.F(p))|', () => {
    // F(p) = p + c with c = (1, 0, 0, 0); under a rotation about z, E is unchanged, so F(g.p) = g.F(p).
    // Under a boost of rapidity r along z: F(g.p) - g.F(p) = c - g.c = (1 - cosh r, 0, 0, -sinh r).
    const rows = [
      [3, 1, 0, 0],
      [5, 0, 2, 1],
    ];
    const p = new Float64Array(rows.flat());
    const r = 0.7;
    const g = LorentzElement.fromBoost('z', r);
    const fn = (x: Float64Array) => x.map((v, k) => (k % 4 === 0 ? v + 1 : v));
    const report = equivarianceError(fn, [{ value: p, rep: 'fourVector' }], { outputs: ['fourVector'], elements: [g] });
    const mean = [5, 0.5, 1, 0.5]; // mean of F(p) = p + c over the two rows
    const gMean = g.apply(Float64Array.from(mean));
    const diff = Math.hypot(1 - Math.cosh(r), Math.sinh(r));
    const expected = diff / Math.hypot(...gMean);
    const f = report.trials[0].outputs[0];
    expect(f.meanDeviation).toBeCloseTo(expected, 12);
    const maxAbs = Math.max(Math.cosh(r) - 1, Math.sinh(r)); // elementwise
    expect(f.maxAbsDeviation).toBeCloseTo(maxAbs, 12);
    const maxB = Math.max(...[0, 1].map((row) => Math.max(...g.apply(Float64Array.from([rows[row][0] + 1, ...rows[row].slice(1)])).map(Math.abs))));
    expect(f.maxRelativeDeviation).toBeCloseTo(maxAbs / maxB, 12);
  });

  it('scale the default tolerance with the square of the largest entry of the Lorentz matrix', () => {
    const p = randomFourVectors(new Random(7), 2);
    const r = 3;
    const report = equivarianceError((x: Tensor) => mul(x, 2), [{ value: p, rep: 'fourVector' }], {
      outputs: ['fourVector'],
      elements: [LorentzElement.fromBoost('z', r), LorentzElement.fromRotation('x', 1)],
    });
    expect(report.trials[0].tolerance).toBeCloseTo(1e-13 * Math.cosh(r) ** 2, 25);
    expect(report.trials[1].tolerance).toBe(1e-13);
    const loose = equivarianceError((x: Tensor) => mul(x, 2), [{ value: p, rep: 'fourVector' }], { outputs: ['fourVector'], tolerance: 0.5 });
    expect(loose.trials.every((t) => t.tolerance === 0.5)).toBe(true);
    p.dispose();
  });

  it('draw the same elements and figures from the same seed', () => {
    const p = randomFourVectors(new Random(8), 3);
    const fn = (x: Tensor) => mul(x, dot(x, x));
    const a = equivarianceError(fn, [{ value: p, rep: 'fourVector' }], { outputs: ['fourVector'], seed: 11 });
    const b = equivarianceError(fn, [{ value: p, rep: 'fourVector' }], { outputs: ['fourVector'], seed: 11 });
    expect(a.trials.map((t) => t.description)).toEqual(b.trials.map((t) => t.description));
    expect(a.trials.map((t) => t.outputs[0].maxAbsDeviation)).toEqual(b.trials.map((t) => t.outputs[0].maxAbsDeviation));
    const drawn = drawLorentzElements({ seed: 11 });
    expect(drawn.map((d) => d.description)).toEqual(a.trials.map((t) => t.description));
    expect(drawn[0].description).toMatch(/^boost of rapidity 10\.0000/);
    p.dispose();
  });

  it('accept planar complex arrays and leave the caller inputs untouched', () => {
    const table = cgSparseTable('(1/2,1/2)', '(1/2,1/2)', '(0,0)');
    const x = { re: Float64Array.from([1, 0.5, 2, -0.5, 3, 1, 0, 2]), im: Float64Array.from([0, 0.5, 0, 0.5, 0, -1, 0, 1]) };
    const copy = { re: x.re.slice(), im: x.im.slice() };
    const fn = (v: { re: Float64Array; im: Float64Array }) =>
      tidy(() => cgProductMulti(complexTensor(v.re, v.im, [2, 4]), complexTensor(v.re, v.im, [2, 4]), [table]));
    expect(assertEquivariant(fn, [{ value: x, rep: '(1/2,1/2)' }], { outputs: ['invariant'] }).passed).toBe(true);
    expect(x).toEqual(copy);
  });

  it('dispose every tensor made while checking', () => {
    const p = randomFourVectors(new Random(9), 3);
    const before = memory().numTensors;
    assertEquivariant((x: Tensor) => concat([x, x], 0), [{ value: p, rep: 'fourVector' }], { outputs: ['fourVector'], count: 2 });
    expect(memory().numTensors).toBe(before);
    p.dispose();
  });

  it('reject bad arguments with typed errors that name them', () => {
    const p = randomFourVectors(new Random(10), 2);
    const id = (x: Tensor) => x;
    expect(() => assertEquivariant(id, [{ value: p, rep: 'fourVector' }], {} as never)).toThrow(/options\.outputs/);
    expect(() => assertEquivariant(id, [{ value: p, rep: 'fourVector' }], { outputs: ['fourVector', 'fourVector'] })).toThrow(ConfigError);
    expect(() => assertEquivariant(id, [{ value: p, rep: '(1,1)' }], { outputs: ['(1,1)'] })).toThrow(ShapeError);
    expect(() => assertEquivariant(id, [{ value: p, rep: 'vector' as never }], { outputs: ['fourVector'] })).toThrow(/inputs\[0\]\.rep/);
    expect(() => assertEquivariant(id, [{ value: [1, 2] as never, rep: 'invariant' }], { outputs: ['invariant'] })).toThrow(/inputs\[0\]\.value/);
    expect(() => assertEquivariant(id, [{ value: p, rep: 'fourVector' }], { outputs: ['fourVector'], count: 0 })).toThrow(/options\.count/);
    expect(() => assertEquivariant(id, [{ value: p, rep: 'fourVector' }], { outputs: ['fourVector'], tolerance: -1 })).toThrow(/options\.tolerance/);
    p.dispose();
  });
});

import { describe, expect, it } from 'vitest';
import {
  ConfigError,
  DataError,
  LGAE,
  LorentzElement,
  ShapeError,
  complexTensor,
  fitLatentKnn,
  latentInvariants,
  tensor,
} from 'lorentz-irreps';
import { sampleJetSlots } from '../models/sample-jets';

const minkowski = (a: readonly number[], b: readonly number[]) => a[0] * b[0] - a[1] * b[1] - a[2] * b[2] - a[3] * b[3];

describe('latentInvariants', () => {
  it('gives every Minkowski product of Re z_1, Im z_1, Re z_2, Im z_2 in upper-triangle order for complex latents', () => {
    const re = [
      [3, 1, 2, 0.5],
      [1, 0, 0, 1],
    ];
    const im = [
      [0.5, -1, 0, 2],
      [2, 1, 1, 1],
    ];
    // two jets: the second is the first times 2 (products scale by 4)
    const z = complexTensor([...re.flat(), ...re.flat().map((v) => 2 * v)], [...im.flat(), ...im.flat().map((v) => 2 * v)], [2, 2, 4]);
    const inv = latentInvariants(z);
    const vectors = [re[0], im[0], re[1], im[1]];
    const expected: number[] = [];
    for (let a = 0; a < 4; a++) for (let b = a; b < 4; b++) expected.push(minkowski(vectors[a], vectors[b]));
    expect([inv.rows, inv.features]).toEqual([2, 10]);
    expect(Array.from(inv.values.subarray(0, 10))).toEqual(expected);
    expect(Array.from(inv.values.subarray(10))).toEqual(expected.map((v) => 4 * v));
    // by hand: <Re z_1, Re z_1> = 9 - 1 - 4 - 0.25, <Re z_1, Im z_1> = 1.5 + 1 - 0 - 1, <Im z_2, Im z_2> = 4 - 3
    expect([inv.values[0], inv.values[1], inv.values[9]]).toEqual([3.75, 1.5, 1]);
    z.dispose();
  });

  it('takes the K real vectors of a real tensor or nested arrays', () => {
    const rows = [
      [
        [2, 1, 0, 0],
        [1, 0, 1, 0],
        [5, 0, 0, 3],
      ],
    ];
    const z = tensor(rows.flat(2), [1, 3, 4]);
    const inv = latentInvariants(z);
    // <1,1> = 3, <1,2> = 2, <1,3> = 10, <2,2> = 0, <2,3> = 5, <3,3> = 16
    expect([inv.features, ...inv.values]).toEqual([6, 3, 2, 10, 0, 5, 16]);
    expect(Array.from(latentInvariants(rows).values)).toEqual([3, 2, 10, 0, 5, 16]);
    z.dispose();
  });

  it('refuses other shapes', () => {
    const bad = tensor(new Float64Array(6), [2, 3]);
    expect(() => latentInvariants(bad)).toThrow(ShapeError);
    expect(() => latentInvariants(bad)).toThrow(/latentInvariants.*`z`.*\[B, K, 4\]/);
    expect(() => latentInvariants([[[1, 2, 3]]])).toThrow(/z\[0\]\[0\].*four numbers/);
    expect(() => latentInvariants([[[1, 2, 3, 4]], [[1, 2, 3, 4], [1, 2, 3, 4]]])).toThrow(/z\[1\].*1 four-vectors/);
    bad.dispose();
  });
});

describe('latentInvariants of the LGAE', () => {
  const N = 10;
  const B = 4;

  const jets = () => sampleJetSlots('t', B, N, 1);

  const invariantsOf = (model: LGAE, p: Float64Array, mask: Float64Array) => {
    const pt = tensor(p, [B, N, 4]);
    const mt = tensor(mask, [B, N]);
    const z = model.latentFourVectors(pt, mt);
    expect(z.complex).toBe(true);
    const inv = latentInvariants(z);
    for (const x of [pt, mt, z]) x.dispose();
    return inv;
  };

  const expectClose = (a: Float64Array, b: Float64Array) => {
    const scale = Math.max(...Array.from(a, Math.abs));
    expect(scale).toBeGreaterThan(0);
    let worst = 0;
    for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]));
    expect(worst / scale).toBeLessThan(1e-9);
  };

  it('are unchanged by a boost and rotation of the input jets (float64), with a non-zero imaginary part', async () => {
    const { p, mask } = await jets();
    const g = LorentzElement.fromRotation([0.3, -0.5, 0.8], 1.1).compose(LorentzElement.fromBoost([0.6, 0.2, -0.7], 1.5));
    const L = g.toMatrix(); // row-major 4 x 4 on (E, px, py, pz)
    const moved = new Float64Array(p.length);
    for (let r = 0; r < p.length / 4; r++) {
      for (let i = 0; i < 4; i++) {
        let v = 0;
        for (let j = 0; j < 4; j++) v += L[i * 4 + j] * p[r * 4 + j];
        moved[r * 4 + i] = v;
      }
    }
    const model = LGAE.create({ particles: N, seed: 4, units: 'TeV', aggregation: 'mix', encoderChannels: [2, 2], decoderChannels: [2, 2] });
    const before = invariantsOf(model, p, mask);
    const after = invariantsOf(model, moved, mask);
    expect(before.features).toBe(10); // 2 complex vectors: 4 real ones
    expectClose(before.values, after.values);
    // the imaginary parts carry information: <Im z_1, Im z_1> is not 0
    expect(Math.abs(before.values[4])).toBeGreaterThan(1e-6 * Math.abs(before.values[0]));
    model.dispose();
  });

  it('are unchanged by a permutation of the particles with minmax aggregation', async () => {
    const { p, mask } = await jets();
    const perm = Array.from({ length: N }, (_, i) => (i * 3 + 1) % N);
    const pp = new Float64Array(p.length);
    const mp = new Float64Array(mask.length);
    for (let b = 0; b < B; b++) {
      for (let i = 0; i < N; i++) {
        pp.set(p.subarray((b * N + perm[i]) * 4, (b * N + perm[i] + 1) * 4), (b * N + i) * 4);
        mp[b * N + i] = mask[b * N + perm[i]];
      }
    }
    const model = LGAE.create({ particles: N, seed: 5, units: 'TeV', aggregation: 'minmax', encoderChannels: [2, 2], decoderChannels: [2, 2] });
    expectClose(invariantsOf(model, p, mask).values, invariantsOf(model, pp, mp).values);
    model.dispose();
  });
});

describe('fitLatentKnn', () => {
  it('scores the squared distance to the k-th nearest reference row after the log scaling and standardization', () => {
    // one feature with |x| median 2: t(x) = sign(x) log1p(|x| / 2); reference t = 0, 1, 2, 3, 4 on a line
    const ts = [0, 1, 2, 3, 4];
    const reference = ts.map((t) => [2 * Math.expm1(t)]);
    const knn = fitLatentKnn(reference, { k: 2 });
    expect(knn.scales[0]).toBeCloseTo(2 * Math.expm1(2), 12);
    // scales = median |x| = 2 (e^2 - 1), so t(x) = log1p(|x| / m): recompute the line
    const m = knn.scales[0];
    const line = reference.map(([x]) => Math.log1p(x / m));
    const mean = line.reduce((a, b) => a + b) / 5;
    const sd = Math.sqrt(line.reduce((a, b) => a + (b - mean) ** 2, 0) / 5);
    expect(knn.mean[0]).toBeCloseTo(mean, 12);
    expect(knn.sd[0]).toBeCloseTo(sd, 12);
    // a query between the 2nd and 3rd reference points, nearer the 2nd: 2nd nearest is the 3rd point
    const tq = line[1] + 0.25 * (line[2] - line[1]);
    const q = m * Math.expm1(tq);
    const expected = ((line[2] - tq) / sd) ** 2;
    expect(knn.score([[q]])[0]).toBeCloseTo(expected, 10);
    // k = 1: the nearest (the 2nd point); k = 5: the farthest (the 5th)
    expect(fitLatentKnn(reference, { k: 1 }).score([[q]])[0]).toBeCloseTo(((tq - line[1]) / sd) ** 2, 10);
    expect(fitLatentKnn(reference, { k: 5 }).score([[q]])[0]).toBeCloseTo(((line[4] - tq) / sd) ** 2, 10);
  });

  it('matches a brute-force reference in several dimensions, and scores 0 for a reference row with k = 1', () => {
    const R = 40;
    const F = 3;
    let seed = 7;
    const rand = () => ((seed = (seed * 16807) % 2147483647) / 2147483647) * 2 - 1;
    const reference = Array.from({ length: R }, () => Array.from({ length: F }, (_, i) => rand() * 10 ** i));
    const queries = Array.from({ length: 6 }, () => Array.from({ length: F }, (_, i) => rand() * 2 * 10 ** i));
    const k = 4;
    const knn = fitLatentKnn({ values: Float64Array.from(reference.flat()), rows: R, features: F }, { k });
    // slow reference: the whole definition written out
    const scale = Array.from({ length: F }, (_, i) => {
      const a = reference.map((r) => Math.abs(r[i])).sort((x, y) => x - y);
      return (a[R / 2 - 1] + a[R / 2]) / 2;
    });
    const t = (r: number[]) => r.map((v, i) => Math.sign(v) * Math.log1p(Math.abs(v) / scale[i]));
    const T = reference.map(t);
    const mean = Array.from({ length: F }, (_, i) => T.reduce((s, r) => s + r[i], 0) / R);
    const sd = Array.from({ length: F }, (_, i) => Math.sqrt(T.reduce((s, r) => s + (r[i] - mean[i]) ** 2, 0) / R));
    const z = (r: number[]) => t(r).map((v, i) => (v - mean[i]) / sd[i]);
    const Z = reference.map(z);
    const slow = queries.map((q) => {
      const zq = z(q);
      const d = Z.map((r) => r.reduce((s, v, i) => s + (v - zq[i]) ** 2, 0)).sort((x, y) => x - y);
      return d[k - 1];
    });
    const fast = knn.score(queries);
    fast.forEach((v, j) => expect(v).toBeCloseTo(slow[j], 10));
    expect(Array.from(fitLatentKnn(reference, { k: 1 }).score(reference.slice(0, 5)))).toEqual([0, 0, 0, 0, 0]);
    expect(Array.from(knn.standardize([reference[0]]))).toEqual(Z[0].map((v) => expect.closeTo(v, 12)));
  });

  it('scales by 1 where the median of |x| is 0 and drops features constant on the reference', () => {
    // feature 0: mostly 0 (median 0: scale 1); feature 1: constant 3 (sd 0: dropped)
    const reference = [
      [0, 3],
      [0, 3],
      [Math.E - 1, 3],
    ];
    const knn = fitLatentKnn(reference, { k: 1 });
    expect(Array.from(knn.scales)).toEqual([1, 3]);
    expect(knn.used).toEqual([0]);
    // the dropped feature does not count: a query differing only there scores 0
    expect(knn.score([[0, 100]])[0]).toBe(0);
    const sd = Math.sqrt(((0 - 1 / 3) ** 2 * 2 + (1 - 1 / 3) ** 2) / 3);
    expect(knn.score([[Math.E - 1, 3]])[0]).toBe(0);
    expect(knn.score([[Math.expm1(0.5), 3]])[0]).toBeCloseTo((0.5 / sd) ** 2, 12);
  });

  it('refuses a bad k, mismatched features and non-finite values with typed errors', () => {
    const reference = [
      [1, 2],
      [3, 4],
    ];
    expect(() => fitLatentKnn(reference, { k: 3 })).toThrow(ConfigError);
    expect(() => fitLatentKnn(reference, { k: 3 })).toThrow(/fitLatentKnn.*`options\.k`.*<= the reference rows \(2\).*3/);
    expect(() => fitLatentKnn(reference, { k: 0 })).toThrow(ConfigError);
    expect(() => fitLatentKnn(reference, { k: 1.5 })).toThrow(ConfigError);
    expect(() => fitLatentKnn([], { k: 1 })).toThrow(ConfigError);
    expect(() => fitLatentKnn([[1, 2], [3]])).toThrow(ShapeError);
    expect(() => fitLatentKnn({ values: new Float64Array(3), rows: 2, features: 2 })).toThrow(ShapeError);
    expect(() => fitLatentKnn([[1, NaN], [3, 4]], { k: 1 })).toThrow(DataError);
    expect(() => fitLatentKnn([[1, NaN], [3, 4]], { k: 1 })).toThrow(/reference\[0\]\[1\].*finite.*NaN/);
    const knn = fitLatentKnn(reference, { k: 1 });
    expect(() => knn.score([[1, 2, 3]])).toThrow(ShapeError);
    expect(() => knn.score([[1, 2, 3]])).toThrow(/LatentKnn\.score.*`x\.features`.*2 features.*3/);
    expect(() => knn.score([[1, Infinity]])).toThrow(DataError);
    expect(Array.from(knn.score([]))).toEqual([]);
  });
});

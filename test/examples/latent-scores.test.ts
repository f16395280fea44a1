/** examples/latent-scores.ts and run-latent.ts: each score kernel against a slow reference, and the variants on jets of known layout. */
import { describe, expect, it } from 'vitest';
import { concatJets, ConfigError, DataError, fitLatentKnn, LGAE, ShapeError, loadJetNetSplits, rocAuc, sampleDataDir, tensor, tidy, type JetAutoencoder } from 'lorentz-irreps';
import { latentRows } from '../../src/report/evaluate';
import { lcg, restJets, sumModel } from './latent-fixtures';
import { aucsAgainstBackground, squaredDistance } from '../../examples/run-latent';
import { fitWhitener, gaussianKdeScores, jetMasses, kNearest, logMassPt, kthNearestGap, KDE_FACTORS, KNN_KS, latentScoreVariants, fitLocalOutlierFactor, referenceRanks, LOF_KS, MASS_CONDITIONAL_K } from '../../examples/latent-scores';

function sqDist(a: Float64Array, i: number, b: Float64Array, j: number, F: number): number {
  let d = 0;
  for (let f = 0; f < F; f++) d += (a[i * F + f] - b[j * F + f]) ** 2;
  return d;
}


describe('examples/latent-scores.ts', () => {
  it('kNearest returns the k smallest squared distances in order and their rows, as a full sort does (ties: lower row first)', () => {
    const rand = lcg(11);
    const F = 3;
    const R = 70;
    const ref = Float64Array.from({ length: R * F }, () => Math.round(rand() * 4));
    const q = Float64Array.from({ length: 15 * F }, () => Math.round(rand() * 4));
    for (const k of [1, 3, 17, R]) {
      const got = kNearest(ref, q, F, k);
      for (let j = 0; j < 15; j++) {
        const all = Array.from({ length: R }, (_, r) => ({ d: sqDist(q, j, ref, r, F), r })).sort((a, b) => a.d - b.d || a.r - b.r);
        expect(Array.from(got.distances.subarray(j * k, (j + 1) * k))).toEqual(all.slice(0, k).map((e) => e.d));
        expect(Array.from(got.indices.subarray(j * k, (j + 1) * k))).toEqual(all.slice(0, k).map((e) => e.r));
      }
    }
  });

  it("kNearest at k = 5 on fitLatentKnn's standardized rows is fitLatentKnn's score (eval's latentKnn)", () => {
    const rand = lcg(19);
    const toRows = (n: number) => ({ rows: n, features: 3, values: Float64Array.from({ length: n * 3 }, () => 10 * rand() - 2) });
    const ref = toRows(80);
    const q = toRows(25);
    const knn = fitLatentKnn(ref, { k: 5 });
    const U = knn.used.length;
    const near = kNearest(knn.standardize(ref), knn.standardize(q), U, 5).distances;
    expect(Array.from({ length: 25 }, (_, j) => near[j * 5 + 4])).toEqual(Array.from(knn.score(q)));
  });

  it('kNearest rejects a k outside [1, rows] and rows of the wrong width', () => {
    const rows = Float64Array.of(0, 1, 2);
    expect(() => kNearest(rows, rows, 1, 0)).toThrow(ConfigError);
    expect(() => kNearest(rows, rows, 1, 4)).toThrow(/an integer in \[1, 3\]/);
    expect(() => kNearest(rows, Float64Array.of(1, 2, 3), 2, 1)).toThrow(ShapeError);
  });

  it('fitWhitener: the whitened reference has zero mean and identity covariance; Mahalanobis matches the inverse covariance', () => {
    const rand = lcg(5);
    const R = 400;
    // correlated 2D rows: x = u, y = 0.8 u + 0.3 v + 2
    const ref = new Float64Array(R * 2);
    for (let r = 0; r < R; r++) {
      const u = rand() - 0.5;
      const v = rand() - 0.5;
      ref[2 * r] = u;
      ref[2 * r + 1] = 0.8 * u + 0.3 * v + 2;
    }
    const wh = fitWhitener(ref, 2);
    const z = wh.whiten(ref);
    const m = [0, 0];
    const c = [0, 0, 0];
    for (let r = 0; r < R; r++) {
      m[0] += z[2 * r] / R;
      m[1] += z[2 * r + 1] / R;
    }
    for (let r = 0; r < R; r++) {
      c[0] += z[2 * r] ** 2 / R;
      c[1] += z[2 * r] * z[2 * r + 1] / R;
      c[2] += z[2 * r + 1] ** 2 / R;
    }
    for (const x of m) expect(Math.abs(x)).toBeLessThan(1e-12);
    expect(c[0]).toBeCloseTo(1, 12);
    expect(c[1]).toBeCloseTo(0, 12);
    expect(c[2]).toBeCloseTo(1, 12);
    // direct 2x2 covariance and its inverse
    let sxx = 0;
    let sxy = 0;
    let syy = 0;
    for (let r = 0; r < R; r++) {
      const a = ref[2 * r] - wh.mean[0];
      const b = ref[2 * r + 1] - wh.mean[1];
      sxx += (a * a) / R;
      sxy += (a * b) / R;
      syy += (b * b) / R;
    }
    const det = sxx * syy - sxy * sxy;
    const q = Float64Array.of(0.7, 1.1);
    const a = q[0] - wh.mean[0];
    const b = q[1] - wh.mean[1];
    const maha = (syy * a * a - 2 * sxy * a * b + sxx * b * b) / det;
    const zq = wh.whiten(q);
    expect(zq[0] ** 2 + zq[1] ** 2).toBeCloseTo(maha, 9);
  });

  it('fitWhitener raises DataError for linearly dependent features and ConfigError for too few rows', () => {
    const dep = Float64Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? i : 2 * (i - 1) + 3)); // y = 2x + 3
    expect(() => fitWhitener(dep, 2)).toThrow(DataError);
    expect(() => fitWhitener(Float64Array.of(1, 2), 2)).toThrow(ConfigError);
    // a constant feature whose mean is not exact in floating point still counts as constant
    const constant = Float64Array.from({ length: 240 }, (_, i) => (i % 2 === 0 ? -690.7755278982137 : i));
    expect(() => fitWhitener(constant, 2)).toThrow(DataError);
  });

  it('gaussianKdeScores matches the direct sum, and stays finite where the direct sum underflows', () => {
    const rand = lcg(3);
    const F = 2;
    const ref = Float64Array.from({ length: 30 * F }, () => rand());
    const q = Float64Array.from({ length: 8 * F }, () => 2 * rand() - 0.5);
    const hs = [0.1, 0.4];
    const got = gaussianKdeScores(ref, q, F, hs);
    hs.forEach((h, b) => {
      for (let j = 0; j < 8; j++) {
        let s = 0;
        for (let r = 0; r < 30; r++) s += Math.exp(-sqDist(q, j, ref, r, F) / (2 * h * h));
        expect(got[b][j]).toBeCloseTo(-Math.log(s / 30), 10);
      }
    });
    // one reference row at distance 100 with h = 0.1: exp(-500000) underflows; the score is d / (2 h^2)
    const far = gaussianKdeScores(Float64Array.of(0, 0), Float64Array.of(100, 0), 2, [0.1]);
    expect(far[0][0]).toBeCloseTo(10000 / 0.02, 6);
    expect(() => gaussianKdeScores(ref, q, F, [0])).toThrow(ConfigError);
  });

  it('fitLocalOutlierFactor matches the definition computed by full sorts, and is about 1 inside an even grid', () => {
    const rand = lcg(23);
    const F = 2;
    const R = 60;
    const ref = Float64Array.from({ length: R * F }, () => rand() * 3);
    const q = Float64Array.from({ length: 12 * F }, () => rand() * 5 - 1);
    const dist = (a: Float64Array, i: number, b: Float64Array, j: number) => Math.sqrt(sqDist(a, i, b, j, F));
    for (const k of [1, 4, 10]) {
      // neighbours of a reference row: the others by distance (lower row first among equal ones)
      const nbrs = (a: Float64Array, i: number, self: boolean) =>
        Array.from({ length: R }, (_, r) => r)
          .filter((r) => !self || r !== i)
          .map((r) => ({ r, d: dist(a, i, ref, r) }))
          .sort((x, y) => x.d - y.d || x.r - y.r)
          .slice(0, k);
      const kdist = Array.from({ length: R }, (_, r) => nbrs(ref, r, true)[k - 1].d);
      const lrd = (a: Float64Array, i: number, self: boolean) => k / nbrs(a, i, self).reduce((t, o) => t + Math.max(kdist[o.r], o.d), 0);
      const refLrd = Array.from({ length: R }, (_, r) => lrd(ref, r, true));
      const got = fitLocalOutlierFactor(ref, F, k).score(q);
      for (let j = 0; j < 12; j++) {
        const want = nbrs(q, j, false).reduce((t, o) => t + refLrd[o.r], 0) / k / lrd(q, j, false);
        expect(got[j]).toBeCloseTo(want, 10);
      }
    }
    // a 10 x 10 unit grid: a query at a cell centre deep inside scores about 1, one far outside much more
    const grid = Float64Array.from({ length: 200 }, (_, i) => (i % 2 === 0 ? Math.floor(i / 2) % 10 : Math.floor(i / 20)));
    const lof = fitLocalOutlierFactor(grid, 2, 4).score(Float64Array.of(4.5, 4.5, 30, 30));
    expect(lof[0]).toBeGreaterThan(0.8);
    expect(lof[0]).toBeLessThan(1.3);
    expect(lof[1]).toBeGreaterThan(10);
    expect(() => fitLocalOutlierFactor(grid, 2, 100)).toThrow(/the reference rows less one/);
  });

  it('referenceRanks: (#below + #equal / 2 + 1/2) / (R + 1) per feature, counted directly; the reference itself comes out evenly spread', () => {
    const rand = lcg(31);
    const F = 2;
    const R = 40;
    const ref = Float64Array.from({ length: R * F }, () => Math.round(rand() * 10));
    const rows = Float64Array.from({ length: 9 * F }, () => Math.round(rand() * 14) - 2);
    const got = referenceRanks(ref, rows, F);
    for (let j = 0; j < 9; j++) {
      for (let f = 0; f < F; f++) {
        const x = rows[j * F + f];
        const column = Array.from({ length: R }, (_, r) => ref[r * F + f]);
        const want = (column.filter((v) => v < x).length + column.filter((v) => v === x).length / 2 + 0.5) / (R + 1);
        expect(got[j * F + f]).toBeCloseTo(want, 15);
      }
    }
    const distinct = Float64Array.from({ length: 10 }, (_, i) => i * i);
    expect(Array.from(referenceRanks(distinct, distinct, 1))).toEqual(Array.from({ length: 10 }, (_, i) => (i + 1) / 11));
  });

  it('kthNearestGap is the k-th smallest |x - r| of a full sort; jetMasses is the invariant mass of the particle sum', () => {
    const rand = lcg(29);
    const ref = Float64Array.from({ length: 40 }, () => Math.round(rand() * 20) / 2).sort();
    const q = Float64Array.from({ length: 15 }, () => rand() * 14 - 2);
    for (const k of [1, 2, 7, 40]) {
      const got = kthNearestGap(ref, q, k);
      q.forEach((x, j) => expect(got[j]).toBe(Array.from(ref, (r) => Math.abs(x - r)).sort((a, b) => a - b)[k - 1]));
    }
    expect(() => kthNearestGap(Float64Array.of(2, 1), [0], 1)).toThrow(/ascending/);
    expect(() => kthNearestGap(ref, q, 41)).toThrow(ConfigError);
    const masses = jetMasses(restJets([1.5, 2, 0.25]));
    expect(Array.from(masses)).toEqual([1.5, 2, 0.25]);
    // one particle (E, px, py, pz) = (5, 3, 0, 0) beside a padding slot: m = 4, pT = 3
    const two = logMassPt({ numJets: 1, numParticles: 2, p: Float64Array.of(5, 3, 0, 0, 0, 0, 0, 0), mask: Float64Array.of(1, 0), units: 'TeV' });
    expect(two[0]).toBeCloseTo(Math.log(4), 14);
    expect(two[1]).toBeCloseTo(Math.log(3), 14);
  });

  it('latentScoreVariants: every form separates signals far from the background (AUC 1), names as documented', () => {
    // moving along x (pT 0.5 to 1.5, for the (m, pT) density); the latent invariant is m^2 all the same
    const momenta = (n: number) => Array.from({ length: n }, (_, i) => 0.5 + ((i * 7) % 11) / 10);
    const bg = (n: number, at: number) => restJets(Array.from({ length: n }, (_, i) => 1 + (i + at) / n), momenta(n));
    const sig = (n: number, at: number) => restJets(Array.from({ length: n }, (_, i) => 3 + (i + at) / n), momenta(n));
    const r = latentScoreVariants(sumModel, { reference: bg(120, 0), test: { background: bg(40, 0.5), s: sig(40, 0.5) } });
    expect(r.signals).toEqual(['s']);
    expect(r.referenceJets).toBe(120);
    expect(r.variants.map((v) => v.name)).toEqual([
      ...KNN_KS.map((k) => `knn k=${k}`),
      'mean log k=20',
      'knn k=5 whitened',
      'knn k=5 ranks',
      'mahalanobis',
      ...KDE_FACTORS.map((f) => `kde h=${f}`),
      ...LOF_KS.map((k) => `lof k=${k}`),
      `mass-conditional k=${MASS_CONDITIONAL_K}`,
      `mass,pt-conditional k=${MASS_CONDITIONAL_K}`,
      `mass,pt only k=${MASS_CONDITIONAL_K}`,
      'kde h=0.7 mass,pt-conditional',
    ]);
    // the stand-in latent is the jet mass itself: conditioning on the mass leaves nothing to score
    for (const v of r.variants.filter((x) => !x.name.includes('-conditional'))) {
      expect(v.auc.s).toBe(1);
      expect(v.auc.combined).toBe(1);
    }
    expect(() => latentScoreVariants(sumModel, { reference: bg(30, 0), test: { background: bg(5, 0) } })).toThrow(/at least 50 jets/);
    expect(() => latentScoreVariants({ kind: 'cnnae' } as unknown as JetAutoencoder, { reference: bg(60, 0), test: { background: bg(5, 0) } })).toThrow(/a model with latent four-vectors/);
  });

  it('tells a local from a global score: a signal in an empty gap inside the background is found by density, not by Mahalanobis', () => {
    // background masses on [1, 2] and [3, 4]; the signal sits in the empty gap around 2.5, which is the background mean
    const momenta = (n: number) => Array.from({ length: n }, (_, i) => 0.5 + ((i * 7) % 11) / 10);
    const bg = (n: number, at: number) => restJets(Array.from({ length: n }, (_, i) => { const u = (i + at) / n; return u < 0.5 ? 1 + 2 * u : 2 + 2 * u; }), momenta(n));
    const sig = (n: number, at: number) => restJets(Array.from({ length: n }, (_, i) => 2.4 + (0.2 * (i + at)) / n), momenta(n));
    const r = latentScoreVariants(sumModel, { reference: bg(400, 0), test: { background: bg(200, 0.5), s: sig(100, 0.5) } });
    const auc = Object.fromEntries(r.variants.map((v) => [v.name, v.auc.s]));
    expect(auc['knn k=5']).toBeGreaterThan(0.95);
    expect(auc['kde h=0.3']).toBeGreaterThan(0.95);
    expect(auc['lof k=5']).toBeGreaterThan(0.95);
    expect(auc.mahalanobis).toBeLessThan(0.2);
  });

  it('runs on an LGAE and the shipped sample: AUCs in [0, 1] for every form; the scalar form is the latentKnn of the invariants and the latent scalars', async () => {
    // 180 training jets per class: 360 reference jets, more than one encoder batch of 256
    const s = await loadJetNetSplits({ dir: sampleDataDir(), classes: ['g', 'q', 't'], units: 'TeV', seed: 0, maxJets: 300 });
    const model = LGAE.create({ aggregation: 'mix', latentVectors: 2, particles: 30, seed: 1, units: 'TeV', encoderChannels: [2], decoderChannels: [2] });
    try {
      const reference = concatJets([s.g.train, s.q.train]);
      const test = { background: concatJets([s.g.test, s.q.test]), t: s.t.test };
      const r = latentScoreVariants(model, { reference, test });
      expect(r.variants.map((v) => v.name).slice(-1)).toEqual(['knn k=5 +scalar']);
      expect(r.variants).toHaveLength(KNN_KS.length + 2 + KDE_FACTORS.length + LOF_KS.length + 7);
      for (const v of r.variants) for (const a of Object.values(v.auc)) expect(a >= 0 && a <= 1).toBe(true);
      // slow reference: all jets encoded at once, the scalars' real then imaginary parts appended to the invariants
      const rows = (ds: typeof reference) => {
        const inv = latentRows(model, ds, 1000);
        const { re, im } = tidy(() => model.encode(tensor(ds.p, [ds.numJets, 30, 4]), tensor(ds.mask, [ds.numJets, 30])).scalars.reImSync());
        return Array.from({ length: ds.numJets }, (_, j) => [...inv.values.subarray(j * inv.features, (j + 1) * inv.features), re[j], im[j]]);
      };
      const knn = fitLatentKnn(rows(reference), { k: 5 });
      const want = aucsAgainstBackground({ background: knn.score(rows(test.background)), t: knn.score(rows(test.t)) }, ['t']);
      expect(r.variants.at(-1)!.auc).toEqual(want);
      // the conditional forms from their pieces: U/2 log d_5^2 - log(5th mass gap), and - log(5th squared distance in whitened (log m, log pT))
      const refRows = latentRows(model, reference, 1000);
      const plain = fitLatentKnn(refRows, { k: 5 });
      const U = plain.used.length;
      const masses = jetMasses(reference).sort();
      const wh = fitWhitener(logMassPt(reference), 2);
      const refKinematics = wh.whiten(logMassPt(reference));
      // kde h=0.7 of the whitened standardized invariants, minus the (log m, log pT) kde at n^(-1/6)
      const zw = fitWhitener(plain.standardize(refRows), U);
      const refW = zw.whiten(plain.standardize(refRows));
      const h = 0.7 * Math.pow(reference.numJets, -1 / (U + 4));
      const conditional = (ds: typeof reference) => {
        const rows = latentRows(model, ds, 1000);
        const d = plain.score(rows);
        const gap = kthNearestGap(masses, jetMasses(ds), 5);
        const d2 = kNearest(refKinematics, wh.whiten(logMassPt(ds)), 2, 5).distances;
        const a = gaussianKdeScores(refW, zw.whiten(plain.standardize(rows)), U, [h])[0];
        const b = gaussianKdeScores(refKinematics, wh.whiten(logMassPt(ds)), 2, [Math.pow(reference.numJets, -1 / 6)])[0];
        return {
          mass: Array.from(d, (x, j) => 0.5 * U * Math.log(x) - Math.log(gap[j])),
          massPt: Array.from(d, (x, j) => 0.5 * U * Math.log(x) - Math.log(d2[j * 5 + 4])),
          massPtOnly: Array.from(d, (_, j) => d2[j * 5 + 4]),
          kde: Array.from(a, (x, j) => x - b[j]),
        };
      };
      const [cb, ct] = [conditional(test.background), conditional(test.t)];
      const auc = Object.fromEntries(r.variants.map((v) => [v.name, v.auc.t]));
      expect(auc['mass-conditional k=5']).toBe(rocAuc(ct.mass, cb.mass));
      expect(auc['mass,pt-conditional k=5']).toBe(rocAuc(ct.massPt, cb.massPt));
      expect(auc['mass,pt only k=5']).toBe(rocAuc(ct.massPtOnly, cb.massPtOnly));
      expect(auc['kde h=0.7 mass,pt-conditional']).toBe(rocAuc(ct.kde, cb.kde));
    } finally {
      model.dispose();
    }
  });
});

describe('examples/run-latent.ts', () => {
  it('aucsAgainstBackground: per signal and pooled, on scores of known ranks', () => {
    // background 0..9; signal a above all of it (AUC 1), signal b interleaved (AUC 0.5): pooled 0.75
    const background = Array.from({ length: 10 }, (_, i) => i);
    const a = [10, 11, 12, 13, 14];
    const b = [0.5, 2.5, 4.5, 6.5, 8.5];
    expect(aucsAgainstBackground({ background, a, b }, ['a', 'b'])).toEqual({ a: 1, b: 0.5, combined: 0.75 });
  });

  it('squaredDistance reads the given offsets of both arrays', () => {
    expect(squaredDistance([9, 1, 2, 9], 1, [0, 0, 4, 4], 2, 2)).toBe(9 + 4);
    expect(squaredDistance([1], 0, [1], 0, 0)).toBe(0);
  });
});

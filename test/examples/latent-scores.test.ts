/** examples/latent-scores.ts and run-latent.ts: each score kernel against a slow reference, and the variants on jets of known layout. */
import { describe, expect, it } from 'vitest';
import { concatJets, ConfigError, DataError, fitLatentKnn, LGAE, ShapeError, loadJetNetSplits, sampleDataDir, type JetAutoencoder } from 'lorentz-irreps';
import { restJets, sumModel } from './latent-fixtures';
import { aucsAgainstBackground, squaredDistance } from '../../examples/run-latent';
import { fitWhitener, gaussianKdeScores, kNearestDistances, KDE_FACTORS, KNN_KS, latentScoreVariants } from '../../examples/latent-scores';

function lcg(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 48271) % 2147483647) / 2147483647;
}

function sqDist(a: Float64Array, i: number, b: Float64Array, j: number, F: number): number {
  let d = 0;
  for (let f = 0; f < F; f++) d += (a[i * F + f] - b[j * F + f]) ** 2;
  return d;
}


describe('examples/latent-scores.ts', () => {
  it('kNearestDistances returns the k smallest squared distances in order, as a full sort does (ties included)', () => {
    const rand = lcg(11);
    const F = 3;
    const R = 70;
    const ref = Float64Array.from({ length: R * F }, () => Math.round(rand() * 4));
    const q = Float64Array.from({ length: 15 * F }, () => Math.round(rand() * 4));
    for (const k of [1, 3, 17, R]) {
      const got = kNearestDistances(ref, q, F, k);
      for (let j = 0; j < 15; j++) {
        const all = Array.from({ length: R }, (_, r) => sqDist(q, j, ref, r, F)).sort((a, b) => a - b);
        expect(Array.from(got.subarray(j * k, (j + 1) * k))).toEqual(all.slice(0, k));
      }
    }
  });

  it("kNearestDistances at k = 5 on fitLatentKnn's standardized rows is fitLatentKnn's score (eval's latentKnn)", () => {
    const rand = lcg(19);
    const toRows = (n: number) => ({ rows: n, features: 3, values: Float64Array.from({ length: n * 3 }, () => 10 * rand() - 2) });
    const ref = toRows(80);
    const q = toRows(25);
    const knn = fitLatentKnn(ref, { k: 5 });
    const U = knn.used.length;
    const near = kNearestDistances(knn.standardize(ref), knn.standardize(q), U, 5);
    expect(Array.from({ length: 25 }, (_, j) => near[j * 5 + 4])).toEqual(Array.from(knn.score(q)));
  });

  it('kNearestDistances rejects a k outside [1, rows] and rows of the wrong width', () => {
    const rows = Float64Array.of(0, 1, 2);
    expect(() => kNearestDistances(rows, rows, 1, 0)).toThrow(ConfigError);
    expect(() => kNearestDistances(rows, rows, 1, 4)).toThrow(/an integer in \[1, 3\]/);
    expect(() => kNearestDistances(rows, Float64Array.of(1, 2, 3), 2, 1)).toThrow(ShapeError);
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

  it('latentScoreVariants: every form separates signals far from the background (AUC 1), names as documented', () => {
    const bg = (n: number, at: number) => restJets(Array.from({ length: n }, (_, i) => 1 + (i + at) / n));
    const sig = (n: number, at: number) => restJets(Array.from({ length: n }, (_, i) => 3 + (i + at) / n));
    const r = latentScoreVariants(sumModel, { reference: bg(120, 0), test: { background: bg(40, 0.5), s: sig(40, 0.5) } });
    expect(r.signals).toEqual(['s']);
    expect(r.referenceJets).toBe(120);
    expect(r.variants.map((v) => v.name)).toEqual([...KNN_KS.map((k) => `knn k=${k}`), 'mean log k=20', 'mahalanobis', ...KDE_FACTORS.map((f) => `kde h=${f}`)]);
    for (const v of r.variants) {
      expect(v.auc.s).toBe(1);
      expect(v.auc.combined).toBe(1);
    }
    expect(() => latentScoreVariants(sumModel, { reference: bg(30, 0), test: { background: bg(5, 0) } })).toThrow(/at least 50 jets/);
    expect(() => latentScoreVariants({ kind: 'cnnae' } as unknown as JetAutoencoder, { reference: bg(60, 0), test: { background: bg(5, 0) } })).toThrow(/a model with latent four-vectors/);
  });

  it('tells a local from a global score: a signal in an empty gap inside the background is found by density, not by Mahalanobis', () => {
    // background masses on [1, 2] and [3, 4]; the signal sits in the empty gap around 2.5, which is the background mean
    const bg = (n: number, at: number) => restJets(Array.from({ length: n }, (_, i) => { const u = (i + at) / n; return u < 0.5 ? 1 + 2 * u : 2 + 2 * u; }));
    const sig = (n: number, at: number) => restJets(Array.from({ length: n }, (_, i) => 2.4 + (0.2 * (i + at)) / n));
    const r = latentScoreVariants(sumModel, { reference: bg(400, 0), test: { background: bg(200, 0.5), s: sig(100, 0.5) } });
    const auc = Object.fromEntries(r.variants.map((v) => [v.name, v.auc.s]));
    expect(auc['knn k=5']).toBeGreaterThan(0.95);
    expect(auc['kde h=0.3']).toBeGreaterThan(0.95);
    expect(auc.mahalanobis).toBeLessThan(0.2);
  });

  it('runs on an LGAE and the shipped sample: AUCs in [0, 1] for every form', async () => {
    const s = await loadJetNetSplits({ dir: sampleDataDir(), classes: ['g', 'q', 't'], units: 'TeV', seed: 0, maxJets: 100 });
    const model = LGAE.create({ aggregation: 'mix', latentVectors: 2, particles: 30, seed: 1, units: 'TeV', encoderChannels: [2], decoderChannels: [2] });
    try {
      const r = latentScoreVariants(model, { reference: concatJets([s.g.train, s.q.train]), test: { background: concatJets([s.g.test, s.q.test]), t: s.t.test } });
      expect(r.variants).toHaveLength(KNN_KS.length + 2 + KDE_FACTORS.length);
      for (const v of r.variants) for (const a of Object.values(v.auc)) expect(a >= 0 && a <= 1).toBe(true);
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

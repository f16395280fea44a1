/** examples/latent-ceiling.ts: the labelled kNN against a brute-force reference, and both scores on jets of known layout. */
import { describe, expect, it } from 'vitest';
import { concatJets, ConfigError, LGAE, ShapeError, loadJetNetSplits, sampleDataDir, type JetAutoencoder, type JetDataset } from 'lorentz-irreps';
import { restJets, sumModel } from './latent-fixtures';
import { labelledKnnScores, latentCeiling } from '../../examples/latent-ceiling';
import { latentRows } from '../../src/report/evaluate';

/** Fraction of label-1 rows among the k nearest, by sorting all distances (stable: the first seen wins a tie). */
function bruteForce(labelled: Float64Array, labels: number[], queries: Float64Array, F: number, k: number): number[] {
  const out: number[] = [];
  for (let q = 0; q < queries.length / F; q++) {
    const d = labels.map((_, r) => ({ r, d: Array.from({ length: F }, (_, f) => (queries[q * F + f] - labelled[r * F + f]) ** 2).reduce((a, b) => a + b, 0) }));
    d.sort((a, b) => a.d - b.d || a.r - b.r);
    out.push(d.slice(0, k).reduce((s, x) => s + labels[x.r], 0) / k);
  }
  return out;
}

describe('examples/latent-ceiling.ts', () => {
  it('labelledKnnScores matches a brute-force sort on random rows, ties included', () => {
    let seed = 7;
    const rand = () => ((seed = (seed * 48271) % 2147483647) / 2147483647);
    const F = 3;
    const L = 60;
    // coarse values make equal distances common
    const labelled = Float64Array.from({ length: L * F }, () => Math.round(rand() * 4));
    const labels = Array.from({ length: L }, () => (rand() < 0.4 ? 1 : 0));
    const queries = Float64Array.from({ length: 20 * F }, () => Math.round(rand() * 4));
    for (const k of [1, 4, 13, L]) expect(Array.from(labelledKnnScores(labelled, labels, queries, F, k))).toEqual(bruteForce(labelled, labels, queries, F, k));
  });

  it('labelledKnnScores rejects a k outside [1, rows] and rows of the wrong width', () => {
    const rows = Float64Array.of(0, 1, 2);
    expect(() => labelledKnnScores(rows, [0, 1, 1], rows, 1, 0)).toThrow(ConfigError);
    expect(() => labelledKnnScores(rows, [0, 1, 1], rows, 1, 4)).toThrow(/an integer in \[1, 3\]/);
    expect(() => labelledKnnScores(rows, [0, 1], rows, 1, 1)).toThrow(ShapeError);
    expect(() => labelledKnnScores(Float64Array.of(0, 0, 1, 1, 2, 2), [0, 1, 1], Float64Array.of(1, 2, 3), 2, 1)).toThrow(/`queries` must be rows of 2 features/);
  });

  it('separates signals that lie apart from the background under both scores (AUC 1)', () => {
    const bg = (n: number, at: number) => restJets(Array.from({ length: n }, (_, i) => 1 + (i + at) / n));
    const sig = (n: number, at: number) => restJets(Array.from({ length: n }, (_, i) => 3 + (i + at) / n));
    const r = latentCeiling(sumModel, { reference: bg(100, 0), validation: { background: bg(50, 0.25), s: sig(50, 0.25) }, test: { background: bg(40, 0.5), s: sig(40, 0.5) } }, { k: 3, labelledK: 5 });
    expect(r.signals).toEqual(['s']);
    expect(r.latentKnn.s).toBe(1);
    expect(r.labelled.s).toBe(1);
    expect(r.labelled.combined).toBe(1);
    expect(r.jets).toEqual({ reference: 100, labelled: 100, test: { background: 40, s: 40 } });
    const noLatent = { kind: 'cnnae' } as unknown as JetAutoencoder;
    expect(() => latentCeiling(noLatent, { reference: bg(10, 0), validation: {}, test: {} })).toThrow(/`model` must be a model with latent four-vectors/);
  });

  it('finds the gap when the signal sits inside the dense background: density fails, labels do not', () => {
    // background masses spread evenly over [1, 3]; signal concentrated on [1.9, 2.1], where the background is as dense as anywhere
    const bg = (n: number, at: number) => restJets(Array.from({ length: n }, (_, i) => 1 + (2 * (i + at)) / n));
    const sig = (n: number, at: number) => restJets(Array.from({ length: n }, (_, i) => 1.9 + (0.2 * (i + at)) / n));
    const r = latentCeiling(sumModel, { reference: bg(400, 0), validation: { background: bg(400, 0.3), w: sig(200, 0.3) }, test: { background: bg(400, 0.6), w: sig(200, 0.6) } }, { k: 5, labelledK: 25 });
    expect(r.latentKnn.w).toBeLessThan(0.65);
    expect(r.labelled.w).toBeGreaterThan(0.85);
  });

  it('runs on an LGAE and the shipped sample: the invariants of two complex latent vectors, AUCs in [0, 1]', async () => {
    const s = await loadJetNetSplits({ dir: sampleDataDir(), classes: ['g', 'q', 't'], units: 'TeV', seed: 0, maxJets: 100 });
    const model = LGAE.create({ aggregation: 'mix', latentVectors: 2, particles: 30, seed: 1, units: 'TeV', encoderChannels: [2], decoderChannels: [2] });
    try {
      const inv = latentRows(model, s.t.test, 256);
      expect([inv.rows, inv.features]).toEqual([s.t.test.numJets, 10]); // 4 real four-vectors: 4 * 5 / 2 products
      const join = (a: JetDataset, b: JetDataset) => concatJets([a, b]);
      const r = latentCeiling(model, { reference: join(s.g.train, s.q.train), validation: { background: join(s.g.val, s.q.val), t: s.t.val }, test: { background: join(s.g.test, s.q.test), t: s.t.test } });
      for (const a of [...Object.values(r.latentKnn), ...Object.values(r.labelled)]) expect(a >= 0 && a <= 1).toBe(true);
    } finally {
      model.dispose();
    }
  });
});

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ConfigError,
  anomalyTable,
  chamferDistance,
  concatJets,
  emd,
  evaluateAutoencoder,
  fitLatentKnn,
  hungarianDistance,
  jetFeaturesFromFourMomenta,
  jetParticles,
  latentInvariants,
  loadJetNetSplits,
  rocAuc,
  sampleDataDir,
  signalEfficiencyAt,
  writeReport,
  type EvaluationData,
} from 'lorentz-irreps';
import { tempDir } from '../train/fixtures';
import { doublingModel, perfectModel, reversedModel, rotatingModel } from './fixtures';

let data: EvaluationData;

/** The summed four-momentum of jet j of flat p (N slots of 4). */
function jetSum(p: Float64Array, j: number, N: number): number[] {
  const s = [0, 0, 0, 0];
  for (let i = 0; i < N; i++) for (let c = 0; c < 4; c++) s[c] += p[(j * N + i) * 4 + c];
  return s;
}
const t = tempDir('report');
afterAll(t.cleanup);

beforeAll(async () => {
  const s = await loadJetNetSplits({ dir: sampleDataDir(), classes: ['g', 'q', 't', 'w', 'z'], units: 'TeV', seed: 2, maxJets: 40 });
  data = { background: concatJets([s.g.test, s.q.test]), signals: { t: s.t.test, w: s.w.test, z: s.z.test } };
});

describe('anomalyTable', () => {
  it('gives AUC and signal efficiencies per score and signal, and for all signals combined', () => {
    const bkg = { chamfer: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], emd: [5, 5, 5, 5, 5, 5, 5, 5, 5, 5] };
    const signals = { a: { chamfer: [9.5, 11], emd: [5, 6] }, b: { chamfer: [0.5, 10.5, 3.5], emd: [4, 7, 7] } };
    const table = anomalyTable(bkg, signals, [0.1, 0.05]);
    expect(table.rows.map((r) => `${r.score}/${r.signal}`)).toEqual(['chamfer/a', 'chamfer/b', 'chamfer/combined', 'emd/a', 'emd/b', 'emd/combined']);
    const combined = [9.5, 11, 0.5, 10.5, 3.5];
    const row = table.rows[2];
    expect(row.auc).toBe(rocAuc(combined, bkg.chamfer));
    expect(row.signalJets).toBe(5);
    expect(row.efficiencies.map((e) => e.signalEfficiency)).toEqual([signalEfficiencyAt(combined, bkg.chamfer, 0.1), signalEfficiencyAt(combined, bkg.chamfer, 0.05)]);
    expect(row.efficiencies.map((e) => e.resolved)).toEqual([true, false]); // 0.05 x 10 background jets < 1
    expect(table.rows[3].auc).toBe(0.75); // ties count one half
  });

  it('refuses missing signals, scores or bad efficiencies', () => {
    expect(() => anomalyTable({ emd: [1] }, {})).toThrow(ConfigError);
    expect(() => anomalyTable({ emd: [1] }, { t: { chamfer: [1] } })).toThrow(/signals\.t/);
    expect(() => anomalyTable({ emd: [1] }, { t: { emd: [1] } }, [0])).toThrow(/backgroundEfficiencies/);
  });
});

describe('evaluateAutoencoder', () => {
  it('gives zero scores and zero relative errors for a perfect reconstruction, and latent masses equal to the jet masses', () => {
    const m = perfectModel();
    const e = evaluateAutoencoder(m, data);
    for (const s of [e.background, ...e.signals]) for (const score of ['chamfer', 'hungarian', 'emd', 'emdRel'] as const) expect([...s.scores[score]].every((x) => x === 0)).toBe(true);
    for (const r of e.reconstruction) {
      expect([r.median, r.iqr]).toEqual([0, 0]);
      expect(r.count).toBeGreaterThan(0);
    }
    expect(e.anomaly.rows.every((r) => r.auc === 0.5)).toBe(true);
    const masses = jetFeaturesFromFourMomenta(data.signals.t).mass;
    e.signals[0].latentMasses!.forEach((mass, j) => expect(mass).toBeCloseTo(masses[j], 12));
    expect(e.latentNote).toBeNull();
    m.dispose();
  });

  it('matches particles optimally, so a reconstruction in another particle order is perfect too', () => {
    const m = reversedModel();
    const e = evaluateAutoencoder(m, data, { maskPadding: false });
    expect([...e.background.scores.hungarian].every((x) => x === 0)).toBe(true);
    expect([...e.background.scores.chamfer].every((x) => x === 0)).toBe(true);
    const particleRows = e.reconstruction.filter((r) => r.level === 'particle');
    // the reconstructed jet sums its particles in another order: its axis may differ in the last bit
    for (const r of particleRows) expect([Math.abs(r.median), r.iqr].every((x) => x < 1e-12)).toBe(true);
    expect(e.latentNote).toMatch(/no latent four-vectors/);
    expect(e.background.latentMasses).toBeNull();
    m.dispose();
  });

  it('computes each score with the plain-array metrics and the relative errors of a known distortion', () => {
    const m = doublingModel();
    const e = evaluateAutoencoder(m, data);
    const ds = data.signals.w;
    for (const j of [0, 3, ds.numJets - 1]) {
      const target = Array.from({ length: ds.numParticles }, (_, i) => Array.from(ds.p.subarray((j * ds.numParticles + i) * 4, (j * ds.numParticles + i + 1) * 4)));
      const reco = target.map((row) => row.map((x) => 2 * x));
      const w = e.signals[1];
      expect(w.scores.chamfer[j]).toBe(chamferDistance(reco, target));
      expect(w.scores.hungarian[j]).toBe(hungarianDistance(target, reco));
      expect(w.scores.emd[j]).toBe(emd(target, reco, { coords: 'fourMomentum' }));
      // twice the momenta in the same directions: no flow costs anything, the EMD is the pt surplus
      expect(w.scores.emd[j]).toBeCloseTo(jetParticles(ds, j).reduce((s, r) => s + Math.hypot(r[1], r[2]), 0), 12);
      // relative to its own jet the doubled jet is the same jet: same ptRel, etaRel, phiRel
      expect(w.scores.emdRel[j]).toBeLessThan(1e-12);
    }
    const byFeature = Object.fromEntries(e.reconstruction.filter((r) => r.sample === 'qcd').map((r) => [r.feature, r]));
    expect(byFeature.pt.median).toBeCloseTo(1, 12);
    expect(byFeature.mass.median).toBeCloseTo(1, 12);
    expect(Math.abs(byFeature.eta.median)).toBeLessThan(1e-12);
    expect(Math.abs(byFeature.ptRel.median)).toBeLessThan(1e-12);
    m.dispose();
  });

  it('scores a jet shifted as a whole in phi under EMD but not under the relative-coordinates EMD', () => {
    const m = rotatingModel(0.4);
    const e = evaluateAutoencoder(m, { background: data.background, signals: { t: data.signals.t } });
    const ds = data.background;
    for (const j of [0, 1, ds.numJets - 1]) {
      expect(e.background.scores.emdRel[j]).toBeLessThan(1e-9);
      // every particle moves by 0.4 in phi: the optimal flow moves each pt by 0.4 / R
      const ptSum = jetParticles(ds, j).reduce((s, r) => s + Math.hypot(r[1], r[2]), 0);
      expect(e.background.scores.emd[j]).toBeCloseTo((ptSum * 0.4) / 0.8, 9);
    }
    m.dispose();
  });

  it('compares only real particles with maskPadding', () => {
    const m = doublingModel();
    const e = evaluateAutoencoder(m, { background: data.background, signals: { z: data.signals.z } }, { maskPadding: true });
    const ds = data.background;
    const j = [...Array(ds.numJets).keys()].find((k) => ds.mask[k * 30 + 29] === 0) ?? 0;
    const real = jetParticles(ds, j);
    expect(e.background.scores.chamfer[j]).toBe(chamferDistance(real.map((r) => r.map((x) => 2 * x)), real));
    expect(e.anomaly.rows.map((r) => r.signal)).toEqual(['z', 'z', 'z', 'z']);
    m.dispose();
  });

  it("adds the 'latentKnn' score, last, with reference jets and a model with latent four-vectors, and not without", async () => {
    const s = await loadJetNetSplits({ dir: sampleDataDir(), classes: ['g', 'q'], units: 'TeV', seed: 2, maxJets: 40 });
    const reference = concatJets([s.g.train, s.q.train]);
    const m = perfectModel();
    const e = evaluateAutoencoder(m, { ...data, reference }, { latentNeighbours: 3 });
    expect(e.latentKnn).toEqual({ referenceJets: reference.numJets, k: 3, features: 1, usedFeatures: 1 });
    expect(e.latentKnnNote).toBeNull();
    expect(e.anomaly.rows.slice(-4).map((r) => `${r.score}:${r.signal}`)).toEqual(['latentKnn:t', 'latentKnn:w', 'latentKnn:z', 'latentKnn:combined']);
    // the perfect model's latent is the summed jet: its one invariant is the jet mass squared
    const knn = fitLatentKnn(latentInvariants([...Array(reference.numJets).keys()].map((j) => [jetSum(reference.p, j, reference.numParticles)])), { k: 3 });
    const t = data.signals.t;
    const expected = knn.score(latentInvariants([...Array(t.numJets).keys()].map((j) => [jetSum(t.p, j, t.numParticles)])));
    e.signals[0].scores.latentKnn.forEach((v, j) => expect(v).toBeCloseTo(expected[j], 9));
    const row = e.anomaly.rows.find((r) => r.score === 'latentKnn' && r.signal === 't')!;
    expect(row.auc).toBe(rocAuc(e.signals[0].scores.latentKnn, e.background.scores.latentKnn));
    const without = evaluateAutoencoder(m, data);
    expect([without.latentKnn, without.latentKnnNote, without.background.scores.latentKnn]).toEqual([null, 'no reference jets were given (data.reference)', undefined]);
    const d = doublingModel(); // no latent four-vectors
    const none = evaluateAutoencoder(d, { ...data, reference });
    expect(none.anomaly.rows.some((r) => r.score === 'latentKnn')).toBe(false);
    expect(none.latentKnnNote).toMatch(/no latent four-vectors/);
    expect(() => evaluateAutoencoder(m, { ...data, reference }, { latentNeighbours: reference.numJets + 1 })).toThrow(/latentNeighbours.*<= the reference jets/);
    expect(() => evaluateAutoencoder(m, { ...data, reference: { ...reference, units: 'GeV' } })).toThrow(/data\.reference\.units/);
    m.dispose();
    d.dispose();
  });

  it('rejects bad data and options', () => {
    const m = perfectModel();
    expect(() => evaluateAutoencoder(m, { background: data.background, signals: {} })).toThrow(/data\.signals/);
    expect(() => evaluateAutoencoder(m, { background: data.background, signals: { t: { ...data.signals.t, units: 'GeV' } } })).toThrow(/units/);
    expect(() => evaluateAutoencoder(m, data, { backgroundName: 't' })).toThrow(/backgroundName/);
    expect(() => evaluateAutoencoder(m, data, { emdRadius: 0 })).toThrow(/emdRadius/);
    m.dispose();
  });
});

describe('writeReport', () => {
  it('writes report.json with both tables and SVG and PNG figures', async () => {
    const m = perfectModel();
    const e = evaluateAutoencoder(m, data);
    const { report, files } = await writeReport(t.dir, e, { model: 'perfect' });
    const json = JSON.parse(readFileSync(join(t.dir, 'report.json'), 'utf8'));
    expect(json.format).toBe('lorentz-irreps-report');
    expect(json.meta).toEqual({ model: 'perfect' });
    expect(json.anomaly.rows).toHaveLength(16);
    expect(json.reconstruction).toHaveLength(4 * 7);
    expect(json.latent.masses).toHaveLength(4);
    const names = ['roc-t', 'roc-w', 'roc-z', 'roc-combined', 'particle-features', 'jet-features', 'jet-images', 'latent-masses'];
    expect(report.figures).toEqual(names.flatMap((n) => [`figures/${n}.svg`, `figures/${n}.png`]));
    for (const f of report.figures) expect(existsSync(join(t.dir, f))).toBe(true);
    const png = readFileSync(join(t.dir, 'figures', 'roc-t.png'));
    expect([...png.subarray(1, 4)].map((c) => String.fromCharCode(c)).join('')).toBe('PNG');
    expect(readFileSync(join(t.dir, 'figures', 'jet-images.svg'), 'utf8').startsWith('<svg')).toBe(true);
    expect(files).toHaveLength(1 + report.figures.length);
    expect(json.latentKnn).toEqual({ skipped: 'no reference jets were given (data.reference)' });
    expect(json.notes).toContain("The 'latentKnn' score is left out: no reference jets were given (data.reference).");
    m.dispose();
  });
});

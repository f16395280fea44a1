/** examples/reconstruction-scores.ts: each kernel against its formula or a slow reference, and the comparisons on an LGAE. */
import { describe, expect, it } from 'vitest';
import { chamferDistance, ConfigError, concatJets, LGAE, loadJetNetSplits, mul, rocAuc, sampleDataDir, ShapeError, tensor, tidy, type JetAutoencoder, type JetDataset, type Tensor } from 'lorentz-irreps';
import { boostLift, lorentzOfLift } from '../../src/group/sl2c';
import { lcg, sprayJets } from './latent-fixtures';
import {
  ADAPTIVE_KS,
  backgroundLogTail,
  COMBINATION_WEIGHTS,
  COMBINED_SCORES,
  ERRORS,
  locallyAdaptiveScores,
  reconstructedJets,
  reconstructionErrors,
  reconstructionScoreVariants,
} from '../../examples/reconstruction-scores';

/** Every four-vector of the jets times the Lorentz matrix L (4 x 4, row-major). */
function transformed(ds: JetDataset, L: ArrayLike<number>): JetDataset {
  const p = new Float64Array(ds.p.length);
  for (let o = 0; o < p.length; o += 4) for (let mu = 0; mu < 4; mu++) for (let nu = 0; nu < 4; nu++) p[o + mu] += L[mu * 4 + nu] * ds.p[o + nu];
  return { ...ds, p };
}

const doubling = { kind: 'double', reconstruct: (p: Tensor) => mul(p, tensor([2])) } as unknown as JetAutoencoder;

describe('examples/reconstruction-scores.ts', () => {
  it('reconstructedJets holds the model output of every jet across batches, every slot a particle', () => {
    const ds = sprayJets(300, 4, 1); // more than one batch of 256
    const r = reconstructedJets(doubling, ds);
    expect(r.numJets).toBe(300);
    expect(r.numParticles).toBe(4);
    expect(Array.from(r.p)).toEqual(Array.from(ds.p, (x) => 2 * x));
    expect(Array.from(r.mask).every((m) => m === 1)).toBe(true);
  });

  it('reconstructionErrors: mse and chamfer per jet as written out; rest mse unchanged by a common boost, mse changed', () => {
    const N = 5;
    const target = sprayJets(6, N, 2);
    const rand = lcg(3);
    const reco = { ...target, p: target.p.map((x) => x + 0.05 * (rand() - 0.5)), mask: new Float64Array(6 * N).fill(1) };
    const e = reconstructionErrors(target, reco);
    for (let j = 0; j < 6; j++) {
      let s = 0;
      for (let i = 0; i < N * 4; i++) s += (target.p[j * N * 4 + i] - reco.p[j * N * 4 + i]) ** 2;
      expect(e.mse[j]).toBeCloseTo(s / (N * 4), 15);
      const rows = (d: JetDataset) => Array.from({ length: N }, (_, i) => Array.from(d.p.subarray((j * N + i) * 4, (j * N + i + 1) * 4)));
      expect(e.chamfer[j]).toBe(chamferDistance(rows(reco), rows(target)));
    }
    const L = lorentzOfLift(boostLift([0.6, 0, 0.8], 1.3));
    const moved = reconstructionErrors(transformed(target, L), transformed(reco, L));
    for (let j = 0; j < 6; j++) {
      expect(Math.abs(moved['rest mse'][j] / e['rest mse'][j] - 1)).toBeLessThan(1e-9);
      expect(Math.abs(moved.mse[j] / e.mse[j] - 1)).toBeGreaterThan(0.1);
    }
    expect(() => reconstructionErrors(target, sprayJets(5, N, 2))).toThrow(ShapeError);
  });

  it('locallyAdaptiveScores: (log e - mean) / sd over the listed neighbours', () => {
    const ref = Float64Array.of(1, Math.E, Math.E ** 2, 5, 7);
    const got = locallyAdaptiveScores(Float64Array.of(Math.E ** 3, 5), ref, Int32Array.of(0, 1, 2, 3, 3, 3), 3);
    // neighbours 0, 1, 2: log errors 0, 1, 2 (mean 1, sd sqrt(2/3)); query log e = 3
    expect(got[0]).toBeCloseTo(2 / Math.sqrt(2 / 3), 12);
    // three times the same neighbour: sd 0, the query equal to it: 0
    expect(got[1]).toBe(0);
    expect(() => locallyAdaptiveScores(Float64Array.of(0), ref, Int32Array.of(0), 1)).toThrow(ConfigError);
    expect(() => locallyAdaptiveScores(Float64Array.of(1), ref, Int32Array.of(0, 1), 1)).toThrow(ShapeError);
  });

  it('backgroundLogTail: -log((1 + #background >= s) / (1 + n))', () => {
    const t = backgroundLogTail([0, 2, 2.5, 10], [1, 2, 3]);
    expect(Array.from(t)).toEqual([-Math.log(4 / 4), -Math.log(3 / 4), -Math.log(2 / 4), -Math.log(1 / 4)]);
  });

  it('runs on an LGAE and the shipped sample: the variants as documented; the plain MSE is the log of the MSE of a direct forward pass', async () => {
    const s = await loadJetNetSplits({ dir: sampleDataDir(), classes: ['g', 'q', 't'], units: 'TeV', seed: 0, maxJets: 200 });
    const model = LGAE.create({ aggregation: 'mix', latentVectors: 2, particles: 30, seed: 1, units: 'TeV', encoderChannels: [2], decoderChannels: [2] });
    try {
      const test = { background: concatJets([s.g.test, s.q.test]), t: s.t.test };
      const r = reconstructionScoreVariants(model, { reference: concatJets([s.g.train, s.q.train]), test, val: { background: concatJets([s.g.val, s.q.val]), t: s.t.val } });
      expect(r.signals).toEqual(['t']);
      expect(r.adaptive.map((v) => v.name)).toEqual(ERRORS.flatMap((e) => [`${e} plain`, ...ADAPTIVE_KS.map((k) => `${e} adaptive k=${k}`)]));
      expect(r.combinations.map((v) => v.name)).toEqual(['latentKnn alone', ...COMBINED_SCORES.flatMap((c) => COMBINATION_WEIGHTS.filter((w) => w > 0).map((w) => `latentKnn + ${w} ${c}`))]);
      for (const v of [r.latentVsReco, ...r.adaptive, ...r.combinations]) for (const a of Object.values(v.auc)) expect(a >= 0 && a <= 1).toBe(true);
      // slow reference: all jets in one forward pass, MSE per jet
      const mse = (ds: JetDataset) => {
        const reco = tidy(() => model.reconstruct(tensor(ds.p, [ds.numJets, 30, 4]), tensor(ds.mask, [ds.numJets, 30])).dataSync());
        return Array.from({ length: ds.numJets }, (_, j) => {
          let e = 0;
          for (let i = 0; i < 120; i++) e += (reco[j * 120 + i] - ds.p[j * 120 + i]) ** 2;
          return Math.log(e / 120);
        });
      };
      expect(r.adaptive[0].auc.t).toBeCloseTo(rocAuc(mse(test.t), mse(test.background)), 12);
    } finally {
      model.dispose();
    }
  });

  it('rejects a model without latent four-vectors and data without a background', () => {
    const ds = sprayJets(60, 4, 5);
    expect(() => reconstructionScoreVariants(doubling, { reference: ds, test: { background: ds }, val: { background: ds } })).toThrow(/latent four-vectors/);
    const withLatent = { ...doubling, latentFourVectors: (p: Tensor) => p } as unknown as JetAutoencoder;
    expect(() => reconstructionScoreVariants(withLatent, { reference: ds, test: { s: ds }, val: { background: ds } })).toThrow(/an entry 'background'/);
  });
});

import { afterAll, describe, expect, it } from 'vitest';
import {
  CNNAE,
  CNNAEJetAutoencoder,
  ConfigError,
  GNNAE,
  GNNAEJetAutoencoder,
  concatJets,
  createModel,
  evaluateAutoencoder,
  evaluateLoss,
  getModelFactory,
  loadJetNetSplits,
  readCheckpoint,
  sampleDataDir,
  tensor,
  trainAutoencoder,
  writeReport,
} from 'lorentz-irreps';
import { tempDir } from '../train/fixtures';

const t = tempDir('cnnae-image-loss');
afterAll(() => t.cleanup());

/** Slow reference of one jet's normalized S x S image of ptrel in (etarel, phirel) over [-R, R)^2. */
function referenceImage(particles: number[][], S: number, R: number): number[] {
  const J = particles.reduce((a, q) => a.map((x, i) => x + q[i]), [0, 0, 0, 0]);
  const ptJ = Math.hypot(J[1], J[2]);
  const etaJ = Math.asinh(J[3] / ptJ);
  const phiJ = Math.atan2(J[2], J[1]);
  const img = new Array<number>(S * S).fill(0);
  for (const q of particles) {
    const pt = Math.hypot(q[1], q[2]);
    const eta = Math.asinh(q[3] / pt) - etaJ;
    let phi = Math.atan2(q[2], q[1]) - phiJ;
    phi = phi - 2 * Math.PI * Math.round(phi / (2 * Math.PI));
    const i = Math.floor((eta + R) / ((2 * R) / S));
    const j = Math.floor((phi + R) / ((2 * R) / S));
    if (i >= 0 && i < S && j >= 0 && j < S) img[i * S + j] += pt / ptJ;
  }
  const total = img.reduce((a, b) => a + b, 0);
  return img.map((x) => x / total);
}

describe('CNNAEJetAutoencoder image loss and score', () => {
  const S = 4;
  const R = 0.8;
  // two jets of three slots (the second with one padded slot), massless particles in GeV
  const massless = (pt: number, eta: number, phi: number) => [pt * Math.cosh(eta), pt * Math.cos(phi), pt * Math.sin(phi), pt * Math.sinh(eta)];
  const jets = [
    [massless(100, 0.1, 0.2), massless(50, -0.2, 0.35), massless(20, 0.3, -0.1)],
    [massless(80, 1.0, 2.0), massless(40, 1.25, 1.8), [0, 0, 0, 0]],
  ];
  const mask = [
    [1, 1, 1],
    [1, 1, 0],
  ];

  it('trainingLoss is the per-jet summed squared pixel error and anomalyScores the per-jet image MSE', () => {
    const ae = new CNNAEJetAutoencoder({ imageSize: S, channels: 2, latentSize: 2, range: R, seed: 5 });
    const p = tensor(jets);
    const m = tensor(mask);
    const x = jets.map((jet, b) => referenceImage(jet.filter((_, k) => mask[b][k] === 1), S, R));
    const y = ae.model.apply(tensor(x.flat(), [2, S, S])).dataSync();
    const sse = x.map((img, b) => img.reduce((acc, v, k) => acc + (y[b * S * S + k] - v) ** 2, 0));
    const loss = ae.trainingLoss(p, m);
    expect(loss.shape).toEqual([2]);
    const got = loss.dataSync();
    for (let b = 0; b < 2; b++) {
      expect(got[b]).toBeGreaterThan(0);
      expect(got[b]).toBeCloseTo(sse[b], 14);
    }
    const scores = ae.anomalyScores(p, m);
    expect(Object.keys(scores)).toEqual(['imageMse']);
    for (let b = 0; b < 2; b++) expect(scores.imageMse[b]).toBeCloseTo(sse[b] / (S * S), 15);
    // the trainer's 'model' loss is the mean (evaluateLoss: mean over jets) of the per-jet losses
    const ds = { numJets: 2, numParticles: 3, p: Float64Array.from(jets.flat(2)), mask: Float64Array.from(mask.flat()), units: 'GeV' as const };
    expect(evaluateLoss(ae, ds)).toBeCloseTo((sse[0] + sse[1]) / 2, 14);
    expect(evaluateLoss(ae, ds, { loss: 'model' })).toBeCloseTo((sse[0] + sse[1]) / 2, 14);
    ae.dispose();
  });

  it("declares its symmetry table, and the factory's default loss is the model's own", () => {
    const ae = new CNNAEJetAutoencoder({ imageSize: S, channels: 2, latentSize: 2, seed: 5 });
    expect(ae.symmetries).toBe(CNNAE.symmetries);
    expect(getModelFactory('cnnae').defaultLoss).toBe('model');
    ae.dispose();
    const g = new GNNAEJetAutoencoder({ level: 'particle', latentSize: 2, nodeSize: 4, messageSize: 4, hiddenSize: 4, seed: 0 });
    expect(g.symmetries).toBe(GNNAE.symmetries.particle);
    g.dispose();
  });

  it('trains through trainAutoencoder on the image loss and scores image MSE in the evaluation', async () => {
    const { g, q, t: top, w } = await loadJetNetSplits({ dir: sampleDataDir(), classes: ['g', 'q', 't', 'w'], units: 'TeV', seed: 2, maxJets: 40 });
    const ae = createModel('cnnae', { imageSize: 8, channels: 2, latentSize: 3 }, { seed: 1, numParticles: g.train.numParticles, units: 'TeV' });
    let calls = 0;
    const own = ae.trainingLoss!.bind(ae);
    (ae as { trainingLoss: typeof own }).trainingLoss = (p, m) => {
      calls++;
      return own(p, m);
    };
    const data = { train: concatJets([g.train, q.train]), val: concatJets([g.val, q.val]) };
    const before = evaluateLoss(ae, data.val);
    const dir = `${t.dir}/cnnae-run`;
    const result = await trainAutoencoder(ae, data, { epochs: 3, batchSize: 16, lr: 3e-3, dir });
    expect(readCheckpoint(dir).settings.loss).toBe('model');
    expect(calls).toBeGreaterThanOrEqual(3 * Math.ceil(data.train.numJets / 16));
    expect(result.bestValLoss).toBeLessThan(before);
    expect(result.history.at(-1)!.valLoss).toBeCloseTo(evaluateLoss(ae, data.val, { loss: 'model' }), 12);
    // a particle loss can still be asked for explicitly; 'model' needs a model with trainingLoss
    expect(evaluateLoss(ae, data.val, { loss: 'chamfer' })).not.toBeCloseTo(evaluateLoss(ae, data.val), 6);
    const plain = { kind: 'plain', config: () => ({}), namedParameters: () => [], reconstruct: (p: never) => p, dispose: () => {} };
    expect(() => evaluateLoss(plain, data.val, { loss: 'model' })).toThrow(ConfigError);
    expect(() => evaluateLoss(plain, data.val, { loss: 'model' })).toThrow(/has no trainingLoss method/);

    const e = evaluateAutoencoder(ae, { background: concatJets([g.test, q.test]), signals: { t: top.test, w: w.test } });
    expect([...new Set(e.anomaly.rows.map((r) => r.score))]).toEqual(['chamfer', 'imageMse']); // 64 pixels cannot pair with 30 slots: no Hungarian or EMD score
    expect(e.anomaly.rows.filter((r) => r.score === 'imageMse').map((r) => r.signal)).toEqual(['t', 'w', 'combined']);
    const direct = ae.anomalyScores!(tensor(top.test.p, [top.test.numJets, top.test.numParticles, 4]), tensor(top.test.mask, [top.test.numJets, top.test.numParticles]));
    expect(Array.from(e.signals[0].scores.imageMse)).toEqual(Array.from(direct.imageMse));
    const { report } = await writeReport(`${t.dir}/cnnae-report`, e, { model: { kind: 'cnnae' } }, { figures: false });
    expect(report.symmetries).toEqual(CNNAE.symmetries);
    expect(report.notes.some((n) => n.includes("'imageMse'"))).toBe(true);
    expect(report.notes.some((n) => n.includes('Hungarian and EMD scores are left out'))).toBe(true);
    ae.dispose();
  });
});

import { describe, expect, it } from 'vitest';
import {
  Adam,
  ConfigError,
  DataError,
  GNNAEJetAutoencoder,
  ShapeError,
  chamferLoss,
  createModel,
  fourMomentaFromRelative,
  jetNetToFourMomenta,
  listModels,
  loadJetNetSample,
  restoreModel,
  sum,
  tensor,
  trainAutoencoder,
  variableGrads,
} from 'lorentz-irreps';
import { gradcheck } from 'lorentz-irreps/testing';

const tiny = { nodeSize: 4, messageSize: 4, hiddenSize: 4 } as const;
const context = { seed: 3, numParticles: 30, units: 'TeV' } as const;

async function sampleJets(B: number) {
  const { t } = await loadJetNetSample(['t']);
  const P = t.numParticles;
  const block = { numJets: B, numParticles: P, particleFeatures: t.particleFeatures.subarray(0, B * P * 4), jetFeatures: t.jetFeatures.subarray(0, B * 4) };
  const jetPhi = Array.from({ length: B }, (_, j) => -3 + 0.7 * j);
  const four = jetNetToFourMomenta(block, { units: 'GeV', jetPhi });
  return { block, jetPhi, four, p: tensor(four.p, [B, P, 4]), mask: tensor(four.mask, [B, P]) };
}

describe('fourMomentaFromRelative', () => {
  it('equals jetNetToFourMomenta on sample jets', async () => {
    const B = 5;
    const { block, jetPhi, four } = await sampleJets(B);
    const P = block.numParticles;
    const feats = new Float64Array(B * P * 3);
    for (let k = 0; k < B * P; k++) feats.set(block.particleFeatures.subarray(4 * k, 4 * k + 3), 3 * k);
    const jets = Array.from({ length: B }, (_, j) => [block.jetFeatures[4 * j], block.jetFeatures[4 * j + 1], jetPhi[j]]);
    const got = fourMomentaFromRelative(tensor(feats, [B, P, 3]), tensor(jets), tensor(four.mask, [B, P])).dataSync();
    four.p.forEach((v, k) => expect(Math.abs(got[k] - v)).toBeLessThan(1e-11 * Math.max(1, Math.abs(v))));
  });

  it('passes a finite-difference check of its gradient with respect to the features and the jet axes', () => {
    const f = tensor([[[0.1, -0.2, 0.6], [-0.05, 0.3, 0.4]]]);
    const j = tensor([[1.5, 0.4, -2.0]]);
    const report = gradcheck((a, b) => fourMomentaFromRelative(a, b, tensor([[1, 1]])), [f, j]);
    expect(report.passed).toBe(true);
  });

  it('rejects shapes that do not fit with ShapeErrors naming the argument', () => {
    const mask = tensor([[1]]);
    expect(() => fourMomentaFromRelative(tensor([[[1, 2]]]), tensor([[1, 0, 0]]), mask)).toThrow(/fourMomentaFromRelative.*features/);
    expect(() => fourMomentaFromRelative(tensor([[[1, 2, 3]]]), tensor([[1, 0]]), mask)).toThrow(/jets/);
    expect(() => fourMomentaFromRelative(tensor([[[1, 2, 3]]]), tensor([[1, 0, 0]]), tensor([[1, 1]]))).toThrow(ShapeError);
  });
});

describe('GNNAEJetAutoencoder', () => {
  it('is registered as model kind gnnae and builds both forms from options and context', () => {
    expect(listModels()).toContain('gnnae');
    const jet = createModel('gnnae', { ...tiny }, context);
    expect(jet.config()).toEqual({ level: 'jet', latentSize: 55, aggregation: 'mean', ...tiny });
    expect(jet.namedParameters().map((p) => p.name)).toContain('expand.w');
    const particle = createModel('gnnae', { level: 'particle', latentSize: 3, aggregation: 'sum', ...tiny }, context);
    expect(particle.config()).toEqual({ level: 'particle', latentSize: 3, aggregation: 'sum', ...tiny });
    jet.dispose();
    particle.dispose();
  });

  it('rejects unknown levels and options with ConfigErrors', () => {
    expect(() => createModel('gnnae', { level: 'node' }, context)).toThrow(ConfigError);
    expect(() => createModel('gnnae', { width: 3 }, context)).toThrow(/options\.width/);
    expect(() => createModel('gnnae', { nodeSize: 0 }, context)).toThrow(ConfigError);
    expect(() => createModel('gnnae', { aggregation: 'max' }, context)).toThrow(ConfigError);
  });

  it('restores the same architecture from its config, and the same reconstruction from its state', async () => {
    const { p, mask } = await sampleJets(3);
    const a = createModel('gnnae', { level: 'jet', latentSize: 4, ...tiny }, context);
    const b = restoreModel('gnnae', a.config(), { ...context, seed: 99 });
    const shapes = (m: typeof a) => m.namedParameters().map((q) => `${q.name}:${q.variable.shape.join('x')}`);
    expect(shapes(b)).toEqual(shapes(a));
    (b as GNNAEJetAutoencoder).model.loadState((a as GNNAEJetAutoencoder).model.state());
    expect(Array.from(b.reconstruct(p, mask).dataSync())).toEqual(Array.from(a.reconstruct(p, mask).dataSync()));
    a.dispose();
    b.dispose();
  });

  it('reconstructs four-momenta of the input shape, zero on padded slots, with gradients reaching the parameters', async () => {
    const { p, mask, four } = await sampleJets(2);
    const ae = new GNNAEJetAutoencoder({ level: 'particle', latentSize: 2, seed: 1, ...tiny });
    const reco = ae.reconstruct(p, mask);
    expect(reco.shape).toEqual([2, 30, 4]);
    const r = reco.dataSync();
    for (let k = 0; k < 60; k++) if (four.mask[k] === 0) expect(Array.from(r.subarray(4 * k, 4 * k + 4))).toEqual([0, 0, 0, 0]);
    const { grads } = variableGrads(() => chamferLoss(ae.reconstruct(p, mask), p, { mask }), ae.model.parameters());
    const nonZero = grads.filter((g) => g.dataSync().some((v) => v !== 0)).length;
    expect(grads.every((g) => g.dataSync().every(Number.isFinite))).toBe(true);
    expect(nonZero).toBeGreaterThan(grads.length / 2);
    ae.dispose();
  });

  it('lowers the Chamfer loss of sample jets over a few Adam steps', async () => {
    const { mask, four } = await sampleJets(4);
    const p = tensor(Array.from(four.p, (v) => v / 1000), [4, 30, 4]); // TeV
    const ae = new GNNAEJetAutoencoder({ level: 'particle', latentSize: 2, seed: 2, nodeSize: 8, messageSize: 8, hiddenSize: 8 });
    const adam = new Adam({ lr: 1e-2 });
    const losses: number[] = [];
    for (let step = 0; step < 10; step++) losses.push(adam.minimize(() => chamferLoss(ae.reconstruct(p, mask), p, { mask }), ae.model.parameters()));
    expect(losses.every(Number.isFinite)).toBe(true);
    expect(losses[losses.length - 1], losses.join(', ')).toBeLessThan(0.8 * losses[0]);
    ae.dispose();
  });

  it('rejects inputs of the wrong shape and jets it cannot express in relative coordinates', () => {
    const ae = new GNNAEJetAutoencoder({ level: 'particle', seed: 0, ...tiny });
    expect(() => ae.reconstruct(tensor([[[1, 2, 3]]]), tensor([[1]]))).toThrow(/GNNAEJetAutoencoder\.reconstruct.*p/);
    expect(() => ae.reconstruct(tensor([[[1, 1, 0, 0]]]), tensor([[1, 1]]))).toThrow(/mask/);
    expect(() => ae.reconstruct(tensor([[[1, 0, 0, 1]]]), tensor([[1]]))).toThrow(DataError);
    expect(() => new GNNAEJetAutoencoder(null as never)).toThrow(ConfigError);
    ae.dispose();
  });

  it('sums to a finite scalar loss for a jet-level model on the default sizes', async () => {
    const { p, mask } = await sampleJets(1);
    const ae = createModel('gnnae', {}, context);
    expect(Number.isFinite(sum(ae.reconstruct(p, mask)).dataSync()[0])).toBe(true);
    ae.dispose();
  });
});

describe('GNNAEJetAutoencoder in the trainer', () => {
  it('runs three epochs of trainAutoencoder with the masked Chamfer loss to finite validation losses', async () => {
    const { four } = await sampleJets(16);
    const jets = { ...four, p: four.p.map((v) => v / 1000), units: 'TeV' as const };
    const ae = createModel('gnnae', { level: 'particle', nodeSize: 8, messageSize: 8, hiddenSize: 8 }, { ...context, units: 'TeV' });
    const result = await trainAutoencoder(ae, { train: jets, val: jets }, { epochs: 3, batchSize: 8, lr: 3e-3, loss: 'chamfer', maskPadding: true });
    expect(result.status).toBe('completed');
    expect(result.history.length).toBe(3);
    const val = result.history.map((h) => h.valLoss);
    expect(val.every(Number.isFinite)).toBe(true);
    ae.dispose();
  });
});

import { describe, expect, it } from 'vitest';
import {
  CNNAEJetAutoencoder,
  ConfigError,
  DataError,
  chamferLoss,
  createModel,
  fourMomentaToRelative,
  jetImages,
  jetNetToFourMomenta,
  listModels,
  loadJetNetSample,
  restoreModel,
  tensor,
  variableGrads,
} from 'lorentz-irreps';

const context = { seed: 3, numParticles: 30, units: 'GeV' } as const;
const small = { imageSize: 8, channels: 2, latentSize: 3 } as const;

async function sampleJets(B: number) {
  const { g } = await loadJetNetSample(['g']);
  const P = g.numParticles;
  const block = { numJets: B, numParticles: P, particleFeatures: g.particleFeatures.subarray(0, B * P * 4), jetFeatures: g.jetFeatures.subarray(0, B * 4) };
  const four = jetNetToFourMomenta(block, { units: 'GeV', seed: 4 });
  return { four, p: tensor(four.p, [B, P, 4]), mask: tensor(four.mask, [B, P]) };
}

describe('CNNAEJetAutoencoder', () => {
  it('is registered as model kind cnnae with the paper defaults', () => {
    expect(listModels()).toContain('cnnae');
    const ae = createModel('cnnae', {}, context);
    expect(ae.config()).toEqual({ imageSize: 40, channels: 128, latentSize: 55, range: 0.8 });
    ae.dispose();
  });

  it('rebuilds the same architecture from its config', () => {
    const a = createModel('cnnae', { ...small, range: 0.6 }, context);
    const b = restoreModel('cnnae', a.config(), { ...context, seed: 8 });
    expect(b.config()).toEqual(a.config());
    expect(b.namedParameters().map((p) => `${p.name}:${p.variable.shape.join('x')}`)).toEqual(a.namedParameters().map((p) => `${p.name}:${p.variable.shape.join('x')}`));
    a.dispose();
    b.dispose();
  });

  it('gives massless pixel pseudo-particles at the pixel centres carrying the jet pt inside the window', async () => {
    const B = 3;
    const { four, p, mask } = await sampleJets(B);
    const ae = new CNNAEJetAutoencoder({ ...small, seed: 1 });
    const reco = ae.reconstruct(p, mask);
    expect(reco.shape).toEqual([B, 64, 4]);
    const r = reco.dataSync();
    const rel = fourMomentaToRelative(four);
    const images = jetImages(rel, { size: 8, range: 0.8 });
    for (let j = 0; j < B; j++) {
      const jetPt = rel.jetFeatures[4 * j];
      const jetEta = rel.jetFeatures[4 * j + 1];
      const inside = images.pixels.subarray(64 * j, 64 * (j + 1)).reduce((a, v) => a + v, 0);
      let ptSum = 0;
      for (let k = 0; k < 64; k++) {
        const [E, px, py, pz] = r.subarray(4 * (64 * j + k), 4 * (64 * j + k) + 4);
        const pt = Math.hypot(px, py);
        ptSum += pt;
        expect(Math.abs(E * E - px * px - py * py - pz * pz)).toBeLessThan(1e-9 * E * E);
        const eta = Math.asinh(pz / pt) - jetEta;
        let phi = Math.atan2(py, px) - rel.jetPhi[j];
        phi -= 2 * Math.PI * Math.round(phi / (2 * Math.PI));
        expect(eta).toBeCloseTo(-0.8 + (Math.floor(k / 8) + 0.5) * 0.2, 9);
        expect(phi).toBeCloseTo(-0.8 + ((k % 8) + 0.5) * 0.2, 9);
      }
      expect(ptSum / (inside * jetPt)).toBeCloseTo(1, 12);
    }
    ae.dispose();
  });

  it('passes Chamfer-loss gradients to every stage of the network', async () => {
    const { p, mask } = await sampleJets(2);
    const ae = new CNNAEJetAutoencoder({ ...small, seed: 2 });
    const { grads } = variableGrads(() => chamferLoss(ae.reconstruct(p, mask), p, { mask }), ae.model.parameters());
    expect(grads.every((g) => g.dataSync().every(Number.isFinite))).toBe(true);
    const names = ae.model.namedParameters().map((q) => q.name);
    const reached = names.filter((_, k) => grads[k].dataSync().some((v) => v !== 0));
    expect(reached).toEqual(expect.arrayContaining(['conv0.w', 'encode.w', 'decode.w', 'deconv1.w']));
    ae.dispose();
  });

  it('rejects bad options, shapes and jets with typed errors', () => {
    expect(() => new CNNAEJetAutoencoder({ ...small, range: 0, seed: 0 })).toThrow(/CNNAEJetAutoencoder.*options\.range/);
    expect(() => createModel('cnnae', { imageSize: 6 }, context)).toThrow(ConfigError);
    const ae = new CNNAEJetAutoencoder({ ...small, seed: 0 });
    expect(() => ae.reconstruct(tensor([[[1, 2, 3]]]), tensor([[1]]))).toThrow(/CNNAEJetAutoencoder\.reconstruct.*p/);
    expect(() => ae.reconstruct(tensor([[[2, 1, 1, 0]]]), tensor([[1, 0]]))).toThrow(/mask/);
    expect(() => ae.reconstruct(tensor([[[1, 0, 0, 1]]]), tensor([[1]]))).toThrow(DataError);
    ae.dispose();
  });
});

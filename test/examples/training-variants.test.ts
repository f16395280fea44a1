/** examples/training-variants.ts: the rest-frame boost against the library's Lorentz matrices, the weighted loss against its formula, and one short run. */
import { describe, expect, it } from 'vitest';
import { ConfigError, ShapeError, sampleDataDir, tensor, type JetAutoencoder, type JetDataset, type Tensor } from 'lorentz-irreps';
import { boostLift, lorentzOfLift } from '../../src/group/sl2c';
import { lcg, sprayJets } from './latent-fixtures';
import { boostToRestFrame, energyWeightedMse, leadingSlotsMse, REST_SCALE, trainingVariant, withRemainderSlot } from '../../examples/training-variants';

const dot = (p: ArrayLike<number>, a: number, b: number) => p[a] * p[b] - p[a + 1] * p[b + 1] - p[a + 2] * p[b + 2] - p[a + 3] * p[b + 3];

describe('examples/training-variants.ts', () => {
  it('boostToRestFrame equals the Lorentz matrix of the boost lift along -beta, and puts the jet at rest', () => {
    const N = 6;
    const ds = sprayJets(5, N, 3);
    const before = Float64Array.from(ds.p);
    const rest = boostToRestFrame(ds, REST_SCALE);
    expect(Array.from(ds.p)).toEqual(Array.from(before)); // input unchanged
    expect(rest.mask).toBe(ds.mask);
    for (let j = 0; j < ds.numJets; j++) {
      const J = [0, 0, 0, 0];
      for (let i = 0; i < N; i++) for (let c = 0; c < 4; c++) J[c] += ds.p[(j * N + i) * 4 + c];
      const beta = Math.hypot(J[1], J[2], J[3]) / J[0];
      const u = [J[1], J[2], J[3]].map((x) => x / (beta * J[0]));
      const L = lorentzOfLift(boostLift(u, -Math.atanh(beta)));
      const sumRest = [0, 0, 0, 0];
      for (let i = 0; i < N; i++) {
        const o = (j * N + i) * 4;
        for (let mu = 0; mu < 4; mu++) {
          let x = 0;
          for (let nu = 0; nu < 4; nu++) x += L[mu * 4 + nu] * ds.p[o + nu];
          expect(rest.p[o + mu]).toBeCloseTo(REST_SCALE * x, 10);
          sumRest[mu] += rest.p[o + mu];
        }
        // Minkowski products are kept, times scale^2
        for (let k = 0; k < N; k++) expect(dot(rest.p, o, (j * N + k) * 4)).toBeCloseTo(REST_SCALE ** 2 * dot(ds.p, o, (j * N + k) * 4), 9);
      }
      const m = Math.sqrt(J[0] ** 2 - J[1] ** 2 - J[2] ** 2 - J[3] ** 2);
      expect(sumRest[0]).toBeCloseTo(REST_SCALE * m, 10);
      for (let c = 1; c < 4; c++) expect(Math.abs(sumRest[c])).toBeLessThan(1e-12);
      // the padding slot stays zero
      expect(Array.from(rest.p.subarray((j * N + N - 1) * 4, (j * N + N) * 4))).toEqual([0, 0, 0, 0]);
    }
  });

  it("boostToRestFrame with a frame boosts each jet to the rest frame of the frame's jet (linear in the boosted jets)", () => {
    const target = sprayJets(4, 5, 7);
    const rest = boostToRestFrame(target);
    expect(Array.from(boostToRestFrame(target, 1, target).p)).toEqual(Array.from(rest.p));
    // other jets (three slots, scaled copies of the first three target slots) in the target's frames
    const other: JetDataset = { numJets: 4, numParticles: 3, p: new Float64Array(4 * 3 * 4), mask: new Float64Array(12).fill(1), units: 'TeV' };
    for (let j = 0; j < 4; j++) for (let i = 0; i < 12; i++) other.p[j * 12 + i] = 2 * target.p[j * 20 + i];
    const got = boostToRestFrame(other, 1, target);
    for (let j = 0; j < 4; j++) for (let i = 0; i < 12; i++) expect(got.p[j * 12 + i]).toBeCloseTo(2 * rest.p[j * 20 + i], 12);
    expect(() => boostToRestFrame(other, 1, sprayJets(3, 5, 7))).toThrow(/4 jets like ds/);
  });

  it('boostToRestFrame rejects a jet without a rest frame (one massless particle)', () => {
    const ds: JetDataset = { numJets: 1, numParticles: 1, p: Float64Array.of(1, 0, 0, 1), mask: Float64Array.of(1), units: 'TeV' };
    expect(() => boostToRestFrame(ds)).toThrow(ShapeError);
  });

  it('energyWeightedMse weighs each slot by 1/(N 4 (E + e0)), as written out by hand', () => {
    const p = [1, 0, 0, 1, 2, 0, 2, 0, 0, 0, 0, 0];
    const reco = [1.5, 0, 0, 1, 2, 1, 2, 0, 0, 0, 0, 1];
    const stand = { reconstruct: () => tensor(Float64Array.from(reco), [1, 3, 4]) } as unknown as JetAutoencoder;
    const e0 = 0.5;
    const loss = energyWeightedMse(stand, e0)(tensor(Float64Array.from(p), [1, 3, 4]), tensor(Float64Array.of(1, 1, 0), [1, 3])) as Tensor;
    const expected = 0.25 / (12 * (1 + e0)) + 1 / (12 * (2 + e0)) + 1 / (12 * (0 + e0));
    expect(loss.shape).toEqual([1]);
    expect(loss.dataSync()[0]).toBeCloseTo(expected, 14);
    expect(() => energyWeightedMse(stand, 0)).toThrow(ConfigError);
  });

  it('withRemainderSlot adds the stored jet minus the particles, with the jet phi recovered from the first particle', () => {
    // a jet of pt 1 TeV, eta 0.3, mass 100 GeV at phi 0.7; two massless particles at phi_rel 0.05 and -0.1
    const jetPhi = 0.7;
    const parts = [[0.6, 0.32, 0.05], [0.3, 0.25, -0.1]]; // pt (TeV), eta, phi_rel
    const p = Float64Array.from(parts.flatMap(([pt, eta, dphi]) => [pt * Math.cosh(eta), pt * Math.cos(jetPhi + dphi), pt * Math.sin(jetPhi + dphi), pt * Math.sinh(eta)]));
    const ds: JetDataset = { numJets: 1, numParticles: 2, p, mask: Float64Array.of(1, 1), labels: Int32Array.of(2), units: 'TeV' };
    const out = withRemainderSlot(ds, { values: Float64Array.of(1000, 0.3, 100, 40, 0.05), rows: 1, features: 5 });
    expect([out.numParticles, out.units, Array.from(out.mask), Array.from(out.labels!)]).toEqual([3, 'TeV', [1, 1, 1], [2]]);
    const J = [Math.sqrt(Math.cosh(0.3) ** 2 + 0.01), Math.cos(jetPhi), Math.sin(jetPhi), Math.sinh(0.3)];
    for (let c = 0; c < 4; c++) {
      expect(out.p[c]).toBe(p[c]);
      expect(out.p[8 + c]).toBeCloseTo(J[c] - p[c] - p[4 + c], 12);
    }
    // a stored jet equal to the particles' sum leaves the slot empty
    const sumPt = Math.hypot(p[1] + p[5], p[2] + p[6]);
    const sumEta = Math.asinh((p[3] + p[7]) / sumPt);
    const sumM = Math.sqrt((p[0] + p[4]) ** 2 - (p[1] + p[5]) ** 2 - (p[2] + p[6]) ** 2 - (p[3] + p[7]) ** 2);
    const empty = withRemainderSlot(ds, { values: Float64Array.of(1000 * sumPt, sumEta, 1000 * sumM, 2, Math.atan2(p[2], p[1]) - Math.atan2(p[2] + p[6], p[1] + p[5]) + 0), rows: 1, features: 5 });
    expect(Array.from(empty.mask)).toEqual([1, 1, 0]);
    expect(Array.from(empty.p.subarray(8))).toEqual([0, 0, 0, 0]);
    expect(() => withRemainderSlot(ds, { values: new Float64Array(4), rows: 1, features: 4 })).toThrow(ShapeError);
  });

  it('leadingSlotsMse counts only the first slots, each component error squared over slots * 4', () => {
    const p = [1, 0, 0, 1, 2, 0, 2, 0, 5, 5, 5, 5];
    const reco = [1.5, 0, 0, 1, 2, 1, 2, 0, 0, 0, 0, 0];
    const stand = { reconstruct: () => tensor(Float64Array.from(reco), [1, 3, 4]) } as unknown as JetAutoencoder;
    const loss = leadingSlotsMse(stand, 2)(tensor(Float64Array.from(p), [1, 3, 4]), tensor(Float64Array.of(1, 1, 1), [1, 3])) as Tensor;
    expect(loss.dataSync()[0]).toBeCloseTo((0.25 + 1) / 8, 14);
    expect(() => leadingSlotsMse(stand, 0)).toThrow(ConfigError);
    expect(() => leadingSlotsMse(stand, 4)(tensor(Float64Array.from(p), [1, 3, 4]), tensor(Float64Array.of(1, 1, 1), [1, 3]))).toThrow(ShapeError);
  });

  it('trains and scores each variant on the shipped sample (small model, one epoch): AUCs in [0, 1]', async () => {
    const valLoss: Record<string, number> = {};
    for (const variant of ['lab', 'rest', 'soft', 'remainder', 'remainder-input', 'denoise'] as const) {
      const r = await trainingVariant({ dir: sampleDataDir(), variant, epochs: 1, seed: 0, maxJets: 60, reference: 40, model: { encoderChannels: [2], decoderChannels: [2] } });
      valLoss[variant] = r.valLoss[0];
      expect(r.variant).toBe(variant);
      expect(r.valLoss).toHaveLength(1);
      expect(Number.isFinite(r.valLoss[0])).toBe(true);
      expect(r.referenceJets).toBe(40);
      for (const c of ['t', 'w', 'z', 'combined']) expect(r.auc[c] >= 0 && r.auc[c] <= 1).toBe(true);
    }
    // the denoising run trains on thinned inputs: the same jets, seed and loss end elsewhere
    expect(valLoss.denoise).not.toBe(valLoss.lab);
    await expect(trainingVariant({ dir: sampleDataDir(), variant: 'frame' as never, epochs: 1, seed: 0 })).rejects.toThrow(/`options.variant` must be one of lab, rest, soft, remainder, remainder-input, denoise/);
  });
});

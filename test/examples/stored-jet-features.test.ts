/** examples/stored-jet-features.ts: the stored features line up with the loader's jets; the row helpers; the study on the shipped sample. */
import { describe, expect, it } from 'vitest';
import { concatJets, ConfigError, LGAE, ShapeError, loadJetNetSplits, sampleDataDir, type FeatureRows, type JetDataset } from 'lorentz-irreps';
import { appendColumns, firstRows, STORED_COLUMNS, storedFeatureStudy, storedJetFeatureSplits } from '../../examples/stored-jet-features';

const F = STORED_COLUMNS.length;

const rows = (values: number[], features: number): FeatureRows => ({ values: Float64Array.from(values), rows: values.length / features, features });

/** Pseudorapidity, pt (TeV) and phi of the summed four-momentum of each jet's particles. */
function summed(ds: JetDataset): { eta: number[]; pt: number[]; phi: number[] } {
  const eta: number[] = [];
  const pt: number[] = [];
  const phi: number[] = [];
  const N = ds.numParticles;
  for (let j = 0; j < ds.numJets; j++) {
    const J = [0, 0, 0, 0];
    for (let i = 0; i < N; i++) for (let c = 0; c < 4; c++) J[c] += ds.p[(j * N + i) * 4 + c];
    eta.push(Math.asinh(J[3] / Math.hypot(J[1], J[2])));
    pt.push(Math.hypot(J[1], J[2]));
    phi.push(Math.atan2(J[2], J[1]));
  }
  return { eta, pt, phi };
}

describe('examples/stored-jet-features.ts', () => {
  it('storedJetFeatureSplits puts row i of a split beside jet i of the loader split (eta and recovered phi of the particles; pt when all are stored)', async () => {
    const dir = sampleDataDir();
    const classes = ['g', 'w'] as const;
    const jets = await loadJetNetSplits({ dir, classes: [...classes], units: 'TeV', seed: 3, maxJets: 150 });
    const stored = await storedJetFeatureSplits({ dir, classes, seed: 3, maxJets: 150 });
    let complete = 0;
    for (const c of classes) {
      for (const which of ['train', 'val', 'test'] as const) {
        const ds = jets[c][which];
        const st = stored[c][which];
        expect(st.rows).toBe(ds.numJets);
        const { eta, pt, phi } = summed(ds);
        let close = 0;
        for (let j = 0; j < ds.numJets; j++) {
          // the jet phi recovered from the hardest particle and its stored phi_rel
          const o = j * ds.numParticles * 4;
          const jetPhi = Math.atan2(ds.p[o + 2], ds.p[o + 1]) - st.values[F * j + 4];
          const dPhi = Math.abs(Math.atan2(Math.sin(phi[j] - jetPhi), Math.cos(phi[j] - jetPhi)));
          if (Math.abs(eta[j] - st.values[F * j + 1]) < 0.1 && dPhi < 0.1) close++;
          if (st.values[F * j + 3] <= ds.numParticles) {
            complete++;
            // all constituents stored: their summed pt is the stored jet pt (the mass is not: the
            // loader makes every particle massless, the stored mass counts the hadron masses)
            expect(Math.abs(pt[j] / (st.values[F * j] / 1000) - 1)).toBeLessThan(1e-5);
          }
        }
        // the 30 hardest particles carry the jet's direction; a misaligned row would miss by ~1
        expect(close / ds.numJets).toBeGreaterThan(0.95);
      }
    }
    expect(complete).toBeGreaterThan(0); // the check above ran
  });

  it('firstRows and appendColumns place values as documented, and reject mismatched rows', () => {
    const a = rows([1, 2, 3, 4, 5, 6], 2);
    const c = rows([7, 8, 9, 10, 11, 12], 2);
    expect(Array.from(firstRows([a, c], [2, 1]).values)).toEqual([1, 2, 3, 4, 7, 8]);
    expect(() => firstRows([a], [4])).toThrow(ShapeError);
    expect(() => firstRows([a, rows([1, 2], 1)], [1, 1])).toThrow(ShapeError);
    const ac = appendColumns(a, c, [1]);
    expect([ac.rows, ac.features]).toEqual([3, 3]);
    expect(Array.from(ac.values)).toEqual([1, 2, 8, 3, 4, 10, 5, 6, 12]);
    expect(() => appendColumns(a, rows([1, 2], 1), [0])).toThrow(ShapeError);
    expect(() => appendColumns(a, c, [2])).toThrow(ConfigError);
  });

  it('storedFeatureStudy runs on an LGAE and the shipped sample: seven feature sets, AUCs in [0, 1]', async () => {
    const dir = sampleDataDir();
    const s = await loadJetNetSplits({ dir, classes: ['g', 'q', 't'], units: 'TeV', seed: 0, maxJets: 100 });
    const st = await storedJetFeatureSplits({ dir, classes: ['g', 'q', 't'], seed: 0, maxJets: 100 });
    const model = LGAE.create({ aggregation: 'mix', latentVectors: 2, particles: 30, seed: 1, units: 'TeV', encoderChannels: [2], decoderChannels: [2] });
    try {
      const both = (x: FeatureRows, y: FeatureRows) => firstRows([x, y], [x.rows, y.rows]);
      const r = storedFeatureStudy(model, {
        reference: { jets: concatJets([s.g.train, s.q.train]), stored: both(st.g.train, st.q.train) },
        test: { background: { jets: concatJets([s.g.test, s.q.test]), stored: both(st.g.test, st.q.test) }, t: { jets: s.t.test, stored: st.t.test } },
      });
      expect(r.signals).toEqual(['t']);
      expect(r.sets.map((x) => x.name)).toEqual(['latent', 'latent + stored mass', 'latent + stored multiplicity', 'latent + both', 'substructure (30 particles)', 'substructure, stored m/pT', 'substructure, stored mass']);
      for (const x of r.sets) for (const a of Object.values(x.auc)) expect(a >= 0 && a <= 1).toBe(true);
      expect(() => storedFeatureStudy(model, { reference: { jets: s.g.train, stored: st.q.val }, test: {} })).toThrow(/as many stored rows as jets/);
    } finally {
      model.dispose();
    }
  });
});

/** examples/width-baseline.ts: the jet width on jets of known shape, and the AUCs on the shipped sample. */
import { describe, expect, it } from 'vitest';
import { sampleDataDir } from 'lorentz-irreps';
import { jetWidths, widthBaseline } from '../../examples/width-baseline';

/** A massless particle of transverse momentum pt at (eta, phi), as (E, px, py, pz). */
const particle = (pt: number, eta: number, phi: number) => [pt * Math.cosh(eta), pt * Math.cos(phi), pt * Math.sin(phi), pt * Math.sinh(eta)];

describe('examples/width-baseline.ts', () => {
  it('gives 0 for collinear particles and d/2 for two equal particles a distance d apart', () => {
    const d = 0.2;
    const jets = {
      numJets: 2,
      numParticles: 2,
      p: [...particle(1, 0.3, 1), ...particle(2, 0.3, 1), ...particle(1, 0, -d / 2), ...particle(1, 0, d / 2)],
      mask: [1, 1, 1, 1],
    };
    const w = jetWidths(jets);
    expect(w[0]).toBeLessThan(1e-12);
    expect(w[1]).toBeCloseTo(d / 2, 12); // symmetric about the jet axis: each particle d/2 from it
  });

  it('scores the shipped sample with AUCs in [0, 1], top jets wider than QCD jets', async () => {
    const { qcdJets, auc } = await widthBaseline({ dir: sampleDataDir(), seed: 0, maxJets: 200 });
    expect(qcdJets).toBe(80);
    for (const a of Object.values(auc)) expect(a >= 0 && a <= 1).toBe(true);
    expect(auc.t).toBeGreaterThan(0.6);
  });
});

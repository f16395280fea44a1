/** examples/substructure-baseline.ts: N-subjettiness on jets of known shape, the observables, and the AUCs on the shipped sample. */
import { describe, expect, it } from 'vitest';
import { ConfigError, DataError, jetFeaturesFromFourMomenta, sampleDataDir, ShapeError } from 'lorentz-irreps';
import { nSubjettiness, OBSERVABLES, substructureBaseline, substructureObservables } from '../../examples/substructure-baseline';
import { jetWidths } from '../../examples/width-baseline';

/** A massless particle of transverse momentum pt at (eta, phi), as (E, px, py, pz). */
const particle = (pt: number, eta: number, phi: number) => [pt * Math.cosh(eta), pt * Math.cos(phi), pt * Math.sin(phi), pt * Math.sinh(eta)];

/** Clusters of two equal particles each, at +-delta in eta about each centre, with cluster pts. */
function clusters(centres: [number, number][], pts: number[], delta: number) {
  const eta: number[] = [];
  const phi: number[] = [];
  const pt: number[] = [];
  centres.forEach(([e, p], a) => {
    for (const s of [-1, 1]) [eta, phi, pt].forEach((arr, k) => arr.push([e + s * delta, p, pts[a]][k]));
  });
  return { eta, phi, pt };
}

describe('examples/substructure-baseline.ts: nSubjettiness', () => {
  it('is 0 with at most N particles, and d/2 for tau_1 of two equal particles d apart', () => {
    expect(nSubjettiness([0, 0.3], [0, 0], [1, 1], 2)).toBe(0);
    expect(nSubjettiness([0.1], [0.2], [5], 1)).toBe(0);
    expect(nSubjettiness([0, 0.3], [0, 0], [1, 1], 1)).toBeCloseTo(0.15, 14);
  });

  it('finds well separated clusters: tau_N is the spread delta inside each of N clusters, and grows when fewer axes than clusters', () => {
    const delta = 0.01;
    const two = clusters([[0, 0], [0.4, 0.3]], [3, 1], delta);
    expect(nSubjettiness(two.eta, two.phi, two.pt, 2)).toBeCloseTo(delta, 12);
    const three = clusters([[0, 0], [0.4, 0.3], [-0.2, 0.5]], [3, 1, 2], delta);
    expect(nSubjettiness(three.eta, three.phi, three.pt, 3)).toBeCloseTo(delta, 12);
    // two axes for three clusters: at least one cluster is far from its axis
    expect(nSubjettiness(three.eta, three.phi, three.pt, 2)).toBeGreaterThan(10 * delta);
    // the ratios a two-prong and a three-prong jet are told apart by
    const t21 = nSubjettiness(two.eta, two.phi, two.pt, 2) / nSubjettiness(two.eta, two.phi, two.pt, 1);
    expect(t21).toBeLessThan(0.1);
  });

  it('throws typed errors for N < 1, arrays of unequal length and bad particles', () => {
    expect(() => nSubjettiness([0, 1], [0, 1], [1, 1], 0)).toThrow(ConfigError);
    expect(() => nSubjettiness([0], [0, 1], [1, 1], 1)).toThrow(ShapeError);
    expect(() => nSubjettiness([0, 1], [0, 1], [1, 0], 1)).toThrow(/particle 1/);
    expect(() => nSubjettiness([0, Number.NaN], [0, 1], [1, 1], 1)).toThrow(DataError);
  });
});

describe('examples/substructure-baseline.ts: observables and AUCs', () => {
  it('gives m/pT of the summed jet, its width, and the tau ratios of a two-prong jet', () => {
    const d = 0.01;
    const jet = [...particle(3, -d, 0), ...particle(3, d, 0), ...particle(1, 0.4 - d, 0.3), ...particle(1, 0.4 + d, 0.3)];
    const jets = { numJets: 1, numParticles: 4, p: jet, mask: [1, 1, 1, 1] };
    const obs = substructureObservables(jets);
    expect(obs.features).toBe(OBSERVABLES.length);
    const kin = jetFeaturesFromFourMomenta(jets);
    expect(obs.values[0]).toBeCloseTo(kin.mass[0] / kin.pt[0], 12);
    expect(obs.values[1]).toBeCloseTo(jetWidths(jets)[0], 12);
    expect(obs.values[2]).toBeLessThan(0.1); // tau_2 / tau_1 small: two prongs
    expect(obs.values[3]).toBeGreaterThan(0.1); // tau_3 / tau_2 not small: no third prong
  });

  it('scores the shipped sample with AUCs in [0, 1], top jets above QCD jets', async () => {
    const result = await substructureBaseline({ dir: sampleDataDir(), seed: 0, maxJets: 200 });
    expect(result.qcdJets).toBe(80);
    expect(result.referenceJets).toBe(240);
    for (const a of [result.knn, ...Object.values(result.single)]) for (const v of Object.values(a)) expect(v >= 0 && v <= 1).toBe(true);
    expect(result.knn.t).toBeGreaterThan(0.6);
  });
});

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  ConfigError,
  DataError,
  ShapeError,
  fourMomentaToRelative,
  jetFeaturesFromFourMomenta,
  jetNetToFourMomenta,
  loadJetNetSample,
  wrapPhi,
} from 'lorentz-irreps';

const relErr = (a: number, b: number) => Math.abs(a - b) / Math.max(1, Math.abs(b));

describe('wrapPhi', () => {
  it('maps every angle into [-pi, pi) and changes it by a multiple of 2 pi', () => {
    fc.assert(
      fc.property(fc.double({ min: -100, max: 100, noNaN: true }), (phi) => {
        const w = wrapPhi(phi);
        expect(w).toBeGreaterThanOrEqual(-Math.PI);
        expect(w).toBeLessThan(Math.PI);
        const turns = (phi - w) / (2 * Math.PI);
        expect(Math.abs(turns - Math.round(turns))).toBeLessThan(1e-12);
      }),
    );
    expect(wrapPhi(Math.PI)).toBe(-Math.PI);
    expect(wrapPhi(-Math.PI)).toBe(-Math.PI);
  });
});

describe('jetNetToFourMomenta', () => {
  const jets = {
    numJets: 2,
    numParticles: 3,
    particleFeatures: [0.1, -0.2, 0.5, 1, -0.3, 0.05, 0.25, 1, 9, 9, 9, 0, 0.2, 0.3, 0.7, 1, 0, 0, 0, 0, 0, 0, 0, 0],
    jetFeatures: [1000, 0.4, 90, 40, 500, -1.2, 60, 12],
  };

  it('gives massless particles with pt = ptrel pt_J, eta = etarel + eta_J and phi = phirel + phi_J', () => {
    const out = jetNetToFourMomenta(jets, { units: 'GeV', jetPhi: [2.9, -1] });
    const expected = [
      [0, 0, 1000, 0.4, 2.9],
      [0, 1, 1000, 0.4, 2.9],
      [1, 0, 500, -1.2, -1],
    ];
    for (const [j, i, jetPt, jetEta, jetPhi] of expected) {
      const k = (j * 3 + i) * 4;
      const f = (j * 3 + i) * 4;
      const [E, px, py, pz] = out.p.subarray(k, k + 4);
      const pt = Math.hypot(px, py);
      expect(relErr(pt, jets.particleFeatures[f + 2] * jetPt)).toBeLessThan(1e-14);
      expect(Math.asinh(pz / pt)).toBeCloseTo(jets.particleFeatures[f] + jetEta, 13);
      expect(wrapPhi(Math.atan2(py, px) - (jets.particleFeatures[f + 1] + jetPhi))).toBeCloseTo(0, 13);
      expect(Math.abs(E * E - (px * px + py * py + pz * pz)) / (E * E)).toBeLessThan(1e-14);
    }
  });

  it('writes zeros for padded slots whatever their features hold', () => {
    const out = jetNetToFourMomenta(jets, { units: 'GeV', jetPhi: [0, 0] });
    expect(Array.from(out.p.subarray(8, 12))).toEqual([0, 0, 0, 0]);
    expect(Array.from(out.mask)).toEqual([1, 1, 0, 1, 0, 0]);
  });

  it('scales GeV by 1, 1e-3 and 1e-6 for GeV, TeV and PeV and records the unit', () => {
    const gev = jetNetToFourMomenta(jets, { units: 'GeV', seed: 3 });
    const tev = jetNetToFourMomenta(jets, { units: 'TeV', seed: 3 });
    const pev = jetNetToFourMomenta(jets, { units: 'PeV', seed: 3 });
    expect([gev.units, tev.units, pev.units]).toEqual(['GeV', 'TeV', 'PeV']);
    gev.p.forEach((v, k) => {
      expect(tev.p[k]).toBeCloseTo(v * 1e-3, 12);
      expect(pev.p[k]).toBeCloseTo(v * 1e-6, 15);
    });
  });

  it('draws jet azimuths in [-pi, pi) reproducibly from the seed and returns them', () => {
    const a = jetNetToFourMomenta(jets, { units: 'TeV', seed: 11 });
    const b = jetNetToFourMomenta(jets, { units: 'TeV', seed: 11 });
    const c = jetNetToFourMomenta(jets, { units: 'TeV', seed: 12 });
    expect(Array.from(a.jetPhi)).toEqual(Array.from(b.jetPhi));
    expect(Array.from(a.jetPhi)).not.toEqual(Array.from(c.jetPhi));
    for (const phi of a.jetPhi) expect(phi >= -Math.PI && phi < Math.PI).toBe(true);
    const given = jetNetToFourMomenta(jets, { units: 'TeV', jetPhi: a.jetPhi });
    expect(Array.from(given.p)).toEqual(Array.from(a.p));
  });

  it('never guesses units or azimuths', () => {
    expect(() => jetNetToFourMomenta(jets, { seed: 1 } as never)).toThrow(ConfigError);
    expect(() => jetNetToFourMomenta(jets, { units: 'MeV', seed: 1 } as never)).toThrow(/`options.units` must be one of 'GeV', 'TeV', 'PeV'/);
    expect(() => jetNetToFourMomenta(jets, { units: 'GeV' })).toThrow(/exactly one of `seed` and `jetPhi`/);
    expect(() => jetNetToFourMomenta(jets, { units: 'GeV', seed: 1, jetPhi: [0, 0] })).toThrow(ConfigError);
  });

  it('rejects inconsistent sizes, bad masks and non-finite features', () => {
    expect(() => jetNetToFourMomenta({ ...jets, numParticles: 4 }, { units: 'GeV', seed: 1 })).toThrow(ShapeError);
    expect(() => jetNetToFourMomenta(jets, { units: 'GeV', jetPhi: [0] })).toThrow(/`options.jetPhi` must be an array of length numJets = 2/);
    const badMask = { ...jets, particleFeatures: jets.particleFeatures.map((v, k) => (k === 3 ? 0.5 : v)) };
    expect(() => jetNetToFourMomenta(badMask, { units: 'GeV', seed: 1 })).toThrow(DataError);
    const nan = { ...jets, particleFeatures: jets.particleFeatures.map((v, k) => (k === 0 ? Number.NaN : v)) };
    expect(() => jetNetToFourMomenta(nan, { units: 'GeV', seed: 1 })).toThrow(/finite features/);
  });
});

/** Random massless jets: P slots, the first `count` real, all near a common axis. */
const jetArb = fc
  .record({
    count: fc.integer({ min: 1, max: 6 }),
    axisEta: fc.double({ min: -2.5, max: 2.5, noNaN: true }),
    axisPhi: fc.double({ min: -Math.PI, max: Math.PI, noNaN: true }),
    parts: fc.array(
      fc.record({
        pt: fc.double({ min: 1, max: 500, noNaN: true }),
        deta: fc.double({ min: -0.8, max: 0.8, noNaN: true }),
        dphi: fc.double({ min: -0.8, max: 0.8, noNaN: true }),
      }),
      { minLength: 6, maxLength: 6 },
    ),
  })
  .map(({ count, axisEta, axisPhi, parts }) => {
    const P = 6;
    const p = new Float64Array(P * 4);
    const mask = new Float64Array(P);
    parts.slice(0, count).forEach(({ pt, deta, dphi }, i) => {
      const eta = axisEta + deta;
      const phi = axisPhi + dphi;
      p.set([pt * Math.cosh(eta), pt * Math.cos(phi), pt * Math.sin(phi), pt * Math.sinh(eta)], 4 * i);
      mask[i] = 1;
    });
    return { numJets: 1, numParticles: P, p, mask };
  });

describe('fourMomentaToRelative', () => {
  it('inverts jetNetToFourMomenta when the jet features describe the sum of the same particles', () => {
    fc.assert(
      fc.property(jetArb, (jet) => {
        const rel = fourMomentaToRelative(jet);
        const back = jetNetToFourMomenta(rel, { units: 'GeV', jetPhi: rel.jetPhi });
        jet.p.forEach((v, k) => expect(Math.abs(back.p[k] - v)).toBeLessThan(1e-9 * (1 + Math.abs(v))));
        expect(Array.from(back.mask)).toEqual(Array.from(jet.mask));
      }),
    );
  });

  it('gives ptrel summing to at least 1 (the triangle inequality), phirel in [-pi, pi), and a lone particle on the axis', () => {
    fc.assert(
      fc.property(jetArb, (jet) => {
        const rel = fourMomentaToRelative(jet);
        let sum = 0;
        for (let i = 0; i < 6; i++) {
          sum += rel.particleFeatures[4 * i + 2];
          const phirel = rel.particleFeatures[4 * i + 1];
          expect(phirel >= -Math.PI && phirel < Math.PI).toBe(true);
        }
        expect(sum).toBeGreaterThanOrEqual(1 - 1e-12);
      }),
    );
    const single = fourMomentaToRelative({ numJets: 1, numParticles: 1, p: [Math.cosh(1), 0, 1, Math.sinh(1)] });
    expect(Array.from(single.particleFeatures).map((v) => Math.abs(v) < 1e-15 ? 0 : v)).toEqual([0, 0, 1, 1]);
    expect(single.jetPhi[0]).toBeCloseTo(Math.PI / 2, 15);
  });

  it('rejects a jet with no real particles and a real particle along the beam', () => {
    expect(() => fourMomentaToRelative({ numJets: 1, numParticles: 2, p: new Float64Array(8), mask: [0, 0] })).toThrow(/jet 0 has pt 0/);
    expect(() => fourMomentaToRelative({ numJets: 1, numParticles: 2, p: [5, 3, 4, 0, 2, 0, 0, 2], mask: [1, 1] })).toThrow(/particle 1 has pt 0/);
  });
});

describe('jetFeaturesFromFourMomenta', () => {
  it('computes the mass of two massless particles as sqrt(2 pt1 pt2 (cosh deta - cos dphi)), and pt, eta, phi of their sum', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -2, max: 2, noNaN: true }), { minLength: 4, maxLength: 4 }),
        fc.array(fc.double({ min: 10, max: 500, noNaN: true }), { minLength: 2, maxLength: 2 }),
        ([eta1, phi1, eta2, phi2], [pt1, pt2]) => {
          const v = (pt: number, eta: number, phi: number) => [pt * Math.cosh(eta), pt * Math.cos(phi), pt * Math.sin(phi), pt * Math.sinh(eta)];
          const p = [...v(pt1, eta1, phi1), ...v(pt2, eta2, phi2)];
          const k = jetFeaturesFromFourMomenta({ numJets: 1, numParticles: 2, p });
          const m = Math.sqrt(2 * pt1 * pt2 * (Math.cosh(eta1 - eta2) - Math.cos(phi1 - phi2)));
          expect(Math.abs(k.mass[0] - m)).toBeLessThan(1e-6 * (pt1 + pt2) * Math.cosh(2));
          const px = p[1] + p[5];
          const py = p[2] + p[6];
          expect(k.pt[0]).toBeCloseTo(Math.hypot(px, py), 9);
          expect(Math.sinh(k.eta[0]) * k.pt[0]).toBeCloseTo(p[3] + p[7], 8);
          expect(wrapPhi(k.phi[0] - Math.atan2(py, px))).toBeCloseTo(0, 12);
        },
      ),
    );
  });

  it('ignores masked slots and clamps a slightly negative m^2 to a mass of 0', () => {
    const k = jetFeaturesFromFourMomenta({ numJets: 2, numParticles: 2, p: [5, 3, 4, 0, 100, 1, 1, 1, 5, 3, 4, 1e-9, 0, 0, 0, 0], mask: [1, 0, 1, 1] });
    expect(k.mass[0]).toBe(0);
    expect(k.mass[1]).toBe(0);
    expect(Array.from(k.numParticles)).toEqual([1, 2]);
    expect(k.pt[0]).toBe(5);
  });

  it('rejects non-finite momenta and inconsistent sizes', () => {
    expect(() => jetFeaturesFromFourMomenta({ numJets: 1, numParticles: 1, p: [1, 0, 0, Number.NaN] })).toThrow(DataError);
    expect(() => jetFeaturesFromFourMomenta({ numJets: 1, numParticles: 2, p: [1, 0, 0, 1] })).toThrow(ShapeError);
  });
});

describe('the shipped sample, converted to four-momenta', () => {
  it('reproduces the stored jet pt, eta and particle features, and bounds its mass, for jets whose constituents all fit in the 30 slots', async () => {
    const { q } = await loadJetNetSample(['q']);
    const ds = jetNetToFourMomenta(q, { units: 'GeV', seed: 5 });
    const kin = jetFeaturesFromFourMomenta(ds);
    const rel = fourMomentaToRelative(ds);
    let checked = 0;
    for (let j = 0; j < q.numJets; j++) {
      const [pt, eta, mass, n] = q.jetFeatures.subarray(4 * j, 4 * j + 4);
      if (n >= 30) continue;
      checked++;
      expect(kin.numParticles[j]).toBe(n);
      expect(relErr(kin.pt[j], pt)).toBeLessThan(1e-5);
      expect(Math.abs(kin.eta[j] - eta)).toBeLessThan(1e-5);
      // same three-momenta, but E = |p| < sqrt(|p|^2 + m^2) for each hadron: the mass can only drop
      expect(kin.mass[j]).toBeLessThanOrEqual(mass * (1 + 1e-5));
      expect(kin.mass[j]).toBeGreaterThan(0.3 * mass);
      expect(wrapPhi(kin.phi[j] - ds.jetPhi[j])).toBeCloseTo(0, 5);
      for (let i = 0; i < n; i++) {
        const k = (j * 30 + i) * 4;
        expect(Math.abs(rel.particleFeatures[k] - q.particleFeatures[k])).toBeLessThan(1e-4);
        expect(Math.abs(wrapPhi(rel.particleFeatures[k + 1] - q.particleFeatures[k + 1]))).toBeLessThan(1e-4);
        expect(relErr(rel.particleFeatures[k + 2], q.particleFeatures[k + 2])).toBeLessThan(1e-4);
      }
    }
    expect(checked).toBeGreaterThan(50);
  });
});

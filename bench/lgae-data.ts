/**
 * Jets for the LGAE benchmarks: four-momenta in TeV with particle masks.
 *
 * Source, in order of preference:
 * 1. the JetNet-layout simulated jets of /work/shared/data/jetnet-like-pythia8 (their .npy copies
 *    of the first 5000 jets of each class g, q, t, w, z, read without HDF5), an equal share of
 *    each class, converted with `jetNetToFourMomenta` (massless particles, TeV, jet azimuths
 *    drawn from a fixed seed);
 * 2. when that folder is missing, a seeded generator of jet-like events: jet pT uniform in
 *    [0.8, 1.2] TeV and eta in [-2, 2], 30 massless particles with pT fractions from a
 *    normalized exponential (a Dirichlet(1) draw, sorted), and eta / phi offsets from the jet
 *    axis normal with width 0.1 / (1 + 3 pTrel) (harder particles closer to the axis), all slots
 *    real.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { jetNetToFourMomenta, loadJetNetNpy, Random } from '../src/index';

/** Jets as flat arrays: p [n, P, 4] (E, px, py, pz) in TeV and mask [n, P]. */
export interface BenchJets {
  readonly numJets: number;
  readonly numParticles: number;
  readonly p: Float64Array;
  readonly mask: Float64Array;
  /** Where they came from, for the report. */
  readonly source: string;
}

const DATA = '/work/shared/data/jetnet-like-pythia8/npy';
const CLASSES = ['g', 'q', 't', 'w', 'z'] as const;

function fromFiles(count: number): BenchJets {
  const per = Math.ceil(count / CLASSES.length);
  const parts = CLASSES.map((cls, k) => {
    const data = loadJetNetNpy(
      { particleFeatures: join(DATA, `${cls}_particle_features_first5000.npy`), jetFeatures: join(DATA, `${cls}_jet_features_first5000.npy`) },
      { start: 0, end: per },
    );
    return jetNetToFourMomenta(data, { units: 'TeV', seed: 100 + k });
  });
  const numParticles = parts[0].numParticles;
  const p = new Float64Array(count * numParticles * 4);
  const mask = new Float64Array(count * numParticles);
  // Interleave the classes jet by jet, so that any prefix is balanced.
  for (let j = 0; j < count; j++) {
    const src = parts[j % CLASSES.length];
    const row = Math.floor(j / CLASSES.length);
    p.set(src.p.subarray(row * numParticles * 4, (row + 1) * numParticles * 4), j * numParticles * 4);
    mask.set(src.mask.subarray(row * numParticles, (row + 1) * numParticles), j * numParticles);
  }
  return { numJets: count, numParticles, p, mask, source: `${DATA} (g, q, t, w, z interleaved, jetNetToFourMomenta, TeV)` };
}

function generated(count: number, seed: number): BenchJets {
  const rng = new Random(seed);
  const n = 30;
  const p = new Float64Array(count * n * 4);
  for (let j = 0; j < count; j++) {
    const pt = 0.8 + 0.4 * rng.uniform();
    const eta = -2 + 4 * rng.uniform();
    const phi = Math.PI * (2 * rng.uniform() - 1);
    const w = Float64Array.from({ length: n }, () => -Math.log(1 - rng.uniform()));
    const total = w.reduce((a, b) => a + b, 0);
    w.sort().reverse();
    for (let k = 0; k < n; k++) {
      const rel = w[k] / total;
      const width = 0.1 / (1 + 3 * rel);
      const e = eta + width * rng.normal();
      const f = phi + width * rng.normal();
      const ptk = pt * rel;
      p.set([ptk * Math.cosh(e), ptk * Math.cos(f), ptk * Math.sin(f), ptk * Math.sinh(e)], (j * n + k) * 4);
    }
  }
  return { numJets: count, numParticles: n, p, mask: new Float64Array(count * n).fill(1), source: `seeded generator (seed ${seed}, bench/lgae-data.ts)` };
}

/** `count` jets (count <= 25000 from the files), from the shared data when present. */
export function benchJets(count: number): BenchJets {
  return existsSync(DATA) ? fromFiles(count) : generated(count, 2024);
}

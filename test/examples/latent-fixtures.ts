/** Jets, a stand-in model of known latent and a seeded generator for the tests of the example scripts. */
import { sum, type JetAutoencoder, type JetDataset, type Tensor } from 'lorentz-irreps';

/**
 * Jets of one particle of mass m: at rest, or moving along x with the given momenta; the summed
 * four-momentum has invariant m^2 either way.
 */
export function restJets(masses: readonly number[], momenta?: readonly number[]): JetDataset {
  const p = Float64Array.from(masses.flatMap((m, i) => {
    const k = momenta?.[i] ?? 0;
    return [Math.hypot(m, k), k, 0, 0];
  }));
  return { numJets: masses.length, numParticles: 1, p, mask: new Float64Array(masses.length).fill(1), units: 'TeV' };
}

/** A stand-in model whose one latent four-vector is the jet's summed four-momentum (real). */
export const sumModel = { kind: 'sum', latentFourVectors: (p: Tensor) => sum(p, 1, true) } as unknown as JetAutoencoder;

/** A seeded uniform generator on (0, 1) (Park-Miller). */
export function lcg(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 48271) % 2147483647) / 2147483647;
}

/** n jets of N - 1 massless particles around +z (a boosted spray), in TeV; the last slot padding. */
export function sprayJets(n: number, N: number, seed: number): JetDataset {
  const rand = lcg(seed);
  const p = new Float64Array(n * N * 4);
  const mask = new Float64Array(n * N);
  for (let j = 0; j < n; j++) {
    for (let i = 0; i < N - 1; i++) {
      const v = [0.3 * (rand() - 0.5), 0.3 * (rand() - 0.5), 1 + rand()].map((x) => x * (0.05 + rand()));
      p.set([Math.hypot(v[0], v[1], v[2]), v[0], v[1], v[2]], (j * N + i) * 4);
      mask[j * N + i] = 1;
    }
  }
  return { numJets: n, numParticles: N, p, mask, units: 'TeV' };
}

/** Jets and a stand-in model of known latent for the tests of the latent-space examples. */
import { sum, type JetAutoencoder, type JetDataset, type Tensor } from 'lorentz-irreps';

/** Jets of one particle at rest of mass m: the summed four-momentum has invariant m^2. */
export function restJets(masses: readonly number[]): JetDataset {
  return { numJets: masses.length, numParticles: 1, p: Float64Array.from(masses.flatMap((m) => [m, 0, 0, 0])), mask: new Float64Array(masses.length).fill(1), units: 'TeV' };
}

/** A stand-in model whose one latent four-vector is the jet's summed four-momentum (real). */
export const sumModel = { kind: 'sum', latentFourVectors: (p: Tensor) => sum(p, 1, true) } as unknown as JetAutoencoder;

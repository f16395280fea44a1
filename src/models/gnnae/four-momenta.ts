/**
 * Differentiable conversion of relative particle features (etarel, phirel, ptrel) back into
 * massless four-momenta, so that models working in relative coordinates give four-momenta.
 *
 * @packageDocumentation
 */
import { ShapeError, invalid } from '../../errors';
import { fourMomentaToRelative, type RelativeFeatures } from '../../jets/kinematics';
import { zerosLike } from '../../tensor/creation';
import { tidy } from '../../tensor/memory';
import { add, mul, sub } from '../../tensor/ops/arithmetic';
import { complex, imag, real } from '../../tensor/ops/complex';
import { expandDims } from '../../tensor/ops/reshape';
import { neg, exp } from '../../tensor/ops/unary';
import { concat, slice } from '../../tensor/ops/slice';
import type { Tensor } from '../../tensor/tensor';

/**
 * Massless four-momenta from relative features, with tensor ops (gradients flow to `features`):
 * for particle i of jet b with (etarel, phirel, ptrel) = features[b, i] and jet axis
 * (pt_J, eta_J, phi_J) = jets[b],
 *
 * ```text
 * pt = ptrel pt_J,  eta = etarel + eta_J,  phi = phirel + phi_J
 * p  = mask_bi (pt cosh eta, pt cos phi, pt sin phi, pt sinh eta)
 * ```
 *
 * (cos and sin from exp(i phi), cosh and sinh from exp(+-eta)). The same map as
 * {@link jetNetToFourMomenta}, in the unit of pt_J.
 *
 * @param features - real [B, N, 3] (etarel, phirel, ptrel).
 * @param jets - real [B, 3] (pt_J in the output unit, eta_J, phi_J in radians).
 * @param mask - real [B, N], 1 for a particle and 0 for padding (padded four-momenta are 0).
 * @returns real [B, N, 4] (E, px, py, pz).
 * @throws {@link ShapeError} for shapes that do not fit.
 *
 * @example
 * ```ts
 * import { fourMomentaFromRelative, tensor } from 'lorentz-irreps';
 * const p = fourMomentaFromRelative(tensor([[[0, 0, 0.5], [0, 0, 9]]]), tensor([[2, 0, 0]]), tensor([[1, 0]]));
 * console.assert(JSON.stringify(p.array()) === '[[[1,1,0,0],[0,0,0,0]]]');
 * ```
 */
export function fourMomentaFromRelative(features: Tensor, jets: Tensor, mask: Tensor): Tensor {
  const fn = 'fourMomentaFromRelative';
  if (features === null || typeof features !== 'object' || features.rank !== 3 || features.shape[2] !== 3) {
    throw new ShapeError(invalid(fn, 'features', 'a real tensor of shape [B, N, 3] (etarel, phirel, ptrel)', features?.shape));
  }
  const [B, N] = features.shape;
  if (jets === null || typeof jets !== 'object' || jets.rank !== 2 || jets.shape[0] !== B || jets.shape[1] !== 3) {
    throw new ShapeError(invalid(fn, 'jets', `a real tensor of shape [${B}, 3] (pt, eta, phi)`, jets?.shape));
  }
  if (mask === null || typeof mask !== 'object' || mask.rank !== 2 || mask.shape[0] !== B || mask.shape[1] !== N) {
    throw new ShapeError(invalid(fn, 'mask', `a real tensor of shape [${B}, ${N}]`, mask?.shape));
  }
  return tidy(() => {
    const column = (k: number) => slice(features, [0, 0, k], [B, N, 1]);
    const jet = (k: number) => expandDims(slice(jets, [0, k], [B, 1]), 2); // [B, 1, 1]
    const eta = add(column(0), jet(1));
    const phi = add(column(1), jet(2));
    const pt = mul(mul(column(2), jet(0)), expandDims(mask, 2));
    const rotation = exp(complex(zerosLike(phi), phi));
    const up = exp(eta);
    const down = exp(neg(eta));
    const E = mul(pt, mul(add(up, down), 0.5));
    const pz = mul(pt, mul(sub(up, down), 0.5));
    return concat([E, mul(pt, real(rotation)), mul(pt, imag(rotation)), pz], 2);
  });
}

/** Jets read for a relative-coordinate model: the relative features and each jet's (pt, eta, phi). */
export interface RelativeInput {
  readonly B: number;
  readonly N: number;
  readonly rel: RelativeFeatures;
  /** B*3 values: the jet's pt (unit of p), eta and phi. */
  readonly jets: Float64Array;
}

/**
 * Checks four-momenta p [B, N, 4] and a mask [B, N] for `fn`, and reads them into relative
 * coordinates about each jet's summed four-momentum (on the host: the data need no gradient).
 * @throws {@link ShapeError} for shapes that do not fit; {@link DataError} (from
 *   {@link fourMomentaToRelative}) for a jet without real particles or a real particle with pt = 0.
 */
export function readRelative(fn: string, p: Tensor, mask: Tensor): RelativeInput {
  if (p === null || typeof p !== 'object' || p.rank !== 3 || p.shape[2] !== 4) throw new ShapeError(invalid(fn, 'p', 'a real tensor of shape [B, N, 4]', p?.shape));
  const [B, N] = p.shape;
  if (mask === null || typeof mask !== 'object' || mask.rank !== 2 || mask.shape[0] !== B || mask.shape[1] !== N) {
    throw new ShapeError(invalid(fn, 'mask', `a real tensor of shape [${B}, ${N}]`, mask?.shape));
  }
  const rel = fourMomentaToRelative({ numJets: B, numParticles: N, p: p.dataSync(), mask: mask.dataSync() });
  const jets = new Float64Array(B * 3);
  for (let j = 0; j < B; j++) jets.set([rel.jetFeatures[4 * j], rel.jetFeatures[4 * j + 1], rel.jetPhi[j]], 3 * j);
  return { B, N, rel, jets };
}

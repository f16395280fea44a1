/**
 * The Chamfer loss between reconstructed and target particle sets, differentiable through the
 * tensor engine.
 *
 * @packageDocumentation
 */
import { ConfigError, invalid } from '../errors';
import { tensor } from '../tensor/creation';
import { tidy } from '../tensor/memory';
import { add, sub } from '../tensor/ops/arithmetic';
import { where } from '../tensor/ops/logic';
import { min, sum } from '../tensor/ops/reduce';
import { expandDims } from '../tensor/ops/reshape';
import { sqrt, square } from '../tensor/ops/unary';
import type { Tensor } from '../tensor/tensor';
import { applyMask, checkOptions, checkPair, hostMask, perJetDivide, reduceJets, type LossOptions } from './validate';

/** Options of {@link chamferLoss}. */
export interface ChamferLossOptions extends LossOptions {
  /**
   * Padding mask of the reconstruction, [B, N] of 0/1. Default: `mask` when the reconstruction has
   * as many slots as the target (slot i of the reconstruction is padding where the target's is),
   * else every reconstructed particle is real.
   */
  readonly recoMask?: Tensor;
  /** Squared Euclidean distances (default true) or plain Euclidean distances (false). */
  readonly squared?: boolean;
}

/** Stands in for the distance of a pair with a padded particle; never reaches the result. */
const FAR = 1e300;

/**
 * Chamfer loss between reconstructed jets `reco` [B, N, F] and target jets `target` [B, M, F]
 * (F = 4 Cartesian four-momentum components (E, px, py, pz), compared component-wise, not with
 * the Minkowski metric). For jet b with real reconstructed particles R_b and real target particles
 * T_b (from the masks), with d(x, y) = |x - y|^2 (squared, the default) or |x - y|:
 *
 * ```text
 * L_b = (1/|R_b|) sum_{i in R_b} min_{j in T_b} d(r_i, t_j) + (1/|T_b|) sum_{j in T_b} min_{i in R_b} d(r_i, t_j)
 * ```
 *
 * and the loss is the mean of L_b over the batch (or their sum, or the [B] values themselves, by
 * `reduction`). L_b equals the plain-array metric `chamferDistance(R_b, T_b, { squared })` of the
 * same jet, so a training loss and an evaluation score of one jet agree. It does not depend on the
 * order of particles in either set and is exactly 0 when the two sets are equal.
 *
 * Gradients flow to `reco` and `target` through the selected minima (ties split the gradient
 * equally). With `squared: false` the minimum is taken over squared distances and its square root
 * returned, whose gradient is infinite where a reconstructed particle coincides with a target
 * particle: train with the squared form. Units: (unit of the features)^2 when squared, else the unit.
 * Cost: B*N*M*F work and a [B, N, M] intermediate.
 *
 * @param reco - reconstructed particles [B, N, F], real.
 * @param target - target particles [B, M, F], real, same B, F and dtype.
 * @param options - mask (target), recoMask, squared, reduction.
 * @returns a scalar tensor (or [B] with `reduction: 'none'`).
 * @throws {@link ShapeError} for tensors of the wrong rank or mismatched B or F, or masks of the
 *   wrong shape; {@link DTypeError} for complex tensors or mixed dtypes; {@link DataError} for mask
 *   values other than 0 and 1 or a jet without real particles; {@link ConfigError} for bad options.
 *
 * @example
 * ```ts
 * import { chamferLoss, chamferDistance, tensor } from 'lorentz-irreps';
 * const target = [[1, 0, 0, 1], [2, 1, 1, 0], [3, 0, 2, 1]];
 * const shuffled = tensor([[target[2], target[0], target[1]]]);
 * console.assert(chamferLoss(shuffled, tensor([target])).dataSync()[0] === 0);
 * const reco = [[1, 0, 0, 1.5], [2, 1, 1, 0], [3, 0, 2, 0]];
 * const loss = chamferLoss(tensor([reco]), tensor([target])).dataSync()[0];
 * console.assert(Math.abs(loss - chamferDistance(reco, target)) < 1e-15);
 * ```
 */
export function chamferLoss(reco: Tensor, target: Tensor, options?: ChamferLossOptions): Tensor {
  const fn = 'chamferLoss';
  const [r, t] = checkPair(fn, reco, target, false);
  const { options: o, reduction } = checkOptions(fn, options);
  const squared = o.squared ?? true;
  if (typeof squared !== 'boolean') throw new ConfigError(invalid(fn, 'options.squared', 'a boolean', squared));
  const [B, N] = r.shape;
  const M = t.shape[1];
  const targetMask = hostMask(o.mask, fn, 'options.mask', B, M);
  const recoMask =
    o.recoMask !== undefined || o.mask === undefined || N !== M ? hostMask(o.recoMask, fn, 'options.recoMask', B, N) : targetMask;
  const masked = o.mask !== undefined || o.recoMask !== undefined;
  return tidy(() => {
    // d2[b, i, j] = |r_bi - t_bj|^2: exact differences, so equal particles give exactly 0.
    let d2 = sum(square(sub(expandDims(r, 2), expandDims(t, 1))), -1);
    if (masked) {
      const pair = tensor(outerMask(recoMask.values, targetMask.values, B, N, M), [B, N, M], { dtype: r.dtype });
      d2 = where(pair, d2, FAR);
    }
    let toTarget = min(d2, 2); // [B, N]: nearest target particle of each reconstructed one
    let toReco = min(d2, 1); // [B, M]: nearest reconstructed particle of each target one
    if (!squared) {
      toTarget = sqrt(toTarget);
      toReco = sqrt(toReco);
    }
    if (masked) {
      // rows of padded particles hold FAR (finite): the 0/1 mask removes them and their gradient
      toTarget = applyMask(toTarget, recoMask);
      toReco = applyMask(toReco, targetMask);
    }
    const perJet = add(perJetDivide(sum(toTarget, 1), recoMask.counts), perJetDivide(sum(toReco, 1), targetMask.counts));
    return reduceJets(perJet, reduction);
  });
}

/** pair[b, i, j] = recoMask[b, i] * targetMask[b, j]. */
function outerMask(reco: Float64Array, target: Float64Array, B: number, N: number, M: number): Float64Array {
  const out = new Float64Array(B * N * M);
  for (let b = 0; b < B; b++) {
    for (let i = 0; i < N; i++) {
      if (reco[b * N + i] === 0) continue;
      out.set(target.subarray(b * M, (b + 1) * M), (b * N + i) * M);
    }
  }
  return out;
}

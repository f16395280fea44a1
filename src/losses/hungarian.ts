/**
 * The optimal-assignment (Hungarian) mean squared error between reconstructed and target
 * particle sets: the matching is found on the host, the error is differentiated through the
 * tensor engine.
 *
 * @packageDocumentation
 */
import { DataError, invalid } from '../errors';
import { linearSumAssignment } from '../metrics/assignment';
import { tidy } from '../tensor/memory';
import { sub } from '../tensor/ops/arithmetic';
import { gather } from '../tensor/ops/gather';
import { sum } from '../tensor/ops/reduce';
import { reshape } from '../tensor/ops/reshape';
import { square } from '../tensor/ops/unary';
import type { Tensor } from '../tensor/tensor';
import { applyMask, checkOptions, checkPair, hostMask, perJetDivide, reduceJets, type HostMask, type LossOptions } from './validate';

/** Options of {@link hungarianLoss}. */
export interface HungarianLossOptions extends LossOptions {
  /**
   * Padding mask of the reconstruction, [B, N] of 0/1; each jet must have as many real
   * reconstructed particles as real target particles. Default: `mask` when the reconstruction has
   * as many slots as the target, else every reconstructed particle is real.
   */
  readonly recoMask?: Tensor;
}

/** The result of matching the particles of each jet: gather indices into reco [B*N] for each target slot. */
export interface JetMatching {
  /** For target slot (b, j): the flat index b*N + i of its matched reconstructed particle (b*N for padding). */
  readonly indices: Int32Array;
}

/**
 * Optimal-assignment mean squared error between `reco` [B, N, F] and `target` [B, M, F]. For each
 * jet b, the real target particles T_b and real reconstructed particles R_b (|R_b| = |T_b| = n_b)
 * are matched one-to-one by `linearSumAssignment` (Jonker-Volgenant) on the cost
 * C_jk = |t_j - r_k|^2, computed on the host outside autodiff; then, with s the optimal matching,
 *
 * ```text
 * L_b = (1 / (n_b F)) sum_{j in T_b} |r_{s(j)} - t_j|^2
 * ```
 *
 * differentiated through a gather of the matched reconstructed particles (the matching is held
 * fixed, which is the exact gradient wherever the optimum is unique). The loss is the mean of L_b
 * over jets (or their sum, or the [B] values, by `reduction`). L_b equals the plain-array metric
 * `hungarianDistance(T_b, R_b)`; it does not depend on particle order and is exactly 0 when the
 * sets are equal. Units: (unit of the features)^2. Cost: one O(n_b^3) assignment per jet on the
 * host (reads `reco` and `target` back from their backend).
 *
 * @param reco - reconstructed particles [B, N, F], real.
 * @param target - target particles [B, M, F], real, same B, F and dtype.
 * @param options - mask (target), recoMask, reduction.
 * @returns a scalar tensor (or [B] with `reduction: 'none'`).
 * @throws {@link ShapeError} for tensors of the wrong rank or mismatched B or F, or masks of the
 *   wrong shape; {@link DTypeError} for complex tensors or mixed dtypes; {@link DataError} for mask
 *   values other than 0 and 1, a jet without real particles, or a jet whose reconstruction has a
 *   different number of real particles than its target; {@link ConfigError} for bad options.
 *
 * @example
 * ```ts
 * import { hungarianLoss, hungarianDistance, tensor } from 'lorentz-irreps';
 * const target = [[1, 0, 0, 1], [2, 1, 1, 0], [3, 0, 2, 1]];
 * const shuffled = tensor([[target[1], target[2], target[0]]]);
 * console.assert(hungarianLoss(shuffled, tensor([target])).dataSync()[0] === 0);
 * const reco = [[3, 0, 2, 2], [1, 0, 0, 1], [2, 1, 1, 0]];
 * const loss = hungarianLoss(tensor([reco]), tensor([target])).dataSync()[0];
 * console.assert(Math.abs(loss - hungarianDistance(target, reco)) < 1e-15); // 1 / 12
 * ```
 */
export function hungarianLoss(reco: Tensor, target: Tensor, options?: HungarianLossOptions): Tensor {
  const fn = 'hungarianLoss';
  const [r, t] = checkPair(fn, reco, target, false);
  const { options: o, reduction } = checkOptions(fn, options);
  const [B, N, F] = r.shape;
  const M = t.shape[1];
  const targetMask = hostMask(o.mask, fn, 'options.mask', B, M);
  const recoMask =
    o.recoMask !== undefined || o.mask === undefined || N !== M ? hostMask(o.recoMask, fn, 'options.recoMask', B, N) : targetMask;
  for (let b = 0; b < B; b++) {
    if (recoMask.counts[b] !== targetMask.counts[b]) {
      throw new DataError(
        invalid(fn, 'reco', `a reconstruction with as many real particles as its target in every jet (jet ${b}: ${targetMask.counts[b]} in the target)`, recoMask.counts[b]),
      );
    }
  }
  const { indices } = matchJets(r.dataSync(), t.dataSync(), recoMask, targetMask, B, N, M, F);
  return tidy(() => {
    const matched = reshape(gather(reshape(r, [B * N, F]), indices, 0), [B, M, F]);
    let perParticle = sum(square(sub(matched, t)), -1); // [B, M]
    if (o.mask !== undefined || o.recoMask !== undefined) perParticle = applyMask(perParticle, targetMask);
    const perJet = perJetDivide(sum(perParticle, 1), Array.from(targetMask.counts, (n) => n * F));
    return reduceJets(perJet, reduction);
  });
}

/**
 * Matches, jet by jet, the real target particles to real reconstructed particles with minimal
 * total squared distance (trusted kernel of {@link hungarianLoss}: arguments already checked).
 */
export function matchJets(
  reco: Float64Array,
  target: Float64Array,
  recoMask: HostMask,
  targetMask: HostMask,
  B: number,
  N: number,
  M: number,
  F: number,
): JetMatching {
  const indices = new Int32Array(B * M);
  for (let b = 0; b < B; b++) {
    const T: number[] = [];
    const R: number[] = [];
    for (let j = 0; j < M; j++) if (targetMask.values[b * M + j] !== 0) T.push(j);
    for (let i = 0; i < N; i++) if (recoMask.values[b * N + i] !== 0) R.push(i);
    const cost = T.map((j) => {
      const row = new Float64Array(R.length);
      R.forEach((i, k) => {
        let s = 0;
        for (let f = 0; f < F; f++) {
          const d = target[(b * M + j) * F + f] - reco[(b * N + i) * F + f];
          s += d * d;
        }
        row[k] = s;
      });
      return row;
    });
    for (let j = 0; j < M; j++) indices[b * M + j] = b * N;
    const { rowInd, colInd } = linearSumAssignment(cost);
    for (let k = 0; k < rowInd.length; k++) indices[b * M + T[rowInd[k]]] = b * N + R[colInd[k]];
  }
  return { indices };
}

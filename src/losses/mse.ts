/**
 * The ordered mean squared error between reconstructed and target particles.
 *
 * @packageDocumentation
 */
import { tidy } from '../tensor/memory';
import { sub } from '../tensor/ops/arithmetic';
import { sum } from '../tensor/ops/reduce';
import { square } from '../tensor/ops/unary';
import type { Tensor } from '../tensor/tensor';
import { applyMask, checkOptions, checkPair, hostMask, perJetDivide, reduceJets, type LossOptions } from './validate';

/** Options of {@link mseLoss}. */
export type MseLossOptions = LossOptions;

/**
 * Mean squared error between `reco` and `target` [B, N, F], particle i compared with particle i
 * (the order matters: use {@link chamferLoss} or {@link hungarianLoss} for sets). For jet b with
 * mask m (default all ones) and n_b = sum_i m_bi real particles:
 *
 * ```text
 * L_b = (1 / (n_b F)) sum_i m_bi |r_bi - t_bi|^2
 * ```
 *
 * and the loss is the mean of L_b over jets (or their sum, or the [B] values, by `reduction`).
 * Without a mask this is the element-wise mean of (r - t)^2. Padded slots (mask 0) of either tensor
 * are ignored. Units: (unit of the features)^2.
 *
 * @param reco - reconstructed particles [B, N, F], real.
 * @param target - target particles of the same shape and dtype.
 * @param options - mask (applies to both tensors, slot by slot), reduction.
 * @returns a scalar tensor (or [B] with `reduction: 'none'`).
 * @throws {@link ShapeError} for shapes that differ or a mask of the wrong shape; {@link DTypeError}
 *   for complex tensors or mixed dtypes; {@link DataError} for mask values other than 0 and 1 or a
 *   jet without real particles; {@link ConfigError} for bad options.
 *
 * @example
 * ```ts
 * import { mseLoss, tensor } from 'lorentz-irreps';
 * const target = tensor([[[1, 0, 0, 1], [0, 0, 0, 0]]]);
 * const reco = tensor([[[1, 0, 0, 3], [5, 5, 5, 5]]]);
 * // the second slot is padding: only (3 - 1)^2 over 4 components counts
 * const loss = mseLoss(reco, target, { mask: tensor([[1, 0]]) });
 * console.assert(loss.dataSync()[0] === 1);
 * ```
 */
export function mseLoss(reco: Tensor, target: Tensor, options?: MseLossOptions): Tensor {
  const fn = 'mseLoss';
  const [r, t] = checkPair(fn, reco, target, true);
  const { options: o, reduction } = checkOptions(fn, options);
  const [B, N, F] = r.shape;
  const mask = hostMask(o.mask, fn, 'options.mask', B, N);
  return tidy(() => {
    let perParticle = sum(square(sub(r, t)), -1); // [B, N]
    if (o.mask !== undefined) perParticle = applyMask(perParticle, mask);
    const perJet = perJetDivide(sum(perParticle, 1), Array.from(mask.counts, (n) => n * F));
    return reduceJets(perJet, reduction);
  });
}

/**
 * The reconstruction losses by name, for configuration files and the command line.
 *
 * @packageDocumentation
 */
import { ConfigError, invalid } from '../errors';
import type { Tensor } from '../tensor/tensor';
import { chamferLoss } from './chamfer';
import { hungarianLoss } from './hungarian';
import { mseLoss } from './mse';
import type { LossOptions } from './validate';

/** The names of the reconstruction losses. */
export type LossName = 'chamfer' | 'mse' | 'hungarian';

/** The loss names, in the order chamfer, mse, hungarian. */
export const LOSS_NAMES: readonly LossName[] = Object.freeze(['chamfer', 'mse', 'hungarian'] as const);

/** A reconstruction loss: `(reco [B,N,F], target [B,M,F], options) => scalar`. */
export type ReconstructionLoss = (reco: Tensor, target: Tensor, options?: LossOptions) => Tensor;

/**
 * The loss function of a name: 'chamfer' ({@link chamferLoss}, squared distances), 'mse'
 * ({@link mseLoss}) or 'hungarian' ({@link hungarianLoss}).
 *
 * @param name - the loss name.
 * @returns the loss function.
 * @throws {@link ConfigError} for an unknown name.
 *
 * @example
 * ```ts
 * import { lossByName, tensor } from 'lorentz-irreps';
 * const x = tensor([[[1, 2, 3, 4]]]);
 * console.assert(lossByName('mse')(x, x).dataSync()[0] === 0);
 * ```
 */
export function lossByName(name: LossName): ReconstructionLoss {
  switch (name) {
    case 'chamfer':
      return chamferLoss;
    case 'mse':
      return mseLoss;
    case 'hungarian':
      return hungarianLoss;
    default:
      throw new ConfigError(invalid('lossByName', 'name', "one of 'chamfer', 'mse', 'hungarian'", name));
  }
}

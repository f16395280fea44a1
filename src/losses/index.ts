// Differentiable reconstruction losses between particle sets (Chamfer, ordered MSE, optimal
// assignment MSE), each equal jet by jet to the matching plain-array metric.
export { chamferLoss, type ChamferLossOptions } from './chamfer';
export { mseLoss, type MseLossOptions } from './mse';
export { hungarianLoss, type HungarianLossOptions } from './hungarian';
export { LOSS_NAMES, lossByName, type LossName, type ReconstructionLoss } from './by-name';
export type { LossOptions, LossReduction } from './validate';

/**
 * Optimizers (Adam, SGD) and seeded parameter initializers.
 *
 * @packageDocumentation
 */
export { Optimizer } from './optimizer';
export { Adam, type AdamOptions } from './adam';
export { SGD, type SGDOptions } from './sgd';
export type { GradientsInput } from './gradients';
export type { OptimizerState, VariableState } from './state';

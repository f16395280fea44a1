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
export { initializers } from './init/initializers';
export { computeFans, type Fans } from './init/fans';
export type { Initializer, InitOptions } from './init/initializer';
export type { ConstantOptions } from './init/constant';
export type { NormalOptions, UniformOptions } from './init/distributions';
export type { FanMode, FanOptions, VarianceScalingOptions } from './init/variance-scaling';

/**
 * lorentz-irreps: Lorentz-group representation theory and Lorentz-equivariant neural networks.
 *
 * This entry point only re-exports; each concept lives in its own module.
 *
 * @packageDocumentation
 */
export * from './errors';
export * from './math/index';
export * from './group/index';
export { Random, type RandomState } from './util/random';
export * from './jets/index';
export * from './metrics/index';
export * from './tensor/index';
export * from './optim/index';
export * from './nn/index';
export * from './models/lgae/index';
export * from './losses/index';
export { jetImages, jetImageBinEdges, type JetImages, type JetImageOptions, type RelativeParticles } from './jets/images';
export * from './models/gnnae/index';
export * from './train/index';
export * from './models/cnnae/index';
export * from './report/index';
export * from './cli/index';

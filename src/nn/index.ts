// Lorentz-equivariant layers: irreps features, the Module base, linear mixing, message passing,
// aggregation and the input and output layers.
import './kernels/register-nn-kernels';

export {
  featurePart,
  featuresFromTensor,
  featuresLead,
  featuresToTensor,
  makeFeatures,
  type Features,
} from './features';
export { Module, type ModuleOptions, type ModuleState, type NamedParameter, type ParameterState } from './module';
export { MixRep, type MixRepOptions } from './mix-rep';
export { LorentzianBells, type LorentzianBellsOptions } from './lorentzian-bells';
export { ScalarMLP, type ScalarMLPOptions, type Activation } from './scalar-mlp';
export { LMPLayer, type LMPLayerOptions, type MessageNormalization } from './lmp-layer';
export type { KeepIrreps } from './cg-plan';
export { InputLayer, type InputLayerOptions, type InputLayerOutput, type ParticleInvariant } from './input-layer';
export { ParticleMix } from './particle-mix';
export {
  ParticleAggregation,
  type AggregationMode,
  type ParticleAggregationOptions,
  type SelectionInvariant,
} from './aggregation';
export { featuresToFourMomenta, featuresToInvariants } from './output';

// Lorentz-equivariant layers: irreps features, the Module base, linear mixing, message passing,
// aggregation and the input and output layers.
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

// Group elements, representation matrices and the four-vector map.
export { ComplexMatrix, type ComplexLike } from './complex-matrix';
export { spinMatrices } from './spin-matrices';
export { type Axis } from './axis';
export { type BasisOptions } from './basis';
export {
  LorentzElement,
  type Matrix4Input,
  type SL2CInput,
  type ElementToleranceOptions,
  type RandomElementOptions,
} from './lorentz-element';
export { generators, type LorentzGenerators } from './generators';
export { representationMatrix, rotationMatrix, boostMatrix, type GroupElementInput } from './representation';
export {
  fourVectorBasisMatrix,
  fourVectorToIrrep,
  irrepToFourVector,
  irrepToComplexFourVector,
  minkowskiDot,
  type FourVectorBatch,
} from './four-vector';

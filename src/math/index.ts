// Irreps, exact Clebsch-Gordan coefficients and their application to features.
export { LorentzIrrep, formatSpin } from './irrep';
export {
  Irreps,
  type IrrepsEntry,
  type IrrepsFilter,
  type IrrepsLike,
  type IrrepsSlice,
  type IrrepsSort,
} from './irreps';
export { SqrtRational, type RationalInput } from './sqrt-rational';
export { su2ClebschGordan } from './su2-cg';
export {
  canonicalBasis,
  canonicalBasisMatrix,
  canonicalLabels,
  canonicalIndex,
  type CanonicalBasis,
  type CanonicalBasisEntry,
  type CanonicalLabel,
} from './canonical-basis';
export {
  cgCoefficients,
  cgSparseTable,
  type CGBasis,
  type CGCoefficients,
  type CGEntry,
  type CGSparseTable,
  type IrrepLike,
} from './lorentz-cg';
export { cgDecompose, type CGDecomposeOptions, type OutputIrrepsLike } from './cg-decompose';
export { type ComplexArray } from './complex-array';

// Irreps, exact Clebsch-Gordan coefficients and their application to features.
export { LorentzIrrep, formatSpin } from './irrep';
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
export { type ComplexArray } from './complex-array';

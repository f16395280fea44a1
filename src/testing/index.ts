/**
 * Test helpers for users of lorentz-irreps: finite-difference gradient checks, Lorentz-equivariance
 * and permutation checks, and their tolerance table.
 *
 * @packageDocumentation
 */
export {
  gradcheck,
  GradcheckError,
  type GradcheckOptions,
  type GradcheckReport,
  type GradcheckComponent,
} from './gradcheck';
export {
  equivarianceError,
  assertEquivariant,
  EquivarianceError,
  type EquivarianceArg,
  type EquivarianceOptions,
  type EquivarianceFigures,
  type EquivarianceTrial,
  type EquivarianceReport,
} from './equivariance';
export {
  assertPermutationEquivariant,
  assertPermutationInvariant,
  PermutationError,
  type PermutationArg,
  type PermutationOptions,
  type PermutationReport,
} from './permutation';
export { drawLorentzElements, type DrawnElement, type DrawElementsOptions } from './elements';
export type { Rep } from './reps';
export type { SymmetryValue } from './host-values';
export { SYMMETRY_TOLERANCES, symmetryTolerance, type DTypeTolerances } from './tolerances';

/**
 * Test helpers for users of lorentz-irreps: finite-difference gradient checks and equivariance checks.
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

// Irreps, exact Clebsch-Gordan coefficients and their application to features.
export { LorentzIrrep, formatSpin } from './irrep';

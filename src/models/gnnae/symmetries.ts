/**
 * The symmetry table of an autoencoder (defined with the model interface in the training module;
 * re-exported here, where the baselines first declared it).
 *
 * @packageDocumentation
 */
export { symmetryTable, type ModelSymmetries, type SymmetryEntry } from '../../train/symmetries';

/**
 * The symmetry table of an autoencoder: which transformations of the input it respects and how.
 *
 * @packageDocumentation
 */

/** One row of a symmetry table. */
export interface SymmetryEntry {
  /** Whether the model respects the symmetry exactly (up to floating-point rounding). */
  readonly respected: boolean;
  /** What exactly holds (invariance of the latent, equivariance of the output, ...) or what breaks it. */
  readonly note: string;
}

/**
 * The symmetries of a model, as in the LGAE paper's comparison of autoencoders: permutations of
 * the particles, translations in (eta, phi), rotations in the (eta, phi) plane (or about the jet
 * axis), and Lorentz transformations of the four-momenta. Every `respected: true` claim is tested.
 */
export interface ModelSymmetries {
  readonly permutation: SymmetryEntry;
  readonly translation: SymmetryEntry;
  readonly rotation: SymmetryEntry;
  readonly lorentz: SymmetryEntry;
}

/** Freezes a table (the static tables are shared). */
export function symmetryTable(t: ModelSymmetries): ModelSymmetries {
  return Object.freeze({
    permutation: Object.freeze({ ...t.permutation }),
    translation: Object.freeze({ ...t.translation }),
    rotation: Object.freeze({ ...t.rotation }),
    lorentz: Object.freeze({ ...t.lorentz }),
  });
}

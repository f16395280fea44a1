/**
 * The symmetry table of an autoencoder: which transformations of the input it respects and how.
 * Models declare it (`JetAutoencoder.symmetries`); the evaluation report and `compare` show it.
 *
 * @packageDocumentation
 */
import { ConfigError, invalid } from '../errors';

/** One row of a symmetry table. */
export interface SymmetryEntry {
  /** Whether the model respects the symmetry exactly (up to floating-point rounding). */
  readonly respected: boolean;
  /** What exactly holds (invariance of the latent, equivariance of the output, ...) or what breaks it. */
  readonly note: string;
}

/** The symmetries of a table, in table order. */
export const SYMMETRY_NAMES = Object.freeze(['permutation', 'translation', 'rotation', 'lorentz'] as const);

/** One symmetry of a table. */
export type SymmetryName = (typeof SYMMETRY_NAMES)[number];

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

/**
 * Checks and freezes a symmetry table (the static tables are shared).
 * @throws {@link ConfigError} for a missing symmetry or an entry without a boolean `respected` and a string `note`.
 *
 * @example
 * ```ts
 * import { symmetryTable } from 'lorentz-irreps';
 * const t = symmetryTable({
 *   permutation: { respected: true, note: 'set input' },
 *   translation: { respected: false, note: 'absolute features' },
 *   rotation: { respected: false, note: 'none' },
 *   lorentz: { respected: false, note: 'none' },
 * });
 * console.assert(Object.isFrozen(t.permutation) && t.permutation.respected);
 * ```
 */
export function symmetryTable(t: ModelSymmetries): ModelSymmetries {
  const fn = 'symmetryTable';
  if (t === null || typeof t !== 'object') throw new ConfigError(invalid(fn, 't', 'an object { permutation, translation, rotation, lorentz }', t));
  for (const name of SYMMETRY_NAMES) {
    const e = t[name];
    if (e === null || typeof e !== 'object' || typeof e.respected !== 'boolean' || typeof e.note !== 'string') {
      throw new ConfigError(invalid(fn, `t.${name}`, 'an entry { respected: boolean, note: string }', e));
    }
  }
  return Object.freeze({
    permutation: Object.freeze({ respected: t.permutation.respected, note: t.permutation.note }),
    translation: Object.freeze({ respected: t.translation.respected, note: t.translation.note }),
    rotation: Object.freeze({ respected: t.rotation.respected, note: t.rotation.note }),
    lorentz: Object.freeze({ respected: t.lorentz.respected, note: t.lorentz.note }),
  });
}

/**
 * Jets of a JetNet-layout folder (one `<class>.hdf5` per class) as four-momentum datasets split
 * into train, validation and test parts, reproducibly from one seed.
 *
 * @packageDocumentation
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError, DataError, invalid } from '../errors';
import { leadingParticles, subsetJets, type JetDataset } from '../jets/dataset';
import { JetNetFile } from '../jets/jetnet';
import { jetNetToFourMomenta } from '../jets/kinematics';
import { JETNET_CLASSES, type JetNetClass } from '../jets/sample';
import { splitIndices } from '../jets/split';
import { unitScale, type EnergyUnit } from '../jets/units';

/** Options of {@link loadJetNetSplits}. */
export interface JetNetSplitOptions {
  /** Folder holding `<class>.hdf5` for each requested class (JetNet layout). */
  readonly dir: string;
  /** Classes to load ('g', 'q', 't', 'w', 'z'). */
  readonly classes: readonly JetNetClass[];
  /** Energy unit of the four-momenta. */
  readonly units: EnergyUnit;
  /** Seed of the splits and of the jet azimuths (an integer). */
  readonly seed: number;
  /** Read only the first `maxJets` jets of each class (default: all). */
  readonly maxJets?: number;
  /** Fractions of train, validation and test (default [0.6, 0.2, 0.2]). */
  readonly fractions?: readonly [number, number, number];
  /**
   * Keep only the first `particles` particle slots of each jet, the hardest ones (JetNet stores
   * them by decreasing pT; `leadingParticles`); default: all the file's slots.
   */
  readonly particles?: number;
}

/** The three parts of one class. */
export interface ClassSplits {
  readonly train: JetDataset;
  readonly val: JetDataset;
  readonly test: JetDataset;
}

/** The default fractions of train, validation and test jets. */
export const DEFAULT_SPLIT_FRACTIONS: readonly [number, number, number] = Object.freeze([0.6, 0.2, 0.2] as const);

/** Path of the file of class `cls` in `dir`. */
export function classFilePath(dir: string, cls: JetNetClass): string {
  return join(dir, `${cls}.hdf5`);
}

/**
 * Loads JetNet classes from a folder and splits each into train, validation and test jets.
 *
 * For class c (index k_c in g, q, t, w, z): the first min(maxJets, N_c) rows of `<dir>/<c>.hdf5`
 * are read, converted to massless four-momenta in `units` by `jetNetToFourMomenta` with jet
 * azimuths drawn from seed `seed + 7919 (k_c + 1)` and label k_c, and split by
 * `splitIndices(n, { seed, fractions })` (shuffled first, since both jets of one event sit next to
 * each other in the files). With `particles`, each jet keeps its first `particles` slots after the
 * conversion (its particles' four-momenta are those of the full jet). The same arguments always
 * give the same jets in the same order.
 *
 * @param options - folder, classes, units, seed, maxJets, fractions, particles.
 * @returns the splits of each requested class.
 * @throws {@link ConfigError} for bad options (`particles` above a file's slots included);
 *   {@link DataError} for a missing or malformed file.
 *
 * @example
 * ```ts
 * import { loadJetNetSplits, sampleDataDir } from 'lorentz-irreps';
 * const { t } = await loadJetNetSplits({ dir: sampleDataDir(), classes: ['t'], units: 'TeV', seed: 1, maxJets: 50 });
 * console.assert(t.train.numJets === 30 && t.val.numJets === 10 && t.test.numJets === 10);
 * console.assert(t.test.units === 'TeV' && t.test.labels![0] === 2);
 * ```
 */
export async function loadJetNetSplits(options: JetNetSplitOptions): Promise<Record<JetNetClass, ClassSplits>> {
  const fn = 'loadJetNetSplits';
  if (options === null || typeof options !== 'object') throw new ConfigError(invalid(fn, 'options', 'an object', options));
  const { dir, classes, units, seed, maxJets, particles } = options;
  if (typeof dir !== 'string' || dir.length === 0) throw new ConfigError(invalid(fn, 'options.dir', 'a folder path', dir));
  if (!Array.isArray(classes) || classes.length === 0 || !classes.every((c) => JETNET_CLASSES.includes(c)) || new Set(classes).size !== classes.length) {
    throw new ConfigError(invalid(fn, 'options.classes', "a non-empty list of distinct classes among 'g', 'q', 't', 'w', 'z'", classes));
  }
  unitScale(units, fn, 'options.units');
  if (!Number.isSafeInteger(seed)) throw new ConfigError(invalid(fn, 'options.seed', 'an integer', seed));
  if (maxJets !== undefined && (!Number.isSafeInteger(maxJets) || maxJets < 1)) throw new ConfigError(invalid(fn, 'options.maxJets', 'a positive integer', maxJets));
  if (particles !== undefined && (!Number.isSafeInteger(particles) || particles < 1)) throw new ConfigError(invalid(fn, 'options.particles', 'a positive integer', particles));
  const fractions = options.fractions ?? DEFAULT_SPLIT_FRACTIONS;
  const list: readonly JetNetClass[] = classes;
  for (const c of list) {
    const path = classFilePath(dir, c);
    if (!existsSync(path)) throw new DataError(invalid(fn, 'options.dir', `a folder holding ${c}.hdf5 (JetNet layout)`, dir));
  }
  const out = {} as Record<JetNetClass, ClassSplits>;
  for (const c of list) {
    const k = JETNET_CLASSES.indexOf(c);
    const file = await JetNetFile.open(classFilePath(dir, c));
    let jets: JetDataset;
    try {
      if (particles !== undefined && particles > file.numParticles) {
        throw new ConfigError(invalid(fn, 'options.particles', `at most the ${file.numParticles} particle slots of ${c}.hdf5`, particles));
      }
      const rows = file.read(0, maxJets === undefined ? file.numJets : Math.min(maxJets, file.numJets));
      jets = jetNetToFourMomenta(rows, { units, seed: seed + 7919 * (k + 1), label: k });
      if (particles !== undefined) jets = leadingParticles(jets, particles);
    } finally {
      file.close();
    }
    const split = splitIndices(jets.numJets, { seed, fractions: [fractions[0], fractions[1], fractions[2]] });
    out[c] = { train: subsetJets(jets, split.train), val: subsetJets(jets, split.val), test: subsetJets(jets, split.test) };
  }
  return out;
}

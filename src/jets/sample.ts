/**
 * The compact jet sample shipped with the package (data/sample/, JetNet layout, one HDF5 file per
 * class), located relative to the package root so that it is found from the sources (tsx, vitest)
 * and from the built dist/ alike.
 *
 * @packageDocumentation
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError, DataError, invalid } from '../errors';
import { loadJetNet, type JetNetData } from './jetnet';

/** JetNet's jet classes: gluon, light quark, top, W and Z jets. */
export type JetNetClass = 'g' | 'q' | 't' | 'w' | 'z';

/** The JetNet classes in the order g, q, t, w, z. */
export const JETNET_CLASSES: readonly JetNetClass[] = Object.freeze(['g', 'q', 't', 'w', 'z'] as const);

const PACKAGE_NAME = 'lorentz-irreps';
let cachedRoot: string | undefined;

function startDirectories(): string[] {
  const dirs: string[] = [];
  if (typeof __dirname === 'string') dirs.push(__dirname);
  try {
    const url = import.meta.url;
    if (typeof url === 'string' && url.startsWith('file:')) dirs.push(dirname(fileURLToPath(url)));
  } catch {
    // no import.meta in a CommonJS build: __dirname was used above
  }
  dirs.push(process.cwd());
  return dirs;
}

function isPackageRoot(dir: string): boolean {
  const file = join(dir, 'package.json');
  if (!existsSync(file)) return false;
  try {
    return (JSON.parse(readFileSync(file, 'utf8')) as { name?: unknown }).name === PACKAGE_NAME;
  } catch {
    return false;
  }
}

/**
 * The package root: the nearest folder, walking up from this module (then from the working
 * directory), that holds a package.json named `lorentz-irreps`.
 *
 * @returns an absolute path.
 * @throws {@link DataError} if no such folder exists above this module or the working directory.
 *
 * @example
 * ```ts
 * import { packageRoot } from 'lorentz-irreps';
 * import { readFileSync } from 'node:fs';
 * import { join } from 'node:path';
 * const pkg = JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8'));
 * console.assert(pkg.name === `lorentz-irreps`);
 * ```
 */
export function packageRoot(): string {
  if (cachedRoot !== undefined) return cachedRoot;
  const starts = startDirectories();
  for (const start of starts) {
    for (let dir = resolve(start); ; dir = dirname(dir)) {
      if (isPackageRoot(dir)) {
        cachedRoot = dir;
        return dir;
      }
      if (dirname(dir) === dir) break;
    }
  }
  throw new DataError(invalid('packageRoot', 'package.json', `found in a folder above ${starts.join(' or ')} with name "${PACKAGE_NAME}"`, starts[0]));
}

/**
 * The folder of the shipped sample, `<package root>/data/sample`.
 *
 * @throws {@link DataError} if the package root or the folder cannot be found.
 *
 * @example
 * ```ts
 * import { sampleDataDir } from 'lorentz-irreps';
 * console.assert(sampleDataDir().endsWith('sample'));
 * ```
 */
export function sampleDataDir(): string {
  const dir = join(packageRoot(), 'data', 'sample');
  if (!existsSync(dir)) throw new DataError(invalid('sampleDataDir', 'path', 'an existing folder (the package ships data/sample)', dir));
  return dir;
}

/**
 * Path of the sample file of one class, `<package root>/data/sample/<cls>.hdf5`.
 *
 * @param cls - the class: 'g', 'q', 't', 'w' or 'z'.
 * @throws {@link ConfigError} for an unknown class; {@link DataError} if the folder is missing.
 *
 * @example
 * ```ts
 * import { sampleFilePath } from 'lorentz-irreps';
 * console.assert(sampleFilePath('t').endsWith('t.hdf5'));
 * ```
 */
export function sampleFilePath(cls: JetNetClass): string {
  if (!JETNET_CLASSES.includes(cls)) throw new ConfigError(invalid('sampleFilePath', 'cls', "one of 'g', 'q', 't', 'w', 'z'", cls));
  return join(sampleDataDir(), `${cls}.hdf5`);
}

/**
 * Loads the shipped sample (simulated Pythia 8 jets in the JetNet layout; 2000 g and 2000 q
 * QCD jets, 1000 each of t, w, z; see data/sample/README.md for source, seeds and selection).
 *
 * @param classes - the classes to load (default all five).
 * @returns one {@link JetNetData} per requested class.
 * @throws {@link ConfigError} for an unknown class; {@link DataError} if a file is missing or bad.
 *
 * @example
 * ```ts
 * import { loadJetNetSample } from 'lorentz-irreps';
 * const { q, t } = await loadJetNetSample(['q', 't']);
 * console.assert(q.numJets === 2000 && t.numJets === 1000 && t.numParticles === 30);
 * ```
 */
export async function loadJetNetSample<C extends JetNetClass>(classes: readonly C[] = JETNET_CLASSES as readonly C[]): Promise<Record<C, JetNetData>> {
  const list: readonly C[] = classes;
  if (!Array.isArray(classes) || list.length === 0 || !list.every((c) => JETNET_CLASSES.includes(c))) {
    throw new ConfigError(invalid('loadJetNetSample', 'classes', "a non-empty array of 'g', 'q', 't', 'w', 'z'", classes));
  }
  const out = {} as Record<C, JetNetData>;
  for (const c of list) out[c] = await loadJetNet(sampleFilePath(c));
  return out;
}

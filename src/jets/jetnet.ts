/**
 * Loaders for the JetNet layout: an HDF5 file (or a pair of `.npy` files) with
 * `particle_features` (N, P, 4) = [etarel, phirel, ptrel, mask] and
 * `jet_features` (N, 4) = [pt (GeV), eta, mass (GeV), num_particles].
 *
 * @packageDocumentation
 */
import { DataError, invalid } from '../errors';
import { Hdf5Reader, type DatasetInfo } from './hdf5';
import { Hdf5RowFile } from './row-file';
import { readNpyHeader, readNpyRows } from './npy';
import { assertFiniteRows, position, rowError, rowRange } from './validate';

/** Column names of JetNet's `particle_features`, in order. */
export const JETNET_PARTICLE_FEATURES: readonly string[] = Object.freeze(['etarel', 'phirel', 'ptrel', 'mask']);
/** Column names of JetNet's `jet_features`, in order. */
export const JETNET_JET_FEATURES: readonly string[] = Object.freeze(['pt', 'eta', 'mass', 'num_particles']);

/**
 * Jets in JetNet's relative coordinates: particles relative to their jet's axis, jets as
 * (pt, eta, mass, num_particles). The input of {@link jetNetToFourMomenta}.
 */
export interface RelativeJets {
  /** Number of jets N. */
  readonly numJets: number;
  /** Particle slots per jet P (30 in JetNet30, 150 in JetNet150). */
  readonly numParticles: number;
  /**
   * N*P*4 values, jet-major then particle then feature: [etarel, phirel, ptrel, mask]
   * (etarel = eta_particle - eta_jet, phirel = phi_particle - phi_jet, ptrel = pt_particle / pt_jet,
   * mask 1 for a real particle and 0 for padding).
   */
  readonly particleFeatures: ArrayLike<number>;
  /** N*4 values: [pt (GeV), eta (pseudorapidity), mass (GeV), num_particles] per jet. */
  readonly jetFeatures: ArrayLike<number>;
}

/** Rows of a JetNet file, as read by {@link JetNetFile.read} / {@link loadJetNet} / {@link loadJetNetNpy}. */
export interface JetNetData extends RelativeJets {
  /** The file (or `particle_features` file, for .npy) the rows came from. */
  readonly source: string;
  /** Index in the file of the first row read. */
  readonly rowOffset: number;
  readonly particleFeatures: Float64Array;
  readonly jetFeatures: Float64Array;
}

/** Row range of a read; both ends default to the whole file. */
export interface RowRange {
  /** First row, inclusive (default 0). */
  readonly start?: number;
  /** Last row, exclusive (default: the number of rows). */
  readonly end?: number;
}

/**
 * Checks a block of JetNet rows: finite values; mask exactly 0 or 1; ptrel >= 0 for real
 * particles; jet pt > 0. Features of padded slots are not checked further (they are ignored).
 */
function checkJetNetRows(fn: string, file: string, jetFile: string, data: JetNetData, pShape: readonly number[], jShape: readonly number[]): void {
  const { particleFeatures: pf, jetFeatures: jf, rowOffset } = data;
  assertFiniteRows(fn, file, 'particle_features', pf, pShape, rowOffset, ['particle', 'feature']);
  assertFiniteRows(fn, jetFile, 'jet_features', jf, jShape, rowOffset, ['feature']);
  const rowSize = pShape[1] * 4;
  for (let k = 0; k < pf.length; k += 4) {
    const mask = pf[k + 3];
    const row = rowOffset + Math.floor(k / rowSize);
    if (mask !== 0 && mask !== 1) {
      throw rowError(fn, file, 'particle_features', `mask values 0 or 1; at ${position(row, pShape, (k % rowSize) + 3, ['particle', 'feature'])} it holds ${mask}`);
    }
    if (mask === 1 && pf[k + 2] < 0) {
      throw rowError(fn, file, 'particle_features', `ptrel >= 0 for real particles; at ${position(row, pShape, (k % rowSize) + 2, ['particle', 'feature'])} it holds ${pf[k + 2]}`);
    }
  }
  for (let j = 0; j < data.numJets; j++) {
    if (!(jf[4 * j] > 0)) {
      throw rowError(fn, jetFile, 'jet_features', `a jet pt > 0 in every row; row ${rowOffset + j} has pt ${jf[4 * j]}`);
    }
  }
}

function checkShapes(fn: string, path: string, pShape: readonly number[], jShape: readonly number[], jetPath = path): void {
  if (pShape.length !== 3 || pShape[2] !== 4) {
    throw new DataError(invalid(fn, 'path', `a file whose dataset \`particle_features\` has shape (N, P, 4); it has (${pShape.join(', ')})`, path));
  }
  if (jShape.length !== 2 || jShape[1] !== 4 || jShape[0] !== pShape[0]) {
    throw new DataError(invalid(fn, 'path', `a file whose dataset \`jet_features\` has shape (${pShape[0]}, 4), matching \`particle_features\`; it has (${jShape.join(', ')})`, jetPath));
  }
}

/**
 * An open JetNet-layout HDF5 file, read in row blocks so that a large file is never read whole
 * unless asked. Works on the published JetNet files and the project's simulated copies alike.
 *
 * @example
 * ```ts
 * import { JetNetFile, sampleFilePath } from 'lorentz-irreps';
 * const file = await JetNetFile.open(sampleFilePath('t'));
 * try {
 *   const block = file.read(0, 10);
 *   console.assert(block.numJets === 10 && block.numParticles === 30);
 *   console.assert(block.particleFeatures.length === 10 * 30 * 4);
 * } finally {
 *   file.close();
 * }
 * ```
 */
export class JetNetFile extends Hdf5RowFile {
  private constructor(
    reader: Hdf5Reader,
    private readonly particles: DatasetInfo,
    private readonly jets: DatasetInfo,
  ) {
    super(reader, particles);
  }

  /**
   * Opens and checks a JetNet-layout file: both datasets present, float32/float64, shapes
   * (N, P, 4) and (N, 4).
   *
   * @param path - the HDF5 file.
   * @throws {@link DataError} naming the file (and dataset) if it is missing, not HDF5, truncated,
   * lacks a dataset, or has a wrong dtype or shape.
   */
  static async open(path: string): Promise<JetNetFile> {
    const fn = 'JetNetFile.open';
    return Hdf5Reader.open(fn, path, (reader) => {
      const particles = reader.info(fn, 'particle_features', 'float', 3);
      const jets = reader.info(fn, 'jet_features', 'float', 2);
      checkShapes(fn, path, particles.shape, jets.shape);
      return new JetNetFile(reader, particles, jets);
    });
  }

  /**
   * Reads rows `start <= i < end` (one hyperslab per dataset) and checks them.
   *
   * @param start - first row (default 0).
   * @param end - last row, exclusive (default N).
   * @throws {@link IndexError} for a range outside [0, N]; {@link DataError} naming the file,
   * dataset and position of a NaN/Inf, a mask other than 0/1, a negative ptrel of a real
   * particle, or a jet pt <= 0, or if the file was closed.
   */
  read(start?: number, end?: number): JetNetData {
    const [s, e] = this.range('JetNetFile.read', start, end);
    const data: JetNetData = {
      source: this.path,
      rowOffset: s,
      numJets: e - s,
      numParticles: this.numParticles,
      particleFeatures: this.reader.rows('JetNetFile.read', this.particles, s, e),
      jetFeatures: this.reader.rows('JetNetFile.read', this.jets, s, e),
    };
    checkJetNetRows('JetNetFile.read', this.path, this.path, data, this.particles.shape, this.jets.shape);
    return data;
  }
}

/**
 * Reads a row range of a JetNet-layout HDF5 file (opens, reads one block, closes).
 *
 * @param path - the HDF5 file.
 * @param range - rows to read (default all).
 * @returns the rows, as Float64Arrays in the file's layout.
 * @throws {@link DataError} as {@link JetNetFile.open} and {@link JetNetFile.read};
 * {@link IndexError} for a bad range.
 *
 * @example
 * ```ts
 * import { loadJetNet, sampleFilePath } from 'lorentz-irreps';
 * const jets = await loadJetNet(sampleFilePath('w'), { start: 5, end: 8 });
 * console.assert(jets.numJets === 3 && jets.rowOffset === 5);
 * console.assert(jets.jetFeatures[0] > 0); // jet pt in GeV
 * ```
 */
export async function loadJetNet(path: string, range: RowRange = {}): Promise<JetNetData> {
  const file = await JetNetFile.open(path);
  try {
    return file.read(range.start, range.end);
  } finally {
    file.close();
  }
}

/** The two `.npy` files of one class in the JetNet layout. */
export interface JetNetNpyPaths {
  /** `particle_features`, shape (N, P, 4). */
  readonly particleFeatures: string;
  /** `jet_features`, shape (N, 4). */
  readonly jetFeatures: string;
}

/**
 * Reads a row range of JetNet data stored as two `.npy` files (`<f4` or `<f8`), reading only
 * the bytes of the requested rows.
 *
 * @param paths - the particle- and jet-feature files.
 * @param range - rows to read (default all).
 * @returns the rows; `source` is the particle-feature file.
 * @throws {@link DataError} naming the file for an unreadable or truncated `.npy`, a non-float
 * dtype, shapes that are not (N, P, 4) and (N, 4) with equal N, or bad values (as
 * {@link JetNetFile.read}); {@link IndexError} for a bad range.
 *
 * @example
 * ```ts
 * import { encodeNpy, loadJetNetNpy } from 'lorentz-irreps';
 * import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
 * import { join } from 'node:path';
 * import { tmpdir } from 'node:os';
 * const dir = mkdtempSync(join(tmpdir(), 'jetnet-'));
 * const particles = new Float32Array(2 * 3 * 4);
 * particles.set([0.1, -0.2, 0.6, 1, -0.1, 0.1, 0.4, 1], 0); // jet 0: two particles
 * particles.set([0, 0, 1, 1], 12); // jet 1: one particle
 * writeFileSync(join(dir, 'p.npy'), encodeNpy(particles, [2, 3, 4]));
 * writeFileSync(join(dir, 'j.npy'), encodeNpy(new Float32Array([1000, 0.5, 90, 2, 800, -1, 0, 1]), [2, 4]));
 * const jets = loadJetNetNpy({ particleFeatures: join(dir, 'p.npy'), jetFeatures: join(dir, 'j.npy') });
 * console.assert(jets.numJets === 2 && jets.numParticles === 3);
 * rmSync(dir, { recursive: true });
 * ```
 */
export function loadJetNetNpy(paths: JetNetNpyPaths, range: RowRange = {}): JetNetData {
  const fn = 'loadJetNetNpy';
  const pHeader = readNpyHeader(paths?.particleFeatures);
  const jHeader = readNpyHeader(paths?.jetFeatures);
  for (const [h, path, name] of [
    [pHeader, paths.particleFeatures, 'particle_features'],
    [jHeader, paths.jetFeatures, 'jet_features'],
  ] as const) {
    if (h.dtype !== '<f4' && h.dtype !== '<f8') {
      throw new DataError(invalid(fn, 'path', `a file whose dataset \`${name}\` is float32 or float64; it is '${h.dtype}'`, path));
    }
  }
  checkShapes(fn, paths.particleFeatures, pHeader.shape, jHeader.shape, paths.jetFeatures);
  const [s, e] = rowRange(fn, pHeader.shape[0], range.start, range.end);
  const data: JetNetData = {
    source: paths.particleFeatures,
    rowOffset: s,
    numJets: e - s,
    numParticles: pHeader.shape[1],
    particleFeatures: Float64Array.from(readNpyRows(paths.particleFeatures, s, e).data),
    jetFeatures: Float64Array.from(readNpyRows(paths.jetFeatures, s, e).data),
  };
  checkJetNetRows(fn, paths.particleFeatures, paths.jetFeatures, data, pHeader.shape, jHeader.shape);
  return data;
}

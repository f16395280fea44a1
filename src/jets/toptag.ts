/**
 * Loader for the top-tagging layout of the LGN reference code (its converted `train/val/test.h5`
 * files): `Pmu` (N, P, 4) constituent four-momenta (E, px, py, pz) in GeV, `Nobj` (N,) number of
 * real constituents, `is_signal` (N,) 1 for top and 0 for QCD; usually gzip-compressed.
 *
 * @packageDocumentation
 */
import { DataError, ShapeError, invalid } from '../errors';
import type { JetDataset } from './dataset';
import { Hdf5Reader, type DatasetInfo } from './hdf5';
import { Hdf5RowFile } from './row-file';
import type { RowRange } from './jetnet';
import { unitScale, type EnergyUnit } from './units';
import { assertFiniteRows, position, rowError } from './validate';

/** Rows of a top-tagging file, as read by {@link TopTaggingFile.read} / {@link loadTopTagging}. */
export interface TopTaggingData {
  /** The file the rows came from. */
  readonly source: string;
  /** Index in the file of the first row read. */
  readonly rowOffset: number;
  /** Number of jets N. */
  readonly numJets: number;
  /** Constituent slots per jet P (200 in the reference files). */
  readonly numParticles: number;
  /** N*P*4 values: (E, px, py, pz) in GeV per constituent, zero for slots >= Nobj. */
  readonly pmu: Float64Array;
  /** N values: the number of real constituents, in [0, P]. */
  readonly nobj: Int32Array;
  /** N values: 1 for a top jet, 0 for QCD. */
  readonly isSignal: Int32Array;
}

/**
 * An open top-tagging HDF5 file in the LGN layout, read in row blocks (one hyperslab per
 * dataset, decompressed chunk by chunk by HDF5).
 *
 * @example
 * ```ts
 * import { TopTaggingFile } from 'lorentz-irreps';
 * import h5wasm from 'h5wasm/node';
 * import { mkdtempSync, rmSync } from 'node:fs';
 * import { join } from 'node:path';
 * import { tmpdir } from 'node:os';
 * await h5wasm.ready;
 * const dir = mkdtempSync(join(tmpdir(), 'toptag-'));
 * const path = join(dir, 'test.h5');
 * const out = new h5wasm.File(path, 'w');
 * const pmu = new Float32Array(2 * 3 * 4);
 * pmu.set([100, 30, 40, 80], 0); // jet 0: one constituent
 * out.create_dataset({ name: 'Pmu', data: pmu, shape: [2, 3, 4], dtype: '<f' });
 * out.create_dataset({ name: 'Nobj', data: new Int16Array([1, 0]) });
 * out.create_dataset({ name: 'is_signal', data: new Int16Array([1, 0]) });
 * out.close();
 * const file = await TopTaggingFile.open(path);
 * const jets = file.read();
 * file.close();
 * console.assert(jets.numJets === 2 && jets.nobj[0] === 1 && jets.isSignal[0] === 1);
 * rmSync(dir, { recursive: true });
 * ```
 */
export class TopTaggingFile extends Hdf5RowFile {
  private constructor(
    reader: Hdf5Reader,
    private readonly pmu: DatasetInfo,
    private readonly nobj: DatasetInfo,
    private readonly isSignal: DatasetInfo,
  ) {
    super(reader, pmu);
  }

  /**
   * Opens and checks a top-tagging file: `Pmu` float (N, P, 4), `Nobj` and `is_signal` integer (N,).
   *
   * @param path - the HDF5 file.
   * @throws {@link DataError} naming the file and dataset if it is missing, not HDF5, truncated,
   * lacks a dataset, or has a wrong dtype or shape.
   */
  static async open(path: string): Promise<TopTaggingFile> {
    const fn = 'TopTaggingFile.open';
    return Hdf5Reader.open(fn, path, (reader) => {
      const pmu = reader.info(fn, 'Pmu', 'float', 3);
      const nobj = reader.info(fn, 'Nobj', 'int', 1);
      const isSignal = reader.info(fn, 'is_signal', 'int', 1);
      if (pmu.shape[2] !== 4) {
        throw new DataError(invalid(fn, 'path', `a file whose dataset \`Pmu\` has shape (N, P, 4); it has (${pmu.shape.join(', ')})`, path));
      }
      for (const d of [nobj, isSignal]) {
        if (d.shape[0] !== pmu.shape[0]) {
          throw new DataError(invalid(fn, 'path', `a file whose dataset \`${d.name}\` has shape (${pmu.shape[0]},), matching \`Pmu\`; it has (${d.shape.join(', ')})`, path));
        }
      }
      return new TopTaggingFile(reader, pmu, nobj, isSignal);
    });
  }

  /**
   * Reads rows `start <= i < end` and checks them.
   *
   * @param start - first row (default 0).
   * @param end - last row, exclusive (default N).
   * @throws {@link IndexError} for a range outside [0, N]; {@link DataError} naming the file,
   * dataset and position of a NaN/Inf in `Pmu`, an `Nobj` outside [0, P], an `is_signal` other
   * than 0/1, a nonzero padding slot (index >= Nobj), or if the file was closed.
   */
  read(start?: number, end?: number): TopTaggingData {
    const fn = 'TopTaggingFile.read';
    const [s, e] = this.range(fn, start, end);
    const P = this.numParticles;
    const pmu = this.reader.rows(fn, this.pmu, s, e);
    const nobj = Int32Array.from(this.reader.rows(fn, this.nobj, s, e));
    const isSignal = Int32Array.from(this.reader.rows(fn, this.isSignal, s, e));
    assertFiniteRows(fn, this.path, 'Pmu', pmu, this.pmu.shape, s, ['particle', 'component']);
    for (let j = 0; j < e - s; j++) {
      if (nobj[j] < 0 || nobj[j] > P) {
        throw rowError(fn, this.path, 'Nobj', `values in [0, ${P}]; row ${s + j} holds ${nobj[j]}`);
      }
      if (isSignal[j] !== 0 && isSignal[j] !== 1) {
        throw rowError(fn, this.path, 'is_signal', `values 0 or 1; row ${s + j} holds ${isSignal[j]}`);
      }
      for (let k = (j * P + nobj[j]) * 4; k < (j + 1) * P * 4; k++) {
        if (pmu[k] !== 0) {
          throw rowError(fn, this.path, 'Pmu', `zeros in the padding slots (index >= Nobj = ${nobj[j]}); at ${position(s + j, this.pmu.shape, k - j * P * 4, ['particle', 'component'])} it holds ${pmu[k]}`);
        }
      }
    }
    return { source: this.path, rowOffset: s, numJets: e - s, numParticles: P, pmu, nobj, isSignal };
  }
}

/**
 * Reads a row range of a top-tagging file in the LGN layout (opens, reads one block, closes).
 *
 * @param path - the HDF5 file.
 * @param range - rows to read (default all).
 * @returns the rows, with four-momenta in GeV.
 * @throws {@link DataError} as {@link TopTaggingFile.open} and {@link TopTaggingFile.read};
 * {@link IndexError} for a bad range.
 *
 * @example
 * ```ts
 * import { loadTopTagging } from 'lorentz-irreps';
 * import h5wasm from 'h5wasm/node';
 * import { mkdtempSync, rmSync } from 'node:fs';
 * import { join } from 'node:path';
 * import { tmpdir } from 'node:os';
 * await h5wasm.ready;
 * const dir = mkdtempSync(join(tmpdir(), 'toptag-'));
 * const path = join(dir, 'val.h5');
 * const out = new h5wasm.File(path, 'w');
 * out.create_dataset({ name: 'Pmu', data: new Float32Array([50, 0, 30, 40]), shape: [1, 1, 4], dtype: '<f', chunks: [1, 1, 4], compression: 4 });
 * out.create_dataset({ name: 'Nobj', data: new Int16Array([1]) });
 * out.create_dataset({ name: 'is_signal', data: new Int16Array([0]) });
 * out.close();
 * const jets = await loadTopTagging(path);
 * console.assert(jets.pmu[0] === 50 && jets.isSignal[0] === 0);
 * rmSync(dir, { recursive: true });
 * ```
 */
export async function loadTopTagging(path: string, range: RowRange = {}): Promise<TopTaggingData> {
  const file = await TopTaggingFile.open(path);
  try {
    return file.read(range.start, range.end);
  } finally {
    file.close();
  }
}

/**
 * Turns top-tagging rows into a {@link JetDataset}: four-momenta scaled from GeV into
 * `options.units`, mask 1 for the first Nobj slots of each jet, labels = is_signal.
 *
 * @param data - rows from {@link loadTopTagging} / {@link TopTaggingFile.read}.
 * @param options - units of the output (required; the library never guesses them).
 * @throws {@link ConfigError} for missing or unknown units; {@link ShapeError} for inconsistent sizes.
 *
 * @example
 * ```ts
 * import { topTaggingToJetDataset } from 'lorentz-irreps';
 * const data = { source: 'inline', rowOffset: 0, numJets: 1, numParticles: 2,
 *   pmu: new Float64Array([500, 300, 0, 400, 0, 0, 0, 0]), nobj: new Int32Array([1]), isSignal: new Int32Array([1]) };
 * const ds = topTaggingToJetDataset(data, { units: 'TeV' });
 * console.assert(ds.p[0] === 0.5 && ds.mask.join() === '1,0' && ds.labels![0] === 1);
 * ```
 */
export function topTaggingToJetDataset(data: TopTaggingData, options: { readonly units: EnergyUnit }): JetDataset {
  const fn = 'topTaggingToJetDataset';
  const scale = unitScale(options?.units, fn, 'options.units');
  const { numJets: n, numParticles: P } = data;
  if (data.pmu?.length !== n * P * 4 || data.nobj?.length !== n || data.isSignal?.length !== n) {
    throw new ShapeError(invalid(fn, 'data', `rows with pmu of length ${n * P * 4} and nobj, isSignal of length ${n}`, data));
  }
  const p = new Float64Array(n * P * 4);
  const mask = new Float64Array(n * P);
  for (let j = 0; j < n; j++) {
    for (let i = 0; i < Math.min(data.nobj[j], P); i++) {
      const k = j * P + i;
      mask[k] = 1;
      for (let c = 0; c < 4; c++) p[4 * k + c] = data.pmu[4 * k + c] * scale;
    }
  }
  return { numJets: n, numParticles: P, p, mask, labels: Int32Array.from(data.isSignal), units: options.units };
}

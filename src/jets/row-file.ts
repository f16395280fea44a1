/**
 * The common part of the HDF5 jet files that are read in row blocks.
 *
 * @packageDocumentation
 */
import { DataError, invalid } from '../errors';
import type { DatasetInfo, Hdf5Reader } from './hdf5';
import { rowRange } from './validate';

/**
 * An open HDF5 file of N jets of P slots whose leading dataset has shape (N, P, ...), read in
 * blocks of rows. Subclasses ({@link JetNetFile}, {@link TopTaggingFile}) add the layout checks
 * and a `read(start, end)`.
 *
 * @example
 * ```ts
 * import { Hdf5RowFile, JetNetFile, sampleFilePath } from 'lorentz-irreps';
 * const file = await JetNetFile.open(sampleFilePath('z'));
 * console.assert(file instanceof Hdf5RowFile && file.numJets === 1000 && file.numParticles === 30);
 * file.close();
 * ```
 */
export abstract class Hdf5RowFile {
  private closed = false;

  protected constructor(
    /** The checked reader of the open file. */
    protected readonly reader: Hdf5Reader,
    private readonly leading: DatasetInfo,
  ) {}

  /** The file path. */
  get path(): string {
    return this.reader.path;
  }

  /** Number of jets N in the file. */
  get numJets(): number {
    return this.leading.shape[0];
  }

  /** Particle slots per jet P. */
  get numParticles(): number {
    return this.leading.shape[1];
  }

  /** Closes the file; later reads throw. Idempotent. */
  close(): void {
    this.closed = true;
    this.reader.close();
  }

  /** Resolves a row range for `fn`, throwing if it is outside [0, N] or the file is closed. */
  protected range(fn: string, start: number | undefined, end: number | undefined): [number, number] {
    const r = rowRange(fn, this.numJets, start, end);
    if (this.closed) throw new DataError(invalid(fn, 'path', 'a file that is still open', this.path));
    return r;
  }
}

/**
 * Checked, read-only access to HDF5 datasets through h5wasm (internal).
 *
 * h5wasm neither throws when a file cannot be opened nor when a chunk fails to decode: it prints
 * the HDF5 error stack and hands back whatever is in its buffer. So every call here (1) checks
 * the file's HDF5 signature and the end-of-file address recorded in its superblock against its
 * size before opening it, and (2) runs each library call with HDF5's throwing error handler
 * switched on, and off again before returning, converting failures into {@link DataError}s that
 * name the file and the dataset.
 *
 * @packageDocumentation
 */
import { closeSync, openSync, statSync } from 'node:fs';
import type { Dataset, File as H5File } from 'h5wasm';
import { ConfigError, DataError, invalid } from '../errors';
import { readBytes } from './read-bytes';

type H5wasm = typeof import('h5wasm').default;
interface H5Errors {
  activate_throwing_error_handler(): number;
  deactivate_throwing_error_handler(): number;
}

let loading: Promise<{ lib: H5wasm; errors: H5Errors }> | undefined;

/** Loads h5wasm's Node build once (it is ESM-only, so this is a dynamic import). */
function h5wasm(): Promise<{ lib: H5wasm; errors: H5Errors }> {
  loading ??= import('h5wasm/node').then(async (m) => {
    const lib = m.default;
    const module = (await lib.ready) as unknown as H5Errors;
    return { lib, errors: module };
  });
  return loading;
}

/** The element types a dataset may be required to have. */
export type H5Kind = 'float' | 'int';

/** Shape and element type of a dataset, as read from its metadata. */
export interface DatasetInfo {
  readonly name: string;
  readonly shape: readonly number[];
  readonly kind: H5Kind;
  readonly bytes: number;
}

function dataError(fn: string, file: string, rule: string): DataError {
  return new DataError(invalid(fn, 'path', rule, file));
}

const SIGNATURE = [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a];

/**
 * Checks, before h5wasm sees it, that `path` is an existing regular file with an HDF5 signature
 * (at byte 0, 512, 1024, ... as the format allows) and at least as long as the end-of-file
 * address its superblock records (so a truncated copy is rejected, not read as zeros).
 */
export function checkHdf5File(fn: string, path: string): void {
  if (typeof path !== 'string' || path.length === 0) {
    throw new ConfigError(invalid(fn, 'path', 'a non-empty file path', path));
  }
  let size: number;
  let fd: number;
  try {
    const st = statSync(path);
    if (!st.isFile()) throw dataError(fn, path, 'a regular file');
    size = st.size;
    fd = openSync(path, 'r');
  } catch (e) {
    if (e instanceof DataError) throw e;
    throw dataError(fn, path, 'an existing, readable file');
  }
  try {
    for (let base = 0; base === 0 || base + 8 <= size; base = base === 0 ? 512 : base * 2) {
      const head = readBytes(fd, 48, base);
      if (head.length < 8 || !SIGNATURE.every((b, i) => head[i] === b)) {
        if (base + 8 > size) break;
        continue;
      }
      const eof = superblockEnd(head);
      if (eof !== undefined && base + eof > size) {
        throw dataError(fn, path, `a complete HDF5 file (its superblock records ${base + eof} bytes; the file has ${size}: truncated)`);
      }
      return;
    }
    throw dataError(fn, path, 'an HDF5 file (no HDF5 signature found)');
  } finally {
    closeSync(fd);
  }
}

/** The end-of-file address stored in a superblock of version 0-3 (relative to the base address). */
function superblockEnd(head: Uint8Array): number | undefined {
  const version = head[8];
  let offsetSize: number;
  let at: number;
  if (version === 0 || version === 1) {
    offsetSize = head[13];
    at = (version === 0 ? 24 : 28) + 2 * offsetSize;
  } else if (version === 2 || version === 3) {
    offsetSize = head[9];
    at = 12 + 2 * offsetSize;
  } else {
    return undefined;
  }
  if (offsetSize !== 8 && offsetSize !== 4) return undefined;
  if (head.length < at + offsetSize) return undefined;
  const view = new DataView(head.buffer, head.byteOffset, head.byteLength);
  return offsetSize === 8 ? Number(view.getBigUint64(at, true)) : view.getUint32(at, true);
}

/** Runs one synchronous h5wasm call with throwing HDF5 errors, mapping failures to DataError. */
function guarded<T>(errors: H5Errors, fn: string, file: string, what: string, call: () => T): T {
  errors.activate_throwing_error_handler();
  try {
    return call();
  } catch (e) {
    if (e instanceof DataError) throw e;
    const detail = e instanceof Error ? (/minor: ([^\n]+)\s*$/m.exec(e.message)?.[1] ?? e.message.split('\n')[0]) : String(e);
    throw dataError(fn, file, `${what} (HDF5 reports: ${detail.trim()})`);
  } finally {
    errors.deactivate_throwing_error_handler();
  }
}

/**
 * A read-only HDF5 file whose datasets are read in row blocks. Not exported from the package:
 * the loaders wrap it with layout-specific checks.
 */
export class Hdf5Reader {
  private closed = false;

  private constructor(
    private readonly file: H5File,
    private readonly errors: H5Errors,
    private readonly lib: H5wasm,
    /** Path of the file. */
    readonly path: string,
  ) {}

  /**
   * Opens `path` after {@link checkHdf5File} and hands the reader to `build` (which checks the
   * layout), closing the file again if `build` throws; errors name `fn`.
   */
  static async open<T>(fn: string, path: string, build: (reader: Hdf5Reader) => T): Promise<T> {
    checkHdf5File(fn, path);
    const { lib, errors } = await h5wasm();
    const file = guarded(errors, fn, path, 'a readable HDF5 file', () => new lib.File(path, 'r'));
    const reader = new Hdf5Reader(file, errors, lib, path);
    try {
      return build(reader);
    } catch (e) {
      reader.close();
      throw e;
    }
  }

  /** Names of the root-level members; errors name `fn`. */
  keys(fn: string): string[] {
    return guarded(this.errors, fn, this.path, 'a readable HDF5 file', () => this.file.keys());
  }

  /**
   * Metadata of a root-level dataset, checked for kind (float: IEEE 4 or 8 bytes; int: signed
   * 1, 2 or 4 bytes), little-endian byte order, and rank.
   */
  info(fn: string, name: string, kind: H5Kind, rank: number): DatasetInfo {
    const keys = this.keys(fn);
    if (!keys.includes(name)) {
      throw dataError(fn, this.path, `an HDF5 file with a dataset \`${name}\` (it has: ${keys.join(', ') || 'nothing'})`);
    }
    const meta = guarded(this.errors, fn, this.path, `an HDF5 file whose \`${name}\` can be read`, () => {
      const entity = this.file.get(name);
      if (!(entity instanceof this.lib.Dataset)) {
        throw dataError(fn, this.path, `an HDF5 file whose \`${name}\` is a dataset`);
      }
      return entity.metadata;
    });
    const isFloat = meta.type === 1 && (meta.size === 4 || meta.size === 8);
    const isInt = meta.type === 0 && meta.signed === true && [1, 2, 4, 8].includes(meta.size);
    const want = kind === 'float' ? 'float32 or float64' : 'int8, int16, int32 or int64';
    if ((kind === 'float' ? !isFloat : !isInt) || meta.littleEndian !== true || meta.vlen === true) {
      const has = `${meta.type === 1 ? 'float' : meta.type === 0 ? (meta.signed ? 'int' : 'uint') : `HDF5 class ${meta.type}`}${8 * meta.size}${meta.littleEndian ? '' : ' big-endian'}`;
      throw dataError(fn, this.path, `an HDF5 file whose dataset \`${name}\` is little-endian ${want}; it is ${has}`);
    }
    const shape = meta.shape ?? [];
    if (shape.length !== rank) {
      throw dataError(fn, this.path, `an HDF5 file whose dataset \`${name}\` has rank ${rank}; it has shape (${shape.join(', ')})`);
    }
    return { name, shape: Object.freeze([...shape]), kind, bytes: meta.size };
  }

  /**
   * Rows `start <= i < end` of a dataset's first axis, read as one hyperslab and copied into a
   * Float64Array (exact for float32, float64 and integers up to 2^53).
   */
  rows(fn: string, info: DatasetInfo, start: number, end: number): Float64Array {
    const rowSize = info.shape.slice(1).reduce((a, b) => a * b, 1);
    if (end <= start) return new Float64Array(0);
    const out = guarded(this.errors, fn, this.path, `an HDF5 file whose dataset \`${info.name}\` can be read`, () =>
      (this.file.get(info.name) as Dataset).slice([[start, end]]),
    );
    const n = (end - start) * rowSize;
    if (!ArrayBuffer.isView(out) || (out as unknown as ArrayLike<unknown>).length !== n) {
      throw dataError(fn, this.path, `an HDF5 file whose dataset \`${info.name}\` reads as ${n} numbers for rows [${start}, ${end})`);
    }
    const result = new Float64Array(n);
    if (out instanceof BigInt64Array) {
      for (let i = 0; i < n; i++) result[i] = Number(out[i]);
    } else {
      result.set(out as unknown as ArrayLike<number>);
    }
    return result;
  }

  /** Closes the file (idempotent). */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.file.close();
  }
}

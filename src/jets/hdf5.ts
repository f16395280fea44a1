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
 * Files reach HDF5 through a small read-only Emscripten file system of our own that answers each
 * read with a positioned `fs.readSync` on the open file: nothing is copied into WebAssembly memory
 * but the bytes HDF5 asks for. (h5wasm's ES-module build is used rather than its `h5wasm/node`
 * build: the latter's single 4 MB file holds a dynamic `import()`, which makes source-rewriting
 * loaders such as tsx generate a source map of it at every start, about 600 MB and several
 * seconds.)
 *
 * @packageDocumentation
 */
import { basename } from 'node:path';
import { closeSync, fstatSync, openSync, readSync, statSync } from 'node:fs';
import type { Dataset, File as H5File } from 'h5wasm';
import { ConfigError, DataError, invalid } from '../errors';
import { readBytes } from './read-bytes';

type H5wasm = typeof import('h5wasm').default;
interface H5Errors {
  activate_throwing_error_handler(): number;
  deactivate_throwing_error_handler(): number;
}

/** The parts of Emscripten's FS (the module's `FS`) used to mount a file. */
interface EmFS {
  mkdir(path: string): unknown;
  rmdir(path: string): void;
  mount(type: unknown, opts: object, mountpoint: string): unknown;
  unmount(mountpoint: string): void;
  createNode(parent: EmNode | null, name: string, mode: number, rdev: number): EmNode;
  ErrnoError: new (errno: number) => Error;
}
interface EmNode {
  id: number;
  mode: number;
  node_ops: object;
  stream_ops: object;
  contents: Record<string, EmNode>;
  size?: number;
}
interface EmStream {
  node: EmNode;
  position: number;
}

interface H5Runtime {
  lib: H5wasm;
  errors: H5Errors;
  fs: EmFS;
}

let loading: Promise<H5Runtime> | undefined;

/**
 * Imports h5wasm, an ES module only. The CommonJS build of this package turns `import()` into
 * `require()`, which h5wasm refuses; there the import is made natively instead.
 */
function importH5wasm(): Promise<typeof import('h5wasm')> {
  return import('h5wasm').catch((error: unknown) => {
    const native = new Function('specifier', 'return import(specifier)') as (specifier: string) => Promise<typeof import('h5wasm')>;
    return native('h5wasm').catch(() => {
      throw error;
    });
  });
}

/** Loads h5wasm once (it is ESM-only, so this is a dynamic import). */
function h5wasm(): Promise<H5Runtime> {
  loading ??= importH5wasm().then(async (m) => {
    const lib = m.default;
    const module = (await lib.ready) as unknown as H5Errors & { FS: EmFS };
    return { lib, errors: module, fs: module.FS };
  });
  return loading;
}

// Emscripten errno values (as its WORKERFS uses them).
const ENOENT = 44;
const EROFS = 63;
const EIO = 29;
const EINVAL = 28;

let mountCount = 0;

/** A file of the host mounted read-only at `<mountpoint>/<name>` of h5wasm's file system. */
interface MountedFile {
  /** The path HDF5 opens. */
  readonly path: string;
  /** Unmounts and closes the host file (idempotent). */
  release(): void;
}

/**
 * Mounts the host file `path` (already checked by {@link checkHdf5File}) into h5wasm's file system
 * as a read-only file whose reads are positioned reads of the open host file.
 */
function mountFile(fs: EmFS, path: string): MountedFile {
  const fd = openSync(path, 'r');
  let mounted = false;
  const mountpoint = `/lorentz-irreps-${++mountCount}`;
  try {
    const size = fstatSync(fd).size;
    const time = Date.now();
    const name = basename(path) || 'file';
    const readOnly = () => {
      throw new fs.ErrnoError(EROFS);
    };
    const nodeOps = {
      getattr: (node: EmNode) => ({
        dev: 1, ino: node.id, mode: node.mode, nlink: 1, uid: 0, gid: 0, rdev: 0, size: node.size ?? 4096,
        atime: new Date(time), mtime: new Date(time), ctime: new Date(time), blksize: 4096, blocks: Math.ceil((node.size ?? 4096) / 4096),
      }),
      setattr: () => {},
      lookup: () => {
        throw new fs.ErrnoError(ENOENT);
      },
      mknod: readOnly,
      rename: readOnly,
      unlink: readOnly,
      rmdir: readOnly,
      symlink: readOnly,
      readdir: (node: EmNode) => ['.', '..', ...Object.keys(node.contents)],
    };
    const streamOps = {
      read(_stream: EmStream, buffer: Uint8Array, offset: number, length: number, position: number): number {
        if (position >= size) return 0;
        const n = Math.min(length, size - position);
        let done = 0;
        try {
          while (done < n) {
            const k = readSync(fd, buffer, offset + done, n - done, position + done);
            if (k === 0) break;
            done += k;
          }
        } catch {
          throw new fs.ErrnoError(EIO);
        }
        return done;
      },
      write: readOnly,
      llseek(stream: EmStream, offset: number, whence: number): number {
        const at = whence === 1 ? stream.position + offset : whence === 2 ? size + offset : offset;
        if (at < 0) throw new fs.ErrnoError(EINVAL);
        return at;
      },
    };
    const type = {
      mount(): EmNode {
        const root = fs.createNode(null, '/', 0o40555, 0);
        Object.assign(root, { mode: 0o40555, node_ops: nodeOps, stream_ops: streamOps, contents: {}, size: 4096 });
        const file = fs.createNode(root, name, 0o100444, 0);
        Object.assign(file, { mode: 0o100444, node_ops: nodeOps, stream_ops: streamOps, contents: {}, size });
        root.contents[name] = file;
        return root;
      },
    };
    fs.mkdir(mountpoint);
    try {
      fs.mount(type, {}, mountpoint);
    } catch (e) {
      fs.rmdir(mountpoint);
      throw e;
    }
    mounted = true;
    return {
      path: `${mountpoint}/${name}`,
      release() {
        if (!mounted) return;
        mounted = false;
        try {
          fs.unmount(mountpoint);
          fs.rmdir(mountpoint);
        } finally {
          closeSync(fd);
        }
      },
    };
  } finally {
    if (!mounted) closeSync(fd);
  }
}

/** Bytes of a dataset read at once by {@link Hdf5Reader.rows}. */
const BLOCK_BYTES = 1 << 20;

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
    private readonly mounted: MountedFile,
    /** Path of the file. */
    readonly path: string,
  ) {}

  /**
   * Opens `path` after {@link checkHdf5File} and hands the reader to `build` (which checks the
   * layout), closing the file again if `build` throws; errors name `fn`.
   */
  static async open<T>(fn: string, path: string, build: (reader: Hdf5Reader) => T): Promise<T> {
    checkHdf5File(fn, path);
    const { lib, errors, fs } = await h5wasm();
    let mounted: MountedFile;
    try {
      mounted = mountFile(fs, path);
    } catch {
      throw dataError(fn, path, 'an existing, readable file');
    }
    let file: H5File;
    try {
      file = guarded(errors, fn, path, 'a readable HDF5 file', () => new lib.File(mounted.path, 'r'));
    } catch (e) {
      mounted.release();
      throw e;
    }
    const reader = new Hdf5Reader(file, errors, lib, mounted, path);
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
    const result = new Float64Array((end - start) * rowSize);
    const dataset = guarded(this.errors, fn, this.path, `an HDF5 file whose dataset \`${info.name}\` can be read`, () => this.file.get(info.name) as Dataset);
    // In blocks of about 1 MB, so that neither the WebAssembly heap nor the copy h5wasm returns
    // grows with the rows asked for: only `result` does.
    const block = Math.max(1, Math.floor(BLOCK_BYTES / (rowSize * info.bytes)));
    for (let a = start; a < end; a += block) {
      const b = Math.min(end, a + block);
      const out = guarded(this.errors, fn, this.path, `an HDF5 file whose dataset \`${info.name}\` can be read`, () => dataset.slice([[a, b]]));
      const n = (b - a) * rowSize;
      if (!ArrayBuffer.isView(out) || (out as unknown as ArrayLike<unknown>).length !== n) {
        throw dataError(fn, this.path, `an HDF5 file whose dataset \`${info.name}\` reads as ${n} numbers for rows [${a}, ${b})`);
      }
      const at = (a - start) * rowSize;
      if (out instanceof BigInt64Array) {
        for (let i = 0; i < n; i++) result[at + i] = Number(out[i]);
      } else {
        result.set(out as unknown as ArrayLike<number>, at);
      }
    }
    return result;
  }

  /** Closes the file and releases the host file (idempotent). */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    try {
      this.file.close();
    } finally {
      this.mounted.release();
    }
  }
}

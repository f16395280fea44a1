/**
 * Reader and writer of NumPy `.npy` files (format versions 1.0 and 2.0), restricted to the
 * little-endian, C-ordered dtypes that jet data use: `<f4`, `<f8`, `<i2`, `<i4`.
 *
 * Layout: magic `\x93NUMPY`, major and minor version bytes, the header length (uint16 LE in
 * v1.0, uint32 LE in v2.0), an ASCII Python dict `{'descr': ..., 'fortran_order': ..., 'shape': ...}`
 * padded with spaces and a newline, then the raw data.
 *
 * @packageDocumentation
 */
import { closeSync, openSync, statSync } from 'node:fs';
import { ConfigError, DataError, IndexError, ShapeError, invalid } from '../errors';
import { readBytes } from './read-bytes';

/** The dtypes the reader accepts. */
export type NpyDType = '<f4' | '<f8' | '<i2' | '<i4';

/** The typed array that holds each {@link NpyDType}. */
export type NpyData = Float32Array | Float64Array | Int16Array | Int32Array;

/** The parsed header of a `.npy` file. */
export interface NpyHeader {
  /** Format version, `'1.0'` or `'2.0'`. */
  readonly version: '1.0' | '2.0';
  /** Element type. */
  readonly dtype: NpyDType;
  /** Array shape (C order); `[]` for a scalar. */
  readonly shape: readonly number[];
  /** Byte offset of the first data byte. */
  readonly dataOffset: number;
}

/** A whole `.npy` array, or a block of its leading-axis rows. */
export interface NpyArray {
  /** Element type. */
  readonly dtype: NpyDType;
  /** Shape of `data` (for a block of rows, the first entry is the number of rows read). */
  readonly shape: readonly number[];
  /** The elements in C order. */
  readonly data: NpyData;
}

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY
const ITEM_SIZE: Readonly<Record<NpyDType, number>> = { '<f4': 4, '<f8': 8, '<i2': 2, '<i4': 4 };
const SUPPORTED = "'<f4', '<f8', '<i2' or '<i4'";

function fail(fn: string, source: string, rule: string): never {
  throw new DataError(invalid(fn, 'path', rule, source));
}

/**
 * Parses the header of a `.npy` file from its first bytes.
 *
 * @param bytes - at least the whole header (the first 12 bytes tell its length).
 * @param source - the file name to report in errors.
 * @param fn - the public function to name in errors.
 * @throws {@link DataError} naming `source` if the magic, version, dict or dtype is not supported.
 */
export function parseNpyHeader(bytes: Uint8Array, source = '<bytes>', fn = 'parseNpyHeader'): NpyHeader {
  if (bytes.length < 10 || MAGIC.some((b, i) => bytes[i] !== b)) {
    fail(fn, source, 'a .npy file (starting with the bytes \\x93NUMPY)');
  }
  const major = bytes[6];
  const minor = bytes[7];
  if (minor !== 0 || (major !== 1 && major !== 2)) {
    fail(fn, source, `a .npy file of format version 1.0 or 2.0; it has version ${major}.${minor}`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const lengthBytes = major === 1 ? 2 : 4;
  if (bytes.length < 8 + lengthBytes) fail(fn, source, 'a complete .npy file (the header is cut off)');
  const headerLength = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const start = 8 + lengthBytes;
  const dataOffset = start + headerLength;
  if (bytes.length < dataOffset) fail(fn, source, 'a complete .npy file (the header is cut off)');
  let text = '';
  for (let i = start; i < dataOffset; i++) text += String.fromCharCode(bytes[i]);
  const descr = /'descr'\s*:\s*'([^']*)'/.exec(text)?.[1];
  const fortran = /'fortran_order'\s*:\s*(True|False)/.exec(text)?.[1];
  const shapeText = /'shape'\s*:\s*\(([^)]*)\)/.exec(text)?.[1];
  if (descr === undefined || fortran === undefined || shapeText === undefined) {
    fail(fn, source, "a .npy file whose header holds 'descr', 'fortran_order' and 'shape'");
  }
  if (!Object.prototype.hasOwnProperty.call(ITEM_SIZE, descr)) {
    fail(fn, source, `a .npy file of dtype ${SUPPORTED}; it has '${descr}'`);
  }
  if (fortran !== 'False') fail(fn, source, 'a C-ordered .npy file; it is Fortran-ordered');
  const parts = shapeText
    .split(',')
    .map((s) => s.trim().replace(/L$/, ''))
    .filter((s) => s.length > 0);
  if (!parts.every((s) => /^\d+$/.test(s))) fail(fn, source, `a .npy file with an integer shape; it has (${shapeText})`);
  return {
    version: major === 1 ? '1.0' : '2.0',
    dtype: descr as NpyDType,
    shape: Object.freeze(parts.map(Number)),
    dataOffset,
  };
}

function product(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** A fresh typed array of the dtype. */
function allocate(dtype: NpyDType, n: number): NpyData {
  if (dtype === '<f4') return new Float32Array(n);
  if (dtype === '<f8') return new Float64Array(n);
  if (dtype === '<i2') return new Int16Array(n);
  return new Int32Array(n);
}

/** Decodes little-endian bytes into a fresh typed array (through a DataView: right on any host). */
function decode(dtype: NpyDType, bytes: Uint8Array): NpyData {
  const size = ITEM_SIZE[dtype];
  const n = bytes.length / size;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = allocate(dtype, n);
  const get =
    dtype === '<f4'
      ? (at: number) => view.getFloat32(at, true)
      : dtype === '<f8'
        ? (at: number) => view.getFloat64(at, true)
        : dtype === '<i2'
          ? (at: number) => view.getInt16(at, true)
          : (at: number) => view.getInt32(at, true);
  for (let i = 0; i < n; i++) out[i] = get(i * size);
  return out;
}

/**
 * Parses a whole `.npy` file held in memory.
 *
 * @param bytes - the file's bytes.
 * @param source - the file name to report in errors.
 * @returns the array, with a fresh (copied) typed array.
 * @throws {@link DataError} naming `source` for a bad header, an unsupported dtype or order, or a
 * data section whose length is not exactly `prod(shape) * itemsize` bytes (truncated or padded).
 *
 * @example
 * ```ts
 * import { encodeNpy, parseNpy } from 'lorentz-irreps';
 * const bytes = encodeNpy(new Float32Array([1, 2, 3, 4, 5, 6]), [2, 3]);
 * const a = parseNpy(bytes);
 * console.assert(a.dtype === '<f4' && a.shape.join() === '2,3' && a.data[5] === 6);
 * ```
 */
export function parseNpy(bytes: Uint8Array, source = '<bytes>'): NpyArray {
  const header = parseNpyHeader(bytes, source, 'parseNpy');
  const expected = product(header.shape) * ITEM_SIZE[header.dtype];
  const actual = bytes.length - header.dataOffset;
  if (actual !== expected) {
    fail('parseNpy', source, `a .npy file of ${expected} data bytes for shape (${header.shape.join(', ')}); it has ${actual}`);
  }
  return { dtype: header.dtype, shape: header.shape, data: decode(header.dtype, bytes.subarray(header.dataOffset)) };
}

function openForRead(fn: string, path: string): { fd: number; size: number } {
  if (typeof path !== 'string' || path.length === 0) {
    throw new ConfigError(invalid(fn, 'path', 'a non-empty file path', path));
  }
  try {
    const st = statSync(path);
    if (!st.isFile()) fail(fn, path, 'a regular file');
    return { fd: openSync(path, 'r'), size: st.size };
  } catch (e) {
    if (e instanceof DataError) throw e;
    fail(fn, path, 'an existing, readable file');
  }
}

function headerOf(fn: string, path: string, fd: number, size: number): NpyHeader {
  const first = readBytes(fd, Math.min(size, 12), 0);
  if (first.length < 12) return parseNpyHeader(first, path, fn);
  const v = first[6];
  const len = v === 2 ? new DataView(first.buffer).getUint32(8, true) + 12 : new DataView(first.buffer).getUint16(8, true) + 10;
  return parseNpyHeader(readBytes(fd, Math.min(size, Math.max(len, 12)), 0), path, fn);
}

/**
 * Reads the header of a `.npy` file without reading its data.
 *
 * @param path - file path.
 * @throws {@link DataError} naming the file if it is missing, not a `.npy` file, of an unsupported
 * dtype or order, or shorter than its header says.
 *
 * @example
 * ```ts
 * import { encodeNpy, readNpyHeader } from 'lorentz-irreps';
 * import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
 * import { join } from 'node:path';
 * import { tmpdir } from 'node:os';
 * const dir = mkdtempSync(join(tmpdir(), 'npy-'));
 * const path = join(dir, 'a.npy');
 * writeFileSync(path, encodeNpy(new Int16Array(12), [3, 4]));
 * console.assert(readNpyHeader(path).shape.join() === '3,4');
 * rmSync(dir, { recursive: true });
 * ```
 */
export function readNpyHeader(path: string): NpyHeader {
  const { fd, size } = openForRead('readNpyHeader', path);
  try {
    const header = headerOf('readNpyHeader', path, fd, size);
    checkSize('readNpyHeader', path, header, size);
    return header;
  } finally {
    closeSync(fd);
  }
}

function checkSize(fn: string, path: string, header: NpyHeader, size: number): void {
  const expected = product(header.shape) * ITEM_SIZE[header.dtype];
  const actual = size - header.dataOffset;
  if (actual !== expected) {
    fail(fn, path, `a .npy file of ${expected} data bytes for shape (${header.shape.join(', ')}); it has ${actual} (truncated or padded)`);
  }
}

/**
 * Reads a whole `.npy` file.
 *
 * @param path - file path.
 * @returns the array (dtype, shape, data in C order).
 * @throws {@link DataError} naming the file if it is missing, not a `.npy` file, of version other
 * than 1.0/2.0, of a dtype other than `<f4`, `<f8`, `<i2`, `<i4`, Fortran-ordered, or truncated.
 *
 * @example
 * ```ts
 * import { encodeNpy, readNpy } from 'lorentz-irreps';
 * import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
 * import { join } from 'node:path';
 * import { tmpdir } from 'node:os';
 * const dir = mkdtempSync(join(tmpdir(), 'npy-'));
 * const path = join(dir, 'a.npy');
 * writeFileSync(path, encodeNpy(new Float64Array([0.5, -1]), [2]));
 * const a = readNpy(path);
 * console.assert(a.data instanceof Float64Array && a.data[1] === -1);
 * rmSync(dir, { recursive: true });
 * ```
 */
export function readNpy(path: string): NpyArray {
  const { fd, size } = openForRead('readNpy', path);
  try {
    const header = headerOf('readNpy', path, fd, size);
    checkSize('readNpy', path, header, size);
    const bytes = readBytes(fd, size - header.dataOffset, header.dataOffset);
    return { dtype: header.dtype, shape: header.shape, data: decode(header.dtype, bytes) };
  } finally {
    closeSync(fd);
  }
}

/**
 * Reads rows `start <= i < end` along the first axis of a `.npy` file, without reading the rest.
 *
 * @param path - file path.
 * @param start - first row (inclusive), `0 <= start <= end`.
 * @param end - last row (exclusive), `end <= shape[0]`.
 * @returns the block, of shape `[end - start, ...shape.slice(1)]`.
 * @throws {@link DataError} as {@link readNpy}; {@link ShapeError} for a 0-d array;
 * {@link IndexError} if the range is not inside `[0, shape[0]]`.
 *
 * @example
 * ```ts
 * import { encodeNpy, readNpyRows } from 'lorentz-irreps';
 * import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
 * import { join } from 'node:path';
 * import { tmpdir } from 'node:os';
 * const dir = mkdtempSync(join(tmpdir(), 'npy-'));
 * const path = join(dir, 'a.npy');
 * writeFileSync(path, encodeNpy(new Int32Array([0, 1, 2, 3, 4, 5]), [3, 2]));
 * const rows = readNpyRows(path, 1, 3);
 * console.assert(rows.shape.join() === '2,2' && rows.data.join() === '2,3,4,5');
 * rmSync(dir, { recursive: true });
 * ```
 */
export function readNpyRows(path: string, start: number, end: number): NpyArray {
  const { fd, size } = openForRead('readNpyRows', path);
  try {
    const header = headerOf('readNpyRows', path, fd, size);
    checkSize('readNpyRows', path, header, size);
    if (header.shape.length === 0) {
      throw new ShapeError(invalid('readNpyRows', 'path', 'an array of rank >= 1', path));
    }
    const rows = header.shape[0];
    if (!Number.isInteger(start) || start < 0 || start > rows) {
      throw new IndexError(invalid('readNpyRows', 'start', `an integer in [0, ${rows}]`, start));
    }
    if (!Number.isInteger(end) || end < start || end > rows) {
      throw new IndexError(invalid('readNpyRows', 'end', `an integer in [${start}, ${rows}]`, end));
    }
    const rowBytes = product(header.shape.slice(1)) * ITEM_SIZE[header.dtype];
    const bytes = readBytes(fd, (end - start) * rowBytes, header.dataOffset + start * rowBytes);
    return { dtype: header.dtype, shape: Object.freeze([end - start, ...header.shape.slice(1)]), data: decode(header.dtype, bytes) };
  } finally {
    closeSync(fd);
  }
}

function dtypeOf(data: NpyData): NpyDType | undefined {
  if (data instanceof Float32Array) return '<f4';
  if (data instanceof Float64Array) return '<f8';
  if (data instanceof Int16Array) return '<i2';
  if (data instanceof Int32Array) return '<i4';
  return undefined;
}

/**
 * Encodes a typed array as a `.npy` file (version 1.0; 2.0 only if the header needs it), C order,
 * little-endian, with the header padded to a multiple of 64 bytes as NumPy writes it.
 *
 * @param data - the elements in C order; its type fixes the dtype.
 * @param shape - the array shape; `prod(shape)` must equal `data.length`.
 * @returns the file's bytes.
 * @throws {@link ShapeError} if the shape is not a list of non-negative integers whose product is
 * `data.length`; {@link ConfigError} if `data` is not a Float32/Float64/Int16/Int32 array.
 *
 * @example
 * ```ts
 * import { encodeNpy } from 'lorentz-irreps';
 * const bytes = encodeNpy(new Float32Array(4), [2, 2]);
 * console.assert(bytes[0] === 0x93 && (bytes.length - 16) % 64 === 0);
 * ```
 */
export function encodeNpy(data: NpyData, shape: readonly number[]): Uint8Array {
  const dtype = dtypeOf(data);
  if (dtype === undefined) {
    throw new ConfigError(invalid('encodeNpy', 'data', 'a Float32Array, Float64Array, Int16Array or Int32Array', data));
  }
  if (!Array.isArray(shape) || !shape.every((d) => Number.isInteger(d) && d >= 0) || product(shape) !== data.length) {
    throw new ShapeError(invalid('encodeNpy', 'shape', `a list of non-negative integers with product ${data.length}`, shape));
  }
  const shapeText = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  let dict = `{'descr': '${dtype}', 'fortran_order': False, 'shape': ${shapeText}, }`;
  let version = 1;
  let prefix = 10;
  if (dict.length + 1 + prefix > 65535) {
    version = 2;
    prefix = 12;
  }
  const total = Math.ceil((prefix + dict.length + 1) / 64) * 64;
  dict = dict.padEnd(total - prefix - 1, ' ') + '\n';
  const itemBytes = data.length * ITEM_SIZE[dtype];
  const out = new Uint8Array(total + itemBytes);
  out.set(MAGIC, 0);
  out[6] = version;
  out[7] = 0;
  const view = new DataView(out.buffer);
  if (version === 1) view.setUint16(8, dict.length, true);
  else view.setUint32(8, dict.length, true);
  for (let i = 0; i < dict.length; i++) out[prefix + i] = dict.charCodeAt(i);
  for (let i = 0; i < data.length; i++) {
    const at = total + i * ITEM_SIZE[dtype];
    if (dtype === '<f4') view.setFloat32(at, data[i], true);
    else if (dtype === '<f8') view.setFloat64(at, data[i], true);
    else if (dtype === '<i2') view.setInt16(at, data[i], true);
    else view.setInt32(at, data[i], true);
  }
  return out;
}

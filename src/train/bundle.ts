/**
 * Tensor bundles on disk: a JSON file `<base>.json` (a header of the caller's fields plus the
 * index of named float64 arrays) and a binary file `<base>.<hash>.bin` of their values, as
 * little-endian float64. Writing is crash-safe: the binary file gets a new name derived from its
 * SHA-256, is written atomically first, then the JSON that names it is written atomically (the
 * commit point), then older binary files of the bundle are removed. A reader of the JSON always
 * finds the binary file it names, and checks its length and hash.
 *
 * @packageDocumentation
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataError, ShapeError, invalid } from '../errors';
import { removeFiles, TEMP_MARKER, writeFileAtomic } from './atomic';
import { isJsonObject, type JsonObject, type JsonValue } from './json';

/** One named array of a bundle: shape, and values (`im` present for complex arrays). */
export interface BundleArray {
  readonly shape: readonly number[];
  readonly re: Float64Array;
  readonly im?: Float64Array;
}

/** A bundle read back: the caller's header fields and the arrays by name. */
export interface Bundle {
  readonly header: JsonObject;
  readonly arrays: ReadonlyMap<string, BundleArray>;
}

interface IndexEntry {
  readonly name: string;
  readonly shape: number[];
  readonly complex: boolean;
  /** Offset in float64 values. */
  readonly offset: number;
  /** Number of float64 values (2 * size when complex: real parts, then imaginary parts). */
  readonly length: number;
}

const RESERVED = ['arrays', 'bin', 'byteLength', 'sha256'];

/** The path of the JSON file of bundle `base` in `dir`. */
export function bundlePath(dir: string, base: string): string {
  return join(dir, `${base}.json`);
}

/** True when `dir` holds the JSON file of bundle `base`. */
export function bundleExists(dir: string, base: string): boolean {
  return existsSync(bundlePath(dir, base));
}

/**
 * Writes bundle `base` into `dir` (created if missing), replacing an older one atomically.
 * @throws {@link ShapeError} when an array's length does not fit its shape; file-system errors.
 */
export function writeBundle(dir: string, base: string, header: JsonObject, arrays: ReadonlyMap<string, BundleArray>): void {
  for (const k of RESERVED) if (k in header) throw new ShapeError(invalid('writeBundle', 'header', `free of the reserved key '${k}'`, k));
  const index: IndexEntry[] = [];
  let total = 0;
  for (const [name, a] of arrays) {
    const size = a.shape.reduce((p, d) => p * d, 1);
    if (a.re.length !== size || (a.im !== undefined && a.im.length !== size)) {
      throw new ShapeError(invalid('writeBundle', `arrays.get(${JSON.stringify(name)})`, `values of length ${size} for shape [${a.shape.join(',')}]`, a.re.length));
    }
    const length = a.im === undefined ? size : 2 * size;
    index.push({ name, shape: a.shape.slice(), complex: a.im !== undefined, offset: total, length });
    total += length;
  }
  const bytes = new Uint8Array(total * 8);
  const view = new DataView(bytes.buffer);
  for (const e of index) {
    const a = arrays.get(e.name)!;
    const size = a.re.length;
    for (let i = 0; i < size; i++) view.setFloat64((e.offset + i) * 8, a.re[i], true);
    if (a.im !== undefined) for (let i = 0; i < size; i++) view.setFloat64((e.offset + size + i) * 8, a.im[i], true);
  }
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const bin = `${base}.${sha256.slice(0, 16)}.bin`;
  mkdirSync(dir, { recursive: true });
  writeFileAtomic(join(dir, bin), bytes);
  const json: Record<string, JsonValue> = { ...header, arrays: index as unknown as JsonValue, bin, byteLength: bytes.length, sha256 };
  writeFileAtomic(bundlePath(dir, base), `${JSON.stringify(json, null, 1)}\n`);
  removeFiles(dir, (name) => name.startsWith(`${base}.`) && (name.endsWith('.bin') || name.includes(TEMP_MARKER)) && name !== bin && name !== `${base}.json`);
}

/**
 * Reads bundle `base` from `dir`, checking the binary file's length and SHA-256.
 * @throws {@link DataError} naming the file when a file is missing, unreadable, malformed, or the
 *   binary file does not match the JSON.
 */
export function readBundle(dir: string, base: string): Bundle {
  const fn = 'readBundle';
  const path = bundlePath(dir, base);
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new DataError(invalid(fn, 'path', `a readable JSON file (${(e as Error).message})`, path));
  }
  if (!isJsonObject(parsed)) throw new DataError(invalid(fn, 'path', 'a JSON object', path));
  const { arrays, bin, byteLength, sha256, ...header } = parsed as Record<string, unknown>;
  if (typeof bin !== 'string' || bin.includes('/') || bin.includes('\\') || typeof sha256 !== 'string' || !Number.isSafeInteger(byteLength) || !Array.isArray(arrays)) {
    throw new DataError(invalid(fn, 'path', 'a bundle JSON with fields arrays, bin, byteLength and sha256', path));
  }
  const binPath = join(dir, bin);
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(readFileSync(binPath));
  } catch (e) {
    throw new DataError(invalid(fn, 'bin', `a readable file named by ${path} (${(e as Error).message})`, binPath));
  }
  if (bytes.length !== byteLength || createHash('sha256').update(bytes).digest('hex') !== sha256) {
    throw new DataError(invalid(fn, 'bin', `the file of ${byteLength} bytes and SHA-256 ${sha256} named by ${path}`, binPath));
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = new Map<string, BundleArray>();
  for (const raw of arrays as unknown[]) {
    const e = raw as IndexEntry;
    const ok =
      isJsonObject(e) &&
      typeof e.name === 'string' &&
      Array.isArray(e.shape) &&
      e.shape.every((d) => Number.isSafeInteger(d) && d >= 0) &&
      typeof e.complex === 'boolean' &&
      Number.isSafeInteger(e.offset) &&
      Number.isSafeInteger(e.length);
    const size = ok ? e.shape.reduce((p, d) => p * d, 1) : -1;
    if (!ok || e.length !== (e.complex ? 2 * size : size) || e.offset < 0 || (e.offset + e.length) * 8 > bytes.length || out.has(e.name)) {
      throw new DataError(invalid(fn, 'path', 'a bundle whose array index fits its binary file', `${path}: ${JSON.stringify(raw)}`));
    }
    const read = (from: number) => {
      const a = new Float64Array(size);
      for (let i = 0; i < size; i++) a[i] = view.getFloat64((from + i) * 8, true);
      return a;
    };
    out.set(e.name, e.complex ? { shape: e.shape, re: read(e.offset), im: read(e.offset + size) } : { shape: e.shape, re: read(e.offset) });
  }
  return { header: header as JsonObject, arrays: out };
}

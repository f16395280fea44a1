import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DataError, IndexError, ShapeError, encodeNpy, parseNpy, readNpy, readNpyHeader, readNpyRows } from 'lorentz-irreps';
import { removeTempDirs, tempDir } from './fixtures';

afterAll(removeTempDirs);

/** Builds .npy bytes by hand: magic, version, header length, dict, then raw data. */
function handMade(version: 1 | 2 | 3, dict: string, data: Uint8Array): Uint8Array {
  const prefix = version === 1 ? 10 : 12;
  const padded = dict.padEnd(Math.ceil((prefix + dict.length + 1) / 64) * 64 - prefix - 1, ' ') + '\n';
  const out = new Uint8Array(prefix + padded.length + data.length);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, version, 0]);
  const view = new DataView(out.buffer);
  if (version === 1) view.setUint16(8, padded.length, true);
  else view.setUint32(8, padded.length, true);
  for (let i = 0; i < padded.length; i++) out[prefix + i] = padded.charCodeAt(i);
  out.set(data, prefix + padded.length);
  return out;
}

function le(values: number[], kind: 'f4' | 'f8' | 'i2' | 'i4', bigEndian = false): Uint8Array {
  const size = { f4: 4, f8: 8, i2: 2, i4: 4 }[kind];
  const out = new Uint8Array(values.length * size);
  const view = new DataView(out.buffer);
  values.forEach((v, i) => {
    if (kind === 'f4') view.setFloat32(i * size, v, !bigEndian);
    else if (kind === 'f8') view.setFloat64(i * size, v, !bigEndian);
    else if (kind === 'i2') view.setInt16(i * size, v, !bigEndian);
    else view.setInt32(i * size, v, !bigEndian);
  });
  return out;
}

describe('parseNpy', () => {
  it('reads hand-made version 1.0 files of each supported dtype', () => {
    for (const kind of ['f4', 'f8', 'i2', 'i4'] as const) {
      const values = [1, -2, 3, 40, 5, -6];
      const bytes = handMade(1, `{'descr': '<${kind}', 'fortran_order': False, 'shape': (2, 3), }`, le(values, kind));
      const a = parseNpy(bytes);
      expect(a.dtype).toBe(`<${kind}`);
      expect(a.shape).toEqual([2, 3]);
      expect(Array.from(a.data)).toEqual(values);
    }
  });

  it('reads a hand-made version 2.0 file with a 1-d shape written (n,)', () => {
    const bytes = handMade(2, "{'descr': '<f8', 'fortran_order': False, 'shape': (3,), }", le([0.5, 1.5, -2.25], 'f8'));
    const a = parseNpy(bytes);
    expect(a.shape).toEqual([3]);
    expect(Array.from(a.data)).toEqual([0.5, 1.5, -2.25]);
  });

  it('reads a 0-d scalar', () => {
    const a = parseNpy(handMade(1, "{'descr': '<i4', 'fortran_order': False, 'shape': (), }", le([7], 'i4')));
    expect(a.shape).toEqual([]);
    expect(Array.from(a.data)).toEqual([7]);
  });

  it('round-trips arrays through encodeNpy for drawn shapes and values', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 4 }), { maxLength: 3 }), fc.integer(), (shape, seed) => {
        const n = shape.reduce((a, b) => a * b, 1);
        const data = new Float64Array(n).map((_, i) => Math.sin(seed + i) * 1e3);
        const back = parseNpy(encodeNpy(data, shape));
        expect(back.shape).toEqual(shape);
        expect(Array.from(back.data)).toEqual(Array.from(data));
      }),
    );
  });

  it('rejects big-endian, unsupported, Fortran-ordered and version 3.0 files with a DataError naming the file', () => {
    const cases: Array<[Uint8Array, RegExp]> = [
      [handMade(1, "{'descr': '>f4', 'fortran_order': False, 'shape': (1,), }", le([1], 'f4', true)), /dtype.*'>f4'/],
      [handMade(1, "{'descr': '<i8', 'fortran_order': False, 'shape': (1,), }", new Uint8Array(8)), /'<i8'/],
      [handMade(1, "{'descr': '<f4', 'fortran_order': True, 'shape': (2, 2), }", new Uint8Array(16)), /Fortran/],
      [handMade(3, "{'descr': '<f4', 'fortran_order': False, 'shape': (1,), }", new Uint8Array(4)), /version 1\.0 or 2\.0/],
    ];
    for (const [bytes, message] of cases) {
      expect(() => parseNpy(bytes, 'bad.npy')).toThrow(DataError);
      expect(() => parseNpy(bytes, 'bad.npy')).toThrow(message);
      expect(() => parseNpy(bytes, 'bad.npy')).toThrow(/"bad\.npy"/);
    }
  });

  it('rejects truncated data, extra bytes and text that is not NPY', () => {
    const good = encodeNpy(new Float32Array(6), [2, 3]);
    expect(() => parseNpy(good.subarray(0, good.length - 1))).toThrow(/truncated|data bytes/);
    const longer = new Uint8Array(good.length + 4);
    longer.set(good);
    expect(() => parseNpy(longer)).toThrow(DataError);
    expect(() => parseNpy(new TextEncoder().encode('just some text, not an array'))).toThrow(/\\x93NUMPY/);
    expect(() => parseNpy(good.subarray(0, 20))).toThrow(/cut off/);
  });
});

describe('readNpy and readNpyRows', () => {
  const dir = tempDir();
  const values = new Float32Array(5 * 3 * 2).map((_, i) => i / 4);
  const path = join(dir, 'a.npy');
  writeFileSync(path, encodeNpy(values, [5, 3, 2]));

  it('read the whole file and its header', () => {
    expect(readNpyHeader(path)).toMatchObject({ version: '1.0', dtype: '<f4', shape: [5, 3, 2] });
    expect(Array.from(readNpy(path).data)).toEqual(Array.from(values));
  });

  it('read exactly the requested block of rows', () => {
    const block = readNpyRows(path, 1, 4);
    expect(block.shape).toEqual([3, 3, 2]);
    expect(Array.from(block.data)).toEqual(Array.from(values.subarray(6, 24)));
    expect(readNpyRows(path, 5, 5).data.length).toBe(0);
  });

  it('reject ranges outside the file with an IndexError and 0-d arrays with a ShapeError', () => {
    expect(() => readNpyRows(path, -1, 2)).toThrow(IndexError);
    expect(() => readNpyRows(path, 2, 6)).toThrow(/`end` must be an integer in \[2, 5\]/);
    const scalar = join(dir, 'scalar.npy');
    writeFileSync(scalar, encodeNpy(new Int32Array([1]), []));
    expect(() => readNpyRows(scalar, 0, 1)).toThrow(ShapeError);
  });

  it('reject a missing file, a truncated copy and a text file, naming the file', () => {
    expect(() => readNpy(join(dir, 'missing.npy'))).toThrow(/missing\.npy/);
    const truncated = join(dir, 'truncated.npy');
    writeFileSync(truncated, encodeNpy(values, [5, 3, 2]).subarray(0, 100));
    expect(() => readNpy(truncated)).toThrow(DataError);
    expect(() => readNpyRows(truncated, 0, 1)).toThrow(/truncated\.npy/);
    const text = join(dir, 'notes.npy');
    writeFileSync(text, 'hello, this is not an array\n');
    expect(() => readNpyHeader(text)).toThrow(DataError);
  });
});

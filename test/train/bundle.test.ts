import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DataError, ShapeError } from 'lorentz-irreps';
import { readBundle, writeBundle, type BundleArray } from '../../src/train/bundle';
import { writeFileAtomic } from '../../src/train/atomic';
import { tempDir } from './fixtures';

const t = tempDir('bundle');
afterAll(t.cleanup);

const arrays = (entries: [string, BundleArray][]) => new Map(entries);

describe('tensor bundles', () => {
  it('round-trip every float64 bit pattern, real and complex, with the header', () => {
    fc.assert(
      fc.property(fc.array(fc.double(), { minLength: 0, maxLength: 12 }), fc.array(fc.double(), { minLength: 3, maxLength: 3 }), (re, z) => {
        const a = arrays([
          ['r', { shape: [re.length], re: Float64Array.from(re) }],
          ['c', { shape: [1, 3], re: Float64Array.from(z), im: Float64Array.from(z).reverse() }],
        ]);
        writeBundle(t.dir, 'round', { note: 'x', n: 3 }, a);
        const back = readBundle(t.dir, 'round');
        expect(back.header).toEqual({ note: 'x', n: 3 });
        for (const [name, v] of a) {
          const w = back.arrays.get(name)!;
          expect(w.shape).toEqual(v.shape);
          expect(Object.is(w.re[0], v.re[0]) || v.re.length === 0).toBe(true);
          expect(new Uint8Array(w.re.buffer)).toEqual(new Uint8Array(v.re.buffer.slice(v.re.byteOffset, v.re.byteOffset + v.re.byteLength)));
          if (v.im) expect(Array.from(w.im!)).toEqual(Array.from(v.im));
        }
      }),
      { numRuns: 30 },
    );
  });

  it('replaces an older bundle and removes its binary file', () => {
    writeBundle(t.dir, 'swap', {}, arrays([['x', { shape: [2], re: Float64Array.of(1, 2) }]]));
    const firstBin = JSON.parse(readFileSync(join(t.dir, 'swap.json'), 'utf8')).bin;
    writeBundle(t.dir, 'swap', {}, arrays([['x', { shape: [2], re: Float64Array.of(3, 4) }]]));
    const files = readdirSync(t.dir).filter((f) => f.startsWith('swap.'));
    expect(files).toHaveLength(2);
    expect(files).not.toContain(firstBin);
    expect(Array.from(readBundle(t.dir, 'swap').arrays.get('x')!.re)).toEqual([3, 4]);
  });

  it('keeps reading the committed bundle when a newer binary file was written but its JSON was not', () => {
    writeBundle(t.dir, 'crash', { v: 1 }, arrays([['x', { shape: [1], re: Float64Array.of(1) }]]));
    writeFileSync(join(t.dir, 'crash.0123456789abcdef.bin'), new Uint8Array(8)); // a write cut short before its commit
    expect(readBundle(t.dir, 'crash').arrays.get('x')!.re[0]).toBe(1);
  });

  it('reports a damaged or missing binary file as a DataError naming the file', () => {
    writeBundle(t.dir, 'bad', {}, arrays([['x', { shape: [2], re: Float64Array.of(1, 2) }]]));
    const bin = JSON.parse(readFileSync(join(t.dir, 'bad.json'), 'utf8')).bin;
    writeFileSync(join(t.dir, bin), new Uint8Array(16).fill(7));
    expect(() => readBundle(t.dir, 'bad')).toThrow(DataError);
    expect(() => readBundle(t.dir, 'bad')).toThrow(/SHA-256/);
    expect(() => readBundle(t.dir, 'absent')).toThrow(/absent\.json/);
    writeFileSync(join(t.dir, 'garbled.json'), '{"bin": 3');
    expect(() => readBundle(t.dir, 'garbled')).toThrow(DataError);
  });

  it('refuses arrays whose length does not fit their shape', () => {
    expect(() => writeBundle(t.dir, 'shape', {}, arrays([['x', { shape: [3], re: Float64Array.of(1, 2) }]]))).toThrow(ShapeError);
  });
});

describe('writeFileAtomic', () => {
  it('leaves the old content and no temporary file when the write fails', () => {
    const path = join(t.dir, 'atomic.txt');
    writeFileAtomic(path, 'old');
    expect(() => writeFileAtomic(join(t.dir, 'no-such-folder', 'x.txt'), 'new')).toThrow();
    writeFileAtomic(path, 'new');
    expect(readFileSync(path, 'utf8')).toBe('new');
    expect(readdirSync(t.dir).filter((f) => f.includes('.tmp-'))).toEqual([]);
  });
});

/**
 * How the HDF5 loader reads: in blocks (a dataset larger than one block reads exactly), through a
 * mounted host file that each close releases (no file descriptor left open), and with nothing
 * of the file kept after closing.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DataError, JetNetFile, loadJetNet } from 'lorentz-irreps';
import { jetNetArrays, removeTempDirs, tempDir, writeJetNet } from './fixtures';

afterAll(removeTempDirs);

const openFds = (): number => readdirSync('/proc/self/fd').length;
const onLinux = process.platform === 'linux';

/** The first index where `got` differs from `want` (as float64), or -1 when equal in length and values. */
function firstDifference(got: Float64Array, want: ArrayLike<number>): number {
  if (got.length !== want.length) return Math.min(got.length, want.length);
  for (let i = 0; i < got.length; i++) if (got[i] !== want[i]) return i;
  return -1;
}

describe('HDF5 reads', () => {
  // 6000 jets x 30 slots x 4 float32 = 2.9 MB of particle features: three blocks of 1 MB.
  const n = 6000;
  const P = 30;

  for (const chunks of [false, true]) {
    it(`reads a dataset larger than one block exactly, whole and in ranges across block edges (${chunks ? 'chunked, gzip' : 'contiguous'})`, async () => {
      const path = await writeJetNet(join(tempDir(), 'big.hdf5'), n, P, undefined, { chunks });
      const want = jetNetArrays(n, P);
      const all = await loadJetNet(path);
      expect(all.numJets).toBe(n);
      expect(firstDifference(all.particleFeatures, want.particles)).toBe(-1);
      expect(firstDifference(all.jetFeatures, want.jets)).toBe(-1);
      const rowsPerBlock = Math.floor(2 ** 20 / (P * 4 * 4));
      for (const [a, b] of [[rowsPerBlock - 3, rowsPerBlock + 2], [1, 2 * rowsPerBlock + 1], [n - 5, n]]) {
        const part = await loadJetNet(path, { start: a, end: b });
        expect(firstDifference(part.particleFeatures, want.particles.subarray(a * P * 4, b * P * 4))).toBe(-1);
        expect(firstDifference(part.jetFeatures, want.jets.subarray(a * 4, b * 4))).toBe(-1);
      }
    });
  }

  it.runIf(onLinux)('releases the host file on close, also when opening fails on the layout', async () => {
    const dir = tempDir();
    const good = await writeJetNet(join(dir, 'good.hdf5'), 10, 3);
    const bad = await writeJetNet(join(dir, 'bad.hdf5'), 10, 3, (a) => (a.particles[3] = 0.5));
    await loadJetNet(good); // h5wasm loaded
    const before = openFds();
    for (let i = 0; i < 30; i++) {
      const f = await JetNetFile.open(good);
      expect(f.read(0, 2).numJets).toBe(2);
      f.close();
      f.close(); // idempotent
      await expect(loadJetNet(bad)).rejects.toThrow(DataError);
    }
    expect(openFds()).toBe(before);
  });

  it('reads two files open at once, each from its own host file', async () => {
    const dir = tempDir();
    const a = await JetNetFile.open(await writeJetNet(join(dir, 'same.hdf5'), 4, 2));
    const b = await JetNetFile.open(await writeJetNet(join(tempDir(), 'same.hdf5'), 7, 5));
    try {
      expect([a.numJets, a.numParticles, b.numJets, b.numParticles]).toEqual([4, 2, 7, 5]);
      expect(a.read().particleFeatures).toEqual(Float64Array.from(jetNetArrays(4, 2).particles));
      expect(b.read().particleFeatures).toEqual(Float64Array.from(jetNetArrays(7, 5).particles));
    } finally {
      a.close();
      b.close();
    }
    expect(() => a.read()).toThrow(/still open/);
  });
});

import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  ConfigError,
  DataError,
  IndexError,
  JetNetFile,
  encodeNpy,
  loadJetNet,
  loadJetNetNpy,
} from 'lorentz-irreps';
import { jetNetArrays, removeTempDirs, tempDir, writeH5, writeJetNet } from './fixtures';

afterAll(removeTempDirs);

const SHARED = '/work/shared/data/jetnet-like-pythia8';

describe('JetNetFile', () => {
  const dir = tempDir();

  it('reads the datasets it wrote, in blocks of rows', async () => {
    const path = await writeJetNet(join(dir, 'plain.hdf5'), 7, 5);
    const expected = jetNetArrays(7, 5);
    const file = await JetNetFile.open(path);
    expect([file.numJets, file.numParticles, file.path]).toEqual([7, 5, path]);
    const block = file.read(2, 5);
    file.close();
    expect(block.rowOffset).toBe(2);
    expect(block.numJets).toBe(3);
    expect(Array.from(block.particleFeatures)).toEqual(Array.from(expected.particles.subarray(2 * 20, 5 * 20)));
    expect(Array.from(block.jetFeatures)).toEqual(Array.from(expected.jets.subarray(8, 20)));
  });

  it('reads gzip-compressed, chunked files the same as plain ones', async () => {
    const plain = await loadJetNet(await writeJetNet(join(dir, 'p2.hdf5'), 9, 4));
    const zipped = await loadJetNet(await writeJetNet(join(dir, 'z2.hdf5'), 9, 4, undefined, { chunks: true }), { start: 3 });
    expect(Array.from(zipped.particleFeatures)).toEqual(Array.from(plain.particleFeatures.subarray(3 * 16)));
  });

  it('rejects reads after close and ranges outside the file', async () => {
    const file = await JetNetFile.open(await writeJetNet(join(dir, 'c.hdf5'), 3, 2));
    expect(() => file.read(0, 4)).toThrow(IndexError);
    file.close();
    file.close();
    expect(() => file.read(0, 1)).toThrow(/still open/);
  });
});

describe('JetNet loaders on bad files', () => {
  const dir = tempDir();

  it('name a missing file', async () => {
    await expect(loadJetNet(join(dir, 'nope.hdf5'))).rejects.toThrow(/nope\.hdf5/);
    await expect(loadJetNet(join(dir, 'nope.hdf5'))).rejects.toBeInstanceOf(DataError);
    await expect(loadJetNet('')).rejects.toBeInstanceOf(ConfigError);
  });

  it('name a text file that is not HDF5', async () => {
    const path = join(dir, 'notes.hdf5');
    writeFileSync(path, 'particle_features, jet_features\n1, 2, 3\n');
    await expect(loadJetNet(path)).rejects.toThrow(/notes\.hdf5/);
    await expect(loadJetNet(path)).rejects.toThrow(/no HDF5 signature/);
  });

  it('name a truncated copy of a valid file', async () => {
    const good = await writeJetNet(join(dir, 'whole.hdf5'), 50, 30);
    const bytes = readFileSync(good);
    const path = join(dir, 'cut.hdf5');
    writeFileSync(path, bytes.subarray(0, Math.floor(bytes.length * 0.6)));
    await expect(loadJetNet(path)).rejects.toThrow(/truncated/);
    await expect(loadJetNet(path)).rejects.toThrow(/cut\.hdf5/);
  });

  it('name a missing dataset', async () => {
    const a = jetNetArrays(3, 2);
    const path = await writeH5(join(dir, 'onlyparticles.hdf5'), [{ name: 'particle_features', data: a.particles, shape: [3, 2, 4], dtype: '<f' }]);
    await expect(loadJetNet(path)).rejects.toThrow(/dataset `jet_features`/);
  });

  it('name a dataset of the wrong shape or dtype', async () => {
    const a = jetNetArrays(3, 2);
    const wrongWidth = await writeH5(join(dir, 'width.hdf5'), [
      { name: 'particle_features', data: a.particles.subarray(0, 18), shape: [3, 2, 3], dtype: '<f' },
      { name: 'jet_features', data: a.jets, shape: [3, 4], dtype: '<f' },
    ]);
    await expect(loadJetNet(wrongWidth)).rejects.toThrow(/`particle_features` has shape \(N, P, 4\); it has \(3, 2, 3\)/);
    const wrongRows = await writeH5(join(dir, 'rows.hdf5'), [
      { name: 'particle_features', data: a.particles, shape: [3, 2, 4], dtype: '<f' },
      { name: 'jet_features', data: a.jets.subarray(0, 8), shape: [2, 4], dtype: '<f' },
    ]);
    await expect(loadJetNet(wrongRows)).rejects.toThrow(/`jet_features` has shape \(3, 4\)/);
    const ints = await writeH5(join(dir, 'ints.hdf5'), [
      { name: 'particle_features', data: new Int32Array(24), shape: [3, 2, 4], dtype: '<i' },
      { name: 'jet_features', data: a.jets, shape: [3, 4], dtype: '<f' },
    ]);
    await expect(loadJetNet(ints)).rejects.toThrow(/`particle_features` is little-endian float32 or float64; it is int32/);
  });

  it('name the dataset and position of a NaN or Inf', async () => {
    const nan = await writeJetNet(join(dir, 'nan.hdf5'), 4, 3, (a) => {
      a.particles[(2 * 3 + 1) * 4 + 2] = Number.NaN;
    });
    await expect(loadJetNet(nan)).rejects.toThrow(/`particle_features` holds finite values; at row 2, particle 1, feature 2 it holds NaN/);
    const inf = await writeJetNet(join(dir, 'inf.hdf5'), 4, 3, (a) => {
      a.jets[3 * 4 + 2] = Infinity;
    });
    await expect(loadJetNet(inf)).rejects.toThrow(/`jet_features` holds finite values; at row 3, feature 2 it holds Infinity/);
    // only the rows read are checked: rows before the bad one load
    expect((await loadJetNet(inf, { end: 3 })).numJets).toBe(3);
  });

  it('reject a mask that is not 0 or 1, a negative ptrel and a jet pt <= 0', async () => {
    const mask = await writeJetNet(join(dir, 'mask.hdf5'), 2, 2, (a) => {
      a.particles[3] = 0.5;
    });
    await expect(loadJetNet(mask)).rejects.toThrow(/mask values 0 or 1; at row 0, particle 0, feature 3 it holds 0.5/);
    const pt = await writeJetNet(join(dir, 'pt.hdf5'), 2, 2, (a) => {
      a.particles[2] = -0.1;
    });
    await expect(loadJetNet(pt)).rejects.toThrow(/ptrel >= 0/);
    const jetPt = await writeJetNet(join(dir, 'jetpt.hdf5'), 2, 2, (a) => {
      a.jets[4] = 0;
    });
    await expect(loadJetNet(jetPt)).rejects.toThrow(/row 1 has pt 0/);
  });

  it('reject a file whose compressed chunk is corrupted instead of returning garbage', async () => {
    const good = await writeJetNet(join(dir, 'gz.hdf5'), 400, 30, undefined, { chunks: true });
    const bytes = Buffer.from(readFileSync(good));
    // scramble the middle of the file, where the compressed chunks of particle_features lie
    for (let i = Math.floor(bytes.length * 0.3); i < Math.floor(bytes.length * 0.6); i++) bytes[i] = (bytes[i] * 7 + 13) & 255;
    const path = join(dir, 'scrambled.hdf5');
    writeFileSync(path, bytes);
    await expect(loadJetNet(path)).rejects.toThrow(/`JetNetFile.read`.*`particle_features` can be read \(HDF5 reports/);
    // the library stays usable afterwards
    expect((await loadJetNet(good)).numJets).toBe(400);
  });
});

describe('loadJetNetNpy', () => {
  const dir = tempDir();
  const a = jetNetArrays(6, 3);
  const pPath = join(dir, 'p.npy');
  const jPath = join(dir, 'j.npy');
  writeFileSync(pPath, encodeNpy(a.particles, [6, 3, 4]));
  writeFileSync(jPath, encodeNpy(a.jets, [6, 4]));

  it('reads the same rows as the HDF5 file with the same content', async () => {
    const h5 = await loadJetNet(await writeJetNet(join(dir, 'same.hdf5'), 6, 3), { start: 1, end: 4 });
    const npy = loadJetNetNpy({ particleFeatures: pPath, jetFeatures: jPath }, { start: 1, end: 4 });
    expect(Array.from(npy.particleFeatures)).toEqual(Array.from(h5.particleFeatures));
    expect(Array.from(npy.jetFeatures)).toEqual(Array.from(h5.jetFeatures));
    expect(npy.rowOffset).toBe(1);
  });

  it('rejects integer files, mismatched row counts and bad values, naming the file', () => {
    const ints = join(dir, 'ints.npy');
    writeFileSync(ints, encodeNpy(new Int32Array(6 * 4), [6, 4]));
    expect(() => loadJetNetNpy({ particleFeatures: pPath, jetFeatures: ints })).toThrow(/ints\.npy/);
    expect(() => loadJetNetNpy({ particleFeatures: pPath, jetFeatures: ints })).toThrow(/float32 or float64; it is '<i4'/);
    const short = join(dir, 'short.npy');
    writeFileSync(short, encodeNpy(a.jets.subarray(0, 20), [5, 4]));
    expect(() => loadJetNetNpy({ particleFeatures: pPath, jetFeatures: short })).toThrow(/short\.npy/);
    const nan = join(dir, 'nan.npy');
    const bad = a.particles.slice();
    bad[5] = Number.NaN;
    writeFileSync(nan, encodeNpy(bad, [6, 3, 4]));
    expect(() => loadJetNetNpy({ particleFeatures: nan, jetFeatures: jPath })).toThrow(/row 0, particle 1, feature 1 it holds NaN/);
  });
});

describe.skipIf(!existsSync(SHARED))('the simulated JetNet files', () => {
  it('match the sample rows printed in the data README', async () => {
    const g = await loadJetNet(join(SHARED, 'g.hdf5'), { end: 3 });
    const jets = Array.from(g.jetFeatures);
    const expected = [1012.27, -0.472, 123.94, 96, 834.51, -0.311, 113.28, 88, 807.41, 0.79, 77.48, 65];
    expected.forEach((v, i) => expect(jets[i]).toBeCloseTo(v, 2));
    const first = [0.0166, 0.0335, 0.0705, 1, 0.0268, 0.0193, 0.0656, 1, -0.1085, -0.1075, 0.0629, 1, 0.0465, 0.007, 0.0566, 1];
    first.forEach((v, i) => expect(g.particleFeatures[i]).toBeCloseTo(v, 4));
  });

  it('agree with their .npy copies written by NumPy', async () => {
    for (const c of ['g', 'z']) {
      const h5 = await loadJetNet(join(SHARED, `${c}.hdf5`), { start: 4990, end: 5000 });
      const npy = loadJetNetNpy(
        {
          particleFeatures: join(SHARED, 'npy', `${c}_particle_features_first5000.npy`),
          jetFeatures: join(SHARED, 'npy', `${c}_jet_features_first5000.npy`),
        },
        { start: 4990 },
      );
      expect(npy.numJets).toBe(10);
      expect(Array.from(npy.particleFeatures)).toEqual(Array.from(h5.particleFeatures));
      expect(Array.from(npy.jetFeatures)).toEqual(Array.from(h5.jetFeatures));
    }
  });

  it('are rejected as truncated when cut short (superblock version 0, as h5py writes)', async () => {
    const head = readFileSync(join(SHARED, 'g.hdf5')).subarray(0, 1 << 20);
    expect(head[8]).toBe(0);
    const path = join(tempDir(), 'g-head.hdf5');
    writeFileSync(path, head);
    await expect(loadJetNet(path)).rejects.toThrow(/records 12402048 bytes; the file has 1048576: truncated/);
  });

  it('read a block from the end of a file without reading the rest', async () => {
    const file = await JetNetFile.open(join(SHARED, 'q.hdf5'));
    const block = file.read(24998);
    file.close();
    expect(block.numJets).toBe(2);
    expect(block.rowOffset).toBe(24998);
  });
});

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DataError, TopTaggingFile, loadTopTagging, topTaggingToJetDataset } from 'lorentz-irreps';
import { removeTempDirs, tempDir, writeH5, type DatasetSpec } from './fixtures';

afterAll(removeTempDirs);

const SHARED = '/work/shared/data/toptag-like-pythia8';

/** Three jets of P = 4 slots with 2, 0 and 4 constituents; gzip like the LGN converter writes. */
function arrays(): { pmu: Float32Array; nobj: Int16Array; isSignal: Int16Array } {
  const pmu = new Float32Array(3 * 4 * 4);
  pmu.set([100, 60, 0, 80, 50, 0, 30, 40], 0);
  for (let i = 0; i < 4; i++) pmu.set([13, 5, 0, 12], (2 * 4 + i) * 4);
  return { pmu, nobj: new Int16Array([2, 0, 4]), isSignal: new Int16Array([1, 0, 1]) };
}

function specs(a = arrays(), overrides: Partial<Record<'Pmu' | 'Nobj' | 'is_signal', DatasetSpec | null>> = {}): DatasetSpec[] {
  const base: Record<string, DatasetSpec> = {
    Pmu: { name: 'Pmu', data: a.pmu, shape: [3, 4, 4], dtype: '<f', chunks: [2, 4, 4], compression: 4 },
    Nobj: { name: 'Nobj', data: a.nobj, shape: [3], dtype: '<h', chunks: [3], compression: 4 },
    is_signal: { name: 'is_signal', data: a.isSignal, shape: [3], dtype: '<h', chunks: [3], compression: 4 },
  };
  return Object.entries(base)
    .map(([k, v]) => (k in overrides ? overrides[k as keyof typeof overrides] : v))
    .filter((x): x is DatasetSpec => x !== null && x !== undefined);
}

describe('loadTopTagging', () => {
  const dir = tempDir();

  it('reads Pmu in GeV, Nobj and is_signal from a gzip file, in row blocks', async () => {
    const path = await writeH5(join(dir, 'train.h5'), specs());
    const all = await loadTopTagging(path);
    expect([all.numJets, all.numParticles]).toEqual([3, 4]);
    expect(Array.from(all.pmu.subarray(0, 8))).toEqual([100, 60, 0, 80, 50, 0, 30, 40]);
    expect(Array.from(all.nobj)).toEqual([2, 0, 4]);
    expect(Array.from(all.isSignal)).toEqual([1, 0, 1]);
    const file = await TopTaggingFile.open(path);
    const last = file.read(2);
    file.close();
    expect(last.rowOffset).toBe(2);
    expect(Array.from(last.pmu)).toEqual(Array.from(all.pmu.subarray(32)));
  });

  it('becomes a jet dataset with is_signal as labels and a mask from Nobj, in the units asked for', async () => {
    const data = await loadTopTagging(await writeH5(join(dir, 'val.h5'), specs()));
    const ds = topTaggingToJetDataset(data, { units: 'TeV' });
    expect(ds.units).toBe('TeV');
    expect(Array.from(ds.mask)).toEqual([1, 1, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1]);
    expect(Array.from(ds.labels!)).toEqual([1, 0, 1]);
    expect(ds.p[0]).toBeCloseTo(0.1, 15);
    expect(() => topTaggingToJetDataset(data, {} as never)).toThrow(/`options.units`/);
  });

  it('name a missing dataset, a wrong shape and an unsigned dtype', async () => {
    await expect(loadTopTagging(await writeH5(join(dir, 'nonobj.h5'), specs(undefined, { Nobj: null })))).rejects.toThrow(/dataset `Nobj`/);
    const short: DatasetSpec = { name: 'is_signal', data: new Int16Array([1, 0]), shape: [2], dtype: '<h' };
    await expect(loadTopTagging(await writeH5(join(dir, 'short.h5'), specs(undefined, { is_signal: short })))).rejects.toThrow(/`is_signal` has shape \(3,\)/);
    const unsigned: DatasetSpec = { name: 'Nobj', data: new Uint16Array([2, 0, 4]), shape: [3], dtype: '<H' };
    await expect(loadTopTagging(await writeH5(join(dir, 'unsigned.h5'), specs(undefined, { Nobj: unsigned })))).rejects.toThrow(/`Nobj` is little-endian int8, int16, int32 or int64; it is uint16/);
  });

  it('name a NaN in Pmu, an Nobj beyond P, an is_signal of 2 and a nonzero padding slot', async () => {
    const nan = arrays();
    nan.pmu[5] = Number.NaN;
    await expect(loadTopTagging(await writeH5(join(dir, 'nan.h5'), specs(nan)))).rejects.toThrow(/`Pmu` holds finite values; at row 0, particle 1, component 1 it holds NaN/);
    const many = arrays();
    many.nobj[1] = 5;
    await expect(loadTopTagging(await writeH5(join(dir, 'many.h5'), specs(many)))).rejects.toThrow(/`Nobj` holds values in \[0, 4\]; row 1 holds 5/);
    const label = arrays();
    label.isSignal[2] = 2;
    await expect(loadTopTagging(await writeH5(join(dir, 'label.h5'), specs(label)))).rejects.toThrow(/`is_signal` holds values 0 or 1; row 2 holds 2/);
    const padding = arrays();
    padding.pmu[(1 * 4 + 3) * 4] = 7;
    await expect(loadTopTagging(await writeH5(join(dir, 'padding.h5'), specs(padding)))).rejects.toThrow(DataError);
    await expect(loadTopTagging(await writeH5(join(dir, 'padding2.h5'), specs(padding)))).rejects.toThrow(/padding slots.*row 1, particle 3, component 0 it holds 7/);
  });
});

describe.skipIf(!existsSync(SHARED))('the simulated top-tagging files', () => {
  it('match the sample rows printed in the data README', async () => {
    const t = await loadTopTagging(join(SHARED, 'train.h5'), { end: 5 });
    expect(Array.from(t.isSignal)).toEqual([1, 0, 0, 1, 1]);
    expect(Array.from(t.nobj)).toEqual([64, 22, 28, 113, 117]);
    const first = [562.96, -113.79, -179.91, -521.16, 135.37, -27.32, -43.31, -125.31, 110.96, -22.64, -35.64, -102.61];
    first.forEach((v, i) => expect(t.pmu[i]).toBeCloseTo(v, 1));
  });
});

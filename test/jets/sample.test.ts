import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import h5wasm from 'h5wasm/node';
import { ConfigError, JETNET_CLASSES, Random, loadJetNet, loadJetNetSample, packageRoot, sampleDataDir, sampleFilePath } from 'lorentz-irreps';

const SHARED = '/work/shared/data/jetnet-like-pythia8';
const PLAN = { g: [2000, 20101], q: [2000, 20102], t: [1000, 20103], w: [1000, 20104], z: [1000, 20105] } as const;

describe('the shipped sample', () => {
  it('is found from the package root, which holds the package.json of lorentz-irreps', () => {
    const root = packageRoot();
    expect(JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).name).toBe('lorentz-irreps');
    expect(sampleDataDir()).toBe(join(root, 'data', 'sample'));
    for (const c of JETNET_CLASSES) expect(existsSync(sampleFilePath(c))).toBe(true);
  });

  it('holds 2000 g, 2000 q and 1000 each of t, w, z jets in the JetNet layout', async () => {
    const all = await loadJetNetSample();
    for (const c of JETNET_CLASSES) {
      expect(all[c].numJets).toBe(PLAN[c][0]);
      expect(all[c].numParticles).toBe(30);
    }
    expect(() => sampleFilePath('b' as never)).toThrow(ConfigError);
    await expect(loadJetNetSample(['x' as never])).rejects.toThrow(ConfigError);
  });

  it('stays under 8 MB', () => {
    const total = JETNET_CLASSES.reduce((s, c) => s + statSync(sampleFilePath(c)).size, 0);
    expect(total).toBeLessThan(8e6);
  });

  it('records the source rows it was drawn from, and they follow the documented seeded selection', async () => {
    await h5wasm.ready;
    for (const c of JETNET_CLASSES) {
      const f = new h5wasm.File(sampleFilePath(c), 'r');
      const rows = Array.from((f.get('source_index') as InstanceType<typeof h5wasm.Dataset>).value as Int32Array);
      f.close();
      const [count, seed] = PLAN[c];
      const expected = Array.from(new Random(seed).permutation(25000).subarray(0, count)).sort((a, b) => a - b);
      expect(rows).toEqual(expected);
    }
  });
});

describe.skipIf(!existsSync(SHARED))('the shipped sample against its source files', () => {
  it('holds exactly the source rows named in source_index', async () => {
    await h5wasm.ready;
    for (const c of ['g', 't'] as const) {
      const f = new h5wasm.File(sampleFilePath(c), 'r');
      const rows = (f.get('source_index') as InstanceType<typeof h5wasm.Dataset>).value as Int32Array;
      f.close();
      const sample = await loadJetNet(sampleFilePath(c));
      for (const k of [0, 1, 500, rows.length - 1]) {
        const src = await loadJetNet(join(SHARED, `${c}.hdf5`), { start: rows[k], end: rows[k] + 1 });
        expect(Array.from(sample.particleFeatures.subarray(k * 120, (k + 1) * 120))).toEqual(Array.from(src.particleFeatures));
        expect(Array.from(sample.jetFeatures.subarray(k * 4, (k + 1) * 4))).toEqual(Array.from(src.jetFeatures));
      }
    }
  });
});

import { describe, expect, it } from 'vitest';
import {
  ConfigError,
  DataError,
  formatDuration,
  loadJetNetSplits,
  readRunConfig,
  sampleDataDir,
  streamProgress,
  writeRunConfig,
  type BatchProgress,
  type RunConfig,
} from 'lorentz-irreps';
import { checkRunConfig } from '../../src/train/run-config';
import { tempDir } from './fixtures';

const batch = (b: number, t = {}): BatchProgress => ({ epoch: 2, epochs: 5, batch: b, batchesPerEpoch: 10, loss: 0.012345, jetsPerSecond: 1234.4, etaSeconds: 75, ...t });

describe('streamProgress', () => {
  it('redraws one bar line on a terminal, with loss, jets/s and ETA', () => {
    let out = '';
    let clock = 0;
    const p = streamProgress({ write: (s: string) => (out += s), isTTY: true, columns: 90 }, { now: () => clock });
    p.batch!(batch(5));
    expect(out).toBe('\r\x1b[2Kepoch 2/5 [##########----------]  50% loss 0.01235 1,234 jets/s ETA 1m15s');
    clock = 50;
    p.batch!(batch(6));
    expect(out.split('\r').length).toBe(2); // throttled: no redraw within 100 ms
    p.batch!(batch(10)); // the last batch of an epoch is always drawn
    p.epoch!({ epoch: 2, trainLoss: 1, valLoss: 2, best: false, seconds: 3, jetsPerSecond: 10 }, 5);
    expect(out.endsWith('\r\x1b[2Kepoch 2/5  train 1.000  val 2.000  3s  10 jets/s\n')).toBe(true);
  });

  it('writes plain lines at most once per interval elsewhere', () => {
    const lines: string[] = [];
    let clock = 0;
    const p = streamProgress({ write: (s: string) => lines.push(s) }, { intervalSeconds: 10, now: () => clock });
    p.start!({ epochs: 5, epochsDone: 1, batchesDone: 3, batchesPerEpoch: 10, trainJets: 100, valJets: 20, resumed: true });
    p.batch!(batch(1));
    clock = 5000;
    p.batch!(batch(2));
    clock = 10001;
    p.batch!(batch(3));
    p.note!('interrupted');
    expect(lines).toEqual([
      'training on 100 jets, validating on 20, 10 batches per epoch (resuming at epoch 2, batch 4)\n',
      'epoch 2/5 batch 1/10 loss 0.01235 1,234 jets/s ETA 1m15s\n',
      'epoch 2/5 batch 3/10 loss 0.01235 1,234 jets/s ETA 1m15s\n',
      'interrupted\n',
    ]);
    expect(lines.join('')).not.toContain('\r');
  });

  it('formats durations and refuses streams without write', () => {
    expect([formatDuration(5.4), formatDuration(125), formatDuration(3725), formatDuration(Infinity)]).toEqual(['5s', '2m05s', '1h02m', '?']);
    expect(() => streamProgress({} as never)).toThrow(ConfigError);
  });
});

describe('loadJetNetSplits', () => {
  it('splits each class reproducibly into disjoint parts with class labels', async () => {
    const options = { dir: sampleDataDir(), classes: ['q', 'z'] as const, units: 'GeV' as const, seed: 5, maxJets: 100 };
    const a = await loadJetNetSplits(options);
    const b = await loadJetNetSplits(options);
    expect([a.q.train.numJets, a.q.val.numJets, a.q.test.numJets]).toEqual([60, 20, 20]);
    expect(Array.from(a.z.test.p)).toEqual(Array.from(b.z.test.p));
    expect([...a.z.test.labels!].every((l) => l === 4)).toBe(true);
    const c = await loadJetNetSplits({ ...options, seed: 6 });
    expect(Array.from(c.q.test.p)).not.toEqual(Array.from(a.q.test.p));
    // the three parts hold different jets: their first particles' energies do not repeat
    const energies = [a.q.train, a.q.val, a.q.test].flatMap((d) => Array.from({ length: d.numJets }, (_, j) => d.p[j * 120]));
    expect(new Set(energies).size).toBe(100);
  });

  it('names the missing file of a folder and refuses bad options', async () => {
    const t = tempDir('nodata');
    await expect(loadJetNetSplits({ dir: t.dir, classes: ['g'], units: 'TeV', seed: 1 })).rejects.toThrow(DataError);
    await expect(loadJetNetSplits({ dir: t.dir, classes: ['g'], units: 'TeV', seed: 1 })).rejects.toThrow(/g\.hdf5/);
    await expect(loadJetNetSplits({ dir: t.dir, classes: ['x' as 'g'], units: 'TeV', seed: 1 })).rejects.toThrow(/options\.classes/);
    await expect(loadJetNetSplits({ dir: t.dir, classes: ['g'], units: 'TeV', seed: 1, maxJets: 0 })).rejects.toThrow(/options\.maxJets/);
    await expect(loadJetNetSplits({ dir: t.dir, classes: ['g'], units: 'TeV', seed: 1, particles: 0 })).rejects.toThrow(/options\.particles/);
    await expect(loadJetNetSplits({ dir: sampleDataDir(), classes: ['g'], units: 'TeV', seed: 1, maxJets: 10, particles: 31 })).rejects.toThrow(/at most the 30 particle slots of g\.hdf5/);
    t.cleanup();
  });

  it('keeps the hardest particles with particles: the same jets, split alike, their first slots', async () => {
    const options = { dir: sampleDataDir(), classes: ['q', 't'] as const, units: 'TeV' as const, seed: 3, maxJets: 50 };
    const all = await loadJetNetSplits(options);
    const some = await loadJetNetSplits({ ...options, particles: 7 });
    for (const c of ['q', 't'] as const) {
      for (const w of ['train', 'val', 'test'] as const) {
        const a = all[c][w];
        const b = some[c][w];
        expect([b.numJets, b.numParticles]).toEqual([a.numJets, 7]);
        expect(Array.from(b.labels!)).toEqual(Array.from(a.labels!));
        for (let j = 0; j < a.numJets; j++) {
          expect(Array.from(b.p.subarray(j * 28, (j + 1) * 28))).toEqual(Array.from(a.p.subarray(j * 120, j * 120 + 28)));
          expect(Array.from(b.mask.subarray(j * 7, (j + 1) * 7))).toEqual(Array.from(a.mask.subarray(j * 30, j * 30 + 7)));
          // the slots kept are the hardest: no dropped particle has a larger pT than the softest kept one
          const pt = (i: number) => Math.hypot(a.p[(j * 30 + i) * 4 + 1], a.p[(j * 30 + i) * 4 + 2]);
          let softestKept = Infinity;
          for (let i = 0; i < 7; i++) if (a.mask[j * 30 + i] === 1) softestKept = Math.min(softestKept, pt(i));
          for (let i = 7; i < 30; i++) if (a.mask[j * 30 + i] === 1) expect(pt(i)).toBeLessThanOrEqual(softestKept * (1 + 1e-12));
        }
      }
    }
  });
});

describe('run descriptions', () => {
  const config: RunConfig = {
    model: 'toy-linear',
    options: { latent: 8 },
    train: { epochs: 2, batchSize: 16, lr: 0.001, patience: 3, loss: 'chamfer', maskPadding: false, seed: 1 },
    data: { dir: '/data', trainClasses: ['g', 'q'], maxJets: null, fractions: [0.6, 0.2, 0.2], units: 'TeV' },
  };

  it('round-trip through run.json', () => {
    const t = tempDir('run');
    writeRunConfig(t.dir, config);
    expect(readRunConfig(t.dir)).toEqual(config);
    expect(() => readRunConfig(`${t.dir}/none`)).toThrow(/run\.json/);
    t.cleanup();
  });

  it('are checked field by field', () => {
    expect(() => checkRunConfig({ ...config, train: { ...config.train, loss: 'l2' } })).toThrow(/config\.train\.loss/);
    expect(() => checkRunConfig({ ...config, data: { ...config.data, fractions: [0.5, 0.5, 0.5] } })).toThrow(/config\.data\.fractions/);
    expect(() => checkRunConfig({ ...config, data: { ...config.data, trainClasses: [] } })).toThrow(/trainClasses/);
    expect(() => checkRunConfig({ ...config, data: { ...config.data, particles: 0 } })).toThrow(/config\.data\.particles/);
    expect(checkRunConfig({ ...config, data: { ...config.data, particles: 15 } }).data.particles).toBe(15);
    expect('particles' in checkRunConfig(config).data).toBe(false);
    expect(checkRunConfig({ ...config, train: { ...config.train, inputDropout: { probability: 0.3, keep: 3 } } }).train.inputDropout).toEqual({ probability: 0.3, keep: 3 });
    expect('inputDropout' in checkRunConfig(config).train).toBe(false);
    expect(() => checkRunConfig({ ...config, train: { ...config.train, inputDropout: { probability: 0, keep: 3 } } })).toThrow(/config\.train\.inputDropout\.probability/);
    expect(() => checkRunConfig({ ...config, train: { ...config.train, loss: 'model', inputDropout: { probability: 0.3, keep: 3 } } })).toThrow(/config\.train\.loss/);
  });
});

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ConfigError, IndexError, iterateBatches, splitIndices, type JetDataset } from 'lorentz-irreps';

describe('splitIndices', () => {
  it('cuts a seeded shuffle into disjoint 60/20/20 parts that hold every index once', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 300 }), fc.integer(), (n, seed) => {
        const { train, val, test } = splitIndices(n, { seed });
        expect(train.length).toBe(Math.floor(0.6 * n + 1e-9));
        expect(val.length).toBe(Math.floor(0.2 * n + 1e-9));
        const all = [...train, ...val, ...test].sort((a, b) => a - b);
        expect(all).toEqual(Array.from({ length: n }, (_, i) => i));
      }),
    );
  });

  it('is reproducible from its seed and shuffles before cutting', () => {
    const a = splitIndices(1000, { seed: 7 });
    const b = splitIndices(1000, { seed: 7 });
    const c = splitIndices(1000, { seed: 8 });
    expect(Array.from(a.test)).toEqual(Array.from(b.test));
    expect(Array.from(a.test)).not.toEqual(Array.from(c.test));
    // neighbouring jets (both jets of an event) must not land in one contiguous block
    const trainSet = new Set(a.train);
    let splitPairs = 0;
    for (let i = 0; i < 1000; i += 2) if (trainSet.has(i) !== trainSet.has(i + 1)) splitPairs++;
    expect(splitPairs).toBeGreaterThan(100);
    expect(Math.max(...a.train)).toBeGreaterThan(900);
  });

  it('accepts other fractions and rejects bad ones', () => {
    const s = splitIndices(10, { seed: 1, fractions: [0.5, 0.5, 0] });
    expect([s.train.length, s.val.length, s.test.length]).toEqual([5, 5, 0]);
    expect(() => splitIndices(10, { seed: 1, fractions: [0.5, 0.2, 0.2] })).toThrow(ConfigError);
    expect(() => splitIndices(10, {} as never)).toThrow(/`options.seed` must be an integer/);
    expect(() => splitIndices(-1, { seed: 1 })).toThrow(ConfigError);
  });
});

function dataset(n: number, P: number): JetDataset {
  const p = Float64Array.from({ length: n * P * 4 }, (_, k) => k);
  const mask = Float64Array.from({ length: n * P }, (_, k) => k % 2);
  return { numJets: n, numParticles: P, p, mask, labels: Int32Array.from({ length: n }, (_, j) => j % 3), units: 'TeV' };
}

describe('iterateBatches', () => {
  it('visits every requested jet once, in order, with the rows of that jet', () => {
    const ds = dataset(11, 2);
    const indices = [9, 3, 0, 7, 7, 1];
    const seen: number[] = [];
    for (const b of iterateBatches(ds, { batchSize: 4, indices })) {
      expect(b.p.length).toBe(b.size * 2 * 4);
      expect(b.mask.length).toBe(b.size * 2);
      b.indices.forEach((j, k) => {
        expect(Array.from(b.p.subarray(k * 8, (k + 1) * 8))).toEqual(Array.from(ds.p.subarray(j * 8, (j + 1) * 8)));
        expect(Array.from(b.mask.subarray(k * 2, (k + 1) * 2))).toEqual(Array.from(ds.mask.subarray(j * 2, (j + 1) * 2)));
        expect(b.labels![k]).toBe(ds.labels![j]);
      });
      seen.push(...b.indices);
    }
    expect(seen).toEqual(indices);
  });

  it('drops a short last batch only when asked', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 1, max: 9 }), (n, B) => {
        const ds = dataset(n, 1);
        const kept = [...iterateBatches(ds, { batchSize: B })];
        const dropped = [...iterateBatches(ds, { batchSize: B, dropLast: true })];
        expect(kept.length).toBe(Math.ceil(n / B));
        expect(dropped.length).toBe(Math.floor(n / B));
        expect(dropped.every((b) => b.size === B)).toBe(true);
        expect(kept.reduce((s, b) => s + b.size, 0)).toBe(n);
      }),
    );
  });

  it('shuffles reproducibly with a seed, leaving the dataset untouched', () => {
    const ds = dataset(20, 1);
    const before = Array.from(ds.p);
    const order = (seed: number) => [...iterateBatches(ds, { batchSize: 6, seed })].flatMap((b) => [...b.indices]);
    expect(order(3)).toEqual(order(3));
    expect(order(3)).not.toEqual(order(4));
    expect([...order(3)].sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(Array.from(ds.p)).toEqual(before);
  });

  it('rejects a bad batch size and indices out of range', () => {
    const ds = dataset(3, 1);
    expect(() => [...iterateBatches(ds, { batchSize: 0 })]).toThrow(ConfigError);
    expect(() => [...iterateBatches(ds, { batchSize: 2, indices: [0, 3] })]).toThrow(IndexError);
  });
});

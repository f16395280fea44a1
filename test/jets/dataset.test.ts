import { describe, expect, it } from 'vitest';
import { ConfigError, IndexError, ShapeError, concatJets, filterJets, jetParticles, leadingParticles, subsetJets, type JetDataset } from 'lorentz-irreps';

/** N jets of P slots; jet j has j % (P + 1) real particles with E = 100 j + i. */
function make(n: number, P: number, units: JetDataset['units'] = 'GeV', withLabels = true): JetDataset {
  const p = new Float64Array(n * P * 4);
  const mask = new Float64Array(n * P);
  for (let j = 0; j < n; j++) {
    for (let i = 0; i < j % (P + 1); i++) {
      const k = j * P + i;
      mask[k] = 1;
      p.set([100 * j + i, 1, 2, 3], 4 * k);
    }
  }
  return { numJets: n, numParticles: P, p, mask, ...(withLabels ? { labels: Int32Array.from({ length: n }, (_, j) => j % 2) } : {}), units };
}

describe('subsetJets', () => {
  it('copies the rows of the given jets in the given order, labels included', () => {
    const ds = make(5, 3);
    const sub = subsetJets(ds, [3, 1, 1]);
    expect(sub.numJets).toBe(3);
    expect(Array.from(sub.p.subarray(0, 12))).toEqual(Array.from(ds.p.subarray(3 * 12, 4 * 12)));
    expect(Array.from(sub.mask.subarray(0, 3))).toEqual([1, 1, 1]);
    expect(Array.from(sub.mask.subarray(3, 6))).toEqual(Array.from(ds.mask.subarray(3, 6)));
    expect(Array.from(sub.labels!)).toEqual([1, 1, 1]);
    sub.p[0] = -1;
    expect(ds.p[3 * 12]).toBe(300);
  });

  it('rejects indices out of range and malformed datasets', () => {
    expect(() => subsetJets(make(2, 2), [2])).toThrow(IndexError);
    expect(() => subsetJets({ ...make(2, 2), p: new Float64Array(3) }, [0])).toThrow(/`ds.p` must be a Float64Array of length numJets\*numParticles\*4 = 16/);
    expect(() => subsetJets({ ...make(2, 2), units: 'eV' as never }, [0])).toThrow(ConfigError);
  });
});

describe('leadingParticles', () => {
  it('keeps the first slots of every jet, element for element, with mask, labels and units', () => {
    const ds = make(6, 4, 'TeV');
    const two = leadingParticles(ds, 2);
    expect([two.numJets, two.numParticles, two.p.length, two.mask.length, two.units]).toEqual([6, 2, 48, 12, 'TeV']);
    for (let j = 0; j < 6; j++) {
      for (let i = 0; i < 2; i++) {
        expect(two.mask[j * 2 + i]).toBe(ds.mask[j * 4 + i]);
        for (let c = 0; c < 4; c++) expect(two.p[(j * 2 + i) * 4 + c]).toBe(ds.p[(j * 4 + i) * 4 + c]);
      }
    }
    // jet 3 had three particles and keeps two; jet 1 had one and keeps its padding
    expect(Array.from(two.mask.subarray(6, 8))).toEqual([1, 1]);
    expect(Array.from(two.mask.subarray(2, 4))).toEqual([1, 0]);
    expect(Array.from(two.labels!)).toEqual(Array.from(ds.labels!));
    two.p[0] = -1;
    two.labels![0] = 7;
    expect([ds.p[0], ds.labels![0]]).toEqual([0, 0]);
    expect(Array.from(leadingParticles(ds, 4).p)).toEqual(Array.from(ds.p));
    expect(leadingParticles(make(2, 3, 'GeV', false), 1).labels).toBeUndefined();
  });

  it('refuses a slot count outside [1, P] and malformed datasets', () => {
    expect(() => leadingParticles(make(2, 3), 0)).toThrow(ConfigError);
    expect(() => leadingParticles(make(2, 3), 4)).toThrow(/`particles` must be an integer in \[1, 3\]/);
    expect(() => leadingParticles(make(2, 3), 1.5)).toThrow(ConfigError);
    expect(() => leadingParticles({ ...make(2, 2), mask: new Float64Array(1) }, 1)).toThrow(ShapeError);
  });
});

describe('concatJets', () => {
  it('stacks datasets in order', () => {
    const a = make(2, 3);
    const b = make(3, 3);
    const c = concatJets([a, b]);
    expect(c.numJets).toBe(5);
    expect(Array.from(c.p.subarray(2 * 12))).toEqual(Array.from(b.p));
    expect(Array.from(c.labels!)).toEqual([0, 1, 0, 1, 0]);
  });

  it('refuses to mix particle slots, units, or labelled and unlabelled data', () => {
    expect(() => concatJets([make(1, 2), make(1, 3)])).toThrow(ShapeError);
    expect(() => concatJets([make(1, 2, 'GeV'), make(1, 2, 'TeV')])).toThrow(/`datasets\[1\].units` must be equal to datasets\[0\].units = 'GeV'/);
    expect(() => concatJets([make(1, 2), make(1, 2, 'GeV', false)])).toThrow(ConfigError);
    expect(() => concatJets([])).toThrow(ShapeError);
  });
});

describe('filterJets', () => {
  it('keeps the jets the predicate accepts and reports how many it removed', () => {
    const ds = make(7, 3); // jets 0 and 4 have no particles
    const { dataset, kept, removed } = filterJets(ds, (j, d) => d.mask[j * 3] === 1);
    expect(Array.from(kept)).toEqual([1, 2, 3, 5, 6]);
    expect(removed).toBe(2);
    expect(dataset.numJets + removed).toBe(ds.numJets);
    expect(() => filterJets(ds, 'all' as never)).toThrow(ConfigError);
  });
});

describe('jetParticles', () => {
  it('returns the real particles of a jet as rows, skipping padding', () => {
    const ds = make(4, 3);
    expect(jetParticles(ds, 2)).toEqual([
      [200, 1, 2, 3],
      [201, 1, 2, 3],
    ]);
    expect(jetParticles(ds, 0)).toEqual([]);
    expect(() => jetParticles(ds, 4)).toThrow(IndexError);
  });
});

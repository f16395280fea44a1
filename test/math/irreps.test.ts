import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ConfigError, IrrepError, Irreps, LorentzIrrep } from 'lorentz-irreps';

const irrepArb = fc.tuple(fc.integer({ min: 0, max: 6 }), fc.integer({ min: 0, max: 6 })).map(([k, n]) => LorentzIrrep.fromDoubled(k, n));
const irrepsArb = fc.array(fc.tuple(fc.integer({ min: 0, max: 5 }), irrepArb), { maxLength: 6 }).map((list) => Irreps.from(list));

describe('Irreps', () => {
  it('round-trips its text form through parse for drawn multisets', () => {
    fc.assert(
      fc.property(irrepsArb, (irreps) => {
        const again = Irreps.parse(irreps.toString());
        expect(again.equals(irreps)).toBe(true);
        expect(again.toString()).toBe(irreps.toString());
      }),
      { numRuns: 100, seed: 11 },
    );
  });

  it('reads a bare irrep as multiplicity 1 and the empty string as the empty multiset', () => {
    expect(Irreps.parse('(0,0)').toString()).toBe('1x(0,0)');
    expect(Irreps.parse(' 2 x (1/2, 1/2) +(1,0)').toString()).toBe('2x(1/2,1/2)+1x(1,0)');
    expect(Irreps.parse('').length).toBe(0);
    expect(Irreps.parse('   ').equals(Irreps.EMPTY)).toBe(true);
    expect(Irreps.EMPTY.toString()).toBe('');
  });

  it('counts dimension and multiplicity and lays out slices end to end', () => {
    const irreps = Irreps.parse('2x(0,0)+3x(1/2,1/2)+1x(1,1/2)');
    expect(irreps.dim).toBe(2 + 12 + 6);
    expect(irreps.num).toBe(6);
    expect(irreps.slices().map((s) => [s.start, s.stop])).toEqual([[0, 2], [2, 14], [14, 20]]);
    expect([...irreps].map((e) => `${e.mul}:${e.irrep}`)).toEqual(['2:(0,0)', '3:(1/2,1/2)', '1:(1,1/2)']);
    expect(irreps.count('(1/2,1/2)')).toBe(3);
    expect(irreps.count(LorentzIrrep.of(2, 2))).toBe(0);
  });

  it('merges adjacent equal irreps and drops zero multiplicities when simplified', () => {
    expect(Irreps.parse('1x(0,0)+2x(0,0)+1x(1,0)+0x(1,1)+1x(0,0)').simplify().toString()).toBe('3x(0,0)+1x(1,0)+1x(0,0)');
  });

  it('sorts stably by (m, n) and returns the permutation and its inverse', () => {
    fc.assert(
      fc.property(irrepsArb, (irreps) => {
        const { irreps: sorted, permutation, inverse } = irreps.sort();
        for (let k = 1; k < sorted.length; k++) {
          expect(LorentzIrrep.compare(sorted.entries[k - 1].irrep, sorted.entries[k].irrep)).toBeLessThanOrEqual(0);
        }
        irreps.entries.forEach((e, k) => expect(sorted.entries[permutation[k]]).toEqual(e));
        sorted.entries.forEach((e, j) => expect(irreps.entries[inverse[j]]).toEqual(e));
        expect(sorted.dim).toBe(irreps.dim);
      }),
      { numRuns: 100, seed: 12 },
    );
    const { inverse } = Irreps.parse('1x(1,0)+1x(0,0)+2x(1,0)').sort();
    expect(inverse).toEqual([1, 0, 2]);
  });

  it('filters by max spin on both labels, by max dimension, and by an explicit list', () => {
    const x = Irreps.parse('1x(0,0)+1x(1/2,0)+2x(1/2,1/2)+1x(1,0)+1x(0,3/2)+1x(1,1)');
    expect(x.filter({ maxSpin: 0.5 }).toString()).toBe('1x(0,0)+1x(1/2,0)+2x(1/2,1/2)');
    expect(x.filter({ maxSpin: 1 }).toString()).toBe('1x(0,0)+1x(1/2,0)+2x(1/2,1/2)+1x(1,0)+1x(1,1)');
    expect(x.filter({ maxDim: 3 }).toString()).toBe('1x(0,0)+1x(1/2,0)+1x(1,0)');
    expect(x.filter({ keep: ['(1,1)', LorentzIrrep.of(0, 0)] }).toString()).toBe('1x(0,0)+1x(1,1)');
    expect(x.filter({ maxSpin: 1, maxDim: 4, keep: '(1/2,1/2)+(0,3/2)' }).toString()).toBe('2x(1/2,1/2)');
    expect(x.filter({}).equals(x)).toBe(true);
  });

  it('decomposes products pair by pair with multiplied multiplicities, preserving total dimension', () => {
    fc.assert(
      fc.property(irrepsArb, irrepsArb, (a, b) => {
        const p = Irreps.product(a, b);
        expect(p.dim).toBe(a.dim * b.dim);
        expect(p.num).toBe(
          a.entries.reduce((s, e1) => s + b.entries.reduce((t, e2) => t + e1.mul * e2.mul * e1.irrep.times(e2.irrep).length, 0), 0),
        );
      }),
      { numRuns: 60, seed: 13 },
    );
    const p = Irreps.product('2x(1/2,1/2)+1x(0,0)', '3x(1/2,0)');
    expect(p.toString()).toBe('6x(0,1/2)+6x(1,1/2)+3x(1/2,0)');
  });

  it('truncates products by max spin, max dimension or an explicit list', () => {
    const v = '1x(1/2,1/2)';
    expect(Irreps.product(v, v, { maxSpin: 0.5 }).toString()).toBe('1x(0,0)');
    expect(Irreps.product(v, v, { maxDim: 3 }).toString()).toBe('1x(0,0)+1x(0,1)+1x(1,0)');
    expect(Irreps.product(v, v, { keep: '(1,1)' }).toString()).toBe('1x(1,1)');
    expect(Irreps.product('(1,1)', '(1,1)', { maxSpin: 1 }).toString()).toBe('1x(0,0)+1x(0,1)+1x(1,0)+1x(1,1)');
  });

  it('is immutable and concatenates into new values', () => {
    const x = Irreps.parse('1x(0,0)');
    expect(Object.isFrozen(x)).toBe(true);
    expect(Object.isFrozen(x.entries)).toBe(true);
    expect(Object.isFrozen(x.entries[0])).toBe(true);
    expect(Object.isFrozen(x.slices())).toBe(true);
    const y = x.concat('2x(1,0)');
    expect(y.toString()).toBe('1x(0,0)+2x(1,0)');
    expect(x.toString()).toBe('1x(0,0)');
    expect(Irreps.from(y)).toBe(y);
    expect(JSON.stringify({ y })).toBe('{"y":"1x(0,0)+2x(1,0)"}');
  });

  it('compares entry by entry, so equal simplified forms can differ unsimplified', () => {
    const a = Irreps.parse('1x(0,0)+1x(0,0)');
    const b = Irreps.parse('2x(0,0)');
    expect(a.equals(b)).toBe(false);
    expect(a.simplify().equals(b)).toBe(true);
  });

  it('rejects malformed text, naming the bad term', () => {
    for (const bad of ['2x', 'x(0,0)', '2(0,0)', '(0,0)+', '+(0,0)', '1.5x(0,0)', '-1x(0,0)', '2x(1/3,0)', '2x(-1/2,0)', '(0,0)(1,0)', '2y(0,0)']) {
      expect(() => Irreps.parse(bad), bad).toThrow(IrrepError);
    }
    expect(() => Irreps.parse('2x(0,0)+3x(1/3,0)')).toThrow(/bad irrep "\(1\/3,0\)"/);
    expect(() => Irreps.parse('2x(0,0)+oops')).toThrow(/bad term "oops"/);
    expect(() => Irreps.parse(42 as unknown as string)).toThrow(IrrepError);
  });

  it('rejects bad lists and bad filter options', () => {
    expect(() => Irreps.from([[-1, '(0,0)']])).toThrow(/`value\[0\]` must be a non-negative integer multiplicity/);
    expect(() => Irreps.from([[1.5, '(0,0)']])).toThrow(IrrepError);
    expect(() => Irreps.from(['(0,0)', 'nope'])).toThrow(/`value\[1\]`/);
    expect(() => Irreps.from({} as unknown as string)).toThrow(IrrepError);
    expect(() => Irreps.parse('(0,0)').filter({ maxSpin: -1 })).toThrow(ConfigError);
    expect(() => Irreps.parse('(0,0)').filter({ maxDim: Number.NaN })).toThrow(/`options.maxDim` must be a finite non-negative number/);
    expect(() => Irreps.parse('(0,0)').filter({ keep: 'bad' })).toThrow(/`options.keep`/);
    expect(() => Irreps.product('(0,0)', '(0,0)', { maxSpin: Number.POSITIVE_INFINITY })).toThrow(/`Irreps.product`/);
  });
});

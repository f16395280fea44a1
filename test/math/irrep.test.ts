import { describe, expect, it } from 'vitest';
import { IrrepError, LorentzIrrep } from 'lorentz-irreps';

describe('LorentzIrrep', () => {
  it('has dimension (2m+1)(2n+1)', () => {
    expect(LorentzIrrep.of(0, 0).dim).toBe(1);
    expect(LorentzIrrep.of(0.5, 0.5).dim).toBe(4);
    expect(LorentzIrrep.of(1, 0).dim).toBe(3);
    expect(LorentzIrrep.of('3/2', 2).dim).toBe(20);
  });

  it('round-trips its text form through parse', () => {
    for (const text of ['(0,0)', '(1/2,1/2)', '(1,0)', '(3/2,5/2)', '(2,1)']) {
      expect(LorentzIrrep.parse(text).toString()).toBe(text);
    }
    expect(LorentzIrrep.parse(' ( 1/2 , 1.5 ) ').toString()).toBe('(1/2,3/2)');
  });

  it('is interned and compares by value', () => {
    expect(LorentzIrrep.of(0.5, 0.5)).toBe(LorentzIrrep.parse('(1/2,1/2)'));
    expect(LorentzIrrep.of(1, 0).equals(LorentzIrrep.of(0, 1))).toBe(false);
    expect(Object.isFrozen(LorentzIrrep.of(1, 1))).toBe(true);
  });

  it('reads the doubled labels of the reference codes only through fromDoubled', () => {
    expect(LorentzIrrep.fromDoubled(1, 1).toString()).toBe('(1/2,1/2)');
    expect(LorentzIrrep.fromDoubled(2, 0).toDoubled()).toEqual([2, 0]);
  });

  it('conjugates (m,n) to (n,m)', () => {
    expect(LorentzIrrep.of(1, 0).conjugate().toString()).toBe('(0,1)');
  });

  it('lists product irreps with M ascending, then N ascending', () => {
    const v = LorentzIrrep.of(0.5, 0.5);
    expect(v.times(v).map(String)).toEqual(['(0,0)', '(0,1)', '(1,0)', '(1,1)']);
    const dims = LorentzIrrep.of(1, 0.5).times(LorentzIrrep.of(0.5, 1)).reduce((s, r) => s + r.dim, 0);
    expect(dims).toBe(6 * 6);
  });

  it('rejects spins that are negative, not half-integers, or NaN, naming the argument and value', () => {
    expect(() => LorentzIrrep.of('-1/2', 0)).toThrow(IrrepError);
    expect(() => LorentzIrrep.of('1/3', 0)).toThrow(/`m` must be a non-negative half-integer.*Value: `"1\/3"`/);
    expect(() => LorentzIrrep.of(0, Number.NaN)).toThrow(/`n`.*Value: `NaN`/);
    expect(() => LorentzIrrep.fromDoubled(-1, 0)).toThrow(IrrepError);
    expect(() => LorentzIrrep.fromDoubled(0.5, 0)).toThrow(IrrepError);
  });

  it('rejects malformed text', () => {
    for (const bad of ['1/2,1/2', '(1/2)', '(a,b)', '(1/2,1/2,0)', '', '(1/3,0)', '(-1,0)']) {
      expect(() => LorentzIrrep.parse(bad)).toThrow(IrrepError);
    }
  });
});

import { describe, expect, it } from 'vitest';
import { ConfigError, Random } from 'lorentz-irreps';

describe('Random', () => {
  it('gives equal streams for equal seeds and different streams for different seeds', () => {
    const a = new Random(7);
    const b = new Random(7);
    const c = new Random(8);
    const xa = Array.from({ length: 16 }, () => a.uniform());
    const xb = Array.from({ length: 16 }, () => b.uniform());
    const xc = Array.from({ length: 16 }, () => c.uniform());
    expect(xa).toEqual(xb);
    expect(xa).not.toEqual(xc);
  });

  it('draws uniforms in [0,1) with mean 1/2 and variance 1/12', () => {
    const r = new Random(1);
    const n = 200_000;
    let s = 0;
    let s2 = 0;
    for (let i = 0; i < n; i++) {
      const u = r.uniform();
      expect(u >= 0 && u < 1).toBe(true);
      s += u;
      s2 += u * u;
    }
    expect(Math.abs(s / n - 0.5)).toBeLessThan(5e-3);
    expect(Math.abs(s2 / n - (s / n) ** 2 - 1 / 12)).toBeLessThan(2e-3);
  });

  it('draws normals with mean 0 and variance 1', () => {
    const r = new Random(2);
    const n = 200_000;
    let s = 0;
    let s2 = 0;
    for (let i = 0; i < n; i++) {
      const x = r.normal();
      s += x;
      s2 += x * x;
    }
    expect(Math.abs(s / n)).toBeLessThan(1e-2);
    expect(Math.abs(s2 / n - 1)).toBeLessThan(2e-2);
  });

  it('returns permutations that contain every index once', () => {
    const p = Array.from(new Random(3).permutation(50)).sort((x, y) => x - y);
    expect(p).toEqual(Array.from({ length: 50 }, (_, i) => i));
  });

  it('resumes exactly from a saved state, including a cached normal draw', () => {
    const r = new Random(4);
    r.normal();
    const state = JSON.parse(JSON.stringify(r.getState()));
    const expected = [r.normal(), r.uniform(), r.int(10)];
    const s = new Random(0);
    s.setState(state);
    expect([s.normal(), s.uniform(), s.int(10)]).toEqual(expected);
  });

  it('rejects a non-integer seed, a bad bound and a malformed state', () => {
    expect(() => new Random(0.5)).toThrow(ConfigError);
    expect(() => new Random(1).int(0)).toThrow(/`n` must be a positive integer/);
    expect(() => new Random(1).setState({ s: [1, 2], spareNormal: null } as never)).toThrow(ConfigError);
  });
});

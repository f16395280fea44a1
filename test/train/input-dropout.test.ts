// The draws of denoising training; trainAutoencoder with inputDropout is tested in parallel.test.ts (with and without workers).
import { describe, expect, it } from 'vitest';
import { ConfigError, Random } from 'lorentz-irreps';
import { checkInputDropout, dropInputParticles } from '../../src/train/input-dropout';

describe('dropInputParticles', () => {
  const b = 200;
  const N = 30;
  const rng = new Random(1);
  const p = Float64Array.from({ length: b * N * 4 }, () => rng.uniformIn(0.1, 1));
  const mask = new Float64Array(b * N).fill(1);

  it('empties only slots from keep on, leaves the others as they were, and removes about the asked fraction', () => {
    const dropout = { probability: 0.3, keep: 3 };
    const out = dropInputParticles(p, mask, b, N, dropout, 7, 2, 5);
    let removed = 0;
    for (let j = 0; j < b; j++) {
      for (let i = 0; i < N; i++) {
        const slot = j * N + i;
        const gone = out.mask[slot] === 0;
        if (i < 3) expect(gone).toBe(false);
        if (gone) {
          removed++;
          expect(Array.from(out.p.subarray(slot * 4, slot * 4 + 4))).toEqual([0, 0, 0, 0]);
        } else {
          expect(out.mask[slot]).toBe(1);
          expect(Array.from(out.p.subarray(slot * 4, slot * 4 + 4))).toEqual(Array.from(p.subarray(slot * 4, slot * 4 + 4)));
        }
      }
    }
    const n = b * (N - 3);
    // 5 standard deviations of the binomial count
    expect(Math.abs(removed - 0.3 * n)).toBeLessThan(5 * Math.sqrt(n * 0.3 * 0.7));
    // the inputs are copies
    expect(mask.every((m) => m === 1)).toBe(true);
  });

  it('repeats its draws for the same seed, epoch and batch, and draws anew for another', () => {
    const dropout = { probability: 0.5, keep: 0 };
    const a = dropInputParticles(p, mask, b, N, dropout, 7, 2, 5);
    expect(dropInputParticles(p, mask, b, N, dropout, 7, 2, 5).mask).toEqual(a.mask);
    for (const [seed, epoch, batch] of [[8, 2, 5], [7, 3, 5], [7, 2, 6]]) {
      expect(dropInputParticles(p, mask, b, N, dropout, seed, epoch, batch).mask).not.toEqual(a.mask);
    }
  });

  it('checks its settings', () => {
    expect(checkInputDropout({ probability: 0.2 }, 'f', 'x')).toEqual({ probability: 0.2, keep: 3 });
    expect(checkInputDropout({ probability: 0.2, keep: 0 }, 'f', 'x')).toEqual({ probability: 0.2, keep: 0 });
    for (const bad of [null, 0.3, [0.3], { probability: 0 }, { probability: 1 }, { probability: Number.NaN }, { probability: 0.2, keep: -1 }, { probability: 0.2, keep: 1.5 }, { probability: 0.2, extra: 1 }]) {
      expect(() => checkInputDropout(bad, 'f', 'x')).toThrow(ConfigError);
    }
  });
});

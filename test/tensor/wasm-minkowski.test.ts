import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Random, ShapeError } from 'lorentz-irreps';
import { tsKernels, wasmKernels } from '../../src/tensor/cpu/wasm/index';

const wasm = wasmKernels();

function momenta(seed: number, count: number): Float64Array {
  const rng = new Random(seed);
  const p = new Float64Array(count * 4);
  for (let i = 0; i < p.length; i++) p[i] = rng.uniformIn(-3, 3);
  return p;
}

/** Minkowski product with metric (+,-,-,-). */
function dot(p: Float64Array, i: number, q: Float64Array, j: number): number {
  return p[4 * i] * q[4 * j] - p[4 * i + 1] * q[4 * j + 1] - p[4 * i + 2] * q[4 * j + 2] - p[4 * i + 3] * q[4 * j + 3];
}

describe('plain TypeScript pairwise Minkowski distances', () => {
  it('give (E_i - E_j)^2 - |p_i - p_j|^2 on hand-computed cases', () => {
    const p = Float64Array.of(5, 1, 2, 3, 2, 1, 0, -1);
    const out = new Float64Array(4);
    tsKernels.pairwiseMinkowskiSq(p, out, 1, 2);
    // difference (3, 0, 2, 4): 9 - 0 - 4 - 16 = -11
    expect(Array.from(out)).toEqual([0, -11, -11, 0]);
  });

  it('equal m_i^2 + m_j^2 - 2 p_i.p_j for every pair of every batch element', () => {
    fc.assert(
      fc.property(fc.integer(), fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 7 }), (seed, batch, n) => {
        const p = momenta(seed, batch * n);
        const out = new Float64Array(batch * n * n).fill(Number.NaN);
        tsKernels.pairwiseMinkowskiSq(p, out, batch, n);
        for (let b = 0; b < batch; b++) {
          for (let i = 0; i < n; i++) {
            for (let j = 0; j < n; j++) {
              const u = b * n + i;
              const w = b * n + j;
              const want = dot(p, u, p, u) + dot(p, w, p, w) - 2 * dot(p, u, p, w);
              expect(out[(b * n + i) * n + j]).toBeCloseTo(want, 11);
            }
          }
        }
      }),
      { numRuns: 100 },
    );
  });
});

describe('WebAssembly pairwise Minkowski distances', () => {
  it('equal the TypeScript reference to the last bit, odd n included', () => {
    fc.assert(
      fc.property(fc.integer(), fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 19 }), (seed, batch, n) => {
        const p = momenta(seed, batch * n);
        const want = new Float64Array(batch * n * n);
        const got = new Float64Array(batch * n * n).fill(Number.NaN);
        tsKernels.pairwiseMinkowskiSq(p, want, batch, n);
        wasm.pairwiseMinkowskiSq(p, got, batch, n);
        expect(Array.from(got)).toEqual(Array.from(want));
      }),
      { numRuns: 150 },
    );
  });

  it('reject a momentum array shorter than batch x n x 4 with a ShapeError', () => {
    expect(() => wasm.pairwiseMinkowskiSq(new Float64Array(7), new Float64Array(4), 1, 2)).toThrow(ShapeError);
  });
});

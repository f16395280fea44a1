import { describe, expect, it } from 'vitest';
import { ConfigError, Random, ShapeError, add, expandDims, memory, mul, slice, sum, tensor, type Tensor } from 'lorentz-irreps';
import { PermutationError, assertPermutationEquivariant, assertPermutationInvariant } from 'lorentz-irreps/testing';

function randomTensor(seed: number, shape: number[]): Tensor {
  const rng = new Random(seed);
  const n = shape.reduce((a, b) => a * b, 1);
  return tensor(Float64Array.from({ length: n }, () => rng.normal()), shape);
}

/** The last particle slot of each jet, broadcast over the particles. */
const lastSlot = (x: Tensor) => slice(x, [0, x.shape[1] - 1, 0], [x.shape[0], 1, x.shape[2]]);

describe('assertPermutationEquivariant', () => {
  it('passes per-particle maps that use jet totals, and reports the draws', () => {
    const x = randomTensor(1, [3, 5, 2]);
    const report = assertPermutationEquivariant((v: Tensor) => mul(v, expandDims(sum(v, 1), 1)), [{ value: x }], { count: 3 });
    expect(report.passed).toBe(true);
    expect(report.trials).toHaveLength(3);
    expect(report.worst.maxRelativeDeviation).toBeLessThanOrEqual(report.tolerance);
    x.dispose();
  });

  it('fails on a map that treats one slot specially, naming the output and the draw', () => {
    const x = randomTensor(2, [2, 4, 3]);
    let error: unknown = null;
    try {
      assertPermutationEquivariant((v: Tensor) => add(v, lastSlot(v)), [{ value: x }]);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PermutationError);
    expect((error as Error).message).toMatch(/output 0 under drawn permutation \d/);
    x.dispose();
  });

  it('keeps padded particles in place when told which input is the mask', () => {
    // Every jet has its last slot padded, so adding that slot is fine as long as padding stays put.
    const x = randomTensor(3, [3, 5, 2]);
    const mask = tensor([
      [1, 1, 1, 0, 0],
      [1, 1, 1, 1, 0],
      [1, 0, 1, 1, 0],
    ]);
    const fn = (v: Tensor, m: Tensor) => mul(add(v, lastSlot(v)), expandDims(m, 2));
    const args = [{ value: x }, { value: mask }];
    expect(assertPermutationEquivariant(fn, args, { mask: 1, count: 6 }).passed).toBe(true);
    expect(() => assertPermutationEquivariant(fn, args, { count: 6 })).toThrow(PermutationError);
    x.dispose();
    mask.dispose();
  });

  it('treats outputs with a null particle axis as invariants and arguments with a null axis as fixed', () => {
    const x = randomTensor(4, [2, 6, 3]);
    const w = randomTensor(5, [3, 3]);
    const fn = (v: Tensor, m: Tensor) => [v, sum(mul(expandDims(v, 3), m), [1, 2])];
    expect(assertPermutationEquivariant(fn, [{ value: x }, { value: w, particleAxis: null }], { outputs: [1, null] }).passed).toBe(true);
    x.dispose();
    w.dispose();
  });

  it('leaves no tensors behind and rejects bad arguments with typed errors', () => {
    const x = randomTensor(6, [2, 3, 2]);
    const before = memory().numTensors;
    assertPermutationEquivariant((v: Tensor) => mul(v, 2), [{ value: x }]);
    expect(memory().numTensors).toBe(before);
    const id = (v: Tensor) => v;
    expect(() => assertPermutationEquivariant(id, [{ value: x, particleAxis: 0 }])).toThrow(ShapeError);
    expect(() => assertPermutationEquivariant(id, [{ value: x }], { mask: 3 })).toThrow(ConfigError);
    expect(() => assertPermutationEquivariant(id, [{ value: x }], { outputs: [1, 1] })).toThrow(/options\.outputs/);
    expect(() => assertPermutationEquivariant(id, [], {})).toThrow(/inputs/);
    expect(() => assertPermutationEquivariant(id, [{ value: x }], { count: 0 })).toThrow(/options\.count/);
    x.dispose();
  });
});

describe('assertPermutationInvariant', () => {
  it('passes sums over particles and fails on the first particle', () => {
    const x = randomTensor(7, [2, 5, 3]);
    expect(assertPermutationInvariant((v: Tensor) => sum(v, 1), [{ value: x }]).passed).toBe(true);
    expect(() => assertPermutationInvariant((v: Tensor) => slice(v, [0, 0, 0], [2, 1, 3]), [{ value: x }])).toThrow(PermutationError);
    x.dispose();
  });
});

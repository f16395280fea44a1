/**
 * The index arithmetic the gpu.js kernels are generated with, evaluated as plain JavaScript:
 * flat-index decomposition against a by-index reference on drawn shapes and strides, and the
 * division correction against a division that is off by a few ulp, as a GPU's may be.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { planStrides } from '../../src/tensor/cpu/broadcast';
import { affine, decompose, divmod } from '../../src/tensor/gpu/codegen';
import { unravel } from './conformance/reference';

/** Evaluates generated lines and returns the named values. */
function evaluate(lines: readonly string[], inputs: Record<string, number>, outputs: readonly string[]): number[] {
  const body = `${lines.join('\n')}\nreturn [${outputs.join(', ')}];`;
  return new Function(...Object.keys(inputs), body)(...Object.values(inputs)) as number[];
}

describe('generated index arithmetic', () => {
  it('decompose gives every operand the offset sum_d c_d * stride_d of the multi-index of i', () => {
    const arb = fc
      .array(fc.integer({ min: 1, max: 12 }), { minLength: 1, maxLength: 4 })
      .chain((shape) => fc.tuple(fc.constant(shape), fc.array(fc.array(fc.integer({ min: 0, max: 50 }), { minLength: shape.length, maxLength: shape.length }), { minLength: 1, maxLength: 3 })));
    fc.assert(
      fc.property(arb, ([shape, strides]) => {
        const plan = planStrides(shape, strides);
        const code = decompose('i', plan, 't');
        const size = shape.reduce((p, n) => p * n, 1);
        for (let i = 0; i < size; i++) {
          const idx = unravel(i, shape);
          const expected = strides.map((s) => idx.reduce((acc, c, d) => acc + c * s[d], 0));
          expect(evaluate(code.lines, { i }, code.offsets)).toEqual(expected);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('divmod is exact up to 2^24 even when every division is off by up to 32 float32 ulp either way', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 24 - 1 }), fc.integer({ min: 2, max: 5000 }), fc.constantFrom(1 - 2 ** -19, 1 - 2 ** -23, 1, 1 + 2 ** -23, 1 + 2 ** -19), (x, n, err) => {
        // Scale every division's result by `err`, as an inexact GPU division would.
        const lines = divmod('q', 'r', 'x', n).map((l) => l.replace(`/ ${n})`, `/ ${n} * err)`));
        expect(lines.filter((l) => l.includes('* err)'))).toHaveLength(2);
        const [q, r] = evaluate(lines, { x, err }, ['q', 'r']);
        expect([q, r]).toEqual([Math.floor(x / n), x % n]);
      }),
      { numRuns: 2000 },
    );
  });

  it('affine drops zero strides and unit factors, and is 0 with no terms', () => {
    expect(affine(['a', 'b', 'c'], [0, 1, 7])).toBe('b + c * 7');
    expect(affine(['a'], [0])).toBe('0');
    expect(affine(['0', 'q'], [5, 2], '7')).toBe('7 + q * 2');
    expect(affine(['p'], [3], 'base')).toBe('base + p * 3');
  });
});

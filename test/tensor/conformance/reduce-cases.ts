/** Conformance: sum, mean, max, min over drawn axes, with and without keepDims. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Random, max, mean, min, sum, tensor, tidy, type Tensor } from 'lorentz-irreps';
import type { SuiteContext } from '../conformance';
import { seedArb, shapeAxesArb } from './arbitraries';
import { draw, expectClose, ravel, size, toTensor, unravel, type Host } from './reference';

type Reduce = (x: Tensor, axis?: number | readonly number[], keepDims?: boolean) => Tensor;

/** Reference reduction: visits every input element and folds it into its output slot. */
function reduceRef(h: Host, axes: number[] | undefined, keepDims: boolean, kind: 'sum' | 'mean' | 'max' | 'min'): Host {
  const reduced = axes ?? h.shape.map((_, d) => d);
  const keptShape = h.shape.map((n, d) => (reduced.includes(d) ? 1 : n));
  const outShape = keepDims ? keptShape : h.shape.filter((_, d) => !reduced.includes(d));
  const m = size(keptShape);
  const init = kind === 'max' ? -Infinity : kind === 'min' ? Infinity : 0;
  const re = new Array<number>(m).fill(init);
  const im = new Array<number>(m).fill(0);
  for (let i = 0; i < size(h.shape); i++) {
    const idx = unravel(i, h.shape);
    const o = ravel(idx.map((v, d) => (reduced.includes(d) ? 0 : v)), keptShape);
    if (kind === 'max') re[o] = Math.max(re[o], h.re[i]);
    else if (kind === 'min') re[o] = Math.min(re[o], h.re[i]);
    else {
      re[o] += h.re[i];
      if (h.im !== null) im[o] += h.im[i];
    }
  }
  let count = 1;
  for (const d of reduced) count *= h.shape[d];
  if (kind === 'mean') {
    for (let o = 0; o < m; o++) {
      re[o] /= count;
      im[o] /= count;
    }
  }
  return { shape: outShape, re, im: h.im === null ? null : im };
}

const CASES: [('sum' | 'mean' | 'max' | 'min'), Reduce, boolean][] = [
  ['sum', sum, true],
  ['mean', mean, true],
  ['max', max, false],
  ['min', min, false],
];

export function reduceCases(ctx: SuiteContext): void {
  const { dtype, tol, runs } = ctx;
  describe('reductions', () => {
    for (const [name, op, complexOk] of CASES) {
      for (const isComplex of complexOk ? [false, true] : [false]) {
        for (const keepDims of [false, true]) {
          it(`${name} of a ${isComplex ? 'complex' : 'real'} tensor over drawn axes${keepDims ? ' with keepDims' : ''} matches the reference`, () => {
            fc.assert(
              fc.property(shapeAxesArb(), seedArb, ({ shape, axes }, seed) => {
                const h = draw(new Random(seed), shape, isComplex);
                const expected = reduceRef(h, axes, keepDims, name);
                tidy(() => expectClose(op(toTensor(h, dtype), axes, keepDims), expected, tol, name));
              }),
              { numRuns: runs },
            );
          });
        }
      }
    }

    it('sum accepts a single negative axis', () => {
      tidy(() => {
        const x = tensor([[1, 2], [3, 4]], undefined, { dtype });
        expect(Array.from(sum(x, -1).dataSync())).toEqual([3, 7]);
      });
    });

    it('max and min propagate NaN', () => {
      tidy(() => {
        const x = tensor([1, NaN, 3], undefined, { dtype });
        expect(Number.isNaN(max(x).dataSync()[0])).toBe(true);
        expect(Number.isNaN(min(x).dataSync()[0])).toBe(true);
      });
    });
  });
}

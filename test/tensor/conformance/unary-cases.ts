/** Conformance: elementwise unary ops, activations, complex parts and softmax. */
import Complex from 'complex.js';
import fc from 'fast-check';
import { describe, it } from 'vitest';
import {
  Random,
  abs,
  cast,
  clone,
  complex,
  conj,
  exp,
  imag,
  leakyRelu,
  log,
  neg,
  pow,
  real,
  relu,
  sigmoid,
  softmax,
  sqrt,
  square,
  tidy,
  type Tensor,
} from 'lorentz-irreps';
import type { SuiteContext } from '../conformance';
import { seedArb, shapeArb, shapeAxisArb } from './arbitraries';
import { build, draw, expectClose, ravel, size, toTensor, unravel, type Host } from './reference';

interface UnaryCase {
  readonly name: string;
  readonly op: (x: Tensor) => Tensor;
  readonly ref: (x: Complex) => Complex | number;
  /** Accepts complex input. */
  readonly complexOk: boolean;
  /** Output is real even for complex input. */
  readonly realOut?: boolean;
  /** Draw inputs in [0.5, 2.5). */
  readonly positive?: boolean;
}

const CASES: UnaryCase[] = [
  { name: 'neg', op: neg, ref: (x) => x.neg(), complexOk: true },
  { name: 'conj', op: conj, ref: (x) => x.conjugate(), complexOk: true },
  { name: 'abs', op: abs, ref: (x) => x.abs(), complexOk: true, realOut: true },
  { name: 'real', op: real, ref: (x) => x.re, complexOk: true, realOut: true },
  { name: 'imag', op: imag, ref: (x) => x.im, complexOk: true, realOut: true },
  { name: 'exp', op: exp, ref: (x) => x.exp(), complexOk: true },
  { name: 'square', op: square, ref: (x) => x.mul(x), complexOk: true },
  { name: 'clone', op: clone, ref: (x) => x, complexOk: true },
  { name: 'log', op: log, ref: (x) => Math.log(x.re), complexOk: false, positive: true },
  { name: 'sqrt', op: sqrt, ref: (x) => Math.sqrt(x.re), complexOk: false, positive: true },
  { name: 'pow(x, 3)', op: (x) => pow(x, 3), ref: (x) => x.re ** 3, complexOk: false },
  { name: 'pow(x, -1.5)', op: (x) => pow(x, -1.5), ref: (x) => x.re ** -1.5, complexOk: false, positive: true },
  { name: 'relu', op: relu, ref: (x) => Math.max(x.re, 0), complexOk: false },
  { name: 'leakyRelu', op: (x) => leakyRelu(x, 0.1), ref: (x) => (x.re > 0 ? x.re : 0.1 * x.re), complexOk: false },
  { name: 'sigmoid', op: sigmoid, ref: (x) => 1 / (1 + Math.exp(-x.re)), complexOk: false },
];

export function unaryCases(ctx: SuiteContext): void {
  const { dtype, tol, runs } = ctx;
  describe('unary ops', () => {
    for (const c of CASES) {
      for (const isComplex of c.complexOk ? [false, true] : [false]) {
        it(`${c.name} of a ${isComplex ? 'complex' : 'real'} tensor matches the elementwise reference`, () => {
          fc.assert(
            fc.property(shapeArb(), seedArb, (shape, seed) => {
              const h = draw(new Random(seed), shape, isComplex, c.positive);
              const expected = build(shape, isComplex && !c.realOut, (idx) => {
                const i = ravel(idx, shape);
                return c.ref(new Complex(h.re[i], h.im === null ? 0 : h.im[i]));
              });
              tidy(() => expectClose(c.op(toTensor(h, dtype)), expected, tol, c.name));
            }),
            { numRuns: runs },
          );
        });
      }
    }

    it('complex(re, im) joins two real tensors into one complex tensor', () => {
      fc.assert(
        fc.property(shapeArb(), seedArb, (shape, seed) => {
          const rng = new Random(seed);
          const hr = draw(rng, shape, false);
          const hi = draw(rng, shape, false);
          tidy(() => expectClose(complex(toTensor(hr, dtype), toTensor(hi, dtype)), { shape, re: hr.re, im: hi.re }, tol, 'complex'));
        }),
        { numRuns: runs },
      );
    });

    it('sigmoid stays finite and exact at the extremes', () => {
      tidy(() => {
        const h: Host = { shape: [3], re: [-800, 0, 800], im: null };
        expectClose(sigmoid(toTensor(h, dtype)), { shape: [3], re: [0, 0.5, 1], im: null }, tol, 'sigmoid');
      });
    });

    it('cast to the same dtype keeps values and complexity', () => {
      tidy(() => {
        const h = draw(new Random(3), [2, 2], true);
        const t = cast(toTensor(h, dtype), dtype);
        expectClose(t, build([2, 2], true, (idx) => new Complex(h.re[ravel(idx, [2, 2])], h.im![ravel(idx, [2, 2])])), tol, 'cast');
      });
    });
  });

  describe('softmax', () => {
    it('softmax along a drawn axis matches exp(x) / sum(exp(x)) along that axis', () => {
      fc.assert(
        fc.property(shapeAxisArb(), seedArb, ({ shape, axis, given }, seed) => {
          const h = draw(new Random(seed), shape, false);
          const n = size(shape);
          const expected: number[] = new Array(n);
          for (let i = 0; i < n; i++) {
            const idx = unravel(i, shape);
            let total = 0;
            for (let j = 0; j < shape[axis]; j++) {
              const other = idx.slice();
              other[axis] = j;
              total += Math.exp(h.re[ravel(other, shape)]);
            }
            expected[i] = Math.exp(h.re[i]) / total;
          }
          tidy(() => expectClose(softmax(toTensor(h, dtype), given), { shape, re: expected, im: null }, tol, 'softmax'));
        }),
        { numRuns: runs },
      );
    });

    it('softmax does not overflow for large inputs', () => {
      tidy(() => {
        const h: Host = { shape: [2, 2], re: [1000, 1000, -1000, -1000], im: null };
        expectClose(softmax(toTensor(h, dtype)), { shape: [2, 2], re: [0.5, 0.5, 0.5, 0.5], im: null }, tol, 'softmax');
      });
    });
  });
}

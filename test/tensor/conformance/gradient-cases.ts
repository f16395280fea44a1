/** Conformance: finite-difference gradient checks of every differentiable kernel on drawn shapes. */
import fc from 'fast-check';
import { describe, it } from 'vitest';
import {
  Random,
  abs,
  add,
  broadcastTo,
  cast,
  clone,
  complex,
  concat,
  conj,
  div,
  exp,
  expandDims,
  gather,
  imag,
  leakyRelu,
  log,
  matmul,
  max,
  mean,
  min,
  mul,
  neg,
  pad,
  pow,
  real,
  relu,
  reshape,
  scatterAdd,
  sigmoid,
  slice,
  softmax,
  sqrt,
  square,
  squeeze,
  stack,
  sub,
  sum,
  tensor,
  tidy,
  transpose,
  where,
  type Tensor,
} from 'lorentz-irreps';
import { gradcheck } from 'lorentz-irreps/testing';
import type { SuiteContext } from '../conformance';
import { broadcastShapesArb, permutationArb, seedArb, shapeArb, shapeAxesArb, shapeAxisArb } from './arbitraries';
import { awayFromZero, draw, drawSeparated, toTensor, type Host } from './reference';

export function gradientCases(ctx: SuiteContext): void {
  const { dtype, gradRuns } = ctx;
  const check = (f: (...xs: Tensor[]) => Tensor, hosts: Host[]): void => {
    tidy(() => {
      gradcheck(f, hosts.map((h) => toTensor(h, dtype)), { ...ctx.grad, seed: 1 });
    });
  };
  const prop = <T>(arb: fc.Arbitrary<T>, body: (v: T, rng: Random) => void) => {
    fc.assert(
      fc.property(arb, seedArb, (v, seed) => body(v, new Random(seed))),
      { numRuns: gradRuns },
    );
  };
  const kinds = [false, true];

  describe('gradients of elementwise kernels', () => {
    const binary: [string, (a: Tensor, b: Tensor) => Tensor][] = [
      ['add', add],
      ['sub', sub],
      ['mul', mul],
      ['div', div],
    ];
    for (const [name, op] of binary) {
      for (const ca of kinds) {
        for (const cb of kinds) {
          it(`${name} of ${ca ? 'complex' : 'real'} and ${cb ? 'complex' : 'real'} broadcast operands passes gradcheck`, () => {
            prop(broadcastShapesArb(2), ([sa, sb], rng) => check(op, [draw(rng, sa, ca), draw(rng, sb, cb, name === 'div')]));
          });
        }
      }
    }

    // Kinked functions get inputs at least this far from their kink (0), beyond any eps.
    const margin = Math.max(0.1, 10 * ctx.grad.eps);
    const unary: [string, (x: Tensor) => Tensor, boolean, boolean][] = [
      // name, op, accepts complex, needs positive input
      ['neg', neg, true, false],
      ['conj', conj, true, false],
      ['abs', abs, true, false],
      ['real', real, true, false],
      ['imag', imag, true, false],
      ['exp', exp, true, false],
      ['square', square, true, false],
      ['clone', clone, true, false],
      ['cast to the same dtype', (x) => cast(x, dtype), true, false],
      ['log', log, false, true],
      ['sqrt', sqrt, false, true],
      ['pow(x, 2.5)', (x) => pow(x, 2.5), false, true],
      ['pow(x, -2)', (x) => pow(x, -2), false, true],
      ['relu', relu, false, false],
      ['leakyRelu', (x) => leakyRelu(x, 0.3), false, false],
      ['sigmoid', sigmoid, false, false],
    ];
    for (const [name, op, complexOk, positive] of unary) {
      for (const c of complexOk ? kinds : [false]) {
        it(`${name} of a ${c ? 'complex' : 'real'} tensor passes gradcheck`, () => {
          prop(shapeArb(), (shape, rng) => check(op, [awayFromZero(draw(rng, shape, c, positive), margin)]));
        });
      }
    }

    it('complex(re, im) passes gradcheck in both arguments', () => {
      prop(shapeArb(), (shape, rng) => check(complex, [draw(rng, shape, false), draw(rng, shape, false)]));
    });

    it('softmax along a drawn axis passes gradcheck', () => {
      prop(shapeAxisArb(), ({ shape, given }, rng) => check((x) => softmax(x, given), [draw(rng, shape, false)]));
    });

    for (const [ca, cb] of [
      [false, true],
      [true, false],
    ]) {
      it(`where with ${ca ? 'complex' : 'real'} and ${cb ? 'complex' : 'real'} branches passes gradcheck in both branches`, () => {
        prop(broadcastShapesArb(3), ([sc, sa, sb], rng) => {
          const cond = draw(rng, sc, false);
          const mask = tensor(cond.re.map((v) => (v > 0 ? 1 : 0)), sc, { dtype });
          try {
            check((a, b) => where(mask, a, b), [draw(rng, sa, ca), draw(rng, sb, cb)]);
          } finally {
            mask.dispose();
          }
        });
      });
    }
  });

  describe('gradients of reductions and matmul', () => {
    for (const [name, op, complexOk] of [
      ['sum', sum, true],
      ['mean', mean, true],
      ['max', max, false],
      ['min', min, false],
    ] as const) {
      for (const c of complexOk ? kinds : [false]) {
        it(`${name} of a ${c ? 'complex' : 'real'} tensor over drawn axes passes gradcheck`, () => {
          prop(fc.tuple(shapeAxesArb(), fc.boolean()), ([{ shape, axes }, keepDims], rng) =>
            check((x) => op(x, axes, keepDims), [c ? draw(rng, shape, c) : drawSeparated(rng, shape, Math.max(0.1, 10 * ctx.grad.eps))]),
          );
        });
      }
    }

    for (const ca of kinds) {
      for (const cb of kinds) {
        it(`matmul of ${ca ? 'complex' : 'real'} and ${cb ? 'complex' : 'real'} broadcast batches with drawn flags passes gradcheck`, () => {
          const flagsArb = fc.record({ transposeA: fc.boolean(), transposeB: fc.boolean(), conjA: fc.boolean(), conjB: fc.boolean() });
          const dims = fc.tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 }));
          prop(fc.tuple(broadcastShapesArb(2, 2, 2), dims, flagsArb), ([[ba, bb], [m, k, n], flags], rng) => {
            const a = draw(rng, [...ba, ...(flags.transposeA ? [k, m] : [m, k])], ca);
            const b = draw(rng, [...bb, ...(flags.transposeB ? [n, k] : [k, n])], cb);
            check((x, y) => matmul(x, y, flags), [a, b]);
          });
        });
      }
    }
  });

  describe('gradients of data movement', () => {
    for (const c of kinds) {
      const kind = c ? 'complex' : 'real';
      it(`reshape, expandDims and squeeze of a ${kind} tensor pass gradcheck`, () => {
        prop(shapeArb(), (shape, rng) => check((x) => squeeze(expandDims(reshape(x, [-1]), 0)), [draw(rng, shape, c)]));
      });
      it(`broadcastTo of a ${kind} tensor passes gradcheck`, () => {
        prop(broadcastShapesArb(1), ([s], rng) => check((x) => broadcastTo(x, [2, ...s.map((v) => (v === 1 ? 2 : v))]), [draw(rng, s, c)]));
      });
      it(`transpose of a ${kind} tensor by a drawn permutation passes gradcheck`, () => {
        prop(shapeArb(3, 3, 1).chain((s) => fc.tuple(fc.constant(s), permutationArb(s.length))), ([s, perm], rng) =>
          check((x) => transpose(x, perm), [draw(rng, s, c)]),
        );
      });
      it(`slice and pad of a ${kind} tensor pass gradcheck`, () => {
        prop(shapeArb(3, 3, 1), (s, rng) => {
          const begin = s.map((n) => (n > 1 ? 1 : 0));
          check((x) => pad(slice(x, begin), s.map(() => [1, 0] as [number, number])), [draw(rng, s, c)]);
        });
      });
      it(`concat of a ${kind} and a ${c ? 'real' : 'complex'} tensor passes gradcheck`, () => {
        prop(shapeAxisArb(), ({ shape, given }, rng) =>
          check((x, y) => concat([x, y, x], given), [draw(rng, shape, c), draw(rng, shape, !c)]),
        );
      });
      it(`gather and scatterAdd of a ${kind} tensor pass gradcheck`, () => {
        prop(shapeAxisArb(), ({ shape, axis }, rng) => {
          const n = shape[axis];
          const idx = [n - 1, 0, n - 1];
          check((x) => scatterAdd(gather(x, idx, axis), idx, axis, n + 1), [draw(rng, shape, c)]);
        });
      });
    }
    it('stack passes gradcheck in every part', () => {
      prop(shapeArb(), (shape, rng) => check((x, y) => stack([x, y, x], 0), [draw(rng, shape, false), draw(rng, shape, true)]));
    });
  });
}

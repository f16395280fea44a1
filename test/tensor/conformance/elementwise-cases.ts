/** Conformance: broadcasting binary arithmetic, comparisons and where. */
import Complex from 'complex.js';
import fc from 'fast-check';
import { describe, it } from 'vitest';
import {
  Random,
  add,
  div,
  equal,
  greater,
  greaterEqual,
  less,
  lessEqual,
  mul,
  notEqual,
  sub,
  tensor,
  tidy,
  where,
  type Tensor,
  type TensorOrNumber,
} from 'lorentz-irreps';
import type { SuiteContext } from '../conformance';
import { broadcastShapesArb, seedArb } from './arbitraries';
import { broadcastRead, broadcastShape, build, draw, expectClose, toTensor, type Host } from './reference';

type Binary = (a: TensorOrNumber, b: TensorOrNumber) => Tensor;

const ARITHMETIC: [string, Binary, (x: Complex, y: Complex) => Complex][] = [
  ['add', add, (x, y) => x.add(y)],
  ['sub', sub, (x, y) => x.sub(y)],
  ['mul', mul, (x, y) => x.mul(y)],
  ['div', div, (x, y) => x.div(y)],
];

const COMPARE: [string, Binary, (x: number, y: number) => boolean][] = [
  ['equal', equal, (x, y) => x === y],
  ['notEqual', notEqual, (x, y) => x !== y],
  ['greater', greater, (x, y) => x > y],
  ['greaterEqual', greaterEqual, (x, y) => x >= y],
  ['less', less, (x, y) => x < y],
  ['lessEqual', lessEqual, (x, y) => x <= y],
];

const KINDS: [boolean, boolean][] = [
  [false, false],
  [false, true],
  [true, false],
  [true, true],
];
const kindName = (c: boolean) => (c ? 'complex' : 'real');

/** Small integers, so that comparisons see ties. */
function drawInts(rng: Random, shape: number[]): Host {
  const h = draw(rng, shape, false);
  return { ...h, re: h.re.map(() => rng.int(3)) };
}

export function elementwiseCases(ctx: SuiteContext): void {
  const { dtype, tol, runs } = ctx;
  describe('binary arithmetic', () => {
    for (const [name, op, ref] of ARITHMETIC) {
      for (const [ca, cb] of KINDS) {
        it(`${name} of a ${kindName(ca)} and a ${kindName(cb)} tensor matches the broadcasting reference`, () => {
          fc.assert(
            fc.property(broadcastShapesArb(2), seedArb, ([sa, sb], seed) => {
              const rng = new Random(seed);
              const ha = draw(rng, sa, ca);
              const hb = draw(rng, sb, cb, name === 'div');
              const out = broadcastShape(sa, sb);
              const expected = build(out, ca || cb, (idx) => ref(broadcastRead(ha, idx), broadcastRead(hb, idx)));
              tidy(() => expectClose(op(toTensor(ha, dtype), toTensor(hb, dtype)), expected, tol, name));
            }),
            { numRuns: runs },
          );
        });
      }
      it(`${name} accepts a number for either operand`, () => {
        tidy(() => {
          const x = tensor([1.5, -2], [2], { dtype });
          const h: Host = { shape: [2], re: [1.5, -2], im: null };
          expectClose(op(x, 4), build([2], false, ([i]) => ref(new Complex(h.re[i]), new Complex(4))), tol, name);
          expectClose(op(4, x), build([2], false, ([i]) => ref(new Complex(4), new Complex(h.re[i]))), tol, name);
        });
      });
    }
  });

  describe('comparisons', () => {
    for (const [name, op, ref] of COMPARE) {
      it(`${name} gives a 0/1 mask matching the broadcasting reference`, () => {
        fc.assert(
          fc.property(broadcastShapesArb(2), seedArb, ([sa, sb], seed) => {
            const rng = new Random(seed);
            const ha = drawInts(rng, sa);
            const hb = drawInts(rng, sb);
            const out = broadcastShape(sa, sb);
            const expected = build(out, false, (idx) => (ref(broadcastRead(ha, idx).re, broadcastRead(hb, idx).re) ? 1 : 0));
            tidy(() => expectClose(op(toTensor(ha, dtype), toTensor(hb, dtype)), expected, { atol: 0, rtol: 0 }, name));
          }),
          { numRuns: runs },
        );
      });
    }
  });

  describe('where', () => {
    for (const [ca, cb] of KINDS) {
      it(`where selects between a ${kindName(ca)} and a ${kindName(cb)} tensor with three-way broadcasting`, () => {
        fc.assert(
          fc.property(broadcastShapesArb(3), seedArb, ([sc, sa, sb], seed) => {
            const rng = new Random(seed);
            const hc = drawInts(rng, sc);
            const ha = draw(rng, sa, ca);
            const hb = draw(rng, sb, cb);
            const out = broadcastShape(sc, sa, sb);
            const expected = build(out, ca || cb, (idx) => (broadcastRead(hc, idx).re !== 0 ? broadcastRead(ha, idx) : broadcastRead(hb, idx)));
            tidy(() => expectClose(where(toTensor(hc, dtype), toTensor(ha, dtype), toTensor(hb, dtype)), expected, tol, 'where'));
          }),
          { numRuns: runs },
        );
      });
    }
    it('where accepts numbers for either branch', () => {
      tidy(() => {
        const c = tensor([1, 0, 2], [3], { dtype });
        expectClose(where(c, 5, -1), { shape: [3], re: [5, -1, 5], im: null }, tol, 'where');
      });
    });
  });
}

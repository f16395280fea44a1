/** Conformance: batched matmul with broadcasting batch axes, transpose and conjugate flags. */
import Complex from 'complex.js';
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { Random, matmul, tidy } from 'lorentz-irreps';
import type { SuiteContext } from '../conformance';
import { broadcastShapesArb, seedArb } from './arbitraries';
import { broadcastShape, build, draw, expectClose, ravel, toTensor, type Host } from './reference';

/** Element (r, c) of op(X) for batch multi-index `bIdx` of the broadcast batch. */
function opAt(h: Host, bIdx: number[], r: number, c: number, trans: boolean, conjugate: boolean): Complex {
  const rank = h.shape.length;
  const batch = h.shape.slice(0, rank - 2);
  const lead = bIdx.length - batch.length;
  const idx = batch.map((n, d) => (n === 1 ? 0 : bIdx[d + lead]));
  idx.push(...(trans ? [c, r] : [r, c]));
  const i = ravel(idx, h.shape);
  const z = new Complex(h.re[i], h.im === null ? 0 : h.im[i]);
  return conjugate ? z.conjugate() : z;
}

const flagsArb = fc.record({ transposeA: fc.boolean(), transposeB: fc.boolean(), conjA: fc.boolean(), conjB: fc.boolean() });
const dimsArb = fc.tuple(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 4 }));

export function matmulCases(ctx: SuiteContext): void {
  const { dtype, tol, runs } = ctx;
  describe('matmul', () => {
    for (const [ca, cb] of [
      [false, false],
      [true, false],
      [false, true],
      [true, true],
    ] as const) {
      it(`matmul of ${ca ? 'complex' : 'real'} and ${cb ? 'complex' : 'real'} batches with drawn flags matches the triple-loop reference`, () => {
        fc.assert(
          fc.property(broadcastShapesArb(2, 2, 3), dimsArb, flagsArb, seedArb, ([ba, bb], [m, k, n], flags, seed) => {
            const rng = new Random(seed);
            const ha = draw(rng, [...ba, ...(flags.transposeA ? [k, m] : [m, k])], ca);
            const hb = draw(rng, [...bb, ...(flags.transposeB ? [n, k] : [k, n])], cb);
            const batch = broadcastShape(ba, bb);
            const expected = build([...batch, m, n], ca || cb, (idx) => {
              const bIdx = idx.slice(0, batch.length);
              const [i, j] = idx.slice(batch.length);
              let s = new Complex(0, 0);
              for (let p = 0; p < k; p++) {
                s = s.add(opAt(ha, bIdx, i, p, flags.transposeA, flags.conjA).mul(opAt(hb, bIdx, p, j, flags.transposeB, flags.conjB)));
              }
              return s;
            });
            tidy(() => expectClose(matmul(toTensor(ha, dtype), toTensor(hb, dtype), flags), expected, tol, 'matmul'));
          }),
          { numRuns: runs },
        );
      });
    }

    it('matmul handles batch broadcasting that needs several runs ([2,1] x [1,3] batches)', () => {
      const rng = new Random(11);
      const ha = draw(rng, [2, 1, 2, 3], true);
      const hb = draw(rng, [1, 3, 3, 2], false);
      const expected = build([2, 3, 2, 2], true, ([b0, b1, i, j]) => {
        let s = new Complex(0, 0);
        for (let p = 0; p < 3; p++) s = s.add(opAt(ha, [b0, b1], i, p, false, false).mul(opAt(hb, [b0, b1], p, j, false, false)));
        return s;
      });
      tidy(() => expectClose(matmul(toTensor(ha, dtype), toTensor(hb, dtype)), expected, tol, 'matmul'));
    });
  });
}

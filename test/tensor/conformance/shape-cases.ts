/** Conformance: reshape, expandDims, squeeze, broadcastTo, transpose, slice, pad, concat, stack, gather, scatterAdd. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  Random,
  broadcastTo,
  concat,
  expandDims,
  gather,
  pad,
  reshape,
  scatterAdd,
  slice,
  squeeze,
  stack,
  tidy,
  transpose,
} from 'lorentz-irreps';
import type { SuiteContext } from '../conformance';
import { broadcastShapesArb, permutationArb, seedArb, shapeArb, shapeAxisArb } from './arbitraries';
import { broadcastRead, build, draw, expectClose, ravel, size, toTensor, unravel, type Host } from './reference';

/** Reads element `idx` of a host tensor as a complex number. */
const at = (h: Host, idx: number[]) => broadcastRead(h, idx);

export function shapeCases(ctx: SuiteContext): void {
  const { dtype, tol, runs } = ctx;
  const complexArb = fc.boolean();
  describe('data movement', () => {
    it('reshape keeps row-major order and infers one -1 extent', () => {
      fc.assert(
        fc.property(shapeArb(), shapeArb(), complexArb, seedArb, (shape, other, c, seed) => {
          const h = draw(new Random(seed), shape, c);
          tidy(() => {
            const flat = reshape(toTensor(h, dtype), [-1]);
            expectClose(flat, { shape: [size(shape)], re: h.re, im: h.im }, tol, 'reshape');
            if (size(other) === size(shape)) expectClose(reshape(flat, other), { shape: other, re: h.re, im: h.im }, tol, 'reshape');
          });
        }),
        { numRuns: runs },
      );
    });

    it('expandDims inserts and squeeze removes unit axes without moving data', () => {
      fc.assert(
        fc.property(shapeArb(), complexArb, seedArb, fc.nat(), (shape, c, seed, pick) => {
          const h = draw(new Random(seed), shape, c);
          const axis = pick % (shape.length + 1);
          tidy(() => {
            const e = expandDims(toTensor(h, dtype), axis);
            const want = shape.slice();
            want.splice(axis, 0, 1);
            expectClose(e, { shape: want, re: h.re, im: h.im }, tol, 'expandDims');
            expectClose(squeeze(e, axis), { shape, re: h.re, im: h.im }, tol, 'squeeze');
            expect(squeeze(e).shape).toEqual(shape.filter((n) => n !== 1));
          });
        }),
        { numRuns: runs },
      );
    });

    it('broadcastTo copies along broadcast axes', () => {
      fc.assert(
        fc.property(broadcastShapesArb(1), complexArb, seedArb, ([s], c, seed) => {
          // Grow the drawn shape back to a target it broadcasts to.
          const target = [2, ...s.map((n) => (n === 1 ? 3 : n))];
          const h = draw(new Random(seed), s, c);
          tidy(() => expectClose(broadcastTo(toTensor(h, dtype), target), build(target, c, (idx) => at(h, idx)), tol, 'broadcastTo'));
        }),
        { numRuns: runs },
      );
    });

    it('transpose by a drawn permutation moves axis perm[i] to position i', () => {
      fc.assert(
        fc.property(
          shapeArb(4, 3).chain((shape) => fc.tuple(fc.constant(shape), permutationArb(shape.length))),
          complexArb,
          seedArb,
          ([shape, perm], c, seed) => {
            const h = draw(new Random(seed), shape, c);
            const outShape = perm.map((p) => shape[p]);
            const expected = build(outShape, c, (idx) => {
              const src = new Array<number>(shape.length);
              perm.forEach((p, i) => (src[p] = idx[i]));
              return at(h, src);
            });
            tidy(() => expectClose(transpose(toTensor(h, dtype), perm), expected, tol, 'transpose'));
          },
        ),
        { numRuns: runs },
      );
    });

    it('slice takes the drawn block and pad puts it back among zeros', () => {
      fc.assert(
        fc.property(
          shapeArb(3, 4).chain((shape) =>
            fc.tuple(
              fc.constant(shape),
              fc.tuple(...shape.map((n) => fc.integer({ min: 0, max: n }).chain((b) => fc.tuple(fc.constant(b), fc.integer({ min: 0, max: n - b }))))),
            ),
          ),
          complexArb,
          seedArb,
          ([shape, bs], c, seed) => {
            const h = draw(new Random(seed), shape, c);
            const begin = bs.map((p) => p[0]);
            const sz = bs.map((p) => p[1]);
            const expected = build(sz, c, (idx) => at(h, idx.map((v, d) => v + begin[d])));
            tidy(() => {
              const s = slice(toTensor(h, dtype), begin, sz);
              expectClose(s, expected, tol, 'slice');
              const padded = pad(s, shape.map((n, d) => [begin[d], n - begin[d] - sz[d]] as [number, number]));
              const back = build(shape, c, (idx) => (idx.every((v, d) => v >= begin[d] && v < begin[d] + sz[d]) ? at(h, idx) : 0));
              expectClose(padded, back, tol, 'pad');
            });
          },
        ),
        { numRuns: runs },
      );
    });

    it('slice accepts negative begins and -1 sizes', () => {
      tidy(() => {
        const h: Host = { shape: [2, 3], re: [1, 2, 3, 4, 5, 6], im: null };
        expectClose(slice(toTensor(h, dtype), [-1, 1], [-1, -1]), { shape: [1, 2], re: [5, 6], im: null }, tol, 'slice');
      });
    });

    it('concat joins drawn parts along a drawn axis, mixing real and complex parts', () => {
      fc.assert(
        fc.property(shapeAxisArb(), fc.array(fc.tuple(fc.integer({ min: 0, max: 3 }), fc.boolean()), { minLength: 1, maxLength: 3 }), seedArb, ({ shape, axis, given }, parts, seed) => {
          const rng = new Random(seed);
          const hs = parts.map(([n, c]) => draw(rng, shape.map((v, d) => (d === axis ? n : v)), c));
          const total = parts.reduce((s, [n]) => s + n, 0);
          const outShape = shape.map((v, d) => (d === axis ? total : v));
          const anyComplex = parts.some(([, c]) => c);
          const expected = build(outShape, anyComplex, (idx) => {
            let j = idx[axis];
            for (const h of hs) {
              if (j < h.shape[axis]) return at(h, idx.map((v, d) => (d === axis ? j : v)));
              j -= h.shape[axis];
            }
            throw new Error('unreachable');
          });
          tidy(() => expectClose(concat(hs.map((h) => toTensor(h, dtype)), given), expected, tol, 'concat'));
        }),
        { numRuns: runs },
      );
    });

    it('stack adds a new axis at the drawn position', () => {
      fc.assert(
        fc.property(shapeArb(), fc.integer({ min: 1, max: 3 }), fc.nat(), seedArb, (shape, count, pick, seed) => {
          const rng = new Random(seed);
          const hs = Array.from({ length: count }, () => draw(rng, shape, false));
          const axis = pick % (shape.length + 1);
          const outShape = shape.slice();
          outShape.splice(axis, 0, count);
          const expected = build(outShape, false, (idx) => {
            const rest = idx.slice();
            const [which] = rest.splice(axis, 1);
            return at(hs[which], rest);
          });
          tidy(() => expectClose(stack(hs.map((h) => toTensor(h, dtype)), axis), expected, tol, 'stack'));
        }),
        { numRuns: runs },
      );
    });

    it('gather picks drawn indices (with repeats) along a drawn axis', () => {
      fc.assert(
        fc.property(shapeAxisArb(), fc.array(fc.nat(), { maxLength: 5 }), complexArb, seedArb, ({ shape, axis, given }, raw, c, seed) => {
          const h = draw(new Random(seed), shape, c);
          const indices = raw.map((r) => r % shape[axis]);
          const outShape = shape.map((v, d) => (d === axis ? indices.length : v));
          const expected = build(outShape, c, (idx) => at(h, idx.map((v, d) => (d === axis ? indices[v] : v))));
          tidy(() => expectClose(gather(toTensor(h, dtype), indices, given), expected, tol, 'gather'));
        }),
        { numRuns: runs },
      );
    });

    it('scatterAdd accumulates drawn (repeated) indices along a drawn axis', () => {
      fc.assert(
        fc.property(shapeAxisArb(), fc.integer({ min: 1, max: 4 }), fc.array(fc.nat()), complexArb, seedArb, ({ shape, axis, given }, outSize, raw, c, seed) => {
          const h = draw(new Random(seed), shape, c);
          const indices = Array.from({ length: shape[axis] }, (_, i) => (raw[i] ?? i) % outSize);
          const outShape = shape.map((v, d) => (d === axis ? outSize : v));
          const re = new Array<number>(size(outShape)).fill(0);
          const im = new Array<number>(size(outShape)).fill(0);
          for (let i = 0; i < size(shape); i++) {
            const idx = unravel(i, shape);
            const o = ravel(idx.map((v, d) => (d === axis ? indices[v] : v)), outShape);
            re[o] += h.re[i];
            if (h.im !== null) im[o] += h.im[i];
          }
          tidy(() => expectClose(scatterAdd(toTensor(h, dtype), indices, given, outSize), { shape: outShape, re, im: c ? im : null }, tol, 'scatterAdd'));
        }),
        { numRuns: runs },
      );
    });
  });
}

/**
 * Conformance of the pairwise edge ops (pairwiseDifferences, pairwiseMinkowskiSq, edgeMask):
 * forward against by-index references on drawn shapes, gradients against finite differences,
 * memory, and bad inputs.
 */
import Complex from 'complex.js';
import fc from 'fast-check';
import { expect, it } from 'vitest';
import {
  DTypeError,
  Random,
  ShapeError,
  complexTensor,
  edgeMask,
  grad,
  memory,
  mul,
  pairwiseDifferences,
  pairwiseMinkowskiSq,
  sum,
  tensor,
  tidy,
  type Tensor,
} from 'lorentz-irreps';
import { gradcheck } from 'lorentz-irreps/testing';
import type { ConformanceTolerances } from './conformance';
import { seedArb } from './conformance/arbitraries';
import { build, draw, expectClose, ravel, toTensor, type Host } from './conformance/reference';
import { describeOnBackend, expectTypedError, suiteContext } from './conformance-extra';

const at = (h: Host, idx: number[]): Complex => {
  const i = ravel(idx, h.shape);
  return new Complex(h.re[i], h.im === null ? 0 : h.im[i]);
};

/** A 0/1 particle mask [B, N] with drawn zeros (at least one particle per event). */
function drawMask(rng: Random, b: number, n: number): Host {
  const re = Array.from({ length: b * n }, (_, k) => (k % n === 0 || rng.uniform() < 0.7 ? 1 : 0));
  return { shape: [b, n], re, im: null };
}

const shapeArb = fc.record({
  b: fc.integer({ min: 1, max: 3 }),
  n: fc.integer({ min: 1, max: 5 }),
  f: fc.integer({ min: 1, max: 4 }),
});

/** Registers the pairwise edge cases for `backendName`. */
export function edgesConformance(backendName: string, tolerances: ConformanceTolerances): void {
  const ctx = suiteContext(backendName, tolerances);
  const { dtype, tol, runs, gradRuns } = ctx;
  const check = (f: (...xs: Tensor[]) => Tensor, hosts: Host[]): void => {
    tidy(() => {
      gradcheck(f, hosts.map((h) => toTensor(h, dtype)), { ...ctx.grad, seed: 1 });
    });
  };

  describeOnBackend('pairwise edges', backendName, () => {
    for (const complex of [false, true]) {
      it(`pairwiseDifferences of ${complex ? 'complex' : 'real'} features, plain and masked, matches p_i - p_j by index`, () => {
        fc.assert(
          fc.property(shapeArb, seedArb, ({ b, n, f }, seed) => {
            const rng = new Random(seed);
            const p = draw(rng, [b, n, f], complex);
            const m = drawMask(rng, b, n);
            const plain = build([b, n, n, f], complex, ([e, i, j, k]) => at(p, [e, i, k]).sub(at(p, [e, j, k])));
            const masked = build([b, n, n, f], complex, ([e, i, j, k]) =>
              at(p, [e, i, k]).sub(at(p, [e, j, k])).mul(m.re[e * n + i] * m.re[e * n + j]),
            );
            tidy(() => {
              const pt = toTensor(p, dtype);
              expectClose(pairwiseDifferences(pt), plain, tol, 'pairwiseDifferences');
              expectClose(pairwiseDifferences(pt, toTensor(m, dtype)), masked, tol, 'masked pairwiseDifferences');
            });
          }),
          { numRuns: runs },
        );
      });
    }

    it('pairwiseMinkowskiSq matches (E_i - E_j)^2 - |p_i - p_j|^2 by index and is symmetric with a zero diagonal', () => {
      fc.assert(
        fc.property(shapeArb, seedArb, ({ b, n }, seed) => {
          const rng = new Random(seed);
          const p = draw(rng, [b, n, 4], false);
          const expected = build([b, n, n], false, ([e, i, j]) => {
            const d = [0, 1, 2, 3].map((k) => p.re[(e * n + i) * 4 + k] - p.re[(e * n + j) * 4 + k]);
            return d[0] * d[0] - d[1] * d[1] - d[2] * d[2] - d[3] * d[3];
          });
          tidy(() => {
            const out = pairwiseMinkowskiSq(toTensor(p, dtype));
            expectClose(out, expected, tol, 'pairwiseMinkowskiSq');
            const v = out.dataSync();
            for (let e = 0; e < b; e++) {
              for (let i = 0; i < n; i++) {
                expect(v[(e * n + i) * n + i]).toBe(0);
                for (let j = 0; j < n; j++) expect(v[(e * n + i) * n + j]).toBe(v[(e * n + j) * n + i]);
              }
            }
          });
        }),
        { numRuns: runs },
      );
    });

    it('edgeMask is m_i m_j, with a zero diagonal when self-edges are excluded', () => {
      fc.assert(
        fc.property(shapeArb, fc.boolean(), seedArb, ({ b, n }, includeSelf, seed) => {
          const rng = new Random(seed);
          const m = draw(rng, [b, n], false);
          const expected = build([b, n, n], false, ([e, i, j]) => (i === j && !includeSelf ? 0 : m.re[e * n + i] * m.re[e * n + j]));
          tidy(() => expectClose(edgeMask(toTensor(m, dtype), { includeSelf }), expected, tol, 'edgeMask'));
        }),
        { numRuns: runs },
      );
    });

    for (const complex of [false, true]) {
      it(`pairwiseDifferences of ${complex ? 'complex' : 'real'} features passes gradcheck, also through the mask`, () => {
        fc.assert(
          fc.property(shapeArb, seedArb, ({ b, n, f }, seed) => {
            const rng = new Random(seed);
            const p = draw(rng, [b, n, f], complex);
            check((x) => pairwiseDifferences(x), [p]);
            check((x, m) => pairwiseDifferences(x, m), [p, draw(rng, [b, n], false)]);
          }),
          { numRuns: gradRuns },
        );
      });
    }

    it('pairwiseMinkowskiSq and edgeMask pass gradcheck', () => {
      fc.assert(
        fc.property(shapeArb, fc.boolean(), seedArb, ({ b, n }, includeSelf, seed) => {
          const rng = new Random(seed);
          check((x) => pairwiseMinkowskiSq(x), [draw(rng, [b, n, 4], false)]);
          check((m) => edgeMask(m, { includeSelf }), [draw(rng, [b, n], false)]);
        }),
        { numRuns: gradRuns },
      );
    });

    it('edge ops inside tidy leave the tensor and byte counts unchanged, and grad leaves only the gradients', () => {
      const rng = new Random(2);
      const p = toTensor(draw(rng, [2, 3, 4], false), dtype);
      const z = toTensor(draw(rng, [2, 3, 2], true), dtype);
      const m = toTensor(drawMask(rng, 2, 3), dtype);
      const before = memory();
      tidy(() => {
        pairwiseDifferences(z, m);
        pairwiseMinkowskiSq(p);
        edgeMask(m, { includeSelf: false });
      });
      expect(memory()).toEqual(before);
      const grads = grad((x, w) => sum(mul(pairwiseMinkowskiSq(x), edgeMask(w))))(p, m);
      expect(memory().numTensors).toBe(before.numTensors + 2);
      [...grads, p, z, m].forEach((t) => t.dispose());
    });

    it('edge ops reject bad inputs with typed errors naming the op and argument', () => {
      tidy(() => {
        const p = tensor(new Array(24).fill(1), [2, 3, 4], { dtype });
        expectTypedError(() => pairwiseDifferences(tensor([1, 2], [2], { dtype })), ShapeError, 'pairwiseDifferences', 'p');
        expectTypedError(() => pairwiseDifferences(p, tensor([1, 1, 1], [1, 3], { dtype })), ShapeError, 'pairwiseDifferences', 'mask');
        expectTypedError(() => pairwiseDifferences(p, complexTensor([1, 1, 1, 1, 1, 1], [0, 0, 0, 0, 0, 0], [2, 3], { dtype })), DTypeError, 'pairwiseDifferences', 'mask');
        expectTypedError(() => pairwiseDifferences('p' as unknown as Tensor), DTypeError, 'pairwiseDifferences', 'p');
        expectTypedError(() => pairwiseMinkowskiSq(tensor(new Array(18).fill(1), [2, 3, 3], { dtype })), ShapeError, 'pairwiseMinkowskiSq', 'p');
        expectTypedError(() => pairwiseMinkowskiSq(complexTensor([1, 2, 3, 4], [0, 0, 0, 0], [1, 1, 4], { dtype })), DTypeError, 'pairwiseMinkowskiSq', 'p');
        expectTypedError(() => edgeMask(tensor([1, 0, 1], [3], { dtype })), ShapeError, 'edgeMask', 'mask');
        expectTypedError(() => edgeMask(complexTensor([1], [1], [1, 1], { dtype })), DTypeError, 'edgeMask', 'mask');
        expectTypedError(() => edgeMask(tensor([1], [1, 1], { dtype }), null as unknown as object), DTypeError, 'edgeMask', 'options');
      });
    });
  });
}

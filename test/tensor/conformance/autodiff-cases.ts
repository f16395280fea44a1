/** Conformance: semantics of grad, valueAndGrad, variableGrads and the complex convention. */
import { describe, expect, it } from 'vitest';
import {
  ConfigError,
  DTypeError,
  ShapeError,
  abs,
  add,
  complexTensor,
  dispose,
  grad,
  max,
  memory,
  mul,
  real,
  registerKernel,
  runKernel,
  square,
  sum,
  tensor,
  tidy,
  valueAndGrad,
  variable,
  variableGrads,
} from 'lorentz-irreps';
import type { SuiteContext } from '../conformance';

export function autodiffCases(ctx: SuiteContext): void {
  const { dtype } = ctx;
  const t = (v: number[]) => tensor(v, undefined, { dtype });
  const close = (a: Float64Array, b: number[]) => b.forEach((v, i) => expect(a[i]).toBeCloseTo(v, 5));

  describe('autodiff semantics', () => {
    it('accumulates the gradient of an input used twice', () => {
      tidy(() => {
        const [g] = grad((x) => sum(mul(x, add(x, 1))))(t([1, 2]));
        close(g.dataSync(), [3, 5]);
      });
    });

    it('returns zeros for an input the loss does not depend on, of its shape and complexity', () => {
      tidy(() => {
        const [, g] = grad((x) => sum(x))(t([1, 2]), complexTensor([1], [1], undefined, { dtype }));
        expect(g.complex).toBe(true);
        expect(Array.from(g.reImSync().re)).toEqual([0]);
      });
    });

    it('gives dL/da + i dL/db: L = |w|^2 has gradient 2w', () => {
      tidy(() => {
        const [g] = grad((w) => sum(square(abs(w))))(complexTensor([1, -0.5], [2, 3], undefined, { dtype }));
        const { re, im } = g.reImSync();
        close(re, [2, -1]);
        close(im, [4, 6]);
      });
    });

    it('gives conj(c) as the gradient of Re(sum(w c))', () => {
      tidy(() => {
        const c = complexTensor([2, -1], [1, 3], undefined, { dtype });
        const [g] = grad((w) => real(sum(mul(w, c))))(complexTensor([0.5, 1], [2, -1], undefined, { dtype }));
        const { re, im } = g.reImSync();
        close(re, [2, -1]);
        close(im, [-1, -3]);
      });
    });

    it('splits the gradient of max equally among tied maxima', () => {
      tidy(() => {
        const [g] = grad((x) => max(x))(t([1, 3, 3, 2]));
        close(g.dataSync(), [0, 0.5, 0.5, 0]);
      });
    });

    it('gives abs a zero gradient at zero', () => {
      tidy(() => {
        const [g] = grad((x) => sum(abs(x)))(t([0, -2, 3]));
        close(g.dataSync(), [0, -1, 1]);
      });
    });

    it('keeps backprop working when f disposes its intermediates or uses tidy inside', () => {
      tidy(() => {
        const [g] = grad((x) => {
          const y = tidy(() => mul(x, 3));
          const z = mul(y, y);
          y.dispose();
          return sum(z);
        })(t([1, 2]));
        close(g.dataSync(), [18, 36]);
      });
    });

    it('rejects a non-scalar or complex loss with typed errors', () => {
      tidy(() => {
        expect(() => grad((x) => mul(x, 2))(t([1, 2]))).toThrow(ShapeError);
        expect(() => grad((x) => sum(x))(complexTensor([1], [1], undefined, { dtype }))).toThrow(DTypeError);
      });
    });

    it('rejects a loss that depends on a kernel without a registered gradient', () => {
      registerKernel({ kernelName: `ConformanceNoGrad_${ctx.backend}`, backendName: ctx.backend, kernelFunc: ({ inputs }) => inputs.x });
      const input = t([1]);
      const before = memory().numTensors;
      expect(() => grad((x) => sum(runKernel(`ConformanceNoGrad_${ctx.backend}`, { x })[0]))(input)).toThrow(ConfigError);
      expect(memory().numTensors).toBe(before);
      input.dispose();
    });

    it('valueAndGrad returns the loss with the gradients', () => {
      tidy(() => {
        const { value, grads } = valueAndGrad((x, y) => sum(mul(x, y)))(t([1, 2]), t([3, 4]));
        expect(value.dataSync()[0]).toBeCloseTo(11, 10);
        close(grads[0].dataSync(), [3, 4]);
        close(grads[1].dataSync(), [1, 2]);
      });
    });

    it('variableGrads differentiates the trainable variables by default and the listed ones on request', () => {
      const before = memory();
      // variable() shares its initial tensor's buffer: the initial tensors are the test's to dispose.
      const [a, b] = tidy(() => [variable(t([1, 2]), { name: 'a' }), variable(t([3]), { name: 'b', trainable: false })]);
      try {
        tidy(() => {
          const byDefault = variableGrads(() => sum(mul(a, b)));
          expect(byDefault.variables).toContain(a);
          expect(byDefault.variables).not.toContain(b);
          close(byDefault.grads[byDefault.variables.indexOf(a)].dataSync(), [3, 3]);
          const listed = variableGrads(() => sum(mul(a, b)), [a, b]);
          close(listed.grads[0].dataSync(), [3, 3]);
          close(listed.grads[1].dataSync(), [3]);
        });
      } finally {
        dispose([a, b]);
      }
      expect(memory().numTensors).toBe(before.numTensors);
      expect(memory().numDataBuffers).toBe(before.numDataBuffers);
    });

    it('assign swaps a variable to new data without a copy and frees the old buffer', () => {
      const initial = t([1, 2, 3]);
      const v = variable(initial);
      initial.dispose();
      const next = t([4, 5, 6]);
      const before = memory();
      v.assign(next);
      next.dispose();
      const after = memory();
      expect(after.numDataBuffers).toBe(before.numDataBuffers - 1);
      expect(Array.from(v.dataSync())).toEqual([4, 5, 6]);
      v.dispose();
    });
  });
}

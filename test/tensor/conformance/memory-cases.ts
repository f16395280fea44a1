/** Conformance: memory accounting, tidy/keep/dispose, and test mode catching leaked buffers. */
import { describe, expect, it } from 'vitest';
import {
  MemoryError,
  abs,
  add,
  broadcastTo,
  complexTensor,
  concat,
  conj,
  div,
  equal,
  exp,
  gather,
  getBackend,
  grad,
  keep,
  leakyRelu,
  matmul,
  max,
  mean,
  memory,
  mul,
  pad,
  registerKernel,
  reshape,
  runKernel,
  scatterAdd,
  slice,
  softmax,
  stack,
  sum,
  tensor,
  tidy,
  toBackend,
  transpose,
  valueAndGrad,
  variable,
  where,
  type Tensor,
} from 'lorentz-irreps';
import type { SuiteContext } from '../conformance';

export function memoryCases(ctx: SuiteContext): void {
  const { dtype } = ctx;
  const real = () => tensor([[0.5, -1, 2], [3, -0.25, 1]], undefined, { dtype });
  const cplx = () => complexTensor([[0.5, -1, 2], [3, -0.25, 1]], [[1, 2, -1], [0.5, 0, 1]], undefined, { dtype });

  describe('memory', () => {
    const ops: [string, (x: Tensor, z: Tensor) => unknown][] = [
      ['add', (x, z) => add(x, z)],
      ['div', (x) => div(x, 2)],
      ['abs/conj/exp', (_, z) => exp(conj(abs(z)))],
      ['leakyRelu/softmax', (x) => softmax(leakyRelu(x), 0)],
      ['sum/mean/max', (x, z) => [sum(z, 1), mean(x), max(x, 0, true)]],
      ['matmul', (x, z) => matmul(x, z, { transposeB: true, conjB: true })],
      ['reshape/transpose/broadcastTo', (x) => broadcastTo(transpose(reshape(x, [3, 2])), [2, 2, 3])],
      ['slice/pad/concat/stack', (x, z) => stack([concat([pad(slice(x, [0, 1]), [[0, 0], [1, 0]]), z], 0)], 1)],
      ['gather/scatterAdd', (x) => scatterAdd(gather(x, [1, 0, 1], 1), [0, 0, 2], 1, 3)],
      ['equal/where', (x, z) => where(equal(x, 3), z, x)],
    ];
    for (const [name, fn] of ops) {
      it(`${name} inside tidy leaves the tensor and byte counts unchanged`, () => {
        const x = real();
        const z = cplx();
        const before = memory();
        tidy(() => {
          fn(x, z);
        });
        expect(memory()).toEqual(before);
        x.dispose();
        z.dispose();
      });
    }

    it('grad and valueAndGrad leave only the value and the gradients behind', () => {
      const x = real();
      const before = memory().numTensors;
      const [g] = grad((a) => sum(exp(mul(a, a))))(x);
      expect(memory().numTensors).toBe(before + 1);
      const { value, grads } = valueAndGrad((a) => mean(matmul(a, a, { transposeB: true })))(x);
      expect(memory().numTensors).toBe(before + 3);
      [g, value, ...grads].forEach((t) => t.dispose());
      expect(memory().numTensors).toBe(before);
      x.dispose();
    });

    it('tidy keeps tensors returned in arrays and objects, and kept ones', () => {
      const before = memory().numTensors;
      let kept: Tensor | undefined;
      const out = tidy(() => {
        kept = keep(real());
        real();
        return { a: real(), list: [real()] };
      });
      expect(memory().numTensors).toBe(before + 3);
      expect(out.a.isDisposed || out.list[0].isDisposed || kept!.isDisposed).toBe(false);
      [out.a, out.list[0], kept!].forEach((t) => t.dispose());
    });

    it('tidy disposes everything it made when its function throws', () => {
      const before = memory().numTensors;
      expect(() =>
        tidy(() => {
          real();
          throw new Error('boom');
        }),
      ).toThrow('boom');
      expect(memory().numTensors).toBe(before);
    });

    it('tidy never disposes a variable created inside it', () => {
      const v = tidy(() => variable(real()));
      expect(v.isDisposed).toBe(false);
      expect(v.dataSync()[0]).toBe(0.5);
      v.dispose();
    });

    it('disposing twice is harmless and using a disposed tensor throws MemoryError', () => {
      const x = real();
      x.dispose();
      x.dispose();
      expect(() => add(x, 1)).toThrow(MemoryError);
      expect(() => x.dataSync()).toThrow(MemoryError);
    });

    it('test mode catches a kernel that allocates a buffer it does not return', () => {
      const name = `ConformanceLeaky_${ctx.backend}`;
      let leaked: object | null = null;
      registerKernel({
        kernelName: name,
        backendName: ctx.backend,
        kernelFunc: ({ inputs, backend }) => {
          leaked = backend.write(new Float64Array(1), null, inputs.x.dtype);
          return inputs.x;
        },
      });
      const x = real();
      try {
        expect(() => runKernel(name, { x })).toThrow(MemoryError);
      } finally {
        if (leaked !== null) x.backend.disposeData(leaked);
        x.dispose();
      }
    });

    it('test mode catches a tidy that leaves a backend buffer without an owning tensor', () => {
      const x = real();
      let leaked: object | null = null;
      try {
        expect(() =>
          tidy(() => {
            leaked = x.backend.write(new Float64Array(2), null, dtype);
          }),
        ).toThrow(MemoryError);
      } finally {
        if (leaked !== null) x.backend.disposeData(leaked);
        x.dispose();
      }
    });

    it('toBackend to the same backend makes an independent copy', () => {
      const x = real();
      const y = toBackend(x, getBackend());
      x.dispose();
      expect(y.dataSync()[1]).toBe(-1);
      y.dispose();
    });
  });
}

import { describe, expect, it } from 'vitest';
import {
  BackendError,
  DTypeError,
  MemoryError,
  ShapeError,
  add,
  complexTensor,
  grad,
  memory,
  mul,
  real,
  registerBackend,
  setBackend,
  sum,
  tensor,
  tidy,
  valueAndGrad,
  variable,
  variableGrads,
} from 'lorentz-irreps';

describe('the tensor engine core', () => {
  it('broadcasts elementwise addition like NumPy', () => {
    const y = add(tensor([[1], [2]]), tensor([10, 20, 30]));
    expect(y.array()).toEqual([[11, 21, 31], [12, 22, 32]]);
  });

  it('disposes intermediates inside tidy and keeps the result', () => {
    const x = tensor([1, 2, 3]);
    const before = memory().numTensors;
    const y = tidy(() => add(mul(x, x), 1));
    expect(memory().numTensors).toBe(before + 1);
    expect(Array.from(y.dataSync())).toEqual([2, 5, 10]);
  });

  it('throws MemoryError when a disposed tensor is used', () => {
    const x = tensor([1]);
    x.dispose();
    expect(() => add(x, 1)).toThrow(MemoryError);
  });

  it('throws ShapeError naming the op for shapes that do not broadcast', () => {
    expect(() => add(tensor([1, 2]), tensor([1, 2, 3]))).toThrow(/`add`: `b`/);
    expect(() => add(tensor([1, 2]), tensor([1, 2, 3]))).toThrow(ShapeError);
  });

  it('rejects mixed dtypes with DTypeError', () => {
    expect(() => add(tensor([1]), tensor([1], undefined, { dtype: 'float32' }))).toThrow(DTypeError);
  });

  it('differentiates a real function with grad', () => {
    const [g] = grad((x) => sum(mul(x, x)))(tensor([1, -2, 3]));
    expect(Array.from(g.dataSync())).toEqual([2, -4, 6]);
  });

  it('returns conj(c) as the gradient of Re(sum(w c)) in the complex convention', () => {
    const c = complexTensor([2, -1], [1, 3]);
    const { grads } = valueAndGrad((w) => real(sum(mul(w, c))))(complexTensor([0.5, 1], [2, -1]));
    const { re, im } = grads[0].reImSync();
    expect(Array.from(re)).toEqual([2, -1]);
    expect(Array.from(im)).toEqual([-1, -3]);
  });

  it('computes variable gradients and leaves no tensors behind', () => {
    const w = variable(tensor([1, 2]));
    const before = memory().numTensors;
    const { value, grads } = variableGrads(() => sum(mul(w, w)), [w]);
    expect(value.dataSync()[0]).toBe(5);
    expect(Array.from(grads[0].dataSync())).toEqual([2, 4]);
    value.dispose();
    grads[0].dispose();
    expect(memory().numTensors).toBe(before);
    w.dispose();
  });

  it('refuses an unavailable backend instead of falling back', () => {
    registerBackend('engine-test-missing', () => {
      throw new Error('no device');
    });
    expect(() => setBackend('engine-test-missing')).toThrow(BackendError);
    expect(() => setBackend('no-such-backend')).toThrow(BackendError);
  });
});

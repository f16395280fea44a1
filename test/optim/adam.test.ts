import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  Adam,
  ConfigError,
  abs,
  complex,
  complexTensor,
  matmul,
  mul,
  real,
  square,
  sub,
  sum,
  tensor,
  variable,
  type Tensor,
  type Variable,
} from 'lorentz-irreps';
import { RefAdamParam, drawnTrajectory, expectReferenceTrajectory, type AdamHyper } from './reference';

const hyper = fc.record({
  lr: fc.double({ min: 0, max: 1, noNaN: true }),
  beta1: fc.double({ min: 0, max: 0.999, noNaN: true }),
  beta2: fc.double({ min: 0, max: 0.9999, noNaN: true }),
  eps: fc.double({ min: 1e-12, max: 1e-2, noNaN: true }),
  weightDecay: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 0.5, noNaN: true })),
  decoupled: fc.boolean(),
  amsgrad: fc.boolean(),
});

function adamOf(h: AdamHyper): Adam {
  return new Adam({ lr: h.lr, betas: [h.beta1, h.beta2], eps: h.eps, weightDecay: h.weightDecay, decoupled: h.decoupled, amsgrad: h.amsgrad });
}

/** Applies one step with explicit gradient values and frees the gradient tensor. */
function stepWith(opt: Adam, w: Variable, g: Tensor): void {
  opt.step(new Map([[w, g]]));
  g.dispose();
}

describe('Adam', () => {
  it('follows a scalar reference implementation exactly for drawn hyperparameters, parameters and gradients', () => {
    fc.assert(
      fc.property(hyper, drawnTrajectory, (h, drawn) => {
        expectReferenceTrajectory(adamOf(h), drawn, (theta) => new RefAdamParam(theta, h));
      }),
      { numRuns: 80 },
    );
  });

  it('uses the defaults lr 1e-3, betas [0.9, 0.999], eps 1e-8 and no weight decay', () => {
    const opt = new Adam();
    expect([opt.lr, opt.beta1, opt.beta2, opt.eps, opt.weightDecay, opt.decoupled, opt.amsgrad]).toEqual([1e-3, 0.9, 0.999, 1e-8, 0, false, false]);
    const w = variable(tensor([1, -2]));
    const h = { lr: 1e-3, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0, decoupled: false, amsgrad: false };
    const ref = [new RefAdamParam(1, h), new RefAdamParam(-2, h)];
    for (const g of [[0.5, -3], [1e-3, 2], [-4, 0]]) {
      stepWith(opt, w, tensor(g));
      ref.forEach((r, i) => r.update(g[i]));
    }
    expect(Array.from(w.dataSync())).toEqual(ref.map((r) => r.theta));
    w.dispose();
  });

  it('takes a first step of size lr against the sign of the gradient', () => {
    const w = variable(tensor([0, 0, 0]));
    stepWith(new Adam({ lr: 0.01, eps: 0 }), w, tensor([3, -1e-4, 250]));
    const [p, q, r] = Array.from(w.dataSync());
    expect(Math.abs(p + 0.01) + Math.abs(q - 0.01) + Math.abs(r + 0.01)).toBeLessThan(1e-16);
    w.dispose();
  });

  it('updates a complex parameter exactly as the pair of real parameters (real part, imaginary part)', () => {
    const c = complexTensor([0.3, -1.2, 2], [1, 0.5, -0.7]);
    const loss = (z: Tensor): Tensor => sum(square(abs(sub(mul(z, z), c))));
    for (const options of [{ lr: 0.05 }, { lr: 0.02, weightDecay: 0.1, amsgrad: true }, { lr: 0.03, weightDecay: 0.2, decoupled: true }]) {
      const w = variable(complexTensor([1, -0.5, 0.25], [-0.75, 2, 0.1]));
      const a = variable(tensor([1, -0.5, 0.25]));
      const b = variable(tensor([-0.75, 2, 0.1]));
      const optComplex = new Adam(options);
      const optPair = new Adam(options);
      for (let step = 0; step < 25; step++) {
        const lossComplex = optComplex.minimize(() => loss(w), [w]);
        const lossPair = optPair.minimize(() => loss(complex(a, b)), [a, b]);
        expect(lossComplex).toBe(lossPair);
        const { re, im } = w.reImSync();
        expect(Array.from(re)).toEqual(Array.from(a.dataSync()));
        expect(Array.from(im)).toEqual(Array.from(b.dataSync()));
      }
      w.dispose();
      a.dispose();
      b.dispose();
    }
  });

  it('keeps the second moment per real component, not on |g|^2 shared by both parts', () => {
    // Gradient 1 + 0i: the real part moves by lr, the imaginary part (zero gradient) does not move.
    const w = variable(complexTensor([0], [0]));
    stepWith(new Adam({ lr: 0.1, eps: 0 }), w, complexTensor([1], [1e-12]));
    const { re, im } = w.reImSync();
    expect(re[0]).toBeCloseTo(-0.1, 15);
    expect(im[0]).toBeCloseTo(-0.1, 15);
    const z = variable(complexTensor([0], [0]));
    stepWith(new Adam({ lr: 0.1, eps: 1e-8 }), z, complexTensor([1], [0]));
    expect(z.reImSync().re[0]).toBeCloseTo(-0.1, 7);
    expect(z.reImSync().im[0]).toBe(0);
    w.dispose();
    z.dispose();
  });

  it('solves a least-squares problem to the normal-equations solution', () => {
    const A = [
      [2, -1, 0.5],
      [0.3, 1.5, -2],
      [1, 1, 1],
      [-0.7, 0.2, 3],
      [0.5, -2.5, 0.4],
    ];
    const bValues = [1, -2, 0.5, 3, -1];
    // Normal equations (A^T A) x = A^T b, solved by Gaussian elimination with partial pivoting.
    const n = 3;
    const M = Array.from({ length: n }, (_, i) => [
      ...Array.from({ length: n }, (_, j) => A.reduce((s, row) => s + row[i] * row[j], 0)),
      A.reduce((s, row, k) => s + row[i] * bValues[k], 0),
    ]);
    for (let col = 0; col < n; col++) {
      const pivot = M.slice(col).reduce((best, row, k) => (Math.abs(row[col]) > Math.abs(M[best][col]) ? col + k : best), col);
      [M[col], M[pivot]] = [M[pivot], M[col]];
      for (let r = 0; r < n; r++) {
        if (r === col) continue;
        const f = M[r][col] / M[col][col];
        for (let c = col; c <= n; c++) M[r][c] -= f * M[col][c];
      }
    }
    const solution = M.map((row, i) => row[n] / row[i]);

    const a = tensor(A);
    const b = tensor(bValues, [5, 1]);
    const x = variable(tensor([0, 0, 0], [3, 1]));
    const opt = new Adam({ lr: 0.05 });
    for (let i = 0; i < 3000; i++) {
      opt.lr = i < 2000 ? 0.05 : 0.005;
      opt.minimize(() => sum(square(sub(matmul(a, x), b))), [x]);
    }
    Array.from(x.dataSync()).forEach((xi, i) => expect(xi).toBeCloseTo(solution[i], 6));
    x.dispose();
  });

  it('minimizes a complex quadratic to its minimizer', () => {
    const target = complexTensor([1, -2], [0.5, 3]);
    const w = variable(complexTensor([0, 0], [0, 0]));
    const opt = new Adam({ lr: 0.05 });
    let loss = Infinity;
    for (let i = 0; i < 800; i++) loss = opt.minimize(() => sum(square(abs(sub(w, target)))), [w]);
    expect(loss).toBeLessThan(1e-8);
    const { re, im } = w.reImSync();
    expect(Array.from(re).map((v) => Math.round(v * 1e3) / 1e3)).toEqual([1, -2]);
    expect(Array.from(im).map((v) => Math.round(v * 1e3) / 1e3)).toEqual([0.5, 3]);
    w.dispose();
  });

  it('shrinks parameters by (1 - lr * lambda) per step with decoupled weight decay and no gradient', () => {
    const w = variable(tensor([3, -0.5]));
    const opt = new Adam({ lr: 0.1, weightDecay: 0.2, decoupled: true });
    const expected = [3, -0.5];
    for (let i = 0; i < 10; i++) {
      stepWith(opt, w, tensor([0, 0]));
      for (let k = 0; k < 2; k++) expected[k] = expected[k] * (1 - 0.1 * 0.2);
    }
    expect(Array.from(w.dataSync())).toEqual(expected);
    w.dispose();
  });

  it('adds L2 weight decay to the gradient, so that a zero gradient still moves the parameter by about lr', () => {
    const w = variable(tensor([3, -0.5]));
    stepWith(new Adam({ lr: 0.1, weightDecay: 0.2 }), w, tensor([0, 0]));
    const [p, q] = Array.from(w.dataSync());
    expect(p).toBeCloseTo(2.9, 6);
    expect(q).toBeCloseTo(-0.4, 6);
    w.dispose();
  });

  it('with amsgrad never lets the effective second moment decrease', () => {
    // A large gradient followed by small ones: plain Adam's step grows back, AMSGrad's stays small.
    const grads = [[10], ...Array.from({ length: 20 }, () => [0.01])];
    const plain = variable(tensor([0]));
    const ams = variable(tensor([0]));
    const optPlain = new Adam({ lr: 1, betas: [0, 0.5] });
    const optAms = new Adam({ lr: 1, betas: [0, 0.5], amsgrad: true });
    let lastPlain = 0;
    let lastAms = 0;
    for (const g of grads) {
      const beforePlain = plain.dataSync()[0];
      const beforeAms = ams.dataSync()[0];
      stepWith(optPlain, plain, tensor(g));
      stepWith(optAms, ams, tensor(g));
      lastPlain = beforePlain - plain.dataSync()[0];
      lastAms = beforeAms - ams.dataSync()[0];
    }
    expect(lastPlain).toBeGreaterThan(0.5);
    expect(lastAms).toBeLessThan(0.01);
    plain.dispose();
    ams.dispose();
  });

  it('rounds float32 parameters after each float64 update', () => {
    const h = { lr: 0.01, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0, decoupled: false, amsgrad: false };
    const w = variable(tensor([0.1, -0.3], undefined, { dtype: 'float32' }));
    const refs = [new RefAdamParam(Math.fround(0.1), h), new RefAdamParam(Math.fround(-0.3), h)];
    const opt = adamOf(h);
    for (const g of [[0.7, -0.2], [0.1, 0.3], [-1.1, 0.05]]) {
      stepWith(opt, w, tensor(g, undefined, { dtype: 'float32' }));
      refs.forEach((r, i) => {
        r.update(Math.fround(g[i]));
        r.theta = Math.fround(r.theta);
      });
    }
    expect(w.dtype).toBe('float32');
    expect(Array.from(w.dataSync())).toEqual(refs.map((r) => r.theta));
    w.dispose();
  });

  it('rejects a negative learning rate, betas outside [0, 1), a negative eps or weight decay, and non-boolean flags', () => {
    const bad: unknown[] = [
      { lr: -1e-3 },
      { lr: Number.NaN },
      { lr: Infinity },
      { betas: [1, 0.999] },
      { betas: [0.9, -0.1] },
      { betas: [0.9, Number.NaN] },
      { betas: [0.9] },
      { betas: 0.9 },
      { eps: -1 },
      { weightDecay: -0.1 },
      { decoupled: 'yes' },
      { amsgrad: 1 },
      7,
    ];
    for (const options of bad) expect(() => new Adam(options as never), JSON.stringify(options)).toThrow(ConfigError);
    try {
      new Adam({ betas: [0.9, 1] });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      expect((e as ConfigError).fn).toBe('Adam');
      expect((e as ConfigError).argument).toBe('options.betas[1]');
      expect((e as ConfigError).message).toContain('[0, 1)');
    }
    expect(() => new Adam({ lr: 0, betas: [0, 0], eps: 0 })).not.toThrow();
  });

  it('decreases the loss steadily for a complex weight seen through real(x w) at a small lr', () => {
    const x = complexTensor([[1, 0.5]], [[-0.2, 0.3]]);
    const w = variable(complexTensor([[0.1], [0.2]], [[0.3], [-0.4]]));
    const opt = new Adam({ lr: 0.01 });
    const losses: number[] = [];
    for (let i = 0; i < 20; i++) losses.push(opt.minimize(() => sum(square(real(matmul(x, w)))), [w]));
    for (let i = 1; i < losses.length; i++) expect(losses[i]).toBeLessThan(losses[i - 1]);
    w.dispose();
  });
});

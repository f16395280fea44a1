import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ConfigError, SGD, complex, complexTensor, mul, square, sub, sum, abs, tensor, variable, type Tensor } from 'lorentz-irreps';
import { RefSgdParam, drawnTrajectory, expectReferenceTrajectory, type SgdHyper } from './reference';

const hyper: fc.Arbitrary<SgdHyper> = fc
  .record({
    lr: fc.double({ min: 0, max: 1, noNaN: true }),
    momentum: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 0.99, noNaN: true })),
    dampening: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 1, noNaN: true })),
    nesterov: fc.boolean(),
    weightDecay: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 0.5, noNaN: true })),
  })
  .map((h) => (h.nesterov && (h.momentum === 0 || h.dampening !== 0) ? { ...h, nesterov: false } : h));

describe('SGD', () => {
  it('follows a scalar reference implementation exactly for drawn hyperparameters, parameters and gradients', () => {
    fc.assert(
      fc.property(hyper, drawnTrajectory, (h, drawn) => {
        expectReferenceTrajectory(new SGD(h), drawn, (theta) => new RefSgdParam(theta, h));
      }),
      { numRuns: 80 },
    );
  });

  it('decays a one-dimensional quadratic geometrically: x_t = (1 - lr k)^t x_0 without momentum', () => {
    const k = 3;
    const lr = 0.05;
    const x = variable(tensor([2]));
    const opt = new SGD({ lr });
    for (let t = 1; t <= 40; t++) {
      const loss = opt.minimize(() => mul(sum(square(x)), k / 2), [x]);
      expect(loss).toBeCloseTo((k / 2) * (2 * (1 - lr * k) ** (t - 1)) ** 2, 12);
      expect(x.dataSync()[0]).toBeCloseTo(2 * (1 - lr * k) ** t, 13);
    }
    x.dispose();
  });

  it('converges on an ill-conditioned quadratic faster with momentum than without', () => {
    const scales = tensor([1, 0.01]);
    const run = (momentum: number): number => {
      const w = variable(tensor([1, 1]));
      const opt = new SGD({ lr: 0.9, momentum });
      let loss = 0;
      for (let i = 0; i < 100; i++) loss = opt.minimize(() => sum(mul(scales, square(w))), [w]);
      w.dispose();
      return loss;
    };
    const plain = run(0);
    const heavy = run(0.8);
    expect(heavy).toBeLessThan(1e-8);
    expect(plain).toBeGreaterThan(1e-4);
  });

  it('updates a complex parameter exactly as the pair of real parameters (real part, imaginary part)', () => {
    const c = complexTensor([0.5, -1], [2, 0.25]);
    const loss = (z: Tensor): Tensor => sum(square(abs(sub(mul(z, z), c))));
    const w = variable(complexTensor([1, 0.5], [-0.5, 1]));
    const a = variable(tensor([1, 0.5]));
    const b = variable(tensor([-0.5, 1]));
    const options = { lr: 0.01, momentum: 0.8, nesterov: true, weightDecay: 0.05 };
    const optComplex = new SGD(options);
    const optPair = new SGD(options);
    for (let i = 0; i < 25; i++) {
      optComplex.minimize(() => loss(w), [w]);
      optPair.minimize(() => loss(complex(a, b)), [a, b]);
      expect(Array.from(w.reImSync().re)).toEqual(Array.from(a.dataSync()));
      expect(Array.from(w.reImSync().im)).toEqual(Array.from(b.dataSync()));
    }
    w.dispose();
    a.dispose();
    b.dispose();
  });

  it('with weight decay and no gradient shrinks parameters by (1 - lr * lambda) per step', () => {
    const w = variable(tensor([4, -2]));
    const opt = new SGD({ lr: 0.1, weightDecay: 0.5 });
    for (let i = 0; i < 20; i++) {
      const g = tensor([0, 0]);
      opt.step(new Map([[w, g]]));
      g.dispose();
    }
    const factor = (1 - 0.1 * 0.5) ** 20;
    expect(w.dataSync()[0]).toBeCloseTo(4 * factor, 13);
    expect(w.dataSync()[1]).toBeCloseTo(-2 * factor, 13);
    w.dispose();
  });

  it('rejects a missing or negative learning rate, negative momentum, dampening outside [0, 1], and Nesterov without momentum or with dampening', () => {
    const bad: unknown[] = [
      undefined,
      {},
      { lr: -0.1 },
      { lr: 0.1, momentum: -0.5 },
      { lr: 0.1, momentum: 0.9, dampening: 1.5 },
      { lr: 0.1, nesterov: true },
      { lr: 0.1, momentum: 0.9, dampening: 0.1, nesterov: true },
      { lr: 0.1, weightDecay: -1 },
      { lr: 0.1, nesterov: 'no' },
    ];
    for (const options of bad) expect(() => new SGD(options as never), JSON.stringify(options)).toThrow(ConfigError);
    try {
      new SGD({ lr: 0.1, nesterov: true });
      expect.unreachable();
    } catch (e) {
      expect((e as ConfigError).fn).toBe('SGD');
      expect((e as ConfigError).argument).toBe('options.nesterov');
    }
  });
});

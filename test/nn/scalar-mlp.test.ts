import { describe, expect, it } from 'vitest';
import { ConfigError, LorentzianBells, Random, ScalarMLP, add, cast, featuresFromTensor, featuresToTensor, imag, memory, mul, real, setTestMode, sum, tensor, tidy, variableGrads, type Tensor } from 'lorentz-irreps';
import { assertEquivariant, gradcheck } from 'lorentz-irreps/testing';
import { maskOf, maxAbs, maxAbsDiff, randomComplex, randomReal } from './helpers';
import { scalarMlpAvailable } from '../../src/nn/kernels/scalar-mlp';
import { forceHotKernels } from '../../src/tensor/cpu/kernels/hot-kernels';
import { tsKernels } from '../../src/tensor/cpu/wasm/index';

describe('ScalarMLP', () => {
  it('computes the perceptron of [Re s, Im s] as the slow reference and leaves other irreps alone', () => {
    const mlp = new ScalarMLP('2x(0,0)+1x(1/2,1/2)', { seed: 1, depth: 1, widthFactor: 1 });
    const x = randomComplex(new Random(2), [3, 6]);
    const y = featuresToTensor(mlp.apply(featuresFromTensor(mlp.irrepsIn, x))).reImSync();
    const s = mlp.state();
    const xv = x.reImSync();
    const layer = (z: number[], w: readonly number[], b: readonly number[], act: boolean) =>
      b.map((bias, o) => {
        const v = z.reduce((acc, zi, i) => acc + zi * w[i * b.length + o], bias);
        return act ? (v > 0 ? v : 0.01 * v) : v;
      });
    for (let r = 0; r < 3; r++) {
      const z0 = [xv.re[r * 6], xv.re[r * 6 + 1], xv.im[r * 6], xv.im[r * 6 + 1]];
      const z2 = layer(layer(z0, s.w0.re, s.b0.re, true), s.w1.re, s.b1.re, false);
      expect(y.re[r * 6]).toBeCloseTo(z2[0], 13);
      expect(y.re[r * 6 + 1]).toBeCloseTo(z2[1], 13);
      expect(y.im[r * 6]).toBeCloseTo(z2[2], 13);
      expect(y.im[r * 6 + 1]).toBeCloseTo(z2[3], 13);
      for (let i = 2; i < 6; i++) expect(y.re[r * 6 + i]).toBe(xv.re[r * 6 + i]);
    }
    expect(mlp.summary()).toBe('ScalarMLP(2x(0,0): 4->4->4 leakyRelu, 40 parameters)');
    x.dispose();
    mlp.dispose();
  });

  it('keeps equivariance, zeroes masked positions and has finite-difference gradients', () => {
    const mlp = new ScalarMLP('1x(0,0)+1x(1/2,1/2)', { seed: 3, activation: 'sigmoid' });
    const x = randomComplex(new Random(4), [2, 3, 5]);
    const mask = maskOf([3, 1], 3);
    const fn = (t: Tensor, m: Tensor) => featuresToTensor(mlp.apply(featuresFromTensor(mlp.irrepsIn, t), m));
    expect(assertEquivariant(fn, [{ value: x, rep: mlp.irrepsIn }, { value: mask, rep: 'invariant' }], { outputs: [mlp.irrepsOut] }).passed).toBe(true);
    const y = fn(x, mask).reImSync();
    for (const row of [4, 5]) expect([y.re[row * 5], y.im[row * 5]]).toEqual([0, 0]);
    gradcheck((t) => fn(t, mask), [randomComplex(new Random(5), [2, 3, 5])]);
    expect(() => new ScalarMLP('1x(1/2,1/2)', { seed: 1 })).toThrow(ConfigError);
    expect(() => new ScalarMLP('1x(0,0)', { seed: 1, depth: -1 })).toThrow(/depth/);
    expect(() => new ScalarMLP('1x(0,0)', { seed: 1, activation: 'tanh' as never })).toThrow(/activation/);
    x.dispose();
    mask.dispose();
    mlp.dispose();
  });
});

describe('ScalarMLP fused kernel', () => {
  /** A fixed random real projection of features as a scalar loss. */
  const project = (t: Tensor, seed: number) => {
    const rng = new Random(seed);
    return add(sum(mul(real(t), randomReal(rng, t.shape))), sum(mul(imag(t), randomReal(rng, t.shape))));
  };

  it('runs on the CPU backend (WebAssembly and TypeScript kernels) and equals the composed ops in value and in the gradients of the input and of every weight', () => {
    expect(scalarMlpAvailable()).toBe(true);
    const rng = new Random(11);
    const cases = [
      { activation: 'leakyRelu', depth: 2, lead: [2, 5], mask: true, dtype: 'float64', realInput: false },
      { activation: 'relu', depth: 1, lead: [7], mask: false, dtype: 'float64', realInput: false },
      { activation: 'sigmoid', depth: 3, lead: [3, 3], mask: true, dtype: 'float64', realInput: true },
      { activation: 'leakyRelu', depth: 0, lead: [4], mask: true, dtype: 'float64', realInput: false },
      { activation: 'leakyRelu', depth: 2, lead: [], mask: false, dtype: 'float64', realInput: false },
      { activation: 'leakyRelu', depth: 2, lead: [2, 3], mask: true, dtype: 'float32', realInput: false },
      // The TypeScript kernel (where the hot kernels are not WebAssembly), odd row count.
      { activation: 'leakyRelu', depth: 2, lead: [3, 3], mask: true, dtype: 'float64', realInput: false, ts: true },
      { activation: 'sigmoid', depth: 1, lead: [5], mask: false, dtype: 'float64', realInput: true, ts: true },
    ] as const;
    for (const [k, o] of cases.entries()) {
      const mlp = new ScalarMLP('3x(0,0)+1x(1/2,1/2)', { seed: 20 + k, depth: o.depth, activation: o.activation, dtype: o.dtype });
      const width = 3 + 4;
      const x0 = cast(randomComplex(rng, [...o.lead, width]), o.dtype);
      // Inputs with exact zeros and negative pre-activations exercise the activation branches.
      const x = o.realInput ? cast(real(x0), o.dtype) : x0;
      const mask = !o.mask ? undefined : o.lead.length === 2 ? cast(maskOf(Array(o.lead[0]).fill(o.lead[1] - 1), o.lead[1]), o.dtype) : cast(tensor(Array.from({ length: o.lead[0] }, (_, i) => (i < o.lead[0] - 1 ? 1 : 0))), o.dtype);
      const params = mlp.parameters();
      // Nonzero biases (they start at zero).
      for (const v of params) if (v.rank === 1) v.assign(cast(randomReal(rng, v.shape, 0.5), o.dtype));
      const run = (fused: boolean) =>
        variableGrads(() => project(cast(featuresToTensor((fused ? mlp.apply : mlp.applyComposed).call(mlp, featuresFromTensor(mlp.irrepsIn, x), mask)), 'float64'), 30 + k), params);
      forceHotKernels('ts' in o ? tsKernels : null);
      const got = run(true);
      forceHotKernels(null);
      const want = run(false);
      const tol = o.dtype === 'float64' ? 1e-13 : 1e-5;
      const v = want.value.dataSync()[0];
      expect(Math.abs(got.value.dataSync()[0] - v)).toBeLessThan(tol * Math.max(1, Math.abs(v)));
      got.grads.forEach((g, i) => {
        expect(g.dtype).toBe(o.dtype);
        expect(maxAbsDiff(g, want.grads[i])).toBeLessThan(tol * Math.max(1, maxAbs(want.grads[i])));
      });
      // The input gradient, through valueAndGrad of a function of x.
      const fx = (fused: boolean) => (t: Tensor) => project(cast(featuresToTensor((fused ? mlp.apply : mlp.applyComposed).call(mlp, featuresFromTensor(mlp.irrepsIn, t), mask)), 'float64'), 40 + k);
      if (o.dtype === 'float64') {
        forceHotKernels('ts' in o ? tsKernels : null);
        gradcheck(fx(true), [x]);
        const yf = featuresToTensor(mlp.apply(featuresFromTensor(mlp.irrepsIn, x), mask));
        forceHotKernels(null);
        const yc = featuresToTensor(mlp.applyComposed(featuresFromTensor(mlp.irrepsIn, x), mask));
        expect(maxAbsDiff(yf, yc)).toBeLessThan(1e-14 * Math.max(1, maxAbs(yc)));
      }
      mlp.dispose();
    }
  });

  it('leaks no tensors in value or gradient', () => {
    const mlp = new ScalarMLP('2x(0,0)+1x(1/2,1/2)', { seed: 5 });
    const x = randomComplex(new Random(6), [3, 4, 6]);
    const mask = maskOf([4, 2, 3], 4);
    setTestMode(true);
    try {
      const before = memory().numTensors;
      tidy(() => {
        variableGrads(() => project(featuresToTensor(mlp.apply(featuresFromTensor(mlp.irrepsIn, x), mask)), 7), mlp.parameters());
      });
      expect(memory().numTensors).toBe(before);
    } finally {
      setTestMode(false);
    }
    mlp.dispose();
  });
});

describe('LorentzianBells', () => {
  it('evaluates f_c(x) = sum_k u_kc (a_k + 1/(exp(beta_k) + c_k^2 x^2)) and differentiates every parameter', () => {
    const f = new LorentzianBells(2, { seed: 6, numBasis: 3 });
    const x = tensor([-1.5, 0, 0.02, 3]);
    const y = f.apply(x).dataSync();
    const s = f.state();
    expect(Array.from(s.c.re)).toEqual([0.01, 1, 100]);
    [-1.5, 0, 0.02, 3].forEach((v, e) => {
      for (let ch = 0; ch < 2; ch++) {
        let sum = 0;
        for (let k = 0; k < 3; k++) sum += s.u.re[k * 2 + ch] * (s.a.re[k] + 1 / (Math.exp(s.beta.re[k]) + s.c.re[k] ** 2 * v * v));
        expect(y[e * 2 + ch]).toBeCloseTo(sum, 14);
      }
    });
    for (const name of ['a', 'beta', 'c', 'u']) {
      const v = f.namedParameters().find((p) => p.name === name)!.variable;
      gradcheck((w) => f.withParameters({ [name]: w }, () => f.apply(x)), [tensor(v.dataSync().map((z) => z + 0.3), v.shape)]);
    }
    gradcheck((t) => f.apply(t), [tensor([0.4, -0.2])]);
    expect(() => new LorentzianBells(0, { seed: 1 })).toThrow(/channels/);
    expect(() => f.apply(randomComplex(new Random(1), [2]))).toThrow(/real tensor/);
    x.dispose();
    f.dispose();
  });
});

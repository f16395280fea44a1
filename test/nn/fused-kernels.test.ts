import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BackendError,
  LMPLayer,
  MixRep,
  Random,
  add,
  cast,
  matmul,
  imag,
  makeFeatures,
  memory,
  mul,
  real,
  reshape,
  setTestMode,
  slice,
  sum,
  tensor,
  tidy,
  valueAndGrad,
  type Tensor,
} from 'lorentz-irreps';
import { gradcheck } from 'lorentz-irreps/testing';
import { edgeWeightsFromOps, lmpEdgeWeights } from '../../src/nn/kernels/edge-weights';
import { setLmpChunkBytes } from '../../src/nn/kernels/cpu-lmp-core';
import { lmpCore, lmpCoreMix, lmpCoreMixAvailable } from '../../src/nn/kernels/lmp-core';
import { mixChannelsKernel } from '../../src/nn/kernels/mix-channels';
import { forceHotKernels } from '../../src/tensor/cpu/kernels/hot-kernels';
import { tsKernels } from '../../src/tensor/cpu/wasm/index';
import { maskOf, maxAbs, maxAbsDiff, randomComplex, randomMomenta, randomReal } from './helpers';

/** A fixed random real projection of a tensor list, as a scalar loss. */
function project(ts: readonly Tensor[], seed: number): Tensor {
  const rng = new Random(seed);
  let total: Tensor | null = null;
  for (const t of ts) {
    const pr = randomReal(rng, t.shape);
    const pi = randomReal(rng, t.shape);
    const part = t.complex ? add(sum(mul(real(t), pr)), sum(mul(imag(t), pi))) : sum(mul(t, pr));
    total = total === null ? part : add(total, part);
  }
  return total!;
}

/**
 * The composed mixing inputs without the last C channels of the (1/2,1/2) part ([m, v, s v, v s]
 * -> [m, v, s v]), times the mask: the fused kernel gives the equal products s v and v s once, and
 * masked.
 */
function withoutRepeatedProduct(parts: readonly Tensor[], mask: Tensor): Tensor[] {
  const [b, n] = mask.shape;
  const m4 = reshape(mask, [b, n, 1, 1]);
  return parts.map((t) => {
    const [, , c4, d] = t.shape;
    return mul(d === 4 ? slice(t, [0, 0, 0, 0], [b, n, (3 * c4) / 4, 4]) : t, m4);
  });
}

/** A mask of 4 jets of n particles: a hole inside jet 0, jet 1 without its last particle, jet 2 with two particles, jet 3 full. */
function holeyMask(n: number): Tensor {
  const m = new Float64Array(4 * n).fill(1);
  m[1] = 0;
  m[n + n - 1] = 0;
  for (let j = 2; j < n; j++) m[2 * n + j] = 0;
  return tensor(m, [4, n]);
}

function bellTensors(rng: Random, k: number, c: number) {
  return { a: randomReal(rng, [k], 0.3), beta: randomReal(rng, [k], 0.3), c: randomReal(rng, [k]), u: randomReal(rng, [k, c]) };
}

describe('the fused LMP edge-weights kernel', () => {
  it('equals the weights composed from ops, in value and gradient, with masks and per-jet factors', () => {
    const rng = new Random(1);
    const p = randomMomenta(rng, 3, 6);
    const m = maskOf([6, 4, 1], 6);
    const s = tensor([0.5, 0.25, 2]);
    const bells = bellTensors(rng, 4, 3);
    const fused = lmpEdgeWeights(p, m, s, bells);
    const composed = edgeWeightsFromOps(p, m, s, bells);
    expect(fused.shape).toEqual([3, 3, 6, 6]);
    expect(maxAbsDiff(fused, composed)).toBeLessThan(1e-13 * maxAbs(composed));
    const f = (pp: Tensor, a: Tensor, beta: Tensor, c: Tensor, u: Tensor, fromOps: boolean) =>
      project([(fromOps ? edgeWeightsFromOps : lmpEdgeWeights)(pp, m, s, { a, beta, c, u })], 7);
    const args = [p, bells.a, bells.beta, bells.c, bells.u];
    const g1 = valueAndGrad((...xs) => f(xs[0], xs[1], xs[2], xs[3], xs[4], false))(...args).grads;
    const g2 = valueAndGrad((...xs) => f(xs[0], xs[1], xs[2], xs[3], xs[4], true))(...args).grads;
    g1.forEach((g, k) => expect(maxAbsDiff(g, g2[k])).toBeLessThan(1e-12 * Math.max(1, maxAbs(g2[k]))));
    const m1 = maskOf([3], 3);
    const s1 = tensor([0.5]);
    gradcheck((...xs) => lmpEdgeWeights(xs[0], m1, s1, { a: xs[1], beta: xs[2], c: xs[3], u: xs[4] }), [randomMomenta(rng, 1, 3), ...Object.values(bellTensors(rng, 2, 2))]);
  });
});

describe.each(['WebAssembly', 'TypeScript'])('the fused LMP core kernel (%s pairwise stage)', (impl) => {
  beforeAll(() => forceHotKernels(impl === 'TypeScript' ? tsKernels : null));
  afterAll(() => forceHotKernels(null));

  it('gives the same mixing inputs as the composed layer, for every truncation it serves', () => {
    const rng = new Random(2);
    for (const keep of ['(0,0)+(1/2,1/2)', '(1/2,1/2)', '(0,0)']) {
      const layer = new LMPLayer('3x(0,0)+3x(1/2,1/2)', 2, { seed: 3, keep, numBasis: 4 });
      const x = makeFeatures(layer.irrepsIn, [randomComplex(rng, [2, 7, 3, 1]), randomComplex(rng, [2, 7, 3, 4])]);
      const p = randomMomenta(rng, 2, 7);
      const mask = maskOf([7, 5], 7);
      const composed = withoutRepeatedProduct(layer.composedInputs(x, p, mask), mask);
      const js = tensor([1 / 7, 1 / 5]);
      const [catS, catV] = lmpCore(p, mask, js, layer.bells.values(), x.parts[0], x.parts[1]);
      const fused = keep === '(0,0)+(1/2,1/2)' ? [catS, catV] : keep === '(0,0)' ? [catS] : [catV];
      expect(fused.map((t) => t.shape)).toEqual(composed.map((t) => t.shape));
      fused.forEach((t, k) => expect(maxAbsDiff(t, composed[k])).toBeLessThan(1e-13 * maxAbs(composed[k])));
      layer.dispose();
    }
  });

  it('has the gradients of the composed computation for positions, features and bell parameters', () => {
    const rng = new Random(4);
    const layer = new LMPLayer('2x(0,0)+2x(1/2,1/2)', 2, { seed: 5, numBasis: 3 });
    const p = randomMomenta(rng, 2, 5);
    const s = randomComplex(rng, [2, 5, 2, 1]);
    const v = randomComplex(rng, [2, 5, 2, 4]);
    const mask = maskOf([5, 3], 5);
    const js = tensor([1 / 5, 1 / 3]);
    const b = layer.bells.values();
    const args = [p, s, v, b.a, b.beta, b.c, b.u];
    const fused = valueAndGrad((pp, ss, vv, a, beta, c, u) => project(lmpCore(pp, mask, js, { a, beta, c, u }, ss, vv), 9))(...args);
    const composed = valueAndGrad((pp, ss, vv, a, beta, c, u) =>
      layer.withParameters({ 'bells.a': a, 'bells.beta': beta, 'bells.c': c, 'bells.u': u }, () =>
        project(withoutRepeatedProduct(layer.composedInputs(makeFeatures(layer.irrepsIn, [ss, vv]), pp, mask), mask), 9),
      ),
    )(...args);
    expect(fused.value.dataSync()[0]).toBeCloseTo(composed.value.dataSync()[0], 10);
    fused.grads.forEach((g, k) => expect(maxAbsDiff(g, composed.grads[k])).toBeLessThan(1e-11 * Math.max(1, maxAbs(composed.grads[k]))));
    layer.dispose();
  });

  it('matches finite differences directly and leaks no buffers in test mode', () => {
    const rng = new Random(6);
    const mask = maskOf([3], 3);
    const js = tensor([0.5]);
    const bells = bellTensors(rng, 2, 2);
    const inputs = [randomMomenta(rng, 1, 3), randomComplex(rng, [1, 3, 2, 1]), randomComplex(rng, [1, 3, 2, 4]), bells.a, bells.beta, bells.c, bells.u];
    gradcheck((pp, ss, vv, a, beta, c, u) => project(lmpCore(pp, mask, js, { a, beta, c, u }, ss, vv), 11), inputs);
    setTestMode(true);
    try {
      const before = memory().numTensors;
      tidy(() => {
        valueAndGrad((pp, ss, vv) => project(lmpCore(pp, mask, js, bells, ss, vv), 12))(inputs[0], inputs[1], inputs[2]);
      });
      expect(memory().numTensors).toBe(before);
    } finally {
      setTestMode(false);
    }
  });
});

describe('the WebAssembly pairwise stage of the fused LMP core', () => {
  afterAll(() => forceHotKernels(null));

  /** Outputs and gradients of the core under the TypeScript reference or the WebAssembly kernels. */
  function evaluate(impl: 'ts' | 'wasm', p: Tensor, mask: Tensor, js: Tensor, bells: ReturnType<typeof bellTensors>, s: Tensor, v: Tensor) {
    forceHotKernels(impl === 'ts' ? tsKernels : null);
    try {
      const [catS, catV] = lmpCore(p, mask, js, bells, s, v);
      const { grads } = valueAndGrad((pp, ss, vv, a, beta, c, u) => project(lmpCore(pp, mask, js, { a, beta, c, u }, ss, vv), 13))(
        p, s, v, bells.a, bells.beta, bells.c, bells.u,
      );
      return { outputs: [catS, catV], grads };
    } finally {
      forceHotKernels(null);
    }
  }

  it('gives the same results jet by jet as in one chunk of jets', () => {
    const rng = new Random(22);
    const [b, n, c, k] = [4, 6, 3, 3];
    const p = randomMomenta(rng, b, n);
    const mask = maskOf([6, 2, 5, 6], n);
    const js = tensor([0.1, 0.5, 0.2, 1]);
    const bells = bellTensors(rng, k, c);
    const s = randomComplex(rng, [b, n, c, 1]);
    const v = randomComplex(rng, [b, n, c, 4]);
    const whole = evaluate('wasm', p, mask, js, bells, s, v);
    const before = setLmpChunkBytes(1);
    try {
      const chunked = evaluate('wasm', p, mask, js, bells, s, v);
      whole.outputs.forEach((t, i) => expect(maxAbsDiff(chunked.outputs[i], t)).toBe(0));
      whole.grads.forEach((g, i) => expect(maxAbsDiff(chunked.grads[i], g)).toBeLessThan(1e-13 * Math.max(1, maxAbs(g))));
    } finally {
      setLmpChunkBytes(before);
    }
  });

  it('equals the TypeScript reference for odd and even particle counts, masks with holes and any channel count', () => {
    const rng = new Random(21);
    for (const [n, c, k] of [
      [7, 3, 3],
      [6, 5, 2],
      [9, 4, 10],
    ]) {
      const b = 4;
      const p = randomMomenta(rng, b, n);
      const mask = holeyMask(n);
      const js = tensor([0.3, 0.5, 1, 0]); // jet 3: all weights 0
      const bells = bellTensors(rng, k, c);
      const s = randomComplex(rng, [b, n, c, 1]);
      const v = randomComplex(rng, [b, n, c, 4]);
      const want = evaluate('ts', p, mask, js, bells, s, v);
      const got = evaluate('wasm', p, mask, js, bells, s, v);
      want.outputs.forEach((t, i) => expect(maxAbsDiff(got.outputs[i], t)).toBeLessThan(1e-14 * maxAbs(t)));
      want.grads.forEach((g, i) => expect(maxAbsDiff(got.grads[i], g)).toBeLessThan(1e-12 * Math.max(1, maxAbs(g))));
    }
  });
});

describe('the fused LMP core in float32', () => {
  it('agrees with the float64 computation to float32 precision, in value and gradient', () => {
    const rng = new Random(51);
    const [b, n, c, k] = [2, 5, 3, 4];
    const p = randomMomenta(rng, b, n);
    const mask = maskOf([5, 3], n);
    const js = tensor([0.2, 1 / 3]);
    const bells = bellTensors(rng, k, c);
    const s = randomComplex(rng, [b, n, c, 1]);
    const v = randomComplex(rng, [b, n, c, 4]);
    const run = (dtype: 'float32' | 'float64') =>
      valueAndGrad((pp, ss, vv) => {
        const t = (x: Tensor) => cast(x, dtype);
        const bl = { a: t(bells.a), beta: t(bells.beta), c: t(bells.c), u: t(bells.u) };
        return project(lmpCore(t(pp), t(mask), t(js), bl, t(ss), t(vv)).map((o) => cast(o, 'float64')), 52);
      })(p, s, v);
    const [lo, hi] = [run('float32'), run('float64')];
    expect(Math.abs(lo.value.dataSync()[0] - hi.value.dataSync()[0])).toBeLessThan(1e-4 * Math.max(1, Math.abs(hi.value.dataSync()[0])));
    lo.grads.forEach((g, i) => expect(maxAbsDiff(g, hi.grads[i])).toBeLessThan(1e-4 * Math.max(1, maxAbs(hi.grads[i]))));
  });
});

describe('the LMP core fused with the channel mixing (LMPCoreMix)', () => {
  /** The mixed outputs composed from the core and matrix products: catS wS^T per particle, wV catV. */
  function composedMix(p: Tensor, m: Tensor, js: Tensor, bells: ReturnType<typeof bellTensors>, s: Tensor, v: Tensor, wS: Tensor, wV: Tensor): Tensor[] {
    const [b, n] = m.shape;
    const [catS, catV] = lmpCore(p, m, js, bells, s, v);
    const outS = reshape(matmul(reshape(catS, [b * n, catS.shape[2]]), wS, { transposeB: true }), [b, n, wS.shape[0], 1]);
    return [outS, matmul(wV, catV)];
  }

  it('equals the core followed by the mixing in value and in every gradient (masks with holes, a jet with factor 0, odd and even counts), jet by jet as in one chunk', () => {
    const rng = new Random(61);
    for (const [n, c, k, oS, oV] of [
      [7, 3, 3, 2, 3],
      [6, 2, 4, 4, 1],
    ]) {
      const b = 4;
      const p = randomMomenta(rng, b, n);
      const mask = holeyMask(n);
      const js = tensor([0.3, 0.5, 1, 0]);
      const bells = bellTensors(rng, k, c);
      const args = [p, randomComplex(rng, [b, n, c, 1]), randomComplex(rng, [b, n, c, 4]), bells.a, bells.beta, bells.c, bells.u, randomComplex(rng, [oS, 4 * c]), randomComplex(rng, [oV, 3 * c])];
      expect(lmpCoreMixAvailable('float64')).toBe(true);
      const run = (fused: boolean) =>
        valueAndGrad((pp, ss, vv, a, beta, cc, u, wS, wV) =>
          project(fused ? lmpCoreMix(pp, mask, js, { a, beta, c: cc, u }, ss, vv, wS, wV) : composedMix(pp, mask, js, { a, beta, c: cc, u }, ss, vv, wS, wV), 62),
        )(...args);
      const want = run(false);
      const got = run(true);
      expect(Math.abs(got.value.dataSync()[0] - want.value.dataSync()[0])).toBeLessThan(1e-12 * Math.abs(want.value.dataSync()[0]));
      got.grads.forEach((g, i) => {
        expect(maxAbs(want.grads[i])).toBeGreaterThan(0);
        expect(maxAbsDiff(g, want.grads[i])).toBeLessThan(1e-12 * maxAbs(want.grads[i]));
      });
      const outputs = (): Tensor[] => lmpCoreMix(p, mask, js, bells, args[1], args[2], args[7], args[8]);
      const whole = outputs();
      const before = setLmpChunkBytes(1);
      try {
        outputs().forEach((t, i) => expect(maxAbsDiff(t, whole[i])).toBe(0));
        run(true).grads.forEach((g, i) => expect(maxAbsDiff(g, got.grads[i])).toBeLessThan(1e-13 * maxAbs(got.grads[i])));
      } finally {
        setLmpChunkBytes(before);
      }
    }
  });

  it('matches finite differences and leaks no buffers in test mode', () => {
    const rng = new Random(63);
    const mask = maskOf([3], 3);
    const js = tensor([0.5]);
    const bells = bellTensors(rng, 2, 2);
    const inputs = [randomMomenta(rng, 1, 3), randomComplex(rng, [1, 3, 2, 1]), randomComplex(rng, [1, 3, 2, 4]), bells.a, bells.beta, bells.c, bells.u, randomComplex(rng, [2, 8]), randomComplex(rng, [3, 6])];
    gradcheck((pp, ss, vv, a, beta, c, u, wS, wV) => project(lmpCoreMix(pp, mask, js, { a, beta, c, u }, ss, vv, wS, wV), 64), inputs);
    setTestMode(true);
    try {
      const before = memory().numTensors;
      tidy(() => {
        valueAndGrad((pp, ss, vv, wS, wV) => project(lmpCoreMix(pp, mask, js, bells, ss, vv, wS, wV), 65))(inputs[0], inputs[1], inputs[2], inputs[7], inputs[8]);
      });
      expect(memory().numTensors).toBe(before);
    } finally {
      setTestMode(false);
    }
  });

  it('is unavailable for float32 and on the TypeScript kernels, where its kernel refuses to run with a BackendError', () => {
    const rng = new Random(66);
    const bells = bellTensors(rng, 2, 2);
    const call = (dtype: 'float32' | 'float64') => {
      const t = (x: Tensor) => cast(x, dtype);
      return lmpCoreMix(t(randomMomenta(rng, 1, 3)), t(maskOf([3], 3)), t(tensor([1])), { a: t(bells.a), beta: t(bells.beta), c: t(bells.c), u: t(bells.u) }, t(randomComplex(rng, [1, 3, 2, 1])), t(randomComplex(rng, [1, 3, 2, 4])), t(randomComplex(rng, [2, 8])), t(randomComplex(rng, [3, 6])));
    };
    expect(lmpCoreMixAvailable('float32')).toBe(false);
    expect(() => call('float32')).toThrow(BackendError);
    forceHotKernels(tsKernels);
    try {
      expect(lmpCoreMixAvailable('float64')).toBe(false);
      expect(() => call('float64')).toThrow(/lmpCoreMix/);
    } finally {
      forceHotKernels(null);
    }
    expect(lmpCoreMixAvailable('float64')).toBe(true);
  });
});

describe('the LMP layer on the fused kernel', () => {
  it('mixes the once-given self product s v with the sum of its two weight columns and masks before mixing: same output and gradients (weights, positions, features) as the composed layer', () => {
    const rng = new Random(31);
    const layer = new LMPLayer('3x(0,0)+3x(1/2,1/2)', 2, { seed: 32, numBasis: 3 });
    const x = makeFeatures(layer.irrepsIn, [randomComplex(rng, [2, 6, 3, 1]), randomComplex(rng, [2, 6, 3, 4])]);
    const p = randomMomenta(rng, 2, 6);
    const mask = tensor([1, 1, 0.5, 1, 1, 1, 1, 1, 1, 1, 0, 0], [2, 6]); // a fractional weight too
    const mix = (layer as unknown as { mix: MixRep }).mix;
    const [ws, wv] = [mix.weightOf(0), mix.weightOf(1)];
    const names = ['mix.weight.(0,0)', 'mix.weight.(1/2,1/2)'];
    const m4 = reshape(mask, [2, 6, 1, 1]);
    const fused = valueAndGrad((a, b, pp, s, v) =>
      layer.withParameters({ [names[0]]: a, [names[1]]: b }, () => project(layer.apply(makeFeatures(layer.irrepsIn, [s, v]), pp, mask).parts, 33)),
    )(ws, wv, p, x.parts[0], x.parts[1]);
    const composed = valueAndGrad((a, b, pp, s, v) =>
      layer.withParameters({ [names[0]]: a, [names[1]]: b }, () => {
        const cat = makeFeatures(mix.irrepsIn, layer.composedInputs(makeFeatures(layer.irrepsIn, [s, v]), pp, mask));
        return project(mix.apply(cat).parts.map((t) => mul(t, m4)), 33);
      }),
    )(ws, wv, p, x.parts[0], x.parts[1]);
    expect(fused.value.dataSync()[0]).toBeCloseTo(composed.value.dataSync()[0], 12);
    fused.grads.forEach((g, k) => {
      expect(maxAbs(g)).toBeGreaterThan(0);
      expect(maxAbsDiff(g, composed.grads[k])).toBeLessThan(1e-12 * Math.max(1, maxAbs(composed.grads[k])));
    });
    layer.dispose();
  });
});

describe('the channel-mixing kernel', () => {
  it('equals the batched matrix product in value and gradient (float64 and float32), matches finite differences and leaks nothing', () => {
    const rng = new Random(41);
    // The four-vector case (d = 4) has its own kernel; odd and even channel counts both ways, one row.
    for (const [dtype, d, impl, cout, cin, rows] of [
      ['float64', 4, 'wasm', 3, 5, 7],
      ['float64', 4, 'wasm', 4, 12, 37],
      ['float64', 4, 'wasm', 1, 1, 1],
      ['float64', 4, 'wasm', 2, 4, 17],
      ['float64', 3, 'wasm', 3, 5, 7],
      ['float64', 3, 'ts', 3, 5, 7],
      ['float64', 4, 'ts', 4, 12, 5],
      ['float32', 4, 'wasm', 3, 5, 7],
    ] as const) {
      const w = cast(randomComplex(rng, [cout, cin]), dtype);
      const x = cast(randomComplex(rng, [rows, cin, d]), dtype);
      const f = (fused: boolean) => valueAndGrad((ww, xx) => project([cast(fused ? mixChannelsKernel(ww, xx) : matmul(ww, xx), 'float64')], 42))(w, x);
      forceHotKernels(impl === 'ts' ? tsKernels : null);
      const got = f(true);
      forceHotKernels(null);
      const want = f(false);
      const tol = dtype === 'float64' ? 1e-13 : 1e-5;
      expect(Math.abs(got.value.dataSync()[0] - want.value.dataSync()[0])).toBeLessThan(tol * Math.max(1, Math.abs(want.value.dataSync()[0])));
      got.grads.forEach((g, k) => {
        expect(g.dtype).toBe(dtype);
        expect(maxAbsDiff(g, want.grads[k])).toBeLessThan(tol * Math.max(1, maxAbs(want.grads[k])));
      });
    }
    gradcheck((ww, xx) => project([mixChannelsKernel(ww, xx)], 43), [randomComplex(rng, [2, 3]), randomComplex(rng, [4, 3, 4])]);
    setTestMode(true);
    try {
      const before = memory().numTensors;
      tidy(() => {
        valueAndGrad((ww, xx) => project([mixChannelsKernel(ww, xx)], 44))(randomComplex(rng, [2, 3]), randomComplex(rng, [4, 3, 4]));
      });
      expect(memory().numTensors).toBe(before);
    } finally {
      setTestMode(false);
    }
  });
});

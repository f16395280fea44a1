import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ConfigError, Linear, MLP, MessagePassing, Random, ShapeError, memory, sum, tensor, tidy, type ModuleState } from 'lorentz-irreps';
import { gradcheck } from 'lorentz-irreps/testing';

type Mat = number[][];

const leaky = (v: number) => (v >= 0 ? v : 0.2 * v);
const key = (prefix: string, name: string) => (prefix === '' ? name : `${prefix}.${name}`);

/** Slow reference of one affine layer from saved state: y = x W + b. */
function affine(state: ModuleState, prefix: string, x: number[]): number[] {
  const w = state[key(prefix, 'w')];
  const b = state[key(prefix, 'b')];
  const [I, O] = w.shape;
  expect(x.length).toBe(I);
  const y: number[] = [];
  for (let o = 0; o < O; o++) {
    let s = b.re[o];
    for (let i = 0; i < I; i++) s += x[i] * w.re[i * O + o];
    y.push(s);
  }
  return y;
}

/** Slow reference of a two-layer network l0, l1 with LeakyReLU(0.2) after l0 (and after l1 when `act`). */
function mlp2(state: ModuleState, prefix: string, x: number[], act: boolean): number[] {
  const y = affine(state, key(prefix, 'l1'), affine(state, key(prefix, 'l0'), x).map(leaky));
  return act ? y.map(leaky) : y;
}

/** Slow reference of MessagePassing on one jet. */
function referenceLayer(state: ModuleState, h: Mat, mask: number[], activateOutput: boolean, aggregation: 'sum' | 'mean'): Mat {
  const N = h.length;
  const count = aggregation === 'mean' ? Math.max(1, mask.reduce((a, b) => a + b, 0)) : 1;
  return h.map((hi, i) => {
    const outWidth = state['node.l1.b'].shape[0];
    if (mask[i] === 0) return new Array<number>(outWidth).fill(0);
    let agg: number[] | null = null;
    for (let j = 0; j < N; j++) {
      if (mask[j] === 0) continue;
      const d = Math.sqrt(hi.reduce((s, v, f) => s + (v - h[j][f]) ** 2, 0) + 1e-12);
      const m = mlp2(state, 'edge', [...hi, ...h[j], d], true);
      agg = agg === null ? m : agg.map((v, k) => v + m[k]);
    }
    const a = (agg ?? new Array<number>(state['edge.l1.b'].shape[0]).fill(0)).map((v) => v / count);
    return mlp2(state, 'node', [...hi, ...a], activateOutput);
  });
}

describe('Linear', () => {
  it('computes x W + b on the last axis like a plain loop', () => {
    const lin = new Linear(3, 2, { seed: 5 });
    const s = lin.state();
    const x = [
      [0.3, -1.2, 2],
      [1, 0.5, -0.25],
    ];
    const y = lin.apply(tensor(x)).array() as Mat;
    x.forEach((row, r) => affine(s, '', row).forEach((v, o) => expect(y[r][o]).toBeCloseTo(v, 14)));
    lin.dispose();
  });

  it('names its parameters w and b and rejects bad sizes, inits and inputs', () => {
    const lin = new Linear(2, 3, { seed: 1, name: 'lin' });
    expect(lin.namedParameters().map((p) => `${p.name}:${p.variable.name}`)).toEqual(['w:lin.w', 'b:lin.b']);
    expect(() => lin.apply(tensor([[1, 2, 3]]))).toThrow(ShapeError);
    expect(() => lin.apply(tensor([[1, 2, 3]]))).toThrow(/Linear\.apply.*x/);
    lin.dispose();
    expect(() => new Linear(0, 3, { seed: 1 })).toThrow(ConfigError);
    expect(() => new Linear(2, 3)).toThrow(ConfigError);
    expect(() => new Linear(2, 3, { seed: 1, init: 'zeros' as never })).toThrow(/options\.init/);
  });
});

describe('MLP', () => {
  it('matches the plain two-layer reference with LeakyReLU(0.2) between layers', () => {
    const mlp = new MLP([4, 5, 2], { seed: 9 });
    const s = mlp.state();
    const rng = new Random(1);
    const x = [0, 1, 2].map(() => [0, 1, 2, 3].map(() => rng.normal()));
    const y = mlp.apply(tensor(x)).array() as Mat;
    x.forEach((row, r) => mlp2(s, '', row, false).forEach((v, o) => expect(y[r][o]).toBeCloseTo(v, 13)));
    mlp.dispose();
  });

  it('rejects fewer than two widths and non-integer widths', () => {
    expect(() => new MLP([3], { seed: 0 })).toThrow(ConfigError);
    expect(() => new MLP([3, 1.5], { seed: 0 })).toThrow(/MLP.*widths\[1\]/);
  });
});

describe('MessagePassing', () => {
  it('equals the slow per-edge reference on drawn jets with padding, summing or averaging messages', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 0, max: 1000 }), fc.boolean(), fc.constantFrom('sum' as const, 'mean' as const), (N, seed, act, aggregation) => {
        const mp = new MessagePassing(3, 2, { seed, messageSize: 3, hiddenSize: 4, activateOutput: act, aggregation });
        const rng = new Random(seed + 1);
        const B = 2;
        const mask = [0, 1].map(() => Array.from({ length: N }, (_, i) => (i === 0 || rng.uniform() < 0.6 ? 1 : 0)));
        const h = mask.map((m) => m.map((v) => [0, 1, 2].map(() => (v === 1 ? rng.normal() : 0))));
        const y = mp.apply(tensor(h), tensor(mask)).array() as Mat[];
        const s = mp.state();
        for (let b = 0; b < B; b++) {
          referenceLayer(s, h[b], mask[b], act, aggregation).forEach((row, i) => row.forEach((v, o) => expect(y[b][i][o]).toBeCloseTo(v, 12)));
        }
        mp.dispose();
      }),
      { numRuns: 20 },
    );
  });

  it('gives edge features that are the feature distances, unchanged by a common translation', () => {
    const mp = new MessagePassing(3, 2, { seed: 3 });
    const h = [
      [0.1, 0.2, 0.3],
      [-0.4, 0.5, 0.1],
      [0.3, -0.2, 0.05],
    ];
    const d = mp.edgeFeatures(tensor([h])).array() as Mat[];
    const shifted = h.map(([e, p, pt]) => [e + 0.37, p - 0.81, pt]);
    const d2 = mp.edgeFeatures(tensor([shifted])).array() as Mat[];
    for (let i = 0; i < 3; i++) {
      for (let j = 0; j < 3; j++) {
        expect(d[0][i][j]).toBeCloseTo(Math.sqrt(h[i].reduce((s, v, f) => s + (v - h[j][f]) ** 2, 0) + 1e-12), 14);
        expect(d2[0][i][j]).toBeCloseTo(d[0][i][j], 14);
      }
    }
    mp.dispose();
  });

  it('passes a finite-difference check of the gradient with respect to its input and parameters', () => {
    const mp = new MessagePassing(2, 2, { seed: 11, messageSize: 2, hiddenSize: 3 });
    const h = tensor([[[0.3, -0.2], [0.1, 0.4], [-0.5, 0.2]]]);
    const mask = tensor([[1, 1, 0]]);
    const w = tensor(mp.namedParameters()[0].variable.dataSync(), mp.namedParameters()[0].variable.shape);
    const report = gradcheck((x, w0) => mp.withParameters({ 'edge.l0.w': w0 }, () => sum(mp.apply(x, mask))), [h, w]);
    expect(report.passed).toBe(true);
    expect(report.checked).toBe(6 + 15);
    mp.dispose();
  });

  it('leaks no tensors', () => {
    const mp = new MessagePassing(3, 2, { seed: 0 });
    const h = tensor([[[0.1, 0.2, 0.3], [0, 0, 0]]]);
    const mask = tensor([[1, 0]]);
    const before = memory().numTensors;
    tidy(() => {
      mp.apply(h, mask);
    });
    expect(memory().numTensors).toBe(before);
    mp.dispose();
  });

  it('rejects inputs and masks of the wrong shape with ShapeErrors naming the argument', () => {
    const mp = new MessagePassing(3, 2, { seed: 0 });
    expect(() => mp.apply(tensor([[[1, 2]]]), tensor([[1]]))).toThrow(/MessagePassing\.apply.*x/);
    expect(() => mp.apply(tensor([[[1, 2, 3]]]), tensor([[1, 1]]))).toThrow(/MessagePassing\.apply.*mask/);
    expect(() => mp.edgeFeatures(tensor([1, 2, 3]))).toThrow(ShapeError);
    expect(() => new MessagePassing(3, 2, { seed: 0, messageSize: 0 })).toThrow(ConfigError);
    expect(() => new MessagePassing(3, 2, { seed: 0, aggregation: 'max' as never })).toThrow(/options\.aggregation/);
    mp.dispose();
  });
});

import { describe, expect, it } from 'vitest';
import {
  ConfigError,
  LMPLayer,
  Random,
  ShapeError,
  cgSparseTable,
  complexTensor,
  featuresFromTensor,
  featuresToTensor,
  fourVectorToIrrep,
  tensor,
  type Features,
  type Tensor,
} from 'lorentz-irreps';
import { assertEquivariant, assertPermutationEquivariant, gradcheck } from 'lorentz-irreps/testing';
import { disposeFeatures, maskOf, maxAbs, maxAbsDiff, randomComplex, randomFeatures, randomMomenta } from './helpers';

/** The edge function f_c(x) from the layer's saved bell parameters. */
function bellsOf(layer: LMPLayer): (x: number, c: number) => number {
  const s = layer.state();
  const [a, beta, cc, u] = ['a', 'beta', 'c', 'u'].map((k) => s[`bells.${k}`].re);
  const k = a.length;
  const channels = u.length / k;
  return (x, c) => {
    let f = 0;
    for (let i = 0; i < k; i++) f += u[i * channels + c] * (a[i] + 1 / (Math.exp(beta[i]) + cc[i] * cc[i] * x * x));
    return f;
  };
}

/**
 * Slow reference of the messages: for each term, m[b,i,c] = (1/n_b) sum_{j != i, both real}
 * f_c((p_i - p_j)^2) CG(U(p_i - p_j), F[b,j,c]), with host loops.
 */
function directMessages(layer: LMPLayer, x: Features, p: Tensor, mask: number[][], keep: string[]): { re: Float64Array; im: Float64Array }[] {
  const f = bellsOf(layer);
  const [b, n] = p.shape;
  const pos = p.dataSync();
  const out: { re: Float64Array; im: Float64Array }[] = [];
  // The layer's message terms are (1/2,1/2) x entry -> kept output, entries in order, outputs ascending.
  x.irreps.entries.forEach((entry, k) => {
    const c = entry.mul;
    const feats = x.parts[k].reImSync();
    for (const o of keep) {
      const outIrrep = o;
      let table;
      try {
        table = cgSparseTable('(1/2,1/2)', entry.irrep, outIrrep);
      } catch {
        continue;
      }
      if (table.values.length === 0) continue;
      const d1 = entry.irrep.dim;
      const d = table.d;
      const re = new Float64Array(b * n * c * d);
      const im = new Float64Array(b * n * c * d);
      for (let bb = 0; bb < b; bb++) {
        const count = mask[bb].reduce((s, v) => s + v, 0);
        for (let i = 0; i < n; i++) {
          for (let j = 0; j < n; j++) {
            if (i === j || mask[bb][i] === 0 || mask[bb][j] === 0) continue;
            const pij = new Float64Array(4);
            for (let mu = 0; mu < 4; mu++) pij[mu] = pos[(bb * n + i) * 4 + mu] - pos[(bb * n + j) * 4 + mu];
            const x2 = pij[0] ** 2 - pij[1] ** 2 - pij[2] ** 2 - pij[3] ** 2;
            const u = fourVectorToIrrep(pij);
            for (let ch = 0; ch < c; ch++) {
              const w = f(x2, ch) / count;
              for (let e = 0; e < table.values.length; e++) {
                const [i1, i2, io, v] = [table.i1[e], table.i2[e], table.i[e], table.values[e]];
                const fr = feats.re[((bb * n + j) * c + ch) * d1 + i2];
                const fi = feats.im[((bb * n + j) * c + ch) * d1 + i2];
                const at = ((bb * n + i) * c + ch) * d + io;
                re[at] += w * v * (u.re[i1] * fr - u.im[i1] * fi);
                im[at] += w * v * (u.re[i1] * fi + u.im[i1] * fr);
              }
            }
          }
        }
      }
      out.push({ re, im });
    }
  });
  return out;
}

function flatFn(layer: LMPLayer, withMask: boolean) {
  return (p: Tensor, t: Tensor, m?: Tensor) => featuresToTensor(layer.apply(featuresFromTensor(layer.irrepsIn, t), p, withMask ? m : undefined));
}

describe('LMPLayer', () => {
  it('computes messages that agree with the direct pairwise sum over particles (masked, two truncations)', () => {
    const rng = new Random(1);
    for (const [keep, outs] of [
      [undefined, ['(0,0)', '(1/2,1/2)']],
      [{ maxSpin: 1 }, ['(0,0)', '(1/2,1/2)', '(0,1)', '(1,0)', '(1,1)', '(1/2,3/2)', '(3/2,1/2)']],
    ] as const) {
      const layer = new LMPLayer('2x(0,0)+2x(1/2,1/2)', 2, { seed: 2, keep: keep as never, numBasis: 4 });
      const x = randomFeatures(rng, '2x(0,0)+2x(1/2,1/2)', [2, 4]);
      const p = randomMomenta(rng, 2, 4);
      const maskRows = [
        [1, 1, 1, 0],
        [1, 1, 1, 1],
      ];
      const mask = tensor(maskRows);
      const fast = layer.messages(x, p, mask);
      const slow = directMessages(layer, x, p, maskRows, [...outs]);
      expect(fast).toHaveLength(slow.length);
      fast.forEach((t, k) => {
        const { re, im } = t.reImSync();
        for (let e = 0; e < re.length; e++) {
          expect(re[e]).toBeCloseTo(slow[k].re[e], 12);
          expect(im[e]).toBeCloseTo(slow[k].im[e], 12);
        }
        t.dispose();
      });
      disposeFeatures(x);
      p.dispose();
      mask.dispose();
      layer.dispose();
    }
  });

  it('is Lorentz-equivariant in positions and features, with and without the MLP and for all channel pairs', () => {
    const rng = new Random(3);
    for (const options of [{}, { mlp: true }, { products: 'allPairs' as const, keep: { maxSpin: 1 } }]) {
      const layer = new LMPLayer('2x(0,0)+2x(1/2,1/2)', 3, { seed: 4, ...options });
      const p = randomMomenta(rng, 2, 5, 0.5);
      const x = randomComplex(rng, [2, 5, layer.irrepsIn.dim], 0.5);
      const mask = maskOf([5, 3], 5);
      const report = assertEquivariant(
        flatFn(layer, true),
        [
          { value: p, rep: 'fourVector' },
          { value: x, rep: layer.irrepsIn },
          { value: mask, rep: 'invariant' },
        ],
        { outputs: [layer.irrepsOut], count: 4 },
      );
      expect(report.passed).toBe(true);
      for (const t of [p, x, mask]) t.dispose();
      layer.dispose();
    }
  });

  it('commutes with permutations of the particles that keep padding in place', () => {
    const rng = new Random(5);
    const layer = new LMPLayer('1x(0,0)+1x(1/2,1/2)', 2, { seed: 6, mlp: true });
    const p = randomMomenta(rng, 3, 6);
    const x = randomComplex(rng, [3, 6, 5]);
    const mask = maskOf([6, 4, 2], 6);
    const fn = flatFn(layer, true);
    const report = assertPermutationEquivariant(fn, [{ value: p }, { value: x }, { value: mask }], { mask: 2 });
    expect(report.passed).toBe(true);
    for (const t of [p, x, mask]) t.dispose();
    layer.dispose();
  });

  it('ignores padded particles: changing their positions and features leaves every output unchanged, and pads give 0', () => {
    const rng = new Random(7);
    const layer = new LMPLayer('1x(0,0)+1x(1/2,1/2)', 3, { seed: 8, mlp: true });
    const mask = maskOf([3, 5], 5);
    const m = mask.dataSync();
    const replacePadded = (a: Tensor, b: Tensor, width: number): Tensor => {
      const ra = a.reImSync();
      const rb = b.reImSync();
      const pick = (x: Float64Array, y: Float64Array) => x.map((v, k) => (m[Math.floor(k / width)] ? v : y[k]));
      return a.complex ? complexTensor(pick(ra.re, rb.re), pick(ra.im, rb.im), a.shape) : tensor(pick(ra.re, rb.re), a.shape);
    };
    const p1 = randomMomenta(rng, 2, 5);
    const x1 = randomComplex(rng, [2, 5, 5]);
    const p2 = randomMomenta(rng, 2, 5, 7);
    const x2 = randomComplex(rng, [2, 5, 5], 3);
    const p3 = replacePadded(p1, p2, 4);
    const x3 = replacePadded(x1, x2, 5);
    const fn = flatFn(layer, true);
    const ya = fn(p1, x1, mask);
    const yb = fn(p3, x3, mask);
    expect(maxAbsDiff(ya, yb)).toBe(0);
    const y = ya.reImSync();
    const dim = layer.irrepsOut.dim;
    for (let k = 0; k < y.re.length; k++) if (m[Math.floor(k / dim)] === 0) expect(Math.hypot(y.re[k], y.im[k])).toBe(0);
    expect(maxAbs(ya)).toBeGreaterThan(0);
    for (const t of [mask, p1, x1, p2, x2, p3, x3, ya, yb]) t.dispose();
    layer.dispose();
  });

  it('has gradients that match finite differences for positions, features and every parameter', () => {
    const rng = new Random(9);
    const layer = new LMPLayer('1x(0,0)+1x(1/2,1/2)', 1, { seed: 10, numBasis: 2, mlp: { depth: 1, widthFactor: 1 } });
    const p = randomMomenta(rng, 1, 3);
    const x = randomComplex(rng, [1, 3, 5]);
    const mask = maskOf([3], 3);
    const fn = flatFn(layer, true);
    gradcheck((a, b) => fn(a, b, mask), [p, x]);
    for (const { name, variable } of layer.namedParameters()) {
      const value = variable.complex ? randomComplex(rng, variable.shape, 0.5) : tensor(variable.dataSync(), variable.shape);
      gradcheck((w) => layer.withParameters({ [name]: w }, () => fn(p, x, mask)), [value]);
      value.dispose();
    }
    for (const t of [p, x, mask]) t.dispose();
    layer.dispose();
  });

  it('treats a missing mask as every particle real', () => {
    const rng = new Random(13);
    const layer = new LMPLayer('2x(0,0)+2x(1/2,1/2)', 2, { seed: 14, mlp: true });
    const p = randomMomenta(rng, 3, 4);
    const x = randomComplex(rng, [3, 4, 10]);
    const ones = maskOf([4, 4, 4], 4);
    const a = flatFn(layer, false)(p, x);
    const b = flatFn(layer, true)(p, x, ones);
    expect(maxAbsDiff(a, b)).toBeLessThan(1e-14 * maxAbs(b));
    for (const t of [p, x, ones, a, b]) t.dispose();
    layer.dispose();
  });

  it('normalizes messages by the number of particles, or divides by a given constant', () => {
    const rng = new Random(11);
    const x = randomFeatures(rng, '1x(0,0)+1x(1/2,1/2)', [1, 4]);
    const p = randomMomenta(rng, 1, 4);
    const mask = maskOf([3], 4);
    const mean = new LMPLayer('1x(0,0)+1x(1/2,1/2)', 1, { seed: 12 });
    const plain = new LMPLayer('1x(0,0)+1x(1/2,1/2)', 1, { seed: 12, messageNormalization: 1 });
    const a = mean.messages(x, p, mask);
    const b = plain.messages(x, p, mask);
    a.forEach((t, k) => {
      const ra = t.reImSync().re;
      const rb = b[k].reImSync().re;
      ra.forEach((v, e) => expect(3 * v).toBeCloseTo(rb[e], 12));
    });
    for (const t of [...a, ...b, p, mask]) t.dispose();
    disposeFeatures(x);
    mean.dispose();
    plain.dispose();
  });

  it('declares its irreps without data and rejects bad configurations and inputs', () => {
    const layer = new LMPLayer('2x(0,0)+2x(1/2,1/2)', 4, { seed: 1, keep: { maxSpin: 1 } });
    expect(layer.irrepsOut.toString()).toBe('4x(0,0)+4x(0,1)+4x(1/2,1/2)+4x(1,0)+4x(1,1)');
    expect(layer.summary()).toMatch(/^LMPLayer\(2x\(0,0\)\+2x\(1\/2,1\/2\) -> .*channelwise, mean over particles, \d+ parameters\)$/);
    layer.dispose();
    expect(() => new LMPLayer('1x(0,0)+2x(1/2,1/2)', 2, { seed: 1 })).toThrow(/same positive number of channels/);
    expect(() => new LMPLayer('1x(0,0)', 2, { seed: 1, keep: '(1,1)' })).toThrow(ConfigError);
    expect(() => new LMPLayer('1x(0,0)', 2, { seed: 1, messageNormalization: 0 })).toThrow(/messageNormalization/);
    expect(() => new LMPLayer('1x(0,0)', 2, { seed: 1, products: 'pairs' as never })).toThrow(/products/);
    const l2 = new LMPLayer('1x(0,0)+1x(1/2,1/2)', 2, { seed: 1 });
    const rng = new Random(2);
    const x = randomFeatures(rng, '1x(0,0)+1x(1/2,1/2)', [1, 3]);
    const p = randomMomenta(rng, 1, 3);
    expect(() => l2.apply(x, tensor([1, 2, 3, 4]))).toThrow(/positions/);
    expect(() => l2.apply(x, p, tensor([1, 1]))).toThrow(ShapeError);
    disposeFeatures(x);
    p.dispose();
    l2.dispose();
  });
});

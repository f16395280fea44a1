import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ConfigError, DTypeError, Random, ShapeError, computeFans, initializers, memory, type Initializer, type Tensor } from 'lorentz-irreps';

function values(t: Tensor): { re: number[]; im: number[] } {
  const { re, im } = t.reImSync();
  return { re: Array.from(re), im: Array.from(im) };
}

function moments(xs: readonly number[]): { mean: number; variance: number } {
  const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
  return { mean, variance: xs.reduce((s, x) => s + (x - mean) ** 2, 0) / xs.length };
}

function correlation(xs: readonly number[], ys: readonly number[]): number {
  const a = moments(xs);
  const b = moments(ys);
  const cov = xs.reduce((s, x, i) => s + (x - a.mean) * (ys[i] - b.mean), 0) / xs.length;
  return cov / Math.sqrt(a.variance * b.variance);
}

const randomFactories = {
  normal: (o: object) => initializers.normal({ mean: 0.5, std: 2, ...o }),
  uniform: (o: object) => initializers.uniform({ low: -1, high: 3, ...o }),
  varianceScaling: (o: object) => initializers.varianceScaling({ scale: 3, mode: 'fanOut', distribution: 'uniform', ...o }),
  glorotUniform: (o: object) => initializers.glorotUniform(o),
  glorotNormal: (o: object) => initializers.glorotNormal(o),
  heNormal: (o: object) => initializers.heNormal(o),
  heUniform: (o: object) => initializers.heUniform(o),
  lecunNormal: (o: object) => initializers.lecunNormal(o),
} satisfies Record<string, (o: object) => Initializer>;

describe('initializers', () => {
  it('give identical values for equal seeds, call after call, and different values for different seeds', () => {
    for (const [name, make] of Object.entries(randomFactories)) {
      for (const complex of [false, true]) {
        const a = make({ seed: 11, complex });
        const b = make({ seed: 11, complex });
        const c = make({ seed: 12, complex });
        for (const shape of [[3, 4], [5], [2, 2, 3]]) {
          const [ta, tb, tc] = [a.tensor(shape), b.tensor(shape), c.tensor(shape)];
          expect(values(ta), name).toEqual(values(tb));
          expect(values(ta), name).not.toEqual(values(tc));
          expect(ta.shape).toEqual(shape);
          expect(ta.complex).toBe(complex);
          [ta, tb, tc].forEach((t) => t.dispose());
        }
      }
    }
  });

  it('draw from a shared Random in order, as the same generator used by hand would', () => {
    const random = new Random(5);
    const init = initializers.normal({ std: 3, random });
    const first = init.tensor([4]);
    const second = initializers.uniform({ low: 2, high: 4, random }).tensor([3]);
    const byHand = new Random(5);
    const expectedFirst = Array.from({ length: 4 }, () => 0 + 3 * byHand.normal());
    const expectedSecond = Array.from({ length: 3 }, () => byHand.uniformIn(2, 4));
    expect(values(first).re).toEqual(expectedFirst);
    expect(values(second).re).toEqual(expectedSecond);
    first.dispose();
    second.dispose();
  });

  it('draw a complex tensor as all real parts, then all imaginary parts, each of std / sqrt(2) for normal', () => {
    const t = initializers.normal({ mean: 1, std: 2, seed: 9, complex: true }).tensor([3]);
    const r = new Random(9);
    const s = 2 / Math.SQRT2;
    const re = Array.from({ length: 3 }, () => 1 + s * r.normal());
    const im = Array.from({ length: 3 }, () => 0 + s * r.normal());
    expect(values(t)).toEqual({ re, im });
    t.dispose();
  });

  it('have the stated mean and variance, with independent real and imaginary parts', () => {
    const n = 40_000;
    const shape = [200, 200];
    for (const [name, make] of Object.entries(randomFactories)) {
      for (const complex of [false, true]) {
        const init = make({ seed: 3, complex });
        const t = init.tensor(shape);
        const { re, im } = values(t);
        t.dispose();
        const mr = moments(re);
        const expectedMean = name === 'normal' ? 0.5 : name === 'uniform' ? 1 : 0;
        const variance = init.variance(shape);
        const partVariance = complex ? variance / 2 : variance;
        // Sampling error of the variance: about sqrt(2 / n) relative for normal draws.
        expect(Math.abs(mr.mean - expectedMean), name).toBeLessThan(5 * Math.sqrt(partVariance / n));
        expect(Math.abs(mr.variance / partVariance - 1), name).toBeLessThan(0.04);
        if (complex) {
          const mi = moments(im);
          expect(Math.abs(mi.mean - (name === 'uniform' ? 1 : 0)), name).toBeLessThan(5 * Math.sqrt(partVariance / n));
          expect(Math.abs(mi.variance / partVariance - 1), name).toBeLessThan(0.04);
          expect(Math.abs(correlation(re, im)), name).toBeLessThan(0.03);
        } else {
          expect(im.every((x) => x === 0)).toBe(true);
        }
      }
    }
  });

  it('state the textbook variances: Glorot 2 / (in + out), He 2 / in, LeCun 1 / in, uniform (high - low)^2 / 12', () => {
    expect(initializers.glorotUniform({ seed: 1 }).variance([30, 70])).toBe(2 / 100);
    expect(initializers.glorotNormal({ seed: 1, complex: true }).variance([30, 70])).toBe(2 / 100);
    expect(initializers.heNormal({ seed: 1 }).variance([50, 7])).toBe(2 / 50);
    expect(initializers.heUniform({ seed: 1 }).variance([3, 50, 7])).toBe(2 / 150);
    expect(initializers.lecunNormal({ seed: 1 }).variance([40, 2])).toBe(1 / 40);
    expect(initializers.lecunNormal({ seed: 1, fanIn: 8 }).variance([40, 2])).toBe(1 / 8);
    expect(initializers.uniform({ low: -1, high: 3, seed: 1 }).variance([2])).toBe(16 / 12);
    expect(initializers.uniform({ low: -1, high: 3, seed: 1, complex: true }).variance([2])).toBe(32 / 12);
    expect(initializers.normal({ std: 3, seed: 1, complex: true }).variance([2])).toBe(9);
    expect(initializers.zeros().variance([2])).toBe(0);
  });

  it('keep Glorot and He uniform draws inside their bounds sqrt(6 / (in + out)) and sqrt(6 / in)', () => {
    const g = initializers.glorotUniform({ seed: 4 }).tensor([16, 48]);
    expect(values(g).re.every((x) => Math.abs(x) <= Math.sqrt(6 / 64))).toBe(true);
    const h = initializers.heUniform({ seed: 4, complex: true }).tensor([24, 3]);
    // Complex: each part uniform in [-a, a) with a = sqrt(3 * (2 / 24) / 2).
    const a = Math.sqrt(3 * (2 / 24) / 2);
    expect([...values(h).re, ...values(h).im].every((x) => Math.abs(x) <= a)).toBe(true);
    expect(Math.max(...values(h).re.map(Math.abs))).toBeGreaterThan(0.9 * a);
    g.dispose();
    h.dispose();
  });

  it('make constants, variables with names, and float32 tensors', () => {
    const c = initializers.constant({ value: -2.5, complex: true }).tensor([2, 2]);
    expect(values(c)).toEqual({ re: [-2.5, -2.5, -2.5, -2.5], im: [0, 0, 0, 0] });
    expect(values(initializers.ones().tensor([])).re).toEqual([1]);
    const before = memory().numTensors;
    const v = initializers.heNormal({ seed: 2, dtype: 'float32' }).variable([4, 4], { name: 'init-v', trainable: false });
    expect(memory().numTensors).toBe(before + 1);
    expect([v.name, v.trainable, v.dtype]).toEqual(['init-v', false, 'float32']);
    expect(Array.from(v.dataSync()).every((x) => x === Math.fround(x))).toBe(true);
    expect(initializers.zeros().description).toBe('constant(value=0)');
    expect(initializers.normal({ seed: 1, complex: true }).description).toBe('normal(mean=0, std=1, complex)');
    c.dispose();
    v.dispose();
  });

  it('compute fans for every rank, as in x W with W of shape [..., in, out]', () => {
    expect(computeFans([])).toEqual({ fanIn: 1, fanOut: 1 });
    expect(computeFans([7])).toEqual({ fanIn: 7, fanOut: 7 });
    expect(computeFans([3, 5])).toEqual({ fanIn: 3, fanOut: 5 });
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 3, maxLength: 5 }), (shape) => {
        const receptive = shape.slice(0, -2).reduce((p, x) => p * x, 1);
        expect(computeFans(shape)).toEqual({ fanIn: shape[shape.length - 2] * receptive, fanOut: shape[shape.length - 1] * receptive });
      }),
    );
    expect(() => computeFans([2, -1])).toThrow(ShapeError);
  });

  it('reject missing or conflicting seeds, bad parameters and bad shapes with typed errors', () => {
    const cases: [() => unknown, new (...args: never[]) => Error, string, string][] = [
      [() => initializers.normal(), ConfigError, 'initializers.normal', 'options'],
      [() => initializers.normal({ seed: 1, random: new Random(1) }), ConfigError, 'initializers.normal', 'options'],
      [() => initializers.normal({ seed: 1.5 }), ConfigError, 'initializers.normal', 'options.seed'],
      [() => initializers.normal({ random: {} as Random }), ConfigError, 'initializers.normal', 'options.random'],
      [() => initializers.normal({ seed: 1, std: -1 }), ConfigError, 'initializers.normal', 'options.std'],
      [() => initializers.normal({ seed: 1, mean: Number.NaN }), ConfigError, 'initializers.normal', 'options.mean'],
      [() => initializers.uniform({ seed: 1, low: 2, high: 1 }), ConfigError, 'initializers.uniform', 'options.high'],
      [() => initializers.glorotUniform({ seed: 1, fanIn: 0 }), ConfigError, 'initializers.glorotUniform', 'options.fanIn'],
      [() => initializers.varianceScaling({ seed: 1, scale: 0 }), ConfigError, 'initializers.varianceScaling', 'options.scale'],
      [() => initializers.varianceScaling({ seed: 1, mode: 'fanMax' as 'fanIn' }), ConfigError, 'initializers.varianceScaling', 'options.mode'],
      [() => initializers.varianceScaling({ seed: 1, distribution: 'cauchy' as 'normal' }), ConfigError, 'initializers.varianceScaling', 'options.distribution'],
      [() => initializers.heNormal({ seed: 1, complex: 'yes' as unknown as boolean }), ConfigError, 'initializers.heNormal', 'options.complex'],
      [() => initializers.heNormal({ seed: 1, dtype: 'int32' as 'float32' }), DTypeError, 'initializers.heNormal', 'options.dtype'],
      [() => initializers.constant({ value: Infinity }), ConfigError, 'initializers.constant', 'options.value'],
      [() => initializers.heNormal({ seed: 1 }).tensor([2, 1.5]), ShapeError, 'initializers.heNormal(...).tensor', 'shape'],
      [() => initializers.zeros().variable([-1]), ShapeError, 'initializers.constant(...).variable', 'shape'],
    ];
    for (const [f, kind, fn, argument] of cases) {
      try {
        f();
        expect.unreachable(`${fn} ${argument}`);
      } catch (e) {
        expect(e, `${fn} ${argument}`).toBeInstanceOf(kind);
        expect((e as ConfigError).fn).toBe(fn);
        expect((e as ConfigError).argument).toBe(argument);
      }
    }
  });
});

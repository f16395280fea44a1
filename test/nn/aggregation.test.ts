import { describe, expect, it } from 'vitest';
import {
  ConfigError,
  ParticleAggregation,
  ParticleMix,
  Random,
  complexTensor,
  featuresFromTensor,
  featuresToTensor,
  makeFeatures,
  tensor,
  type Tensor,
} from 'lorentz-irreps';
import { PermutationError, assertEquivariant, assertPermutationInvariant, gradcheck } from 'lorentz-irreps/testing';
import { disposeFeatures, maskOf, maxAbsDiff, randomComplex } from './helpers';

const IRREPS = '2x(0,0)+2x(1/2,1/2)';

/** Host reference: for each jet and channel, the real particle with the extreme Re s_c, all of its channel c. */
function referenceSelect(x: Tensor, mask: number[], b: number, n: number, largest: boolean): { re: number[]; im: number[] } {
  const { re, im } = x.reImSync(); // [B, N, 10]: s0, s1, v0 (4), v1 (4)
  const out = { re: new Array<number>(b * 10).fill(0), im: new Array<number>(b * 10).fill(0) };
  for (let bb = 0; bb < b; bb++) {
    for (let c = 0; c < 2; c++) {
      let best = -1;
      for (let k = 0; k < n; k++) {
        if (!mask[bb * n + k]) continue;
        const key = re[(bb * n + k) * 10 + c];
        if (best < 0 || (largest ? key > re[(bb * n + best) * 10 + c] : key < re[(bb * n + best) * 10 + c])) best = k;
      }
      const cols = [c, 2 + 4 * c, 3 + 4 * c, 4 + 4 * c, 5 + 4 * c];
      for (const col of cols) {
        out.re[bb * 10 + col] = re[(bb * n + best) * 10 + col];
        out.im[bb * 10 + col] = im[(bb * n + best) * 10 + col];
      }
    }
  }
  return out;
}

function flat(agg: ParticleAggregation) {
  return (t: Tensor, m: Tensor) => featuresToTensor(agg.apply(featuresFromTensor(agg.irrepsIn, t), m));
}

describe('ParticleAggregation', () => {
  it('sums and averages the real particles of each jet', () => {
    const x = randomComplex(new Random(1), [2, 4, 10]);
    const mask = maskOf([4, 2], 4);
    const s = flat(new ParticleAggregation(IRREPS, 'sum'))(x, mask).reImSync();
    const m = flat(new ParticleAggregation(IRREPS, 'mean'))(x, mask).reImSync();
    const xv = x.reImSync();
    for (let b = 0; b < 2; b++) {
      const count = b === 0 ? 4 : 2;
      for (let col = 0; col < 10; col++) {
        let re = 0;
        for (let k = 0; k < count; k++) re += xv.re[(b * 4 + k) * 10 + col];
        expect(s.re[b * 10 + col]).toBeCloseTo(re, 13);
        expect(m.re[b * 10 + col]).toBeCloseTo(re / count, 13);
      }
    }
    x.dispose();
    mask.dispose();
  });

  it('takes, per channel, the whole feature of the real particle with the largest or smallest invariant', () => {
    const x = randomComplex(new Random(2), [3, 5, 10]);
    const maskRows = [1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 1, 0, 0, 0, 0];
    const mask = tensor(maskRows, [3, 5]);
    for (const largest of [true, false]) {
      const agg = new ParticleAggregation(IRREPS, largest ? 'max' : 'min');
      const y = flat(agg)(x, mask).reImSync();
      const ref = referenceSelect(x, maskRows, 3, 5, largest);
      expect(Array.from(y.re)).toEqual(ref.re);
      expect(Array.from(y.im)).toEqual(ref.im);
    }
    const minmax = new ParticleAggregation(IRREPS, 'minmax');
    expect(minmax.irrepsOut.toString()).toBe('4x(0,0)+4x(1/2,1/2)');
    x.dispose();
    mask.dispose();
  });

  it('never selects a padded particle, even one with the largest invariant, and averages exact ties', () => {
    const agg = new ParticleAggregation('1x(0,0)', 'max');
    const x = makeFeatures('1x(0,0)', [complexTensor([1, 4, 4, 9], [0, 1, 3, 0], [1, 4, 1, 1])]);
    const y = agg.apply(x, tensor([[1, 1, 1, 0]])).parts[0].reImSync();
    expect([y.re[0], y.im[0]]).toEqual([4, 2]);
    disposeFeatures(x);
  });

  it('selects by the Minkowski square of the vector channel when asked', () => {
    const agg = new ParticleAggregation('1x(0,0)+1x(1/2,1/2)', 'max', { selectBy: 'norm' });
    // U(E, 0, 0, pz) = [E, 0, pz, 0]: squares 4 - 1 = 3 and 9 - 0 = 9.
    const x = makeFeatures('1x(0,0)+1x(1/2,1/2)', [
      complexTensor([7, 1], [0, 0], [1, 2, 1, 1]),
      complexTensor([2, 0, 1, 0, 3, 0, 0, 0], new Float64Array(8), [1, 2, 1, 4]),
    ]);
    const y = agg.apply(x);
    expect(y.parts[0].reImSync().re[0]).toBe(1);
    disposeFeatures(x);
    disposeFeatures(y);
  });

  it('is Lorentz-equivariant and permutation-invariant in every mode but mix, which is only equivariant', () => {
    const rng = new Random(3);
    const x = randomComplex(rng, [3, 6, 10], 0.5);
    const mask = maskOf([6, 4, 1], 6);
    for (const mode of ['sum', 'mean', 'min', 'max', 'minmax'] as const) {
      for (const selectBy of ['scalar', 'norm'] as const) {
        const agg = new ParticleAggregation(IRREPS, mode, { selectBy });
        const args = [
          { value: x, rep: IRREPS },
          { value: mask, rep: 'invariant' as const },
        ];
        expect(assertEquivariant(flat(agg), args, { outputs: [agg.irrepsOut], count: 4 }).passed).toBe(true);
        expect(assertPermutationInvariant(flat(agg), [{ value: x }, { value: mask }], { mask: 1 }).passed).toBe(true);
      }
    }
    const mix = new ParticleAggregation(IRREPS, 'mix', { particles: 6, irrepsOut: '1x(0,0)+3x(1/2,1/2)', seed: 4 });
    expect(mix.irrepsOut.toString()).toBe('1x(0,0)+3x(1/2,1/2)');
    expect(assertEquivariant(flat(mix), [{ value: x, rep: IRREPS }, { value: mask, rep: 'invariant' }], { outputs: [mix.irrepsOut] }).passed).toBe(true);
    expect(() => assertPermutationInvariant(flat(mix), [{ value: x }, { value: mask }], { mask: 1 })).toThrow(PermutationError);
    mix.dispose();
    x.dispose();
    mask.dispose();
  });

  it('has finite-difference gradients for the selected and summed features', () => {
    const rng = new Random(5);
    const mask = maskOf([3], 3);
    for (const mode of ['mean', 'max', 'minmax'] as const) {
      const agg = new ParticleAggregation(IRREPS, mode);
      gradcheck((t) => flat(agg)(t, mask), [randomComplex(rng, [1, 3, 10])]);
    }
    mask.dispose();
  });

  it('rejects bad modes and irreps it cannot select by', () => {
    expect(() => new ParticleAggregation(IRREPS, 'median' as never)).toThrow(/mode/);
    expect(() => new ParticleAggregation('1x(0,0)+2x(1/2,1/2)', 'max')).toThrow(ConfigError);
    expect(() => new ParticleAggregation('1x(1/2,1/2)', 'max')).toThrow(/\(0,0\)/);
    expect(() => new ParticleAggregation(IRREPS, 'mix', { seed: 1 })).toThrow(/options\.particles/);
    expect(() => new ParticleAggregation(IRREPS, 'max', { selectBy: 'pt' as never })).toThrow(/selectBy/);
  });
});

describe('ParticleMix', () => {
  it('maps particles and channels as the slow sum, zeroes padding first, and is equivariant', () => {
    const rng = new Random(6);
    const pm = new ParticleMix('1x(0,0)+1x(1/2,1/2)', 3, 2, 2, { seed: 7 });
    const x = randomComplex(rng, [2, 3, 5]);
    const mask = maskOf([3, 2], 3);
    const fn = (t: Tensor, m: Tensor) => featuresToTensor(pm.apply(featuresFromTensor(pm.irrepsIn, t), m));
    const y = fn(x, mask).reImSync();
    const w = pm.state()['weight.(1/2,1/2)']; // [2 * 2, 3 * 1]
    const xv = x.reImSync();
    const mv = mask.dataSync();
    for (let b = 0; b < 2; b++) {
      for (let o = 0; o < 4; o++) {
        for (let i = 0; i < 4; i++) {
          let re = 0;
          for (let k = 0; k < 3; k++) {
            const [xr, xi] = [xv.re[(b * 3 + k) * 5 + 1 + i] * mv[b * 3 + k], xv.im[(b * 3 + k) * 5 + 1 + i] * mv[b * 3 + k]];
            re += w.re[o * 3 + k] * xr - w.im![o * 3 + k] * xi;
          }
          // Output [B, 2 particles, 2 channels, ...]: row o = particle * 2 + channel.
          expect(y.re[(b * 2 + Math.floor(o / 2)) * 10 + 2 + (o % 2) * 4 + i]).toBeCloseTo(re, 13);
        }
      }
    }
    expect(assertEquivariant(fn, [{ value: x, rep: pm.irrepsIn }, { value: mask, rep: 'invariant' }], { outputs: [pm.irrepsOut] }).passed).toBe(true);
    // Padded slot values do not reach the output.
    const moved = complexTensor(xv.re.map((v, k) => (Math.floor(k / 5) === 5 ? 100 : v)), xv.im, [2, 3, 5]);
    const a = fn(x, mask);
    const b = fn(moved, mask);
    expect(maxAbsDiff(a, b)).toBe(0);
    const mask1 = maskOf([2], 3);
    const x1 = randomComplex(rng, [1, 3, 5]);
    gradcheck((t) => fn(t, mask1), [x1]);
    for (const { name, variable } of pm.namedParameters()) {
      gradcheck((w) => pm.withParameters({ [name]: w }, () => fn(x1, mask1)), [randomComplex(rng, variable.shape)]);
    }
    for (const t of [x, mask, mask1, moved, a, b]) t.dispose();
    pm.dispose();
  });
});

import { describe, expect, it } from 'vitest';
import { ConfigError, MixRep, Random, ShapeError, featuresFromTensor, featuresToTensor, type Tensor } from 'lorentz-irreps';
import { assertEquivariant, gradcheck } from 'lorentz-irreps/testing';
import { disposeFeatures, randomComplex, randomFeatures } from './helpers';

describe('MixRep', () => {
  it('mixes channels per irrep exactly as the slow sum out[c\'] = sum_c W[c\', c] x[c]', () => {
    const mix = new MixRep('2x(0,0)+3x(1/2,1/2)', '1x(0,0)+2x(1/2,1/2)', { seed: 1 });
    const x = randomFeatures(new Random(2), '2x(0,0)+3x(1/2,1/2)', [2, 3]);
    const y = mix.apply(x);
    const state = mix.state();
    mix.irrepsOut.entries.forEach(({ mul, irrep }, k) => {
      const w = state[`weight.${irrep}`];
      const cin = mix.irrepsIn.entries[k].mul;
      const d = irrep.dim;
      const xin = x.parts[k].reImSync();
      const out = y.parts[k].reImSync();
      for (let row = 0; row < 6; row++) {
        for (let o = 0; o < mul; o++) {
          for (let i = 0; i < d; i++) {
            let re = 0;
            let im = 0;
            for (let c = 0; c < cin; c++) {
              const [wr, wi] = [w.re[o * cin + c], w.im![o * cin + c]];
              const [xr, xi] = [xin.re[(row * cin + c) * d + i], xin.im[(row * cin + c) * d + i]];
              re += wr * xr - wi * xi;
              im += wr * xi + wi * xr;
            }
            expect(out.re[(row * mul + o) * d + i]).toBeCloseTo(re, 13);
            expect(out.im[(row * mul + o) * d + i]).toBeCloseTo(im, 13);
          }
        }
      }
    });
    disposeFeatures(x);
    disposeFeatures(y);
    mix.dispose();
  });

  it('is Lorentz-equivariant (rotations and boosts up to rapidity 10)', () => {
    const mix = new MixRep('2x(0,0)+2x(1/2,1/2)+1x(1,1)', 3, { seed: 3 });
    const x = randomComplex(new Random(4), [4, mix.irrepsIn.dim]);
    const fn = (t: Tensor) => featuresToTensor(mix.apply(featuresFromTensor(mix.irrepsIn, t)));
    expect(assertEquivariant(fn, [{ value: x, rep: mix.irrepsIn }], { outputs: [mix.irrepsOut] }).passed).toBe(true);
    x.dispose();
    mix.dispose();
  });

  it('has gradients that match finite differences, for inputs and weights', () => {
    const mix = new MixRep('2x(0,0)+1x(1/2,1/2)', 2, { seed: 5 });
    const x = randomComplex(new Random(6), [2, mix.irrepsIn.dim]);
    const w = randomComplex(new Random(7), [2, 1]);
    gradcheck((t) => featuresToTensor(mix.apply(featuresFromTensor(mix.irrepsIn, t))), [x]);
    gradcheck((v) => mix.withParameters({ 'weight.(1/2,1/2)': v }, () => featuresToTensor(mix.apply(featuresFromTensor(mix.irrepsIn, x)))), [w]);
    x.dispose();
    w.dispose();
    mix.dispose();
  });

  it('initializes weights with E|W|^2 = gain^2 / C_in', () => {
    const mix = new MixRep('200x(0,0)', 50, { seed: 8, gain: 2 });
    const s = mix.state()['weight.(0,0)'];
    let sum = 0;
    for (let k = 0; k < s.re.length; k++) sum += s.re[k] ** 2 + s.im![k] ** 2;
    expect(sum / s.re.length).toBeCloseTo(4 / 200, 3);
    mix.dispose();
  });

  it('rejects outputs absent from the input, empty channels and features of other irreps', () => {
    expect(() => new MixRep('1x(0,0)', '1x(1/2,1/2)', { seed: 1 })).toThrow(/Schur/);
    expect(() => new MixRep('1x(0,0)', 0, { seed: 1 })).toThrow(ConfigError);
    expect(() => new MixRep('0x(0,0)', 1, { seed: 1 })).toThrow(ConfigError);
    expect(() => new MixRep('1x(0,0)', 1, { seed: 1, gain: -1 })).toThrow(/options\.gain/);
    const mix = new MixRep('1x(0,0)', 1, { seed: 1 });
    const x = randomFeatures(new Random(1), '1x(1/2,1/2)', [2]);
    expect(() => mix.apply(x)).toThrow(ShapeError);
    disposeFeatures(x);
    mix.dispose();
  });
});

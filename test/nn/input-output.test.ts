import { describe, expect, it } from 'vitest';
import {
  ConfigError,
  InputLayer,
  Random,
  ShapeError,
  featuresFromTensor,
  featuresToFourMomenta,
  featuresToInvariants,
  featuresToTensor,
  fourVectorToIrrep,
  minkowskiDot,
  tensor,
  type Tensor,
} from 'lorentz-irreps';
import { assertEquivariant, assertPermutationEquivariant, gradcheck } from 'lorentz-irreps/testing';
import { disposeFeatures, maskOf, randomComplex, randomMomenta, randomReal } from './helpers';

describe('InputLayer', () => {
  it('maps momenta with U and lists the requested invariants then the given scalars, zero at padding', () => {
    const input = new InputLayer({ scale: 0.5, invariants: ['one', 'massSquared', 'mass'], scalars: 2 });
    expect(input.irrepsIn.toString()).toBe('2x(0,0)+1x(1/2,1/2)');
    expect(input.irrepsOut.toString()).toBe('5x(0,0)+1x(1/2,1/2)');
    const p = randomMomenta(new Random(1), 2, 3, 2);
    const s = randomReal(new Random(2), [2, 3, 2]);
    const mask = maskOf([3, 2], 3);
    const { features, positions, mask: m } = input.apply(p, { scalars: s, mask });
    const pv = p.dataSync();
    const sv = s.dataSync();
    const sc = features.parts[0].reImSync();
    const vc = features.parts[1].reImSync();
    expect(Array.from(m.dataSync())).toEqual([1, 1, 1, 1, 1, 0]);
    for (let k = 0; k < 6; k++) {
      const q = Float64Array.from(pv.subarray(4 * k, 4 * k + 4), (v) => 0.5 * v);
      const real = k !== 5;
      const m2 = minkowskiDot(q, q)[0];
      const expected = real ? [1, m2, Math.sqrt(Math.abs(m2)), sv[2 * k], sv[2 * k + 1]] : [0, 0, 0, 0, 0];
      expected.forEach((v, c) => expect(sc.re[5 * k + c]).toBeCloseTo(v, 13));
      const u = fourVectorToIrrep(q);
      for (let i = 0; i < 4; i++) {
        expect(vc.re[4 * k + i]).toBeCloseTo(real ? u.re[i] : 0, 14);
        expect(vc.im[4 * k + i]).toBeCloseTo(real ? u.im[i] : 0, 14);
      }
      expect(positions.dataSync()[4 * k]).toBeCloseTo(q[0], 15);
    }
    expect(input.summary()).toBe('InputLayer(four-momenta x 0.5 [one, massSquared, mass] + 2 scalars -> 5x(0,0)+1x(1/2,1/2), 0 parameters)');
    expect(input.state().scale).toEqual({ shape: [], re: [0.5] });
    for (const t of [p, s, mask, positions, m]) t.dispose();
    disposeFeatures(features);
    input.dispose();
  });

  it('derives the mask from all-zero slots when none is given', () => {
    const input = new InputLayer({ scale: 1 });
    const p = tensor([[[1, 0, 0, 1], [0, 0, 0, 0], [2, 1, 0, 0]]]);
    const out = input.apply(p);
    expect(Array.from(out.mask.dataSync())).toEqual([1, 0, 1]);
    disposeFeatures(out.features);
    for (const t of [p, out.positions, out.mask]) t.dispose();
    input.dispose();
  });

  it('is Lorentz-equivariant with invariant scalar channels and commutes with permutations', () => {
    const input = new InputLayer({ scale: 1e-3, invariants: ['one', 'massSquared'] });
    const p = randomMomenta(new Random(3), 3, 4, 300);
    const fn = (x: Tensor) => {
      const out = input.apply(x);
      return [featuresToTensor(out.features), out.positions];
    };
    expect(assertEquivariant(fn, [{ value: p, rep: 'fourVector' }], { outputs: [input.irrepsOut, 'fourVector'] }).passed).toBe(true);
    expect(assertPermutationEquivariant(fn, [{ value: p }]).passed).toBe(true);
    gradcheck((x) => featuresToTensor(input.apply(x).features), [randomMomenta(new Random(4), 1, 2)]);
    p.dispose();
    input.dispose();
  });

  it('requires explicit units and rejects bad inputs', () => {
    expect(() => new InputLayer({} as never)).toThrow(/options\.scale/);
    expect(() => new InputLayer({ scale: -1 })).toThrow(ConfigError);
    expect(() => new InputLayer({ scale: 1, invariants: ['pt' as never] })).toThrow(/invariants\[0\]/);
    const input = new InputLayer({ scale: 1, scalars: 1 });
    const p = randomMomenta(new Random(5), 1, 2);
    expect(() => input.apply(tensor([[1, 2, 3, 4]]))).toThrow(ShapeError);
    expect(() => input.apply(p)).toThrow(/options\.scalars/);
    p.dispose();
    input.dispose();
  });
});

describe('featuresToFourMomenta and featuresToInvariants', () => {
  it('invert U on real four-vectors and give Re(U^H x) in general', () => {
    const rng = new Random(6);
    const x = randomComplex(rng, [3, 8]);
    const f = featuresFromTensor('2x(1/2,1/2)', x);
    const p = featuresToFourMomenta(f).dataSync();
    const flat = featuresToTensor(f).reImSync();
    for (let k = 0; k < 6; k++) {
      const h = Math.SQRT1_2;
      const [x0, x1, x2, x3] = [0, 1, 2, 3].map((i) => ({ re: flat.re[4 * k + i], im: flat.im[4 * k + i] }));
      // Re(U^H x) = [Re x0, (Re x1 - Re x3)/sqrt2, (Im x1 + Im x3)/sqrt2, Re x2]
      const expected = [x0.re, (x1.re - x3.re) * h, (x1.im + x3.im) * h, x2.re];
      expected.forEach((v, i) => expect(p[4 * k + i]).toBeCloseTo(v, 14));
    }
    disposeFeatures(f);
    x.dispose();
  });

  it('are equivariant (four-momenta) and invariant (invariants) and have finite-difference gradients', () => {
    const rng = new Random(7);
    const irreps = '2x(0,0)+1x(1/2,1/2)+1x(1,0)';
    const x = randomComplex(rng, [3, 9]);
    const both = (t: Tensor) => {
      const f = featuresFromTensor(irreps, t);
      return [featuresToFourMomenta(f), featuresToInvariants(f)];
    };
    expect(assertEquivariant(both, [{ value: x, rep: irreps }], { outputs: ['fourVector', 'invariant'] }).passed).toBe(true);
    gradcheck((t) => featuresToInvariants(featuresFromTensor(irreps, t)), [randomComplex(rng, [1, 9])]);
    gradcheck((t) => featuresToFourMomenta(featuresFromTensor(irreps, t)), [randomComplex(rng, [1, 9])]);
    expect(() => featuresToFourMomenta(featuresFromTensor('1x(0,0)', randomComplex(rng, [1, 1])))).toThrow(ConfigError);
    x.dispose();
  });
});

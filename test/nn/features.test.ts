import { describe, expect, it } from 'vitest';
import {
  DTypeError,
  IrrepError,
  Random,
  ShapeError,
  featurePart,
  featuresFromTensor,
  featuresLead,
  featuresToTensor,
  makeFeatures,
  memory,
  tidy,
  zeros,
} from 'lorentz-irreps';
import { disposeFeatures, randomComplex, randomFeatures } from './helpers';

describe('Features', () => {
  it('go to one tensor in the Irreps layout and back unchanged', () => {
    const f = randomFeatures(new Random(1), '2x(0,0)+3x(1/2,1/2)+1x(1,0)', [2, 3]);
    const t = featuresToTensor(f);
    expect(t.shape).toEqual([2, 3, 2 + 12 + 3]);
    // Channel 1 of (1/2,1/2) at particle (1, 2) sits at offset 2 + 4 in the flat layout.
    const flat = t.reImSync();
    const part = f.parts[1].reImSync();
    for (let i = 0; i < 4; i++) expect(flat.re[(1 * 3 + 2) * 17 + 2 + 4 + i]).toBe(part.re[((1 * 3 + 2) * 3 + 1) * 4 + i]);
    const back = featuresFromTensor(f.irreps, t);
    back.parts.forEach((p, k) => {
      expect(p.shape).toEqual(f.parts[k].shape);
      expect(Array.from(p.reImSync().im)).toEqual(Array.from(f.parts[k].reImSync().im));
    });
    expect(featuresLead(back)).toEqual([2, 3]);
    for (const x of [f, back]) disposeFeatures(x);
    t.dispose();
  });

  it('are kept whole by tidy when returned from it', () => {
    const before = memory().numTensors;
    const f = tidy(() => randomFeatures(new Random(2), '1x(0,0)+1x(1/2,1/2)', [3]));
    expect(memory().numTensors).toBe(before + 2);
    expect(f.parts.every((p) => !p.isDisposed)).toBe(true);
    disposeFeatures(f);
  });

  it('find a part by irrep', () => {
    const f = randomFeatures(new Random(3), '1x(0,0)+2x(1/2,1/2)', [1]);
    expect(featurePart(f, '(1/2, 1/2)')).toBe(f.parts[1]);
    expect(featurePart(f, '(1,1)')).toBeUndefined();
    expect(() => featurePart(f, 'vector')).toThrow(IrrepError);
    disposeFeatures(f);
  });

  it('reject repeated irreps, wrong part counts, shapes and dtypes, naming the argument', () => {
    const rng = new Random(4);
    const a = randomComplex(rng, [2, 1, 1]);
    const v = randomComplex(rng, [2, 1, 4]);
    expect(() => makeFeatures('1x(0,0)+1x(0,0)', [a, a])).toThrow(IrrepError);
    expect(() => makeFeatures('1x(0,0)+1x(1/2,1/2)', [a])).toThrow(/parts/);
    expect(() => makeFeatures('1x(0,0)+1x(1/2,1/2)', [a, a])).toThrow(/parts\[1\]/);
    expect(() => makeFeatures('1x(0,0)+1x(1/2,1/2)', [a, randomComplex(rng, [3, 1, 4])])).toThrow(ShapeError);
    const f32 = zeros([2, 1, 4], { dtype: 'float32', complex: true });
    expect(() => makeFeatures('1x(0,0)+1x(1/2,1/2)', [a, f32])).toThrow(DTypeError);
    expect(() => makeFeatures('1x(0,0)', [1 as never])).toThrow(DTypeError);
    expect(() => featuresFromTensor('1x(1/2,1/2)', a)).toThrow(ShapeError);
    for (const t of [a, v, f32]) t.dispose();
  });
});

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  ConfigError,
  DTypeError,
  DataError,
  ShapeError,
  chamferDistance,
  chamferLoss,
  complexTensor,
  hungarianDistance,
  hungarianLoss,
  lossByName,
  memory,
  mseLoss,
  tensor,
  valueAndGrad,
  type Tensor,
} from 'lorentz-irreps';
import { gradcheck } from 'lorentz-irreps/testing';
import { fullBatch, paddedBatch, particle, permutationOf, realRows } from './helpers';

const value = (t: Tensor): number => {
  const v = t.dataSync()[0];
  t.dispose();
  return v;
};
const perJet = (t: Tensor): number[] => {
  const v = Array.from(t.dataSync());
  t.dispose();
  return v;
};
const close = (a: number, b: number, rel = 1e-12) => expect(Math.abs(a - b)).toBeLessThanOrEqual(rel * (1 + Math.abs(b)));

describe('chamferLoss', () => {
  it('is exactly 0 for a perfect reconstruction in shuffled order, with and without padding masks', () => {
    fc.assert(
      fc.property(fullBatch(3, 6), fc.integer(), (jets, seed) => {
        const shuffled = jets.map((rows, b) => permutationOf(rows.length, seed + b).map((i) => rows[i]));
        expect(value(chamferLoss(tensor(shuffled), tensor(jets)))).toBe(0);
      }),
    );
    fc.assert(
      fc.property(paddedBatch(3, 6), fc.integer(), (jets, seed) => {
        const perms = jets.map((_, b) => permutationOf(6, seed + b));
        const reco = tensor(jets.map((j, b) => perms[b].map((i) => j.rows[i])));
        const recoMask = tensor(jets.map((j, b) => perms[b].map((i) => j.mask[i])));
        const loss = chamferLoss(reco, tensor(jets.map((j) => j.rows)), { mask: tensor(jets.map((j) => j.mask)), recoMask });
        expect(value(loss)).toBe(0);
      }),
    );
  });

  it('equals chamferDistance of the real particles of each jet, squared or not', () => {
    fc.assert(
      fc.property(paddedBatch(4, 5), paddedBatch(4, 5), fc.boolean(), (targets, recos, squared) => {
        const B = Math.min(targets.length, recos.length);
        const t = targets.slice(0, B);
        const r = recos.slice(0, B);
        const got = perJet(
          chamferLoss(tensor(r.map((j) => j.rows)), tensor(t.map((j) => j.rows)), {
            mask: tensor(t.map((j) => j.mask)),
            recoMask: tensor(r.map((j) => j.mask)),
            squared,
            reduction: 'none',
          }),
        );
        got.forEach((v, b) => close(v, chamferDistance(realRows(r[b]), realRows(t[b]), { squared })));
      }),
    );
  });

  it('uses the target mask for the reconstruction when no recoMask is given and the slots agree', () => {
    const target = [[[1, 0, 0, 1], [0, 0, 0, 0]]];
    const reco = [[[1, 0, 0, 2], [9, 9, 9, 9]]];
    const loss = chamferLoss(tensor(reco), tensor(target), { mask: tensor([[1, 0]]) });
    expect(value(loss)).toBe(2); // (2 - 1)^2 each way; the padded slot (9, 9, 9, 9) is ignored
    const unmasked = chamferLoss(tensor(reco), tensor(target));
    expect(value(unmasked)).toBe(chamferDistance(reco[0], target[0]));
  });

  it('compares sets of different sizes and reduces by mean, sum or none', () => {
    const reco = tensor([[[0, 0, 0, 0]], [[1, 1, 1, 1]]]);
    const target = tensor([
      [[1, 0, 0, 0], [3, 0, 0, 0]],
      [[1, 1, 1, 1], [1, 1, 1, 3]],
    ]);
    const none = perJet(chamferLoss(reco, target, { reduction: 'none' }));
    expect(none).toEqual([1 + (1 + 9) / 2, 0 + (0 + 4) / 2]);
    expect(value(chamferLoss(reco, target, { reduction: 'sum' }))).toBe(none[0] + none[1]);
    expect(value(chamferLoss(reco, target))).toBe((none[0] + none[1]) / 2);
  });

  it('has gradients that match finite differences, masked and unmasked', () => {
    const rows = (seed: number, n: number) => Array.from({ length: n }, (_, i) => [0, 1, 2, 3].map((k) => Math.sin(seed + 1.7 * i + 0.9 * k) * 2));
    const reco = tensor([rows(1, 4), rows(2, 4)]);
    const target = tensor([rows(3, 3), rows(4, 3)]);
    expect(gradcheck((r, t) => chamferLoss(r, t), [reco, target]).passed).toBe(true);
    const mask = tensor([[1, 1, 0], [1, 1, 1]]);
    const recoMask = tensor([[1, 0, 1, 1], [1, 1, 1, 0]]);
    expect(gradcheck((r, t) => chamferLoss(r, t, { mask, recoMask }), [reco, target]).passed).toBe(true);
    expect(gradcheck((r, t) => chamferLoss(r, t, { squared: false, reduction: 'none' }), [reco, target]).passed).toBe(true);
  });

  it('gives padded particles no gradient', () => {
    const reco = tensor([[[1, 2, 3, 4], [5, 6, 7, 8]]]);
    const target = tensor([[[1, 2, 3, 5], [0, 0, 0, 0]]]);
    const mask = tensor([[1, 0]]);
    const { grads } = valueAndGrad((r: Tensor) => chamferLoss(r, target, { mask }))(reco);
    expect(Array.from(grads[0].dataSync()).slice(4)).toEqual([0, 0, 0, 0]);
  });

  it('rejects bad input with typed errors naming the function and argument', () => {
    const x = tensor([[[1, 2, 3, 4]]]);
    expect(() => chamferLoss(tensor([1, 2, 3, 4]), x)).toThrow(ShapeError);
    expect(() => chamferLoss(x, tensor([[[1, 2, 3]]]))).toThrow(/chamferLoss.*target/);
    expect(() => chamferLoss(x, tensor([[[1, 2, 3, 4]], [[1, 2, 3, 4]]]))).toThrow(ShapeError);
    expect(() => chamferLoss(complexTensor([[[1, 2, 3, 4]]], [[[0, 0, 0, 0]]]), x)).toThrow(DTypeError);
    expect(() => chamferLoss(x, x, { mask: tensor([[0.5]]) })).toThrow(DataError);
    expect(() => chamferLoss(x, x, { mask: tensor([[0]]) })).toThrow(/at least one real particle/);
    expect(() => chamferLoss(x, x, { mask: tensor([1]) })).toThrow(/options\.mask/);
    expect(() => chamferLoss(x, x, { squared: 1 as unknown as boolean })).toThrow(ConfigError);
    expect(() => chamferLoss(x, x, { reduction: 'max' as 'mean' })).toThrow(/options\.reduction/);
  });

  it('leaves no tensors behind but its result', () => {
    const reco = tensor([[[1, 2, 3, 4], [5, 6, 7, 8]]]);
    const target = tensor([[[1, 2, 3, 5], [0, 0, 0, 0]]]);
    const mask = tensor([[1, 0]]);
    const before = memory().numTensors;
    chamferLoss(reco, target, { mask }).dispose();
    hungarianLoss(reco, target, { mask, recoMask: tensor([[0, 1]]) }).dispose();
    mseLoss(reco, target, { mask }).dispose();
    expect(memory().numTensors).toBe(before + 1); // the recoMask made inline
  });
});

describe('mseLoss', () => {
  it('is the element-wise mean of squared differences without a mask', () => {
    fc.assert(
      fc.property(fullBatch(3, 5), fc.integer(), (jets, seed) => {
        const reco = jets.map((rows, b) => rows.map((row, i) => row.map((v, k) => v + Math.sin(seed + b + 3 * i + 7 * k))));
        let s = 0;
        let n = 0;
        jets.forEach((rows, b) => rows.forEach((row, i) => row.forEach((v, k) => ((s += (reco[b][i][k] - v) ** 2), n++))));
        close(value(mseLoss(tensor(reco), tensor(jets))), s / n);
      }),
    );
  });

  it('averages each jet over its real particles only, then over jets', () => {
    const target = tensor([[[1, 1, 1, 1], [0, 0, 0, 0]], [[0, 0, 0, 0], [2, 2, 2, 2]]]);
    const reco = tensor([[[3, 1, 1, 1], [7, 7, 7, 7]], [[1, 1, 1, 1], [2, 2, 2, 2]]]);
    const mask = tensor([[1, 0], [1, 1]]);
    expect(perJet(mseLoss(reco, target, { mask, reduction: 'none' }))).toEqual([4 / 4, 4 / 8]);
    expect(value(mseLoss(reco, target, { mask }))).toBe((1 + 0.5) / 2);
  });

  it('depends on particle order (it is not a set loss)', () => {
    const a = [[1, 0, 0, 0], [2, 0, 0, 0]];
    expect(value(mseLoss(tensor([[a[1], a[0]]]), tensor([a])))).toBe(2 / 8);
  });

  it('has gradients that match finite differences', () => {
    const reco = tensor([[[0.3, -1, 2, 0.5], [1, 1, -2, 0.1]]]);
    const target = tensor([[[0.1, 0.2, 0.3, 0.4], [0, 0, 0, 0]]]);
    const mask = tensor([[1, 0]]);
    expect(gradcheck((r, t) => mseLoss(r, t, { mask }), [reco, target]).passed).toBe(true);
  });

  it('requires equal shapes', () => {
    expect(() => mseLoss(tensor([[[1, 2, 3, 4]]]), tensor([[[1, 2, 3, 4], [1, 2, 3, 4]]]))).toThrow(/mseLoss.*target/);
  });
});

describe('hungarianLoss', () => {
  it('is exactly 0 for a perfect reconstruction in shuffled order', () => {
    fc.assert(
      fc.property(paddedBatch(3, 6), fc.integer(), (jets, seed) => {
        const perms = jets.map((_, b) => permutationOf(6, seed + b));
        const reco = tensor(jets.map((j, b) => perms[b].map((i) => j.rows[i])));
        const recoMask = tensor(jets.map((j, b) => perms[b].map((i) => j.mask[i])));
        expect(value(hungarianLoss(reco, tensor(jets.map((j) => j.rows)), { mask: tensor(jets.map((j) => j.mask)), recoMask }))).toBe(0);
      }),
    );
  });

  it('equals hungarianDistance of the real particles of each jet', () => {
    fc.assert(
      fc.property(paddedBatch(4, 5), fc.integer(), (targets, seed) => {
        // reconstructions with the same number of real particles, in other slots and other values
        const recos = targets.map((j, b) => {
          const perm = permutationOf(5, seed + b);
          return {
            rows: perm.map((i) => j.rows[i].map((v, k) => (j.mask[i] ? v + 3 * Math.sin(seed + 5 * i + k) : 0))),
            mask: perm.map((i) => j.mask[i]),
          };
        });
        const got = perJet(
          hungarianLoss(tensor(recos.map((j) => j.rows)), tensor(targets.map((j) => j.rows)), {
            mask: tensor(targets.map((j) => j.mask)),
            recoMask: tensor(recos.map((j) => j.mask)),
            reduction: 'none',
          }),
        );
        got.forEach((v, b) => close(v, hungarianDistance(realRows(targets[b]), realRows(recos[b]))));
      }),
    );
  });

  it('is at most the ordered MSE and at least 0', () => {
    fc.assert(
      fc.property(fullBatch(3, 5), fc.array(particle, { minLength: 5, maxLength: 5 }), (jets, noise) => {
        const reco = jets.map((rows) => rows.map((row, i) => row.map((v, k) => v + noise[i][k] / 10)));
        const h = value(hungarianLoss(tensor(reco), tensor(jets)));
        const m = value(mseLoss(tensor(reco), tensor(jets)));
        expect(h).toBeGreaterThanOrEqual(0);
        expect(h).toBeLessThanOrEqual(m * (1 + 1e-12));
      }),
    );
  });

  it('has gradients that match finite differences through the matched particles', () => {
    const reco = tensor([[[0.3, -1, 2, 0.5], [1, 1, -2, 0.1], [4, 0, 1, 1]]]);
    const target = tensor([[[1, 1, -2, 0.3], [0.1, -1, 2, 0.4], [0, 0, 0, 0]]]);
    const mask = tensor([[1, 1, 0]]);
    const recoMask = tensor([[1, 1, 0]]);
    expect(gradcheck((r, t) => hungarianLoss(r, t, { mask, recoMask }), [reco, target]).passed).toBe(true);
    expect(gradcheck((r, t) => hungarianLoss(r, t), [reco, target]).passed).toBe(true);
  });

  it('refuses jets whose reconstruction has another number of real particles', () => {
    const x = tensor([[[1, 2, 3, 4], [1, 1, 1, 1]]]);
    expect(() => hungarianLoss(x, x, { mask: tensor([[1, 1]]), recoMask: tensor([[1, 0]]) })).toThrow(DataError);
    expect(() => hungarianLoss(x, x, { mask: tensor([[1, 1]]), recoMask: tensor([[1, 0]]) })).toThrow(/jet 0: 2 in the target/);
  });
});

describe('lossByName', () => {
  it('returns each loss by its name and refuses unknown names', () => {
    expect(lossByName('chamfer')).toBe(chamferLoss);
    expect(lossByName('mse')).toBe(mseLoss);
    expect(lossByName('hungarian')).toBe(hungarianLoss);
    expect(() => lossByName('l1' as 'mse')).toThrow(ConfigError);
  });
});

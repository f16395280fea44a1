import { describe, expect, it } from 'vitest';
import { Random, grad, greater, leakyRelu, memory, mul, relu, sum, tensor, tidy, where } from 'lorentz-irreps';

const SPECIAL = [0, -0, 1e-300, -1e-300, 2.5, -3, Infinity, -Infinity, Number.NaN];

/** x with special values, and dy with the same values in every combination. */
function pairs(rng: Random, random: number): { x: number[]; dy: number[] } {
  const x: number[] = [];
  const dy: number[] = [];
  for (const a of SPECIAL) {
    for (const b of SPECIAL) {
      x.push(a);
      dy.push(b);
    }
  }
  for (let k = 0; k < random; k++) {
    x.push(rng.normal());
    dy.push(rng.normal());
  }
  return { x, dy };
}

describe('the one-pass gradient of relu and leakyRelu (LeakyReluGrad)', () => {
  for (const dtype of ['float64', 'float32'] as const) {
    it(`gives bit for bit the composed gradients dy * (x > 0) and where(x > 0, dy, alpha dy) (${dtype})`, () => {
      const { x: xs, dy: gs } = pairs(new Random(1), 200);
      const x = tensor(xs, [xs.length], { dtype });
      const dy = tensor(gs, [gs.length], { dtype });
      const same = (a: ArrayLike<number>, b: ArrayLike<number>) => a.length === b.length && Array.from(a).every((v, i) => Object.is(v, b[i]));
      const [gRelu] = grad((t) => sum(mul(relu(t), dy)))(x);
      // The composed reference: the gradient of sum(relu(x) dy) with respect to x.
      const refRelu = tidy(() => mul(dy, greater(x, 0))).dataSync();
      expect(same(gRelu.dataSync(), refRelu)).toBe(true);
      for (const alpha of [0.2, 0, -1.5]) {
        const [gLeaky] = grad((t) => sum(mul(leakyRelu(t, alpha), dy)))(x);
        const refLeaky = tidy(() => where(greater(x, 0), dy, mul(dy, alpha))).dataSync();
        expect(same(gLeaky.dataSync(), refLeaky), `alpha ${alpha}`).toBe(true);
      }
    });
  }

  it('leaves no tensor behind', () => {
    const x = tensor([1, -2, 3], [3]);
    const before = memory().numTensors;
    tidy(() => {
      grad((t) => sum(relu(t)))(x);
      grad((t) => sum(leakyRelu(t, 0.1)))(x);
    });
    expect(memory().numTensors).toBe(before);
  });
});

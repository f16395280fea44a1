/** Models with known reconstructions, for the evaluation tests. */
import { gather, matmul, mul, reshape, sum, tensor, variable, type JetAutoencoder, type Tensor, type Variable } from 'lorentz-irreps';

function model(kind: string, reconstruct: (p: Tensor, mask: Tensor) => Tensor, latent?: (p: Tensor, mask: Tensor) => Tensor): JetAutoencoder & { w: Variable } {
  const t = tensor([1]);
  const w = variable(t, { name: `${kind}.w` });
  t.dispose();
  return {
    kind,
    w,
    config: () => ({}),
    namedParameters: () => [{ name: 'w', variable: w }],
    reconstruct,
    ...(latent !== undefined ? { latentFourVectors: latent } : {}),
    dispose: () => w.dispose(),
  };
}

/** Reconstructs every jet exactly; its latent four-vector is the summed jet. */
export const perfectModel = () => model('perfect', (p) => mul(p, 1), (p) => reshape(sum(p, 1), [p.shape[0], 1, 4]));

/** Reconstructs every jet exactly but with its particle slots in reversed order. */
export const reversedModel = () =>
  model('reversed', (p) => {
    const N = p.shape[1];
    return gather(p, Array.from({ length: N }, (_, i) => N - 1 - i), 1);
  });

/** Reconstructs every particle with twice its four-momentum. */
export const doublingModel = () => model('doubling', (p) => mul(p, 2));

/** Reconstructs every jet rotated by `angle` about the z axis (a shift of the whole jet in phi). */
export const rotatingModel = (angle: number) => {
  const [c, s] = [Math.cos(angle), Math.sin(angle)];
  // rows (E, px, py, pz) times R^T: px' = c px - s py, py' = s px + c py
  const rT = [1, 0, 0, 0, 0, c, s, 0, 0, -s, c, 0, 0, 0, 0, 1];
  return model('rotating', (p) => {
    const [b, n] = p.shape;
    const r = tensor(rT, [4, 4]);
    const out = reshape(matmul(reshape(p, [b * n, 4]), r), [b, n, 4]);
    r.dispose();
    return out;
  });
};

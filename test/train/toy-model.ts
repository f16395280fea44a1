/**
 * A real linear autoencoder on flattened four-momenta, for the tests of the training pipeline:
 * z = x W + b (x the B x 4N flattened jets), reconstruction = z V + c reshaped to [B, N, 4]; the
 * latent z, read as latent/4 four-vectors, is what `encode` returns.
 */
import {
  add,
  matmul,
  reshape,
  tensor,
  variable,
  Random,
  type JetAutoencoder,
  type JsonObject,
  type ModelContext,
  type ModelFactory,
  type Tensor,
  type Variable,
} from 'lorentz-irreps';

export const TOY_KIND = 'toy-linear';

export class LinearAutoencoder implements JetAutoencoder {
  readonly kind: string = TOY_KIND;
  readonly latent: number;
  readonly numParticles: number;
  private readonly params: { name: string; variable: Variable }[];

  constructor(latent: number, context: ModelContext, prefix = 'toy') {
    this.latent = latent;
    this.numParticles = context.numParticles;
    const rng = new Random(context.seed);
    const F = 4 * context.numParticles;
    const draw = (n: number, scale: number) => Float64Array.from({ length: n }, () => rng.normal() * scale);
    const make = (name: string, values: Float64Array, shape: number[]) => {
      const t = tensor(values, shape);
      const v = variable(t, { name: `${prefix}.${name}` });
      t.dispose();
      return { name, variable: v };
    };
    this.params = [
      make('encoder.w', draw(F * latent, 1 / Math.sqrt(F)), [F, latent]),
      make('encoder.b', new Float64Array(latent), [latent]),
      make('decoder.w', draw(latent * F, 1 / Math.sqrt(latent)), [latent, F]),
      make('decoder.b', new Float64Array(F), [F]),
    ];
  }

  config(): JsonObject {
    return { latent: this.latent };
  }

  namedParameters() {
    return this.params;
  }

  private v(i: number): Variable {
    return this.params[i].variable;
  }

  latentFourVectors(p: Tensor): Tensor {
    const B = p.shape[0];
    const z = add(matmul(reshape(p, [B, 4 * this.numParticles]), this.v(0)), this.v(1));
    return reshape(z, [B, this.latent / 4, 4]);
  }

  reconstruct(p: Tensor): Tensor {
    const B = p.shape[0];
    const z = add(matmul(reshape(p, [B, 4 * this.numParticles]), this.v(0)), this.v(1));
    return reshape(add(matmul(z, this.v(2)), this.v(3)), [B, this.numParticles, 4]);
  }

  dispose(): void {
    for (const p of this.params) p.variable.dispose();
  }
}

export const toyFactory: ModelFactory = {
  description: 'linear autoencoder on flattened four-momenta (tests only)',
  options: [{ name: 'latent', type: 'integer', default: 8, description: 'latent size (a multiple of 4)' }],
  create: (options, context) => new LinearAutoencoder(options.latent as number, context),
};

/**
 * ParticleMix: a learned complex linear map over particles and channels, per irrep.
 *
 * @packageDocumentation
 */
import { ShapeError, invalid } from '../errors';
import type { Irreps, IrrepsLike } from '../math/irreps';
import { initializers } from '../optim/init/initializers';
import { tidy } from '../tensor/memory';
import { mul } from '../tensor/ops/arithmetic';
import { matmul } from '../tensor/ops/matmul';
import { reshape } from '../tensor/ops/reshape';
import { Tensor, type Variable } from '../tensor/tensor';
import { type Features, checkFeatures, featureIrreps, makeFeatures } from './features';
import { positiveInt } from './lorentzian-bells';
import { type MixRepOptions, outputIrreps, readGain } from './mix-rep';
import { Module, moduleRandom, optionsOf } from './module';

/**
 * A complex linear map over the particle axis and the channels, per irrep:
 * out_rho[b, m, c', :] = sum_{n, c} W_rho[m, c', n, c] x_rho[b, n, c, :], with W_rho complex
 * [N_out C_out, N_in C_in]. Like {@link MixRep} it acts on channels only, so it commutes with
 * the Lorentz group; unlike it, each particle slot has its own weights, so it is not
 * permutation-invariant (by design: it is the learned "Mix" aggregation N -> 1 of the LGAE
 * encoder, and the decoder's N independent linear maps from the latent 1 -> N).
 *
 * Shapes: x parts [B, N_in, C_in, dim] -> [B, N_out, C_out, dim]. With a `mask` [B, N_in], masked
 * slots are zeroed before the map, so padding never reaches the output. Initialization: W complex
 * normal with E|W|^2 = gain^2 / (N_in C_in).
 *
 * @param irrepsIn - input irreps (each once, multiplicity = channels).
 * @param particlesIn - N_in.
 * @param particlesOut - N_out.
 * @param irrepsOut - channels per irrep (a number), or irreps present in the input.
 * @throws {@link ConfigError} for bad counts, output irreps absent from the input, a bad gain, or a
 *   missing seed / random.
 *
 * @example
 * ```ts
 * import { ParticleMix, makeFeatures, ones } from 'lorentz-irreps';
 * const expand = new ParticleMix('2x(1/2,1/2)', 1, 30, 4, { seed: 2 }); // latent -> 30 particles
 * const latent = makeFeatures('2x(1/2,1/2)', [ones([8, 1, 2, 4], { complex: true })]);
 * console.assert(expand.apply(latent).parts[0].shape.join() === '8,30,4,4');
 * expand.dispose();
 * ```
 */
export class ParticleMix extends Module {
  readonly irrepsIn: Irreps;
  readonly irrepsOut: Irreps;
  readonly particlesIn: number;
  readonly particlesOut: number;
  private readonly plan: { readonly input: number; readonly weight: Variable }[];

  constructor(irrepsIn: IrrepsLike, particlesIn: number, particlesOut: number, irrepsOut: IrrepsLike | number, options?: MixRepOptions) {
    const fn = 'ParticleMix';
    const o = optionsOf(fn, options);
    super(o.name, 'particleMix');
    this.irrepsIn = featureIrreps(fn, 'irrepsIn', irrepsIn);
    this.particlesIn = positiveInt(fn, 'particlesIn', particlesIn);
    this.particlesOut = positiveInt(fn, 'particlesOut', particlesOut);
    this.irrepsOut = outputIrreps(fn, this.irrepsIn, irrepsOut);
    const gain = readGain(fn, o.gain ?? 1);
    const random = moduleRandom(fn, o);
    this.plan = this.irrepsOut.entries.map(({ mul: cout, irrep }) => {
      const input = this.irrepsIn.entries.findIndex((e) => e.irrep === irrep);
      const fanIn = this.particlesIn * this.irrepsIn.entries[input].mul;
      const init = initializers.normal({ std: gain / Math.sqrt(fanIn), complex: true, random, dtype: o.dtype });
      return { input, weight: this.addParameter(`weight.${irrep}`, init.tensor([this.particlesOut * cout, fanIn])) };
    });
  }

  protected describe(): string {
    return `${this.particlesIn} x ${this.irrepsIn} -> ${this.particlesOut} x ${this.irrepsOut}`;
  }

  /**
   * Maps the particles and channels of each irrep.
   * @param x - features of {@link ParticleMix.irrepsIn}, parts [B, N_in, C_in, dim].
   * @param mask - optional real [B, N_in] (1 particle, 0 padding).
   * @returns features of {@link ParticleMix.irrepsOut}, parts [B, N_out, C_out, dim].
   * @throws {@link ShapeError} for features of other irreps, another particle count, or a bad mask.
   */
  apply(x: Features, mask?: Tensor): Features {
    const fn = 'ParticleMix.apply';
    const lead = checkFeatures(fn, 'x', x, this.irrepsIn, 2);
    const [b, n] = lead;
    if (n !== this.particlesIn) throw new ShapeError(invalid(fn, 'x', `features of ${this.particlesIn} particles`, n));
    if (mask !== undefined && (!(mask instanceof Tensor) || mask.complex || mask.shape.join() !== `${b},${n}`)) {
      throw new ShapeError(invalid(fn, 'mask', `a real tensor [${b}, ${n}]`, mask instanceof Tensor ? mask.shape : mask));
    }
    const parts = tidy(() => {
      const m4 = mask === undefined ? null : reshape(mask, [b, n, 1, 1]);
      return this.plan.map(({ input, weight }, k) => {
        const { mul: cout, irrep } = this.irrepsOut.entries[k];
        const part = m4 === null ? x.parts[input] : mul(x.parts[input], m4);
        const flat = reshape(part, [b, part.shape[1] * part.shape[2], irrep.dim]);
        return reshape(matmul(this.param(weight), flat), [b, this.particlesOut, cout, irrep.dim]);
      });
    });
    return makeFeatures(this.irrepsOut, parts);
  }
}

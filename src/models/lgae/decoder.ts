/**
 * The decoder of the Lorentz group autoencoder (LGAE).
 *
 * @packageDocumentation
 */
import { ConfigError, invalid } from '../../errors';
import { Irreps } from '../../math/irreps';
import { type Features, checkFeatures, makeFeatures } from '../../nn/features';
import { LMPLayer } from '../../nn/lmp-layer';
import { positiveInt } from '../../nn/lorentzian-bells';
import { MixRep } from '../../nn/mix-rep';
import { Module, type ModuleOptions, moduleRandom, optionsOf } from '../../nn/module';
import { featuresToFourMomenta } from '../../nn/output';
import { ParticleMix } from '../../nn/particle-mix';
import { irrepToFourVectors } from '../../nn/tensor-helpers';
import { tidy } from '../../tensor/memory';
import { reshape } from '../../tensor/ops/reshape';
import { slice } from '../../tensor/ops/slice';
import type { Tensor } from '../../tensor/tensor';
import type { LGAELayerOptions } from './encoder';

/** Options of {@link LGAEDecoder}. */
export interface LGAEDecoderOptions extends ModuleOptions {
  /** Number N of particles generated per jet (default 30). */
  readonly particles?: number;
  /** Complex scalars (0,0) in the latent (default 1). */
  readonly latentScalars?: number;
  /** Complex four-vectors (1/2,1/2) in the latent (default 2). */
  readonly latentVectors?: number;
  /** Output channels of the LMP layers (default [4, 4, 3, 3]); the latent is expanded to channels[0]. */
  readonly channels?: readonly number[];
  /** Options of every LMP layer (default: an MLP on the scalars after each layer, as the reference). */
  readonly layer?: LGAELayerOptions;
}

/**
 * The LGAE decoder: a latent of complex scalars and four-vectors per jet to N particle
 * four-momenta.
 *
 * ```text
 * latent (s x(0,0) + k x(1/2,1/2), lead [B])
 *   --ParticleMix 1 -> N-->  C0x(0,0) + C0x(1/2,1/2) per particle (N independent linear maps)
 *   --LMP x 4-->             channels 4, 4, 3, 3 (the last keeps (1/2,1/2) only)
 *   --MixRep-->              1x(1/2,1/2) per particle
 *   --Re(U^H .)-->           p [B, N, 4] (E, px, py, pz) in the model's unit
 * ```
 *
 * Positions of the message passing: the generated particles have no input momenta, so the LMP
 * layers use the real four-vectors Re(U^H x) of channel 0 of the (1/2,1/2) features produced by
 * the N linear maps (equivariant, since L(g) is real; they depend on the latent and the weights
 * and are differentiated through). Every generated particle is real (no mask). The output is
 * equivariant: p(g.latent) = L(g) p(latent).
 *
 * @throws {@link ConfigError} for bad options or a missing seed / random.
 *
 * @example
 * ```ts
 * import { LGAEDecoder, makeFeatures, complexTensor } from 'lorentz-irreps';
 * const decoder = new LGAEDecoder({ particles: 5, seed: 2 });
 * const latent = makeFeatures(decoder.irrepsIn, [
 *   complexTensor([0.3], [0.1], [1, 1, 1]),
 *   complexTensor([1, 0.1, 0.8, -0.1, 0.5, 0, 0.4, 0], new Float64Array(8), [1, 2, 4]),
 * ]);
 * const p = decoder.apply(latent);
 * console.assert(p.shape.join() === '1,5,4' && decoder.irrepsIn.toString() === '1x(0,0)+2x(1/2,1/2)');
 * decoder.dispose();
 * ```
 */
export class LGAEDecoder extends Module {
  readonly irrepsIn: Irreps;
  readonly irrepsOut: Irreps;
  readonly particles: number;
  readonly expand: ParticleMix;
  readonly layers: readonly LMPLayer[];
  readonly outputMix: MixRep;

  constructor(options: LGAEDecoderOptions = {}) {
    const fn = 'LGAEDecoder';
    const o = optionsOf(fn, options);
    super(o.name, 'decoder');
    const random = moduleRandom(fn, o);
    this.particles = positiveInt(fn, 'options.particles', o.particles ?? 30);
    const channels = o.channels ?? [4, 4, 3, 3];
    if (!Array.isArray(channels) || channels.length === 0) throw new ConfigError(invalid(fn, 'options.channels', 'a non-empty array of positive integers', channels));
    channels.forEach((c, k) => positiveInt(fn, `options.channels[${k}]`, c));
    const scalars = positiveInt(fn, 'options.latentScalars', o.latentScalars ?? 1);
    const vectors = positiveInt(fn, 'options.latentVectors', o.latentVectors ?? 2);
    this.irrepsIn = Irreps.from([
      [scalars, '(0,0)'],
      [vectors, '(1/2,1/2)'],
    ]);
    this.irrepsOut = Irreps.parse('1x(1/2,1/2)');
    const common = { random, dtype: o.dtype };
    this.expand = this.addModule('expand', new ParticleMix(this.irrepsIn, 1, this.particles, channels[0], { ...common, name: `${this.name}.expand` }));
    const layerOptions: LGAELayerOptions = { mlp: true, ...(o.layer ?? {}) };
    const layers: LMPLayer[] = [];
    let irreps = this.expand.irrepsOut;
    channels.forEach((c, k) => {
      // The last layer feeds only the four-vector output: it keeps (1/2,1/2) alone, so that no
      // parameter computes values nothing reads.
      const last = k === channels.length - 1 ? { keep: '(1/2,1/2)', mlp: false } : {};
      const layer = this.addModule(`lmp${k}`, new LMPLayer(irreps, c, { ...layerOptions, ...last, ...common, name: `${this.name}.lmp${k}` }));
      layers.push(layer);
      irreps = layer.irrepsOut;
    });
    this.layers = Object.freeze(layers);
    this.outputMix = this.addModule('outputMix', new MixRep(irreps, this.irrepsOut, { ...common, name: `${this.name}.outputMix` }));
  }

  protected describe(): string {
    return `${this.irrepsIn} -> ${this.particles} particles, LMP ${this.layers.map((l) => l.channels).join(',')} -> four-momenta`;
  }

  /**
   * Decodes latents into jets.
   * @param latent - features of {@link LGAEDecoder.irrepsIn} with lead [B] (parts [B, mul, dim]).
   * @returns real four-momenta [B, N, 4] in the model's unit.
   * @throws {@link ShapeError} for features of other irreps or shapes.
   */
  apply(latent: Features): Tensor {
    const [b] = checkFeatures('LGAEDecoder.apply', 'latent', latent, this.irrepsIn, 1);
    const n = this.particles;
    return tidy(() => {
      const asParticle = makeFeatures(
        this.irrepsIn,
        latent.parts.map((p) => reshape(p, [b, 1, p.shape[1], p.shape[2]])),
      );
      let x = this.expand.apply(asParticle);
      const vectors = x.parts[x.irreps.entries.findIndex((e) => e.irrep.toString() === '(1/2,1/2)')];
      const positions = reshape(irrepToFourVectors(slice(vectors, [0, 0, 0, 0], [b, n, 1, 4])), [b, n, 4]);
      for (const layer of this.layers) x = layer.apply(x, positions);
      return reshape(featuresToFourMomenta(this.outputMix.apply(x)), [b, n, 4]);
    });
  }
}

/**
 * The encoder of the Lorentz group autoencoder (LGAE).
 *
 * @packageDocumentation
 */
import { ConfigError, invalid } from '../../errors';
import { Irreps } from '../../math/irreps';
import { ParticleAggregation } from '../../nn/aggregation';
import type { Features } from '../../nn/features';
import { InputLayer, type ParticleInvariant } from '../../nn/input-layer';
import { LMPLayer, type LMPLayerOptions } from '../../nn/lmp-layer';
import { MixRep } from '../../nn/mix-rep';
import { Module, type ModuleOptions, moduleRandom, optionsOf } from '../../nn/module';
import { positiveInt } from '../../nn/lorentzian-bells';
import { tidy } from '../../tensor/memory';
import type { Tensor } from '../../tensor/tensor';

/** Options of the LMP layers of an LGAE (everything but naming and initialization). */
export type LGAELayerOptions = Omit<LMPLayerOptions, keyof ModuleOptions>;

/** Options of {@link LGAEEncoder}. */
export interface LGAEEncoderOptions extends ModuleOptions {
  /** Required: the factor from the data's momentum unit to the model's (see {@link InputLayer}). */
  readonly scale: number;
  /** Number N of particle slots per jet (required for the 'mix' aggregation). */
  readonly particles?: number;
  /** Output channels of the LMP layers (default [3, 3, 4, 4]); the input is mixed to channels[0] first. */
  readonly channels?: readonly number[];
  /** Complex scalars (0,0) in the latent (default 1). */
  readonly latentScalars?: number;
  /** Complex four-vectors (1/2,1/2) in the latent (default 2). */
  readonly latentVectors?: number;
  /** 'mix' (learned map of all particles, default) or 'minmax' (equivariant min and max by the scalar invariant). */
  readonly aggregation?: 'mix' | 'minmax';
  /**
   * Invariants of each input momentum as (0,0) input channels (default ['one', 'massSquared']: a
   * constant channel, which keeps the scalar path alive for massless particles such as JetNet's,
   * and the squared mass).
   */
  readonly invariants?: readonly ParticleInvariant[];
  /** Extra per-particle Lorentz scalars (default 0). */
  readonly scalars?: number;
  /** Options of every LMP layer (default: an MLP on the scalars after each layer, as the reference). */
  readonly layer?: LGAELayerOptions;
}

/**
 * The LGAE encoder (Hao, Kansal, Duarte, Chernyavskaya 2023): jets of N particle four-momenta to
 * a Lorentz-covariant latent of complex scalars and four-vectors.
 *
 * ```text
 * p [B, N, 4] --InputLayer--> (I + S)x(0,0) + 1x(1/2,1/2) per particle
 *             --MixRep-->     C0x(0,0) + C0x(1/2,1/2)
 *             --LMP x 4-->    channels 3, 3, 4, 4 (positions: the scaled input momenta)
 *             --aggregate-->  latentScalars x(0,0) + latentVectors x(1/2,1/2) per jet
 * ```
 *
 * Aggregation 'mix': a learned complex linear map of all N particles' channels to the latent
 * ({@link ParticleAggregation} 'mix'); it is Lorentz-equivariant but NOT permutation invariant
 * (each particle slot has its own weights, as in the reference). 'minmax': per channel the whole
 * feature of the particle with the smallest and the largest Re of its scalar channel (equivariant
 * and permutation invariant), then a {@link MixRep} to the latent. Padded particles (mask 0, or
 * all-zero momenta) are ignored throughout.
 *
 * @throws {@link ConfigError} for bad options (scale, channels, latent sizes, aggregation, missing
 *   particles for 'mix', missing seed / random).
 *
 * @example
 * ```ts
 * import { LGAEEncoder, tensor } from 'lorentz-irreps';
 * const encoder = new LGAEEncoder({ scale: 1, particles: 3, seed: 1 });
 * const p = tensor([[[1, 0.2, 0.1, 0.9], [0.5, -0.1, 0.2, 0.4], [0.8, 0, -0.3, 0.7]]]);
 * const latent = encoder.apply(p);
 * console.assert(encoder.irrepsOut.toString() === '1x(0,0)+2x(1/2,1/2)');
 * console.assert(latent.parts[1].shape.join() === '1,2,4');
 * encoder.dispose();
 * ```
 */
export class LGAEEncoder extends Module {
  readonly irrepsIn: Irreps;
  readonly irrepsOut: Irreps;
  readonly input: InputLayer;
  readonly inputMix: MixRep;
  readonly layers: readonly LMPLayer[];
  readonly aggregation: ParticleAggregation;
  /** The mix of the min / max channels to the latent ('minmax' only). */
  readonly latentMix: MixRep | null;

  constructor(options: LGAEEncoderOptions) {
    const fn = 'LGAEEncoder';
    const o = optionsOf(fn, options);
    super(o.name, 'encoder');
    const random = moduleRandom(fn, o);
    const channels = o.channels ?? [3, 3, 4, 4];
    if (!Array.isArray(channels) || channels.length === 0) throw new ConfigError(invalid(fn, 'options.channels', 'a non-empty array of positive integers', channels));
    channels.forEach((c, k) => positiveInt(fn, `options.channels[${k}]`, c));
    const scalars = positiveInt(fn, 'options.latentScalars', o.latentScalars ?? 1);
    const vectors = positiveInt(fn, 'options.latentVectors', o.latentVectors ?? 2);
    const mode = o.aggregation ?? 'mix';
    if (mode !== 'mix' && mode !== 'minmax') throw new ConfigError(invalid(fn, 'options.aggregation', "'mix' or 'minmax'", mode));
    const latent = Irreps.from([
      [scalars, '(0,0)'],
      [vectors, '(1/2,1/2)'],
    ]);
    const common = { random, dtype: o.dtype };
    this.input = this.addModule('input', new InputLayer({ scale: o.scale, invariants: o.invariants ?? ['one', 'massSquared'], scalars: o.scalars, dtype: o.dtype, name: `${this.name}.input` }));
    this.inputMix = this.addModule('inputMix', new MixRep(this.input.irrepsOut, channels[0], { ...common, name: `${this.name}.inputMix` }));
    const layerOptions: LGAELayerOptions = { mlp: true, ...(o.layer ?? {}) };
    const layers: LMPLayer[] = [];
    let irreps = this.inputMix.irrepsOut;
    channels.forEach((c, k) => {
      const layer = this.addModule(`lmp${k}`, new LMPLayer(irreps, c, { ...layerOptions, ...common, name: `${this.name}.lmp${k}` }));
      layers.push(layer);
      irreps = layer.irrepsOut;
    });
    this.layers = Object.freeze(layers);
    if (mode === 'mix') {
      const particles = positiveInt(fn, 'options.particles', o.particles);
      this.aggregation = this.addModule('aggregation', new ParticleAggregation(irreps, 'mix', { ...common, particles, irrepsOut: latent, name: `${this.name}.aggregation` }));
      this.latentMix = null;
    } else {
      this.aggregation = this.addModule('aggregation', new ParticleAggregation(irreps, 'minmax', { name: `${this.name}.aggregation` }));
      this.latentMix = this.addModule('latentMix', new MixRep(this.aggregation.irrepsOut, latent, { ...common, name: `${this.name}.latentMix` }));
    }
    this.irrepsIn = this.input.irrepsIn;
    this.irrepsOut = latent;
  }

  protected describe(): string {
    const widths = this.layers.map((l) => l.channels).join(',');
    return `N x ${this.irrepsIn} -> LMP ${widths} -> ${this.aggregation.mode} -> ${this.irrepsOut}`;
  }

  /**
   * Encodes a batch of jets.
   * @param p - real four-momenta [B, N, 4] in the data's unit (scaled by `options.scale`).
   * @param options - `scalars` [B, N, S] when the encoder takes extra scalars; `mask` [B, N].
   * @returns the latent: features of {@link LGAEEncoder.irrepsOut} with lead [B].
   * @throws {@link ShapeError} for inputs of the wrong shapes.
   */
  apply(p: Tensor, options: { readonly scalars?: Tensor; readonly mask?: Tensor } = {}): Features {
    return tidy(() => {
      const { features, positions, mask } = this.input.apply(p, options);
      let x = this.inputMix.apply(features);
      for (const layer of this.layers) x = layer.apply(x, positions, mask);
      const agg = this.aggregation.apply(x, mask);
      return this.latentMix === null ? agg : this.latentMix.apply(agg);
    });
  }
}

/**
 * The graph neural network autoencoder (GNNAE) baseline of the LGAE paper (appendix A.2), on the
 * particle features (etarel, phirel, ptrel), with a jet-level or a particle-level latent space.
 *
 * @packageDocumentation
 */
import { ConfigError, ShapeError, invalid } from '../../errors';
import { Irreps } from '../../math/irreps';
import { Module, type ModuleOptions, moduleRandom, optionsOf } from '../../nn/module';
import { tidy } from '../../tensor/memory';
import { leakyRelu } from '../../tensor/ops/activations';
import { mul } from '../../tensor/ops/arithmetic';
import { expandDims, reshape } from '../../tensor/ops/reshape';
import type { Tensor } from '../../tensor/tensor';
import { Linear, sizeOption } from './linear';
import { type MessageAggregation, MessagePassing, checkNodes, maskedMean } from './message-passing';
import { LEAKY_SLOPE } from './mlp';
import { type ModelSymmetries, symmetryTable } from './symmetries';

/** Where the GNNAE's latent space lives: one vector per jet, or one per particle. */
export type GNNAELevel = 'jet' | 'particle';

/** Options of {@link GNNAE}. */
export interface GNNAEOptions extends ModuleOptions {
  /** 'jet' (GNNAE-JL) or 'particle' (GNNAE-PL). */
  readonly level: GNNAELevel;
  /** Particle slots N (required for 'jet': the decoder's linear map makes N particles; null or absent for 'particle'). */
  readonly numParticles?: number | null;
  /** Features per particle F (default 3: etarel, phirel, ptrel). */
  readonly inputSize?: number;
  /** Latent size: dim(L) per jet for 'jet' (default 55), d per particle for 'particle' (default 2). */
  readonly latentSize?: number;
  /** Width of the node features between MPNN layers (default 32). */
  readonly nodeSize?: number;
  /** Width of the messages (default 32). */
  readonly messageSize?: number;
  /** Width of the hidden layer of every edge and node network (default 32). */
  readonly hiddenSize?: number;
  /** How each MPNN layer combines messages: 'mean' (default) or 'sum' (the paper's formula; see the class notes). */
  readonly aggregation?: MessageAggregation;
}

/** The architecture of a {@link GNNAE} as plain JSON (what `new GNNAE(config)` rebuilds). */
export interface GNNAEConfig {
  readonly level: GNNAELevel;
  readonly numParticles: number | null;
  readonly inputSize: number;
  readonly latentSize: number;
  readonly nodeSize: number;
  readonly messageSize: number;
  readonly hiddenSize: number;
  readonly aggregation: MessageAggregation;
}

/**
 * The GNNAE baseline: three fully connected {@link MessagePassing} layers in the encoder and three
 * in the decoder, on particle features x [B, N, F] (F = 3: etarel, phirel, ptrel) with a particle
 * mask [B, N].
 *
 * ```text
 * encoder:  F -> nodeSize -> nodeSize -> latentSize              (3 MPNN layers, the last without activation)
 * 'jet':      z = masked mean over the real particles            [B, latentSize]
 *             decoder input = LeakyReLU(Linear(latentSize -> N nodeSize)), reshaped [B, N, nodeSize]
 * 'particle': z = the per-particle latent                        [B, N, latentSize]
 * decoder:  (nodeSize | latentSize) -> nodeSize -> nodeSize -> F (3 MPNN layers, the last without activation)
 * ```
 *
 * Every MPNN layer follows the paper's update rule m_i = sum_j f_e(x_i, x_j, d(x_i, x_j)),
 * x_i' = f_n(x_i, m_i), except that by default the messages are averaged over the real particles
 * instead of summed (`aggregation: 'sum'` follows the paper literally): with sums, the feature
 * scale grows with the particle count through the six layers, and an untrained network on 30
 * particles gives etarel values whose cosh overflows when converted back to four-momenta. With message width `messageSize` and edge and node networks with one hidden
 * layer of `hiddenSize`, LeakyReLU(0.2) activations; the edge feature d is the Euclidean
 * distance between the two particles' current features. Defaults (our choice in the spirit of
 * the paper, whose appendix fixes the layer count, the update rule, the activations and the
 * edge feature): nodeSize = messageSize = hiddenSize = 32, latentSize 55 (jet) or 2 (particle). Padded particles neither
 * send nor receive messages, do not enter the mean, and are reconstructed as 0 (the decoder
 * takes the same mask). Parameters are named `enc0..enc2`, `expand` ('jet' only), `dec0..dec2`.
 *
 * Symmetries ({@link GNNAE.symmetries}): the jet-level latent is invariant and the particle-level
 * latent and output are equivariant under permutations of the real particles. Edge features are
 * invariant under a common translation of the features (in particular of (etarel, phirel)), but
 * the node networks read the features themselves, so neither the latent nor the output is.
 * No rotation or Lorentz symmetry.
 *
 * @example
 * ```ts
 * import { GNNAE, tensor } from 'lorentz-irreps';
 * const ae = new GNNAE({ level: 'jet', numParticles: 3, latentSize: 4, nodeSize: 5, messageSize: 5, hiddenSize: 6, seed: 0 });
 * const x = tensor([[[0.1, 0.0, 0.6], [-0.1, 0.2, 0.4], [0, 0, 0]]]);
 * const mask = tensor([[1, 1, 0]]);
 * console.assert(ae.encode(x, mask).shape.join() === '1,4');
 * const y = ae.apply(x, mask);
 * console.assert(y.shape.join() === '1,3,3' && y.dataSync().slice(6).every((v) => v === 0));
 * console.assert(GNNAE.symmetries.jet.permutation.respected && !GNNAE.symmetries.jet.lorentz.respected);
 * ae.dispose();
 * ```
 */
export class GNNAE extends Module {
  /** The symmetry table of each form (every `respected: true` claim is tested). */
  static readonly symmetries: { readonly jet: ModelSymmetries; readonly particle: ModelSymmetries } = Object.freeze({
    jet: symmetryTable({
      permutation: { respected: true, note: 'latent invariant under permutations of the real particles (mean pooling); the output is not equivariant (the linear expansion fixes an order)' },
      translation: { respected: false, note: 'edge features (feature distances) are invariant under a common (eta, phi) translation; node networks see absolute features, so latent and output are not' },
      rotation: { respected: false, note: 'no rotation symmetry in (eta, phi)' },
      lorentz: { respected: false, note: 'works on (etarel, phirel, ptrel); no Lorentz symmetry' },
    }),
    particle: symmetryTable({
      permutation: { respected: true, note: 'per-particle latent and output equivariant under permutations of the real particles' },
      translation: { respected: false, note: 'edge features (feature distances) are invariant under a common (eta, phi) translation; node networks see absolute features, so latent and output are not' },
      rotation: { respected: false, note: 'no rotation symmetry in (eta, phi)' },
      lorentz: { respected: false, note: 'works on (etarel, phirel, ptrel); no Lorentz symmetry' },
    }),
  });

  readonly irrepsIn: Irreps = Irreps.EMPTY;
  readonly irrepsOut: Irreps = Irreps.EMPTY;
  private readonly cfg: GNNAEConfig;
  private readonly encoder: MessagePassing[];
  private readonly decoder: MessagePassing[];
  private readonly expand: Linear | null;

  /**
   * @param options - level, sizes, seed or random generator, dtype, name (default 'gnnae').
   * @throws {@link ConfigError} for an unknown level, a size that is not a positive integer, a
   *   missing numParticles for 'jet', or a missing seed.
   */
  constructor(options: GNNAEOptions) {
    const fn = 'GNNAE';
    const o = optionsOf(fn, options);
    super(o.name, 'gnnae');
    if (o.level !== 'jet' && o.level !== 'particle') throw new ConfigError(invalid(fn, 'options.level', "'jet' or 'particle'", o.level));
    if (o.aggregation !== undefined && o.aggregation !== 'sum' && o.aggregation !== 'mean') throw new ConfigError(invalid(fn, 'options.aggregation', "'sum' or 'mean'", o.aggregation));
    const jet = o.level === 'jet';
    if (jet) sizeOption(fn, 'options.numParticles', o.numParticles);
    else if (o.numParticles !== undefined && o.numParticles !== null) sizeOption(fn, 'options.numParticles', o.numParticles);
    this.cfg = Object.freeze({
      level: o.level,
      numParticles: o.numParticles ?? null,
      inputSize: sizeOption(fn, 'options.inputSize', o.inputSize ?? 3),
      latentSize: sizeOption(fn, 'options.latentSize', o.latentSize ?? (jet ? 55 : 2)),
      nodeSize: sizeOption(fn, 'options.nodeSize', o.nodeSize ?? 32),
      messageSize: sizeOption(fn, 'options.messageSize', o.messageSize ?? 32),
      hiddenSize: sizeOption(fn, 'options.hiddenSize', o.hiddenSize ?? 32),
      aggregation: o.aggregation ?? 'mean',
    });
    const c = this.cfg;
    const random = moduleRandom(fn, o);
    const layer = (local: string, i: number, out: number, last: boolean): MessagePassing =>
      this.addModule(
        local,
        new MessagePassing(i, out, { random, dtype: o.dtype, name: `${this.name}.${local}`, messageSize: c.messageSize, hiddenSize: c.hiddenSize, aggregation: c.aggregation, activateOutput: !last }),
      );
    this.encoder = [layer('enc0', c.inputSize, c.nodeSize, false), layer('enc1', c.nodeSize, c.nodeSize, false), layer('enc2', c.nodeSize, c.latentSize, true)];
    this.expand = jet ? this.addModule('expand', new Linear(c.latentSize, (c.numParticles as number) * c.nodeSize, { random, dtype: o.dtype, name: `${this.name}.expand` })) : null;
    const decIn = jet ? c.nodeSize : c.latentSize;
    this.decoder = [layer('dec0', decIn, c.nodeSize, false), layer('dec1', c.nodeSize, c.nodeSize, false), layer('dec2', c.nodeSize, c.inputSize, true)];
  }

  /** The architecture (a frozen copy; `new GNNAE({ ...config, seed })` rebuilds it). */
  config(): GNNAEConfig {
    return this.cfg;
  }

  /** 'jet' or 'particle'. */
  get level(): GNNAELevel {
    return this.cfg.level;
  }

  protected describe(): string {
    const c = this.cfg;
    const latent = c.level === 'jet' ? `latent ${c.latentSize} per jet, N=${c.numParticles}` : `latent ${c.latentSize} per particle`;
    return `${c.level} level, ${c.inputSize} features, ${latent}, nodes ${c.nodeSize}, messages ${c.messageSize} (${c.aggregation}), hidden ${c.hiddenSize}`;
  }

  private check(fn: string, x: Tensor, mask: Tensor): void {
    checkNodes(fn, x, mask, this.cfg.inputSize);
    const N = this.cfg.numParticles;
    if (this.cfg.level === 'jet' && x.shape[1] !== N) {
      throw new ShapeError(invalid(fn, 'x', `a real tensor of shape [B, ${N}, ${this.cfg.inputSize}] (the model's particle slots)`, x.shape));
    }
  }

  /**
   * The latent representation.
   * @param x - real particle features [B, N, F].
   * @param mask - real [B, N], 1 for a particle and 0 for padding.
   * @returns 'jet': [B, latentSize]; 'particle': [B, N, latentSize] (0 on padded particles).
   * @throws {@link ShapeError} for shapes that do not fit.
   */
  encode(x: Tensor, mask: Tensor): Tensor {
    this.check('GNNAE.encode', x, mask);
    return tidy(() => {
      let h = x;
      for (const l of this.encoder) h = l.apply(h, mask);
      return this.cfg.level === 'jet' ? maskedMean(h, mask) : h;
    });
  }

  /**
   * Reconstructs particle features from a latent representation.
   * @param z - 'jet': [B, latentSize]; 'particle': [B, N, latentSize].
   * @param mask - real [B, N]: which particle slots to reconstruct (the rest are 0).
   * @returns real [B, N, F].
   * @throws {@link ShapeError} for shapes that do not fit.
   */
  decode(z: Tensor, mask: Tensor): Tensor {
    const fn = 'GNNAE.decode';
    const c = this.cfg;
    if (c.level === 'jet') {
      const N = c.numParticles as number;
      if (z === null || typeof z !== 'object' || z.rank !== 2 || z.shape[1] !== c.latentSize) throw new ShapeError(invalid(fn, 'z', `a real tensor of shape [B, ${c.latentSize}]`, z?.shape));
      if (mask === null || typeof mask !== 'object' || mask.rank !== 2 || mask.shape[0] !== z.shape[0] || mask.shape[1] !== N) {
        throw new ShapeError(invalid(fn, 'mask', `a real tensor of shape [${z.shape[0]}, ${N}]`, mask?.shape));
      }
    } else {
      checkNodes(fn, z, mask, c.latentSize);
    }
    return tidy(() => {
      let h: Tensor = z;
      if (this.expand !== null) {
        const B = z.shape[0];
        h = mul(reshape(leakyRelu(this.expand.apply(z), LEAKY_SLOPE), [B, c.numParticles as number, c.nodeSize]), expandDims(mask, 2));
      }
      for (const l of this.decoder) h = l.apply(h, mask);
      return h;
    });
  }

  /**
   * Encodes and decodes: x [B, N, F], mask [B, N] -> the reconstruction [B, N, F].
   * @throws {@link ShapeError} for shapes that do not fit.
   */
  apply(x: Tensor, mask: Tensor): Tensor {
    return tidy(() => this.decode(this.encode(x, mask), mask));
  }

  /** The edge features of the first encoder layer, d_ij = sqrt(|x_i - x_j|^2 + 1e-12): [B, N, N]. */
  edgeFeatures(x: Tensor): Tensor {
    return this.encoder[0].edgeFeatures(x);
  }
}

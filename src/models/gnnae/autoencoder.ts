/**
 * The GNNAE as a {@link JetAutoencoder} on four-momenta: the form the trainer, the checkpoints
 * and the command line use (model kind 'gnnae').
 *
 * @packageDocumentation
 */
import { ConfigError, invalid } from '../../errors';
import type { NamedParameter } from '../../nn/module';
import { tensor } from '../../tensor/creation';
import { tidy } from '../../tensor/memory';
import type { Tensor } from '../../tensor/tensor';
import type { JsonObject } from '../../train/json';
import type { JetAutoencoder } from '../../train/model';
import type { ModelSymmetries } from '../../train/symmetries';
import type { ModelContext, ModelFactory } from '../../train/registry';
import { fourMomentaFromRelative, readRelative } from './four-momenta';
import { GNNAE, type GNNAELevel, type GNNAEOptions } from './gnnae';
import type { MessageAggregation } from './message-passing';

/** Options of {@link GNNAEJetAutoencoder}: those of {@link GNNAE} except the input width (always 3). */
export type GNNAEJetAutoencoderOptions = Omit<GNNAEOptions, 'inputSize'>;

/**
 * A {@link GNNAE} wrapped as a {@link JetAutoencoder} of kind 'gnnae'. `reconstruct(p, mask)`
 * converts the four-momenta p [B, N, 4] into relative features (etarel, phirel, ptrel) about each
 * jet's summed four-momentum ({@link fourMomentaToRelative}, on the host: the data need no
 * gradient), runs the GNNAE, and converts its output back into massless four-momenta about the
 * same jet axis and pt ({@link fourMomentaFromRelative}, with tensor ops, so gradients reach the
 * parameters). As in the paper, the jet's (pt, eta, phi) are not encoded: only the particles
 * relative to them are. The padded slots of the reconstruction are 0. There is no
 * `latentFourVectors`: the GNNAE's latent is not made of four-vectors.
 *
 * @example
 * ```ts
 * import { GNNAEJetAutoencoder, tensor } from 'lorentz-irreps';
 * const ae = new GNNAEJetAutoencoder({ level: 'particle', latentSize: 2, nodeSize: 4, messageSize: 4, hiddenSize: 4, seed: 0 });
 * const p = tensor([[[5, 3, 4, 0], [2.5, 0, 2, 1.5], [0, 0, 0, 0]]]);
 * const reco = ae.reconstruct(p, tensor([[1, 1, 0]]));
 * console.assert(reco.shape.join() === '1,3,4' && reco.dataSync().slice(8).every((v) => v === 0));
 * console.assert(ae.kind === 'gnnae' && ae.config().level === 'particle');
 * ae.dispose();
 * ```
 */
export class GNNAEJetAutoencoder implements JetAutoencoder {
  /** The registered kind. */
  readonly kind = 'gnnae';
  /** The wrapped network (on relative features). */
  readonly model: GNNAE;
  /** The symmetry table of the wrapped network's level ({@link GNNAE.symmetries}). */
  readonly symmetries: ModelSymmetries;

  /**
   * @param options - as for {@link GNNAE} (numParticles required at jet level).
   * @throws {@link ConfigError} as {@link GNNAE} does.
   */
  constructor(options: GNNAEJetAutoencoderOptions) {
    if (options === null || typeof options !== 'object') throw new ConfigError(invalid('GNNAEJetAutoencoder', 'options', 'an object', options));
    this.model = new GNNAE({ ...options, inputSize: 3 });
    this.symmetries = GNNAE.symmetries[this.model.config().level];
  }

  /** The architecture as JSON: level, latentSize, nodeSize, messageSize, hiddenSize, aggregation (the particle slots come from the model context). */
  config(): JsonObject {
    const { level, latentSize, nodeSize, messageSize, hiddenSize, aggregation } = this.model.config();
    return { level, latentSize, nodeSize, messageSize, hiddenSize, aggregation };
  }

  /** The parameters of the wrapped GNNAE, e.g. 'enc0.edge.l0.w'. */
  namedParameters(): readonly NamedParameter[] {
    return this.model.namedParameters();
  }

  /**
   * Reconstructs jets of four-momenta.
   * @param p - real [B, N, 4] (E, px, py, pz), padded slots 0.
   * @param mask - real [B, N], 1 for a particle and 0 for padding.
   * @returns real [B, N, 4], massless, in the unit of p; 0 on padded slots.
   * @throws {@link ShapeError} for shapes that do not fit; {@link DataError} for a jet without
   *   real particles or a real particle with pt = 0 (its relative features are undefined).
   */
  reconstruct(p: Tensor, mask: Tensor): Tensor {
    const { B, N, rel, jets } = readRelative('GNNAEJetAutoencoder.reconstruct', p, mask);
    const features = new Float64Array(B * N * 3);
    for (let k = 0; k < B * N; k++) features.set(rel.particleFeatures.subarray(4 * k, 4 * k + 3), 3 * k);
    return tidy(() => {
      const x = tensor(features, [B, N, 3], { dtype: p.dtype });
      return fourMomentaFromRelative(this.model.apply(x, mask), tensor(jets, [B, 3], { dtype: p.dtype }), mask);
    });
  }

  /** Frees the variables. */
  dispose(): void {
    this.model.dispose();
  }
}

/**
 * The factory of model kind 'gnnae' (registered by importing the package). Options: `level`
 * ('jet' or 'particle', default 'jet'), `latentSize` (default 55 at jet level, 2 at particle
 * level), `nodeSize`, `messageSize`, `hiddenSize` (default 32 each), `aggregation` ('mean' or
 * 'sum', default 'mean'); the particle slots and the
 * seed come from the {@link ModelContext}.
 *
 * @example
 * ```ts
 * import { createModel } from 'lorentz-irreps';
 * const ae = createModel('gnnae', { level: 'particle', nodeSize: 4, messageSize: 4, hiddenSize: 4 }, { seed: 1, numParticles: 30, units: 'TeV' });
 * console.assert(ae.kind === 'gnnae' && ae.config().latentSize === 2);
 * ae.dispose();
 * ```
 */
export const GNNAE_FACTORY: ModelFactory = Object.freeze({
  description: 'graph neural network autoencoder baseline (message passing on etarel, phirel, ptrel; jet- or particle-level latent)',
  options: Object.freeze([
    { name: 'level', type: 'string', choices: ['jet', 'particle'], default: 'jet', description: "latent space: one vector per jet ('jet') or per particle ('particle')" },
    { name: 'latentSize', type: 'integer', alias: 'latent', description: 'latent size per jet (default 55) or per particle (default 2)' },
    { name: 'nodeSize', type: 'integer', default: 32, description: 'width of the node features between message-passing layers' },
    { name: 'messageSize', type: 'integer', default: 32, description: 'width of the messages' },
    { name: 'hiddenSize', type: 'integer', default: 32, description: 'hidden width of every edge and node network' },
    { name: 'aggregation', type: 'string', choices: ['mean', 'sum'], default: 'mean', description: 'how each message-passing layer combines the messages a particle receives' },
  ] as const),
  create(options: JsonObject, context: ModelContext): JetAutoencoder {
    const level = (options.level ?? 'jet') as GNNAELevel;
    const num = (k: string): number | undefined => (options[k] === undefined ? undefined : (options[k] as number));
    return new GNNAEJetAutoencoder({
      level,
      numParticles: level === 'jet' ? context.numParticles : null,
      latentSize: num('latentSize'),
      nodeSize: num('nodeSize'),
      messageSize: num('messageSize'),
      hiddenSize: num('hiddenSize'),
      aggregation: options.aggregation === undefined ? undefined : (options.aggregation as MessageAggregation),
      seed: context.seed,
    });
  },
});

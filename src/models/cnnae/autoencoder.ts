/**
 * The CNNAE as a {@link JetAutoencoder} on four-momenta (model kind 'cnnae'): jets are pixelated,
 * reconstructed as images, and the image is given back as massless pixel pseudo-particles.
 *
 * @packageDocumentation
 */
import { ConfigError, invalid } from '../../errors';
import { jetImages } from '../../jets/images';
import type { NamedParameter } from '../../nn/module';
import { ones, tensor } from '../../tensor/creation';
import { tidy } from '../../tensor/memory';
import { mul, sub } from '../../tensor/ops/arithmetic';
import { mean, sum } from '../../tensor/ops/reduce';
import { square } from '../../tensor/ops/unary';
import { expandDims, reshape } from '../../tensor/ops/reshape';
import { concat } from '../../tensor/ops/slice';
import type { Tensor } from '../../tensor/tensor';
import type { JsonObject } from '../../train/json';
import type { JetAutoencoder } from '../../train/model';
import type { ModelSymmetries } from '../../train/symmetries';
import type { ModelContext, ModelFactory } from '../../train/registry';
import { fourMomentaFromRelative, readRelative } from '../gnnae/four-momenta';
import { CNNAE, type CNNAEOptions } from './cnnae';
import { jetImageTensor } from './image-tensor';

/** Options of {@link CNNAEJetAutoencoder}: those of {@link CNNAE} and the image window. */
export interface CNNAEJetAutoencoderOptions extends CNNAEOptions {
  /** Half-width R of the (etarel, phirel) window of the images (default 0.8). */
  readonly range?: number;
}

/**
 * A {@link CNNAE} wrapped as a {@link JetAutoencoder} of kind 'cnnae'. `reconstruct(p, mask)`
 * converts the four-momenta p [B, N, 4] into relative features about each jet's summed
 * four-momentum, pixelates them ({@link jetImages}, S x S over [-R, R)^2) and normalizes each image
 * to unit sum, runs the CNNAE, and returns the reconstructed image as S^2 massless
 * pseudo-particles, one per pixel (row-major, eta bin then phi bin), at the pixel centre
 * (etarel, phirel) with ptrel = pixel value times the jet's ptrel inside the window, converted
 * about the jet axis and pt with tensor ops ({@link fourMomentaFromRelative}): [B, S^2, 4].
 *
 * Training and anomaly score, as in the paper: the CNNAE trains on the MSE between the jet image
 * x (normalized to unit sum) and its reconstruction y (a softmax over the pixels).
 * {@link CNNAEJetAutoencoder.trainingLoss} gives the per-jet sum_ij (y - x)^2 (that is S^2 times
 * the pixel mean; the sum keeps the gradients of pixels ~1/S^2 well above Adam's epsilon), which
 * the trainer uses by default (loss 'model'); {@link CNNAEJetAutoencoder.anomalyScores} gives the
 * per-jet image MSE, mean_ij (y - x)^2, as the score 'imageMse' of the evaluation's anomaly table.
 * The pseudo-particles of `reconstruct` feed the particle-level scores and the reconstruction
 * table; the reconstruction has N' = S^2 slots, so a particle loss asked for explicitly must be a
 * set loss ('chamfer'; 'hungarian' cannot pair 1600 with N, the ordered 'mse' does not apply).
 *
 * @example
 * ```ts
 * import { CNNAEJetAutoencoder, tensor } from 'lorentz-irreps';
 * const ae = new CNNAEJetAutoencoder({ imageSize: 4, channels: 2, latentSize: 2, seed: 0 });
 * const p = tensor([[[5, 3, 4, 0], [2.5, 0, 2, 1.5], [0, 0, 0, 0]]]);
 * console.assert(ae.reconstruct(p, tensor([[1, 1, 0]])).shape.join() === '1,16,4');
 * console.assert(ae.kind === 'cnnae' && ae.config().imageSize === 4);
 * console.assert(ae.trainingLoss(p, tensor([[1, 1, 0]])).shape.join() === '1' && ae.anomalyScores(p, tensor([[1, 1, 0]])).imageMse.length === 1);
 * ae.dispose();
 * ```
 */
export class CNNAEJetAutoencoder implements JetAutoencoder {
  /** The registered kind. */
  readonly kind = 'cnnae';
  /** The wrapped network (on images). */
  readonly model: CNNAE;
  /** Half-width R of the image window. */
  readonly range: number;
  /** The symmetry table (that of {@link CNNAE}: images do not depend on the particle order). */
  readonly symmetries: ModelSymmetries = CNNAE.symmetries;
  private readonly centres: Float64Array;

  /**
   * @param options - as for {@link CNNAE}, plus the window half-width `range`.
   * @throws {@link ConfigError} as {@link CNNAE} does, or for a range that is not a finite number > 0.
   */
  constructor(options: CNNAEJetAutoencoderOptions) {
    const fn = 'CNNAEJetAutoencoder';
    if (options === null || typeof options !== 'object') throw new ConfigError(invalid(fn, 'options', 'an object', options));
    const range = options.range ?? 0.8;
    if (typeof range !== 'number' || !Number.isFinite(range) || range <= 0) throw new ConfigError(invalid(fn, 'options.range', 'a finite number > 0', range));
    this.range = range;
    const { imageSize, channels, latentSize, name, seed, random, dtype } = options;
    this.model = new CNNAE({ imageSize, channels, latentSize, name, seed, random, dtype });
    const S = this.model.config().imageSize;
    this.centres = new Float64Array(S);
    for (let k = 0; k < S; k++) this.centres[k] = -range + ((k + 0.5) * 2 * range) / S;
  }

  /** The architecture as JSON: imageSize, channels, latentSize, range. */
  config(): JsonObject {
    const { imageSize, channels, latentSize } = this.model.config();
    return { imageSize, channels, latentSize, range: this.range };
  }

  /** The parameters of the wrapped CNNAE, e.g. 'conv0.w'. */
  namedParameters(): readonly NamedParameter[] {
    return this.model.namedParameters();
  }

  /**
   * Reconstructs jets as pixel pseudo-particles.
   * @param p - real [B, N, 4] (E, px, py, pz), padded slots 0.
   * @param mask - real [B, N], 1 for a particle and 0 for padding.
   * @returns real [B, S^2, 4], massless, in the unit of p.
   * @throws {@link ShapeError} for shapes that do not fit; {@link DataError} for a jet without
   *   real particles or a real particle with pt = 0.
   */
  reconstruct(p: Tensor, mask: Tensor): Tensor {
    const { B, rel, jets } = readRelative('CNNAEJetAutoencoder.reconstruct', p, mask);
    const S = this.model.config().imageSize;
    const images = jetImages(rel, { size: S, range: this.range });
    const inside = new Float64Array(B);
    for (let j = 0; j < B; j++) inside[j] = images.pixels.subarray(j * S * S, (j + 1) * S * S).reduce((a, b) => a + b, 0);
    const positions = new Float64Array(B * S * S * 2);
    for (let k = 0; k < B * S * S; k++) {
      const pixel = k % (S * S);
      positions[2 * k] = this.centres[Math.floor(pixel / S)];
      positions[2 * k + 1] = this.centres[pixel % S];
    }
    const dtype = p.dtype;
    return tidy(() => {
      const y = this.model.apply(jetImageTensor(images, { dtype }));
      const ptrel = mul(reshape(y, [B, S * S, 1]), expandDims(expandDims(tensor(inside, [B], { dtype }), 1), 2));
      const features = concat([tensor(positions, [B, S * S, 2], { dtype }), ptrel], 2);
      return fourMomentaFromRelative(features, tensor(jets, [B, 3], { dtype }), ones([B, S * S], { dtype }));
    });
  }

  /** The normalized jet images [B, S, S] of four-momenta p [B, N, 4] with padding mask [B, N]. */
  private targetImages(fn: string, p: Tensor, mask: Tensor): Tensor {
    const { rel } = readRelative(fn, p, mask);
    return jetImageTensor(jetImages(rel, { size: this.model.config().imageSize, range: this.range }), { dtype: p.dtype });
  }

  /**
   * The per-jet training loss: the squared error summed over the pixels, sum_ij (y - x)^2, between
   * each jet's image x (ptrel in (etarel, phirel), normalized to unit sum) and the CNNAE's
   * reconstruction y; S^2 times the image MSE.
   * @param p - real [B, N, 4] (E, px, py, pz), padded slots 0.
   * @param mask - real [B, N], 1 for a particle and 0 for padding.
   * @returns real [B], differentiable in the parameters.
   * @throws as {@link CNNAEJetAutoencoder.reconstruct}.
   */
  trainingLoss(p: Tensor, mask: Tensor): Tensor {
    return tidy(() => {
      const x = this.targetImages('CNNAEJetAutoencoder.trainingLoss', p, mask);
      return sum(square(sub(this.model.apply(x), x)), [1, 2]);
    });
  }

  /**
   * The per-jet anomaly score of the paper's CNNAE: the image MSE, mean_ij (y - x)^2, between each
   * jet's normalized image x and its reconstruction y (dimensionless).
   * @param p - real [B, N, 4] (E, px, py, pz), padded slots 0.
   * @param mask - real [B, N], 1 for a particle and 0 for padding.
   * @returns `{ imageMse }`, B scores.
   * @throws as {@link CNNAEJetAutoencoder.reconstruct}.
   */
  anomalyScores(p: Tensor, mask: Tensor): { readonly imageMse: Float64Array } {
    const t = tidy(() => {
      const x = this.targetImages('CNNAEJetAutoencoder.anomalyScores', p, mask);
      return mean(square(sub(this.model.apply(x), x)), [1, 2]);
    });
    try {
      return { imageMse: Float64Array.from(t.dataSync()) };
    } finally {
      t.dispose();
    }
  }

  /** Frees the variables. */
  dispose(): void {
    this.model.dispose();
  }
}

/**
 * The factory of model kind 'cnnae' (registered by importing the package). Options:
 * `imageSize` (default 40), `channels` (default 128), `latentSize` (default 55), `range`
 * (default 0.8); the seed comes from the {@link ModelContext}. Its default training loss is
 * 'model' (the image MSE, {@link CNNAEJetAutoencoder.trainingLoss}).
 *
 * @example
 * ```ts
 * import { createModel } from 'lorentz-irreps';
 * const ae = createModel('cnnae', { imageSize: 8, channels: 2, latentSize: 3 }, { seed: 1, numParticles: 30, units: 'TeV' });
 * console.assert(ae.kind === 'cnnae' && ae.config().range === 0.8);
 * ae.dispose();
 * ```
 */
export const CNNAE_FACTORY: ModelFactory = Object.freeze({
  description: 'convolutional autoencoder baseline on 40x40 (etarel, phirel) jet images of ptrel; trains on the image MSE, reconstructs pixel pseudo-particles',
  defaultLoss: 'model',
  options: Object.freeze([
    { name: 'imageSize', type: 'integer', default: 40, description: 'pixels per side of the jet images (a multiple of 4)' },
    { name: 'channels', type: 'integer', default: 128, description: 'channels of the convolutions' },
    { name: 'latentSize', type: 'integer', default: 55, description: 'latent size' },
    { name: 'range', type: 'number', default: 0.8, description: 'half-width of the (etarel, phirel) image window' },
  ] as const),
  create(options: JsonObject, context: ModelContext): JetAutoencoder {
    const num = (k: string): number | undefined => (options[k] === undefined ? undefined : (options[k] as number));
    return new CNNAEJetAutoencoder({ imageSize: num('imageSize'), channels: num('channels'), latentSize: num('latentSize'), range: num('range'), seed: context.seed });
  },
});

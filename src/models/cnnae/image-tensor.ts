/**
 * Jet images as tensors, the input of {@link CNNAE}.
 *
 * @packageDocumentation
 */
import { ConfigError, ShapeError, invalid } from '../../errors';
import type { JetImages } from '../../jets/images';
import { tensor } from '../../tensor/creation';
import type { Tensor } from '../../tensor/tensor';
import type { DType } from '../../tensor/types';

/** Options of {@link jetImageTensor}. */
export interface JetImageTensorOptions {
  /** Divide each image by its total (so it sums to 1, like the CNNAE's softmax output); default true. Empty images stay 0. */
  readonly normalize?: boolean;
  /** Storage precision (default float64). */
  readonly dtype?: DType;
}

/**
 * The images of {@link jetImages} as a real tensor [N, S, S], by default each normalized to unit
 * total ptrel (the CNNAE's output is a softmax over pixels, which sums to 1).
 * @throws {@link ShapeError} for an images object whose pixel count is not N*S*S;
 *   {@link ConfigError} for bad options.
 *
 * @example
 * ```ts
 * import { jetImages, jetImageTensor } from 'lorentz-irreps';
 * const img = jetImages({ numJets: 1, numParticles: 2, particleFeatures: [0, 0, 0.3, 1, 0.1, 0.1, 0.3, 1] }, { size: 4 });
 * const t = jetImageTensor(img);
 * console.assert(t.shape.join() === '1,4,4' && Math.abs(t.dataSync().reduce((a, b) => a + b, 0) - 1) < 1e-15);
 * ```
 */
export function jetImageTensor(images: JetImages, options: JetImageTensorOptions = {}): Tensor {
  const fn = 'jetImageTensor';
  if (options === null || typeof options !== 'object') throw new ConfigError(invalid(fn, 'options', 'an object { normalize, dtype }', options));
  if (images === null || typeof images !== 'object' || !(images.pixels instanceof Float64Array) || !Number.isInteger(images.numJets) || !Number.isInteger(images.size)) {
    throw new ShapeError(invalid(fn, 'images', 'jet images { numJets, size, pixels } as made by jetImages', images));
  }
  const { numJets: n, size: S } = images;
  if (images.pixels.length !== n * S * S) throw new ShapeError(invalid(fn, 'images.pixels', `of length numJets*size*size = ${n * S * S}`, images.pixels.length));
  const out = Float64Array.from(images.pixels);
  if (options.normalize !== false) {
    for (let j = 0; j < n; j++) {
      const img = out.subarray(j * S * S, (j + 1) * S * S);
      const total = img.reduce((a, b) => a + b, 0);
      if (total > 0) for (let k = 0; k < img.length; k++) img[k] /= total;
    }
  }
  return tensor(out, [n, S, S], { dtype: options.dtype });
}

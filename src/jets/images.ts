/**
 * Jet images: particles of JetNet-layout jets binned into square (etarel, phirel) pictures of
 * summed ptrel, the input of convolutional autoencoders.
 *
 * @packageDocumentation
 */
import { ConfigError, DataError, ShapeError, invalid } from '../errors';

/** The particle part of JetNet-layout jets, as read by {@link loadJetNet} or {@link loadJetNetSample}. */
export interface RelativeParticles {
  /** Number of jets N. */
  readonly numJets: number;
  /** Particle slots per jet P. */
  readonly numParticles: number;
  /** N*P*4 values, jet-major then particle then feature: [etarel, phirel, ptrel, mask]. */
  readonly particleFeatures: ArrayLike<number>;
}

/** Options of {@link jetImages}. */
export interface JetImageOptions {
  /** Pixels per side S (a positive integer; default 40). */
  readonly size?: number;
  /** Half-width R of the window [-R, R) in etarel and in phirel (radians); default 0.8, the jet radius of JetNet. */
  readonly range?: number;
}

/** Jet images made by {@link jetImages}. */
export interface JetImages {
  /** Number of jets N. */
  readonly numJets: number;
  /** Pixels per side S. */
  readonly size: number;
  /** Half-width R of the window. */
  readonly range: number;
  /**
   * N*S*S values [jet, etaBin, phiBin] row-major: the ptrel summed over the particles in each
   * pixel (dimensionless, a fraction of the jet pt).
   */
  readonly pixels: Float64Array;
  /** Per jet, the ptrel of real particles outside the window (not in any pixel). */
  readonly outside: Float64Array;
}

function imageGeometry(fn: string, options: JetImageOptions): { size: number; range: number } {
  if (options === null || typeof options !== 'object') throw new ConfigError(invalid(fn, 'options', 'an object { size, range }', options));
  const size = options.size ?? 40;
  const range = options.range ?? 0.8;
  if (!Number.isInteger(size) || size < 1) throw new ConfigError(invalid(fn, 'options.size', 'a positive integer', size));
  if (typeof range !== 'number' || !Number.isFinite(range) || range <= 0) throw new ConfigError(invalid(fn, 'options.range', 'a finite number > 0', range));
  return { size, range };
}

/**
 * The S + 1 bin edges of a jet image along etarel or phirel: edge_k = -R + k (2R / S),
 * k = 0..S. Pixel k holds the values in [edge_k, edge_{k+1}).
 * @throws {@link ConfigError} for a size that is not a positive integer or a range that is not a finite number > 0.
 *
 * @example
 * ```ts
 * import { jetImageBinEdges } from 'lorentz-irreps';
 * const edges = jetImageBinEdges({ size: 4, range: 0.8 });
 * console.assert(edges.length === 5 && edges[0] === -0.8 && edges[2] === 0 && Math.abs(edges[4] - 0.8) < 1e-15);
 * ```
 */
export function jetImageBinEdges(options: JetImageOptions = {}): Float64Array {
  const { size, range } = imageGeometry('jetImageBinEdges', options);
  return binEdges(size, range);
}

function binEdges(size: number, range: number): Float64Array {
  const edges = new Float64Array(size + 1);
  for (let k = 0; k <= size; k++) edges[k] = -range + (k * 2 * range) / size;
  return edges;
}

/** The bin of v: floor((v + R) S / 2R), corrected by one where rounding disagrees with the edges; -1 outside. */
function binOf(v: number, edges: Float64Array, scale: number, range: number): number {
  const size = edges.length - 1;
  let k = Math.floor((v + range) * scale);
  if (k >= 1 && k <= size && v < edges[k]) k -= 1;
  else if (k >= -1 && k < size - 1 && v >= edges[k + 1]) k += 1;
  if (k < 0 || k >= size || v < edges[k] || v >= edges[k + 1]) return -1;
  return k;
}

/**
 * Pixelates jets into S x S images of ptrel in (etarel, phirel). The window is [-R, R) along both
 * axes, cut into S equal bins of width 2R / S (edges from {@link jetImageBinEdges}); a particle at
 * (etarel, phirel) lands in the pixel (a, b) whose bins hold it, edge_a <= etarel < edge_{a+1} and
 * edge_b <= phirel < edge_{b+1} (found as floor((x + R) S / (2R)), checked against the edges), and
 * adds its ptrel there (several particles in one pixel sum). Real particles outside the window are
 * left out and their ptrel is reported in `outside`; padded slots (mask 0) are ignored. The pixel
 * axis order is [etaBin, phiBin], so the images are [N, S, S] (add a channel axis for NCHW
 * convolutions). Images do not depend on the order of the particles.
 *
 * @param jets - JetNet-layout particles (`particleFeatures` N*P*4 = [etarel, phirel, ptrel, mask]).
 * @param options - `size` S (default 40) and `range` R (default 0.8).
 * @returns the images and the ptrel outside the window.
 * @throws {@link ShapeError} for inconsistent sizes; {@link ConfigError} for a bad size or range;
 *   {@link DataError} for a non-finite feature of a real particle or a mask other than 0 or 1.
 *
 * @example
 * ```ts
 * import { jetImages } from 'lorentz-irreps';
 * const img = jetImages({ numJets: 1, numParticles: 3,
 *   particleFeatures: [0.01, 0.01, 0.5, 1,  0.02, 0.03, 0.25, 1,  -0.3, 0.7, 0.25, 1] }, { size: 4, range: 0.8 });
 * // the first two particles share pixel (2, 2); the third lands in pixel (1, 3)
 * console.assert(img.pixels[2 * 4 + 2] === 0.75 && img.pixels[1 * 4 + 3] === 0.25 && img.outside[0] === 0);
 * ```
 */
export function jetImages(jets: RelativeParticles, options: JetImageOptions = {}): JetImages {
  const fn = 'jetImages';
  const { size, range } = imageGeometry(fn, options);
  if (jets === null || typeof jets !== 'object' || !Number.isInteger(jets.numJets) || jets.numJets < 0 || !Number.isInteger(jets.numParticles) || jets.numParticles < 0) {
    throw new ShapeError(invalid(fn, 'jets', 'an object { numJets, numParticles, particleFeatures } with non-negative integer sizes', jets));
  }
  const { numJets: n, numParticles: P, particleFeatures: f } = jets;
  if (f === null || typeof f !== 'object' || f.length !== n * P * 4) {
    throw new ShapeError(invalid(fn, 'jets.particleFeatures', `an array of numJets*numParticles*4 = ${n * P * 4} numbers`, f === null || typeof f !== 'object' ? f : `length ${f.length}`));
  }
  const pixels = new Float64Array(n * size * size);
  const outside = new Float64Array(n);
  const scale = size / (2 * range);
  const edges = binEdges(size, range);
  for (let j = 0; j < n; j++) {
    for (let i = 0; i < P; i++) {
      const k = 4 * (j * P + i);
      const m = f[k + 3];
      if (m === 0) continue;
      const eta = f[k];
      const phi = f[k + 1];
      const pt = f[k + 2];
      if (m !== 1 || !Number.isFinite(eta) || !Number.isFinite(phi) || !Number.isFinite(pt)) {
        throw new DataError(invalid(fn, 'jets.particleFeatures', 'finite features and a mask of 0 or 1', `jet ${j}, particle ${i}: [${eta}, ${phi}, ${pt}, ${m}]`));
      }
      const a = binOf(eta, edges, scale, range);
      const b = binOf(phi, edges, scale, range);
      if (a < 0 || b < 0) outside[j] += pt;
      else pixels[(j * size + a) * size + b] += pt;
    }
  }
  return { numJets: n, size, range, pixels, outside };
}

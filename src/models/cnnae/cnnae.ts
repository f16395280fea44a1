/**
 * The convolutional autoencoder (CNNAE) baseline of the LGAE paper (appendix A.3), on jet images
 * of summed ptrel in (etarel, phirel).
 *
 * @packageDocumentation
 */
import { ConfigError, ShapeError, invalid } from '../../errors';
import { Irreps } from '../../math/irreps';
import { Module, type ModuleOptions, moduleRandom, optionsOf } from '../../nn/module';
import { initializers } from '../../optim/init/initializers';
import { zeros } from '../../tensor/creation';
import { tidy } from '../../tensor/memory';
import { relu, softmax } from '../../tensor/ops/activations';
import { sub } from '../../tensor/ops/arithmetic';
import { conv2d, conv2dTranspose } from '../../tensor/ops/conv';
import { mean, sum } from '../../tensor/ops/reduce';
import { reshape } from '../../tensor/ops/reshape';
import { square } from '../../tensor/ops/unary';
import type { Tensor, Variable } from '../../tensor/tensor';
import { Linear, sizeOption } from '../gnnae/linear';
import { type ModelSymmetries, symmetryTable } from '../gnnae/symmetries';

/** Options of {@link CNNAE}. */
export interface CNNAEOptions extends ModuleOptions {
  /** Pixels per side S, a multiple of 4 (default 40). */
  readonly imageSize?: number;
  /** Channels of both convolutions (default 128). */
  readonly channels?: number;
  /** Latent size (default 55). */
  readonly latentSize?: number;
}

/** The architecture of a {@link CNNAE} as plain JSON. */
export interface CNNAEConfig {
  readonly imageSize: number;
  readonly channels: number;
  readonly latentSize: number;
}

const CONV = { stride: 2, padding: 1 } as const;
const DECONV = { stride: 2, padding: 1, outputPadding: 1 } as const;

/**
 * The CNNAE baseline on jet images x [B, S, S] (S = 40 by default; make them with
 * {@link jetImages}):
 *
 * ```text
 * encoder: [B, 1, S, S] -conv 3x3 /2, C ch, ReLU-> [B, C, S/2, S/2] -conv 3x3 /2, C ch, ReLU-> [B, C, S/4, S/4]
 *          -flatten, Linear-> z [B, latentSize]
 * decoder: z -Linear, ReLU-> [B, C, S/4, S/4] -transposed conv 3x3 x2, C ch, ReLU-> [B, C, S/2, S/2]
 *          -transposed conv 3x3 x2, 1 ch-> [B, S, S] -softmax over the S^2 pixels-> reconstruction
 * ```
 *
 * Convolutions use padding 1 and the transposed ones output padding 1, so the sizes halve and
 * double exactly. Defaults as in the paper's appendix: C = 128 channels, latent size 55, S = 40.
 * The output sums to 1 over the pixels of each image, so compare it with images normalized to
 * unit total ptrel. The anomaly score is the mean squared error over pixels
 * ({@link CNNAE.scores}). Parameters: `conv0.w`, `conv0.b`, `conv1.w`, `conv1.b` (kernels
 * [out, in, 3, 3], He uniform with fan-in in*9), `encode` and `decode` ({@link Linear}),
 * `deconv0.w`, `deconv0.b`, `deconv1.w`, `deconv1.b` (kernels [in, out, 3, 3]).
 *
 * Symmetries ({@link CNNAE.symmetries}): images do not depend on the particle order, so the whole
 * model is permutation invariant. Strided convolutions are translation equivariant only for
 * shifts by a multiple of the stride (2 pixels for the first layer) away from the borders, and
 * the dense layers are not, so the latent and output are not translation invariant.
 *
 * @example
 * ```ts
 * import { CNNAE, tensor } from 'lorentz-irreps';
 * const ae = new CNNAE({ imageSize: 8, channels: 2, latentSize: 3, seed: 0 });
 * const x = tensor(new Array(64).fill(1 / 64), [1, 8, 8]);
 * const y = ae.apply(x);
 * console.assert(y.shape.join() === '1,8,8' && Math.abs(y.dataSync().reduce((a, b) => a + b, 0) - 1) < 1e-12);
 * console.assert(ae.scores(x).length === 1 && CNNAE.symmetries.permutation.respected);
 * ae.dispose();
 * ```
 */
export class CNNAE extends Module {
  /** The symmetry table (every `respected: true` claim is tested). */
  static readonly symmetries: ModelSymmetries = symmetryTable({
    permutation: { respected: true, note: 'jet images do not depend on the particle order, so latent and output are permutation invariant' },
    translation: {
      respected: false,
      note: 'a stride-2 convolution commutes only with shifts by 2 pixels (away from borders); one-pixel shifts and the dense layers break it, so the latent is not invariant',
    },
    rotation: { respected: false, note: 'no rotation symmetry of the images (3x3 kernels are not rotation invariant)' },
    lorentz: { respected: false, note: 'works on (etarel, phirel) images of ptrel; no Lorentz symmetry' },
  });

  readonly irrepsIn: Irreps = Irreps.EMPTY;
  readonly irrepsOut: Irreps = Irreps.EMPTY;
  private readonly cfg: CNNAEConfig;
  private readonly convs: { readonly w: Variable; readonly b: Variable }[];
  private readonly deconvs: { readonly w: Variable; readonly b: Variable }[];
  private readonly toLatent: Linear;
  private readonly fromLatent: Linear;

  /**
   * @param options - image size, channels, latent size, seed or random generator, dtype, name (default 'cnnae').
   * @throws {@link ConfigError} for a size that is not a positive integer, an image size that is
   *   not a multiple of 4, or a missing seed.
   */
  constructor(options: CNNAEOptions) {
    const fn = 'CNNAE';
    const o = optionsOf(fn, options);
    super(o.name, 'cnnae');
    const imageSize = sizeOption(fn, 'options.imageSize', o.imageSize ?? 40);
    if (imageSize % 4 !== 0) throw new ConfigError(invalid(fn, 'options.imageSize', 'a multiple of 4 (two stride-2 layers)', imageSize));
    this.cfg = Object.freeze({
      imageSize,
      channels: sizeOption(fn, 'options.channels', o.channels ?? 128),
      latentSize: sizeOption(fn, 'options.latentSize', o.latentSize ?? 55),
    });
    const { channels: C, latentSize: L } = this.cfg;
    const random = moduleRandom(fn, o);
    const kernel = (local: string, shape: [number, number, number, number], fanIn: number, out: number) => {
      const limit = Math.sqrt(6 / fanIn);
      return {
        w: this.addParameter(`${local}.w`, initializers.uniform({ random, dtype: o.dtype, low: -limit, high: limit }).tensor(shape)),
        b: this.addParameter(`${local}.b`, zeros([out], { dtype: o.dtype })),
      };
    };
    const flat = C * (imageSize / 4) ** 2;
    this.convs = [kernel('conv0', [C, 1, 3, 3], 9, C), kernel('conv1', [C, C, 3, 3], 9 * C, C)];
    this.toLatent = this.addModule('encode', new Linear(flat, L, { random, dtype: o.dtype, name: `${this.name}.encode` }));
    this.fromLatent = this.addModule('decode', new Linear(L, flat, { random, dtype: o.dtype, name: `${this.name}.decode`, init: 'heUniform' }));
    this.deconvs = [kernel('deconv0', [C, C, 3, 3], 9 * C, C), kernel('deconv1', [C, 1, 3, 3], 9 * C, 1)];
  }

  /** The architecture (a frozen copy; `new CNNAE({ ...config, seed })` rebuilds it). */
  config(): CNNAEConfig {
    return this.cfg;
  }

  protected describe(): string {
    const { imageSize: S, channels: C, latentSize: L } = this.cfg;
    return `${S}x${S} images, ${C} channels, latent ${L}`;
  }

  private checkImages(fn: string, arg: string, x: Tensor): void {
    const S = this.cfg.imageSize;
    if (x === null || typeof x !== 'object' || x.rank !== 3 || x.shape[1] !== S || x.shape[2] !== S || x.shape[0] < 1) {
      throw new ShapeError(invalid(fn, arg, `a real tensor of shape [B, ${S}, ${S}] with B >= 1`, x?.shape));
    }
  }

  /**
   * The feature maps of the first convolution (before its ReLU), for inspecting translation
   * behaviour: x [B, S, S] -> [B, C, S/2, S/2].
   * @throws {@link ShapeError} for images of another shape.
   */
  firstConvolution(x: Tensor): Tensor {
    this.checkImages('CNNAE.firstConvolution', 'x', x);
    const S = this.cfg.imageSize;
    return tidy(() => conv2d(reshape(x, [x.shape[0], 1, S, S]), this.param(this.convs[0].w), { ...CONV, bias: this.param(this.convs[0].b) }));
  }

  /**
   * The latent vectors of images x [B, S, S]: [B, latentSize].
   * @throws {@link ShapeError} for images of another shape.
   */
  encode(x: Tensor): Tensor {
    this.checkImages('CNNAE.encode', 'x', x);
    return tidy(() => {
      let h = relu(this.firstConvolution(x));
      h = relu(conv2d(h, this.param(this.convs[1].w), { ...CONV, bias: this.param(this.convs[1].b) }));
      return this.toLatent.apply(reshape(h, [x.shape[0], h.size / x.shape[0]]));
    });
  }

  /**
   * Images from latent vectors z [B, latentSize]: [B, S, S], each summing to 1 (softmax over pixels).
   * @throws {@link ShapeError} for z of another shape.
   */
  decode(z: Tensor): Tensor {
    const { imageSize: S, channels: C, latentSize: L } = this.cfg;
    if (z === null || typeof z !== 'object' || z.rank !== 2 || z.shape[1] !== L || z.shape[0] < 1) {
      throw new ShapeError(invalid('CNNAE.decode', 'z', `a real tensor of shape [B, ${L}] with B >= 1`, z?.shape));
    }
    const B = z.shape[0];
    return tidy(() => {
      let h = reshape(relu(this.fromLatent.apply(z)), [B, C, S / 4, S / 4]);
      h = relu(conv2dTranspose(h, this.param(this.deconvs[0].w), { ...DECONV, bias: this.param(this.deconvs[0].b) }));
      h = conv2dTranspose(h, this.param(this.deconvs[1].w), { ...DECONV, bias: this.param(this.deconvs[1].b) });
      return reshape(softmax(reshape(h, [B, S * S]), 1), [B, S, S]);
    });
  }

  /**
   * Encodes and decodes images x [B, S, S]: the reconstruction [B, S, S].
   * @throws {@link ShapeError} for images of another shape.
   */
  apply(x: Tensor): Tensor {
    return tidy(() => this.decode(this.encode(x)));
  }

  /**
   * The training loss: the mean over the batch of the squared error summed over the pixels,
   * sum_ij (reconstruction - x)^2, a scalar; S^2 times the mean of {@link CNNAE.scores}. (Summing
   * instead of averaging the pixels keeps the gradients of images normalized to 1, whose pixels
   * are ~1/S^2, well above Adam's epsilon.)
   * @throws {@link ShapeError} for images of another shape.
   */
  loss(x: Tensor): Tensor {
    this.checkImages('CNNAE.loss', 'x', x);
    return tidy(() => mean(sum(square(sub(this.apply(x), x)), [1, 2])));
  }

  /**
   * Anomaly scores: per image, the mean squared error over the pixels between the reconstruction
   * and x [B, S, S].
   * @returns B scores (dimensionless).
   * @throws {@link ShapeError} for images of another shape.
   */
  scores(x: Tensor): Float64Array {
    this.checkImages('CNNAE.scores', 'x', x);
    const t = tidy(() => mean(square(sub(this.apply(x), x)), [1, 2]));
    try {
      return Float64Array.from(t.dataSync());
    } finally {
      t.dispose();
    }
  }
}

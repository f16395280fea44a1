/**
 * A multilayer perceptron on the Lorentz-invariant channels of irreps features.
 *
 * @packageDocumentation
 */
import { ConfigError, invalid } from '../errors';
import type { Irreps, IrrepsLike } from '../math/irreps';
import { initializers } from '../optim/init/initializers';
import { zeros } from '../tensor/creation';
import { tidy } from '../tensor/memory';
import { add, mul } from '../tensor/ops/arithmetic';
import { complex, imag, real } from '../tensor/ops/complex';
import { leakyRelu, relu, sigmoid } from '../tensor/ops/activations';
import { matmul } from '../tensor/ops/matmul';
import { expandDims, reshape } from '../tensor/ops/reshape';
import { concat, slice } from '../tensor/ops/slice';
import type { Tensor, Variable } from '../tensor/tensor';
import { SCALAR } from './cg-plan';
import { type Features, checkFeatures, featureIrreps, makeFeatures } from './features';
import { scalarMlpAvailable, scalarMlpKernel } from './kernels/scalar-mlp';
import { positiveInt } from './lorentzian-bells';
import { Module, type ModuleOptions, moduleRandom, optionsOf } from './module';

/** Activation functions of {@link ScalarMLP}. */
export type Activation = 'leakyRelu' | 'relu' | 'sigmoid';

/** Options of {@link ScalarMLP}. */
export interface ScalarMLPOptions extends ModuleOptions {
  /** Number of hidden layers (default 2). */
  readonly depth?: number;
  /** Width of each hidden layer as a multiple of 2 C (default 2). */
  readonly widthFactor?: number;
  /** Activation after each hidden layer (default 'leakyRelu', slope 0.01). */
  readonly activation?: Activation;
}

/** Slope of 'leakyRelu' for negative arguments. */
const LEAKY_SLOPE = 0.01;

const ACTIVATIONS: Record<Activation, (x: Tensor) => Tensor> = {
  leakyRelu: (x) => leakyRelu(x, LEAKY_SLOPE),
  relu,
  sigmoid,
};

/**
 * A multilayer perceptron on the (0,0) channels of features, other irreps passed through
 * unchanged. With s the C complex scalar channels of a particle,
 * z0 = [Re s_1..Re s_C, Im s_1..Im s_C] (2C reals), z_{l+1} = act(W_l z_l + b_l) for each hidden
 * layer, and the output z = W_out z_L + b_out read back as C complex scalars
 * s'_c = z_c + i z_{C+c}. The result replaces s. Every (0,0) component is invariant under the
 * Lorentz group (D = 1), so any function of them is too: the layer keeps equivariance.
 *
 * Shapes: lead [...] arbitrary; the (0,0) part [..., C, 1]. With a `mask` ([...lead], 1 for a
 * particle, 0 for padding) the new scalars of padded positions are 0. Initialization: He normal
 * weights (variance 2 / fan in), zero biases; the output layer Glorot normal.
 *
 * The whole perceptron (and its gradient) runs as one fused kernel where the backend has it (the
 * CPU backend, in WebAssembly SIMD for float64; gpujs through its CPU fallback); elsewhere it is
 * composed from tensor ops, with the same results.
 *
 * @param irreps - the features' irreps; must contain (0,0).
 * @throws {@link ConfigError} without (0,0), for bad depth / width / activation, or a missing seed.
 *
 * @example
 * ```ts
 * import { ScalarMLP, makeFeatures, complexTensor, ones } from 'lorentz-irreps';
 * const mlp = new ScalarMLP('2x(0,0)+1x(1/2,1/2)', { seed: 4, depth: 1 });
 * const x = makeFeatures('2x(0,0)+1x(1/2,1/2)', [complexTensor([1, 2], [0, 1], [1, 2, 1]), ones([1, 1, 4], { complex: true })]);
 * const y = mlp.apply(x);
 * console.assert(y.parts[1] === x.parts[1] && y.parts[0].shape.join() === '1,2,1');
 * mlp.dispose();
 * ```
 */
export class ScalarMLP extends Module {
  readonly irrepsIn: Irreps;
  readonly irrepsOut: Irreps;
  private readonly scalarIndex: number;
  private readonly channels: number;
  private readonly layers: { readonly w: Variable; readonly b: Variable }[];
  private readonly act: (x: Tensor) => Tensor;
  private readonly activationName: Activation;

  constructor(irreps: IrrepsLike, options?: ScalarMLPOptions) {
    const fn = 'ScalarMLP';
    const o = optionsOf(fn, options);
    super(o.name, 'mlp');
    this.irrepsIn = featureIrreps(fn, 'irreps', irreps);
    this.irrepsOut = this.irrepsIn;
    this.scalarIndex = this.irrepsIn.entries.findIndex((e) => e.irrep === SCALAR);
    if (this.scalarIndex < 0 || this.irrepsIn.entries[this.scalarIndex].mul < 1) {
      throw new ConfigError(invalid(fn, 'irreps', 'irreps with (0,0) channels', this.irrepsIn.toString()));
    }
    this.channels = this.irrepsIn.entries[this.scalarIndex].mul;
    const depth = o.depth ?? 2;
    if (!Number.isInteger(depth) || depth < 0) throw new ConfigError(invalid(fn, 'options.depth', 'a non-negative integer', depth));
    const factor = positiveInt(fn, 'options.widthFactor', o.widthFactor ?? 2);
    this.activationName = o.activation ?? 'leakyRelu';
    if (!(this.activationName in ACTIVATIONS)) throw new ConfigError(invalid(fn, 'options.activation', "'leakyRelu', 'relu' or 'sigmoid'", this.activationName));
    this.act = ACTIVATIONS[this.activationName];
    const random = moduleRandom(fn, o);
    const io = 2 * this.channels;
    const widths = [io, ...new Array<number>(depth).fill(factor * io), io];
    this.layers = widths.slice(1).map((out, l) => {
      const fanIn = widths[l];
      const init = l === depth ? initializers.glorotNormal({ random, dtype: o.dtype }) : initializers.heNormal({ random, dtype: o.dtype });
      return {
        w: this.addParameter(`w${l}`, init.tensor([fanIn, out])),
        b: this.addParameter(`b${l}`, zeros([out], { dtype: o.dtype })),
      };
    });
  }

  protected describe(): string {
    const widths = this.layers.map((l) => l.w.shape[1]);
    return `${this.channels}x(0,0): ${2 * this.channels}->${widths.join('->')} ${this.activationName}`;
  }

  /**
   * Applies the perceptron to the scalar channels.
   * @param x - features of {@link ScalarMLP.irrepsIn}.
   * @param mask - optional real [...lead]: new scalars of positions where it is 0 are 0.
   * @returns features of the same irreps; parts other than (0,0) are the input's tensors.
   * @throws {@link ShapeError} for features of other irreps or a mask of another shape.
   */
  apply(x: Features, mask?: Tensor): Features {
    return this.run('ScalarMLP.apply', x, mask, scalarMlpAvailable());
  }

  /**
   * {@link ScalarMLP.apply} computed with tensor ops only (concatenation, products, biases,
   * activations, slices), as it runs where the fused kernel is not registered.
   * @internal Exposed for testing the fused kernel against the composed computation.
   */
  applyComposed(x: Features, mask?: Tensor): Features {
    return this.run('ScalarMLP.applyComposed', x, mask, false);
  }

  private run(fn: string, x: Features, mask: Tensor | undefined, fused: boolean): Features {
    const lead = checkFeatures(fn, 'x', x, this.irrepsIn);
    if (mask !== undefined && mask.shape.join() !== lead.join()) {
      throw new ConfigError(invalid(fn, 'mask', `a real tensor of shape [${lead.join(',')}]`, mask.shape));
    }
    const s = tidy(() => (fused ? this.fusedScalars(x, lead, mask) : this.composedScalars(x, lead, mask)));
    return makeFeatures(
      this.irrepsIn,
      x.parts.map((p, k) => (k === this.scalarIndex ? s : p)),
    );
  }

  /** The new (0,0) part in one kernel call (and one gradient kernel call). */
  private fusedScalars(x: Features, lead: readonly number[], mask: Tensor | undefined): Tensor {
    const c = this.channels;
    const rows = lead.reduce((a, d) => a * d, 1);
    const part = reshape(x.parts[this.scalarIndex], [rows, c]);
    const m = mask === undefined ? null : reshape(mask, [rows]);
    const layers = this.layers.map(({ w, b }) => ({ w: this.param(w), b: this.param(b) }));
    return reshape(scalarMlpKernel(part, layers, m, this.activationName, LEAKY_SLOPE), [...lead, c, 1]);
  }

  /** The new (0,0) part from tensor ops. */
  private composedScalars(x: Features, lead: readonly number[], mask: Tensor | undefined): Tensor {
    const c = this.channels;
    const part = reshape(x.parts[this.scalarIndex], [...lead, c]);
    let z = concat([real(part), imag(part)], lead.length);
    this.layers.forEach(({ w, b }, l) => {
      z = add(matmul(lead.length === 0 ? expandDims(z, 0) : z, this.param(w)), this.param(b));
      if (lead.length === 0) z = reshape(z, [z.shape[z.rank - 1]]);
      if (l < this.layers.length - 1) z = this.act(z);
    });
    const start = lead.map(() => 0);
    let out = complex(slice(z, [...start, 0], [...lead, c]), slice(z, [...start, c], [...lead, c]));
    if (mask !== undefined) out = mul(out, expandDims(mask, -1));
    return reshape(out, [...lead, c, 1]);
  }
}

/**
 * Learnable functions of a Lorentz invariant: a sum of Lorentzian bells per channel, the edge
 * weights f(p_ij^2) of the message-passing layer.
 *
 * @packageDocumentation
 */
import { ConfigError, ShapeError, invalid } from '../errors';
import { Irreps } from '../math/irreps';
import { tensor } from '../tensor/creation';
import { initializers } from '../optim/init/initializers';
import { tidy } from '../tensor/memory';
import { add, div, mul } from '../tensor/ops/arithmetic';
import { matmul } from '../tensor/ops/matmul';
import { expandDims, reshape } from '../tensor/ops/reshape';
import { type BellParameters, lmpEdgeWeights } from './kernels/edge-weights';
import { exp, square } from '../tensor/ops/unary';
import type { Tensor, Variable } from '../tensor/tensor';
import { Module, type ModuleOptions, moduleRandom, optionsOf } from './module';

/** Options of {@link LorentzianBells}. */
export interface LorentzianBellsOptions extends ModuleOptions {
  /** Number K of basis functions (default 10). */
  readonly numBasis?: number;
}

/**
 * Reads a positive integer option.
 * @throws {@link ConfigError} otherwise.
 * @internal
 */
export function positiveInt(fn: string, arg: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) throw new ConfigError(invalid(fn, arg, 'a positive integer', v));
  return v;
}

/**
 * C learnable real functions of a real invariant x, each a combination of K Lorentzian bells:
 *
 * ```text
 * phi_k(x) = a_k + 1 / (exp(beta_k) + c_k^2 x^2)        k = 1..K
 * f_c(x)   = sum_k u_kc phi_k(x)                        c = 1..C
 * ```
 *
 * Parameters (real): a [K], beta [K] (b_k = exp(beta_k) > 0 keeps every denominator positive, so
 * f is smooth and bounded by sum_k |u_kc| (|a_k| + 1/b_k)), c [K], u [K, C]. The basis functions are
 * shared by all channels; each channel mixes them with its own column of u. In the message-passing
 * layer x = p_ij^2, the squared Minkowski distance in the momentum unit of the model, so c has
 * units of 1/unit^2 and f_c(p_ij^2) is Lorentz-invariant.
 *
 * Initialization: a = 0, beta = 0 (peak height 1), c_k log-spaced from 0.01 to 100 (bells of widths
 * from 100 down to 0.01 in x, covering momenta from about 10 to 0.1 units), u normal with
 * variance 1/K.
 *
 * @example
 * ```ts
 * import { LorentzianBells, tensor } from 'lorentz-irreps';
 * const f = new LorentzianBells(2, { numBasis: 3, seed: 1 });
 * const y = f.apply(tensor([0, 0.5, 2]));
 * console.assert(y.shape.join() === '3,2' && f.irrepsOut.toString() === '2x(0,0)');
 * f.dispose();
 * ```
 */
export class LorentzianBells extends Module {
  readonly irrepsIn: Irreps = Irreps.parse('1x(0,0)');
  readonly irrepsOut: Irreps;
  /** Number of channels C. */
  readonly channels: number;
  /** Number of basis functions K. */
  readonly numBasis: number;
  /** @internal */
  readonly a: Variable;
  /** @internal */
  readonly beta: Variable;
  /** @internal */
  readonly c: Variable;
  /** @internal */
  readonly u: Variable;

  /**
   * @param channels - C, the number of output functions.
   * @throws {@link ConfigError} for a channel count or numBasis that is not a positive integer, or
   *   a missing seed / random.
   */
  constructor(channels: number, options?: LorentzianBellsOptions) {
    const fn = 'LorentzianBells';
    const o = optionsOf(fn, options);
    super(o.name, 'bells');
    this.channels = positiveInt(fn, 'channels', channels);
    this.numBasis = positiveInt(fn, 'options.numBasis', o.numBasis ?? 10);
    const k = this.numBasis;
    const random = moduleRandom(fn, o);
    this.irrepsOut = Irreps.parse(`${this.channels}x(0,0)`);
    const dtype = o.dtype === undefined ? undefined : { dtype: o.dtype };
    const scales = Float64Array.from({ length: k }, (_, i) => (k === 1 ? 1 : 10 ** (-2 + (4 * i) / (k - 1))));
    this.a = this.addParameter('a', tensor(new Float64Array(k), [k], dtype));
    this.beta = this.addParameter('beta', tensor(new Float64Array(k), [k], dtype));
    this.c = this.addParameter('c', tensor(scales, [k], dtype));
    this.u = this.addParameter('u', initializers.normal({ std: 1 / Math.sqrt(k), random, dtype: o.dtype }).tensor([k, this.channels]));
  }

  protected describe(): string {
    return `${this.numBasis} bells -> ${this.channels} channels`;
  }

  /**
   * The functions at every element of x: out[..., c] = f_c(x[...]).
   * @param x - real tensor of any shape.
   * @returns real tensor [...x.shape, C].
   * @throws {@link ShapeError} if x is complex or not a tensor.
   */
  apply(x: Tensor): Tensor {
    if (x === null || typeof x !== 'object' || (x as Tensor).complex !== false) {
      throw new ShapeError(invalid('LorentzianBells.apply', 'x', 'a real tensor', x));
    }
    return tidy(() => {
      const den = add(exp(this.param(this.beta)), mul(square(this.param(this.c)), square(expandDims(x, -1))));
      const phi = add(this.param(this.a), div(1, den));
      const rows = x.size;
      const f = matmul(reshape(phi, [rows, this.numBasis]), this.param(this.u));
      return reshape(f, [...x.shape, this.channels]);
    });
  }

  /**
   * Edge weights of a batch of jets: w[b, c, i, j] = s_b m_bi m_bj f_c((p_bi - p_bj)^2) for
   * i != j, 0 on the diagonal (one fused kernel where the backend has it, see `lmpEdgeWeights`).
   * @param p - real positions [B, N, 4] (E, px, py, pz).
   * @param m - real mask [B, N] (1 particle, 0 padding); no gradient.
   * @param s - real per-jet factors [B] (e.g. 1 / particle count); no gradient.
   * @returns real [B, C, N, N].
   * @throws {@link ShapeError} / {@link DTypeError} for inputs of other shapes or kinds.
   */
  edgeWeights(p: Tensor, m: Tensor, s: Tensor): Tensor {
    return lmpEdgeWeights(p, m, s, this.values());
  }

  /**
   * The parameter tensors to compute with (substitutes inside {@link Module.withParameters}).
   * @internal
   */
  values(): BellParameters {
    return { a: this.param(this.a), beta: this.param(this.beta), c: this.param(this.c), u: this.param(this.u) };
  }
}

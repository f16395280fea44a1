/**
 * A dense affine layer on the last axis of real features, the building block of the baseline
 * (non-equivariant) autoencoders.
 *
 * @packageDocumentation
 */
import { ConfigError, ShapeError, invalid } from '../../errors';
import { Irreps } from '../../math/irreps';
import { Module, type ModuleOptions, moduleRandom, optionsOf } from '../../nn/module';
import { initializers } from '../../optim/init/initializers';
import { zeros } from '../../tensor/creation';
import { tidy } from '../../tensor/memory';
import { add } from '../../tensor/ops/arithmetic';
import { matmul } from '../../tensor/ops/matmul';
import { reshape } from '../../tensor/ops/reshape';
import type { Tensor, Variable } from '../../tensor/tensor';

/** Checks a positive integer size option. */
export function sizeOption(fn: string, arg: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) throw new ConfigError(invalid(fn, arg, 'a positive integer', v));
  return v;
}

/** Options of {@link Linear}. */
export interface LinearOptions extends ModuleOptions {
  /**
   * How W is drawn: 'glorotUniform' (default; variance 2 / (I + O)) or 'heUniform' (variance
   * 2 / I, for a layer followed by a rectifier).
   */
  readonly init?: 'glorotUniform' | 'heUniform';
}

/**
 * y = x W + b on the last axis: x [..., I] -> y [..., O], real. W [I, O] is drawn Glorot uniform
 * (variance 2 / (I + O)) or He uniform (variance 2 / I), b [O] starts at zero. Parameters: `w`, `b`. The features are plain real
 * numbers, not Lorentz irreps, so `irrepsIn` and `irrepsOut` are empty.
 *
 * @example
 * ```ts
 * import { Linear, ones } from 'lorentz-irreps';
 * const lin = new Linear(3, 2, { seed: 1 });
 * const y = lin.apply(ones([5, 4, 3]));
 * console.assert(y.shape.join() === '5,4,2' && lin.numParameters() === 8);
 * lin.dispose();
 * ```
 */
export class Linear extends Module {
  readonly irrepsIn: Irreps = Irreps.EMPTY;
  readonly irrepsOut: Irreps = Irreps.EMPTY;
  /** Input width I. */
  readonly inSize: number;
  /** Output width O. */
  readonly outSize: number;
  private readonly w: Variable;
  private readonly b: Variable;

  /**
   * @param inSize - input width I.
   * @param outSize - output width O.
   * @param options - seed or random generator, dtype, name (default 'linear'), init.
   * @throws {@link ConfigError} for sizes that are not positive integers, an unknown init or a missing seed.
   */
  constructor(inSize: number, outSize: number, options?: LinearOptions) {
    const fn = 'Linear';
    const o = optionsOf(fn, options);
    super(o.name, 'linear');
    this.inSize = sizeOption(fn, 'inSize', inSize);
    this.outSize = sizeOption(fn, 'outSize', outSize);
    const init = o.init ?? 'glorotUniform';
    if (init !== 'glorotUniform' && init !== 'heUniform') throw new ConfigError(invalid(fn, 'options.init', "'glorotUniform' or 'heUniform'", init));
    const random = moduleRandom(fn, o);
    this.w = this.addParameter('w', initializers[init]({ random, dtype: o.dtype }).tensor([inSize, outSize]));
    this.b = this.addParameter('b', zeros([outSize], { dtype: o.dtype }));
  }

  protected describe(): string {
    return `${this.inSize} -> ${this.outSize}`;
  }

  /**
   * The weight W [I, O] and bias b [O] as used by {@link Linear.apply} (with any parameter
   * overrides in effect), for layers that fuse the affine map into a kernel of their own.
   * @internal
   */
  affine(): { readonly w: Tensor; readonly b: Tensor } {
    return { w: this.param(this.w), b: this.param(this.b) };
  }

  /**
   * Applies the layer.
   * @param x - real [..., I] (rank >= 1).
   * @returns real [..., O].
   * @throws {@link ShapeError} when the last extent of x is not I.
   */
  apply(x: Tensor): Tensor {
    if (x.rank < 1 || x.shape[x.rank - 1] !== this.inSize) {
      throw new ShapeError(invalid(`${this.constructor.name}.apply`, 'x', `of shape [..., ${this.inSize}]`, x.shape));
    }
    const lead = x.shape.slice(0, -1);
    return tidy(() => {
      const flat = reshape(x, [lead.reduce((a, b) => a * b, 1), this.inSize]);
      return reshape(add(matmul(flat, this.param(this.w)), this.param(this.b)), [...lead, this.outSize]);
    });
  }
}

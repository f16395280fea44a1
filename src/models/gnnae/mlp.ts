/**
 * A multilayer perceptron of {@link Linear} layers with LeakyReLU(0.2) between them.
 *
 * @packageDocumentation
 */
import { ConfigError, invalid } from '../../errors';
import { Irreps } from '../../math/irreps';
import { Module, type ModuleOptions, moduleRandom, optionsOf } from '../../nn/module';
import { tidy } from '../../tensor/memory';
import { leakyRelu } from '../../tensor/ops/activations';
import type { Tensor } from '../../tensor/tensor';
import { Linear, sizeOption } from './linear';

/** Options of {@link MLP}. */
export interface MLPOptions extends ModuleOptions {
  /** Apply the activation after the last layer too (default false: the output is affine). */
  readonly activateOutput?: boolean;
}

/** Slope of the leaky ReLU of the baseline networks (the LGAE paper's appendix A uses 0.2). */
export const LEAKY_SLOPE = 0.2;

/**
 * widths = [w0, w1, ..., wL]: L affine layers w_{l} -> w_{l+1}, each but the last followed by
 * LeakyReLU(0.2) (the last too with `activateOutput`). Layers followed by the activation are
 * drawn He uniform, the others Glorot uniform; biases start at zero. Layers are named `l0`, `l1`, ...; all draw
 * from one generator in order, so a seed fixes every weight.
 *
 * @example
 * ```ts
 * import { MLP, ones } from 'lorentz-irreps';
 * const mlp = new MLP([7, 16, 4], { seed: 2 });
 * console.assert(mlp.apply(ones([3, 7])).shape.join() === '3,4' && mlp.summary() === 'MLP(7 -> 16 -> 4, 196 parameters)');
 * mlp.dispose();
 * ```
 */
export class MLP extends Module {
  readonly irrepsIn: Irreps = Irreps.EMPTY;
  readonly irrepsOut: Irreps = Irreps.EMPTY;
  /** The widths [w0, ..., wL]. */
  readonly widths: readonly number[];
  private readonly layers: Linear[];
  private readonly activateOutput: boolean;

  /**
   * @param widths - at least two positive integers.
   * @param options - seed or random generator, dtype, name (default 'mlp'), activateOutput.
   * @throws {@link ConfigError} for fewer than two widths, a width that is not a positive integer, or a missing seed.
   */
  constructor(widths: readonly number[], options?: MLPOptions) {
    const fn = 'MLP';
    const o = optionsOf(fn, options);
    super(o.name, 'mlp');
    if (!Array.isArray(widths) || widths.length < 2) throw new ConfigError(invalid(fn, 'widths', 'an array of at least two positive integers', widths));
    widths.forEach((w, k) => sizeOption(fn, `widths[${k}]`, w));
    this.widths = Object.freeze(widths.slice());
    this.activateOutput = o.activateOutput === true;
    const random = moduleRandom(fn, o);
    this.layers = widths.slice(1).map((out, l) => {
      const activated = l < widths.length - 2 || this.activateOutput;
      const init = activated ? 'heUniform' : 'glorotUniform';
      return this.addModule(`l${l}`, new Linear(widths[l], out, { random, dtype: o.dtype, name: `${this.name}.l${l}`, init }));
    });
  }

  protected describe(): string {
    return this.widths.join(' -> ');
  }

  /**
   * Layer l (0-based), for layers that fuse the perceptron into a kernel of their own.
   * @internal
   */
  layer(l: number): Linear {
    return this.layers[l];
  }

  /**
   * Applies the perceptron to the last axis.
   * @param x - real [..., w0].
   * @returns real [..., wL].
   * @throws {@link ShapeError} when the last extent of x is not w0.
   */
  apply(x: Tensor): Tensor {
    return tidy(() => {
      let h = x;
      this.layers.forEach((layer, l) => {
        h = layer.apply(h);
        if (l < this.layers.length - 1 || this.activateOutput) h = leakyRelu(h, LEAKY_SLOPE);
      });
      return h;
    });
  }
}

/**
 * Stochastic gradient descent with optional (Nesterov) momentum and L2 weight decay.
 *
 * @packageDocumentation
 */
import { ConfigError, invalid } from '../errors';
import type { FloatArray } from '../tensor/types';
import { Optimizer } from './optimizer';
import { bool, nonNegative, optionsBag } from './validate';

/** Options of {@link SGD}. */
export interface SGDOptions {
  /** Learning rate >= 0 (required). */
  readonly lr: number;
  /** Momentum mu >= 0; default 0 (plain gradient descent, no state). */
  readonly momentum?: number;
  /** Dampening tau in [0, 1] of the gradient entering the momentum buffer; default 0. */
  readonly dampening?: number;
  /** Nesterov momentum (needs momentum > 0 and dampening 0); default false. */
  readonly nesterov?: boolean;
  /** L2 weight decay lambda >= 0 added to the gradient; default 0. */
  readonly weightDecay?: number;
}

/**
 * The SGD optimizer. For each real parameter theta with gradient g, at its t-th update
 * (the update of `torch.optim.SGD`):
 *
 * ```text
 * g <- g + lambda * theta                          (weightDecay lambda > 0)
 * b <- g  if t = 1,  else  mu * b + (1 - tau) * g  (momentum mu > 0)
 * g <- g + mu * b  (nesterov),  else  g <- b       (momentum mu > 0)
 * theta <- theta - lr * g
 * ```
 *
 * A complex parameter is updated as its real and imaginary parts (gradient dL/da + i dL/db), which
 * for SGD is the same as the complex update w <- w - lr * g.
 *
 * @example
 * ```ts
 * import { SGD, variable, tensor, square, sum } from 'lorentz-irreps';
 * const w = variable(tensor([4]), { name: 'w' });
 * const sgd = new SGD({ lr: 0.1, momentum: 0.9, nesterov: true });
 * for (let i = 0; i < 200; i++) sgd.minimize(() => sum(square(w)), [w]);
 * console.assert(Math.abs(w.dataSync()[0]) < 1e-6);
 * w.dispose();
 * ```
 */
export class SGD extends Optimizer {
  /** Momentum mu (0: none). */
  readonly momentum: number;
  /** Dampening tau. */
  readonly dampening: number;
  /** Whether Nesterov momentum is used. */
  readonly nesterov: boolean;
  /** L2 weight decay. */
  readonly weightDecay: number;

  /**
   * @throws {@link ConfigError} for a missing, negative or non-finite `lr`, a negative
   *   `momentum` or `weightDecay`, `dampening` outside [0, 1], or `nesterov` without momentum or
   *   with dampening.
   */
  constructor(options: SGDOptions) {
    const o = optionsBag(options, 'SGD');
    super('SGD', o.lr);
    this.momentum = nonNegative(o.momentum ?? 0, 'SGD', 'options.momentum');
    const tau = o.dampening ?? 0;
    if (typeof tau !== 'number' || !(tau >= 0 && tau <= 1)) throw new ConfigError(invalid('SGD', 'options.dampening', 'a number in [0, 1]', tau));
    this.dampening = tau;
    this.nesterov = bool(o.nesterov ?? false, 'SGD', 'options.nesterov');
    if (this.nesterov && (this.momentum === 0 || this.dampening !== 0)) {
      throw new ConfigError(invalid('SGD', 'options.nesterov', 'false unless momentum > 0 and dampening = 0', true));
    }
    this.weightDecay = nonNegative(o.weightDecay ?? 0, 'SGD', 'options.weightDecay');
  }

  protected override slotNames(): readonly string[] {
    return this.momentum !== 0 ? ['momentum'] : [];
  }

  protected override config(): { [key: string]: number | boolean } {
    const { momentum, dampening, nesterov, weightDecay } = this;
    return { momentum, dampening, nesterov, weightDecay };
  }

  protected override updateReal(slots: readonly Float64Array[], step: number, p: FloatArray, g: FloatArray, out: FloatArray): void {
    const lr = this.lr;
    const wd = this.weightDecay;
    const mu = this.momentum;
    const keep = 1 - this.dampening;
    const nesterov = this.nesterov;
    const b = mu !== 0 ? slots[0] : null;
    const first = step === 1;
    const n = out.length;
    for (let i = 0; i < n; i++) {
      const theta = p[i];
      let gi = wd === 0 ? g[i] : g[i] + wd * theta;
      if (b !== null) {
        const bi = first ? gi : mu * b[i] + keep * gi;
        b[i] = bi;
        gi = nesterov ? gi + mu * bi : bi;
      }
      out[i] = theta - lr * gi;
    }
  }
}

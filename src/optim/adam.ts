/**
 * Adam (Kingma & Ba 2015), with L2 or decoupled (AdamW, Loshchilov & Hutter 2019) weight decay
 * and the AMSGrad variant (Reddi et al. 2018).
 *
 * @packageDocumentation
 */
import { ConfigError, invalid } from '../errors';
import type { FloatArray } from '../tensor/types';
import { Optimizer } from './optimizer';
import { bool, nonNegative, optionsBag, unitInterval } from './validate';

/** Options of {@link Adam}. */
export interface AdamOptions {
  /** Learning rate alpha >= 0; default 1e-3. */
  readonly lr?: number;
  /** Decay rates [beta1, beta2] of the first and second moments, each in [0, 1); default [0.9, 0.999]. */
  readonly betas?: readonly [number, number];
  /** Added to the denominator, >= 0; default 1e-8. */
  readonly eps?: number;
  /** Weight decay lambda >= 0; default 0. */
  readonly weightDecay?: number;
  /** Decoupled weight decay (AdamW) instead of L2 added to the gradient; default false. */
  readonly decoupled?: boolean;
  /** Use the running maximum of the second moment (AMSGrad); default false. */
  readonly amsgrad?: boolean;
}

/**
 * The Adam optimizer. For each real parameter theta with gradient g, at its t-th update
 * (t = 1, 2, ...), in this order and with these roundings (the update of `torch.optim.Adam`):
 *
 * ```text
 * g <- g + lambda * theta                     (weightDecay lambda, when not decoupled)
 * theta <- theta * (1 - lr * lambda)          (when decoupled: AdamW)
 * m <- beta1 * m + (1 - beta1) * g
 * v <- beta2 * v + (1 - beta2) * (g * g)
 * vMax <- max(vMax, v); v' = vMax             (amsgrad; otherwise v' = v)
 * theta <- theta - (lr / (1 - beta1^t)) * (m / (sqrt(v') / sqrt(1 - beta2^t) + eps))
 * ```
 *
 * **Complex parameters.** A complex parameter w = a + ib with gradient dL/da + i dL/db (the
 * library's convention) is treated as the two real parameters a and b: m holds (m_a, m_b), and
 * the second moment is kept per real component, v_a on (dL/da)^2 and v_b on (dL/db)^2, not on
 * |g|^2 shared by both. So Adam on a complex tensor follows exactly the trajectory of Adam on its
 * real and imaginary parts as separate real tensors (the choice of PyTorch, which views complex
 * parameters as real pairs). The price: the update is not equivariant under a global phase
 * w -> e^{i phi} w, since each axis of the complex plane gets its own step size.
 *
 * Moments are kept in float64 for float32 variables too; the new value is rounded to the
 * variable's dtype. Units: `lr` is in units of the parameter (Adam steps have size ~ lr).
 *
 * @example
 * ```ts
 * import { Adam, variable, tensor, sub, square, sum } from 'lorentz-irreps';
 * const w = variable(tensor([5, -3]), { name: 'w' });
 * const target = tensor([1, 2]);
 * const adam = new Adam({ lr: 0.1 });
 * let loss = Infinity;
 * for (let i = 0; i < 500; i++) loss = adam.minimize(() => sum(square(sub(w, target))), [w]);
 * console.assert(loss < 1e-6 && Math.abs(w.dataSync()[1] - 2) < 1e-3);
 * console.assert(adam.iterations === 500 && adam.toString().startsWith('Adam(lr=0.1'));
 * w.dispose();
 * ```
 */
export class Adam extends Optimizer {
  /** Decay rate of the first moment. */
  readonly beta1: number;
  /** Decay rate of the second moment. */
  readonly beta2: number;
  /** Denominator offset. */
  readonly eps: number;
  /** Weight decay (L2, or decoupled when {@link Adam.decoupled}). */
  readonly weightDecay: number;
  /** Whether weight decay is decoupled (AdamW). */
  readonly decoupled: boolean;
  /** Whether AMSGrad is used. */
  readonly amsgrad: boolean;

  /**
   * @throws {@link ConfigError} for a negative or non-finite `lr`, `eps` or `weightDecay`, betas
   *   that are not two numbers in [0, 1), or non-boolean flags.
   */
  constructor(options?: AdamOptions) {
    const o = optionsBag(options, 'Adam');
    super('Adam', o.lr ?? 1e-3);
    const betas = o.betas ?? [0.9, 0.999];
    if (!Array.isArray(betas) || betas.length !== 2) throw new ConfigError(invalid('Adam', 'options.betas', 'a pair [beta1, beta2]', betas));
    this.beta1 = unitInterval(betas[0], 'Adam', 'options.betas[0]');
    this.beta2 = unitInterval(betas[1], 'Adam', 'options.betas[1]');
    this.eps = nonNegative(o.eps ?? 1e-8, 'Adam', 'options.eps');
    this.weightDecay = nonNegative(o.weightDecay ?? 0, 'Adam', 'options.weightDecay');
    this.decoupled = bool(o.decoupled ?? false, 'Adam', 'options.decoupled');
    this.amsgrad = bool(o.amsgrad ?? false, 'Adam', 'options.amsgrad');
  }

  protected override slotNames(): readonly string[] {
    return this.amsgrad ? ['m', 'v', 'vMax'] : ['m', 'v'];
  }

  protected override config(): { [key: string]: number | boolean } {
    const { beta1, beta2, eps, weightDecay, decoupled, amsgrad } = this;
    return { beta1, beta2, eps, weightDecay, decoupled, amsgrad };
  }

  protected override updateReal(slots: readonly Float64Array[], step: number, p: FloatArray, g: FloatArray, out: FloatArray): void {
    const m = slots[0];
    const v = slots[1];
    const vMax = this.amsgrad ? slots[2] : null;
    const { beta1, beta2, eps } = this;
    const c1 = 1 - beta1;
    const c2 = 1 - beta2;
    const lr = this.lr;
    const stepSize = lr / (1 - beta1 ** step);
    const bc2Sqrt = Math.sqrt(1 - beta2 ** step);
    const l2 = this.decoupled ? 0 : this.weightDecay;
    const shrink = this.decoupled && this.weightDecay !== 0 ? 1 - lr * this.weightDecay : 1;
    const n = out.length;
    for (let i = 0; i < n; i++) {
      const theta = p[i];
      const gi = l2 === 0 ? g[i] : g[i] + l2 * theta;
      const mi = beta1 * m[i] + c1 * gi;
      m[i] = mi;
      let vi = beta2 * v[i] + c2 * (gi * gi);
      v[i] = vi;
      if (vMax !== null) {
        if (vMax[i] > vi) vi = vMax[i];
        else vMax[i] = vi;
      }
      out[i] = theta * shrink - stepSize * (mi / (Math.sqrt(vi) / bc2Sqrt + eps));
    }
  }
}

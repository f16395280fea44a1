/**
 * Finite-difference gradient checks for functions of tensors, under the library's complex
 * convention (the gradient of a real loss L with respect to w = a + ib is dL/da + i dL/db).
 *
 * @packageDocumentation
 */
import { ConfigError, LorentzIrrepsError, invalid } from '../errors';
import { Random } from '../util/random';
import { complexTensor, tensor } from '../tensor/creation';
import { valueAndGrad } from '../tensor/autodiff';
import { tidy } from '../tensor/memory';
import { add, mul } from '../tensor/ops/arithmetic';
import { imag, real } from '../tensor/ops/complex';
import { sum } from '../tensor/ops/reduce';
import { Tensor } from '../tensor/tensor';

/** Options of {@link gradcheck}. Defaults depend on the dtype of the first input. */
export interface GradcheckOptions {
  /** Finite-difference step (default 1e-6 for float64, 1e-2 for float32). */
  readonly eps?: number;
  /** Absolute tolerance (default 1e-6 for float64, 1e-2 for float32). */
  readonly atol?: number;
  /** Relative tolerance, times |numeric| (default 1e-5 for float64, 1e-2 for float32). */
  readonly rtol?: number;
  /** Seed of the random output projection (default 0). */
  readonly seed?: number;
}

/** One checked component: input `input`, flat element `index`, real or imaginary `part`. */
export interface GradcheckComponent {
  readonly input: number;
  readonly index: number;
  readonly part: 're' | 'im';
  /** Central finite difference (L(x + eps) - L(x - eps)) / (2 eps). */
  readonly numeric: number;
  /** The autodiff gradient's component. */
  readonly analytic: number;
  /** |numeric - analytic|. */
  readonly error: number;
}

/** Summary of a {@link gradcheck} run. */
export interface GradcheckReport {
  /** True when every component is within atol + rtol * |numeric|. */
  readonly passed: boolean;
  /** Number of components compared. */
  readonly checked: number;
  /** Largest |numeric - analytic|. */
  readonly maxAbsError: number;
  /** The component with the largest error relative to its tolerance (null when nothing was checked). */
  readonly worst: GradcheckComponent | null;
}

/**
 * A gradient that disagrees with finite differences (thrown by {@link gradcheck}; its `value` names
 * the worst component).
 *
 * @example
 * ```ts
 * import { GradcheckError } from 'lorentz-irreps/testing';
 * const e = new GradcheckError({ fn: 'gradcheck', argument: 'f', rule: 'matching', value: 'input 0' });
 * console.assert(e instanceof Error && e.name === 'GradcheckError');
 * ```
 */
export class GradcheckError extends LorentzIrrepsError {}

/**
 * Checks the autodiff gradient of `f` at `inputs` against central finite differences on every
 * real and imaginary component of every input. `f` may return any tensor (real or complex, any
 * shape): the scalar checked is L = sum(Pr * re(f) + Pi * im(f)) with fixed random normal
 * projections Pr, Pi. Returns a report; throws when a component is out of tolerance.
 *
 * Cost: 2 evaluations of `f` per real component (4 per complex element) plus one gradient.
 * @throws {@link GradcheckError} naming the worst component when the check fails;
 *   {@link ConfigError} for a bad `f`, `inputs` or option.
 *
 * @example
 * ```ts
 * import { mul, exp, complexTensor, tensor } from 'lorentz-irreps';
 * import { gradcheck } from 'lorentz-irreps/testing';
 * const report = gradcheck((x, w) => exp(mul(x, w)), [tensor([0.3, -0.2]), complexTensor([0.1, 0.5], [0.4, -0.3])]);
 * console.assert(report.passed && report.checked === 6);
 * ```
 */
export function gradcheck(f: (...xs: Tensor[]) => Tensor, inputs: readonly Tensor[], options: GradcheckOptions = {}): GradcheckReport {
  if (typeof f !== 'function') throw new ConfigError(invalid('gradcheck', 'f', 'a function', f));
  if (!Array.isArray(inputs) || inputs.length === 0 || !inputs.every((x) => x instanceof Tensor && !x.isDisposed)) {
    throw new ConfigError(invalid('gradcheck', 'inputs', 'a non-empty list of live tensors', inputs));
  }
  const f32 = inputs[0].dtype === 'float32';
  const eps = options.eps ?? (f32 ? 1e-2 : 1e-6);
  const atol = options.atol ?? (f32 ? 1e-2 : 1e-6);
  const rtol = options.rtol ?? (f32 ? 1e-2 : 1e-5);
  for (const [name, v] of [['eps', eps], ['atol', atol], ['rtol', rtol]] as const) {
    if (!(typeof v === 'number' && v >= 0 && Number.isFinite(v)) || (name === 'eps' && v === 0)) {
      throw new ConfigError(invalid('gradcheck', `options.${name}`, 'a finite non-negative number (eps > 0)', v));
    }
  }
  const rng = new Random(options.seed ?? 0);

  const probe = tidy(() => {
    const y = f(...inputs);
    if (!(y instanceof Tensor)) throw new ConfigError(invalid('gradcheck', 'f', 'a function returning a Tensor', y));
    return { size: y.size, complex: y.complex, shape: y.shape.slice(), dtype: y.dtype };
  });
  const pr = new Float64Array(probe.size);
  const pi = new Float64Array(probe.size);
  for (let i = 0; i < probe.size; i++) pr[i] = rng.normal();
  if (probe.complex) for (let i = 0; i < probe.size; i++) pi[i] = rng.normal();

  const hostLoss = (xs: Tensor[]): number =>
    tidy(() => {
      const { re, im } = f(...xs).reImSync();
      let s = 0;
      for (let i = 0; i < re.length; i++) s += pr[i] * re[i] + pi[i] * im[i];
      return s;
    });

  const analytic = tidy(() => {
    const PR = tensor(pr, probe.shape, { dtype: probe.dtype });
    const PI = tensor(pi, probe.shape, { dtype: probe.dtype });
    const loss = (...xs: Tensor[]): Tensor => {
      const y = f(...xs);
      return y.complex ? add(sum(mul(real(y), PR)), sum(mul(imag(y), PI))) : sum(mul(y, PR));
    };
    return valueAndGrad(loss)(...inputs).grads.map((g) => g.reImSync());
  });

  const hostInputs = inputs.map((x) => x.reImSync());
  let checked = 0;
  let maxAbsError = 0;
  let worst: GradcheckComponent | null = null;
  let worstRatio = -1;
  let passed = true;
  inputs.forEach((x, which) => {
    const parts: ('re' | 'im')[] = x.complex ? ['re', 'im'] : ['re'];
    for (const part of parts) {
      for (let index = 0; index < x.size; index++) {
        const evalAt = (delta: number): number => {
          const re = Float64Array.from(hostInputs[which].re);
          const im = Float64Array.from(hostInputs[which].im);
          (part === 're' ? re : im)[index] += delta;
          return tidy(() => {
            const moved = x.complex ? complexTensor(re, im, x.shape, { dtype: x.dtype }) : tensor(re, x.shape, { dtype: x.dtype });
            const xs = inputs.map((t, i) => (i === which ? moved : t));
            return hostLoss(xs);
          });
        };
        const numeric = (evalAt(eps) - evalAt(-eps)) / (2 * eps);
        const a = analytic[which][part][index];
        const error = Math.abs(numeric - a);
        const tol = atol + rtol * Math.abs(numeric);
        const ratio = tol > 0 ? error / tol : error === 0 ? 0 : Infinity;
        checked++;
        if (!(error <= tol)) passed = false;
        if (error > maxAbsError || Number.isNaN(error)) maxAbsError = error;
        if (ratio > worstRatio || Number.isNaN(ratio)) {
          worstRatio = ratio;
          worst = { input: which, index, part, numeric, analytic: a, error };
        }
      }
    }
  });
  const report: GradcheckReport = { passed, checked, maxAbsError, worst };
  if (!passed) {
    const w = worst!;
    throw new GradcheckError(
      invalid(
        'gradcheck',
        'f',
        `a function whose autodiff gradient matches finite differences within atol ${atol} + rtol ${rtol} * |numeric|`,
        `input ${w.input}, element ${w.index} (${w.part}): numeric ${w.numeric}, analytic ${w.analytic}, error ${w.error}`,
      ),
    );
  }
  return report;
}

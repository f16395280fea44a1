/**
 * Seeded normal and uniform initializers with explicit parameters.
 *
 * @packageDocumentation
 */
import { ConfigError, invalid } from '../../errors';
import { finite, nonNegative, optionsBag } from '../validate';
import { makeInitializer, type InitOptions, type Initializer } from './initializer';

/** Options of `initializers.normal` ({@link initializers}). */
export interface NormalOptions extends InitOptions {
  /** Mean (of the real part); default 0. */
  readonly mean?: number;
  /** Standard deviation sqrt(E|w - mean|^2) >= 0; default 1. */
  readonly std?: number;
}

/**
 * Normal values. Real: w = mean + std * z with z standard normal. Complex: w = mean + s (z1 + i z2)
 * with s = std / sqrt(2) and independent z1, z2, so that the real and imaginary parts are
 * independent with variance std^2 / 2 each and E|w - mean|^2 = std^2 (a circular complex normal,
 * |w - mean| Rayleigh-distributed with a uniform phase).
 * @throws {@link ConfigError} for a non-finite mean, a negative std, or no seed / random.
 *
 * @example
 * ```ts
 * import { initializers } from 'lorentz-irreps';
 * const a = initializers.normal({ mean: 0, std: 0.1, seed: 7 }).tensor([2, 3]);
 * const b = initializers.normal({ mean: 0, std: 0.1, seed: 7 }).tensor([2, 3]);
 * console.assert(a.dataSync().every((x, i) => x === b.dataSync()[i]));
 * const w = initializers.normal({ std: 0.1, seed: 7, complex: true });
 * console.assert(Math.abs(w.variance([5]) - 0.01) < 1e-15 && w.tensor([5]).complex);
 * ```
 */
export function normal(options?: NormalOptions): Initializer {
  const fn = 'initializers.normal';
  const o = optionsBag(options, fn);
  const mean = finite(o.mean ?? 0, fn, 'options.mean');
  const std = nonNegative(o.std ?? 1, fn, 'options.std');
  const complex = o.complex === true;
  const s = complex ? std / Math.SQRT2 : std;
  return makeInitializer(
    {
      name: 'normal',
      params: `mean=${mean}, std=${std}`,
      random: true,
      variance: () => std * std,
      draw: (out, part, random) => {
        const m = part === 0 ? mean : 0;
        for (let i = 0; i < out.length; i++) out[i] = m + s * random!.normal();
      },
    },
    o,
  );
}

/** Options of `initializers.uniform` ({@link initializers}). */
export interface UniformOptions extends InitOptions {
  /** Lower bound (inclusive) of each part; default 0. */
  readonly low?: number;
  /** Upper bound (exclusive) of each part; default 1. */
  readonly high?: number;
}

/**
 * Uniform values in [low, high). Complex: real and imaginary parts independent, each uniform in
 * [low, high) (a square in the complex plane), so the variance is (high - low)^2 / 12 for a real
 * tensor and twice that (summed over the two parts) for a complex one.
 * @throws {@link ConfigError} for non-finite bounds, low >= high, or no seed / random.
 *
 * @example
 * ```ts
 * import { initializers, Random } from 'lorentz-irreps';
 * const random = new Random(1);
 * const u = initializers.uniform({ low: -2, high: 2, random }).tensor([100]);
 * console.assert(u.dataSync().every((x) => x >= -2 && x < 2));
 * ```
 */
export function uniform(options?: UniformOptions): Initializer {
  const fn = 'initializers.uniform';
  const o = optionsBag(options, fn);
  const low = finite(o.low ?? 0, fn, 'options.low');
  const high = finite(o.high ?? 1, fn, 'options.high');
  if (!(low < high)) throw new ConfigError(invalid(fn, 'options.high', `greater than low = ${low}`, high));
  const perPart = ((high - low) * (high - low)) / 12;
  return makeInitializer(
    {
      name: 'uniform',
      params: `low=${low}, high=${high}`,
      random: true,
      variance: () => (o.complex === true ? 2 * perPart : perPart),
      draw: (out, _part, random) => {
        for (let i = 0; i < out.length; i++) out[i] = random!.uniformIn(low, high);
      },
    },
    o,
  );
}

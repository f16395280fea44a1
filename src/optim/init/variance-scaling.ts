/**
 * Variance-scaling initializers (Glorot / Xavier, He / Kaiming, LeCun): the variance of each
 * weight is scale / n with n the fan-in, the fan-out or their mean.
 *
 * @packageDocumentation
 */
import { ConfigError, invalid } from '../../errors';
import { optionsBag, positive } from '../validate';
import { computeFans } from './fans';
import { makeInitializer, type InitOptions, type Initializer } from './initializer';

/** Which fan the variance is divided by. */
export type FanMode = 'fanIn' | 'fanOut' | 'fanAvg';

/** Options of the fan-based initializers. */
export interface FanOptions extends InitOptions {
  /** Fan-in to use instead of the one computed from the shape ({@link computeFans}). */
  readonly fanIn?: number;
  /** Fan-out to use instead of the one computed from the shape. */
  readonly fanOut?: number;
}

/** Options of `initializers.varianceScaling` ({@link initializers}). */
export interface VarianceScalingOptions extends FanOptions {
  /** Target variance times n; > 0; default 1. */
  readonly scale?: number;
  /** Default `'fanIn'`. */
  readonly mode?: FanMode;
  /** Default `'normal'` (untruncated). */
  readonly distribution?: 'normal' | 'uniform';
}

function fanOverride(value: number | undefined, fn: string, arg: string): number | undefined {
  if (value === undefined) return undefined;
  if (!Number.isInteger(value) || value <= 0) throw new ConfigError(invalid(fn, arg, 'a positive integer', value));
  return value;
}

/**
 * Weights with variance sigma^2 = scale / n, n = max(1, fan) for the chosen fan (fanAvg: the mean
 * of fan-in and fan-out). Normal: w = sigma z. Uniform: w uniform in [-a, a) with a = sqrt(3) sigma.
 * Complex: the total variance E|w|^2 = sigma^2 is kept and split equally between independent real
 * and imaginary parts (each of variance sigma^2 / 2: normal parts of std sigma / sqrt(2), or uniform
 * parts in [-a, a) with a = sqrt(3/2) sigma), the convention of complex-valued networks
 * (Trabelsi et al. 2018) that keeps activations' E|x|^2 as in the real case.
 * @throws {@link ConfigError} for a bad scale, mode, distribution, fan override, or no seed / random.
 *
 * @example
 * ```ts
 * import { initializers } from 'lorentz-irreps';
 * const init = initializers.varianceScaling({ scale: 2, mode: 'fanIn', seed: 3 });
 * console.assert(init.variance([64, 10]) === 2 / 64);
 * console.assert(init.tensor([64, 10]).shape.join() === '64,10');
 * ```
 */
export function varianceScaling(options?: VarianceScalingOptions): Initializer {
  return scaled('varianceScaling', optionsBag(options, 'initializers.varianceScaling'));
}

function scaled(name: string, o: Partial<VarianceScalingOptions>): Initializer {
  const fn = `initializers.${name}`;
  const scale = positive(o.scale ?? 1, fn, 'options.scale');
  const mode = o.mode ?? 'fanIn';
  if (mode !== 'fanIn' && mode !== 'fanOut' && mode !== 'fanAvg') {
    throw new ConfigError(invalid(fn, 'options.mode', "'fanIn', 'fanOut' or 'fanAvg'", mode));
  }
  const distribution = o.distribution ?? 'normal';
  if (distribution !== 'normal' && distribution !== 'uniform') {
    throw new ConfigError(invalid(fn, 'options.distribution', "'normal' or 'uniform'", distribution));
  }
  const fanIn = fanOverride(o.fanIn, fn, 'options.fanIn');
  const fanOut = fanOverride(o.fanOut, fn, 'options.fanOut');
  const variance = (shape: readonly number[]): number => {
    const fans = computeFans(shape);
    const fi = fanIn ?? fans.fanIn;
    const fo = fanOut ?? fans.fanOut;
    const n = mode === 'fanIn' ? fi : mode === 'fanOut' ? fo : (fi + fo) / 2;
    return scale / Math.max(1, n);
  };
  const complex = o.complex === true;
  return makeInitializer(
    {
      name,
      params: `scale=${scale}, mode=${mode}, distribution=${distribution}`,
      random: true,
      variance,
      draw: (out, _part, random, shape) => {
        const partVariance = complex ? variance(shape) / 2 : variance(shape);
        if (distribution === 'normal') {
          const s = Math.sqrt(partVariance);
          for (let i = 0; i < out.length; i++) out[i] = s * random!.normal();
        } else {
          const a = Math.sqrt(3 * partVariance);
          for (let i = 0; i < out.length; i++) out[i] = random!.uniformIn(-a, a);
        }
      },
    },
    o,
  );
}

/**
 * Glorot / Xavier uniform: uniform in [-a, a) with a = sqrt(6 / (fanIn + fanOut)), variance
 * 2 / (fanIn + fanOut) (complex: that total variance, split between the parts; see
 * {@link varianceScaling}).
 * @throws as {@link varianceScaling}.
 *
 * @example
 * ```ts
 * import { initializers } from 'lorentz-irreps';
 * const w = initializers.glorotUniform({ seed: 1 }).variable([20, 30], { name: 'w' });
 * const a = Math.sqrt(6 / 50);
 * console.assert(w.dataSync().every((x) => Math.abs(x) <= a) && w.name === 'w');
 * w.dispose();
 * ```
 */
export function glorotUniform(options?: FanOptions): Initializer {
  return scaled('glorotUniform', { ...optionsBag(options, 'initializers.glorotUniform'), scale: 1, mode: 'fanAvg', distribution: 'uniform' });
}

/**
 * Glorot / Xavier normal: normal with variance 2 / (fanIn + fanOut) (complex: see {@link varianceScaling}).
 * @throws as {@link varianceScaling}.
 *
 * @example
 * ```ts
 * import { initializers } from 'lorentz-irreps';
 * console.assert(initializers.glorotNormal({ seed: 1 }).variance([20, 30]) === 2 / 50);
 * ```
 */
export function glorotNormal(options?: FanOptions): Initializer {
  return scaled('glorotNormal', { ...optionsBag(options, 'initializers.glorotNormal'), scale: 1, mode: 'fanAvg', distribution: 'normal' });
}

/**
 * He / Kaiming normal: normal with variance 2 / fanIn, for ReLU networks (complex: see {@link varianceScaling}).
 * @throws as {@link varianceScaling}.
 *
 * @example
 * ```ts
 * import { initializers } from 'lorentz-irreps';
 * const init = initializers.heNormal({ seed: 5, complex: true });
 * const w = init.tensor([8, 4]);
 * console.assert(w.complex && init.variance([8, 4]) === 2 / 8);
 * ```
 */
export function heNormal(options?: FanOptions): Initializer {
  return scaled('heNormal', { ...optionsBag(options, 'initializers.heNormal'), scale: 2, mode: 'fanIn', distribution: 'normal' });
}

/**
 * He / Kaiming uniform: uniform in [-a, a) with a = sqrt(6 / fanIn), variance 2 / fanIn
 * (complex: see {@link varianceScaling}).
 * @throws as {@link varianceScaling}.
 *
 * @example
 * ```ts
 * import { initializers } from 'lorentz-irreps';
 * const w = initializers.heUniform({ seed: 5 }).tensor([6, 3]);
 * console.assert(w.dataSync().every((x) => Math.abs(x) <= 1));
 * ```
 */
export function heUniform(options?: FanOptions): Initializer {
  return scaled('heUniform', { ...optionsBag(options, 'initializers.heUniform'), scale: 2, mode: 'fanIn', distribution: 'uniform' });
}

/**
 * LeCun normal: normal with variance 1 / fanIn, for self-normalizing networks (complex: see
 * {@link varianceScaling}).
 * @throws as {@link varianceScaling}.
 *
 * @example
 * ```ts
 * import { initializers } from 'lorentz-irreps';
 * console.assert(initializers.lecunNormal({ seed: 2, fanIn: 10 }).variance([3, 3]) === 0.1);
 * ```
 */
export function lecunNormal(options?: FanOptions): Initializer {
  return scaled('lecunNormal', { ...optionsBag(options, 'initializers.lecunNormal'), scale: 1, mode: 'fanIn', distribution: 'normal' });
}

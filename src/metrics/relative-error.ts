/**
 * Relative errors of reconstructed quantities (jet mass, pt, particle momenta, ...).
 *
 * @packageDocumentation
 */
import { ConfigError, DataError, ShapeError, invalid } from '../errors';
import { sortedQuantile } from './quantile';
import { finiteValues } from './scores';

/** Options of {@link relativeErrors} and {@link relativeErrorStats}. */
export interface RelativeErrorOptions {
  /**
   * What to do where the true value is 0, which has no relative error: `'error'` (default) throws
   * a DataError; `'exclude'` leaves those entries out and counts them in `excludedZeros`.
   */
  readonly zeros?: 'error' | 'exclude';
}

/** Relative errors and how many entries were left out. */
export interface RelativeErrors {
  /** (reco - true) / true for every entry whose true value is not 0, in input order. */
  readonly errors: Float64Array;
  /** Number of entries left out because their true value is 0 (only with `zeros: 'exclude'`). */
  readonly excludedZeros: number;
}

/** Summary of relative errors. */
export interface RelativeErrorStats {
  /** Median of the relative errors. */
  readonly median: number;
  /** Interquartile range q75 - q25. */
  readonly iqr: number;
  /** 25th percentile. */
  readonly q25: number;
  /** 75th percentile. */
  readonly q75: number;
  /** Number of relative errors summarized. */
  readonly count: number;
  /** Number of entries left out because their true value is 0. */
  readonly excludedZeros: number;
}

/**
 * Element-wise relative errors (reco_i - true_i) / true_i, divided by the TRUE value (not the
 * reconstructed one, and not its absolute value: a negative true value flips the sign).
 *
 * @param reconstructed - reconstructed values (finite).
 * @param target - true values (finite), same length.
 * @param options - zeros: 'error' (default) or 'exclude'.
 * @throws {@link ShapeError} for unequal lengths or no entries; {@link DataError} for non-finite
 * values, or a zero true value under `zeros: 'error'`; {@link ConfigError} for a bad option.
 *
 * @example
 * ```ts
 * import { relativeErrors } from 'lorentz-irreps';
 * const r = relativeErrors([110, 45, 7], [100, 50, 0], { zeros: 'exclude' });
 * console.assert(r.errors.join() === '0.1,-0.1' && r.excludedZeros === 1);
 * ```
 */
export function relativeErrors(reconstructed: ArrayLike<number>, target: ArrayLike<number>, options: RelativeErrorOptions = {}): RelativeErrors {
  return compute('relativeErrors', reconstructed, target, options);
}

function compute(fn: string, reconstructed: ArrayLike<number>, target: ArrayLike<number>, options: RelativeErrorOptions): RelativeErrors {
  const zeros = options.zeros ?? 'error';
  if (zeros !== 'error' && zeros !== 'exclude') throw new ConfigError(invalid(fn, 'options.zeros', "'error' or 'exclude'", zeros));
  const reco = finiteValues(reconstructed, fn, 'reconstructed');
  const truth = finiteValues(target, fn, 'target');
  if (truth.length !== reco.length) throw new ShapeError(invalid(fn, 'target', `an array of length ${reco.length}, like reconstructed`, target));
  const out: number[] = [];
  let excluded = 0;
  for (let i = 0; i < reco.length; i++) {
    if (truth[i] === 0) {
      if (zeros === 'error') {
        throw new DataError(invalid(fn, `target[${i}]`, "nonzero (a relative error divides by it; pass { zeros: 'exclude' } to skip and count such entries)", truth[i]));
      }
      excluded++;
      continue;
    }
    out.push((reco[i] - truth[i]) / truth[i]);
  }
  return { errors: Float64Array.from(out), excludedZeros: excluded };
}

/**
 * Median and interquartile range of the relative errors (reco - true) / true, with quantiles by
 * linear interpolation (NumPy's default). The usual summary of an autoencoder's reconstruction
 * of jet mass, pt, eta, or of particle momenta.
 *
 * @param reconstructed - reconstructed values (finite).
 * @param target - true values (finite), same length.
 * @param options - zeros: 'error' (default) or 'exclude' (counted in `excludedZeros`).
 * @returns median, iqr, q25, q75, count and excludedZeros.
 * @throws as {@link relativeErrors}, and {@link DataError} if every true value is 0 and excluded.
 *
 * @example
 * ```ts
 * import { relativeErrorStats } from 'lorentz-irreps';
 * const s = relativeErrorStats([101, 98, 104, 100, 97], [100, 100, 100, 100, 100]);
 * console.assert(s.median === 0 && s.count === 5);
 * console.assert(Math.abs(s.iqr - 0.03) < 1e-15); // q75 = 0.01, q25 = -0.02
 * ```
 */
export function relativeErrorStats(reconstructed: ArrayLike<number>, target: ArrayLike<number>, options: RelativeErrorOptions = {}): RelativeErrorStats {
  const fn = 'relativeErrorStats';
  const { errors, excludedZeros } = compute(fn, reconstructed, target, options);
  if (errors.length === 0) throw new DataError(invalid(fn, 'target', 'an array with at least one nonzero value', target));
  const sorted = errors.slice().sort();
  const q25 = sortedQuantile(sorted, 0.25);
  const q75 = sortedQuantile(sorted, 0.75);
  return { median: sortedQuantile(sorted, 0.5), iqr: q75 - q25, q25, q75, count: sorted.length, excludedZeros };
}

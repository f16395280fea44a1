/**
 * Permutation checks over the particle axis: F(pi.x) against pi.F(x) (equivariance) or F(x)
 * (invariance), per jet, with padded particles kept in place.
 *
 * @packageDocumentation
 */
import { ConfigError, LorentzIrrepsError, ShapeError, invalid } from '../errors';
import { getBackend } from '../tensor/environment';
import { tidy } from '../tensor/memory';
import { Tensor } from '../tensor/tensor';
import { Random } from '../util/random';
import type { EquivarianceFigures } from './equivariance';
import { compareRows } from './equivariance';
import { type HostValue, type SymmetryValue, outputList, readHost, rebuild } from './host-values';
import { symmetryTolerance } from './tolerances';

/** One argument of the function under test and its particle axis. */
export interface PermutationArg {
  /** The value: a tensor of shape [B, ...] (batch axis 0), or any value when not permuted. */
  readonly value: SymmetryValue;
  /** The particle axis (>= 1), default 1; null for an argument that is not per particle (weights, jet-level data). */
  readonly particleAxis?: number | null;
}

/** Options of the permutation checks. */
export interface PermutationOptions {
  /**
   * The particle axis of each output (null: not per particle, which must then be unchanged). For
   * {@link assertPermutationEquivariant} the default is axis 1 for every output;
   * {@link assertPermutationInvariant} treats every output as null.
   */
  readonly outputs?: readonly (number | null)[];
  /**
   * Index of the input that is the particle mask [B, N] (non-zero: a particle, 0: padding). With a
   * mask, each jet's real particles are permuted among themselves and padded slots stay where
   * they are; without, all N slots of each jet are permuted.
   */
  readonly mask?: number;
  /** Number of drawn permutations (default 4). */
  readonly count?: number;
  /** Seed of the draws (default 0). */
  readonly seed?: number;
  /** Bound on max|A - B| / max|B|; default the table's base tolerance for the backend and dtype. */
  readonly tolerance?: number;
}

/** The result of a permutation check. */
export interface PermutationReport {
  readonly passed: boolean;
  readonly tolerance: number;
  /** Figures per drawn permutation and output. */
  readonly trials: readonly (readonly EquivarianceFigures[])[];
  readonly worst: EquivarianceFigures & { readonly trial: number };
}

/**
 * Thrown by {@link assertPermutationEquivariant} and {@link assertPermutationInvariant} for a
 * function that does not respect permutations of the particles within tolerance.
 *
 * @example
 * ```ts
 * import { tensor, slice } from 'lorentz-irreps';
 * import { assertPermutationInvariant, PermutationError } from 'lorentz-irreps/testing';
 * const x = tensor([[[1], [2], [3], [4]]]);
 * let threw = false;
 * try {
 *   assertPermutationInvariant((v) => slice(v, [0, 3, 0], [1, 1, 1]), [{ value: x }]); // the last slot
 * } catch (e) {
 *   threw = e instanceof PermutationError;
 * }
 * console.assert(threw);
 * ```
 */
export class PermutationError extends LorentzIrrepsError {}

/** order[b][n] = the old slot whose particle moves to slot n of jet b. */
type Orders = Int32Array[];

function drawOrders(rng: Random, batch: number, count: number, mask: Float64Array | null): Orders {
  const orders: Orders = [];
  for (let b = 0; b < batch; b++) {
    const order = new Int32Array(count);
    for (let n = 0; n < count; n++) order[n] = n;
    const real: number[] = [];
    for (let n = 0; n < count; n++) if (mask === null || mask[b * count + n] !== 0) real.push(n);
    const perm = rng.permutation(real.length);
    real.forEach((slot, k) => {
      order[slot] = real[perm[k]];
    });
    orders.push(order);
  }
  return orders;
}

/** Moves the particles of a host value [B, ..., N (axis), ...] by `orders`. */
function permute(v: HostValue, axis: number, orders: Orders): { re: Float64Array; im: Float64Array | null } {
  const shape = v.shape;
  const n = shape[axis];
  const mid = shape.slice(1, axis).reduce((a, b) => a * b, 1);
  const inner = shape.slice(axis + 1).reduce((a, b) => a * b, 1);
  const move = (x: Float64Array): Float64Array => {
    const out = new Float64Array(x.length);
    for (let b = 0; b < shape[0]; b++) {
      for (let m = 0; m < mid; m++) {
        const base = (b * mid + m) * n;
        for (let slot = 0; slot < n; slot++) {
          const from = (base + orders[b][slot]) * inner;
          out.set(x.subarray(from, from + inner), (base + slot) * inner);
        }
      }
    }
    return out;
  };
  return { re: move(v.re), im: v.im === null ? null : move(v.im) };
}

function checkAxis(fn: string, arg: string, v: HostValue, axis: number, batch: number, count: number): void {
  if (v.kind !== 'tensor' || !Number.isInteger(axis) || axis < 1 || axis >= v.shape.length) {
    throw new ShapeError(invalid(fn, arg, 'a tensor [B, ...] whose particle axis is an axis >= 1 of it', v.kind === 'tensor' ? `shape [${v.shape.join(',')}], axis ${axis}` : v.kind));
  }
  if (v.shape[0] !== batch || v.shape[axis] !== count) {
    throw new ShapeError(invalid(fn, arg, `of batch extent ${batch} and particle extent ${count} (like the first permuted input)`, v.shape));
  }
}

function run(fn: string, f: unknown, inputs: unknown, options: PermutationOptions, invariant: boolean): PermutationReport {
  if (typeof f !== 'function') throw new ConfigError(invalid(fn, 'fn', 'a function', f));
  if (!Array.isArray(inputs) || inputs.length === 0) throw new ConfigError(invalid(fn, 'inputs', 'a non-empty array of { value, particleAxis }', inputs));
  if (options === null || typeof options !== 'object') throw new ConfigError(invalid(fn, 'options', 'an object', options));
  const args = inputs as PermutationArg[];
  const host = args.map((a, k) => readHost(fn, `inputs[${k}].value`, a?.value));
  const axes = args.map((a) => (a.particleAxis === undefined ? 1 : a.particleAxis));
  const first = axes.findIndex((a) => a !== null);
  if (first < 0) throw new ConfigError(invalid(fn, 'inputs', 'at least one argument with a particle axis', inputs));
  const batch = host[first].shape[0];
  const count = host[first].shape[axes[first] as number];
  axes.forEach((a, k) => {
    if (a !== null) checkAxis(fn, `inputs[${k}].value`, host[k], a, batch, count);
  });
  let mask: Float64Array | null = null;
  if (options.mask !== undefined) {
    const m = options.mask;
    if (!Number.isInteger(m) || m < 0 || m >= host.length || host[m].kind !== 'tensor' || host[m].shape.join() !== `${batch},${count}`) {
      throw new ConfigError(invalid(fn, 'options.mask', `the index of an input tensor of shape [${batch}, ${count}]`, m));
    }
    mask = host[m].re;
  }
  const seed = options.seed ?? 0;
  const draws = options.count ?? 4;
  if (!Number.isInteger(seed)) throw new ConfigError(invalid(fn, 'options.seed', 'an integer', seed));
  if (!Number.isInteger(draws) || draws < 1) throw new ConfigError(invalid(fn, 'options.count', 'a positive integer', draws));
  const firstTensor = args.map((a) => a.value).find((v) => v instanceof Tensor) as Tensor | undefined;
  const tolerance = options.tolerance ?? symmetryTolerance(getBackend(), firstTensor?.dtype ?? 'float64');
  if (!(typeof tolerance === 'number' && tolerance >= 0)) throw new ConfigError(invalid(fn, 'options.tolerance', 'a non-negative number', tolerance));

  const call = f as (...xs: unknown[]) => unknown;
  let outAxes: (number | null)[] | null = null;
  const evaluate = (values: readonly HostValue[]): HostValue[] =>
    tidy(() => {
      const outs = outputList(call(...values.map((v) => rebuild(v, v.re.slice(), v.im === null ? null : v.im.slice()))));
      const read = outs.map((o, k) => readHost(fn, `output ${k}`, o));
      if (outAxes === null) {
        if (invariant) outAxes = read.map(() => null);
        else if (options.outputs !== undefined) {
          if (!Array.isArray(options.outputs) || options.outputs.length !== read.length) {
            throw new ConfigError(invalid(fn, 'options.outputs', `one particle axis (or null) per output (${read.length})`, options.outputs));
          }
          outAxes = options.outputs.slice();
        } else outAxes = read.map(() => 1);
        outAxes.forEach((a, k) => {
          if (a !== null) checkAxis(fn, `output ${k}`, read[k], a, batch, count);
        });
      }
      return read;
    });

  const base = evaluate(host);
  const rng = new Random(seed);
  const trials: EquivarianceFigures[][] = [];
  let worst: EquivarianceFigures & { trial: number } = { trial: 0, output: 0, meanDeviation: 0, maxAbsDeviation: 0, maxRelativeDeviation: -1 };
  for (let t = 0; t < draws; t++) {
    const orders = drawOrders(rng, batch, count, mask);
    const moved = host.map((v, k) => (axes[k] === null ? v : { ...v, ...permute(v, axes[k] as number, orders) }));
    const outs = evaluate(moved);
    const figures = outs.map((a, k) => {
      const axis = outAxes![k];
      const expected = axis === null ? { re: base[k].re, im: base[k].im } : permute(base[k], axis, orders);
      const width = a.shape.length > 0 ? a.shape[a.shape.length - 1] : 1;
      return compareRows(k, a, expected, width);
    });
    for (const fig of figures) if (!(fig.maxRelativeDeviation <= worst.maxRelativeDeviation)) worst = { ...fig, trial: t };
    trials.push(figures);
  }
  return { passed: worst.maxRelativeDeviation <= tolerance, tolerance, trials, worst };
}

function fail(fn: string, report: PermutationReport, kind: string): never {
  const w = report.worst;
  throw new PermutationError(
    invalid(
      fn,
      'fn',
      `permutation ${kind}: max|F(pi.x) - ${kind === 'invariant' ? 'F(x)' : 'pi.F(x)'}| / max|...| <= ${report.tolerance.toPrecision(3)} for every output`,
      `output ${w.output} under drawn permutation ${w.trial}: relative deviation ${w.maxRelativeDeviation.toPrecision(3)}, absolute ${w.maxAbsDeviation.toPrecision(3)}`,
    ),
  );
}

/**
 * Throws unless `fn` commutes with permutations of the particles: for seeded random per-jet
 * permutations pi (real particles only when `options.mask` names the mask input; padded slots
 * stay), compares fn(pi.x) with pi.fn(x) for every output, pi acting on each output's particle
 * axis (outputs whose axis is null must be unchanged). Tolerance: max|A - B| / max|B| at most
 * the table's base tolerance ({@link SYMMETRY_TOLERANCES}) unless given. Returns the report.
 * @throws {@link PermutationError} naming the worst output and draw; {@link ConfigError} or
 *   {@link ShapeError} for bad arguments or options.
 *
 * @example
 * ```ts
 * import { tensor, mul, sum, expandDims } from 'lorentz-irreps';
 * import { assertPermutationEquivariant } from 'lorentz-irreps/testing';
 * const p = tensor([[[1, 2], [3, 4], [5, 6]]]); // [B=1, N=3, 2]
 * // Scaling each particle by the jet total commutes with permutations.
 * assertPermutationEquivariant((x) => mul(x, expandDims(sum(x, 1), 1)), [{ value: p }]);
 * ```
 */
export function assertPermutationEquivariant(fn: (...xs: never[]) => unknown, inputs: readonly PermutationArg[], options: PermutationOptions = {}): PermutationReport {
  const report = run('assertPermutationEquivariant', fn, inputs, options, false);
  if (!report.passed) fail('assertPermutationEquivariant', report, 'equivariant');
  return report;
}

/**
 * Throws unless every output of `fn` is unchanged by permutations of the particles (see
 * {@link assertPermutationEquivariant} for draws, masks and tolerance). Returns the report.
 * @throws {@link PermutationError} naming the worst output and draw; {@link ConfigError} or
 *   {@link ShapeError} for bad arguments or options.
 *
 * @example
 * ```ts
 * import { tensor, sum, slice } from 'lorentz-irreps';
 * import { assertPermutationInvariant, PermutationError } from 'lorentz-irreps/testing';
 * const p = tensor([[[1, 2], [3, 4], [5, 6]]]);
 * assertPermutationInvariant((x) => sum(x, 1), [{ value: p }]);
 * let threw = false;
 * try {
 *   assertPermutationInvariant((x) => slice(x, [0, 0, 0], [1, 1, 2]), [{ value: p }]); // the first particle
 * } catch (e) {
 *   threw = e instanceof PermutationError;
 * }
 * console.assert(threw);
 * ```
 */
export function assertPermutationInvariant(fn: (...xs: never[]) => unknown, inputs: readonly PermutationArg[], options: PermutationOptions = {}): PermutationReport {
  const report = run('assertPermutationInvariant', fn, inputs, options, true);
  if (!report.passed) fail('assertPermutationInvariant', report, 'invariant');
  return report;
}

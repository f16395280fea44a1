/**
 * Lorentz-equivariance checks of functions of tensors: F(g.x) against g.F(x) for drawn rotations
 * and boosts, transforms applied in float64.
 *
 * @packageDocumentation
 */
import { ConfigError, LorentzIrrepsError, invalid } from '../errors';
import { LorentzElement } from '../group/lorentz-element';
import { getBackend } from '../tensor/environment';
import { tidy } from '../tensor/memory';
import { Tensor } from '../tensor/tensor';
import type { DType } from '../tensor/types';
import { type DrawnElement, drawLorentzElements } from './elements';
import { type HostValue, type SymmetryValue, outputList, readHost, rebuild } from './host-values';
import { type MatrixCache, type Rep, type ResolvedRep, applyElement, checkRepShape, resolveRep } from './reps';
import { lorentzGrowth, symmetryTolerance } from './tolerances';

/** One argument of the function under test and how it transforms. */
export interface EquivarianceArg {
  /** The value passed to the function: a tensor, a ComplexArray or a Float64Array. */
  readonly value: SymmetryValue;
  /** How it transforms (see {@link Rep}). */
  readonly rep: Rep;
}

/** Options of {@link equivarianceError} and {@link assertEquivariant}. */
export interface EquivarianceOptions {
  /** How each output transforms, in the order the function returns them (required). */
  readonly outputs: readonly Rep[];
  /** The transformations to test; default: `count` elements drawn by {@link drawLorentzElements}. */
  readonly elements?: readonly LorentzElement[];
  /** Number of drawn elements (default 6). */
  readonly count?: number;
  /** Seed of the draw (default 0). */
  readonly seed?: number;
  /** Largest rapidity of drawn boosts (default 10). */
  readonly maxRapidity?: number;
  /**
   * Bound on `maxRelativeDeviation` for every element; default from the table
   * ({@link SYMMETRY_TOLERANCES}): base(backend, dtype) * kappa(g)^2.
   */
  readonly tolerance?: number;
}

/** The figures of one output under one transformation g, with A = F(g.x) and B = g.F(x). */
export interface EquivarianceFigures {
  /** Index of the output. */
  readonly output: number;
  /**
   * The measure of the conventions page (LGAE paper, appendix C):
   * |mean(A) - mean(B)| / |mean(B)|, the means taken over all rows (every leading position, e.g.
   * particles and jets) of the last axis, |.| the Euclidean norm over its components (complex
   * modulus). NaN when mean(B) = 0.
   */
  readonly meanDeviation: number;
  /** max over all elements of |A - B| (complex modulus). */
  readonly maxAbsDeviation: number;
  /** maxAbsDeviation / max|B| (0 when both are 0, Infinity when only B is 0). */
  readonly maxRelativeDeviation: number;
}

/** The result for one transformation. */
export interface EquivarianceTrial {
  readonly element: LorentzElement;
  readonly description: string;
  /** The bound on maxRelativeDeviation used for this element. */
  readonly tolerance: number;
  readonly outputs: readonly EquivarianceFigures[];
}

/** The result of {@link equivarianceError}. */
export interface EquivarianceReport {
  /** True when every output of every trial is within its tolerance. */
  readonly passed: boolean;
  readonly trials: readonly EquivarianceTrial[];
  /** The trial and output with the largest maxRelativeDeviation / tolerance. */
  readonly worst: { readonly trial: EquivarianceTrial; readonly figures: EquivarianceFigures };
}

/**
 * Thrown by {@link assertEquivariant} for a function that is not Lorentz-equivariant within
 * tolerance; `value` holds the output, element and figures of the worst case.
 *
 * @example
 * ```ts
 * import { tensor, mul } from 'lorentz-irreps';
 * import { assertEquivariant, EquivarianceError } from 'lorentz-irreps/testing';
 * const p = tensor([[3, 1, 0, 2]]);
 * const energyOnly = tensor([1, 0, 0, 0]);
 * try {
 *   assertEquivariant((x) => mul(x, energyOnly), [{ value: p, rep: 'fourVector' }], { outputs: ['fourVector'] });
 *   console.assert(false);
 * } catch (e) {
 *   console.assert(e instanceof EquivarianceError && String(e.value).startsWith('output 0'));
 * }
 * ```
 */
export class EquivarianceError extends LorentzIrrepsError {}

interface Prepared {
  readonly reps: ResolvedRep[];
  readonly host: HostValue[];
  readonly outReps: ResolvedRep[];
  readonly elements: DrawnElement[];
  readonly dtype: DType;
}

function prepare(fn: string, f: unknown, inputs: unknown, options: EquivarianceOptions): Prepared {
  if (typeof f !== 'function') throw new ConfigError(invalid(fn, 'fn', 'a function', f));
  if (!Array.isArray(inputs)) throw new ConfigError(invalid(fn, 'inputs', 'an array of { value, rep }', inputs));
  if (options === null || typeof options !== 'object' || !Array.isArray(options.outputs) || options.outputs.length === 0) {
    throw new ConfigError(invalid(fn, 'options.outputs', 'a non-empty array of reps, one per output', options?.outputs));
  }
  const reps: ResolvedRep[] = [];
  const host: HostValue[] = [];
  inputs.forEach((arg: unknown, k) => {
    const a = arg as Partial<EquivarianceArg> | null;
    if (a === null || typeof a !== 'object') throw new ConfigError(invalid(fn, `inputs[${k}]`, 'an object { value, rep }', arg));
    const rep = resolveRep(fn, `inputs[${k}].rep`, a.rep);
    const v = readHost(fn, `inputs[${k}].value`, a.value);
    checkRepShape(fn, `inputs[${k}].value`, v, rep);
    reps.push(rep);
    host.push(v);
  });
  const outReps = options.outputs.map((r, k) => resolveRep(fn, `options.outputs[${k}]`, r));
  let elements: DrawnElement[];
  if (options.elements !== undefined) {
    if (!Array.isArray(options.elements) || options.elements.length === 0 || !options.elements.every((e) => e instanceof LorentzElement)) {
      throw new ConfigError(invalid(fn, 'options.elements', 'a non-empty array of LorentzElements', options.elements));
    }
    elements = options.elements.map((element, k) => ({ element, description: `element ${k}: ${element}` }));
  } else {
    elements = drawLorentzElements({ count: options.count, seed: options.seed, maxRapidity: options.maxRapidity });
  }
  if (options.tolerance !== undefined && !(typeof options.tolerance === 'number' && options.tolerance >= 0)) {
    throw new ConfigError(invalid(fn, 'options.tolerance', 'a non-negative number', options.tolerance));
  }
  const firstTensor = (inputs as { value: unknown }[]).map((a) => a.value).find((v) => v instanceof Tensor) as Tensor | undefined;
  return { reps, host, outReps, elements, dtype: firstTensor?.dtype ?? 'float64' };
}

/** Calls f on host inputs (rebuilt) and reads its outputs back, all inside one tidy scope. */
function evaluate(fn: string, f: (...xs: never[]) => unknown, host: readonly HostValue[], outReps: readonly ResolvedRep[]): HostValue[] {
  return tidy(() => {
    const args = host.map((v) => rebuild(v, v.re.slice(), v.im === null ? null : v.im.slice()));
    const outs = outputList(f(...(args as never[])));
    if (outs.length !== outReps.length) {
      throw new ConfigError(invalid(fn, 'options.outputs', `one rep per output (the function returned ${outs.length})`, outReps.map((r) => r.text)));
    }
    return outs.map((o, k) => {
      const v = readHost(fn, `output ${k}`, o);
      checkRepShape(fn, `output ${k}`, v, outReps[k]);
      return v;
    });
  });
}

function modulus(re: Float64Array, im: Float64Array | null, k: number): number {
  return im === null ? Math.abs(re[k]) : Math.hypot(re[k], im[k]);
}

/**
 * The figures comparing a = F(g.x) with b = g.F(x), rows of `width`.
 * @internal Shared with the permutation checks.
 */
export function compareRows(output: number, a: HostValue, b: { re: Float64Array; im: Float64Array | null }, width: number): EquivarianceFigures {
  const n = a.re.length;
  const rows = Math.max(1, n / width);
  const meanA = new Float64Array(2 * width);
  const meanB = new Float64Array(2 * width);
  let maxAbs = 0;
  let maxB = 0;
  for (let k = 0; k < n; k++) {
    const c = k % width;
    const ar = a.re[k];
    const ai = a.im === null ? 0 : a.im[k];
    const br = b.re[k];
    const bi = b.im === null ? 0 : b.im[k];
    meanA[2 * c] += ar / rows;
    meanA[2 * c + 1] += ai / rows;
    meanB[2 * c] += br / rows;
    meanB[2 * c + 1] += bi / rows;
    const diff = Math.hypot(ar - br, ai - bi);
    if (!(diff <= maxAbs)) maxAbs = diff;
    maxB = Math.max(maxB, modulus(b.re, b.im, k));
  }
  let num = 0;
  let den = 0;
  for (let c = 0; c < 2 * width; c++) {
    num += (meanA[c] - meanB[c]) ** 2;
    den += meanB[c] ** 2;
  }
  const meanDeviation = den > 0 ? Math.sqrt(num / den) : Number.NaN;
  const maxRelativeDeviation = maxB > 0 ? maxAbs / maxB : maxAbs === 0 ? 0 : Number.POSITIVE_INFINITY;
  return { output, meanDeviation, maxAbsDeviation: maxAbs, maxRelativeDeviation };
}

function widthOf(v: HostValue, rep: ResolvedRep): number {
  if (rep.kind === 'fourVector') return 4;
  if (rep.kind === 'irreps') return rep.irreps!.dim;
  return v.kind === 'tensor' && v.shape.length > 0 ? v.shape[v.shape.length - 1] : 1;
}

function run(fn: string, f: unknown, inputs: unknown, options: EquivarianceOptions): EquivarianceReport {
  const p = prepare(fn, f, inputs, options);
  const call = f as (...xs: never[]) => unknown;
  const base = evaluate(fn, call, p.host, p.outReps);
  const tableBase = symmetryTolerance(getBackend(), p.dtype);
  const trials: EquivarianceTrial[] = p.elements.map(({ element, description }) => {
    const cache: MatrixCache = new Map();
    const moved = p.host.map((v, k) => {
      const t = applyElement(v, p.reps[k], element, cache);
      return { ...v, re: t.re, im: t.im };
    });
    const outs = evaluate(fn, call, moved, p.outReps);
    const figures = outs.map((a, k) => compareRows(k, a, applyElement(base[k], p.outReps[k], element, cache), widthOf(a, p.outReps[k])));
    const tolerance = options.tolerance ?? tableBase * lorentzGrowth(element.toMatrix()) ** 2;
    return { element, description, tolerance, outputs: figures };
  });
  let worst = { trial: trials[0], figures: trials[0].outputs[0] };
  let worstRatio = -1;
  let passed = true;
  for (const trial of trials) {
    for (const fig of trial.outputs) {
      const ratio = fig.maxRelativeDeviation / trial.tolerance;
      if (!(fig.maxRelativeDeviation <= trial.tolerance)) passed = false;
      if (!(ratio <= worstRatio)) {
        worstRatio = Number.isNaN(ratio) ? Number.POSITIVE_INFINITY : ratio;
        worst = { trial, figures: fig };
      }
    }
  }
  return { passed, trials, worst };
}

/**
 * Measures how far `fn` is from Lorentz equivariance: for each transformation g (drawn with
 * fast-check from a seed, or given), compares A = fn(g.x) with B = g.fn(x) for every output, where
 * g acts on each input and output as its {@link Rep} says (four-vectors by L(g), irreps features
 * in the canonical basis by D(g) = {@link index!representationMatrix}, invariants not at all), applied
 * on the host in float64. Inputs are never modified; every tensor made during a call is disposed.
 *
 * Figures per output and element: the mean deviation of the conventions page
 * |mean(A) - mean(B)| / |mean(B)| (means over particles and jets), the largest absolute deviation
 * max|A - B|, and the relative one max|A - B| / max|B|, which is what the tolerance bounds.
 *
 * @param fn - the function; takes the input values in order and returns one value or an array of
 *   values (tensors, ComplexArrays or Float64Arrays).
 * @param inputs - the arguments with their reps.
 * @throws {@link index!ConfigError} for a bad function, arguments, reps or options, or a number of
 *   outputs that differs from `options.outputs`; {@link index!ShapeError} for a value whose last
 *   extent does not fit its rep.
 *
 * @example
 * ```ts
 * import { cgProduct, cgSparseTable, complexTensor } from 'lorentz-irreps';
 * import { equivarianceError } from 'lorentz-irreps/testing';
 * const table = cgSparseTable('(1/2,1/2)', '(1/2,1/2)', '(1,1)');
 * const x = complexTensor([1, 0.2, -0.3, 0.5, 2, 0.1, 0.4, -0.2], [0, 0.1, 0.2, -0.1, 0, 0.3, 0, 0.2], [2, 4]);
 * const report = equivarianceError((v) => cgProduct(v, v, table), [{ value: x, rep: '(1/2,1/2)' }], { outputs: ['(1,1)'], count: 3 });
 * console.assert(report.passed && report.trials.length === 3);
 * console.assert(report.worst.figures.maxRelativeDeviation < 1e-6);
 * ```
 */
export function equivarianceError(
  fn: (...xs: never[]) => unknown,
  inputs: readonly EquivarianceArg[],
  options: EquivarianceOptions,
): EquivarianceReport {
  return run('equivarianceError', fn, inputs, options);
}

/**
 * Throws unless `fn` is Lorentz-equivariant within tolerance (see {@link equivarianceError} for
 * the figures and options): every output's max|fn(g.x) - g.fn(x)| / max|g.fn(x)| must be at most
 * the tolerance, by default base(backend, dtype) * kappa(g)^2 from {@link SYMMETRY_TOLERANCES}.
 * Returns the report when it passes.
 * @throws {@link EquivarianceError} naming the output, its rep, the element, the figures and the
 *   tolerance of the worst case; otherwise as {@link equivarianceError}.
 *
 * @example
 * ```ts
 * import { tensor, add } from 'lorentz-irreps';
 * import { assertEquivariant, EquivarianceError } from 'lorentz-irreps/testing';
 * const p = tensor([[5, 1, 2, 3], [2, 0, 0, 1]]);
 * assertEquivariant((x) => add(x, x), [{ value: p, rep: 'fourVector' }], { outputs: ['fourVector'] });
 * let threw = false;
 * try {
 *   const shift = tensor([1, 0, 0, 0]); // adding a fixed vector is not equivariant
 *   assertEquivariant((x) => add(x, shift), [{ value: p, rep: 'fourVector' }], { outputs: ['fourVector'] });
 * } catch (e) {
 *   threw = e instanceof EquivarianceError && e.message.includes('output 0');
 * }
 * console.assert(threw);
 * ```
 */
export function assertEquivariant(
  fn: (...xs: never[]) => unknown,
  inputs: readonly EquivarianceArg[],
  options: EquivarianceOptions,
): EquivarianceReport {
  const report = run('assertEquivariant', fn, inputs, options);
  if (!report.passed) {
    const { trial, figures } = report.worst;
    const rep = resolveRep('assertEquivariant', 'options.outputs', options.outputs[figures.output]).text;
    throw new EquivarianceError(
      invalid(
        'assertEquivariant',
        'fn',
        `Lorentz-equivariant: max|F(g.x) - g.F(x)| / max|g.F(x)| <= ${trial.tolerance.toPrecision(3)} for every output`,
        `output ${figures.output} (${rep}) under ${trial.description}: relative deviation ${figures.maxRelativeDeviation.toPrecision(3)}, ` +
          `absolute ${figures.maxAbsDeviation.toPrecision(3)}, mean deviation ${figures.meanDeviation.toPrecision(3)}`,
      ),
    );
  }
  return report;
}

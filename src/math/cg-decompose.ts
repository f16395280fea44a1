/**
 * Applying Clebsch-Gordan tables to batched complex features: the decomposition of x1 (x) x2 into
 * irreps.
 *
 * @packageDocumentation
 */
import Complex from 'complex.js';
import { ConfigError, DTypeError, IrrepError, ShapeError, invalid } from '../errors';
import type { CGBasis } from './cg-tables';
import type { ComplexArray } from './complex-array';
import { LorentzIrrep } from './irrep';
import { Irreps } from './irreps';
import { toIrrep } from './irrep-like';
import { tableOf } from './lorentz-cg';
import { poolFloat } from './value-pool';

/** Options of {@link cgDecompose}. */
export interface CGDecomposeOptions {
  /** Basis of the inputs and outputs: "canonical" (default) or "product". */
  readonly basis?: CGBasis;
  /**
   * A ComplexArray of length B * D to write the result into (overwritten, and returned) instead of
   * allocating one; only with ComplexArray inputs.
   */
  readonly out?: ComplexArray;
}

/** What {@link cgDecompose} accepts as the list of outputs. */
export type OutputIrrepsLike = Irreps | string | LorentzIrrep | readonly (LorentzIrrep | string)[];

/**
 * A precomputed kernel for one (irrep1, irrep2, outputs, basis): the non-zero coefficients of all
 * outputs grouped by input pair (i1, i2), so that each product x1[i1] x2[i2] is formed once.
 */
interface Plan {
  readonly d1: number;
  readonly d2: number;
  /** Total output dimension D. */
  readonly dOut: number;
  readonly pairI1: Int32Array;
  readonly pairI2: Int32Array;
  /** Coefficients of pair p are start[p] .. start[p+1]-1. */
  readonly start: Int32Array;
  /** Output position (offset of the output plus its component index) of each coefficient. */
  readonly target: Int32Array;
  readonly coef: Float64Array;
}

const PLANS = new Map<string, Plan>();
const MAX_PLANS = 512;

function buildPlan(irrep1: LorentzIrrep, irrep2: LorentzIrrep, outs: readonly LorentzIrrep[], basis: CGBasis): Plan {
  // Gather (i1 * d2 + i2, target, value) over all outputs, then group by the pair.
  const d1 = irrep1.dim;
  const d2 = irrep2.dim;
  const perPair: { target: number; value: number }[][] = Array.from({ length: d1 * d2 }, () => []);
  let offset = 0;
  for (const out of outs) {
    const table = tableOf(irrep1, irrep2, out, basis);
    for (let k = 0; k < table.size; k++) {
      const pair = table.index[3 * k] * d2 + table.index[3 * k + 1];
      perPair[pair].push({ target: offset + table.index[3 * k + 2], value: poolFloat(table.value[k]) });
    }
    offset += out.dim;
  }
  const pairs = perPair.map((list, pair) => ({ pair, list })).filter((p) => p.list.length > 0);
  const total = pairs.reduce((s, p) => s + p.list.length, 0);
  const plan = {
    d1,
    d2,
    dOut: offset,
    pairI1: new Int32Array(pairs.length),
    pairI2: new Int32Array(pairs.length),
    start: new Int32Array(pairs.length + 1),
    target: new Int32Array(total),
    coef: new Float64Array(total),
  };
  let k = 0;
  pairs.forEach(({ pair, list }, p) => {
    plan.pairI1[p] = Math.floor(pair / d2);
    plan.pairI2[p] = pair % d2;
    plan.start[p] = k;
    for (const { target, value } of list) {
      plan.target[k] = target;
      plan.coef[k] = value;
      k++;
    }
  });
  plan.start[pairs.length] = k;
  return plan;
}

function planOf(irrep1: LorentzIrrep, irrep2: LorentzIrrep, outs: readonly LorentzIrrep[], basis: CGBasis): Plan {
  const key = `${irrep1}${irrep2}|${outs.join('')}|${basis}`;
  let plan = PLANS.get(key);
  if (plan === undefined) {
    plan = buildPlan(irrep1, irrep2, outs, basis);
    if (PLANS.size >= MAX_PLANS) PLANS.delete(PLANS.keys().next().value as string);
    PLANS.set(key, plan);
  }
  return plan;
}

/** The trusting kernel: out[b, target] += coef * x1[b, i1] * x2[b, i2] over the plan, for every b. */
function applyPlan(plan: Plan, x1: ComplexArray, x2: ComplexArray, batch: number, out: ComplexArray): ComplexArray {
  const { d1, d2, dOut, pairI1, pairI2, start, target, coef } = plan;
  const re1 = x1.re;
  const im1 = x1.im;
  const re2 = x2.re;
  const im2 = x2.im;
  const outRe = out.re;
  const outIm = out.im;
  outRe.fill(0);
  outIm.fill(0);
  const pairs = pairI1.length;
  for (let b = 0; b < batch; b++) {
    const o1 = b * d1;
    const o2 = b * d2;
    const o = b * dOut;
    for (let p = 0; p < pairs; p++) {
      const a = o1 + pairI1[p];
      const c = o2 + pairI2[p];
      const ar = re1[a];
      const ai = im1[a];
      const cr = re2[c];
      const ci = im2[c];
      const pr = ar * cr - ai * ci;
      const pi = ar * ci + ai * cr;
      const end = start[p + 1];
      for (let k = start[p]; k < end; k++) {
        const t = o + target[k];
        const h = coef[k];
        outRe[t] += h * pr;
        outIm[t] += h * pi;
      }
    }
  }
  return out;
}

/** Reads a feature argument as planar storage; `fromComplex` tells whether it came as Complex[]. */
function readFeatures(argument: string, value: unknown): { data: ComplexArray; fromComplex: boolean } {
  if (Array.isArray(value)) {
    const n = value.length;
    const data = { re: new Float64Array(n), im: new Float64Array(n) };
    for (let k = 0; k < n; k++) {
      const z = value[k] as { re?: unknown; im?: unknown } | null;
      if (z === null || typeof z !== 'object' || typeof z.re !== 'number' || typeof z.im !== 'number') {
        throw new DTypeError(invalid('cgDecompose', argument, `a ComplexArray or an array of complex.js Complex numbers (item ${k} is not)`, z));
      }
      data.re[k] = z.re;
      data.im[k] = z.im;
    }
    return { data, fromComplex: true };
  }
  const z = value as Partial<ComplexArray> | null;
  if (z === null || typeof z !== 'object' || !(z.re instanceof Float64Array) || !(z.im instanceof Float64Array)) {
    throw new DTypeError(invalid('cgDecompose', argument, 'a ComplexArray { re: Float64Array, im: Float64Array } or an array of complex.js Complex numbers', value));
  }
  if (z.re.length !== z.im.length) {
    throw new ShapeError(invalid('cgDecompose', argument, `a ComplexArray whose re and im have equal lengths (re ${z.re.length}, im ${z.im.length})`, value));
  }
  return { data: z as ComplexArray, fromComplex: false };
}

function readOutputs(value: unknown): LorentzIrrep[] {
  if (value instanceof Irreps || typeof value === 'string') {
    let irreps: Irreps;
    try {
      irreps = Irreps.from(value);
    } catch {
      throw new IrrepError(invalid('cgDecompose', 'outIrreps', 'Irreps, irreps text such as "1x(0,0)+1x(1,1)", or a list of irreps', value));
    }
    return irreps.entries.flatMap((e) => new Array<LorentzIrrep>(e.mul).fill(e.irrep));
  }
  if (value instanceof LorentzIrrep) return [value];
  if (Array.isArray(value)) return value.map((v, k) => toIrrep('cgDecompose', `outIrreps[${k}]`, v));
  throw new IrrepError(invalid('cgDecompose', 'outIrreps', 'Irreps, irreps text such as "1x(0,0)+1x(1,1)", or a list of irreps', value));
}

/**
 * Decomposes the product of batched features x1 (x) x2 into the irreps `outIrreps`:
 * out[b, offset_k + i] = sum_{i1,i2} H_k[i1, i2, i] x1[b, i1] x2[b, i2], with H_k the Clebsch-Gordan
 * table ({@link cgCoefficients}) of irrep1 (x) irrep2 -> k-th output. Outputs are concatenated in
 * the order given (an Irreps entry `MULx(m,n)` gives MUL equal copies); an irrep not in the product
 * gives zeros.
 *
 * Shapes: x1 holds B * d1 complex numbers, x2 B * d2, row-major with the irrep component last
 * (any leading batch dimensions flattened into B); the result holds B * D, D = sum of the output
 * dimensions. The tables are precomputed once per (irrep1, irrep2, outputs, basis) as float
 * sparse kernels grouped by input pair.
 *
 * @param x1 - a {@link ComplexArray} (re, im of length B * d1), or an array of complex.js `Complex`.
 * @param irrep1 - the irrep of x1 (LorentzIrrep or text).
 * @param x2 - likewise, B * d2 numbers, of the same kind as x1.
 * @param irrep2 - the irrep of x2.
 * @param outIrreps - the outputs: an {@link Irreps}, irreps text, one irrep, or a list of irreps.
 * @param options - `basis`: "canonical" (default) or "product"; `out`: a ComplexArray of length
 *   B * D to write into instead of allocating (ComplexArray inputs only).
 * @returns a ComplexArray of length B * D (`options.out` when given), or an array of `Complex`
 *   when x1 was one.
 * @throws {@link ShapeError} if a length is not a multiple of its irrep's dimension (naming `x1`
 *   or `x2`), if the batch sizes differ (naming `x2`), if re and im lengths differ, or if
 *   `options.out` does not hold B * D numbers.
 * @throws {@link DTypeError} if x1 or x2 is neither a ComplexArray of Float64Arrays nor an array
 *   of complex numbers, if they are of different kinds (naming `x2`), or if `options.out` is not a
 *   ComplexArray or is given with Complex inputs.
 * @throws {@link IrrepError} for an invalid irrep or output list; {@link ConfigError} for an invalid basis.
 * @example
 * ```ts
 * import { cgDecompose } from 'lorentz-irreps';
 * // Two batches of four-vectors in the canonical basis; U(E, px, py, pz) with px = py = 0 is [E, 0, pz, 0].
 * const p = { re: new Float64Array([2, 0, 1, 0, 3, 0, 0, 0]), im: new Float64Array(8) };
 * const q = { re: new Float64Array([5, 0, 2, 0, 1, 0, 1, 0]), im: new Float64Array(8) };
 * const out = cgDecompose(p, '(1/2,1/2)', q, '(1/2,1/2)', '(0,0)');
 * // (p.q)/2 = (E E' - pz pz')/2
 * console.assert(out.re.length === 2 && out.re[0] === (2 * 5 - 1 * 2) / 2 && out.re[1] === 1.5);
 * ```
 */
export function cgDecompose(
  x1: ComplexArray,
  irrep1: LorentzIrrep | string,
  x2: ComplexArray,
  irrep2: LorentzIrrep | string,
  outIrreps: OutputIrrepsLike,
  options?: CGDecomposeOptions,
): ComplexArray;
export function cgDecompose(
  x1: readonly Complex[],
  irrep1: LorentzIrrep | string,
  x2: readonly Complex[],
  irrep2: LorentzIrrep | string,
  outIrreps: OutputIrrepsLike,
  options?: CGDecomposeOptions,
): Complex[];
export function cgDecompose(
  x1: ComplexArray | readonly Complex[],
  irrep1: LorentzIrrep | string,
  x2: ComplexArray | readonly Complex[],
  irrep2: LorentzIrrep | string,
  outIrreps: OutputIrrepsLike,
  options: CGDecomposeOptions = {},
): ComplexArray | Complex[] {
  const a = toIrrep('cgDecompose', 'irrep1', irrep1);
  const b = toIrrep('cgDecompose', 'irrep2', irrep2);
  const outs = readOutputs(outIrreps);
  const f1 = readFeatures('x1', x1);
  const f2 = readFeatures('x2', x2);
  if (f1.fromComplex !== f2.fromComplex) {
    throw new DTypeError(invalid('cgDecompose', 'x2', `of the same kind as x1 (${f1.fromComplex ? 'an array of Complex' : 'a ComplexArray'})`, f2.fromComplex ? 'an array of Complex' : 'a ComplexArray'));
  }
  const n1 = f1.data.re.length;
  const n2 = f2.data.re.length;
  if (n1 % a.dim !== 0) {
    throw new ShapeError(invalid('cgDecompose', 'x1', `of a length that is a multiple of dim ${a} = ${a.dim} (B * ${a.dim})`, `length ${n1}`));
  }
  if (n2 % b.dim !== 0) {
    throw new ShapeError(invalid('cgDecompose', 'x2', `of a length that is a multiple of dim ${b} = ${b.dim} (B * ${b.dim})`, `length ${n2}`));
  }
  const batch = n1 / a.dim;
  if (n2 / b.dim !== batch) {
    throw new ShapeError(invalid('cgDecompose', 'x2', `of the batch size of x1 (${batch} x ${b.dim} = ${batch * b.dim} numbers)`, `length ${n2}, batch ${n2 / b.dim}`));
  }
  if (options === null || typeof options !== 'object') {
    throw new ConfigError(invalid('cgDecompose', 'options', 'an object such as { basis: "canonical" }', options));
  }
  const basis = options.basis ?? 'canonical';
  if (basis !== 'canonical' && basis !== 'product') {
    throw new ConfigError(invalid('cgDecompose', 'options.basis', '"canonical" or "product"', basis));
  }
  const plan = planOf(a, b, outs, basis);
  const size = batch * plan.dOut;
  let target: ComplexArray;
  if (options.out === undefined) {
    target = { re: new Float64Array(size), im: new Float64Array(size) };
  } else {
    const given = options.out as Partial<ComplexArray> | null;
    if (f1.fromComplex || given === null || typeof given !== 'object' || !(given.re instanceof Float64Array) || !(given.im instanceof Float64Array)) {
      throw new DTypeError(invalid('cgDecompose', 'options.out', 'a ComplexArray of Float64Arrays, given with ComplexArray inputs', options.out));
    }
    if (given.re.length !== size || given.im.length !== size) {
      throw new ShapeError(invalid('cgDecompose', 'options.out', `a ComplexArray of length B * D = ${batch} * ${plan.dOut} = ${size}`, `lengths ${given.re.length}, ${given.im.length}`));
    }
    target = given as ComplexArray;
  }
  const out = applyPlan(plan, f1.data, f2.data, batch, target);
  if (!f1.fromComplex) return out;
  return Array.from(out.re, (re, k) => new Complex(re, out.im[k]));
}

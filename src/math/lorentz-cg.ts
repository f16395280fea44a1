/**
 * Exact Clebsch-Gordan coefficients of the Lorentz group, in the canonical or the product basis.
 *
 * @packageDocumentation
 */
import { ConfigError, invalid } from '../errors';
import { type CGBasis, type DoubledLabels, type ExactTable, exactTable, labelsKey, prepareTable } from './cg-tables';
import type { LorentzIrrep } from './irrep';
import { type IrrepLike, toIrrep } from './irrep-like';
import type { SqrtRational } from './sqrt-rational';
import { poolFloat, poolValue } from './value-pool';

export type { CGBasis } from './cg-tables';
export type { IrrepLike } from './irrep-like';

/** One non-zero coefficient H[i1, i2, i] of a {@link CGCoefficients} table. */
export interface CGEntry {
  /** Component index in the first input irrep. */
  readonly i1: number;
  /** Component index in the second input irrep. */
  readonly i2: number;
  /** Component index in the output irrep. */
  readonly i: number;
  /** The exact coefficient. */
  readonly value: SqrtRational;
}

/** The Clebsch-Gordan table of (irrep1) (x) (irrep2) -> (irrep), exact, frozen. */
export interface CGCoefficients {
  /** The irreps [irrep1, irrep2, irrep]. */
  readonly irreps: readonly [LorentzIrrep, LorentzIrrep, LorentzIrrep];
  /** `[d1, d2, d]`: the dimensions of the two inputs and of the output. */
  readonly shape: readonly [number, number, number];
  /** The basis of all three irreps. */
  readonly basis: CGBasis;
  /** The non-zero coefficients sorted by (i1, i2, i); empty when the output is not in the product. */
  readonly entries: readonly CGEntry[];
  /** The table as floats, row-major [i1][i2][i] (length d1 * d2 * d); a fresh copy each call. */
  toDense(): Float64Array;
}

/**
 * The non-zero coefficients of one table as typed arrays of equal length (indices Int32, values
 * float64): H[i1[k], i2[k], i[k]] = values[k], sorted by (i1, i2, i). Returned as fresh copies;
 * treat them as read-only all the same.
 */
export interface CGSparseTable {
  readonly d1: number;
  readonly d2: number;
  readonly d: number;
  readonly i1: Int32Array;
  readonly i2: Int32Array;
  readonly i: Int32Array;
  readonly values: Float64Array;
}

function toBasis(fn: string, value: unknown): CGBasis {
  if (value === undefined) return 'canonical';
  if (value !== 'canonical' && value !== 'product') {
    throw new ConfigError(invalid(fn, 'basis', '"canonical" or "product"', value));
  }
  return value;
}

function labels(a: LorentzIrrep, b: LorentzIrrep, c: LorentzIrrep): DoubledLabels {
  return [2 * a.m, 2 * a.n, 2 * b.m, 2 * b.n, 2 * c.m, 2 * c.n];
}

/** The cached exact table of validated arguments (internal). */
export function tableOf(irrep1: LorentzIrrep, irrep2: LorentzIrrep, irrep: LorentzIrrep, basis: CGBasis): ExactTable {
  return exactTable(labels(irrep1, irrep2, irrep), basis);
}

/** A cached table as the public frozen object; the entry list is made on first use. */
class CGTable implements CGCoefficients {
  readonly irreps: readonly [LorentzIrrep, LorentzIrrep, LorentzIrrep];
  readonly shape: readonly [number, number, number];
  // A private field, so the entry list can be filled in later although the object is frozen.
  #entries: readonly CGEntry[] | null = null;

  constructor(
    a: LorentzIrrep,
    b: LorentzIrrep,
    c: LorentzIrrep,
    readonly basis: CGBasis,
  ) {
    this.irreps = Object.freeze([a, b, c] as [LorentzIrrep, LorentzIrrep, LorentzIrrep]);
    this.shape = Object.freeze([a.dim, b.dim, c.dim] as [number, number, number]);
    Object.freeze(this);
  }

  get entries(): readonly CGEntry[] {
    if (this.#entries === null) {
      const table = this.table();
      const list: CGEntry[] = new Array(table.size);
      for (let k = 0; k < table.size; k++) {
        list[k] = Object.freeze({
          i1: table.index[3 * k],
          i2: table.index[3 * k + 1],
          i: table.index[3 * k + 2],
          value: poolValue(table.value[k]),
        });
      }
      this.#entries = Object.freeze(list);
    }
    return this.#entries;
  }

  toDense(): Float64Array {
    const table = this.table();
    const { d2, d, index, value } = table;
    const dense = new Float64Array(table.d1 * d2 * d);
    for (let k = 0; k < table.size; k++) {
      dense[(index[3 * k] * d2 + index[3 * k + 1]) * d + index[3 * k + 2]] = poolFloat(value[k]);
    }
    return dense;
  }

  private table(): ExactTable {
    const [a, b, c] = this.irreps;
    return tableOf(a, b, c, this.basis);
  }
}

const PUBLIC = { canonical: new Map<number | string, CGCoefficients>(), product: new Map<number | string, CGCoefficients>() };

function publicTable(a: LorentzIrrep, b: LorentzIrrep, c: LorentzIrrep, basis: CGBasis): CGCoefficients {
  const t = labels(a, b, c);
  const key = labelsKey(t);
  let out = PUBLIC[basis].get(key);
  if (out === undefined) {
    // Every exact value now; the entry list on first use.
    prepareTable(t, basis);
    out = new CGTable(a, b, c, basis);
    PUBLIC[basis].set(key, out);
  }
  return out;
}

/**
 * The Clebsch-Gordan coefficients H[i1, i2, i] of irrep1 (x) irrep2 -> irrep, exactly.
 *
 * - Product basis (`basis: 'product'`): H = <(m1,n1) a1 b1; (m2,n2) a2 b2 | (m,n) a b>
 *   = <m1 a1; m2 a2 | m a> <n1 b1; n2 b2 | n b>, component index (a + m)(2n + 1) + (b + n).
 * - Canonical basis (default): H[i1, i2, i] = sum C1[i1,p1] C2[i2,p2] C[i,p] Hprod[p1,p2,p], the
 *   product-basis table conjugated by the real orthogonal canonical changes of basis
 *   ({@link canonicalBasis}) of the three irreps.
 *
 * The output of a coupling is out[i] = sum_{i1,i2} H[i1, i2, i] x1[i1] x2[i2]. Every coefficient is
 * exactly sign * sqrt(p/q) ({@link SqrtRational}); canonical entries are computed by exact
 * arithmetic (rationals times square roots of squarefree integers, summed by radicand), never
 * rounded. For fixed inputs, the matrix that stacks H over all outputs of
 * {@link LorentzIrrep.times} (M ascending, then N ascending) is orthogonal. An output not in the
 * product gives a table with no entries (all zero), not an error.
 *
 * Tables are computed once and cached privately: this call computes the exact value of every
 * coefficient (kept as blocks <l1 mu1; l2 mu2 | l mu> R in the canonical basis); the entry list is
 * made on first access to `entries` (then frozen) or `toDense` (a fresh array each call). The
 * returned object is frozen.
 *
 * @param irrep1 - first input irrep, dimension d1 (a {@link LorentzIrrep} or text like "(1/2,1/2)").
 * @param irrep2 - second input irrep, dimension d2.
 * @param irrep - output irrep, dimension d.
 * @param options - `basis`: "canonical" (default) or "product".
 * @returns the table, shape [d1, d2, d].
 * @throws {@link IrrepError} if an irrep is neither a LorentzIrrep nor valid irrep text.
 * @throws {@link ConfigError} if `basis` is not "canonical" or "product".
 * @example
 * ```ts
 * import { cgCoefficients } from 'lorentz-irreps';
 * // Two four-vectors to a scalar: the Minkowski product, halved, in the canonical basis.
 * const h = cgCoefficients('(1/2,1/2)', '(1/2,1/2)', '(0,0)');
 * console.assert(h.shape.join() === '4,4,1');
 * const text = h.entries.map((e) => `${e.i1},${e.i2},${e.i}=${e.value}`).join(' ');
 * console.assert(text === '0,0,0=1/2 1,3,0=1/2 2,2,0=-1/2 3,1,0=1/2');
 * console.assert(h.toDense()[0] === 0.5);
 * ```
 */
export function cgCoefficients(
  irrep1: IrrepLike,
  irrep2: IrrepLike,
  irrep: IrrepLike,
  options: { basis?: CGBasis } = {},
): CGCoefficients {
  const fn = 'cgCoefficients';
  const a = toIrrep(fn, 'irrep1', irrep1);
  const b = toIrrep(fn, 'irrep2', irrep2);
  const c = toIrrep(fn, 'irrep', irrep);
  if (options === null || typeof options !== 'object') {
    throw new ConfigError(invalid(fn, 'options', 'an object such as { basis: "canonical" }', options));
  }
  return publicTable(a, b, c, toBasis(fn, options.basis));
}

/**
 * The float coefficients of irrep1 (x) irrep2 -> irrep as sparse arrays, for kernels that apply
 * the table (see {@link cgCoefficients} for the definition; same entries, same order). The arrays
 * are fresh copies.
 *
 * @param basis - "canonical" (default) or "product".
 * @throws {@link IrrepError} if an irrep is invalid; {@link ConfigError} if `basis` is invalid.
 * @example
 * ```ts
 * import { cgSparseTable } from 'lorentz-irreps';
 * const t = cgSparseTable('(1/2,1/2)', '(1/2,1/2)', '(0,0)');
 * console.assert(t.values.length === 4 && t.values[2] === -0.5 && t.i2[1] === 3);
 * ```
 */
export function cgSparseTable(irrep1: IrrepLike, irrep2: IrrepLike, irrep: IrrepLike, basis?: CGBasis): CGSparseTable {
  const fn = 'cgSparseTable';
  const table = tableOf(toIrrep(fn, 'irrep1', irrep1), toIrrep(fn, 'irrep2', irrep2), toIrrep(fn, 'irrep', irrep), toBasis(fn, basis));
  const n = table.size;
  const out = {
    d1: table.d1,
    d2: table.d2,
    d: table.d,
    i1: new Int32Array(n),
    i2: new Int32Array(n),
    i: new Int32Array(n),
    values: new Float64Array(n),
  };
  for (let k = 0; k < n; k++) {
    out.i1[k] = table.index[3 * k];
    out.i2[k] = table.index[3 * k + 1];
    out.i[k] = table.index[3 * k + 2];
    out.values[k] = poolFloat(table.value[k]);
  }
  return out;
}

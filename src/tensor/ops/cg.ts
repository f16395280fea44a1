/**
 * The sparse Clebsch-Gordan product of two batches of irrep features, the contraction at the core
 * of every Lorentz-equivariant layer: out[..., i] = sum H[i1, i2, i] x1[..., i1] x2[..., i2].
 *
 * @packageDocumentation
 */
import { DTypeError, IndexError, NumericsError, ShapeError, invalid } from '../../errors';
import type { CGSparseTable } from '../../math/lorentz-cg';
import { CGProduct, type CGTableAttr } from '../kernel-names-extra';
import { broadcastShapes, shapesEqual } from '../shape';
import type { Tensor } from '../tensor';
import { checkSameDtype, checkTensor, run1 } from './validate';

/** Options of {@link cgProduct} and {@link cgProductMulti}. */
export interface CGProductOptions {
  /**
   * A tensor of the output's shape [...lead, d] (same dtype, real or complex) that the product is
   * added to, in the same pass: out = accumulate + product. Its gradient is the output's.
   */
  readonly accumulate?: Tensor;
}

function positive(fn: string, arg: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1 || v > 2 ** 31 - 1) {
    throw new ShapeError(invalid(fn, arg, 'a positive integer', v));
  }
  return v;
}

function indexArray(fn: string, arg: string, v: unknown, nnz: number, bound: number): Int32Array {
  if (!(v instanceof Int32Array)) throw new DTypeError(invalid(fn, arg, 'an Int32Array', v));
  if (v.length !== nnz) throw new ShapeError(invalid(fn, arg, `an Int32Array of ${nnz} entries (one per value)`, v));
  for (let e = 0; e < nnz; e++) {
    if (v[e] < 0 || v[e] >= bound) throw new IndexError(invalid(fn, `${arg}[${e}]`, `an index in [0, ${bound})`, v[e]));
  }
  return Int32Array.from(v);
}

/**
 * Validates a sparse CG table and returns a private copy (so later changes to the caller's arrays
 * cannot reach a kernel or a recorded gradient).
 * @throws {@link DTypeError} for a non-object or arrays of the wrong class; {@link ShapeError} for
 *   dimensions that are not positive integers or arrays of unequal length; {@link IndexError} for an
 *   index out of range; {@link NumericsError} for a non-finite value.
 */
export function checkCGTable(table: unknown, fn: string, arg = 'table'): CGTableAttr {
  if (typeof table !== 'object' || table === null) {
    throw new DTypeError(invalid(fn, arg, 'a sparse CG table { d1, d2, d, i1, i2, i, values }', table));
  }
  const t = table as Partial<CGSparseTable>;
  const d1 = positive(fn, `${arg}.d1`, t.d1);
  const d2 = positive(fn, `${arg}.d2`, t.d2);
  const d = positive(fn, `${arg}.d`, t.d);
  if (!(t.values instanceof Float64Array)) throw new DTypeError(invalid(fn, `${arg}.values`, 'a Float64Array', t.values));
  const nnz = t.values.length;
  for (let e = 0; e < nnz; e++) {
    if (!Number.isFinite(t.values[e])) throw new NumericsError(invalid(fn, `${arg}.values[${e}]`, 'a finite number', t.values[e]));
  }
  return {
    d1,
    d2,
    d,
    i1: indexArray(fn, `${arg}.i1`, t.i1, nnz, d1),
    i2: indexArray(fn, `${arg}.i2`, t.i2, nnz, d2),
    i: indexArray(fn, `${arg}.i`, t.i, nnz, d),
    values: Float64Array.from(t.values),
  };
}

function run(fn: string, x1: Tensor, x2: Tensor, table: CGTableAttr, options: CGProductOptions): Tensor {
  checkTensor(x1, fn, 'x1');
  checkTensor(x2, fn, 'x2');
  checkSameDtype(x1, x2, fn, 'x2');
  if (x1.rank < 1 || x1.shape[x1.rank - 1] !== table.d1) {
    throw new ShapeError(invalid(fn, 'x1', `of shape [..., ${table.d1}] (last extent d1 of the table)`, x1.shape));
  }
  if (x2.rank < 1 || x2.shape[x2.rank - 1] !== table.d2) {
    throw new ShapeError(invalid(fn, 'x2', `of shape [..., ${table.d2}] (last extent d2 of the table)`, x2.shape));
  }
  const lead = broadcastShapes(x1.shape.slice(0, -1), x2.shape.slice(0, -1), fn, 'x2');
  if (options === null || typeof options !== 'object') {
    throw new DTypeError(invalid(fn, 'options', 'an object such as { accumulate }', options));
  }
  const acc = options.accumulate;
  if (acc === undefined) return run1(CGProduct, { x1, x2 }, { table });
  checkTensor(acc, fn, 'options.accumulate');
  checkSameDtype(x1, acc, fn, 'options.accumulate');
  const shape = [...lead, table.d];
  if (!shapesEqual(acc.shape, shape)) {
    throw new ShapeError(invalid(fn, 'options.accumulate', `of the output shape [${shape.join(',')}]`, acc.shape));
  }
  return run1(CGProduct, { x1, x2, acc }, { table });
}

/**
 * Applies a sparse Clebsch-Gordan table to two batches of features:
 * out[..., i] = sum_e values[e] x1[..., i1[e]] x2[..., i2[e]] (plus `options.accumulate`), i.e.
 * out[i] = sum_{i1, i2} H[i1, i2, i] x1[i1] x2[i2] as on the conventions page.
 *
 * Shapes: x1 [...lead1, d1], x2 [...lead2, d2]; the leading axes broadcast (NumPy rules) to
 * `lead`, and the output is [...lead, d]. Every leading axis is a batch axis, so a channel-wise
 * product is x1 [B, C, d1] with x2 [B, C, d2], a product with x2 shared by all channels is
 * x2 [B, 1, d2], and all channel pairs is x1 [B, C1, 1, d1] with x2 [B, 1, C2, d2].
 * Complex if any operand is complex (table values are real). Units: those of x1 times those of x2.
 *
 * Gradients (complex convention, the gradient of w = a + ib is dL/da + i dL/db):
 * g1[i1] = sum_e values[e] conj(x2[i2[e]]) g[i[e]] and g2[i2] = sum_e values[e] conj(x1[i1[e]]) g[i[e]],
 * each the same kernel applied with a re-indexed table, summed over broadcast axes.
 *
 * The table is validated and copied on every call (O(entries)); tables with repeated index triples
 * add up. Get tables from {@link cgSparseTable}.
 *
 * @param table - the coupling { d1, d2, d, i1, i2, i, values } (Int32Array indices, Float64Array values).
 * @throws {@link ShapeError} if a last extent differs from the table's d1 / d2, leading axes do not
 *   broadcast, or `options.accumulate` is not of the output shape; {@link DTypeError} for mixed
 *   dtypes or a malformed table; {@link IndexError} for a table index out of range;
 *   {@link NumericsError} for a non-finite table value.
 *
 * @example
 * ```ts
 * import { cgProduct, cgSparseTable, complexTensor } from 'lorentz-irreps';
 * // Two four-vectors in the canonical basis, U(E, px, py, pz) = [E, (px + i py)/sqrt2, pz, -(px - i py)/sqrt2]:
 * // (1/2,1/2) x (1/2,1/2) -> (0,0) gives half their Minkowski product.
 * const s = Math.SQRT1_2;
 * const p = complexTensor([2, 0, 1, 0], [0, 0, 0, 0], [1, 4]); // (E, px, py, pz) = (2, 0, 0, 1)
 * const q = complexTensor([3, 1 * s, 0.5, -1 * s], [0, 2 * s, 0, 2 * s], [1, 4]); // (3, 1, 2, 0.5)
 * const out = cgProduct(p, q, cgSparseTable('(1/2,1/2)', '(1/2,1/2)', '(0,0)'));
 * console.assert(out.shape.join() === '1,1' && Math.abs(out.reImSync().re[0] - 2.75) < 1e-12);
 * ```
 */
export function cgProduct(x1: Tensor, x2: Tensor, table: CGSparseTable, options: CGProductOptions = {}): Tensor {
  return run('cgProduct', x1, x2, checkCGTable(table, 'cgProduct'), options);
}

/**
 * The tables stacked along their outputs: one table of d1 x d2 -> (d of the first + d of the
 * second + ...), entries of table k with output indices shifted by the dimensions before it. Apply
 * the result with {@link cgProduct} to compute several output irreps of one input pair in one pass
 * (build it once and reuse it).
 * @throws {@link ShapeError} if `tables` is empty or the tables differ in d1 or d2; otherwise as
 *   {@link cgProduct} for a malformed table.
 *
 * @example
 * ```ts
 * import { cgSparseTable, concatCGTables } from 'lorentz-irreps';
 * const outs = ['(0,0)', '(1,0)', '(0,1)', '(1,1)'].map((o) => cgSparseTable('(1/2,1/2)', '(1/2,1/2)', o));
 * const all = concatCGTables(outs);
 * console.assert(all.d === 16 && all.values.length === outs.reduce((n, t) => n + t.values.length, 0));
 * ```
 */
export function concatCGTables(tables: readonly CGSparseTable[]): CGSparseTable {
  return concatChecked(tables, 'concatCGTables');
}

function concatChecked(tables: readonly CGSparseTable[], fn: string): CGTableAttr {
  if (!Array.isArray(tables) || tables.length === 0) {
    throw new ShapeError(invalid(fn, 'tables', 'a non-empty array of sparse CG tables', tables));
  }
  const checked = tables.map((t, k) => checkCGTable(t, fn, `tables[${k}]`));
  const { d1, d2 } = checked[0];
  let d = 0;
  let nnz = 0;
  checked.forEach((t, k) => {
    if (t.d1 !== d1 || t.d2 !== d2) {
      throw new ShapeError(invalid(fn, `tables[${k}]`, `a table of inputs d1 = ${d1}, d2 = ${d2} like tables[0]`, `d1 = ${t.d1}, d2 = ${t.d2}`));
    }
    d += t.d;
    nnz += t.values.length;
  });
  const out = { d1, d2, d, i1: new Int32Array(nnz), i2: new Int32Array(nnz), i: new Int32Array(nnz), values: new Float64Array(nnz) };
  let at = 0;
  let offset = 0;
  for (const t of checked) {
    out.i1.set(t.i1, at);
    out.i2.set(t.i2, at);
    out.values.set(t.values, at);
    for (let e = 0; e < t.values.length; e++) out.i[at + e] = t.i[e] + offset;
    at += t.values.length;
    offset += t.d;
  }
  return Object.freeze(out);
}

/**
 * Several CG tables of one input pair applied at once: the outputs of
 * `cgProduct(x1, x2, tables[k])` concatenated along the last axis, [...lead, sum_k d_k], in one
 * pass over the batch. Equivalent to `cgProduct(x1, x2, concatCGTables(tables), options)`; when
 * calling it repeatedly with the same tables, build the concatenated table once instead.
 * @throws as {@link concatCGTables} and {@link cgProduct}.
 *
 * @example
 * ```ts
 * import { cgProductMulti, cgSparseTable, complexTensor } from 'lorentz-irreps';
 * const x = complexTensor([1, 0.5, -0.25, 2], [0, 1, 0, -1], [1, 4]);
 * const tables = ['(0,0)', '(1,1)'].map((o) => cgSparseTable('(1/2,1/2)', '(1/2,1/2)', o));
 * console.assert(cgProductMulti(x, x, tables).shape.join() === '1,10');
 * ```
 */
export function cgProductMulti(x1: Tensor, x2: Tensor, tables: readonly CGSparseTable[], options: CGProductOptions = {}): Tensor {
  return run('cgProductMulti', x1, x2, concatChecked(tables, 'cgProductMulti'), options);
}

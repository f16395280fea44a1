/**
 * Argument checks shared by both kernel implementations: sizes, array lengths, array classes,
 * aliasing of outputs, and CG index ranges. Each check throws a typed error that names the kernel
 * method, the argument, the rule and the value.
 *
 * Internal to the CPU backend: not exported from the package entry point.
 *
 * @packageDocumentation
 * @internal
 */
import { DTypeError, IndexError, ShapeError, invalid } from '../../../errors';
import type { MatmulShape, SparseCG } from './types';

/** A matrix-product shape with every default filled in. */
export interface ResolvedMatmul {
  readonly batch: number;
  readonly m: number;
  readonly k: number;
  readonly n: number;
  readonly transA: boolean;
  readonly transB: boolean;
  readonly conjA: boolean;
  readonly conjB: boolean;
  readonly aStride: number;
  readonly bStride: number;
  /** Elements of A that the product reads (per plane). */
  readonly aLength: number;
  /** Elements of B that the product reads (per plane). */
  readonly bLength: number;
  /** Elements of the result (per plane). */
  readonly outLength: number;
}

/** Largest size accepted: keeps every element count an exact integer and every index an i32. */
const MAX_SIZE = 2 ** 31 - 1;

function qualified(fn: string): string {
  return `CpuKernels.${fn}`;
}

/** Checks that `value` is an integer in [0, 2^31 - 1]. */
export function checkSize(fn: string, arg: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > MAX_SIZE) {
    throw new ShapeError(invalid(qualified(fn), arg, 'an integer in [0, 2^31 - 1]', value));
  }
  return value;
}

/** Checks that `value` is a Float64Array of at least `length` elements. */
export function checkF64(fn: string, arg: string, value: unknown, length: number): Float64Array {
  if (!(value instanceof Float64Array)) {
    throw new DTypeError(invalid(qualified(fn), arg, 'a Float64Array', value));
  }
  if (value.length < length) {
    throw new ShapeError(invalid(qualified(fn), arg, `a Float64Array of at least ${length} elements`, value));
  }
  return value;
}

function checkI32(fn: string, arg: string, value: unknown, length: number): Int32Array {
  if (!(value instanceof Int32Array)) {
    throw new DTypeError(invalid(qualified(fn), arg, 'an Int32Array', value));
  }
  if (value.length !== length) {
    throw new ShapeError(invalid(qualified(fn), arg, `an Int32Array of ${length} elements (one per entry)`, value));
  }
  return value;
}

function overlap(a: Float64Array, b: Float64Array): boolean {
  return (
    a.buffer === b.buffer &&
    a.length > 0 &&
    b.length > 0 &&
    a.byteOffset < b.byteOffset + b.byteLength &&
    b.byteOffset < a.byteOffset + a.byteLength
  );
}

/**
 * Checks that each output shares no memory with any other argument (outputs included).
 * @param outputs - [argument name, array] pairs of the outputs.
 * @param inputs - [argument name, array] pairs of the inputs.
 */
export function checkNoAlias(
  fn: string,
  outputs: ReadonlyArray<readonly [string, Float64Array]>,
  inputs: ReadonlyArray<readonly [string, Float64Array]>,
): void {
  for (let o = 0; o < outputs.length; o++) {
    const [name, out] = outputs[o];
    for (let q = o + 1; q < outputs.length + inputs.length; q++) {
      const [otherName, other] = q < outputs.length ? outputs[q] : inputs[q - outputs.length];
      if (overlap(out, other)) {
        throw new ShapeError(invalid(qualified(fn), name, `memory that does not overlap \`${otherName}\``, out));
      }
    }
  }
}

function flag(fn: string, arg: string, value: unknown): boolean {
  if (value === undefined) return false;
  if (typeof value !== 'boolean') throw new ShapeError(invalid(qualified(fn), arg, 'a boolean or undefined', value));
  return value;
}

function product(fn: string, arg: string, factors: readonly number[], value: unknown): number {
  const p = factors.reduce((x, y) => x * y, 1);
  if (p > MAX_SIZE) throw new ShapeError(invalid(qualified(fn), arg, 'a shape of fewer than 2^31 elements', value));
  return p;
}

/** Validates a {@link MatmulShape} and fills in its defaults. */
export function resolveMatmul(fn: string, shape: MatmulShape): ResolvedMatmul {
  if (typeof shape !== 'object' || shape === null) {
    throw new ShapeError(invalid(qualified(fn), 'shape', 'an object { batch, m, k, n, ... }', shape));
  }
  const batch = checkSize(fn, 'shape.batch', shape.batch);
  const m = checkSize(fn, 'shape.m', shape.m);
  const k = checkSize(fn, 'shape.k', shape.k);
  const n = checkSize(fn, 'shape.n', shape.n);
  const mk = product(fn, 'shape', [m, k], shape);
  const kn = product(fn, 'shape', [k, n], shape);
  const outLength = product(fn, 'shape', [batch, m, n], shape);
  const aStride = shape.aBatchStride === undefined ? mk : checkSize(fn, 'shape.aBatchStride', shape.aBatchStride);
  const bStride = shape.bBatchStride === undefined ? kn : checkSize(fn, 'shape.bBatchStride', shape.bBatchStride);
  const aLength = batch === 0 ? 0 : (batch - 1) * aStride + mk;
  const bLength = batch === 0 ? 0 : (batch - 1) * bStride + kn;
  if (aLength > MAX_SIZE) throw new ShapeError(invalid(qualified(fn), 'shape.aBatchStride', 'small enough that A spans fewer than 2^31 elements', aStride));
  if (bLength > MAX_SIZE) throw new ShapeError(invalid(qualified(fn), 'shape.bBatchStride', 'small enough that B spans fewer than 2^31 elements', bStride));
  return {
    batch, m, k, n,
    transA: flag(fn, 'shape.transA', shape.transA),
    transB: flag(fn, 'shape.transB', shape.transB),
    conjA: flag(fn, 'shape.conjA', shape.conjA),
    conjB: flag(fn, 'shape.conjB', shape.conjB),
    aStride, bStride, aLength, bLength, outLength,
  };
}

/** Validates a {@link SparseCG} table, including every index, and returns its entry count. */
export function checkTable(fn: string, table: SparseCG): number {
  if (typeof table !== 'object' || table === null) {
    throw new ShapeError(invalid(qualified(fn), 'table', 'an object { d1, d2, d, i1, i2, i, values }', table));
  }
  const d1 = checkSize(fn, 'table.d1', table.d1);
  const d2 = checkSize(fn, 'table.d2', table.d2);
  const d = checkSize(fn, 'table.d', table.d);
  if (!(table.values instanceof Float64Array)) {
    throw new DTypeError(invalid(qualified(fn), 'table.values', 'a Float64Array', table.values));
  }
  const nnz = table.values.length;
  const checks: ReadonlyArray<readonly [string, Int32Array, number]> = [
    ['table.i1', checkI32(fn, 'table.i1', table.i1, nnz), d1],
    ['table.i2', checkI32(fn, 'table.i2', table.i2, nnz), d2],
    ['table.i', checkI32(fn, 'table.i', table.i, nnz), d],
  ];
  for (const [name, idx, bound] of checks) {
    for (let e = 0; e < nnz; e++) {
      const v = idx[e];
      if (v < 0 || v >= bound) {
        throw new IndexError(invalid(qualified(fn), `${name}[${e}]`, `an index in [0, ${bound})`, v));
      }
    }
  }
  return nnz;
}

/** Validated sizes of a CG contraction. */
export interface ResolvedCG {
  readonly nnz: number;
  readonly batch: number;
  readonly d1: number;
  readonly d2: number;
  readonly d: number;
}

/** Validates the table and batch of a CG contraction and the sizes of x1 and x2. */
export function resolveCG(
  fn: string, table: SparseCG, x1Re: unknown, x1Im: unknown, x2Re: unknown, x2Im: unknown, batch: unknown,
): ResolvedCG {
  const nnz = checkTable(fn, table);
  const b = checkSize(fn, 'batch', batch);
  const n1 = product(fn, 'batch', [b, table.d1], batch);
  const n2 = product(fn, 'batch', [b, table.d2], batch);
  product(fn, 'batch', [b, table.d], batch);
  checkF64(fn, 'x1Re', x1Re, n1);
  checkF64(fn, 'x1Im', x1Im, n1);
  checkF64(fn, 'x2Re', x2Re, n2);
  checkF64(fn, 'x2Im', x2Im, n2);
  return { nnz, batch: b, d1: table.d1, d2: table.d2, d: table.d };
}

/** Validates the arguments of `matmulReal`. */
export function validateMatmulReal(a: Float64Array, b: Float64Array, out: Float64Array, shape: MatmulShape): ResolvedMatmul {
  const fn = 'matmulReal';
  const s = resolveMatmul(fn, shape);
  checkF64(fn, 'a', a, s.aLength);
  checkF64(fn, 'b', b, s.bLength);
  checkF64(fn, 'out', out, s.outLength);
  checkNoAlias(fn, [['out', out]], [['a', a], ['b', b]]);
  return s;
}

/** Validates the arguments of `matmulComplex`. */
export function validateMatmulComplex(
  aRe: Float64Array, aIm: Float64Array, bRe: Float64Array, bIm: Float64Array,
  outRe: Float64Array, outIm: Float64Array, shape: MatmulShape,
): ResolvedMatmul {
  const fn = 'matmulComplex';
  const s = resolveMatmul(fn, shape);
  checkF64(fn, 'aRe', aRe, s.aLength);
  checkF64(fn, 'aIm', aIm, s.aLength);
  checkF64(fn, 'bRe', bRe, s.bLength);
  checkF64(fn, 'bIm', bIm, s.bLength);
  checkF64(fn, 'outRe', outRe, s.outLength);
  checkF64(fn, 'outIm', outIm, s.outLength);
  checkNoAlias(fn, [['outRe', outRe], ['outIm', outIm]], [['aRe', aRe], ['aIm', aIm], ['bRe', bRe], ['bIm', bIm]]);
  return s;
}

/** Validates the arguments of `cgContract`. */
export function validateCG(
  table: SparseCG, x1Re: Float64Array, x1Im: Float64Array, x2Re: Float64Array, x2Im: Float64Array,
  outRe: Float64Array, outIm: Float64Array, batch: number,
): ResolvedCG {
  const fn = 'cgContract';
  const c = resolveCG(fn, table, x1Re, x1Im, x2Re, x2Im, batch);
  checkF64(fn, 'outRe', outRe, c.batch * c.d);
  checkF64(fn, 'outIm', outIm, c.batch * c.d);
  checkNoAlias(fn, [['outRe', outRe], ['outIm', outIm]], [['x1Re', x1Re], ['x1Im', x1Im], ['x2Re', x2Re], ['x2Im', x2Im]]);
  return c;
}

/** Validates the arguments of `cgContractVjp`. */
export function validateCGVjp(
  table: SparseCG, x1Re: Float64Array, x1Im: Float64Array, x2Re: Float64Array, x2Im: Float64Array,
  gRe: Float64Array, gIm: Float64Array, g1Re: Float64Array, g1Im: Float64Array,
  g2Re: Float64Array, g2Im: Float64Array, batch: number,
): ResolvedCG {
  const fn = 'cgContractVjp';
  const c = resolveCG(fn, table, x1Re, x1Im, x2Re, x2Im, batch);
  checkF64(fn, 'gRe', gRe, c.batch * c.d);
  checkF64(fn, 'gIm', gIm, c.batch * c.d);
  checkF64(fn, 'g1Re', g1Re, c.batch * c.d1);
  checkF64(fn, 'g1Im', g1Im, c.batch * c.d1);
  checkF64(fn, 'g2Re', g2Re, c.batch * c.d2);
  checkF64(fn, 'g2Im', g2Im, c.batch * c.d2);
  checkNoAlias(
    fn,
    [['g1Re', g1Re], ['g1Im', g1Im], ['g2Re', g2Re], ['g2Im', g2Im]],
    [['x1Re', x1Re], ['x1Im', x1Im], ['x2Re', x2Re], ['x2Im', x2Im], ['gRe', gRe], ['gIm', gIm]],
  );
  return c;
}

/** Validates the arguments of `pairwiseMinkowskiSq`; returns [batch, n]. */
export function validateMinkowski(p: Float64Array, out: Float64Array, batch: number, n: number): [number, number] {
  const fn = 'pairwiseMinkowskiSq';
  const b = checkSize(fn, 'batch', batch);
  const count = checkSize(fn, 'n', n);
  product(fn, 'n', [b, count, count], n);
  checkF64(fn, 'p', p, b * count * 4);
  checkF64(fn, 'out', out, b * count * count);
  checkNoAlias(fn, [['out', out]], [['p', p]]);
  return [b, count];
}

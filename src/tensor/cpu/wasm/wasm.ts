/**
 * The WebAssembly implementation of {@link CpuKernels}: f64x2 SIMD kernels compiled from asm/,
 * embedded in the package and instantiated synchronously on first use.
 *
 * Every call validates its arguments exactly as the TypeScript reference does (same functions),
 * lays out its operands in the module's linear memory (one copy in per input, one copy out per
 * output: O(size of the data), against O(m k n) or O(nnz batch) work), runs the kernel, and copies
 * the results back. Calls are synchronous and not re-entrant (JavaScript is single-threaded, so
 * that holds).
 *
 * Internal to the CPU backend: not exported from the package entry point.
 *
 * @packageDocumentation
 * @internal
 */
import { BackendError, invalid } from '../../../errors';
import { CONJ_A, CONJ_B, kernelArena, TRANS_A, TRANS_B, type WasmKernelVariant, wasmKernelVariant } from './module';
import type { Arena } from './module';
import type { CpuKernels, MatmulShape, SparseCG } from './types';
import { validateCG, validateCGVjp, validateMatmulComplex, validateMatmulReal, validateMinkowski } from './validate';
import type { ResolvedMatmul } from './validate';

/**
 * A batch of products with B broadcast and A stored contiguously is one product with batch * m
 * rows; returns the folded shape, or the shape itself when it does not fold.
 */
function fold(s: ResolvedMatmul): ResolvedMatmul {
  if (s.batch > 1 && s.bStride === 0 && !s.transA && s.aStride === s.m * s.k) {
    return { ...s, batch: 1, m: s.batch * s.m, aStride: s.batch * s.m * s.k };
  }
  return s;
}

function matmulFlags(s: ResolvedMatmul): number {
  return (s.transA ? TRANS_A : 0) | (s.transB ? TRANS_B : 0) | (s.conjA ? CONJ_A : 0) | (s.conjB ? CONJ_B : 0);
}

function makeKernels(arena: Arena): CpuKernels {
  const x = arena.exports;

  /** Reserves one region of `length` doubles per array; returns their byte offsets. */
  const regions = (count: number, length: number): number[] => {
    const at: number[] = [];
    for (let j = 0; j < count; j++) at.push(arena.take(length * 8));
    return at;
  };

  /** Copies the first `length` elements of each array into the matching region. */
  const putAll = (arrays: readonly Float64Array[], length: number, at: readonly number[]): void => {
    for (let j = 0; j < arrays.length; j++) arena.putF64(arrays[j], length, at[j]);
  };

  /** Copies `length` elements of each region back into the matching array. */
  const getAll = (arrays: readonly Float64Array[], length: number, at: readonly number[]): void => {
    for (let j = 0; j < arrays.length; j++) arena.getF64(arrays[j], length, at[j]);
  };

  /** Reserves room for a table of nnz entries; returns the offsets of i1, i2, i and values. */
  const reserveTable = (nnz: number): number[] => [arena.take(nnz * 4), arena.take(nnz * 4), arena.take(nnz * 4), arena.take(nnz * 8)];

  /** Copies the table into the regions from `reserveTable`. */
  const putTable = (table: SparseCG, at: readonly number[]): void => {
    arena.putI32(table.i1, at[0]);
    arena.putI32(table.i2, at[1]);
    arena.putI32(table.i, at[2]);
    arena.putF64(table.values, table.values.length, at[3]);
  };

  function matmulReal(a: Float64Array, b: Float64Array, out: Float64Array, shape: MatmulShape): void {
    const s = validateMatmulReal(a, b, out, shape);
    const f = fold(s);
    arena.reset();
    const [pa] = regions(1, s.aLength);
    const [pb] = regions(1, s.bLength);
    const [pc] = regions(1, s.outLength);
    const ws = arena.take(x.dgemmWorkspaceBytes(f.m, f.k, f.n));
    arena.commit('matmulReal');
    arena.putF64(a, s.aLength, pa);
    arena.putF64(b, s.bLength, pb);
    x.dgemm(pa, pb, pc, f.batch, f.m, f.k, f.n, matmulFlags(f), f.aStride, f.bStride, ws);
    arena.getF64(out, s.outLength, pc);
  }

  function matmulComplex(
    aRe: Float64Array, aIm: Float64Array, bRe: Float64Array, bIm: Float64Array,
    outRe: Float64Array, outIm: Float64Array, shape: MatmulShape,
  ): void {
    const s = validateMatmulComplex(aRe, aIm, bRe, bIm, outRe, outIm, shape);
    const f = fold(s);
    arena.reset();
    const pa = regions(2, s.aLength);
    const pb = regions(2, s.bLength);
    const pc = regions(2, s.outLength);
    const ws = arena.take(x.zgemmWorkspaceBytes(f.m, f.k, f.n));
    arena.commit('matmulComplex');
    putAll([aRe, aIm], s.aLength, pa);
    putAll([bRe, bIm], s.bLength, pb);
    x.zgemm(pa[0], pa[1], pb[0], pb[1], pc[0], pc[1], f.batch, f.m, f.k, f.n, matmulFlags(f), f.aStride, f.bStride, ws);
    getAll([outRe, outIm], s.outLength, pc);
  }

  function cgContract(
    table: SparseCG, x1Re: Float64Array, x1Im: Float64Array, x2Re: Float64Array, x2Im: Float64Array,
    outRe: Float64Array, outIm: Float64Array, batch: number, accumulate = false,
  ): void {
    const c = validateCG(table, x1Re, x1Im, x2Re, x2Im, outRe, outIm, batch);
    const [n1, n2, no] = [c.batch * c.d1, c.batch * c.d2, c.batch * c.d];
    arena.reset();
    const t = reserveTable(c.nnz);
    const p1 = regions(2, n1);
    const p2 = regions(2, n2);
    const po = regions(2, no);
    const ws = arena.take(x.cgWorkspaceBytes(c.batch, c.d1, c.d2, c.d));
    arena.commit('cgContract');
    putTable(table, t);
    putAll([x1Re, x1Im], n1, p1);
    putAll([x2Re, x2Im], n2, p2);
    if (accumulate) putAll([outRe, outIm], no, po);
    x.cgContract(c.nnz, t[0], t[1], t[2], t[3], p1[0], p1[1], p2[0], p2[1], po[0], po[1], c.batch, c.d1, c.d2, c.d, accumulate ? 1 : 0, ws);
    getAll([outRe, outIm], no, po);
  }

  function cgContractVjp(
    table: SparseCG, x1Re: Float64Array, x1Im: Float64Array, x2Re: Float64Array, x2Im: Float64Array,
    gRe: Float64Array, gIm: Float64Array, g1Re: Float64Array, g1Im: Float64Array,
    g2Re: Float64Array, g2Im: Float64Array, batch: number,
  ): void {
    const c = validateCGVjp(table, x1Re, x1Im, x2Re, x2Im, gRe, gIm, g1Re, g1Im, g2Re, g2Im, batch);
    const [n1, n2, no] = [c.batch * c.d1, c.batch * c.d2, c.batch * c.d];
    arena.reset();
    const t = reserveTable(c.nnz);
    const p1 = regions(2, n1);
    const p2 = regions(2, n2);
    const pg = regions(2, no);
    const q1 = regions(2, n1);
    const q2 = regions(2, n2);
    const ws = arena.take(x.cgVjpWorkspaceBytes(c.batch, c.d1, c.d2, c.d));
    arena.commit('cgContractVjp');
    putTable(table, t);
    putAll([x1Re, x1Im], n1, p1);
    putAll([x2Re, x2Im], n2, p2);
    putAll([gRe, gIm], no, pg);
    putAll([g1Re, g1Im], n1, q1);
    putAll([g2Re, g2Im], n2, q2);
    x.cgContractVjp(
      c.nnz, t[0], t[1], t[2], t[3], p1[0], p1[1], p2[0], p2[1], pg[0], pg[1], q1[0], q1[1], q2[0], q2[1],
      c.batch, c.d1, c.d2, c.d, ws,
    );
    getAll([g1Re, g1Im], n1, q1);
    getAll([g2Re, g2Im], n2, q2);
  }

  function pairwiseMinkowskiSq(p: Float64Array, out: Float64Array, batch: number, n: number): void {
    const [b, count] = validateMinkowski(p, out, batch, n);
    const [np, no] = [b * count * 4, b * count * count];
    arena.reset();
    const [pp] = regions(1, np);
    const [po] = regions(1, no);
    const ws = arena.take(x.minkowskiWorkspaceBytes(count));
    arena.commit('pairwiseMinkowskiSq');
    arena.putF64(p, np, pp);
    x.pairwiseMinkowskiSq(pp, po, b, count, ws);
    arena.getF64(out, no, po);
  }

  return Object.freeze({
    name: 'wasm-simd' as const,
    matmulReal,
    matmulComplex,
    cgContract,
    cgContractVjp,
    pairwiseMinkowskiSq,
  });
}

const kernelsCache: Partial<Record<WasmKernelVariant, CpuKernels>> = {};

/**
 * The WebAssembly SIMD kernels (see {@link CpuKernels} for the contract of each method) of the
 * current build ({@link wasmKernelVariant}), instantiated synchronously from the embedded module
 * on first call and memoized. Their working memory grows to the largest call made and is kept.
 * @throws {@link BackendError} if this engine cannot run WebAssembly SIMD
 * (check {@link wasmSimdAvailable} first, and fall back to `tsKernels`).
 */
export function wasmKernels(): CpuKernels {
  const variant = wasmKernelVariant();
  if (variant === null) {
    throw new BackendError(invalid('wasmKernels', 'engine', 'a JavaScript engine with WebAssembly SIMD', 'unavailable'));
  }
  kernelsCache[variant] ??= makeKernels(kernelArena());
  return kernelsCache[variant];
}

/**
 * The WebAssembly implementation of {@link CpuKernels}: f64x2 SIMD kernels compiled from asm/,
 * embedded in the package and instantiated synchronously on first use.
 *
 * Every call validates its arguments exactly as the TypeScript reference does, lays out its
 * operands in the module's linear memory (one copy in per input, one copy out per output: O(size
 * of the data), against O(m k n) or O(nnz batch) work), runs the kernel, and copies the results
 * back. Calls are synchronous and not re-entrant (JavaScript is single-threaded, so that holds).
 *
 * @packageDocumentation
 */
import { BackendError, ShapeError, invalid } from '../../../errors';
import { CONJ_A, CONJ_B, kernelArena, TRANS_A, TRANS_B, wasmSimdAvailable } from './module';
import type { Arena } from './module';
import type { CpuKernels, MatmulShape, SparseCG } from './types';
import { checkF64, checkNoAlias, checkSize, resolveCG, resolveMatmul } from './validate';
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

function makeKernels(arena: Arena): CpuKernels {
  const x = arena.exports;

  function matmulReal(a: Float64Array, b: Float64Array, out: Float64Array, shape: MatmulShape): void {
    const s = resolveMatmul('matmulReal', shape);
    checkF64('matmulReal', 'a', a, s.aLength);
    checkF64('matmulReal', 'b', b, s.bLength);
    checkF64('matmulReal', 'out', out, s.outLength);
    checkNoAlias('matmulReal', [['out', out]], [['a', a], ['b', b]]);
    const f = fold(s);
    arena.reset();
    const pa = arena.take(s.aLength * 8);
    const pb = arena.take(s.bLength * 8);
    const pc = arena.take(s.outLength * 8);
    const ws = arena.take(x.dgemmWorkspaceBytes(f.m, f.k, f.n));
    arena.commit('matmulReal');
    arena.putF64(a, s.aLength, pa);
    arena.putF64(b, s.bLength, pb);
    const flags = (f.transA ? TRANS_A : 0) | (f.transB ? TRANS_B : 0);
    x.dgemm(pa, pb, pc, f.batch, f.m, f.k, f.n, flags, f.aStride, f.bStride, ws);
    arena.getF64(out, s.outLength, pc);
  }

  function matmulComplex(
    aRe: Float64Array, aIm: Float64Array, bRe: Float64Array, bIm: Float64Array,
    outRe: Float64Array, outIm: Float64Array, shape: MatmulShape,
  ): void {
    const s = resolveMatmul('matmulComplex', shape);
    checkF64('matmulComplex', 'aRe', aRe, s.aLength);
    checkF64('matmulComplex', 'aIm', aIm, s.aLength);
    checkF64('matmulComplex', 'bRe', bRe, s.bLength);
    checkF64('matmulComplex', 'bIm', bIm, s.bLength);
    checkF64('matmulComplex', 'outRe', outRe, s.outLength);
    checkF64('matmulComplex', 'outIm', outIm, s.outLength);
    checkNoAlias('matmulComplex', [['outRe', outRe], ['outIm', outIm]], [['aRe', aRe], ['aIm', aIm], ['bRe', bRe], ['bIm', bIm]]);
    const f = fold(s);
    arena.reset();
    const par = arena.take(s.aLength * 8);
    const pai = arena.take(s.aLength * 8);
    const pbr = arena.take(s.bLength * 8);
    const pbi = arena.take(s.bLength * 8);
    const pcr = arena.take(s.outLength * 8);
    const pci = arena.take(s.outLength * 8);
    const ws = arena.take(x.zgemmWorkspaceBytes(f.m, f.k, f.n));
    arena.commit('matmulComplex');
    arena.putF64(aRe, s.aLength, par);
    arena.putF64(aIm, s.aLength, pai);
    arena.putF64(bRe, s.bLength, pbr);
    arena.putF64(bIm, s.bLength, pbi);
    const flags =
      (f.transA ? TRANS_A : 0) | (f.transB ? TRANS_B : 0) | (f.conjA ? CONJ_A : 0) | (f.conjB ? CONJ_B : 0);
    x.zgemm(par, pai, pbr, pbi, pcr, pci, f.batch, f.m, f.k, f.n, flags, f.aStride, f.bStride, ws);
    arena.getF64(outRe, s.outLength, pcr);
    arena.getF64(outIm, s.outLength, pci);
  }

  /** Reserves room for a table of nnz entries; returns the offsets of i1, i2, i and values. */
  function reserveTable(nnz: number): [number, number, number, number] {
    return [arena.take(nnz * 4), arena.take(nnz * 4), arena.take(nnz * 4), arena.take(nnz * 8)];
  }
  /** Copies the table into the regions from {@link reserveTable}. */
  function fillTable(table: SparseCG, nnz: number, at: readonly [number, number, number, number]): void {
    arena.putI32(table.i1, at[0]);
    arena.putI32(table.i2, at[1]);
    arena.putI32(table.i, at[2]);
    arena.putF64(table.values, nnz, at[3]);
  }

  function cgContract(
    table: SparseCG, x1Re: Float64Array, x1Im: Float64Array, x2Re: Float64Array, x2Im: Float64Array,
    outRe: Float64Array, outIm: Float64Array, batch: number, accumulate = false,
  ): void {
    const c = resolveCG('cgContract', table, x1Re, x1Im, x2Re, x2Im, batch);
    const n1 = c.batch * c.d1;
    const n2 = c.batch * c.d2;
    const no = c.batch * c.d;
    checkF64('cgContract', 'outRe', outRe, no);
    checkF64('cgContract', 'outIm', outIm, no);
    checkNoAlias('cgContract', [['outRe', outRe], ['outIm', outIm]], [['x1Re', x1Re], ['x1Im', x1Im], ['x2Re', x2Re], ['x2Im', x2Im]]);
    arena.reset();
    const t = reserveTable(c.nnz);
    const p1r = arena.take(n1 * 8);
    const p1i = arena.take(n1 * 8);
    const p2r = arena.take(n2 * 8);
    const p2i = arena.take(n2 * 8);
    const por = arena.take(no * 8);
    const poi = arena.take(no * 8);
    const ws = arena.take(x.cgWorkspaceBytes(c.batch, c.d1, c.d2, c.d));
    arena.commit('cgContract');
    fillTable(table, c.nnz, t);
    arena.putF64(x1Re, n1, p1r);
    arena.putF64(x1Im, n1, p1i);
    arena.putF64(x2Re, n2, p2r);
    arena.putF64(x2Im, n2, p2i);
    if (accumulate) {
      arena.putF64(outRe, no, por);
      arena.putF64(outIm, no, poi);
    }
    x.cgContract(c.nnz, t[0], t[1], t[2], t[3], p1r, p1i, p2r, p2i, por, poi, c.batch, c.d1, c.d2, c.d, accumulate ? 1 : 0, ws);
    arena.getF64(outRe, no, por);
    arena.getF64(outIm, no, poi);
  }

  function cgContractVjp(
    table: SparseCG, x1Re: Float64Array, x1Im: Float64Array, x2Re: Float64Array, x2Im: Float64Array,
    gRe: Float64Array, gIm: Float64Array, g1Re: Float64Array, g1Im: Float64Array,
    g2Re: Float64Array, g2Im: Float64Array, batch: number,
  ): void {
    const c = resolveCG('cgContractVjp', table, x1Re, x1Im, x2Re, x2Im, batch);
    const n1 = c.batch * c.d1;
    const n2 = c.batch * c.d2;
    const no = c.batch * c.d;
    checkF64('cgContractVjp', 'gRe', gRe, no);
    checkF64('cgContractVjp', 'gIm', gIm, no);
    checkF64('cgContractVjp', 'g1Re', g1Re, n1);
    checkF64('cgContractVjp', 'g1Im', g1Im, n1);
    checkF64('cgContractVjp', 'g2Re', g2Re, n2);
    checkF64('cgContractVjp', 'g2Im', g2Im, n2);
    checkNoAlias(
      'cgContractVjp',
      [['g1Re', g1Re], ['g1Im', g1Im], ['g2Re', g2Re], ['g2Im', g2Im]],
      [['x1Re', x1Re], ['x1Im', x1Im], ['x2Re', x2Re], ['x2Im', x2Im], ['gRe', gRe], ['gIm', gIm]],
    );
    arena.reset();
    const t = reserveTable(c.nnz);
    const p1r = arena.take(n1 * 8);
    const p1i = arena.take(n1 * 8);
    const p2r = arena.take(n2 * 8);
    const p2i = arena.take(n2 * 8);
    const pgr = arena.take(no * 8);
    const pgi = arena.take(no * 8);
    const q1r = arena.take(n1 * 8);
    const q1i = arena.take(n1 * 8);
    const q2r = arena.take(n2 * 8);
    const q2i = arena.take(n2 * 8);
    const ws = arena.take(x.cgVjpWorkspaceBytes(c.batch, c.d1, c.d2, c.d));
    arena.commit('cgContractVjp');
    fillTable(table, c.nnz, t);
    arena.putF64(x1Re, n1, p1r);
    arena.putF64(x1Im, n1, p1i);
    arena.putF64(x2Re, n2, p2r);
    arena.putF64(x2Im, n2, p2i);
    arena.putF64(gRe, no, pgr);
    arena.putF64(gIm, no, pgi);
    arena.putF64(g1Re, n1, q1r);
    arena.putF64(g1Im, n1, q1i);
    arena.putF64(g2Re, n2, q2r);
    arena.putF64(g2Im, n2, q2i);
    x.cgContractVjp(c.nnz, t[0], t[1], t[2], t[3], p1r, p1i, p2r, p2i, pgr, pgi, q1r, q1i, q2r, q2i, c.batch, c.d1, c.d2, c.d, ws);
    arena.getF64(g1Re, n1, q1r);
    arena.getF64(g1Im, n1, q1i);
    arena.getF64(g2Re, n2, q2r);
    arena.getF64(g2Im, n2, q2i);
  }

  function pairwiseMinkowskiSq(p: Float64Array, out: Float64Array, batch: number, n: number): void {
    const b = checkSize('pairwiseMinkowskiSq', 'batch', batch);
    const count = checkSize('pairwiseMinkowskiSq', 'n', n);
    if (b * count * count > 2 ** 31 - 1) {
      throw new ShapeError(invalid('CpuKernels.pairwiseMinkowskiSq', 'n', 'small enough that batch * n * n < 2^31', n));
    }
    const np = b * count * 4;
    const no = b * count * count;
    checkF64('pairwiseMinkowskiSq', 'p', p, np);
    checkF64('pairwiseMinkowskiSq', 'out', out, no);
    checkNoAlias('pairwiseMinkowskiSq', [['out', out]], [['p', p]]);
    arena.reset();
    const pp = arena.take(np * 8);
    const po = arena.take(no * 8);
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

let kernelsCache: CpuKernels | undefined;

/**
 * The WebAssembly SIMD kernels (see {@link CpuKernels} for the contract of each method),
 * instantiated synchronously from the embedded module on first call and memoized. Their working
 * memory grows to the largest call made and is kept.
 * @throws {@link BackendError} if this engine cannot run WebAssembly SIMD
 * (check {@link wasmSimdAvailable} first, and fall back to `tsKernels`).
 */
export function wasmKernels(): CpuKernels {
  if (kernelsCache === undefined) {
    if (!wasmSimdAvailable()) {
      throw new BackendError(invalid('wasmKernels', 'engine', 'a JavaScript engine with WebAssembly SIMD', 'unavailable'));
    }
    kernelsCache = makeKernels(kernelArena());
  }
  return kernelsCache;
}

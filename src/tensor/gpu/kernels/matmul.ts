/**
 * gpu.js kernel of BatchMatMul: batched op(A) op(B) with broadcast batch axes, transpose and
 * conjugate flags, real and complex. One thread computes one output element (a dot product of
 * length k); a complex product runs two kernels (real part, imaginary part), which together do
 * exactly the four real multiplications per term that complex arithmetic needs.
 *
 * @packageDocumentation
 */
import { broadcastShapes, kernelNames as K } from 'lorentz-irreps';
import type { KernelConfig, KernelFunc } from 'lorentz-irreps';
import { broadcastStrides, planStrides } from '../../cpu/broadcast';
import { GPU_BACKEND_NAME, GpuJsBackend, type Plane } from '../backend-gpu';
import { affine, decompose, divmod, kernelSource, lit } from '../codegen';

/** Everything a matmul kernel's source depends on. */
export interface MatmulSignature {
  readonly m: number;
  readonly k: number;
  readonly n: number;
  readonly transA: boolean;
  readonly transB: boolean;
  /** Conjugation of a complex operand (false for a real one). */
  readonly conjA: boolean;
  readonly conjB: boolean;
  readonly aComplex: boolean;
  readonly bComplex: boolean;
  /** Collapsed broadcast of the batch axes; strides count whole matrices of A and B. */
  readonly batchShape: readonly number[];
  readonly aBatchStrides: readonly number[];
  readonly bBatchStrides: readonly number[];
}

/** The sum terms of one output part: A = aRe + i sA aIm, B = bRe + i sB bIm with s = -1 when conjugated. */
function terms(sig: MatmulSignature, part: 're' | 'im'): string {
  const sA = sig.conjA ? -1 : 1;
  const sB = sig.conjB ? -1 : 1;
  const t: [number, string][] = [];
  if (part === 're') {
    t.push([1, 'aRe[ia] * bRe[ib]']);
    if (sig.aComplex && sig.bComplex) t.push([-sA * sB, 'aIm[ia] * bIm[ib]']);
  } else {
    if (sig.bComplex) t.push([sB, 'aRe[ia] * bIm[ib]']);
    if (sig.aComplex) t.push([sA, 'aIm[ia] * bRe[ib]']);
  }
  return t.map(([s, e], i) => (i === 0 ? (s < 0 ? `-${e}` : e) : `${s < 0 ? '-' : '+'} ${e}`)).join(' ');
}

/** Source of the kernel computing one part of the product (argument order aRe, aIm?, bRe, bIm?). */
export function matmulSource(sig: MatmulSignature, part: 're' | 'im'): string {
  const { m, k, n } = sig;
  const args = ['aRe', ...(sig.aComplex ? ['aIm'] : []), 'bRe', ...(sig.bComplex ? ['bIm'] : [])];
  const body = ['const o = this.thread.x;', ...divmod('t', 'j', 'o', n), ...divmod('bt', 'i', 't', m)];
  const batch = decompose('bt', { shape: sig.batchShape.slice(), strides: [sig.aBatchStrides.slice(), sig.bBatchStrides.slice()] }, 'b');
  body.push(...batch.lines, `const aMat = ${batch.offsets[0]};`, `const bMat = ${batch.offsets[1]};`);
  // op(A)[i, p] sits at aBase + p * aStep; op(B)[p, j] at bBase + p * bStep.
  const aBase = affine(['aMat', 'i'], [m * k, sig.transA ? 1 : k]);
  const bBase = affine(['bMat', 'j'], [k * n, sig.transB ? k : 1]);
  const aStep = sig.transA ? m : 1;
  const bStep = sig.transB ? 1 : n;
  body.push(
    `const aBase = ${aBase};`,
    `const bBase = ${bBase};`,
    'let s = 0;',
    `for (let p = 0; p < ${lit(k)}; p++) {`,
    `  const ia = ${affine(['p'], [aStep], 'aBase')};`,
    `  const ib = ${affine(['p'], [bStep], 'bBase')};`,
    `  s += ${terms(sig, part)};`,
    '}',
    'return s;',
  );
  return kernelSource(args, body);
}

const batchMatMul: KernelFunc = ({ inputs, backend, attrs }) => {
  const gpu = backend as GpuJsBackend;
  const { a, b } = inputs;
  const { transposeA, transposeB, conjA, conjB } = attrs as unknown as K.MatMulAttrs;
  const ra = a.shape.length;
  const rb = b.shape.length;
  const m = transposeA ? a.shape[ra - 1] : a.shape[ra - 2];
  const k = transposeA ? a.shape[ra - 2] : a.shape[ra - 1];
  const n = transposeB ? b.shape[rb - 2] : b.shape[rb - 1];
  const batchA = a.shape.slice(0, ra - 2);
  const batchB = b.shape.slice(0, rb - 2);
  const batchShape = broadcastShapes(batchA, batchB, K.BatchMatMul);
  const complex = a.complex || b.complex;
  const shape = [...batchShape, m, n];
  const size = shape.reduce((p, d) => p * d, 1);
  if (k === 0) {
    return gpu.output({ shape, dtype: a.dtype, complex }, new Float32Array(size), complex ? new Float32Array(size) : null);
  }
  const plan = planStrides(batchShape, [broadcastStrides(batchA, batchShape), broadcastStrides(batchB, batchShape)]);
  const sig: MatmulSignature = {
    m,
    k,
    n,
    transA: transposeA,
    transB: transposeB,
    conjA: conjA && a.complex,
    conjB: conjB && b.complex,
    aComplex: a.complex,
    bComplex: b.complex,
    batchShape: plan.shape,
    aBatchStrides: plan.strides[0],
    bBatchStrides: plan.strides[1],
  };
  const args: Plane[] = [gpu.plane(a, 're'), ...(a.complex ? [gpu.plane(a, 'im')] : []), gpu.plane(b, 're'), ...(b.complex ? [gpu.plane(b, 'im')] : [])];
  const key = `matmul|${JSON.stringify(sig)}`;
  const part = (p: 're' | 'im'): Plane => gpu.run(`${key}|${p}`, () => matmulSource(sig, p), size, args);
  return gpu.outputOf({ shape, dtype: a.dtype, complex }, () => part('re'), complex ? () => part('im') : null);
};

/** gpu.js kernel of the batched matrix product. */
export const matmulKernels: KernelConfig[] = [{ kernelName: K.BatchMatMul, backendName: GPU_BACKEND_NAME, kernelFunc: batchMatMul }];

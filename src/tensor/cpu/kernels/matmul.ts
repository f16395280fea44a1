/**
 * CPU forward kernel of BatchMatMul: broadcasts the batch axes, then hands whole runs of
 * equally strided matrices to {@link matmulImpl} (usually the whole batch in one call).
 *
 * @packageDocumentation
 */
import * as K from '../../kernel-names';
import type { KernelConfig, KernelFunc } from '../../kernel-registry';
import { broadcastShapes } from '../../shape';
import type { FloatArray } from '../../types';
import { CpuBackend, cpuData } from '../backend-cpu';
import { RowIterator, broadcastStrides, planStrides } from '../broadcast';
import { matmulImpl } from '../matmul';

function at(a: FloatArray | null, offset: number): FloatArray | null {
  if (a === null || offset === 0) return a;
  return a.subarray(offset);
}

const batchMatMul: KernelFunc = ({ inputs, backend, attrs }) => {
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
  // matmulImpl overwrites its output.
  const { info, data } = (backend as CpuBackend).output([...batchShape, m, n], a.dtype, complex, false);
  const da = cpuData(a);
  const db = cpuData(b);
  // Batch strides counted in matrices; one matmulImpl call per innermost run of the plan.
  const plan = planStrides(batchShape, [
    broadcastStrides(batchA, batchShape),
    broadcastStrides(batchB, batchShape),
    broadcastStrides(batchShape, batchShape),
  ]);
  const it = new RowIterator(plan, undefined, false);
  const mk = m * k;
  const kn = k * n;
  const mn = m * n;
  for (let r = 0; r < it.rows; r++) {
    const [oa, ob, oo] = it.offsets;
    matmulImpl(at(da.re, oa * mk)!, at(da.im, oa * mk), at(db.re, ob * kn)!, at(db.im, ob * kn), at(data.re, oo * mn)!, at(data.im, oo * mn), {
      batch: it.rowLength,
      m,
      k,
      n,
      transA: transposeA,
      transB: transposeB,
      conjA: conjA && a.complex,
      conjB: conjB && b.complex,
      aBatchStride: it.rowStrides[0] * mk,
      bBatchStride: it.rowStrides[1] * kn,
    });
    it.next();
  }
  return info;
};

/** CPU kernel of the batched matrix product. */
export const matmulKernels: KernelConfig[] = [{ kernelName: K.BatchMatMul, backendName: 'cpu', kernelFunc: batchMatMul }];

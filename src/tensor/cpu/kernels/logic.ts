/**
 * CPU forward kernels of Compare (0/1 masks) and Where (select with broadcasting).
 *
 * @packageDocumentation
 */
import * as K from '../../kernel-names';
import type { KernelConfig, KernelFunc } from '../../kernel-registry';
import { broadcastShapes } from '../../shape';
import { CpuBackend, cpuData } from '../backend-cpu';
import { RowIterator, binaryPlan, binaryShape, planBroadcast } from '../broadcast';

const OPS = ['eq', 'ne', 'gt', 'ge', 'lt', 'le'] as const;

const compare: KernelFunc = ({ inputs, backend, attrs }) => {
  const { a, b } = inputs;
  const op = OPS.indexOf((attrs as unknown as K.CompareAttrs).op);
  const shape = binaryShape(a.shape, b.shape, K.Compare);
  const { info, data } = (backend as CpuBackend).output(shape, a.dtype, false, false);
  const x = cpuData(a).re;
  const y = cpuData(b).re;
  const out = data.re;
  const it = new RowIterator(binaryPlan(a.shape, b.shape, shape));
  const n = it.rowLength;
  const sa = it.rowStrides[0];
  const sb = it.rowStrides[1];
  const pn = it.planeLength;
  const [pa, pb] = it.planeStrides;
  let o = 0;
  for (let r = 0; r < it.rows; r++) {
    for (let p = 0; p < pn; p++) {
      const ia = it.offsets[0] + p * pa;
      const ib = it.offsets[1] + p * pb;
      for (let j = 0; j < n; j++) {
        const u = x[ia + j * sa];
        const v = y[ib + j * sb];
        let t: boolean;
        switch (op) {
          case 0: t = u === v; break;
          case 1: t = u !== v; break;
          case 2: t = u > v; break;
          case 3: t = u >= v; break;
          case 4: t = u < v; break;
          default: t = u <= v;
        }
        out[o + j] = t ? 1 : 0;
      }
      o += n;
    }
    it.next();
  }
  return info;
};

const where: KernelFunc = ({ inputs, backend }) => {
  const { condition, a, b } = inputs;
  const shape = broadcastShapes(broadcastShapes(condition.shape, a.shape, K.Where), b.shape, K.Where);
  const complex = a.complex || b.complex;
  const { info, data } = (backend as CpuBackend).output(shape, a.dtype, complex, false);
  const c = cpuData(condition).re;
  const da = cpuData(a);
  const db = cpuData(b);
  const it = new RowIterator(planBroadcast(shape, [condition.shape, a.shape, b.shape]));
  const n = it.rowLength;
  const [sc, sa, sb] = it.rowStrides;
  const pn = it.planeLength;
  const [pc, pa, pb] = it.planeStrides;
  let o = 0;
  for (let r = 0; r < it.rows; r++) {
    for (let p = 0; p < pn; p++) {
      const ic = it.offsets[0] + p * pc;
      const ia = it.offsets[1] + p * pa;
      const ib = it.offsets[2] + p * pb;
      for (let j = 0; j < n; j++) {
        const pick = c[ic + j * sc] !== 0;
        data.re[o + j] = pick ? da.re[ia + j * sa] : db.re[ib + j * sb];
        if (complex) {
          const src = pick ? da.im : db.im;
          data.im![o + j] = src === null ? 0 : src[(pick ? ia + j * sa : ib + j * sb)];
        }
      }
      o += n;
    }
    it.next();
  }
  return info;
};

/** CPU kernels of the logical operations. */
export const logicKernels: KernelConfig[] = [
  { kernelName: K.Compare, backendName: 'cpu', kernelFunc: compare },
  { kernelName: K.Where, backendName: 'cpu', kernelFunc: where },
];

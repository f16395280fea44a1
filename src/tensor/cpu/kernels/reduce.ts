/**
 * CPU forward kernels of the reductions Sum (real and complex), Max and Min (real).
 * The input is walked once in memory order; the output offset has stride 0 on reduced axes.
 *
 * @packageDocumentation
 */
import * as K from '../../kernel-names';
import type { KernelConfig, KernelFunc } from '../../kernel-registry';
import { reducedShape, stridesOf } from '../../shape';
import type { FloatArray, Shape } from '../../types';
import { CpuBackend, cpuData } from '../backend-cpu';
import { RowIterator, planStrides } from '../broadcast';

const SUM = 0;
const MAX = 1;
const MIN = 2;

/** Output strides of a reduction, in the input's axes (0 on reduced axes). */
function outStridesOf(shape: Shape, axes: readonly number[]): number[] {
  const kept = stridesOf(reducedShape(shape, axes, true));
  return shape.map((_, d) => (axes.includes(d) ? 0 : kept[d]));
}

function reduceInto(op: number, x: FloatArray, shape: Shape, axes: readonly number[], out: FloatArray): void {
  if (op === MAX) out.fill(-Infinity);
  else if (op === MIN) out.fill(Infinity);
  const it = new RowIterator(planStrides(shape, [stridesOf(shape), outStridesOf(shape, axes)]));
  const n = it.rowLength;
  const xs = it.rowStrides[0];
  const os = it.rowStrides[1];
  const pn = it.planeLength;
  const px = it.planeStrides[0];
  const po = it.planeStrides[1];
  const off = it.offsets;
  for (let r = 0; r < it.rows; r++) {
    for (let p = 0; p < pn; p++) {
      const ix = off[0] + p * px;
      const io = off[1] + p * po;
      if (os === 0) {
        let acc = out[io];
        if (op === SUM) for (let j = 0; j < n; j++) acc += x[ix + j * xs];
        else if (op === MAX)
          for (let j = 0; j < n; j++) {
            const v = x[ix + j * xs];
            if (v > acc || v !== v) acc = v;
          }
        else
          for (let j = 0; j < n; j++) {
            const v = x[ix + j * xs];
            if (v < acc || v !== v) acc = v;
          }
        out[io] = acc;
      } else if (op === SUM) {
        for (let j = 0; j < n; j++) out[io + j * os] += x[ix + j * xs];
      } else {
        for (let j = 0; j < n; j++) {
          const v = x[ix + j * xs];
          const c = out[io + j * os];
          if ((op === MAX ? v > c : v < c) || v !== v || c !== c) out[io + j * os] = c !== c ? c : v;
        }
      }
    }
    it.next();
  }
}

function reduceKernel(op: number): KernelFunc {
  return ({ inputs, backend, attrs }) => {
    const { x } = inputs;
    const { axes, keepDims } = attrs as unknown as K.ReduceAttrs;
    // Sum accumulates into zeros; max/min fill their own start values.
    const { info, data } = (backend as CpuBackend).output(reducedShape(x.shape, axes, keepDims), x.dtype, x.complex, op === SUM);
    const d = cpuData(x);
    reduceInto(op, d.re, x.shape, axes, data.re);
    if (d.im !== null) reduceInto(op, d.im, x.shape, axes, data.im!);
    return info;
  };
}

const cpu = (kernelName: string, kernelFunc: KernelFunc): KernelConfig => ({ kernelName, backendName: 'cpu', kernelFunc });

/** CPU kernels of the reductions. */
export const reduceKernels: KernelConfig[] = [cpu(K.Sum, reduceKernel(SUM)), cpu(K.Max, reduceKernel(MAX)), cpu(K.Min, reduceKernel(MIN))];

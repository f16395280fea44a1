/**
 * CPU forward kernels of Add, Sub, Mul, Div (broadcasting, real and complex).
 *
 * @packageDocumentation
 */
import { Add, Div, Mul, Sub } from '../../kernel-names';
import type { KernelConfig, KernelFunc } from '../../kernel-registry';
import type { FloatArray } from '../../types';
import { CpuBackend, cpuData } from '../backend-cpu';
import { RowIterator, binaryPlan, binaryShape } from '../broadcast';

const ADD = 0;
const SUB = 1;
const MUL = 2;
const DIV = 3;

function realRows(op: number, a: FloatArray, b: FloatArray, out: FloatArray, it: RowIterator): void {
  const n = it.rowLength;
  const sa = it.rowStrides[0];
  const sb = it.rowStrides[1];
  const pn = it.planeLength;
  const pa = it.planeStrides[0];
  const pb = it.planeStrides[1];
  const off = it.offsets;
  let o = 0;
  for (let r = 0; r < it.rows; r++) {
    let ia = off[0];
    let ib = off[1];
    for (let p = 0; p < pn; p++) {
      switch (op) {
        case ADD:
          for (let j = 0; j < n; j++) out[o + j] = a[ia + j * sa] + b[ib + j * sb];
          break;
        case SUB:
          for (let j = 0; j < n; j++) out[o + j] = a[ia + j * sa] - b[ib + j * sb];
          break;
        case MUL:
          for (let j = 0; j < n; j++) out[o + j] = a[ia + j * sa] * b[ib + j * sb];
          break;
        default:
          for (let j = 0; j < n; j++) out[o + j] = a[ia + j * sa] / b[ib + j * sb];
      }
      o += n;
      ia += pa;
      ib += pb;
    }
    it.next();
  }
}

function complexRows(
  op: number,
  aRe: FloatArray,
  aIm: FloatArray | null,
  bRe: FloatArray,
  bIm: FloatArray | null,
  outRe: FloatArray,
  outIm: FloatArray,
  it: RowIterator,
): void {
  const n = it.rowLength;
  const sa = it.rowStrides[0];
  const sb = it.rowStrides[1];
  const pn = it.planeLength;
  const pa = it.planeStrides[0];
  const pb = it.planeStrides[1];
  const off = it.offsets;
  let o = 0;
  for (let r = 0; r < it.rows; r++) {
    for (let p = 0; p < pn; p++) {
      const ia = off[0] + p * pa;
      const ib = off[1] + p * pb;
      for (let j = 0; j < n; j++) {
        const x = aRe[ia + j * sa];
        const y = aIm === null ? 0 : aIm[ia + j * sa];
        const u = bRe[ib + j * sb];
        const v = bIm === null ? 0 : bIm[ib + j * sb];
        switch (op) {
          case ADD:
            outRe[o + j] = x + u;
            outIm[o + j] = y + v;
            break;
          case SUB:
            outRe[o + j] = x - u;
            outIm[o + j] = y - v;
            break;
          case MUL:
            outRe[o + j] = x * u - y * v;
            outIm[o + j] = x * v + y * u;
            break;
          default: {
            const den = u * u + v * v;
            outRe[o + j] = (x * u + y * v) / den;
            outIm[o + j] = (y * u - x * v) / den;
          }
        }
      }
      o += n;
    }
    it.next();
  }
}

function binaryKernel(op: number, name: string): KernelFunc {
  return ({ inputs, backend }) => {
    const { a, b } = inputs;
    const outShape = binaryShape(a.shape, b.shape, name);
    const complex = a.complex || b.complex;
    const { info, data } = (backend as CpuBackend).output(outShape, a.dtype, complex, false);
    const it = new RowIterator(binaryPlan(a.shape, b.shape, outShape));
    const da = cpuData(a);
    const db = cpuData(b);
    if (complex) complexRows(op, da.re, da.im, db.re, db.im, data.re, data.im!, it);
    else realRows(op, da.re, db.re, data.re, it);
    return info;
  };
}

/** CPU kernels of the four arithmetic operations. */
export const arithmeticKernels: KernelConfig[] = [
  { kernelName: Add, backendName: 'cpu', kernelFunc: binaryKernel(ADD, Add) },
  { kernelName: Sub, backendName: 'cpu', kernelFunc: binaryKernel(SUB, Sub) },
  { kernelName: Mul, backendName: 'cpu', kernelFunc: binaryKernel(MUL, Mul) },
  { kernelName: Div, backendName: 'cpu', kernelFunc: binaryKernel(DIV, Div) },
];

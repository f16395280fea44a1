/**
 * CPU forward kernel of CGProduct: gathers both operands into dense float64 row planes of the
 * broadcast batch (no copy when an operand already is one), then runs the sparse contraction of
 * the hot kernels (WebAssembly SIMD where available) over all rows in one call.
 *
 * @packageDocumentation
 */
import { CGProduct, type CGProductAttrs } from '../../kernel-names-extra';
import type { KernelConfig, KernelFunc } from '../../kernel-registry';
import { broadcastShapes, sizeFromShape } from '../../shape';
import type { FloatArray, Shape, TensorInfo } from '../../types';
import { CpuBackend, cpuData } from '../backend-cpu';
import { broadcastStrides } from '../broadcast';
import { asF64, copyInto, hotKernels, scratch, zeros } from './hot-kernels';

/**
 * For each row of the broadcast batch `lead`, the row of an operand whose batch is `inLead`;
 * null when the operand's rows are the broadcast rows already (same count, same order).
 */
export function rowMap(inLead: Shape, lead: Shape): Int32Array | null {
  const rows = sizeFromShape(lead);
  if (sizeFromShape(inLead) === rows) return null;
  const strides = broadcastStrides(inLead, lead);
  const idx = new Array<number>(lead.length).fill(0);
  const map = new Int32Array(rows);
  let at = 0;
  for (let r = 0; r < rows; r++) {
    map[r] = at;
    for (let ax = lead.length - 1; ax >= 0; ax--) {
      idx[ax]++;
      at += strides[ax];
      if (idx[ax] < lead[ax]) break;
      at -= strides[ax] * lead[ax];
      idx[ax] = 0;
    }
  }
  return map;
}

function gatherRows(src: FloatArray, dst: Float64Array, map: Int32Array, width: number): void {
  for (let r = 0; r < map.length; r++) {
    const s = map[r] * width;
    const o = r * width;
    for (let k = 0; k < width; k++) dst[o + k] = src[s + k];
  }
}

/** Dense float64 re / im planes of `rows` x `width` (shared zeros for the im plane of a real operand). */
function planes(t: TensorInfo, map: Int32Array | null, rows: number, width: number, slot: string): { re: Float64Array; im: Float64Array } {
  const { re, im } = cpuData(t);
  const n = rows * width;
  if (map === null) return { re: asF64(re), im: im === null ? zeros(n) : asF64(im) };
  const out = { re: scratch(`${slot}.re`, n), im: im === null ? zeros(n) : scratch(`${slot}.im`, n) };
  gatherRows(re, out.re, map, width);
  if (im !== null) gatherRows(im, out.im, map, width);
  return out;
}

const cgProduct: KernelFunc = ({ inputs, backend, attrs }) => {
  const { x1, x2, acc } = inputs;
  const { table } = attrs as unknown as CGProductAttrs;
  const lead1 = x1.shape.slice(0, -1);
  const lead2 = x2.shape.slice(0, -1);
  const lead = broadcastShapes(lead1, lead2, CGProduct);
  const rows = sizeFromShape(lead);
  const complex = x1.complex || x2.complex || (acc !== undefined && acc.complex);
  // Not zero-filled: the contraction overwrites every element, or adds to a full copy of acc.
  const { info, data } = (backend as CpuBackend).output([...lead, table.d], x1.dtype, complex, false);
  const a = planes(x1, rowMap(lead1, lead), rows, table.d1, 'cg.x1');
  const b = planes(x2, rowMap(lead2, lead), rows, table.d2, 'cg.x2');
  const n = rows * table.d;
  const direct = data.re instanceof Float64Array;
  const outRe = direct ? (data.re as Float64Array) : scratch('cg.out.re', n);
  const outIm = direct && data.im !== null ? (data.im as Float64Array) : scratch('cg.out.im', n);
  if (acc !== undefined) {
    const s = cpuData(acc);
    copyInto(s.re, outRe, n);
    if (s.im !== null) copyInto(s.im, outIm, n);
    else outIm.fill(0);
  }
  hotKernels().cgContract(table, a.re, a.im, b.re, b.im, outRe, outIm, rows, acc !== undefined);
  if (!direct) {
    data.re.set(outRe);
    if (data.im !== null) data.im.set(outIm);
  }
  return info;
};

/** CPU kernel of the sparse Clebsch-Gordan product. */
export const cgKernels: KernelConfig[] = [{ kernelName: CGProduct, backendName: 'cpu', kernelFunc: cgProduct }];

/**
 * Strided copies: the one loop behind broadcastTo, transpose, slice, pad and concat on the CPU.
 *
 * @packageDocumentation
 */
import type { FloatArray, Shape } from '../types';
import { RowIterator, planStrides } from './broadcast';

/**
 * For every index i of `shape`: dst[dstOff + i.dstStrides] = src[srcOff + i.srcStrides]
 * (or += when `accumulate`).
 */
export function copyStrided(
  src: FloatArray,
  srcStrides: readonly number[],
  srcOff: number,
  dst: FloatArray,
  dstStrides: readonly number[],
  dstOff: number,
  shape: Shape,
  accumulate = false,
): void {
  const it = new RowIterator(planStrides(shape, [srcStrides, dstStrides]), [srcOff, dstOff]);
  const n = it.rowLength;
  const ss = it.rowStrides[0];
  const ds = it.rowStrides[1];
  const pn = it.planeLength;
  const ps = it.planeStrides[0];
  const pd = it.planeStrides[1];
  const off = it.offsets;
  for (let r = 0; r < it.rows; r++) {
    let is = off[0];
    let id = off[1];
    for (let p = 0; p < pn; p++) {
      if (accumulate) {
        for (let j = 0; j < n; j++) dst[id + j * ds] += src[is + j * ss];
      } else if (ss === 1 && ds === 1) {
        for (let j = 0; j < n; j++) dst[id + j] = src[is + j];
      } else {
        for (let j = 0; j < n; j++) dst[id + j * ds] = src[is + j * ss];
      }
      is += ps;
      id += pd;
    }
    it.next();
  }
}

/**
 * Strided iteration for broadcasting kernels. A plan collapses the output shape into as few axes
 * as possible (merging axes that are contiguous in every operand); a {@link RowIterator} then walks
 * it one innermost row at a time, so kernels run a tight typed-array loop per row and the
 * bookkeeping costs O(rows), not O(elements).
 *
 * @packageDocumentation
 */
import { broadcastShapes } from '../shape';
import type { Shape } from '../types';

/** A collapsed iteration space: `shape` (rank >= 1) and, per operand, its strides (0 = broadcast). */
export interface StridePlan {
  readonly shape: number[];
  readonly strides: number[][];
}

/**
 * Plans the iteration of `outShape` reading operands of `inShapes` (each broadcastable to it) or of
 * explicit element strides (`inStrides[i]`, same rank as `outShape`, when given).
 */
export function planStrides(outShape: Shape, inStrides: readonly (readonly number[])[]): StridePlan {
  const rank = outShape.length;
  const shape: number[] = [];
  const strides: number[][] = inStrides.map(() => []);
  for (let d = 0; d < rank; d++) {
    const n = outShape[d];
    if (n === 1) continue;
    const last = shape.length - 1;
    let merge = last >= 0;
    if (merge) {
      for (let k = 0; k < inStrides.length; k++) {
        if (strides[k][last] !== inStrides[k][d] * n) {
          merge = false;
          break;
        }
      }
    }
    if (merge) {
      shape[last] *= n;
      for (let k = 0; k < inStrides.length; k++) strides[k][last] = inStrides[k][d];
    } else {
      shape.push(n);
      for (let k = 0; k < inStrides.length; k++) strides[k].push(inStrides[k][d]);
    }
  }
  if (shape.length === 0) {
    shape.push(1);
    for (const s of strides) s.push(0);
  }
  return { shape, strides };
}

/** Element strides of an operand of `inShape` broadcast to `outShape` (0 on broadcast axes). */
export function broadcastStrides(inShape: Shape, outShape: Shape): number[] {
  const rank = outShape.length;
  const lead = rank - inShape.length;
  const out = new Array<number>(rank).fill(0);
  let s = 1;
  for (let d = inShape.length - 1; d >= 0; d--) {
    out[d + lead] = inShape[d] === 1 ? 0 : s;
    s *= inShape[d];
  }
  return out;
}

/** Plans a broadcast of operands of `inShapes` to `outShape`. */
export function planBroadcast(outShape: Shape, inShapes: readonly Shape[]): StridePlan {
  return planStrides(
    outShape,
    inShapes.map((s) => broadcastStrides(s, outShape)),
  );
}

/**
 * Walks a plan in blocks of `planeLength` rows of `rowLength` elements. `offsets[k]` is operand
 * k's offset of the current block's first element; row p of the block starts `p * planeStrides[k]`
 * further, and its elements are `rowStrides[k]` apart. Blocks of two axes keep the per-block
 * bookkeeping negligible even when the innermost axis is short (pairwise [B, N, N, F] with small F).
 * With `planes = false` a block is a single row (planeLength 1).
 */
export class RowIterator {
  /** Number of blocks. */
  readonly rows: number;
  readonly rowLength: number;
  readonly rowStrides: number[];
  /** Rows per block. */
  readonly planeLength: number;
  readonly planeStrides: number[];
  readonly offsets: number[];
  private readonly counters: Int32Array;
  private readonly shape: number[];
  private readonly strides: number[][];
  /** Axes walked by `next` (those before the block axes). */
  private readonly outer: number;

  constructor(plan: StridePlan, startOffsets?: readonly number[], planes = true) {
    const r = plan.shape.length;
    this.shape = plan.shape;
    this.strides = plan.strides;
    this.rowLength = plan.shape[r - 1];
    this.rowStrides = plan.strides.map((s) => s[r - 1]);
    const twoAxes = planes && r >= 2;
    this.planeLength = twoAxes ? plan.shape[r - 2] : 1;
    this.planeStrides = plan.strides.map((s) => (twoAxes ? s[r - 2] : 0));
    this.outer = twoAxes ? r - 2 : r - 1;
    let rows = 1;
    for (let d = 0; d < this.outer; d++) rows *= plan.shape[d];
    this.rows = this.rowLength === 0 || this.planeLength === 0 ? 0 : rows;
    this.offsets = startOffsets ? startOffsets.slice() : plan.strides.map(() => 0);
    this.counters = new Int32Array(r);
  }

  /** Moves to the next block. */
  next(): void {
    const offsets = this.offsets;
    const k = offsets.length;
    const st = this.strides;
    for (let d = this.outer - 1; d >= 0; d--) {
      if (++this.counters[d] < this.shape[d]) {
        for (let i = 0; i < k; i++) offsets[i] += st[i][d];
        return;
      }
      this.counters[d] = 0;
      for (let i = 0; i < k; i++) offsets[i] -= st[i][d] * (this.shape[d] - 1);
    }
  }
}

function sameShape(a: Shape, b: Shape): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function sizeOf(s: Shape): number {
  let n = 1;
  for (let i = 0; i < s.length; i++) n *= s[i];
  return n;
}

/**
 * Output shape of a binary broadcast (reuses an operand's frozen shape when it is the result).
 * @throws {@link ShapeError} via `broadcastShapes` when incompatible.
 */
export function binaryShape(a: Shape, b: Shape, fn: string): Shape {
  if (sameShape(a, b)) return a;
  if (b.length <= a.length && sizeOf(b) === 1) return a;
  if (a.length <= b.length && sizeOf(a) === 1) return b;
  return broadcastShapes(a, b, fn);
}

/** {@link planBroadcast} for two operands, with the common cases (equal shapes, a scalar operand) planned in O(1). */
export function binaryPlan(a: Shape, b: Shape, out: Shape): StridePlan {
  const n = sizeOf(out);
  if (sameShape(a, out)) {
    if (sameShape(b, out)) return { shape: [n], strides: [[1], [1]] };
    if (sizeOf(b) === 1) return { shape: [n], strides: [[1], [0]] };
  } else if (sameShape(b, out) && sizeOf(a) === 1) {
    return { shape: [n], strides: [[0], [1]] };
  }
  return planBroadcast(out, [a, b]);
}

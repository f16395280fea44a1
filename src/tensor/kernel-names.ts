/**
 * Kernel names and their attributes. A kernel name is the key under which backends register a
 * forward implementation and the gradient registry a VJP. Input names are listed per kernel;
 * they are the keys of `inputs` in `runKernel` and of the thunks a VJP returns.
 *
 * @packageDocumentation
 */
import type { DType } from './types';

/** Inputs `a`, `b` (broadcast). */
export const Add = 'Add';
/** Inputs `a`, `b` (broadcast). */
export const Sub = 'Sub';
/** Inputs `a`, `b` (broadcast). */
export const Mul = 'Mul';
/** Inputs `a`, `b` (broadcast). */
export const Div = 'Div';
/** Inputs `a`, `b` (broadcast), real; outputs 1 where the comparison holds, else 0. */
export const Compare = 'Compare';
/** Attributes of {@link Compare}. */
export interface CompareAttrs {
  readonly op: 'eq' | 'ne' | 'gt' | 'ge' | 'lt' | 'le';
}
/** Inputs `condition` (real, nonzero = true), `a`, `b`; all three broadcast. */
export const Where = 'Where';

/** Input `x`. */
export const Neg = 'Neg';
/** Input `x`; complex conjugate (identity on real tensors). */
export const Conj = 'Conj';
/** Input `x`; modulus (real output for complex input). */
export const Abs = 'Abs';
/** Input `x` (complex); real part. */
export const Real = 'Real';
/** Input `x` (complex); imaginary part. */
export const Imag = 'Imag';
/** Inputs `re`, `im` (real, same shape and dtype); complex output. */
export const Complex = 'Complex';
/** Input `x` (real or complex). */
export const Exp = 'Exp';
/** Input `x` (real). */
export const Log = 'Log';
/** Input `x` (real). */
export const Sqrt = 'Sqrt';
/** Input `x` (real or complex). */
export const Square = 'Square';
/** Input `x` (real); attribute {@link PowAttrs}. */
export const Pow = 'Pow';
/** Attributes of {@link Pow}. */
export interface PowAttrs {
  readonly exponent: number;
}
/** Input `x` (real). */
export const Relu = 'Relu';
/** Input `x` (real); attribute {@link LeakyReluAttrs}. */
export const LeakyRelu = 'LeakyRelu';
/** Attributes of {@link LeakyRelu}. */
export interface LeakyReluAttrs {
  readonly alpha: number;
}
/**
 * Inputs `x` and `dy` (real, one shape and dtype); attribute {@link LeakyReluAttrs}. Output: dy
 * where x > 0, else alpha dy: the VJP of {@link LeakyRelu}, and with alpha = 0 that of
 * {@link Relu}, in one pass (a backward-only kernel, without a gradient itself).
 */
export const LeakyReluGrad = 'LeakyReluGrad';
/** Input `x` (real). */
export const Sigmoid = 'Sigmoid';
/** Input `x` (real); attribute {@link AxisAttrs}. */
export const Softmax = 'Softmax';
/** One normalized (non-negative) axis. */
export interface AxisAttrs {
  readonly axis: number;
}
/** Input `x`; attribute {@link CastAttrs}. */
export const Cast = 'Cast';
/** Attributes of {@link Cast}. */
export interface CastAttrs {
  readonly dtype: DType;
}
/** Input `x`; output shares the data of `x`. */
export const Identity = 'Identity';

/** Input `x`; attribute {@link ReduceAttrs}. */
export const Sum = 'Sum';
/** Input `x` (real); attribute {@link ReduceAttrs}. */
export const Max = 'Max';
/** Input `x` (real); attribute {@link ReduceAttrs}. */
export const Min = 'Min';
/** Attributes of the reductions: sorted unique normalized axes, and whether to keep unit axes. */
export interface ReduceAttrs {
  readonly axes: readonly number[];
  readonly keepDims: boolean;
}

/** Inputs `a` [..., m, k], `b` [..., k, n] (batch axes broadcast); attribute {@link MatMulAttrs}. */
export const BatchMatMul = 'BatchMatMul';
/** Attributes of {@link BatchMatMul}: operand i is used as op(i) = conj?(transpose?(i)). */
export interface MatMulAttrs {
  readonly transposeA: boolean;
  readonly transposeB: boolean;
  readonly conjA: boolean;
  readonly conjB: boolean;
}

/** Input `x`; attribute {@link ShapeAttrs}; output shares the data of `x`. */
export const Reshape = 'Reshape';
/** Input `x`; attribute {@link ShapeAttrs} (a shape `x` broadcasts to). */
export const BroadcastTo = 'BroadcastTo';
/** A target shape. */
export interface ShapeAttrs {
  readonly shape: readonly number[];
}
/** Input `x`; attribute {@link TransposeAttrs}. */
export const Transpose = 'Transpose';
/** Attributes of {@link Transpose}: output axis i is input axis perm[i]. */
export interface TransposeAttrs {
  readonly perm: readonly number[];
}
/** Input `x`; attribute {@link SliceAttrs}. */
export const Slice = 'Slice';
/** Attributes of {@link Slice}: normalized begin and size per axis. */
export interface SliceAttrs {
  readonly begin: readonly number[];
  readonly size: readonly number[];
}
/** Input `x`; attribute {@link PadAttrs}; pads with zeros. */
export const Pad = 'Pad';
/** Attributes of {@link Pad}: [before, after] per axis. */
export interface PadAttrs {
  readonly paddings: readonly (readonly [number, number])[];
}
/** Inputs `t0`, `t1`, ... (same rank, dtype; equal extents except on `axis`); attribute {@link AxisAttrs}. */
export const Concat = 'Concat';
/** Input `x`; attribute {@link GatherAttrs}: out takes x's slices `indices[i]` along `axis`. */
export const Gather = 'Gather';
/** Attributes of {@link Gather}: validated indices (each in [0, x.shape[axis])). */
export interface GatherAttrs {
  readonly indices: Int32Array;
  readonly axis: number;
}
/** Input `updates`; attribute {@link ScatterAddAttrs}: out[.., indices[i], ..] += updates[.., i, ..]. */
export const ScatterAdd = 'ScatterAdd';
/** Attributes of {@link ScatterAdd}: validated indices (each in [0, size)), the axis and its output extent. */
export interface ScatterAddAttrs {
  readonly indices: Int32Array;
  readonly axis: number;
  readonly size: number;
}

export * from './kernel-names-extra';

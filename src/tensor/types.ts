/**
 * Plain types shared by the tensor engine: dtypes, shapes, backend data handles and the
 * metadata every kernel sees.
 *
 * @packageDocumentation
 */

/** Floating-point precision of a tensor's storage. The CPU backend computes in float64. */
export type DType = 'float64' | 'float32';

/** A floating-point typed array of either precision. */
export type FloatArray = Float64Array | Float32Array;

/** A tensor shape: non-negative integer extents, outermost first. `[]` is a scalar. */
export type Shape = readonly number[];

/**
 * An opaque handle to a buffer owned by a backend. Only the backend that made it may look inside;
 * the engine uses it as an identity (for reference counting) and nothing else.
 */
export type DataId = object;

/** What a kernel knows about a tensor: its buffer handle, shape, dtype and whether it is complex. */
export interface TensorInfo {
  readonly dataId: DataId;
  readonly shape: Shape;
  readonly dtype: DType;
  /** True when the tensor holds complex numbers, stored planar (separate re and im buffers). */
  readonly complex: boolean;
}

/** Shape, dtype and complexity of a tensor without its data (what a gradient needs of an input). */
export interface TensorMeta {
  readonly shape: Shape;
  readonly dtype: DType;
  readonly complex: boolean;
}

/** Host copy of a tensor's values: planar real and imaginary parts (`im` is null for real tensors). */
export interface PlanarData {
  readonly re: Float64Array;
  readonly im: Float64Array | null;
}

/** A nested array of numbers, as returned by `Tensor.array()` (a bare number for a scalar). */
export type NestedArray = number | NestedArray[];

/** Kernel attributes: plain, immutable, JSON-like values (numbers, booleans, strings, arrays). */
export type Attrs = Readonly<Record<string, unknown>>;

/**
 * The interface every compute backend implements. A backend owns buffers (behind opaque
 * {@link DataId} handles) and registers one forward function per kernel; the engine does the
 * rest (memory accounting, autodiff, numerics checks).
 *
 * @packageDocumentation
 */
import type { DataId, DType, FloatArray, PlanarData } from './types';

/**
 * A compute backend.
 *
 * Contract:
 * - `write` may keep the arrays it is given (the engine hands over fresh arrays it never touches
 *   again) and returns a new handle.
 * - `read` returns fresh float64 host copies; the caller may mutate them.
 * - `disposeData` frees a handle; the engine calls it exactly once, when the last tensor sharing
 *   the handle is disposed.
 * - `numDataIds` counts live handles; test mode compares it with the engine's own count to find
 *   kernels that allocate buffers they never return.
 */
export interface Backend {
  /** The name the backend was registered under, e.g. `'cpu'`. */
  readonly name: string;
  /** dtype of tensors created without an explicit dtype on this backend. */
  readonly defaultDtype: DType;
  /** Whether this backend can store tensors of `dtype`. */
  supportsDtype(dtype: DType): boolean;
  /** Stores host values (real part, optional imaginary part) as a new buffer of `dtype`. */
  write(re: FloatArray, im: FloatArray | null, dtype: DType): DataId;
  /**
   * A new buffer of `size` elements of `dtype` (and a zero imaginary part when `complex`), every
   * element `value`. Optional: the engine otherwise writes fresh host arrays. A backend that
   * recycles freed buffers implements it so that zeros and constants reuse them.
   */
  fill?(size: number, dtype: DType, complex: boolean, value: number): DataId;
  /** Reads a buffer back to the host as float64 copies. */
  read(dataId: DataId): PlanarData;
  /** Frees a buffer. */
  disposeData(dataId: DataId): void;
  /** Number of live buffers held by this backend. */
  numDataIds(): number;
  /**
   * Index of the first NaN or infinite value in a buffer (real part first, then imaginary), or -1.
   * Used by `checkNumerics`; a backend may omit it, and the engine then reads the data back.
   */
  firstNonFinite?(dataId: DataId): number;
  /** Releases everything the backend holds (called when the backend is removed). */
  dispose(): void;
}

/** A function that creates a backend; it throws (or returns null) when the backend is unavailable. */
export type BackendFactory = () => Backend | null;

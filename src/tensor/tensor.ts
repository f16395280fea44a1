/**
 * The `Tensor` value: an n-dimensional array of float64 or float32 numbers, real or complex,
 * whose storage lives in a backend. Tensors are immutable; every op returns a new one.
 *
 * @packageDocumentation
 */
import { DTypeError, MemoryError, ShapeError, invalid } from '../errors';
import type { Backend } from './backend';
import { sizeFromShape, shapesEqual } from './shape';
import type { DataId, DType, NestedArray, PlanarData, Shape } from './types';

/**
 * @internal A backend buffer with its reference count, shared by every tensor that views it
 * (reshape outputs, clones, variables). Owned by the engine.
 */
export interface BufferEntry {
  readonly dataId: DataId;
  refs: number;
  readonly bytes: number;
  readonly backend: Backend;
  /** Live-buffer counter of the backend (shared by all its entries). */
  readonly stats: { count: number };
}

/** What a tensor needs from the engine (installed by the engine; keeps this module free of cycles). */
export interface TensorTracker {
  disposeTensor(t: Tensor): void;
  assignVariable(v: Variable, value: Tensor): void;
}

let tracker: TensorTracker | null = null;

/** @internal Installs the engine as the tracker of all tensors. */
export function setTensorTracker(t: TensorTracker): void {
  tracker = t;
}

function nested(values: Float64Array, shape: Shape, offset: number, axis: number): NestedArray {
  if (axis === shape.length) return values[offset];
  const n = shape[axis];
  let inner = 1;
  for (let i = axis + 1; i < shape.length; i++) inner *= shape[i];
  const out: NestedArray[] = new Array(n);
  for (let i = 0; i < n; i++) out[i] = nested(values, shape, offset + i * inner, axis + 1);
  return out;
}

/**
 * An n-dimensional array of numbers with a fixed shape, dtype and backend.
 *
 * - `dtype` is the storage precision (`'float64'` or `'float32'`).
 * - `complex` tensors store their real and imaginary parts in separate (planar) buffers.
 * - Memory is owned explicitly: call {@link Tensor.dispose}, or create tensors inside `tidy`.
 *   Using a disposed tensor throws {@link MemoryError}.
 *
 * Tensors are made by factories (`tensor`, `complexTensor`, `zeros`, ...) and ops; the constructor
 * is internal. Each method lists what it throws.
 *
 * @example
 * ```ts
 * import { tensor } from 'lorentz-irreps';
 * const t = tensor([1, 2, 3, 4, 5, 6], [2, 3]);
 * console.assert(t.shape.join() === '2,3' && t.size === 6 && t.rank === 2);
 * console.assert(JSON.stringify(t.array()) === '[[1,2,3],[4,5,6]]');
 * t.dispose();
 * console.assert(t.isDisposed);
 * ```
 */
export class Tensor {
  /** Unique id of this tensor object (ids are never reused). */
  readonly id: number;
  /** Extents, outermost first; frozen. */
  readonly shape: Shape;
  /** Storage precision. */
  readonly dtype: DType;
  /** Whether the values are complex (planar storage). */
  readonly complex: boolean;
  /** Number of elements (complex numbers count once). */
  readonly size: number;
  /** The backend holding the data. */
  readonly backend: Backend;
  /** @internal The reference-counted buffer; may be shared with other tensors (reshape, clones). */
  buffer: BufferEntry;
  /** @internal Set by `keep` and for variables: `tidy` never disposes this tensor. */
  kept = false;
  private disposedFlag = false;

  /** @internal Use the factories (`tensor`, `zeros`, ...) instead. */
  constructor(id: number, buffer: BufferEntry, shape: Shape, dtype: DType, complex: boolean) {
    this.id = id;
    this.buffer = buffer;
    // Shapes reaching here are fresh arrays owned by the engine (or already frozen): freeze in place.
    this.shape = Object.isFrozen(shape) ? shape : Object.freeze(shape as number[]);
    this.dtype = dtype;
    this.complex = complex;
    this.size = sizeFromShape(shape);
    this.backend = buffer.backend;
  }

  /** @internal Backend handle of the data (shared by tensors viewing the same buffer). */
  get dataId(): DataId {
    return this.buffer.dataId;
  }

  /** Number of axes. */
  get rank(): number {
    return this.shape.length;
  }

  /** True after {@link Tensor.dispose}. */
  get isDisposed(): boolean {
    return this.disposedFlag;
  }

  /** @internal Marks the tensor disposed (the engine frees its data). */
  markDisposed(): void {
    this.disposedFlag = true;
  }

  /**
   * @internal Throws {@link MemoryError} when the tensor is disposed.
   * @param fn - name of the function that wanted to use it, for the message.
   * @param arg - name of the argument.
   */
  assertAlive(fn: string, arg: string): void {
    if (this.disposedFlag) {
      throw new MemoryError(invalid(fn, arg, 'a tensor that has not been disposed', `Tensor#${this.id}`));
    }
  }

  /**
   * A float64 copy of the values in row-major order (float32 tensors are widened exactly).
   * @throws {@link DTypeError} for a complex tensor (use {@link Tensor.reImSync}).
   * @throws {@link MemoryError} when disposed.
   */
  dataSync(): Float64Array {
    this.assertAlive('Tensor.dataSync', 'this');
    if (this.complex) {
      throw new DTypeError(invalid('Tensor.dataSync', 'this', 'a real tensor (use reImSync for a complex one)', 'complex'));
    }
    return this.backend.read(this.dataId).re;
  }

  /**
   * Float64 copies of the real and imaginary parts (the imaginary part of a real tensor is zeros).
   * @throws {@link MemoryError} when disposed.
   */
  reImSync(): { re: Float64Array; im: Float64Array } {
    this.assertAlive('Tensor.reImSync', 'this');
    const d: PlanarData = this.backend.read(this.dataId);
    return { re: d.re, im: d.im ?? new Float64Array(this.size) };
  }

  /**
   * The values as nested arrays (a number for a scalar).
   * @throws {@link DTypeError} for a complex tensor (use {@link Tensor.complexArray}).
   * @throws {@link MemoryError} when disposed.
   */
  array(): NestedArray {
    this.assertAlive('Tensor.array', 'this');
    if (this.complex) {
      throw new DTypeError(invalid('Tensor.array', 'this', 'a real tensor (use complexArray for a complex one)', 'complex'));
    }
    return nested(this.dataSync(), this.shape, 0, 0);
  }

  /**
   * Real and imaginary parts as nested arrays.
   * @throws {@link MemoryError} when disposed.
   */
  complexArray(): { re: NestedArray; im: NestedArray } {
    const { re, im } = this.reImSync();
    return { re: nested(re, this.shape, 0, 0), im: nested(im, this.shape, 0, 0) };
  }

  /** Frees the tensor's data (shared data is freed with its last user). Disposing twice is a no-op. */
  dispose(): void {
    if (this.disposedFlag) return;
    if (tracker === null) throw new MemoryError(invalid('Tensor.dispose', 'this', 'owned by an engine', this.id));
    tracker.disposeTensor(this);
  }

  /** A one-line description: `Tensor#id float64[2,3]` (plus `complex`, or `disposed`). */
  toString(): string {
    const kind = `${this.dtype}${this.complex ? ' complex' : ''}[${this.shape.join(',')}]`;
    return `Tensor#${this.id} ${kind}${this.disposedFlag ? ' disposed' : ''}`;
  }
}

/**
 * A tensor that persists across steps and can be updated in place by {@link Variable.assign}
 * (an O(1) handle swap: no copy). Made by `variable(...)`. `tidy` never disposes a variable.
 * See {@link Variable.assign} for what it throws.
 *
 * @example
 * ```ts
 * import { variable, tensor } from 'lorentz-irreps';
 * const w = variable(tensor([1, 2]), { name: 'w' });
 * w.assign(tensor([3, 4]));
 * console.assert(w.dataSync()[1] === 4 && w.name === 'w' && w.trainable);
 * w.dispose();
 * ```
 */
export class Variable extends Tensor {
  /** Name used in reports and checkpoints. */
  readonly name: string;
  /** Whether `variableGrads` differentiates with respect to this variable by default. */
  trainable: boolean;

  /** @internal Use `variable(...)`. */
  constructor(initial: Tensor, id: number, name: string, trainable: boolean) {
    super(id, initial.buffer, initial.shape, initial.dtype, initial.complex);
    this.name = name;
    this.trainable = trainable;
    this.kept = true;
  }

  /**
   * Replaces the value with `value`'s data (shared, not copied; `value` stays usable and owned by
   * its caller). Shape, dtype, complexity and backend must match.
   * @throws {@link ShapeError} | {@link DTypeError} on mismatch, {@link MemoryError} when disposed.
   */
  assign(value: Tensor): void {
    this.assertAlive('Variable.assign', 'this');
    if (!(value instanceof Tensor)) throw new ShapeError(invalid('Variable.assign', 'value', 'a Tensor', value));
    value.assertAlive('Variable.assign', 'value');
    if (!shapesEqual(value.shape, this.shape)) {
      throw new ShapeError(invalid('Variable.assign', 'value', `of shape [${this.shape.join(',')}]`, value.shape));
    }
    if (value.dtype !== this.dtype || value.complex !== this.complex) {
      const want = `${this.dtype}${this.complex ? ' complex' : ' real'}`;
      throw new DTypeError(invalid('Variable.assign', 'value', want, `${value.dtype}${value.complex ? ' complex' : ' real'}`));
    }
    tracker!.assignVariable(this, value);
  }

  /** @internal Swaps the buffer (the engine does the reference counting). */
  setBuffer(buffer: BufferEntry): void {
    this.buffer = buffer;
  }
}

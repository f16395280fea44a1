/**
 * The CPU backend: buffers are plain typed arrays (Float64Array by default, Float32Array for
 * float32 tensors), complex buffers are planar (separate re and im arrays), and every kernel is a
 * typed-array loop.
 *
 * @packageDocumentation
 */
import type { Backend } from '../backend';
import type { DataId, DType, FloatArray, PlanarData, Shape, TensorInfo } from '../types';

/** A CPU buffer: the handle is the storage itself, so kernels reach their arrays with no lookup. */
export interface CpuData {
  readonly re: FloatArray;
  readonly im: FloatArray | null;
}

/** The storage of a CPU tensor (trusting: the engine guarantees the handle came from this backend). */
export function cpuData(t: TensorInfo): CpuData {
  return t.dataId as CpuData;
}

/** A new zero-filled typed array of `dtype`. */
export function newArray(dtype: DType, size: number): FloatArray {
  return dtype === 'float64' ? new Float64Array(size) : new Float32Array(size);
}

/** Arrays shorter than this are not pooled (allocating them is cheap). */
const MIN_POOLED_LENGTH = 64;

/**
 * The CPU backend (registered as `'cpu'`).
 *
 * Freed arrays go to a pool keyed by dtype and length and are handed out again by {@link
 * CpuBackend.alloc}: allocating a fresh large typed array costs page faults and garbage collection
 * far beyond the arithmetic of most kernels, and training loops free and request the same sizes
 * every step. The pool holds at most `poolLimitBytes` (default 256 MiB), and only arrays it handed
 * out itself: arrays adopted by {@link CpuBackend.write} (the copies of host data made by `tensor`,
 * a batch, gradients sent by another thread) are left to the garbage collector when freed, since
 * nothing would ask for as many arrays of their lengths and the pool would grow by them every step.
 */
export class CpuBackend implements Backend {
  readonly name = 'cpu';
  readonly defaultDtype: DType = 'float64';
  /** Upper bound on the bytes kept in the pool of freed arrays. */
  poolLimitBytes = 256 * 1024 * 1024;
  private live = 0;
  private readonly pool64 = new Map<number, Float64Array[]>();
  private readonly pool32 = new Map<number, Float32Array[]>();
  private pooledBytes = 0;
  /** The arrays `take` made (the only ones `give` pools). */
  private readonly owned = new WeakSet<FloatArray>();

  supportsDtype(dtype: DType): boolean {
    return dtype === 'float64' || dtype === 'float32';
  }

  write(re: FloatArray, im: FloatArray | null, dtype: DType): DataId {
    const conv = (a: FloatArray): FloatArray => {
      if (dtype === 'float64') return a instanceof Float64Array ? a : Float64Array.from(a);
      return a instanceof Float32Array ? a : Float32Array.from(a);
    };
    this.live++;
    const data: CpuData = { re: conv(re), im: im === null ? null : conv(im) };
    return data;
  }

  private take(dtype: DType, size: number, zero: boolean): FloatArray {
    if (size >= MIN_POOLED_LENGTH) {
      const list = dtype === 'float64' ? this.pool64.get(size) : this.pool32.get(size);
      if (list !== undefined && list.length > 0) {
        const a = list.pop()!;
        this.pooledBytes -= a.byteLength;
        if (zero) a.fill(0);
        return a;
      }
      const a = newArray(dtype, size);
      this.owned.add(a);
      return a;
    }
    return newArray(dtype, size);
  }

  private give(a: FloatArray): void {
    if (a.length < MIN_POOLED_LENGTH || this.pooledBytes + a.byteLength > this.poolLimitBytes || !this.owned.has(a)) return;
    const pool = (a instanceof Float64Array ? this.pool64 : this.pool32) as Map<number, FloatArray[]>;
    let list = pool.get(a.length);
    if (list === undefined) {
      list = [];
      pool.set(a.length, list);
    }
    list.push(a);
    this.pooledBytes += a.byteLength;
  }

  /**
   * A new buffer of `size` elements, real or complex. Zero-filled unless `zero` is false, in which
   * case the contents are arbitrary and the kernel must write every element.
   */
  alloc(size: number, dtype: DType, complex: boolean, zero = true): CpuData {
    this.live++;
    return { re: this.take(dtype, size, zero), im: complex ? this.take(dtype, size, zero) : null };
  }

  /**
   * A new tensor info with a new buffer (zero-filled unless `zero` is false: then the kernel
   * must overwrite every element); kernels fill `data` and return `info`.
   */
  output(shape: Shape, dtype: DType, complex: boolean, zero = true): { info: TensorInfo; data: CpuData } {
    let size = 1;
    for (let i = 0; i < shape.length; i++) size *= shape[i];
    const data = this.alloc(size, dtype, complex, zero);
    return { info: { dataId: data, shape, dtype, complex }, data };
  }

  /** A new buffer with every element `value` (and a zero imaginary part when `complex`), from the pool. */
  fill(size: number, dtype: DType, complex: boolean, value: number): CpuData {
    this.live++;
    const re = this.take(dtype, size, value === 0);
    if (value !== 0) re.fill(value);
    return { re, im: complex ? this.take(dtype, size, true) : null };
  }

  /** Bytes currently held in the pool of freed arrays. */
  get pooledByteCount(): number {
    return this.pooledBytes;
  }

  /** Empties the pool of freed arrays. */
  releasePool(): void {
    this.pool64.clear();
    this.pool32.clear();
    this.pooledBytes = 0;
  }

  read(dataId: DataId): PlanarData {
    const d = dataId as CpuData;
    return { re: Float64Array.from(d.re), im: d.im === null ? null : Float64Array.from(d.im) };
  }

  disposeData(dataId: DataId): void {
    this.live--;
    const d = dataId as CpuData;
    this.give(d.re);
    if (d.im !== null) this.give(d.im);
  }

  numDataIds(): number {
    return this.live;
  }

  firstNonFinite(dataId: DataId): number {
    const { re, im } = dataId as CpuData;
    for (let i = 0; i < re.length; i++) if (re[i] - re[i] !== 0) return i;
    if (im !== null) for (let i = 0; i < im.length; i++) if (im[i] - im[i] !== 0) return re.length + i;
    return -1;
  }

  dispose(): void {
    this.live = 0;
    this.releasePool();
  }
}

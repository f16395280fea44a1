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

/** The CPU backend (registered as `'cpu'`). */
export class CpuBackend implements Backend {
  readonly name = 'cpu';
  readonly defaultDtype: DType = 'float64';
  private live = 0;

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

  /** A new buffer of `size` zeros, real or complex. */
  alloc(size: number, dtype: DType, complex: boolean): CpuData {
    this.live++;
    return { re: newArray(dtype, size), im: complex ? newArray(dtype, size) : null };
  }

  /** A new tensor info with a fresh zero buffer; kernels fill `data` and return `info`. */
  output(shape: Shape, dtype: DType, complex: boolean): { info: TensorInfo; data: CpuData } {
    let size = 1;
    for (let i = 0; i < shape.length; i++) size *= shape[i];
    const data = this.alloc(size, dtype, complex);
    return { info: { dataId: data, shape, dtype, complex }, data };
  }

  read(dataId: DataId): PlanarData {
    const d = dataId as CpuData;
    return { re: Float64Array.from(d.re), im: d.im === null ? null : Float64Array.from(d.im) };
  }

  disposeData(_dataId: DataId): void {
    this.live--;
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
  }
}

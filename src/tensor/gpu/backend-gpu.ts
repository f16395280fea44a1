/**
 * The gpu.js backend's storage: every tensor is float32, complex tensors are planar (one plane
 * for the real part, one for the imaginary part), and a plane is either a host Float32Array
 * (just written, or produced by a CPU fallback) or a gpu.js texture that stays in GPU memory
 * between kernels. Host planes move to the GPU the first time a GPU kernel reads them; planes come
 * back to the host only when read (`dataSync`, `toBackend`, checkNumerics) or for a CPU fallback.
 *
 * @packageDocumentation
 */
import { BackendError, DTypeError, invalid } from 'lorentz-irreps';
import type { Backend, DataId, DType, FloatArray, PlanarData, TensorInfo } from 'lorentz-irreps';
import type { GpuJsInstance, GpuJsTexture } from './gpujs-types';
import { KernelCache } from './kernel-cache';
import { isGlMode, type GpuJsMode } from './modes';

/** The name the gpu.js backend is registered under. */
export const GPU_BACKEND_NAME = 'gpujs';

/** One part of a tensor's values: on the host, or a texture on the device. */
export type Plane = Float32Array | GpuJsTexture;

/** Whether a plane is a gpu.js texture (device memory) rather than a host array. */
export function isTexture(p: Plane): p is GpuJsTexture {
  return !(p instanceof Float32Array);
}

/** The buffer behind a gpujs tensor handle. Planes may move host -> device; values never change. */
export class GpuData {
  constructor(
    public re: Plane,
    public im: Plane | null,
    readonly size: number,
  ) {}
}

/** Counters of what the backend did, for tests, benchmarks and users who want to see transfers. */
export interface GpuBackendStats {
  /** The gpu.js mode in use. */
  readonly mode: GpuJsMode;
  /** Whether that mode runs on a GPU (data kept in textures). */
  readonly onGpu: boolean;
  /** gpu.js kernels compiled (one per kernel and shape signature; cached until the backend is disposed). */
  readonly kernelsCompiled: number;
  /** gpu.js kernel launches, uploads included. */
  readonly kernelRuns: number;
  /** Host planes copied into textures (GL modes only). */
  readonly uploads: number;
  /** Texture planes read back to the host (reads, CPU fallbacks, checkNumerics). */
  readonly downloads: number;
  /** Kernel calls that ran on the CPU implementation instead (download, CPU kernel, upload on next use). */
  readonly fallbacks: number;
  /** `fallbacks` broken down by kernel name. */
  readonly fallbackKernels: Readonly<Record<string, number>>;
  /** Live tensor buffers. */
  readonly liveBuffers: number;
  /** Live textures held by those buffers (always 0 outside GL modes). */
  readonly liveTextures: number;
}

/** Largest tensor a GL kernel may read or write: flat indices are float32 in GLSL, exact up to 2^24. */
export const MAX_GL_ELEMENTS = 2 ** 24;

/** What a released buffer's planes are set to, so that releasing twice deletes nothing twice. */
const RELEASED = new Float32Array(0);

function toFloat32(a: FloatArray): Float32Array {
  return a instanceof Float32Array ? a : Float32Array.from(a);
}

/** The `'gpujs'` backend. Made by `initGpuBackend`; users never construct it. */
export class GpuJsBackend implements Backend {
  readonly name = GPU_BACKEND_NAME;
  readonly defaultDtype: DType = 'float32';
  /** Whether kernels run on a GPU (GL modes); otherwise gpu.js runs them on the CPU. */
  readonly onGpu: boolean;
  private readonly live = new Set<GpuData>();
  private readonly kernels: KernelCache;
  private textures = 0;
  private counters = { kernelRuns: 0, uploads: 0, downloads: 0, fallbacks: 0 };
  private readonly fallbackCounts = new Map<string, number>();
  /** Length of every texture this backend made (gpu.js textures do not expose it uniformly). */
  private readonly textureLengths = new WeakMap<GpuJsTexture, number>();
  private destroyed: Promise<void> | null = null;

  constructor(
    private readonly gpu: GpuJsInstance,
    readonly mode: GpuJsMode,
  ) {
    this.onGpu = isGlMode(mode);
    this.kernels = new KernelCache(gpu);
  }

  supportsDtype(dtype: DType): boolean {
    return dtype === 'float32';
  }

  write(re: FloatArray, im: FloatArray | null, dtype: DType): DataId {
    if (dtype !== 'float32') throw new DTypeError(invalid('GpuJsBackend.write', 'dtype', "'float32' (the gpujs backend stores float32 only)", dtype));
    return this.adopt(toFloat32(re), im === null ? null : toFloat32(im), re.length);
  }

  /** Wraps planes (host arrays or textures this backend now owns) as a new live buffer. */
  adopt(re: Plane, im: Plane | null, size: number): GpuData {
    this.assertUsable('GpuJsBackend.adopt');
    const data = new GpuData(re, im, size);
    this.live.add(data);
    if (isTexture(re)) this.textures++;
    if (im !== null && isTexture(im)) this.textures++;
    return data;
  }

  /** A new tensor buffer of `info`'s metadata from kernel output planes. */
  output(info: Omit<TensorInfo, 'dataId'>, re: Plane, im: Plane | null): TensorInfo {
    let size = 1;
    for (const n of info.shape) size *= n;
    return { ...info, dataId: this.adopt(re, im, size) };
  }

  /**
   * A new tensor buffer whose planes `re()` and then `im()` make (kernel runs, shares). If `im()`
   * throws (a kernel that fails to compile or run), the plane `re()` made is released first, so
   * that a failed kernel leaves no texture behind.
   */
  outputOf(info: Omit<TensorInfo, 'dataId'>, re: () => Plane, im: (() => Plane) | null): TensorInfo {
    const r = re();
    let i: Plane | null = null;
    if (im !== null) {
      try {
        i = im();
      } catch (e) {
        if (isTexture(r)) r.delete();
        throw e;
      }
    }
    return this.output(info, r, i);
  }

  /** Plane `part` of a tensor, moved to the device first in GL modes (once; the handle keeps the texture). */
  plane(t: TensorInfo, part: 're' | 'im'): Plane {
    const data = t.dataId as GpuData;
    this.assertAlive(data, 'GpuJsBackend.plane');
    const p = data[part];
    if (p === null) throw new BackendError(invalid('GpuJsBackend.plane', 'part', 'the part of a complex tensor', part));
    if (!this.onGpu || isTexture(p) || p.length === 0) return p;
    const tex = this.run(`upload|${p.length}`, () => 'function (x) {\n  return x[this.thread.x];\n}', p.length, [p]);
    data[part] = tex;
    if (isTexture(tex)) this.textures++;
    this.counters.uploads++;
    return tex;
  }

  /** A plane as a host Float32Array (a texture is read back and counted; a host plane is returned as is). */
  hostPlane(p: Plane, size: number): Float32Array {
    if (!isTexture(p)) return p;
    this.counters.downloads++;
    const values = p.toArray();
    if (values instanceof Float32Array && values.length === size) return values;
    if (values instanceof Float32Array) return values.slice(0, size);
    return Float32Array.from(values as ArrayLike<number>).subarray(0, size);
  }

  /** Another owner of the same plane (textures are reference-counted by gpu.js; host planes are never written). */
  share(p: Plane): Plane {
    if (!isTexture(p)) return p;
    const c = p.clone();
    this.textureLengths.set(c, this.planeLength(p));
    return c;
  }

  /**
   * Runs the kernel cached under `key` (compiling `source()` on first use) with a 1-D output of
   * `size` elements. The argument lengths are part of the cache key: gpu.js compiles them in.
   * A size-0 output runs nothing.
   */
  run(key: string, source: () => string, size: number, args: readonly Plane[]): Plane {
    this.assertUsable('GpuJsBackend.run');
    if (size === 0) return new Float32Array(0);
    const lengths = args.map((a) => this.planeLength(a));
    if (this.onGpu) {
      const largest = Math.max(size, ...lengths);
      if (largest > MAX_GL_ELEMENTS) {
        throw new BackendError(invalid(`gpujs ${key.split('|')[0]}`, 'size', `at most 2^24 elements per tensor on a GL context (indices are float32 there)`, largest));
      }
    }
    const kernel = this.kernels.get(`${key}|in${lengths.join(',')}`, source, size);
    this.counters.kernelRuns++;
    let out = kernel(...args) as Plane;
    if (isTexture(out)) this.textureLengths.set(out, size);
    else if (out.length !== size) out = out.slice(0, size);
    return out;
  }

  /** Number of values in a plane. */
  private planeLength(p: Plane): number {
    if (!isTexture(p)) return p.length;
    const n = this.textureLengths.get(p);
    if (n === undefined) throw new BackendError(invalid('GpuJsBackend.run', 'args', 'textures made by this backend', 'foreign texture'));
    return n;
  }

  /** Counts one CPU fallback of `kernelName`. */
  countFallback(kernelName: string): void {
    this.counters.fallbacks++;
    this.fallbackCounts.set(kernelName, (this.fallbackCounts.get(kernelName) ?? 0) + 1);
  }

  read(dataId: DataId): PlanarData {
    const d = dataId as GpuData;
    this.assertAlive(d, 'GpuJsBackend.read');
    return {
      re: Float64Array.from(this.hostPlane(d.re, d.size)),
      im: d.im === null ? null : Float64Array.from(this.hostPlane(d.im, d.size)),
    };
  }

  disposeData(dataId: DataId): void {
    const d = dataId as GpuData;
    if (!this.live.delete(d)) return;
    this.release(d);
  }

  numDataIds(): number {
    return this.live.size;
  }

  firstNonFinite(dataId: DataId): number {
    const d = dataId as GpuData;
    this.assertAlive(d, 'GpuJsBackend.firstNonFinite');
    const re = this.hostPlane(d.re, d.size);
    for (let i = 0; i < re.length; i++) if (re[i] - re[i] !== 0) return i;
    if (d.im !== null) {
      const im = this.hostPlane(d.im, d.size);
      for (let i = 0; i < im.length; i++) if (im[i] - im[i] !== 0) return re.length + i;
    }
    return -1;
  }

  /** A snapshot of the counters. */
  stats(): GpuBackendStats {
    return Object.freeze({
      mode: this.mode,
      onGpu: this.onGpu,
      kernelsCompiled: this.kernels.compiled,
      ...this.counters,
      fallbackKernels: Object.freeze(Object.fromEntries(this.fallbackCounts)),
      liveBuffers: this.live.size,
      liveTextures: this.textures,
    });
  }

  /**
   * Deletes every texture still held, forgets the compiled kernels and starts destroying the
   * gpu.js instance (its context and kernels); {@link GpuJsBackend.whenDestroyed} resolves when
   * that is done. Idempotent. Tensors still on the backend become unusable.
   */
  dispose(): void {
    if (this.destroyed !== null) return;
    // Handles stay counted until the engine disposes their tensors (its accounting compares
    // numDataIds with the tensors it tracks); their textures go now.
    for (const d of this.live) this.release(d);
    this.kernels.clear();
    this.destroyed = Promise.resolve().then(() => this.gpu.destroy());
    // Awaited by disposeGpuBackend; a rejection nobody awaits must not crash the process.
    this.destroyed.catch(() => undefined);
  }

  /** Resolves when the gpu.js instance is destroyed (after {@link GpuJsBackend.dispose}). */
  whenDestroyed(): Promise<void> {
    return this.destroyed ?? Promise.resolve();
  }

  /** Whether {@link GpuJsBackend.dispose} has run. */
  get isDisposed(): boolean {
    return this.destroyed !== null;
  }

  /** Deletes a buffer's textures and drops its host planes (idempotent). */
  private release(d: GpuData): void {
    for (const p of [d.re, d.im]) {
      if (p !== null && isTexture(p)) {
        p.delete();
        this.textures--;
      }
    }
    d.re = RELEASED;
    if (d.im !== null) d.im = RELEASED;
  }

  private assertAlive(d: GpuData, fn: string): void {
    if (this.destroyed !== null || !this.live.has(d)) {
      throw new BackendError(invalid(fn, 'dataId', 'a live buffer of a running gpujs backend (it was disposed, or the backend was)', 'released buffer'));
    }
  }

  private assertUsable(fn: string): void {
    if (this.destroyed !== null) throw new BackendError(invalid(fn, 'this', 'a gpujs backend that has not been disposed (call initGpuBackend again)', 'disposed backend'));
  }
}

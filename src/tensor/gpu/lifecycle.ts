/**
 * Creating and destroying the gpu.js backend. The backend exists only between an awaited
 * {@link initGpuBackend} and {@link disposeGpuBackend}; the `'gpujs'` factory registered with
 * the engine hands out that instance and otherwise fails, so `setBackend('gpujs')` throws a
 * `BackendError` until the backend has been initialized (there is never a silent fallback).
 *
 * @packageDocumentation
 */
import { BackendError, ConfigError, invalid, registerBackend, removeBackend, type Backend } from 'lorentz-irreps';
import { GPU_BACKEND_NAME, GpuJsBackend, type GpuBackendStats } from './backend-gpu';
import type { GpuJsModule } from './gpujs-types';
import { cpuFallbackKernels, registerCpuFallbacks } from './kernels/fallback';
import { loadGpuJs } from './load';
import { MODE_REQUESTS, candidateModes, openRequest, type GpuJsMode, type GpuMode } from './modes';
import { smokeTest } from './smoke';

/** Options of {@link initGpuBackend}. */
export interface GpuBackendOptions {
  /** Which gpu.js mode to run (default `'gpu'`: a GL context or an error); see {@link GpuMode}. */
  readonly mode?: GpuMode;
  /**
   * The gpu.js module to use (default: `await import('gpu.js')`). Lets a page pass the browser
   * build's global (`{ GPU: window.GPU }`) or a test pass an instrumented copy.
   */
  readonly gpuJs?: GpuJsModule;
}

/** What {@link initGpuBackend} set up. */
export interface GpuBackendInfo {
  /** The backend's name, for `setBackend` and `toBackend`: `'gpujs'`. */
  readonly name: string;
  /** The gpu.js mode in use. */
  readonly mode: GpuJsMode;
  /** Whether that mode runs on a GPU (GL modes). */
  readonly onGpu: boolean;
  /** Kernels with no gpu.js implementation, which run on the CPU implementation (counted in stats). */
  readonly fallbackKernels: readonly string[];
}

let active: GpuJsBackend | null = null;
/** Serializes init and dispose, so that overlapping calls cannot make two instances. */
let queue: Promise<unknown> = Promise.resolve();

function serialized<T>(fn: () => Promise<T>): Promise<T> {
  const run = queue.then(fn, fn);
  queue = run.catch(() => undefined);
  return run;
}

/** The factory registered for `'gpujs'`: the initialized instance, or an error saying how to make one. */
export function gpuBackendFactory(): Backend {
  if (active === null || active.isDisposed) {
    throw new Error("the gpujs backend is created by `await initGpuBackend()` from 'lorentz-irreps/gpu'; call it first");
  }
  return active;
}

function infoOf(backend: GpuJsBackend): GpuBackendInfo {
  return Object.freeze({ name: GPU_BACKEND_NAME, mode: backend.mode, onGpu: backend.onGpu, fallbackKernels: Object.freeze(cpuFallbackKernels()) });
}

function checkOptions(options: unknown): GpuMode {
  if (options === null || typeof options !== 'object') throw new ConfigError(invalid('initGpuBackend', 'options', 'an object', options));
  const mode = (options as GpuBackendOptions).mode ?? 'gpu';
  if (!MODE_REQUESTS.includes(mode)) {
    throw new ConfigError(invalid('initGpuBackend', 'options.mode', `one of ${MODE_REQUESTS.map((m) => `'${m}'`).join(', ')}`, mode));
  }
  return mode;
}

/**
 * Creates the float32 `'gpujs'` backend on gpu.js (loaded lazily; an optional dependency) and
 * registers it; select it with `setBackend('gpujs')` or move tensors with `toBackend(t, 'gpujs')`.
 * Tensors on it are float32, real or planar complex. Add, Sub, Mul, Div (broadcasting), Neg, Exp,
 * Square, Abs, Relu, LeakyRelu, Sigmoid, Conj, Real, Imag, Complex, BatchMatMul (all flags), Sum,
 * Transpose, BroadcastTo, Slice and Reshape run as gpu.js kernels, compiled once per shape, with
 * results kept on the device between kernels; every other kernel runs the CPU implementation on
 * float32 host copies (listed in the result, counted by {@link gpuBackendStats}).
 *
 * Calling it again with a request the running backend satisfies returns the same backend.
 * @param options - `mode` (default `'gpu'`) and optionally the `gpuJs` module to use.
 * @returns the mode chosen and the kernels that fall back to the CPU.
 * @throws {@link index!BackendError} when gpu.js is not installed, no requested mode opens here (for
 *   `'gpu'`: no GL context with float32 textures) or its smoke kernel fails;
 *   {@link index!ConfigError} for an unknown mode, or a backend already running in another mode
 *   (call {@link disposeGpuBackend} first).
 *
 * @example
 * ```ts
 * import { initGpuBackend, disposeGpuBackend } from 'lorentz-irreps/gpu';
 * import { setBackend, getBackend, matmul, complexTensor, tidy } from 'lorentz-irreps';
 * // 'cpu' runs the gpu.js kernels in JavaScript, so this example runs anywhere gpu.js is installed;
 * // on a machine with a GPU, ask for { mode: 'gpu' }.
 * const info = await initGpuBackend({ mode: 'cpu' });
 * console.assert(info.name === 'gpujs' && info.onGpu === false);
 * setBackend('gpujs');
 * tidy(() => {
 *   const a = complexTensor([[1, 0], [0, 1]], [[0, 1], [1, 0]]); // float32 on this backend
 *   const { re, im } = matmul(a, a, { transposeB: true, conjB: true }).reImSync();
 *   console.assert(a.dtype === 'float32' && re[0] === 2 && im[0] === 0);
 * });
 * setBackend('cpu');
 * await disposeGpuBackend();
 * console.assert(getBackend() === 'cpu');
 * ```
 */
export function initGpuBackend(options: GpuBackendOptions = {}): Promise<GpuBackendInfo> {
  return serialized(async () => {
    const request = checkOptions(options);
    if (active !== null && !active.isDisposed) {
      if (candidateModes(request).includes(active.mode) && options.gpuJs === undefined) return infoOf(active);
      throw new ConfigError(
        invalid('initGpuBackend', 'options.mode', `compatible with the running gpujs backend (mode '${active.mode}'); await disposeGpuBackend() first`, request),
      );
    }
    const module = await loadGpuJs('initGpuBackend', request, options.gpuJs);
    const opened = await openRequest(module, request);
    if (opened.gpu === null) {
      const rule = request === 'gpu' ? 'a mode with a GL context here (headlessgl needs the optional `gl` package)' : 'a gpu.js mode that opens here';
      throw new BackendError(invalid('initGpuBackend', 'options.mode', `${rule}; ${opened.reason}`, request));
    }
    const backend = new GpuJsBackend(opened.gpu, opened.mode);
    const failure = smokeTest(backend);
    if (failure !== null) {
      backend.dispose();
      await backend.whenDestroyed().catch(() => undefined);
      throw new BackendError(invalid('initGpuBackend', 'options.mode', `a gpu.js mode whose kernels run here (${opened.mode}: ${failure})`, request));
    }
    registerCpuFallbacks();
    active = backend;
    registerBackend(GPU_BACKEND_NAME, gpuBackendFactory, 0);
    return infoOf(backend);
  });
}

/**
 * Destroys the `'gpujs'` backend: deletes every texture its tensors hold, unregisters it (the
 * active backend reverts to the default when it was `'gpujs'`) and awaits the destruction of the
 * gpu.js instance (kernels and context). Tensors still on it become unusable. Does nothing when
 * no backend is running.
 * @throws the error of gpu.js's own `destroy()`, if it fails.
 *
 * @example
 * ```ts
 * import { initGpuBackend, disposeGpuBackend, gpuBackendStats } from 'lorentz-irreps/gpu';
 * import { BackendError } from 'lorentz-irreps';
 * await initGpuBackend({ mode: 'cpu' });
 * await disposeGpuBackend();
 * try { gpuBackendStats(); console.assert(false); } catch (e) { console.assert(e instanceof BackendError); }
 * ```
 */
export function disposeGpuBackend(): Promise<void> {
  return serialized(async () => {
    const backend = active;
    if (backend === null) return;
    active = null;
    removeBackend(GPU_BACKEND_NAME);
    registerBackend(GPU_BACKEND_NAME, gpuBackendFactory, 0);
    backend.dispose();
    await backend.whenDestroyed();
  });
}

/**
 * Counters of the running `'gpujs'` backend: kernels compiled and run, uploads, downloads, CPU
 * fallbacks (per kernel), live buffers and live textures. A frozen snapshot.
 * @throws {@link index!BackendError} when no gpujs backend is running.
 *
 * @example
 * ```ts
 * import { initGpuBackend, disposeGpuBackend, gpuBackendStats } from 'lorentz-irreps/gpu';
 * import { setBackend, tensor, softmax, tidy } from 'lorentz-irreps';
 * await initGpuBackend({ mode: 'cpu' });
 * setBackend('gpujs');
 * const before = gpuBackendStats().fallbacks;
 * tidy(() => softmax(tensor([1, 2, 3]))); // no gpu.js kernel: runs the CPU implementation
 * console.assert(gpuBackendStats().fallbacks === before + 1);
 * console.assert(gpuBackendStats().fallbackKernels.Softmax >= 1);
 * setBackend('cpu');
 * await disposeGpuBackend();
 * ```
 */
export function gpuBackendStats(): GpuBackendStats {
  if (active === null || active.isDisposed) {
    throw new BackendError(invalid('gpuBackendStats', 'backend', "initialized (await initGpuBackend() from 'lorentz-irreps/gpu')", 'none running'));
  }
  return active.stats();
}

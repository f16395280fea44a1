/**
 * Compiled gpu.js kernels keyed by kernel and shape signature: each is compiled once and reused
 * for every call with the same signature.
 *
 * Kernels are never evicted while the backend lives: a gpu.js GL kernel deletes, when destroyed,
 * the first texture it rendered, which a live tensor may still own. They are released together
 * with the gpu.js instance by `disposeGpuBackend`.
 *
 * @packageDocumentation
 */
import type { GpuJsInstance, GpuJsKernel } from './gpujs-types';

/** Settings shared by every kernel: float32 textures, outputs kept on the device, a fresh texture per call. */
const KERNEL_SETTINGS = Object.freeze({
  precision: 'single',
  pipeline: true,
  immutable: true,
  tactic: 'precision',
});

/** A private cache of compiled kernels owned by one backend. */
export class KernelCache {
  private readonly kernels = new Map<string, GpuJsKernel>();
  private count = 0;

  constructor(private readonly gpu: GpuJsInstance) {}

  /** Kernels compiled so far. */
  get compiled(): number {
    return this.count;
  }

  /** The kernel for `key` with a 1-D output of `size`, compiling `source()` on first use. */
  get(key: string, source: () => string, size: number): GpuJsKernel {
    const full = `${key}|out${size}`;
    let kernel = this.kernels.get(full);
    if (kernel === undefined) {
      kernel = this.gpu.createKernel(source(), { ...KERNEL_SETTINGS, output: [size] });
      this.kernels.set(full, kernel);
      this.count++;
    }
    return kernel;
  }

  /** Forgets every kernel (the gpu.js instance destroys them). */
  clear(): void {
    this.kernels.clear();
  }
}

/**
 * The capability probe: whether gpu.js is installed, whether a headless GL context exists, and
 * which gpu.js modes open and run a kernel here.
 *
 * @packageDocumentation
 */
import { GpuJsBackend } from './backend-gpu';
import type { GpuJsModule } from './gpujs-types';
import { tryLoadGpuJs } from './load';
import { ALL_MODES, isGlMode, openMode, type GpuJsMode } from './modes';
import { smokeTest } from './smoke';

/** What {@link gpuCapabilities} found. */
export interface GpuCapabilities {
  /** Whether the gpu.js module could be loaded. */
  readonly gpuJsInstalled: boolean;
  /** Whether mode `'headlessgl'` (Node, optional `gl` package) opens a float32 GL context and runs a kernel. */
  readonly headlessGL: boolean;
  /** Whether any GL mode works, i.e. `initGpuBackend({ mode: 'gpu' })` would succeed. */
  readonly gpu: boolean;
  /** The concrete modes that open and run a kernel here, best first. */
  readonly modes: readonly GpuJsMode[];
  /** Why each other mode is unavailable (or why gpu.js is). */
  readonly reasons: readonly string[];
}

/**
 * Probes every gpu.js mode: opens it, runs the smoke kernel, and closes it again. Never throws
 * and leaves nothing behind; use it to decide whether to call `initGpuBackend` and in which mode,
 * or to skip GPU tests.
 * @param options - optionally the `gpuJs` module to probe (default: `await import('gpu.js')`).
 *
 * @example
 * ```ts
 * import { gpuCapabilities } from 'lorentz-irreps/gpu';
 * const caps = await gpuCapabilities();
 * // gpu.js's own CPU mode works wherever gpu.js is installed; 'gpu' needs a GL context.
 * console.assert(!caps.gpuJsInstalled || caps.modes.includes('cpu'));
 * console.assert(caps.gpu === caps.modes.some((m) => m === 'headlessgl' || m === 'webgl2' || m === 'webgl'));
 * ```
 */
export async function gpuCapabilities(options: { readonly gpuJs?: GpuJsModule } = {}): Promise<GpuCapabilities> {
  const loaded = await tryLoadGpuJs(options.gpuJs);
  if (loaded.module === null) {
    return Object.freeze({ gpuJsInstalled: false, headlessGL: false, gpu: false, modes: Object.freeze([]), reasons: Object.freeze([loaded.reason]) });
  }
  const modes: GpuJsMode[] = [];
  const reasons: string[] = [];
  for (const mode of ALL_MODES) {
    const opened = await openMode(loaded.module, mode);
    if (opened.gpu === null) {
      reasons.push(opened.reason);
      continue;
    }
    const backend = new GpuJsBackend(opened.gpu, mode);
    const failure = smokeTest(backend);
    backend.dispose();
    await backend.whenDestroyed().catch(() => undefined);
    if (failure === null) modes.push(mode);
    else reasons.push(`${mode}: ${failure}`);
  }
  return Object.freeze({
    gpuJsInstalled: true,
    headlessGL: modes.includes('headlessgl'),
    gpu: modes.some(isGlMode),
    modes: Object.freeze(modes),
    reasons: Object.freeze(reasons),
  });
}

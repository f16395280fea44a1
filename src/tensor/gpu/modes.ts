/**
 * gpu.js modes: which ones the backend accepts, which of them run on a GPU, and how a request
 * (`'gpu'`, `'auto'` or a concrete mode) is turned into an open gpu.js instance. A request is
 * never downgraded silently: `'gpu'` opens a GL context or fails.
 *
 * @packageDocumentation
 */
import type { GpuJsInstance, GpuJsModule } from './gpujs-types';

/**
 * A concrete gpu.js mode. `'headlessgl'` (Node, through the optional `gl` package), `'webgl2'`
 * and `'webgl'` (browsers) run on a GPU; `'webasm'` (gpu.js compiles kernels to WebAssembly) and
 * `'cpu'` (plain JavaScript inside gpu.js) run on the CPU and exist for testing and comparison.
 */
export type GpuJsMode = 'headlessgl' | 'webgl2' | 'webgl' | 'webasm' | 'cpu';

/**
 * What `initGpuBackend` may be asked for: a concrete {@link GpuJsMode}; `'gpu'`, the first GL
 * mode that works here (headlessgl, webgl2, webgl) or an error; or `'auto'`, the first mode that
 * works here in the order headlessgl, webgl2, webgl, webasm, cpu.
 */
export type GpuMode = GpuJsMode | 'gpu' | 'auto';

/** The GL modes, best first. */
export const GL_MODES: readonly GpuJsMode[] = Object.freeze(['headlessgl', 'webgl2', 'webgl']);
/** Every concrete mode, in the order `'auto'` tries them. */
export const ALL_MODES: readonly GpuJsMode[] = Object.freeze([...GL_MODES, 'webasm', 'cpu']);
/** Every accepted request. */
export const MODE_REQUESTS: readonly GpuMode[] = Object.freeze(['gpu', 'auto', ...ALL_MODES]);

/** Whether a concrete mode runs its kernels on a GPU (and keeps data in textures). */
export function isGlMode(mode: GpuJsMode): boolean {
  return GL_MODES.includes(mode);
}

/** Concrete modes tried, in order, for a request. */
export function candidateModes(request: GpuMode): readonly GpuJsMode[] {
  if (request === 'gpu') return GL_MODES;
  if (request === 'auto') return ALL_MODES;
  return [request];
}

/** An opened mode, or why it could not be opened. */
export type OpenedMode = { readonly gpu: GpuJsInstance; readonly mode: GpuJsMode } | { readonly gpu: null; readonly reason: string };

async function destroyQuietly(gpu: GpuJsInstance): Promise<void> {
  try {
    await gpu.destroy();
  } catch {
    // A probe instance that fails to tear down holds nothing the caller can release.
  }
}

/**
 * Opens gpu.js in a concrete mode and checks that it really is that mode (gpu.js's own `'gpu'`
 * request may land on WebAssembly, which is why only concrete modes are asked of it) and, for
 * GL modes, that the context reads and writes float32 textures. The caller still runs a smoke
 * kernel: a context can pass these checks and fail to compile (validation turned off, say).
 */
export async function openMode(module: GpuJsModule, mode: GpuJsMode): Promise<OpenedMode> {
  let gpu: GpuJsInstance;
  try {
    gpu = new module.GPU({ mode });
  } catch (e) {
    return { gpu: null, reason: `${mode}: ${e instanceof Error ? e.message : String(e)}` };
  }
  // gpu.js names every GL kernel class 'gpu'; the other classes carry their mode's name.
  const kernelMode = gpu.Kernel?.mode;
  if (kernelMode !== (isGlMode(mode) ? 'gpu' : mode)) {
    await destroyQuietly(gpu);
    return { gpu: null, reason: `${mode}: gpu.js chose '${String(kernelMode)}' instead` };
  }
  if (isGlMode(mode)) {
    const f = gpu.Kernel?.features;
    if (f == null || f.isFloatRead !== true || f.isTextureFloat !== true) {
      await destroyQuietly(gpu);
      return { gpu: null, reason: `${mode}: the GL context has no float32 textures (OES_texture_float)` };
    }
  }
  return { gpu, mode };
}

/** Opens the first mode of a request that works here; the reasons of every failure otherwise. */
export async function openRequest(module: GpuJsModule, request: GpuMode): Promise<OpenedMode> {
  const reasons: string[] = [];
  for (const mode of candidateModes(request)) {
    const opened = await openMode(module, mode);
    if (opened.gpu !== null) return opened;
    reasons.push(opened.reason);
  }
  return { gpu: null, reason: reasons.join('; ') };
}

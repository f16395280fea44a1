/**
 * Lazy loading of the optional `gpu.js` package. Nothing is imported until a GPU function is
 * awaited, so `lorentz-irreps` runs where gpu.js is not installed.
 *
 * @packageDocumentation
 */
import { BackendError, invalid } from 'lorentz-irreps';
import type { GpuJsModule } from './gpujs-types';

/** The outcome of trying to load gpu.js: the module, or why it could not be loaded. */
export type GpuJsLoad = { readonly module: GpuJsModule } | { readonly module: null; readonly reason: string };

function asModule(value: unknown): GpuJsModule | null {
  const candidates = [value, (value as { default?: unknown } | null)?.default];
  for (const c of candidates) {
    if (c !== null && typeof c === 'object' && typeof (c as { GPU?: unknown }).GPU === 'function') return c as GpuJsModule;
  }
  return null;
}

/**
 * Imports gpu.js (once per call; the module loader caches it), or checks a module given by the
 * caller. Never throws: an absent or unusable module is reported as a reason.
 */
export async function tryLoadGpuJs(given?: GpuJsModule): Promise<GpuJsLoad> {
  if (given !== undefined) {
    const module = asModule(given);
    return module !== null ? { module } : { module: null, reason: 'the given module has no GPU class' };
  }
  // A computed specifier keeps type checkers and bundlers from requiring the optional package.
  const specifier = 'gpu.js';
  try {
    const module = asModule(await import(/* @vite-ignore */ specifier));
    return module !== null ? { module } : { module: null, reason: "the installed 'gpu.js' exports no GPU class" };
  } catch (e) {
    return { module: null, reason: `'gpu.js' could not be imported (${e instanceof Error ? e.message.split('\n')[0] : String(e)})` };
  }
}

/**
 * The gpu.js module for a request of `mode` made through `fn`.
 * @throws {@link index!BackendError} naming `fn` when gpu.js is not installed (argument `options.mode`)
 *   or `given` has no `GPU` class (argument `options.gpuJs`).
 */
export async function loadGpuJs(fn: string, mode: string, given?: GpuJsModule): Promise<GpuJsModule> {
  const loaded = await tryLoadGpuJs(given);
  if (loaded.module !== null) return loaded.module;
  if (given !== undefined) throw new BackendError(invalid(fn, 'options.gpuJs', `a gpu.js module with a GPU class (${loaded.reason})`, given));
  throw new BackendError(invalid(fn, 'options.mode', `a mode of an installed gpu.js (npm install gpu.js; ${loaded.reason})`, mode));
}

/**
 * The gpu.js module the backend loads (imported lazily, cached by the module loader). Useful to
 * wrap or inspect gpu.js and hand the result to `initGpuBackend({ gpuJs })`.
 * @throws {@link index!BackendError} when gpu.js is not installed.
 *
 * @example
 * ```ts
 * import { importGpuJs } from 'lorentz-irreps/gpu';
 * const gpujs = await importGpuJs();
 * console.assert(typeof gpujs.GPU === 'function');
 * ```
 */
export async function importGpuJs(): Promise<GpuJsModule> {
  const loaded = await tryLoadGpuJs();
  if (loaded.module === null) throw new BackendError(invalid('importGpuJs', 'gpu.js', `installed (npm install gpu.js; ${loaded.reason})`, 'gpu.js'));
  return loaded.module;
}

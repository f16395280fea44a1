/**
 * The part of the gpu.js API the GPU backend uses, written as structural types so that the
 * library type-checks and builds whether or not the optional `gpu.js` package is installed.
 * (gpu.js ships its own typings; these name only what this folder relies on.)
 *
 * @packageDocumentation
 */

/**
 * A gpu.js texture: a kernel output kept in GPU memory (pipeline mode). Textures are
 * reference-counted inside gpu.js: `clone()` adds a reference to the same GL texture and
 * `delete()` drops one; the GL texture is freed with its last reference.
 */
export interface GpuJsTexture {
  /** Reads the texture back to the host (for a 1-D output, a Float32Array of its length). */
  toArray(): unknown;
  /** A new reference to the same GL texture. */
  clone(): GpuJsTexture;
  /** Drops this reference. */
  delete(): void;
}

/** A compiled gpu.js kernel: called with its arguments, it returns its output. */
export type GpuJsKernel = (...args: unknown[]) => unknown;

/** What the chosen gpu.js kernel class reports about the device. */
export interface GpuJsKernelClass {
  /** The gpu.js mode this kernel class implements ('headlessgl', 'webgl2', 'webgl', 'webasm', 'cpu', ...). */
  readonly mode?: string;
  readonly features?: {
    readonly isFloatRead?: boolean;
    readonly isTextureFloat?: boolean;
    readonly maxTextureSize?: number;
  } | null;
}

/** A gpu.js `GPU` instance: the owner of a context and of the kernels made from it. */
export interface GpuJsInstance {
  /** The kernel class gpu.js chose for the requested mode. */
  readonly Kernel: GpuJsKernelClass | null;
  /** Compiles a kernel from JavaScript source text. */
  createKernel(source: string, settings: Readonly<Record<string, unknown>>): GpuJsKernel;
  /** Destroys every kernel and the context; gpu.js 2.24 returns a Promise. */
  destroy(): Promise<void> | void;
}

/** The gpu.js `GPU` class. */
export interface GpuJsConstructor {
  new (settings: { readonly mode: string }): GpuJsInstance;
}

/** The gpu.js module (or any object with a compatible `GPU` class, e.g. the browser global). */
export interface GpuJsModule {
  readonly GPU: GpuJsConstructor;
}

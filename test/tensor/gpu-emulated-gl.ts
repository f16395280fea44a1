/**
 * An instrumented gpu.js for tests on machines without a GPU: kernels are compiled and run by
 * gpu.js's own 'cpu' mode, but the `GPU` class presents itself as a GL mode with float32 textures,
 * and every kernel output is wrapped in a texture object with gpu.js's GL semantics (a shared GL
 * texture with a reference count: `clone()` adds a reference, `delete()` drops one, the texture is
 * freed with its last reference). Texture arguments are unwrapped before the real kernel runs.
 *
 * This exercises everything the backend does differently in GL modes (uploads, textures kept
 * between kernels, shared planes, downloads, deletion on dispose) and counts live textures, so a
 * leak or a double free is seen; the arithmetic itself is gpu.js's, as in 'cpu' mode.
 */
import type { GpuJsInstance, GpuJsKernel, GpuJsModule, GpuJsTexture } from 'lorentz-irreps/gpu';

/** One GL texture: its values and how many texture objects still reference it. */
interface GlTexture {
  readonly values: Float32Array;
  refs: number;
}

/** What the emulation saw: live GL textures, textures freed, and whether destroy() finished. */
export interface EmulationLog {
  liveTextures: number;
  freed: number;
  doubleDeletes: number;
  destroyed: boolean;
  instances: number;
}

class EmulatedTexture implements GpuJsTexture {
  private deleted = false;

  constructor(
    readonly gl: GlTexture,
    private readonly log: EmulationLog,
  ) {
    gl.refs++;
  }

  toArray(): Float32Array {
    if (this.gl.refs === 0) throw new Error('emulated GL: reading a freed texture');
    return this.gl.values.slice();
  }

  clone(): GpuJsTexture {
    if (this.deleted) throw new Error('emulated GL: cloning a deleted texture');
    return new EmulatedTexture(this.gl, this.log);
  }

  delete(): void {
    if (this.deleted) {
      this.log.doubleDeletes++;
      return;
    }
    this.deleted = true;
    this.gl.refs--;
    if (this.gl.refs === 0) {
      this.log.liveTextures--;
      this.log.freed++;
    }
  }
}

/** Wraps gpu.js (`real`) so that mode 'headlessgl' opens an emulated GL context. */
export function emulatedGl(real: GpuJsModule): { module: GpuJsModule; log: EmulationLog } {
  const log: EmulationLog = { liveTextures: 0, freed: 0, doubleDeletes: 0, destroyed: false, instances: 0 };
  const unwrap = (a: unknown): unknown => {
    if (!(a instanceof EmulatedTexture)) return a;
    if (a.gl.refs === 0) throw new Error('emulated GL: a kernel read a freed texture');
    return a.gl.values;
  };
  class GPU implements GpuJsInstance {
    readonly Kernel = { mode: 'gpu', features: { isFloatRead: true, isTextureFloat: true } };
    private readonly inner: GpuJsInstance;

    constructor(settings: { readonly mode: string }) {
      if (settings.mode !== 'headlessgl') throw new Error(`emulated GL: only 'headlessgl' opens, not '${settings.mode}'`);
      this.inner = new real.GPU({ mode: 'cpu' });
      log.instances++;
    }

    createKernel(source: string, settings: Readonly<Record<string, unknown>>): GpuJsKernel {
      const kernel = this.inner.createKernel(source, settings);
      return (...args: unknown[]) => {
        const out = kernel(...args.map(unwrap)) as Float32Array;
        log.liveTextures++;
        const gl: GlTexture = { values: out, refs: 0 };
        return new EmulatedTexture(gl, log);
      };
    }

    async destroy(): Promise<void> {
      // Finishes on a later turn, like gpu.js, so that only an awaited destroy is seen as done.
      await new Promise((resolve) => setTimeout(resolve, 5));
      await this.inner.destroy();
      log.destroyed = true;
    }
  }
  return { module: { GPU }, log };
}

/**
 * Instantiation of the embedded WebAssembly kernels and the working memory they use.
 *
 * The module (compiled from asm/ by scripts/build-wasm.mjs) allocates nothing itself: this file
 * owns its linear memory from `heapBase()` on as a bump arena that is laid out afresh for every
 * call, grows with `memory.grow` when a call needs more (views are re-created after growth) and
 * never shrinks, so steady-state calls allocate nothing.
 *
 * Internal to the CPU backend: not exported from the package entry point.
 *
 * @packageDocumentation
 * @internal
 */
import { BackendError, MemoryError, invalid } from '../../../errors';
import { KERNELS_RELAXED_WASM_BASE64, KERNELS_WASM_BASE64 } from './kernels.generated';

/** The subset of the WebAssembly JavaScript API used here (the DOM typings are not loaded). */
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { readonly exports: Record<string, unknown> };
}

/** Exports of the kernels module; pointers are byte offsets, sizes are element counts. */
export interface KernelExports {
  readonly memory: WasmMemory;
  heapBase(): number;
  dgemm(a: number, b: number, c: number, batch: number, m: number, k: number, n: number, flags: number, aStride: number, bStride: number, ws: number): void;
  dgemmWorkspaceBytes(m: number, k: number, n: number): number;
  zgemm(ar: number, ai: number, br: number, bi: number, cr: number, ci: number, batch: number, m: number, k: number, n: number, flags: number, aStride: number, bStride: number, ws: number): void;
  zgemmWorkspaceBytes(m: number, k: number, n: number): number;
  cgContract(nnz: number, i1: number, i2: number, io: number, v: number, x1r: number, x1i: number, x2r: number, x2i: number, outr: number, outi: number, batch: number, d1: number, d2: number, d: number, accumulate: number, ws: number): void;
  cgWorkspaceBytes(batch: number, d1: number, d2: number, d: number): number;
  cgContractVjp(nnz: number, i1: number, i2: number, io: number, v: number, x1r: number, x1i: number, x2r: number, x2i: number, gr: number, gi: number, g1r: number, g1i: number, g2r: number, g2i: number, batch: number, d1: number, d2: number, d: number, ws: number): void;
  cgVjpWorkspaceBytes(batch: number, d1: number, d2: number, d: number): number;
  pairwiseMinkowskiSq(p: number, out: number, batch: number, n: number, ws: number): void;
  minkowskiWorkspaceBytes(n: number): number;
  lmpForward(p: number, m: number, js: number, bells: number, x: number, y: number, nb: number, n: number, c: number, k: number, ws: number): void;
  lmpBackward(p: number, m: number, js: number, bells: number, x: number, gy: number, gx: number, gp: number, out: number, nb: number, n: number, c: number, k: number, ws: number): void;
  lmpWorkspaceBytes(n: number, c: number, k: number): number;
  lmpFillRows(p: number, sRe: number, sIm: number, vRe: number, vIm: number, x: number, np: number, c: number): void;
  lmpAssemble(p: number, m: number, sRe: number, sIm: number, vRe: number, vIm: number, y: number, sR: number, sI: number, vR: number, vI: number, yKeep: number, np: number, c: number): void;
  lmpDirect(
    p: number, m: number, sRe: number, sIm: number, vRe: number, vIm: number, gSre: number, gSim: number, gVre: number, gVim: number,
    y: number, gy: number, gp: number, gsR: number, gsI: number, gvR: number, gvI: number, gtR: number, gtI: number, np: number, c: number,
  ): void;
  lmpScatter(p: number, sRe: number, sIm: number, vRe: number, vIm: number, gx: number, gp: number, gsR: number, gsI: number, gvR: number, gvI: number, gtR: number, gtI: number, np: number, c: number): void;
  mixChannelsBackward(wr: number, wi: number, xr: number, xi: number, gr: number, gi: number, gwr: number, gwi: number, gxr: number, gxi: number, rows: number, cout: number, cin: number, d: number, ws: number): void;
  mixWorkspaceBytes(cout: number, cin: number): number;
  mixChannelsForward(wr: number, wi: number, xr: number, xi: number, outr: number, outi: number, rows: number, cout: number, cin: number, d: number): void;
  gnnEdgeForward(
    h: number, p: number, q: number, wd: number, w1: number, b1: number, mask: number, out: number,
    B: number, N: number, F: number, H: number, M: number, slope: number, softening: number, cap: number, ws: number,
  ): void;
  gnnEdgeBackward(
    h: number, p: number, q: number, wd: number, w1: number, b1: number, mask: number, dy: number,
    gh: number, gp: number, gq: number, gwd: number, gw1: number, gb1: number,
    B: number, N: number, F: number, H: number, M: number, slope: number, softening: number, cap: number, ws: number,
  ): void;
  gnnEdgeWorkspaceBytes(cap: number, H: number, M: number): number;
  mlpForward(sRe: number, sIm: number, m: number, params: number, widths: number, L: number, act: number, alpha: number, rows: number, c: number, outRe: number, outIm: number, ws: number): void;
  mlpBackward(
    sRe: number, sIm: number, m: number, params: number, widths: number, L: number, act: number, alpha: number, rows: number, c: number,
    dyRe: number, dyIm: number, gsRe: number, gsIm: number, gparams: number, ws: number,
  ): void;
  mlpWorkspaceBytes(widths: number, L: number): number;
}

/** Flag bits of dgemm / zgemm (asm/flags.ts). */
export const TRANS_A = 1;
export const TRANS_B = 2;
export const CONJ_A = 4;
export const CONJ_B = 8;

const PAGE = 65536;
/** wasm32 addresses at most 4 GiB. */
const MAX_BYTES = 2 ** 32;
const ALIGN = 64;

function wasmApi(): WasmApi | undefined {
  const api = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
  return typeof api === 'object' && api !== null ? api : undefined;
}

function decodeBase64(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/**
 * The two builds of the kernels (scripts/build-wasm.mjs): `'simd'`, plain 128-bit SIMD, which
 * every engine with WebAssembly SIMD runs; `'relaxed-simd'`, the same sources with relaxed SIMD,
 * whose multiply-adds are fused (one rounding instead of two) on processors with FMA.
 */
export type WasmKernelVariant = 'simd' | 'relaxed-simd';

const bytesCache: Partial<Record<WasmKernelVariant, Uint8Array>> = {};
function moduleBytes(variant: WasmKernelVariant): Uint8Array {
  bytesCache[variant] ??= decodeBase64(variant === 'simd' ? KERNELS_WASM_BASE64 : KERNELS_RELAXED_WASM_BASE64);
  return bytesCache[variant];
}

const validCache: Partial<Record<WasmKernelVariant, boolean>> = {};
/** Whether this engine compiles `variant`. Memoized; never throws. */
function validates(variant: WasmKernelVariant): boolean {
  if (validCache[variant] === undefined) {
    try {
      const api = wasmApi();
      validCache[variant] = api !== undefined && api.validate(moduleBytes(variant));
    } catch {
      validCache[variant] = false;
    }
  }
  return validCache[variant];
}

/** The value of LORENTZ_IRREPS_KERNELS where there is a process environment. */
function environmentChoice(): string | undefined {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
  return env?.LORENTZ_IRREPS_KERNELS;
}

let requested: WasmKernelVariant | 'auto' = 'auto';
let variantCache: WasmKernelVariant | null | undefined;

/**
 * Whether the relaxed build is wanted where the engine takes it: not when `setWasmKernelVariant`
 * asked for the plain build, nor, in the automatic choice, when LORENTZ_IRREPS_KERNELS=simd.
 * @internal
 */
export function relaxedSimdWanted(): boolean {
  return requested === 'relaxed-simd' || (requested === 'auto' && environmentChoice() !== 'simd');
}

/**
 * The build of the WebAssembly kernels the CPU backend runs: `'relaxed-simd'` where the engine
 * accepts relaxed SIMD (Node >= 22; Node 20 when started with `--experimental-wasm-relaxed-simd`),
 * unless the environment variable `LORENTZ_IRREPS_KERNELS=simd` asks for the plain build;
 * `'simd'` otherwise; `null` on an engine without WebAssembly SIMD (the TypeScript kernels run).
 * The two builds agree to rounding: a fused multiply-add rounds once where the plain build
 * rounds twice.
 *
 * @example
 * ```ts
 * import { wasmKernelVariant } from 'lorentz-irreps';
 * console.assert(['simd', 'relaxed-simd', null].includes(wasmKernelVariant()));
 * ```
 */
export function wasmKernelVariant(): WasmKernelVariant | null {
  if (variantCache === undefined) {
    if (relaxedSimdWanted() && validates('relaxed-simd')) variantCache = 'relaxed-simd';
    else variantCache = validates('simd') ? 'simd' : null;
  }
  return variantCache;
}

/**
 * Whether this JavaScript engine can compile the SIMD kernels (WebAssembly with 128-bit SIMD,
 * which Node >= 16.4 and current browsers have). Memoized; never throws.
 */
export function wasmSimdAvailable(): boolean {
  return wasmKernelVariant() !== null;
}

/**
 * Chooses the build of the kernels for the calls that follow (`'auto'`: as
 * {@link wasmKernelVariant} describes, checking the engine again). Tests and benchmarks use it to
 * run both builds in one process; each build keeps its own instance and memory.
 * @throws {@link BackendError} if this engine cannot compile the requested build.
 * @internal
 */
export function setWasmKernelVariant(variant: WasmKernelVariant | 'auto'): void {
  if (variant !== 'auto' && variant !== 'simd' && variant !== 'relaxed-simd') {
    throw new BackendError(invalid('setWasmKernelVariant', 'variant', "'simd', 'relaxed-simd' or 'auto'", variant));
  }
  if (variant !== 'auto' && !validates(variant)) {
    throw new BackendError(invalid('setWasmKernelVariant', 'variant', 'a build this engine compiles', variant));
  }
  requested = variant;
  variantCache = undefined;
  if (variant === 'auto') delete validCache['relaxed-simd'];
}

/** A bump arena over the module's linear memory, with typed views kept current. */
export class Arena {
  readonly exports: KernelExports;
  private readonly base: number;
  private top: number;
  private buffer: ArrayBuffer;
  /** View of the whole linear memory as float64; re-created after growth. */
  f64: Float64Array;
  /** View of the whole linear memory as int32; re-created after growth. */
  i32: Int32Array;

  constructor(exports: KernelExports) {
    this.exports = exports;
    this.base = Math.ceil(exports.heapBase() / ALIGN) * ALIGN;
    this.top = this.base;
    this.buffer = exports.memory.buffer;
    this.f64 = new Float64Array(this.buffer);
    this.i32 = new Int32Array(this.buffer);
  }

  /** Starts the layout of a new call: every earlier region becomes free. */
  reset(): void {
    this.top = this.base;
  }

  /** Reserves `bytes` (rounded up to 64) and returns the region's byte offset. */
  take(bytes: number): number {
    const at = this.top;
    this.top += Math.ceil(bytes / ALIGN) * ALIGN;
    return at;
  }

  /**
   * Makes the memory large enough for every region taken since {@link Arena.reset}.
   * @throws {@link MemoryError} if that exceeds 4 GiB or the engine refuses to grow the memory.
   */
  commit(fn: string): void {
    const needed = this.top;
    if (needed > MAX_BYTES) {
      throw new MemoryError(invalid(`CpuKernels.${fn}`, 'shape', 'small enough for the 4 GiB WebAssembly memory', `${needed} bytes`));
    }
    const memory = this.exports.memory;
    const have = memory.buffer.byteLength;
    if (needed > have) {
      try {
        memory.grow(Math.ceil((needed - have) / PAGE));
      } catch (cause) {
        const error = new MemoryError(invalid(`CpuKernels.${fn}`, 'shape', 'small enough for the WebAssembly memory the engine grants', `${needed} bytes`));
        (error as { cause?: unknown }).cause = cause;
        throw error;
      }
    }
    if (memory.buffer !== this.buffer) {
      this.buffer = memory.buffer;
      this.f64 = new Float64Array(this.buffer);
      this.i32 = new Int32Array(this.buffer);
    }
  }

  /** Copies the first `length` elements of `src` to the region at byte offset `at`. */
  putF64(src: Float64Array, length: number, at: number): void {
    if (length === 0) return;
    this.f64.set(src.length === length ? src : src.subarray(0, length), at / 8);
  }

  /** Copies an Int32Array to the region at byte offset `at`. */
  putI32(src: Int32Array, at: number): void {
    if (src.length > 0) this.i32.set(src, at / 4);
  }

  /** Copies `length` elements from byte offset `at` into the start of `dst`. */
  getF64(dst: Float64Array, length: number, at: number): void {
    if (length === 0) return;
    const from = at / 8;
    dst.set(this.f64.subarray(from, from + length));
  }
}

const arenas: Partial<Record<WasmKernelVariant, Arena>> = {};

/**
 * The memoized arena over the instance of the kernels module of the current build
 * ({@link wasmKernelVariant}), created synchronously on first use. Callers check
 * {@link wasmSimdAvailable} first.
 */
export function kernelArena(): Arena {
  const variant = wasmKernelVariant() as WasmKernelVariant;
  let arena = arenas[variant];
  if (arena === undefined) {
    const api = wasmApi() as WasmApi;
    const instance = new api.Instance(new api.Module(moduleBytes(variant)), {});
    arena = new Arena(instance.exports as unknown as KernelExports);
    arenas[variant] = arena;
  }
  return arena;
}

/**
 * Explicit memory ownership: `tidy` scopes, `keep`, `dispose` of tensor containers, `memory()`
 * counters, and test mode (leaked buffers throw).
 *
 * @packageDocumentation
 */
import { ConfigError, invalid } from '../errors';
import { ENGINE } from './engine';
import { Tensor } from './tensor';

/** A value that may hold tensors: a tensor, arrays and plain objects of them, or anything else. */
export type TensorContainer = Tensor | readonly TensorContainer[] | { readonly [key: string]: TensorContainer } | number | string | boolean | null | undefined | void;

/** Adds every tensor reachable through arrays and plain objects of `value` to `into`. */
export function collectTensors(value: unknown, into: Set<Tensor>): Set<Tensor> {
  if (value instanceof Tensor) into.add(value);
  else if (Array.isArray(value)) for (const v of value) collectTensors(v, into);
  else if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    for (const v of Object.values(value)) collectTensors(v, into);
  }
  return into;
}

/**
 * Runs `fn` and disposes every tensor created during the call except those it returns (found in
 * arrays and plain objects of the result) and those marked with {@link keep}. Returned tensors
 * belong to the enclosing scope. If `fn` throws, everything it created is disposed.
 * @throws {@link ConfigError} if `fn` is not a function or returns a Promise (scopes are
 *   synchronous); {@link MemoryError} in test mode when buffers leaked.
 *
 * @example
 * ```ts
 * import { tidy, tensor, add, mul, memory } from 'lorentz-irreps';
 * const x = tensor([1, 2]);
 * const before = memory().numTensors;
 * const y = tidy(() => add(mul(x, 2), 1)); // the intermediate mul(x, 2) is disposed
 * console.assert(memory().numTensors === before + 1);
 * console.assert(y.dataSync()[1] === 5);
 * ```
 */
export function tidy<T>(fn: () => T): T {
  if (typeof fn !== 'function') throw new ConfigError(invalid('tidy', 'fn', 'a function', fn));
  ENGINE.startScope();
  let result: T;
  try {
    result = fn();
  } catch (e) {
    ENGINE.endScope(new Set());
    throw e;
  }
  if (result instanceof Promise) {
    ENGINE.endScope(new Set());
    throw new ConfigError(invalid('tidy', 'fn', 'a synchronous function (it returned a Promise)', fn));
  }
  ENGINE.endScope(collectTensors(result, new Set()));
  return result;
}

/**
 * Marks a tensor so that no enclosing {@link tidy} disposes it; returns it. The caller then owns it.
 * @throws {@link ConfigError} if `t` is not a tensor.
 *
 * @example
 * ```ts
 * import { tidy, keep, tensor, type Tensor } from 'lorentz-irreps';
 * const saved: Tensor[] = [];
 * tidy(() => {
 *   saved.push(keep(tensor([1])));
 *   tensor([2]); // disposed when tidy ends
 * });
 * console.assert(!saved[0].isDisposed);
 * ```
 */
export function keep<T extends Tensor>(t: T): T {
  if (!(t instanceof Tensor)) throw new ConfigError(invalid('keep', 't', 'a Tensor', t));
  t.kept = true;
  return t;
}

/**
 * Disposes every tensor in a container (arrays and plain objects of tensors; other values are
 * ignored). Never throws; disposing a tensor twice is a no-op.
 *
 * @example
 * ```ts
 * import { dispose, tensor } from 'lorentz-irreps';
 * const a = tensor([1]);
 * const b = tensor([2]);
 * dispose({ a, list: [b] });
 * console.assert(a.isDisposed && b.isDisposed);
 * ```
 */
export function dispose(container: TensorContainer): void {
  for (const t of collectTensors(container, new Set())) t.dispose();
}

/** Live-memory counters of the engine. */
export interface MemoryInfo {
  /** Live tensor objects (variables and tensors sharing data count separately). */
  readonly numTensors: number;
  /** Bytes held by live buffers (shared data counted once). */
  readonly numBytes: number;
  /** Live buffers. */
  readonly numDataBuffers: number;
}

/**
 * Current memory counters. Never throws.
 *
 * @example
 * ```ts
 * import { memory, zeros } from 'lorentz-irreps';
 * const before = memory();
 * const z = zeros([10]);
 * console.assert(memory().numBytes === before.numBytes + 80);
 * z.dispose();
 * ```
 */
export function memory(): MemoryInfo {
  return ENGINE.memory();
}

/**
 * Turns test mode on or off. In test mode every kernel is checked to return every buffer it
 * allocated and every `tidy` to leave no buffer without an owning tensor; a violation throws
 * {@link MemoryError}. Also switched on by the environment variable `LORENTZ_IRREPS_TEST_MODE=1`.
 * Never throws itself.
 *
 * @example
 * ```ts
 * import { setTestMode, isTestMode } from 'lorentz-irreps';
 * const was = isTestMode();
 * setTestMode(true);
 * console.assert(isTestMode());
 * setTestMode(was);
 * ```
 */
export function setTestMode(on: boolean): void {
  ENGINE.testMode = on === true;
}

/**
 * Whether test mode is on. Never throws.
 *
 * @example
 * ```ts
 * import { isTestMode } from 'lorentz-irreps';
 * console.assert(typeof isTestMode() === 'boolean');
 * ```
 */
export function isTestMode(): boolean {
  return ENGINE.testMode;
}

/**
 * Backend selection and debug switches: registerBackend, setBackend, getBackend, toBackend,
 * setCheckNumerics.
 *
 * @packageDocumentation
 */
import { BackendError, ConfigError, invalid } from '../errors';
import type { BackendFactory } from './backend';
import { ENGINE } from './engine';
import { Tensor } from './tensor';

/**
 * Registers a backend factory under `name`. The factory runs lazily, the first time the backend
 * is used; it throws or returns null when the backend cannot run here. Before any `setBackend`,
 * the active backend is the registered one of highest `priority` (the CPU backend has priority 1;
 * optional accelerators register lower so they are used only when asked for). Call only from a
 * `register-*.ts` module.
 * @throws {@link ConfigError} for an empty name, a non-function factory or a non-finite priority.
 *
 * @example
 * ```ts
 * import { registerBackend, setBackend, BackendError } from 'lorentz-irreps';
 * registerBackend('never-available', () => null, -1);
 * try { setBackend('never-available'); console.assert(false); } catch (e) { console.assert(e instanceof BackendError); }
 * ```
 */
export function registerBackend(name: string, factory: BackendFactory, priority = 0): void {
  if (typeof name !== 'string' || name.length === 0) throw new ConfigError(invalid('registerBackend', 'name', 'a non-empty string', name));
  if (typeof factory !== 'function') throw new ConfigError(invalid('registerBackend', 'factory', 'a function', factory));
  if (!Number.isFinite(priority)) throw new ConfigError(invalid('registerBackend', 'priority', 'a finite number', priority));
  ENGINE.registerBackend(name, factory, priority);
}

/**
 * Makes `name` the active backend (initializing it if needed). Never falls back silently.
 * @throws {@link BackendError} if no backend of that name is registered or it is unavailable here.
 *
 * @example
 * ```ts
 * import { setBackend, getBackend } from 'lorentz-irreps';
 * setBackend('cpu');
 * console.assert(getBackend() === 'cpu');
 * ```
 */
export function setBackend(name: string): void {
  ENGINE.setBackend(name);
}

/**
 * Name of the active backend.
 * @throws {@link BackendError} if no backend is registered or the default one is unavailable.
 *
 * @example
 * ```ts
 * import { getBackend } from 'lorentz-irreps';
 * console.assert(getBackend() === 'cpu');
 * ```
 */
export function getBackend(): string {
  return ENGINE.backend.name;
}

/**
 * Names of the registered backends (available here or not). Never throws.
 *
 * @example
 * ```ts
 * import { listBackends } from 'lorentz-irreps';
 * console.assert(listBackends().includes('cpu'));
 * ```
 */
export function listBackends(): string[] {
  return ENGINE.registeredBackends();
}

/**
 * Unregisters a backend and frees what its instance holds (tensors on it become unusable; if it
 * was active, the next op selects the default backend again). Meant for tests and for swapping a
 * backend implementation. Removing an unknown name does nothing; never throws.
 *
 * @example
 * ```ts
 * import { registerBackend, removeBackend, listBackends } from 'lorentz-irreps';
 * registerBackend('scratch', () => null, -1);
 * removeBackend('scratch');
 * console.assert(!listBackends().includes('scratch'));
 * ```
 */
export function removeBackend(name: string): void {
  ENGINE.removeBackend(name);
}

/**
 * A copy of `t` on backend `name` (its dtype converted to that backend's default when the
 * backend cannot store it). This is the only way tensors move between backends.
 * @throws {@link BackendError} if the backend is not registered or unavailable;
 *   {@link MemoryError} if `t` is disposed.
 *
 * @example
 * ```ts
 * import { toBackend, tensor } from 'lorentz-irreps';
 * const t = toBackend(tensor([1, 2]), 'cpu');
 * console.assert(t.backend.name === 'cpu' && t.dataSync()[1] === 2);
 * ```
 */
export function toBackend(t: Tensor, name: string): Tensor {
  if (!(t instanceof Tensor)) throw new BackendError(invalid('toBackend', 't', 'a Tensor', t));
  t.assertAlive('toBackend', 't');
  const target = ENGINE.findBackend(name, 'toBackend');
  const { re, im } = t.backend.read(t.dataId);
  const dtype = target.supportsDtype(t.dtype) ? t.dtype : target.defaultDtype;
  return ENGINE.fromHost(re, im, t.shape, dtype, target);
}

/**
 * Turns checkNumerics on or off. When on, every kernel's outputs are scanned and the first NaN or
 * infinity throws {@link NumericsError} naming the kernel (and the offending outputs are
 * disposed). Costs one pass over each output: a debugging aid, off by default. Never throws.
 *
 * @example
 * ```ts
 * import { setCheckNumerics, log, tensor, NumericsError } from 'lorentz-irreps';
 * setCheckNumerics(true);
 * try { log(tensor([0])); console.assert(false); } catch (e) { console.assert(e instanceof NumericsError); }
 * setCheckNumerics(false);
 * ```
 */
export function setCheckNumerics(on: boolean): void {
  ENGINE.checkNumerics = on === true;
}

/**
 * Whether checkNumerics is on. Never throws.
 *
 * @example
 * ```ts
 * import { isCheckNumerics } from 'lorentz-irreps';
 * console.assert(isCheckNumerics() === false);
 * ```
 */
export function isCheckNumerics(): boolean {
  return ENGINE.checkNumerics;
}

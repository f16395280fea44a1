/**
 * The serializable state of an optimizer (for checkpoints) and its validation.
 *
 * @packageDocumentation
 */
import { ConfigError, invalid } from '../errors';

/** Per-variable optimizer state. */
export interface VariableState {
  /** Number of updates this variable has received (drives bias correction and first-step rules). */
  readonly step: number;
  /** Whether the variable is complex; then every slot holds 2 * size numbers: real parts, then imaginary parts. */
  readonly complex: boolean;
  /** Slot arrays by slot name (Adam: `m`, `v`, and `vMax` with amsgrad; SGD: `momentum` when momentum > 0). */
  readonly slots: { readonly [slot: string]: Float64Array };
}

/**
 * Everything needed to resume an optimizer exactly: a plain object of numbers, booleans, strings
 * and Float64Arrays (structured-clone safe; for JSON, turn the arrays into number arrays, which
 * `setState` also accepts).
 */
export interface OptimizerState {
  /** `'Adam'` or `'SGD'`. */
  readonly optimizer: string;
  /** Number of `step` calls. */
  readonly iterations: number;
  /** Hyperparameters, including the current `lr`. */
  readonly config: { readonly [key: string]: number | boolean };
  /** State of each variable, keyed by variable name. */
  readonly variables: { readonly [name: string]: VariableState };
}

/** Sets `obj[key] = value` as an own enumerable property even for keys such as `__proto__`. */
export function defineEntry<T>(obj: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
}

/** `value` if it is a plain object (prototype Object.prototype or null), else {@link ConfigError}. */
export function plainObject(value: unknown, fn: string, arg: string): Record<string, unknown> {
  const proto = value !== null && typeof value === 'object' ? Object.getPrototypeOf(value) : undefined;
  if (proto !== Object.prototype && proto !== null) throw new ConfigError(invalid(fn, arg, 'a plain object', value));
  return value as Record<string, unknown>;
}

/** `value` if it is an integer >= 0, else {@link ConfigError}. */
export function count(value: unknown, fn: string, arg: string): number {
  if (!Number.isInteger(value) || (value as number) < 0) throw new ConfigError(invalid(fn, arg, 'an integer >= 0', value));
  return value as number;
}

/** A Float64Array copy of a slot given as a Float64Array or an array of numbers, else {@link ConfigError}. */
export function slotArray(value: unknown, fn: string, arg: string): Float64Array {
  if (value instanceof Float64Array) return value.slice();
  if (Array.isArray(value) && value.every((x) => typeof x === 'number')) return Float64Array.from(value);
  throw new ConfigError(invalid(fn, arg, 'a Float64Array or an array of numbers', value));
}

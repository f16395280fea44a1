/**
 * Checks of optimizer and initializer options: each returns the value or throws
 * {@link ConfigError} naming the function, the option, the rule and the value.
 *
 * @packageDocumentation
 */
import { ConfigError, invalid } from '../errors';

/** `value` if it is a finite number >= 0, else {@link ConfigError}. */
export function nonNegative(value: unknown, fn: string, arg: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new ConfigError(invalid(fn, arg, 'a finite number >= 0', value));
  }
  return value;
}

/** `value` if it is a finite number > 0, else {@link ConfigError}. */
export function positive(value: unknown, fn: string, arg: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new ConfigError(invalid(fn, arg, 'a finite number > 0', value));
  }
  return value;
}

/** `value` if it is a finite number, else {@link ConfigError}. */
export function finite(value: unknown, fn: string, arg: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new ConfigError(invalid(fn, arg, 'a finite number', value));
  }
  return value;
}

/** `value` if it is a number in [0, 1), else {@link ConfigError}. */
export function unitInterval(value: unknown, fn: string, arg: string): number {
  if (typeof value !== 'number' || !(value >= 0 && value < 1)) {
    throw new ConfigError(invalid(fn, arg, 'a number in [0, 1)', value));
  }
  return value;
}

/** `value` if it is a boolean, else {@link ConfigError}. */
export function bool(value: unknown, fn: string, arg: string): boolean {
  if (typeof value !== 'boolean') throw new ConfigError(invalid(fn, arg, 'a boolean', value));
  return value;
}

/** `value` if it is a plain object or undefined (options bags), else {@link ConfigError}. */
export function optionsBag<T extends object>(value: T | undefined, fn: string): Partial<T> {
  if (value === undefined) return {};
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new ConfigError(invalid(fn, 'options', 'an options object or undefined', value));
  }
  return value;
}

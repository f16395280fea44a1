/**
 * Typed errors of lorentz-irreps.
 *
 * Every error thrown on bad input names the function, the argument, the rule it broke and the
 * value it received, in the form
 * ``invalid argument. `fn`: `arg` must be RULE. Value: `VALUE`.``
 * so that a message alone says what was expected and what came.
 *
 * @packageDocumentation
 */

/** Details carried by every {@link LorentzIrrepsError}. */
export interface ErrorDetails {
  /** The public function or method that rejected its input, e.g. `"LorentzIrrep.parse"`. */
  readonly fn: string;
  /** The argument that broke the rule, e.g. `"text"` or `"x1"`. */
  readonly argument: string;
  /** The rule, phrased to follow "must be", e.g. `"a non-negative half-integer"`. */
  readonly rule: string;
  /** The offending value (kept as given, for programmatic inspection). */
  readonly value: unknown;
}

/** Renders a value for an error message: short, unambiguous, never throws. */
export function describeValue(value: unknown): string {
  try {
    if (typeof value === 'string') return JSON.stringify(value);
    if (typeof value === 'number') return Object.is(value, -0) ? '-0' : String(value);
    if (typeof value === 'bigint') return `${value}n`;
    if (value === undefined) return 'undefined';
    if (value === null) return 'null';
    if (typeof value === 'function') return `[function ${value.name || 'anonymous'}]`;
    if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
      const arr = value as unknown as ArrayLike<number> & { constructor: { name: string } };
      return `${arr.constructor.name}(length ${arr.length})`;
    }
    if (Array.isArray(value)) {
      const text = JSON.stringify(value);
      return text.length > 120 ? `${text.slice(0, 117)}...` : text;
    }
    const text = String(value);
    if (text === '[object Object]') {
      const json = JSON.stringify(value);
      return json.length > 120 ? `${json.slice(0, 117)}...` : json;
    }
    return text.length > 120 ? `${text.slice(0, 117)}...` : text;
  } catch {
    return Object.prototype.toString.call(value);
  }
}

/** Base class of every error the library throws on purpose. */
export class LorentzIrrepsError extends Error {
  /** The function that threw. */
  readonly fn: string;
  /** The argument that broke the rule. */
  readonly argument: string;
  /** The rule that was broken. */
  readonly rule: string;
  /** The offending value. */
  readonly value: unknown;

  constructor(details: ErrorDetails, message?: string) {
    super(
      message ??
        `invalid argument. \`${details.fn}\`: \`${details.argument}\` must be ${details.rule}. Value: \`${describeValue(details.value)}\`.`,
    );
    this.name = new.target.name;
    this.fn = details.fn;
    this.argument = details.argument;
    this.rule = details.rule;
    this.value = details.value;
  }
}

/** An irrep label or irreps text that is not valid (spin not a non-negative half-integer, bad syntax). */
export class IrrepError extends LorentzIrrepsError {}

/** An array or tensor whose length, shape or rank does not match what the function needs. */
export class ShapeError extends LorentzIrrepsError {}

/** A group element that is not in SO+(3,1) or SL(2,C), or an invalid axis, angle or rapidity. */
export class LorentzElementError extends LorentzIrrepsError {}

/** A tensor of the wrong dtype (real vs complex, float64 vs float32) for an operation. */
export class DTypeError extends LorentzIrrepsError {}

/** An index outside the valid range of a gather, scatter, slice or lookup. */
export class IndexError extends LorentzIrrepsError {}

/** A backend that cannot be used here, or a tensor used on a backend it does not belong to. */
export class BackendError extends LorentzIrrepsError {}

/** A NaN or Inf produced by a kernel while `checkNumerics` is on. */
export class NumericsError extends LorentzIrrepsError {}

/** A tensor used after it was disposed, or leaked buffers in test mode. */
export class MemoryError extends LorentzIrrepsError {}

/** A data file that is missing, truncated, malformed or holds values it must not. */
export class DataError extends LorentzIrrepsError {}

/** An invalid option or configuration of a layer, model, optimizer or command. */
export class ConfigError extends LorentzIrrepsError {}

/**
 * Builds the details object of an error in one call; a small helper so that validation reads
 * `throw new IrrepError(invalid('LorentzIrrep', 'm', 'a non-negative half-integer', m))`.
 */
export function invalid(fn: string, argument: string, rule: string, value: unknown): ErrorDetails {
  return { fn, argument, rule, value };
}

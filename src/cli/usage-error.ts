/**
 * The error of a command line that cannot be run as written (unknown command or option, missing
 * or malformed value). The command line prints its message on one line and exits with code 2.
 *
 * @packageDocumentation
 */
import { LorentzIrrepsError } from '../errors';

/**
 * A command line that cannot be run as written.
 *
 * @example
 * ```ts
 * import { UsageError } from 'lorentz-irreps';
 * const e = new UsageError({ fn: 'lorentz-irreps train', argument: '--epochs', rule: 'a positive integer', value: 'ten' });
 * console.assert(e.message === 'invalid argument. `lorentz-irreps train`: `--epochs` must be a positive integer. Value: `"ten"`.');
 * ```
 */
export class UsageError extends LorentzIrrepsError {}

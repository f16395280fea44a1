/**
 * Reading irrep arguments at the API boundary (internal).
 *
 * @packageDocumentation
 * @internal
 */
import { IrrepError, invalid } from '../errors';
import { LorentzIrrep } from './irrep';

/** What the API accepts as one irrep: a {@link LorentzIrrep} or its text form "(m,n)". */
export type IrrepLike = LorentzIrrep | string;

/**
 * The irrep given as a LorentzIrrep or text.
 * @throws {@link IrrepError} naming `fn` and `argument` for anything else or malformed text.
 */
export function toIrrep(fn: string, argument: string, value: unknown): LorentzIrrep {
  if (value instanceof LorentzIrrep) return value;
  if (typeof value === 'string') {
    try {
      return LorentzIrrep.parse(value);
    } catch {
      // reported below, naming this function and argument
    }
  }
  throw new IrrepError(invalid(fn, argument, 'a LorentzIrrep or irrep text such as "(1/2,1/2)"', value));
}

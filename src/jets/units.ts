/**
 * Energy units of jet four-momenta. Data files store GeV; networks take TeV- or PeV-scaled
 * momenta. The unit is always an explicit, recorded choice: the library never guesses it.
 *
 * @packageDocumentation
 */
import { ConfigError, invalid } from '../errors';

/** The energy units a four-momentum may be expressed in. */
export type EnergyUnit = 'GeV' | 'TeV' | 'PeV';

/** The energy units, in the order GeV, TeV, PeV. */
export const ENERGY_UNITS: readonly EnergyUnit[] = Object.freeze(['GeV', 'TeV', 'PeV'] as const);

const SCALE: Readonly<Record<EnergyUnit, number>> = Object.freeze({ GeV: 1, TeV: 1e-3, PeV: 1e-6 });

/**
 * The factor that converts a value in GeV into `unit`: 1 for GeV, 1e-3 for TeV, 1e-6 for PeV.
 *
 * @param unit - the target unit.
 * @returns the multiplicative factor (value_in_unit = value_in_GeV * factor).
 * @throws {@link ConfigError} if `unit` is not one of `'GeV'`, `'TeV'`, `'PeV'`.
 *
 * @example
 * ```ts
 * import { gevTo } from 'lorentz-irreps';
 * console.assert(gevTo('TeV') === 1e-3);
 * console.assert(1000 * gevTo('TeV') === 1);
 * ```
 */
export function gevTo(unit: EnergyUnit): number {
  return unitScale(unit, 'gevTo', 'unit');
}

/** Validating lookup of {@link gevTo}'s factor that names the caller's function and argument. */
export function unitScale(unit: unknown, fn: string, argument: string): number {
  if (typeof unit !== 'string' || !Object.prototype.hasOwnProperty.call(SCALE, unit)) {
    throw new ConfigError(invalid(fn, argument, "one of 'GeV', 'TeV', 'PeV'", unit));
  }
  return SCALE[unit as EnergyUnit];
}

/**
 * Seeded draws of Lorentz transformations (rotations, boosts and their products) with fast-check,
 * for the equivariance checks.
 *
 * @packageDocumentation
 */
import fc from 'fast-check';
import { ConfigError, invalid } from '../errors';
import { LorentzElement } from '../group/lorentz-element';

/** A drawn transformation with a description for messages. */
export interface DrawnElement {
  readonly element: LorentzElement;
  /** E.g. "boost of rapidity 9.81 along (0.12, -0.5, 0.86)". */
  readonly description: string;
}

/** Options of {@link drawLorentzElements}. */
export interface DrawElementsOptions {
  /** How many elements (default 6), at least 1. */
  readonly count?: number;
  /** Seed of the fast-check draw (default 0). */
  readonly seed?: number;
  /** Largest rapidity of a boost (default 10), finite and >= 0. */
  readonly maxRapidity?: number;
}

type Vec3 = [number, number, number];

const unitAxis = fc
  .tuple(fc.double({ min: -1, max: 1, noNaN: true }), fc.double({ min: -1, max: 1, noNaN: true }), fc.double({ min: -1, max: 1, noNaN: true }))
  .filter(([x, y, z]) => Math.hypot(x, y, z) > 0.1)
  .map(([x, y, z]): Vec3 => {
    const n = Math.hypot(x, y, z);
    return [x / n, y / n, z / n];
  });

function axisText(u: Vec3): string {
  return `(${u.map((v) => v.toFixed(3)).join(', ')})`;
}

function rotation(axis: Vec3, angle: number): DrawnElement {
  return { element: LorentzElement.fromRotation(axis, angle), description: `rotation by ${angle.toFixed(4)} rad about ${axisText(axis)}` };
}

function boost(axis: Vec3, rapidity: number): DrawnElement {
  return { element: LorentzElement.fromBoost(axis, rapidity), description: `boost of rapidity ${rapidity.toFixed(4)} along ${axisText(axis)}` };
}

function then(first: DrawnElement, second: DrawnElement): DrawnElement {
  return { element: second.element.compose(first.element), description: `${first.description}, then ${second.description}` };
}

/**
 * Draws Lorentz transformations with fast-check from a seed (the same seed gives the same list):
 * the first is a boost of exactly `maxRapidity` along a drawn axis followed by a drawn rotation
 * (so that the extreme is always covered), the others are drawn among rotations (angle in
 * [0, 2 pi)), boosts (rapidity in [0, maxRapidity]) and boost-then-rotation products.
 * @throws {@link index!ConfigError} for a count that is not a positive integer, a seed that is not an
 *   integer, or a maxRapidity that is negative or not finite.
 *
 * @example
 * ```ts
 * import { drawLorentzElements } from 'lorentz-irreps/testing';
 * const a = drawLorentzElements({ count: 3, seed: 5, maxRapidity: 2 });
 * const b = drawLorentzElements({ count: 3, seed: 5, maxRapidity: 2 });
 * console.assert(a.length === 3 && a[2].description === b[2].description);
 * console.assert(a[0].description.startsWith('boost of rapidity 2.0000'));
 * ```
 */
export function drawLorentzElements(options: DrawElementsOptions = {}): DrawnElement[] {
  const fn = 'drawLorentzElements';
  const count = options.count ?? 6;
  const seed = options.seed ?? 0;
  const maxRapidity = options.maxRapidity ?? 10;
  if (!Number.isInteger(count) || count < 1) throw new ConfigError(invalid(fn, 'options.count', 'a positive integer', count));
  if (!Number.isInteger(seed)) throw new ConfigError(invalid(fn, 'options.seed', 'an integer', seed));
  if (typeof maxRapidity !== 'number' || !Number.isFinite(maxRapidity) || maxRapidity < 0) {
    throw new ConfigError(invalid(fn, 'options.maxRapidity', 'a finite non-negative number', maxRapidity));
  }
  const rotations = fc.tuple(unitAxis, fc.double({ min: 0, max: 2 * Math.PI, maxExcluded: true, noNaN: true })).map(([u, t]) => rotation(u, t));
  const boosts = fc.tuple(unitAxis, fc.double({ min: 0, max: maxRapidity, noNaN: true })).map(([u, r]) => boost(u, r));
  const extreme = fc.tuple(unitAxis, rotations).map(([u, rot]) => then(boost(u, maxRapidity), rot));
  const any = fc.oneof(rotations, boosts, fc.tuple(boosts, rotations).map(([b, r]) => then(b, r)));
  const [first] = fc.sample(extreme, { seed, numRuns: 1 });
  return count === 1 ? [first] : [first, ...fc.sample(any, { seed: seed + 1, numRuns: count - 1 })];
}

/**
 * Axes, angles and rapidities as the group API accepts them, with their validation.
 *
 * @packageDocumentation
 */
import { LorentzElementError, invalid } from '../errors';

/**
 * A spatial direction: one of the coordinate axes by name, or a vector [ux, uy, uz] of any
 * non-zero finite length (it is normalized).
 * @example
 * ```ts
 * import { type Axis, LorentzElement } from 'lorentz-irreps';
 * const axes: Axis[] = ['z', [0, 0, 2], new Float64Array([0, 0, 1])];
 * const m = axes.map((u) => LorentzElement.fromBoost(u, 1).toMatrix()[3]);
 * console.assert(m.every((x) => x === m[0]));
 * ```
 */
export type Axis = 'x' | 'y' | 'z' | readonly [number, number, number] | ArrayLike<number>;

const NAMED: Record<string, readonly [number, number, number]> = {
  x: [1, 0, 0],
  y: [0, 1, 0],
  z: [0, 0, 1],
};

/**
 * The unit vector of `axis`.
 * @throws {@link LorentzElementError} unless `axis` is 'x', 'y', 'z' or three finite numbers not all zero.
 * @internal
 */
export function readAxis(fn: string, argument: string, axis: unknown): [number, number, number] {
  if (typeof axis === 'string') {
    const named = NAMED[axis];
    if (named !== undefined) return [named[0], named[1], named[2]];
  } else if (axis !== null && typeof axis === 'object' && (axis as ArrayLike<number>).length === 3) {
    const v = axis as ArrayLike<unknown>;
    const [x, y, z] = [v[0], v[1], v[2]];
    if (typeof x === 'number' && typeof y === 'number' && typeof z === 'number') {
      // Scale by the largest component first, so that tiny (even subnormal) vectors normalize exactly.
      const largest = Math.max(Math.abs(x), Math.abs(y), Math.abs(z));
      if (Number.isFinite(largest) && largest > 0) {
        const [sx, sy, sz] = [x / largest, y / largest, z / largest];
        const norm = Math.hypot(sx, sy, sz);
        return [sx / norm, sy / norm, sz / norm];
      }
    }
  }
  throw new LorentzElementError(
    invalid(fn, argument, "'x', 'y', 'z' or a vector of three finite numbers that are not all zero", axis),
  );
}

/**
 * `value` when it is a finite number.
 * @throws {@link LorentzElementError} otherwise.
 * @internal
 */
export function readFinite(fn: string, argument: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new LorentzElementError(invalid(fn, argument, 'a finite number', value));
  }
  return value;
}

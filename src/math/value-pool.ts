/**
 * A process-wide pool of the distinct exact values that occur in Clebsch-Gordan tables (internal).
 *
 * Tables hold an integer id per entry instead of the value itself: the ~10^6 entries of all tables
 * with spins up to 2 take only ~2 * 10^4 distinct values, so a table costs a few bytes per entry
 * and each value's float and {@link SqrtRational} are made once.
 *
 * @packageDocumentation
 * @internal
 */
import { type SqrtRational, trustedSqrtRational } from './sqrt-rational';

let size = 0;
let floats = new Float64Array(1024);
/** Signed numerator of the square (sign of the value), exact in float64; NaN for values kept as BIG. */
let nums = new Float64Array(1024);
let dens = new Float64Array(1024);
const exact: (SqrtRational | undefined)[] = [];
/** Open-addressing hash table from (numerator, denominator) to id; -1 marks a free slot. */
let slots = new Int32Array(1 << 12).fill(-1);
const BY_TEXT = new Map<string, number>();

function slotOf(p: number, q: number, mask: number): number {
  // ToInt32 of an exact integer is its residue mod 2^32: deterministic, good enough to spread keys.
  let h = Math.imul(p | 0, 0x9e3779b1) ^ Math.imul((p / 4294967296) | 0, 0x85ebca6b) ^ Math.imul(q | 0, 0xc2b2ae35);
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  h ^= h >>> 12;
  return h & mask;
}

function rehash(): void {
  slots = new Int32Array(2 * slots.length).fill(-1);
  const mask = slots.length - 1;
  for (let id = 0; id < size; id++) {
    if (Number.isNaN(nums[id])) continue;
    let k = slotOf(nums[id], dens[id], mask);
    while (slots[k] !== -1) k = (k + 1) & mask;
    slots[k] = id;
  }
}

function append(num: number, den: number, float: number): number {
  if (size === floats.length) {
    const grow = (a: Float64Array) => {
      const b = new Float64Array(2 * a.length);
      b.set(a);
      return b;
    };
    floats = grow(floats);
    nums = grow(nums);
    dens = grow(dens);
  }
  floats[size] = float;
  nums[size] = num;
  dens[size] = den;
  exact.push(undefined);
  return size++;
}

/**
 * The id of sign(p) sqrt(|p| / q), p a non-zero signed integer and q a positive integer, both
 * below 2^53 and coprime.
 */
export function internSquare(p: number, q: number): number {
  const mask = slots.length - 1;
  let k = slotOf(p, q, mask);
  for (;;) {
    const id = slots[k];
    if (id === -1) break;
    if (nums[id] === p && dens[id] === q) return id;
    k = (k + 1) & mask;
  }
  const id = append(p, q, (p < 0 ? -1 : 1) * Math.sqrt(Math.abs(p) / q));
  slots[k] = id;
  if (2 * size > slots.length) rehash();
  return id;
}

/** The id of any non-zero exact value (used for values whose integers pass 2^53). */
export function internValue(value: SqrtRational): number {
  const key = value.toString();
  let id = BY_TEXT.get(key);
  if (id === undefined) {
    id = append(Number.NaN, Number.NaN, value.toNumber());
    exact[id] = value;
    BY_TEXT.set(key, id);
  }
  return id;
}

/** The float64 value of id (the float of its exact value). */
export function poolFloat(id: number): number {
  return floats[id];
}

/** The exact value of id (one shared frozen instance per value). */
export function poolValue(id: number): SqrtRational {
  let value = exact[id];
  if (value === undefined) {
    const p = nums[id];
    value = trustedSqrtRational(p < 0 ? -1 : 1, BigInt(Math.abs(p)), BigInt(dens[id]));
    exact[id] = value;
  }
  return value;
}

/** NEGATED[id]: the id of -value(id), or -1 when not yet known. */
let negated = new Int32Array(1024).fill(-1);

/** The id of the negated value of id. */
export function negateId(id: number): number {
  if (negated.length < floats.length) {
    const grown = new Int32Array(floats.length).fill(-1);
    grown.set(negated);
    negated = grown;
  }
  let out = negated[id];
  if (out === -1) {
    out = Number.isNaN(nums[id]) ? internValue(poolValue(id).negate()) : internSquare(-nums[id], dens[id]);
    if (negated.length < floats.length) return negateId(id);
    negated[id] = out;
    negated[out] = id;
  }
  return out;
}

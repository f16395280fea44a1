/**
 * A small, seeded, reproducible pseudo-random generator (xoshiro128**), with uniform, normal and
 * integer draws and a serializable state so that training can resume exactly.
 *
 * @packageDocumentation
 */
import { ConfigError, invalid } from '../errors';

/** Serializable state of a {@link Random}: four unsigned 32-bit words plus a cached normal draw. */
export interface RandomState {
  readonly s: readonly [number, number, number, number];
  readonly spareNormal: number | null;
}

function splitmix32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x9e3779b9) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/**
 * Seeded pseudo-random numbers (xoshiro128**, 32-bit state words, period 2^128 - 1).
 *
 * @example
 * ```ts
 * import { Random } from 'lorentz-irreps';
 * const a = new Random(42);
 * const b = new Random(42);
 * console.assert(a.uniform() === b.uniform());
 * ```
 */
export class Random {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;
  private spare: number | null = null;

  /**
   * @param seed - any integer; equal seeds give equal streams.
   * @throws {@link ConfigError} if `seed` is not a finite integer.
   */
  constructor(seed: number) {
    if (!Number.isInteger(seed)) {
      throw new ConfigError(invalid('Random', 'seed', 'a finite integer', seed));
    }
    const next = splitmix32(seed);
    this.s0 = next();
    this.s1 = next();
    this.s2 = next();
    this.s3 = next();
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1;
  }

  /** A uniform unsigned 32-bit integer. */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** A uniform double in [0, 1) with 53 random bits. */
  uniform(): number {
    const hi = this.nextUint32() >>> 5; // 27 bits
    const lo = this.nextUint32() >>> 6; // 26 bits
    return (hi * 67108864 + lo) / 9007199254740992;
  }

  /** A uniform double in [lo, hi). */
  uniformIn(lo: number, hi: number): number {
    return lo + (hi - lo) * this.uniform();
  }

  /** A standard normal draw (Box-Muller; the second value of each pair is cached). */
  normal(): number {
    if (this.spare !== null) {
      const v = this.spare;
      this.spare = null;
      return v;
    }
    let u = 0;
    while (u === 0) u = this.uniform();
    const v = this.uniform();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spare = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  }

  /** A uniform integer in [0, n). */
  int(n: number): number {
    if (!Number.isInteger(n) || n <= 0) {
      throw new ConfigError(invalid('Random.int', 'n', 'a positive integer', n));
    }
    return Math.floor(this.uniform() * n);
  }

  /** A uniformly random permutation of 0..n-1 (Fisher-Yates). */
  permutation(n: number): Int32Array {
    const p = new Int32Array(n);
    for (let i = 0; i < n; i++) p[i] = i;
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor(this.uniform() * (i + 1));
      const t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    return p;
  }

  /**
   * The generator's state, to be saved with a checkpoint: four unsigned 32-bit words (the
   * internal words are kept as signed int32 by the XOR and shift steps; they are given as uint32).
   *
   * @example
   * ```ts
   * import { Random } from 'lorentz-irreps';
   * const a = new Random(3);
   * a.uniform();
   * const saved = JSON.parse(JSON.stringify(a.getState()));
   * console.assert(saved.s.every((w: number) => w >= 0 && w < 2 ** 32));
   * const b = new Random(0);
   * b.setState(saved);
   * console.assert(a.uniform() === b.uniform());
   * ```
   */
  getState(): RandomState {
    return { s: [this.s0 >>> 0, this.s1 >>> 0, this.s2 >>> 0, this.s3 >>> 0], spareNormal: this.spare };
  }

  /**
   * Restores a state produced by {@link Random.getState}. Words are uint32; signed int32 words
   * (as older versions of `getState` could return) are read as the same 32 bits.
   * @throws {@link ConfigError} for a state that is not four 32-bit integer words (not all zero)
   *   with a finite or null `spareNormal`.
   */
  setState(state: RandomState): void {
    const s: unknown = state?.s;
    if (!Array.isArray(s) || s.length !== 4 || !s.every((w) => Number.isInteger(w) && w >= -(2 ** 31) && w < 2 ** 32) || s.every((w) => w === 0)) {
      throw new ConfigError(invalid('Random.setState', 'state', 'an object { s: four uint32 words, not all zero, spareNormal }', state));
    }
    const spare = state.spareNormal ?? null;
    if (spare !== null && !Number.isFinite(spare)) {
      throw new ConfigError(invalid('Random.setState', 'state.spareNormal', 'a finite number or null', spare));
    }
    [this.s0, this.s1, this.s2, this.s3] = s.map((w: number) => w >>> 0) as [number, number, number, number];
    this.spare = spare;
  }
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}

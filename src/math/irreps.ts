/**
 * Irreps: an ordered multiset of Lorentz irreps with multiplicities, the type of a feature vector.
 *
 * @packageDocumentation
 */
import { ConfigError, IrrepError, invalid } from '../errors';
import { LorentzIrrep } from './irrep';
import { toIrrep } from './irrep-like';

/** One entry of an {@link Irreps}: `mul` copies of `irrep`. */
export interface IrrepsEntry {
  /** Multiplicity (a non-negative integer). */
  readonly mul: number;
  /** The irrep. */
  readonly irrep: LorentzIrrep;
}

/** Offsets [start, stop) of one entry's components in a feature vector of length {@link Irreps.dim}. */
export interface IrrepsSlice {
  readonly start: number;
  readonly stop: number;
}

/**
 * What {@link Irreps.from} accepts: an Irreps, its text form, one irrep, or a list whose items are
 * irreps, irrep text, [mul, irrep] pairs or {mul, irrep} entries.
 */
export type IrrepsLike =
  | Irreps
  | string
  | LorentzIrrep
  | readonly (LorentzIrrep | string | readonly [number, LorentzIrrep | string] | IrrepsEntry)[];

/**
 * Truncation rules of {@link Irreps.filter} and {@link Irreps.product}; an entry is kept when it
 * satisfies every rule given:
 * - `maxSpin`: both m <= maxSpin and n <= maxSpin (i.e. max(m, n) <= maxSpin);
 * - `maxDim`: the irrep's dimension (2m+1)(2n+1) <= maxDim;
 * - `keep`: the irrep is one of those listed (multiplicities in `keep` are ignored).
 */
export interface IrrepsFilter {
  readonly maxSpin?: number;
  readonly maxDim?: number;
  readonly keep?: IrrepsLike;
}

/** The result of {@link Irreps.sort}. */
export interface IrrepsSort {
  /** The entries sorted by irrep (m, then n; stable). */
  readonly irreps: Irreps;
  /** permutation[k] = new position of the entry at old position k. */
  readonly permutation: readonly number[];
  /** inverse[j] = old position of the entry at new position j. */
  readonly inverse: readonly number[];
}

const TERM = /^\s*(?:(\d+)\s*x\s*)?(\([^()]*\))\s*$/;

function checkMul(fn: string, argument: string, mul: unknown): number {
  if (typeof mul !== 'number' || !Number.isSafeInteger(mul) || mul < 0) {
    throw new IrrepError(invalid(fn, argument, 'a non-negative integer multiplicity', mul));
  }
  return mul;
}

function checkLimit(fn: string, argument: string, value: unknown): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !(value >= 0) || value === Number.POSITIVE_INFINITY) {
    throw new ConfigError(invalid(fn, argument, 'a finite non-negative number', value));
  }
  return value;
}

/**
 * An ordered multiset of Lorentz irreps with multiplicities, e.g. "2x(0,0)+3x(1/2,1/2)": the
 * layout of a feature vector whose components are, in order, the `mul` copies of each entry's
 * irrep (each copy `irrep.dim` components, in the canonical basis). Immutable (frozen).
 *
 * The text form is `MULx(m,n)` terms joined by "+"; a term without `MULx` means 1x, and the empty
 * string is the empty multiset. {@link Irreps.toString} always writes the multiplicity, and
 * {@link Irreps.parse} reads it back.
 *
 * @example
 * ```ts
 * import { Irreps } from 'lorentz-irreps';
 * const irreps = Irreps.parse('2x(0,0)+3x(1/2,1/2)');
 * console.assert(irreps.dim === 14 && irreps.num === 5 && irreps.length === 2);
 * console.assert(irreps.toString() === '2x(0,0)+3x(1/2,1/2)');
 * console.assert(Irreps.parse('(1/2,1/2)').toString() === '1x(1/2,1/2)');
 * console.assert(irreps.slices()[1].start === 2 && irreps.slices()[1].stop === 14);
 * ```
 */
export class Irreps implements Iterable<IrrepsEntry> {
  /** The entries, in order (frozen). */
  readonly entries: readonly IrrepsEntry[];
  /** Total dimension sum(mul * irrep.dim). */
  readonly dim: number;
  /** Total multiplicity sum(mul). */
  readonly num: number;

  private constructor(entries: IrrepsEntry[]) {
    this.entries = Object.freeze(entries.map((e) => Object.freeze({ mul: e.mul, irrep: e.irrep })));
    this.dim = entries.reduce((s, e) => s + e.mul * e.irrep.dim, 0);
    this.num = entries.reduce((s, e) => s + e.mul, 0);
    Object.freeze(this);
  }

  /** The empty multiset (text ""). */
  static readonly EMPTY: Irreps = new Irreps([]);

  /**
   * Parses the text form, e.g. "2x(0,0)+3x(1/2,1/2)", "(1/2,1/2)" (1x), "0x(1,0)", "" (empty).
   * Whitespace around terms, "x" and "+" is allowed.
   * @throws {@link IrrepError} on malformed text (naming the bad term) or invalid spins.
   * @example
   * ```ts
   * import { Irreps } from 'lorentz-irreps';
   * console.assert(Irreps.parse(' 2x(1,0) + (0,1) ').toString() === '2x(1,0)+1x(0,1)');
   * console.assert(Irreps.parse('').dim === 0);
   * ```
   */
  static parse(text: string): Irreps {
    if (typeof text !== 'string') {
      throw new IrrepError(invalid('Irreps.parse', 'text', 'a string such as "2x(0,0)+3x(1/2,1/2)"', text));
    }
    if (text.trim() === '') return Irreps.EMPTY;
    const entries = text.split('+').map((term) => {
      const match = TERM.exec(term);
      if (match === null) {
        throw new IrrepError(invalid('Irreps.parse', 'text', `terms of the form "MULx(m,n)" joined by "+" (bad term ${JSON.stringify(term.trim())})`, text));
      }
      let irrep: LorentzIrrep;
      try {
        irrep = LorentzIrrep.parse(match[2]);
      } catch {
        throw new IrrepError(invalid('Irreps.parse', 'text', `terms with valid irreps (bad irrep ${JSON.stringify(match[2])})`, text));
      }
      const mul = match[1] === undefined ? 1 : Number(match[1]);
      return { mul: checkMul('Irreps.parse', 'text', mul), irrep };
    });
    return new Irreps(entries);
  }

  /**
   * Builds an Irreps from text, an Irreps (returned as is), one irrep (1x), or a list of irreps,
   * irrep text, [mul, irrep] pairs or {mul, irrep} entries.
   * @throws {@link IrrepError} on anything else, naming the bad item.
   * @example
   * ```ts
   * import { Irreps, LorentzIrrep } from 'lorentz-irreps';
   * const v = LorentzIrrep.of(0.5, 0.5);
   * console.assert(Irreps.from([[2, v], '(0,0)']).toString() === '2x(1/2,1/2)+1x(0,0)');
   * console.assert(Irreps.from(v).equals(Irreps.parse('1x(1/2,1/2)')));
   * ```
   */
  static from(value: IrrepsLike): Irreps {
    if (value instanceof Irreps) return value;
    if (typeof value === 'string') return Irreps.parse(value);
    if (value instanceof LorentzIrrep) return new Irreps([{ mul: 1, irrep: value }]);
    if (!Array.isArray(value)) {
      throw new IrrepError(invalid('Irreps.from', 'value', 'an Irreps, irreps text, a LorentzIrrep or a list of entries', value));
    }
    const entries = (value as readonly unknown[]).map((item, k) => {
      const argument = `value[${k}]`;
      if (Array.isArray(item)) {
        if (item.length !== 2) throw new IrrepError(invalid('Irreps.from', argument, 'a pair [mul, irrep]', item));
        return { mul: checkMul('Irreps.from', argument, item[0]), irrep: toIrrep('Irreps.from', argument, item[1]) };
      }
      if (item !== null && typeof item === 'object' && !(item instanceof LorentzIrrep)) {
        const e = item as { mul?: unknown; irrep?: unknown };
        return { mul: checkMul('Irreps.from', argument, e.mul), irrep: toIrrep('Irreps.from', argument, e.irrep) };
      }
      return { mul: 1, irrep: toIrrep('Irreps.from', argument, item) };
    });
    return new Irreps(entries);
  }

  /**
   * The irreps of the product of two multisets: for every entry (mul1, ir1) of `a` (outer) and
   * (mul2, ir2) of `b` (inner), every irrep of `ir1.times(ir2)` (M ascending, then N ascending) with
   * multiplicity mul1 * mul2, then truncated by `options` (see {@link IrrepsFilter}: max spin bounds
   * both m and n, max dimension bounds (2m+1)(2n+1), `keep` lists the irreps allowed). The result is
   * neither merged nor sorted; `.sort().irreps.simplify()` gives the canonical listing.
   * @throws {@link IrrepError} if `a` or `b` is not IrrepsLike; {@link ConfigError} on invalid options.
   * @example
   * ```ts
   * import { Irreps } from 'lorentz-irreps';
   * const v = Irreps.parse('2x(1/2,1/2)');
   * console.assert(Irreps.product(v, v).toString() === '4x(0,0)+4x(0,1)+4x(1,0)+4x(1,1)');
   * console.assert(Irreps.product(v, v, { maxSpin: 0.5 }).toString() === '4x(0,0)');
   * console.assert(Irreps.product(v, '(0,0)+(1,0)', { maxDim: 4 }).toString() === '2x(1/2,1/2)+2x(1/2,1/2)');
   * ```
   */
  static product(a: IrrepsLike, b: IrrepsLike, options: IrrepsFilter = {}): Irreps {
    const left = Irreps.from(a);
    const right = Irreps.from(b);
    const out: IrrepsEntry[] = [];
    for (const e1 of left.entries) {
      for (const e2 of right.entries) {
        for (const irrep of e1.irrep.times(e2.irrep)) out.push({ mul: e1.mul * e2.mul, irrep });
      }
    }
    return new Irreps(out).filterWith('Irreps.product', options);
  }

  /** Number of entries. */
  get length(): number {
    return this.entries.length;
  }

  /** Iterates over the entries in order. */
  [Symbol.iterator](): Iterator<IrrepsEntry> {
    return this.entries[Symbol.iterator]();
  }

  /**
   * The offsets [start, stop) of each entry's components in a feature vector of length `dim`
   * (stop - start = mul * irrep.dim), in order (frozen).
   * @example
   * ```ts
   * import { Irreps } from 'lorentz-irreps';
   * const s = Irreps.parse('2x(0,0)+1x(1,0)').slices();
   * console.assert(s[0].start === 0 && s[0].stop === 2 && s[1].start === 2 && s[1].stop === 5);
   * ```
   */
  slices(): readonly IrrepsSlice[] {
    let start = 0;
    const out = this.entries.map((e) => {
      const slice = Object.freeze({ start, stop: start + e.mul * e.irrep.dim });
      start = slice.stop;
      return slice;
    });
    return Object.freeze(out);
  }

  /**
   * Merges adjacent entries with the same irrep and drops entries of multiplicity 0.
   * @example
   * ```ts
   * import { Irreps } from 'lorentz-irreps';
   * console.assert(Irreps.parse('1x(0,0)+2x(0,0)+0x(1,0)+(0,0)').simplify().toString() === '4x(0,0)');
   * ```
   */
  simplify(): Irreps {
    const out: { mul: number; irrep: LorentzIrrep }[] = [];
    for (const e of this.entries) {
      if (e.mul === 0) continue;
      const last = out[out.length - 1];
      if (last !== undefined && last.irrep === e.irrep) last.mul += e.mul;
      else out.push({ mul: e.mul, irrep: e.irrep });
    }
    return new Irreps(out);
  }

  /**
   * Sorts the entries by irrep ({@link LorentzIrrep.compare}: m, then n), keeping the order of
   * equal irreps, and returns the permutation of the entries.
   * @example
   * ```ts
   * import { Irreps } from 'lorentz-irreps';
   * const s = Irreps.parse('1x(1,0)+2x(0,0)+3x(1,0)').sort();
   * console.assert(s.irreps.toString() === '2x(0,0)+1x(1,0)+3x(1,0)');
   * console.assert(s.inverse.join() === '1,0,2' && s.permutation.join() === '1,0,2');
   * ```
   */
  sort(): IrrepsSort {
    const inverse = this.entries.map((_, k) => k).sort((a, b) => LorentzIrrep.compare(this.entries[a].irrep, this.entries[b].irrep) || a - b);
    const permutation = new Array<number>(inverse.length);
    inverse.forEach((old, position) => {
      permutation[old] = position;
    });
    return Object.freeze({
      irreps: new Irreps(inverse.map((k) => this.entries[k])),
      permutation: Object.freeze(permutation),
      inverse: Object.freeze(inverse),
    });
  }

  /**
   * Keeps the entries that satisfy every rule given (see {@link IrrepsFilter}): `maxSpin` bounds both
   * m and n, `maxDim` bounds the irrep's dimension, `keep` lists the irreps allowed.
   * @throws {@link ConfigError} if `maxSpin` or `maxDim` is not a finite non-negative number, or
   *   `keep` is not IrrepsLike.
   * @example
   * ```ts
   * import { Irreps } from 'lorentz-irreps';
   * const x = Irreps.parse('1x(0,0)+2x(1/2,1/2)+1x(1,0)+1x(1,1)');
   * console.assert(x.filter({ maxSpin: 0.5 }).toString() === '1x(0,0)+2x(1/2,1/2)');
   * console.assert(x.filter({ maxDim: 3 }).toString() === '1x(0,0)+1x(1,0)');
   * console.assert(x.filter({ keep: '(1,1)+(0,0)' }).toString() === '1x(0,0)+1x(1,1)');
   * ```
   */
  filter(options: IrrepsFilter): Irreps {
    return this.filterWith('Irreps.filter', options);
  }

  private filterWith(fn: string, options: IrrepsFilter): Irreps {
    if (options === null || typeof options !== 'object') {
      throw new ConfigError(invalid(fn, 'options', 'an object { maxSpin?, maxDim?, keep? }', options));
    }
    const maxSpin = checkLimit(fn, 'options.maxSpin', options.maxSpin);
    const maxDim = checkLimit(fn, 'options.maxDim', options.maxDim);
    let keep: Set<LorentzIrrep> | undefined;
    if (options.keep !== undefined) {
      try {
        keep = new Set(Array.from(Irreps.from(options.keep), (e) => e.irrep));
      } catch {
        throw new ConfigError(invalid(fn, 'options.keep', 'IrrepsLike (text, Irreps, or a list of irreps)', options.keep));
      }
    }
    const out = this.entries.filter(
      (e) =>
        (maxSpin === undefined || (e.irrep.m <= maxSpin && e.irrep.n <= maxSpin)) &&
        (maxDim === undefined || e.irrep.dim <= maxDim) &&
        (keep === undefined || keep.has(e.irrep)),
    );
    return new Irreps(out);
  }

  /**
   * The entries of this followed by those of `other`.
   * @example
   * ```ts
   * import { Irreps } from 'lorentz-irreps';
   * console.assert(Irreps.parse('(0,0)').concat('2x(1,0)').toString() === '1x(0,0)+2x(1,0)');
   * ```
   */
  concat(other: IrrepsLike): Irreps {
    return new Irreps([...this.entries, ...Irreps.from(other).entries]);
  }

  /**
   * Total multiplicity of `irrep` over all entries.
   * @throws {@link IrrepError} if `irrep` is not a LorentzIrrep or irrep text.
   */
  count(irrep: LorentzIrrep | string): number {
    const target = toIrrep('Irreps.count', 'irrep', irrep);
    return this.entries.reduce((s, e) => s + (e.irrep === target ? e.mul : 0), 0);
  }

  /** True when `other` has the same entries in the same order (not merged: compare `simplify()`s for that). */
  equals(other: Irreps): boolean {
    return (
      other instanceof Irreps &&
      other.entries.length === this.entries.length &&
      this.entries.every((e, k) => e.mul === other.entries[k].mul && e.irrep === other.entries[k].irrep)
    );
  }

  /** The text form, e.g. "2x(0,0)+3x(1/2,1/2)" ("" when empty); {@link Irreps.parse} reads it back. */
  toString(): string {
    return this.entries.map((e) => `${e.mul}x${e.irrep}`).join('+');
  }

  /** JSON form: the text form. */
  toJSON(): string {
    return this.toString();
  }
}

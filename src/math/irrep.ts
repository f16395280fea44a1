/**
 * The finite-dimensional irreducible representations (m, n) of the Lorentz group SO+(3,1)
 * (of its double cover SL(2,C) for half-integer m + n), as immutable value objects.
 *
 * @packageDocumentation
 */
import { IrrepError, invalid } from '../errors';

/** Formats a non-negative half-integer as "0", "1/2", "1", "3/2", ... */
export function formatSpin(spin: number): string {
  const twice = Math.round(2 * spin);
  return twice % 2 === 0 ? String(twice / 2) : `${twice}/2`;
}

/**
 * Reads a spin given as a number (0, 0.5, 1, ...) or as text ("0", "1/2", "3/2", "1.5").
 * Returns NaN when the text is not a number or fraction; validity is checked by the caller.
 */
function readSpin(value: number | string): number {
  if (typeof value === 'number') return value;
  if (typeof value !== 'string') return Number.NaN;
  const text = value.trim();
  const frac = /^([+-]?\d+)\s*\/\s*(\d+)$/.exec(text);
  if (frac) return Number(frac[1]) / Number(frac[2]);
  if (!/^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(text)) return Number.NaN;
  return Number(text);
}

function checkSpin(fn: string, argument: string, given: unknown, spin: number): void {
  if (!Number.isFinite(spin) || spin < 0 || !Number.isInteger(2 * spin)) {
    throw new IrrepError(invalid(fn, argument, 'a non-negative half-integer (0, 1/2, 1, 3/2, ...)', given));
  }
}

const INTERNED = new Map<string, LorentzIrrep>();

/**
 * An irrep (m, n) of the Lorentz group, m and n non-negative half-integers; dim = (2m+1)(2n+1).
 * (0,0) is a scalar, (1/2,1/2) a four-vector, (1,0)+(0,1) an antisymmetric tensor.
 *
 * Instances are immutable and interned: `LorentzIrrep.of(1/2, 1/2) === LorentzIrrep.of('1/2', '1/2')`.
 * Compare with {@link LorentzIrrep.equals} all the same.
 *
 * @example
 * ```ts
 * import { LorentzIrrep } from 'lorentz-irreps';
 * const v = LorentzIrrep.parse('(1/2,1/2)');
 * console.assert(v.dim === 4 && v.toString() === '(1/2,1/2)');
 * console.assert(v.equals(LorentzIrrep.fromDoubled(1, 1)));
 * ```
 */
export class LorentzIrrep {
  /** First spin label m (a non-negative half-integer). */
  readonly m: number;
  /** Second spin label n (a non-negative half-integer). */
  readonly n: number;
  /** Dimension (2m+1)(2n+1). */
  readonly dim: number;

  private constructor(m: number, n: number) {
    this.m = m;
    this.n = n;
    this.dim = (2 * m + 1) * (2 * n + 1);
    Object.freeze(this);
  }

  /**
   * The irrep (m, n).
   * @param m - a non-negative half-integer, as a number (0.5) or text ("1/2").
   * @param n - likewise.
   * @throws {@link IrrepError} if a spin is negative, not a half-integer (e.g. 1/3), or NaN.
   */
  static of(m: number | string, n: number | string): LorentzIrrep {
    const mm = readSpin(m);
    const nn = readSpin(n);
    checkSpin('LorentzIrrep.of', 'm', m, mm);
    checkSpin('LorentzIrrep.of', 'n', n, nn);
    const key = `${2 * mm},${2 * nn}`;
    let irrep = INTERNED.get(key);
    if (irrep === undefined) {
      irrep = new LorentzIrrep(mm, nn);
      INTERNED.set(key, irrep);
    }
    return irrep;
  }

  /**
   * The irrep from the doubled integer labels (k, n) = (2m, 2n) used by the LGN/LGAE reference codes.
   * @throws {@link IrrepError} if a label is not a non-negative integer.
   */
  static fromDoubled(k: number, n: number): LorentzIrrep {
    for (const [argument, value] of [['k', k], ['n', n]] as const) {
      if (!Number.isInteger(value) || value < 0) {
        throw new IrrepError(invalid('LorentzIrrep.fromDoubled', argument, 'a non-negative integer (twice the spin)', value));
      }
    }
    return LorentzIrrep.of(k / 2, n / 2);
  }

  /**
   * Parses the text form "(m,n)", e.g. "(1/2,1/2)", "(0,0)", "(1,0)", "(3/2, 1/2)".
   * @throws {@link IrrepError} on malformed text or invalid spins.
   */
  static parse(text: string): LorentzIrrep {
    if (typeof text !== 'string') {
      throw new IrrepError(invalid('LorentzIrrep.parse', 'text', 'a string of the form "(m,n)"', text));
    }
    const match = /^\s*\(\s*([^,()\s]+)\s*,\s*([^,()\s]+)\s*\)\s*$/.exec(text);
    if (!match) {
      throw new IrrepError(invalid('LorentzIrrep.parse', 'text', 'a string of the form "(m,n)" such as "(1/2,1/2)"', text));
    }
    const m = readSpin(match[1]);
    const n = readSpin(match[2]);
    checkSpin('LorentzIrrep.parse', 'text', text, m);
    checkSpin('LorentzIrrep.parse', 'text', text, n);
    return LorentzIrrep.of(m, n);
  }

  /** The doubled integer labels [2m, 2n] of the reference codes. */
  toDoubled(): [number, number] {
    return [Math.round(2 * this.m), Math.round(2 * this.n)];
  }

  /** True when `other` is the same irrep. */
  equals(other: LorentzIrrep): boolean {
    return other instanceof LorentzIrrep && other.m === this.m && other.n === this.n;
  }

  /** The complex-conjugate irrep (n, m). */
  conjugate(): LorentzIrrep {
    return LorentzIrrep.of(this.n, this.m);
  }

  /** True when m + n is an integer: a representation of SO+(3,1) itself, not only of SL(2,C). */
  get isTensor(): boolean {
    return Number.isInteger(this.m + this.n);
  }

  /** The SU(2) spins of the rotation subgroup in this irrep, |m-n|, ..., m+n ascending. */
  spins(): number[] {
    const out: number[] = [];
    for (let l = Math.abs(this.m - this.n); l <= this.m + this.n + 1e-9; l += 1) out.push(l);
    return out;
  }

  /**
   * The irreps in the tensor product this (x) other, each once:
   * (M, N) for M = |m1-m2|..m1+m2 and N = |n1-n2|..n1+n2, M ascending, then N ascending.
   */
  times(other: LorentzIrrep): LorentzIrrep[] {
    if (!(other instanceof LorentzIrrep)) {
      throw new IrrepError(invalid('LorentzIrrep.times', 'other', 'a LorentzIrrep', other));
    }
    const out: LorentzIrrep[] = [];
    for (let M = Math.abs(this.m - other.m); M <= this.m + other.m + 1e-9; M += 1) {
      for (let N = Math.abs(this.n - other.n); N <= this.n + other.n + 1e-9; N += 1) {
        out.push(LorentzIrrep.of(M, N));
      }
    }
    return out;
  }

  /** Orders irreps by m, then n (the order used for outputs of products). */
  static compare(a: LorentzIrrep, b: LorentzIrrep): number {
    return a.m - b.m || a.n - b.n;
  }

  /** The text form "(m,n)", e.g. "(1/2,1/2)"; {@link LorentzIrrep.parse} reads it back. */
  toString(): string {
    return `(${formatSpin(this.m)},${formatSpin(this.n)})`;
  }

  /** JSON form: the text form. */
  toJSON(): string {
    return this.toString();
  }
}

/**
 * Builder and private cache of exact Lorentz Clebsch-Gordan tables (internal; the public face is
 * lorentz-cg.ts).
 *
 * Product basis: <(m1,n1) a1 b1; (m2,n2) a2 b2 | (m,n) a b> = <m1 a1; m2 a2 | m a> <n1 b1; n2 b2 | n b>.
 *
 * Canonical basis: H[i1, i2, i] = sum C1[i1,p1] C2[i2,p2] C[i,p] Hprod[p1,p2,p]. The canonical
 * vectors |l, mu> of each irrep are standard (Condon-Shortley) bases of SU(2) spin l under the
 * rotations J = A + B, and H is an intertwiner of rotations, so by the Wigner-Eckart theorem
 *
 *   H[(l1,mu1), (l2,mu2), (l,mu)] = <l1 mu1; l2 mu2 | l mu> R(l1, l2, l)
 *
 * with one reduced coefficient R per triple of blocks. R is obtained from one entry of the defining
 * sum, evaluated exactly (every term is a product of five SU(2) coefficients, a rational times the
 * square root of a squarefree integer; terms are grouped by radicand and the total must collapse to
 * one radicand, otherwise an internal error is thrown), divided by its SU(2) coefficient. The entry
 * is chosen so that the sum has the fewest terms. Every table entry is then an exact product of two
 * exact numbers. (R equals sqrt((2l1+1)(2l2+1)(2m+1)(2n+1)) times a Wigner 9j symbol; the tests
 * check the factorized tables against the dense defining sum in floats.)
 *
 * Sharing, so that all tables with spins up to 2 build in well under a second: each R is summed
 * once for the four tables related by exchanging the inputs and conjugating the irreps (see
 * ReducedLookup); the value ids of a block <l1 mu1; l2 mu2 | l mu> R are computed once per exact R;
 * and each distinct exact value is stored once, in the value pool.
 *
 * @packageDocumentation
 * @internal
 */
import { NumericsError, invalid } from '../errors';
import { FastProduct, FastSum, type FastRadical, fastSquare } from './exact-product';
import { maskProduct } from './integer';
import { type Radical, RadicalSum, radical, radicalDiv, radicalTimes, radicalToSqrtRational } from './radical';
import { type Su2Entry, su2Doubled } from './su2-cg';
import { internSquare, internValue, negateId } from './value-pool';

/** Which basis a table is written in. */
export type CGBasis = 'canonical' | 'product';

/**
 * One exact table in compact form. Entry k is H[i1, i2, i] with (i1, i2, i) = index[3k..3k+2]
 * and value id value[k] in the value pool (value-pool.ts). Entries are sorted by (i1, i2, i).
 * Shared by the cache: never mutated, never handed out.
 */
export interface ExactTable {
  readonly d1: number;
  readonly d2: number;
  readonly d: number;
  readonly size: number;
  readonly index: Uint16Array | Int32Array;
  readonly value: Int32Array;
}

/**
 * Storage for the entries of the table being built: one scratch buffer, grown on demand and reused
 * for every table; finish() copies out exactly the entries written.
 */
class TableWriter {
  private size = 0;
  /** Component indices: 16-bit while every dimension fits (the usual case), else 32-bit. */
  private index: Uint16Array | Int32Array = new Uint16Array(3 * 4096);
  private values = new Int32Array(4096);
  /** Starts a new table whose largest dimension is `dim`. */
  reset(dim: number): void {
    this.size = 0;
    const wide = dim > 0xffff;
    if (wide !== this.index instanceof Int32Array) this.index = wide ? new Int32Array(this.index.length) : new Uint16Array(this.index.length);
  }

  /** Appends the entry H[i1, i2, i] with value `id` from the value pool. */
  push(i1: number, i2: number, i: number, id: number): void {
    const k = this.size;
    if (k === this.values.length) this.grow();
    this.index[3 * k] = i1;
    this.index[3 * k + 1] = i2;
    this.index[3 * k + 2] = i;
    this.values[k] = id;
    this.size = k + 1;
  }

  private grow(): void {
    const index = this.index instanceof Int32Array ? new Int32Array(2 * this.index.length) : new Uint16Array(2 * this.index.length);
    index.set(this.index);
    this.index = index;
    const values = new Int32Array(2 * this.values.length);
    values.set(this.values);
    this.values = values;
  }

  finish(d1: number, d2: number, d: number): ExactTable {
    const n = this.size;
    const index = this.index instanceof Int32Array ? ARENA.int32(3 * n) : ARENA.uint16(3 * n);
    index.set(this.index.subarray(0, 3 * n));
    const value = ARENA.int32(n);
    value.set(this.values.subarray(0, n));
    return Object.freeze({ d1, d2, d, size: n, index, value });
  }
}

const PAIR = new Float64Array(2);
const PRODUCT = new FastProduct();

/** The value-pool id of the exact product x * y of two non-zero numbers (float64 integers when they fit, else BigInt). */
function productId(x: Su2Entry, y: Su2Entry | Reduced): number {
  const p = PRODUCT.set(x).times(y);
  return p.ok && fastSquare(p, PAIR)
    ? internSquare(p.n < 0 ? -PAIR[0] : PAIR[0], PAIR[1])
    : internValue(radicalToSqrtRational(radicalTimes(x.radical, radicalOf(y))));
}

/**
 * Storage of cached tables: views into large blocks, so that thousands of small tables cost few
 * allocations. Views never leave this module family (public accessors copy them).
 */
class Arena {
  private block = new ArrayBuffer(0);
  private used = 0;

  private take(bytes: number): number {
    const start = (this.used + 7) & ~7;
    if (start + bytes > this.block.byteLength) {
      this.block = new ArrayBuffer(Math.max(bytes, 1 << 20));
      this.used = 0;
      return this.take(bytes);
    }
    this.used = start + bytes;
    return start;
  }

  uint16(n: number): Uint16Array {
    const offset = this.take(2 * n);
    return new Uint16Array(this.block, offset, n);
  }

  int32(n: number): Int32Array {
    const offset = this.take(4 * n);
    return new Int32Array(this.block, offset, n);
  }
}

const ARENA = new Arena();

/** Doubled labels of the three irreps: [2m1, 2n1, 2m2, 2n2, 2m, 2n]. */
export type DoubledLabels = readonly [number, number, number, number, number, number];

/** True when (m, n) occurs in (m1, n1) (x) (m2, n2). */
export function inProduct(t: DoubledLabels): boolean {
  const [tm1, tn1, tm2, tn2, tm, tn] = t;
  const ok = (a: number, b: number, c: number) => c >= Math.abs(a - b) && c <= a + b && (a + b + c) % 2 === 0;
  return ok(tm1, tm2, tm) && ok(tn1, tn2, tn);
}

function buildProduct(t: DoubledLabels, w: TableWriter): void {
  const [tm1, tn1, tm2, tn2, tm, tn] = t;
  for (let ta1 = -tm1; ta1 <= tm1; ta1 += 2) {
    for (let tb1 = -tn1; tb1 <= tn1; tb1 += 2) {
      const i1 = ((ta1 + tm1) / 2) * (tn1 + 1) + (tb1 + tn1) / 2;
      for (let ta2 = -tm2; ta2 <= tm2; ta2 += 2) {
        const ta = ta1 + ta2;
        if (ta < -tm || ta > tm) continue;
        const cm = su2Doubled(tm1, ta1, tm2, ta2, tm, ta);
        if (cm.n === 0) continue;
        for (let tb2 = -tn2; tb2 <= tn2; tb2 += 2) {
          const tb = tb1 + tb2;
          if (tb < -tn || tb > tn) continue;
          const cn = su2Doubled(tn1, tb1, tn2, tb2, tn, tb);
          if (cn.n === 0) continue;
          const i2 = ((ta2 + tm2) / 2) * (tn2 + 1) + (tb2 + tn2) / 2;
          const i = ((ta + tm) / 2) * (tn + 1) + (tb + tn) / 2;
          w.push(i1, i2, i, productId(cm, cn));
        }
      }
    }
  }
}

/**
 * A reduced coefficient R(l1, l2, l): in float64 integers when they fit (mask >= 0), and as a BigInt
 * radical (made on demand for the former).
 */
interface Reduced extends FastRadical {
  radical: Radical | null;
  /** Its id in the value pool, or -1 until first needed. */
  id: number;
}

/** The BigInt radical of an exact number held in either form. */
function radicalOf(x: Su2Entry | Reduced): Radical {
  if (x.radical === null) {
    const r = x as Reduced;
    r.radical = radical(BigInt(r.n), BigInt(r.d), BigInt(r.mask === 0 ? 1 : maskProduct(r.mask)));
  }
  return x.radical as Radical;
}

/** Number of a with |a| <= m, |mu - a| <= n (doubled labels): the terms of a canonical row. */
function rowTerms(tm: number, tn: number, tmu: number): number {
  return (Math.min(tm, tmu + tn) - Math.max(-tm, tmu - tn)) / 2 + 1;
}

const SUM = new FastSum();
const TERM = new FastProduct();
/** Scratch list of the factors of the terms of one sum, five per term. */
const FACTORS: Su2Entry[] = [];

/**
 * Writes to FACTORS the five SU(2) factors C1, C2, Hm, Hn, Cout of each term of the defining sum of
 * the canonical entry H[(l1,mu1), (l2,mu2), (l,mu)], skipping terms with a zero factor, and returns
 * the number of terms.
 */
function collectTerms(t: DoubledLabels, tl1: number, tmu1: number, tl2: number, tmu2: number, tl: number): number {
  const tm1 = t[0];
  const tn1 = t[1];
  const tm2 = t[2];
  const tn2 = t[3];
  const tm = t[4];
  const tn = t[5];
  const tmu = tmu1 + tmu2;
  let count = 0;
  for (let ta1 = Math.max(-tm1, tmu1 - tn1); ta1 <= Math.min(tm1, tmu1 + tn1); ta1 += 2) {
    const tb1 = tmu1 - ta1;
    const c1 = su2Doubled(tm1, ta1, tn1, tb1, tl1, tmu1);
    if (c1.n === 0) continue;
    for (let ta2 = Math.max(-tm2, tmu2 - tn2); ta2 <= Math.min(tm2, tmu2 + tn2); ta2 += 2) {
      const tb2 = tmu2 - ta2;
      const ta = ta1 + ta2;
      const tb = tb1 + tb2;
      if (ta < -tm || ta > tm || tb < -tn || tb > tn) continue;
      const c2 = su2Doubled(tm2, ta2, tn2, tb2, tl2, tmu2);
      const hm = su2Doubled(tm1, ta1, tm2, ta2, tm, ta);
      const hn = su2Doubled(tn1, tb1, tn2, tb2, tn, tb);
      const co = su2Doubled(tm, ta, tn, tb, tl, tmu);
      if (c2.n === 0 || hm.n === 0 || hn.n === 0 || co.n === 0) continue;
      const k = 5 * count++;
      FACTORS[k] = c1;
      FACTORS[k + 1] = c2;
      FACTORS[k + 2] = hm;
      FACTORS[k + 3] = hn;
      FACTORS[k + 4] = co;
    }
  }
  return count;
}

function collapseError(detail: string): NumericsError {
  return new NumericsError(
    invalid('cgCoefficients', 'sum', 'a single rational times one square root (internal error: the exact sum did not collapse)', detail),
  );
}

/** The exact sum of the collected terms in float64 integers, or null when an integer would pass 2^53. */
function fastTotal(count: number): FastRadical | null {
  SUM.reset();
  for (let k = 0; k < 5 * count; k += 5) {
    TERM.set(FACTORS[k]).times(FACTORS[k + 1]).times(FACTORS[k + 2]).times(FACTORS[k + 3]).times(FACTORS[k + 4]);
    if (!TERM.ok) return null;
    SUM.add(TERM);
  }
  if (!SUM.ok) return null;
  if (SUM.radicands() > 1) throw collapseError(`the terms have ${SUM.radicands()} distinct radicands`);
  return SUM.single();
}

/** The exact sum of the collected terms in BigInt arithmetic. */
function bigTotal(count: number): Radical {
  const sum = new RadicalSum();
  for (let k = 0; k < 5 * count; k += 5) {
    const f = FACTORS.slice(k, k + 5).map(radicalOf);
    sum.add(radicalTimes(radicalTimes(radicalTimes(f[0], f[1]), radicalTimes(f[2], f[3])), f[4]));
  }
  return sum.collapse('cgCoefficients');
}

/** The reduced coefficient R(l1, l2, l) of a canonical table, or null when it is zero. */
function reduced(t: DoubledLabels, tl1: number, tl2: number, tl: number): Reduced | null {
  const tm1 = t[0];
  const tn1 = t[1];
  const tm2 = t[2];
  const tn2 = t[3];
  // The entry (mu1, mu2) whose defining sum has the fewest terms and whose SU(2) factor is non-zero.
  let factor: Su2Entry | null = null;
  let best = Number.POSITIVE_INFINITY;
  let tmu1 = 0;
  let tmu2 = 0;
  for (let u1 = -tl1; u1 <= tl1; u1 += 2) {
    const cost1 = rowTerms(tm1, tn1, u1);
    for (let u2 = Math.max(-tl2, -tl - u1); u2 <= Math.min(tl2, tl - u1); u2 += 2) {
      const cost = cost1 * rowTerms(tm2, tn2, u2);
      if (cost >= best) continue;
      const c = su2Doubled(tl1, u1, tl2, u2, tl, u1 + u2);
      if (c.n === 0) continue;
      factor = c;
      best = cost;
      tmu1 = u1;
      tmu2 = u2;
    }
  }
  if (factor === null) return null;
  const count = collectTerms(t, tl1, tmu1, tl2, tmu2, tl);
  const fast = fastTotal(count);
  if (fast !== null) {
    if (fast.n === 0) return null;
    const r = new FastProduct().set(fast).divide(factor);
    if (r.ok) return { n: r.n, d: r.d, mask: r.mask, radical: null, id: -1 };
  }
  const total = bigTotal(count);
  if (total.n === 0n) return null;
  return { n: Number.NaN, d: Number.NaN, mask: -1, radical: radicalDiv(total, factor.radical), id: -1 };
}

/** Memo of reduced coefficients: by the table's labels, then by the block (l1, l2, l). */
const REDUCED = new Map<number | string, Map<number, Reduced | null>>();

/** A memo key for six doubled labels: a small integer when all are below 32, text otherwise. */
export function labelsKey(t: DoubledLabels): number | string {
  let key = 0;
  for (let k = 0; k < 6; k++) {
    if (t[k] >= 32) return t.join(',');
    key = key * 32 + t[k];
  }
  return key;
}

/** (-1)^(x/2) for an even doubled label x. */
const phase = (x: number) => ((x / 2) % 2 === 0 ? 1 : -1);

/**
 * The reduced coefficients R(l1, l2, l) of one table t, from a memo shared by the four tables related
 * by exchanging the inputs (E) and conjugating every irrep (m, n) -> (n, m) (K), so that each R is
 * summed once:
 * - E: (m2,n2) (x) (m1,n1) -> (m,n), block (l2, l1, l): R' = (-1)^(m1+m2-m + n1+n2-n + l1+l2-l) R,
 *   from <j2 a2; j1 a1 | j a> = (-1)^(j1+j2-j) <j1 a1; j2 a2 | j a> applied to the two SU(2)
 *   factors of the product basis and to the block coefficient;
 * - K: (n1,m1) (x) (n2,m2) -> (n,m), same block: R' = (-1)^(m1+n1-l1 + m2+n2-l2 + m+n-l) R, from
 *   the same relation applied to the canonical change of basis of each of the three irreps.
 * Of the four (table, block) variants, the one with the smallest labels (table first) is summed.
 */
class ReducedLookup {
  private readonly variants: DoubledLabels[];
  private readonly keys: (number | string)[];
  private readonly memos: Map<number, Reduced | null>[];
  /** Rank of each variant's table labels among the four (equal labels, equal rank). */
  private readonly ranks: number[];
  /** The sign of the last result: R = sign * (returned value). */
  sign = 1;

  constructor(private readonly t: DoubledLabels) {
    // E swaps the inputs (labels 0,1 with 2,3); K swaps m and n in each irrep.
    this.variants = [t, [t[2], t[3], t[0], t[1], t[4], t[5]], [t[1], t[0], t[3], t[2], t[5], t[4]], [t[3], t[2], t[1], t[0], t[5], t[4]]];
    this.keys = [];
    this.memos = [];
    for (let v = 0; v < 4; v++) {
      const key = labelsKey(this.variants[v]);
      let memo = REDUCED.get(key);
      if (memo === undefined) {
        memo = new Map();
        REDUCED.set(key, memo);
      }
      this.keys.push(key);
      this.memos.push(memo);
    }
    // Numbers sort before text; keys of one kind compare by value.
    this.ranks = [0, 0, 0, 0];
    for (let v = 0; v < 4; v++) {
      for (let w = 0; w < 4; w++) {
        const a = this.keys[w];
        const b = this.keys[v];
        if (typeof a === typeof b ? a < b : typeof a === 'number') this.ranks[v]++;
      }
    }
  }

  /** R(l1, l2, l) of the table, up to the sign left in `sign`. */
  get(tl1: number, tl2: number, tl: number): Reduced | null {
    const t = this.t;
    // Variants 1 and 3 swap l1 and l2; compare (table key, block) pairs.
    let which = 0;
    for (let v = 1; v < 4; v++) {
      const a = v % 2 === 1 ? tl2 : tl1;
      const b = v % 2 === 1 ? tl1 : tl2;
      const c = which % 2 === 1 ? tl2 : tl1;
      const d = which % 2 === 1 ? tl1 : tl2;
      const byTable = this.ranks[v] - this.ranks[which];
      if (byTable < 0 || (byTable === 0 && (a < c || (a === c && b < d)))) which = v;
    }
    const l1 = which % 2 === 1 ? tl2 : tl1;
    const l2 = which % 2 === 1 ? tl1 : tl2;
    const blockKey = (l1 * 1024 + l2) * 1024 + tl;
    const memo = this.memos[which];
    let r = memo.get(blockKey);
    if (r === undefined) {
      r = reduced(this.variants[which], l1, l2, tl);
      memo.set(blockKey, r);
    }
    const signE = phase(t[0] + t[2] - t[4] + t[1] + t[3] - t[5] + tl1 + tl2 - tl);
    const signK = phase(t[0] + t[1] - tl1 + t[2] + t[3] - tl2 + t[4] + t[5] - tl);
    this.sign = which === 0 ? 1 : which === 1 ? signE : which === 2 ? signK : signE * signK;
    return r;
  }
}

/** Doubled rotation spins of (m, n): |m-n|, ..., m+n. */
function blockSpins(tm: number, tn: number): readonly number[] {
  const key = tm * 4096 + tn;
  let out = SPINS.get(key);
  if (out === undefined) {
    out = [];
    for (let tl = Math.abs(tm - tn); tl <= tm + tn; tl += 2) out.push(tl);
    SPINS.set(key, out);
  }
  return out;
}

const SPINS = new Map<number, number[]>();

/** The value-pool id of a reduced coefficient. */
function reducedId(r: Reduced): number {
  if (r.id < 0) {
    r.id = r.mask >= 0 && fastSquare(r, PAIR) ? internSquare(r.n < 0 ? -PAIR[0] : PAIR[0], PAIR[1]) : internValue(radicalToSqrtRational(radicalOf(r)));
  }
  return r.id;
}

/**
 * Value ids of blocks <l1 mu1; l2 mu2 | l mu> R for every (mu1, mu2), -1 where the entry is zero,
 * stored one after another in BLOCK_POOL; a block starts at an offset and is indexed by
 * ((mu1 + l1) (2 l2 + 1) + mu2 + l2) (doubled labels). A block is shared by all tables with the same
 * (l1, l2, l) and the same exact R (about half of them).
 */
let BLOCK_POOL = new Int32Array(1 << 16);
let blockPoolSize = 0;
/** Block offsets by (value id of R, l1, l2, l). */
const BLOCK_OFFSETS = new Map<number | string, number>();

function newBlock(length: number): number {
  if (blockPoolSize + length > BLOCK_POOL.length) {
    const grown = new Int32Array(Math.max(2 * BLOCK_POOL.length, blockPoolSize + length));
    grown.set(BLOCK_POOL.subarray(0, blockPoolSize));
    BLOCK_POOL = grown;
  }
  const offset = blockPoolSize;
  blockPoolSize += length;
  return offset;
}

/** The offset in BLOCK_POOL of the block of sign * r. */
function blockOffset(tl1: number, tl2: number, tl: number, r: Reduced, sign: number): number {
  const id = reducedId(r);
  const signedId = sign === 1 ? id : negateId(id);
  const key = (tl1 | tl2) < 128 && tl < 256 && signedId < 2 ** 30 ? signedId * 2 ** 22 + (tl1 * 128 + tl2) * 256 + tl : `${signedId},${tl1},${tl2},${tl}`;
  let offset = BLOCK_OFFSETS.get(key);
  if (offset !== undefined) return offset;
  const length = (tl1 + 1) * (tl2 + 1);
  if (sign !== 1) {
    // The negated block of +r.
    const plus = blockOffset(tl1, tl2, tl, r, 1);
    offset = newBlock(length);
    for (let k = 0; k < length; k++) {
      const v = BLOCK_POOL[plus + k];
      BLOCK_POOL[offset + k] = v < 0 ? -1 : negateId(v);
    }
  } else {
    offset = newBlock(length);
    let k = offset;
    for (let tmu1 = -tl1; tmu1 <= tl1; tmu1 += 2) {
      for (let tmu2 = -tl2; tmu2 <= tl2; tmu2 += 2, k++) {
        const tmu = tmu1 + tmu2;
        const cg = Math.abs(tmu) > tl ? null : su2Doubled(tl1, tmu1, tl2, tmu2, tl, tmu);
        BLOCK_POOL[k] = cg === null || cg.n === 0 ? -1 : productId(cg, r);
      }
    }
  }
  BLOCK_OFFSETS.set(key, offset);
  return offset;
}

/**
 * The exact values of a canonical table in block form: for each triple of blocks (l1, l2, l), in
 * the order of the spin lists, the offset in BLOCK_POOL of its value ids (-1: zero or not allowed).
 */
function canonicalBlocks(t: DoubledLabels): number[] {
  const spins1 = blockSpins(t[0], t[1]);
  const spins2 = blockSpins(t[2], t[3]);
  const spins = blockSpins(t[4], t[5]);
  const blocks: number[] = [];
  const lookup = new ReducedLookup(t);
  for (let k1 = 0; k1 < spins1.length; k1++) {
    for (let k2 = 0; k2 < spins2.length; k2++) {
      for (let k = 0; k < spins.length; k++) {
        const tl1 = spins1[k1];
        const tl2 = spins2[k2];
        const tl = spins[k];
        const r = tl < Math.abs(tl1 - tl2) || tl > tl1 + tl2 ? null : lookup.get(tl1, tl2, tl);
        blocks.push(r === null ? -1 : blockOffset(tl1, tl2, tl, r, lookup.sign));
      }
    }
  }
  return blocks;
}

/** Writes the entries of a canonical table from its blocks, sorted by (i1, i2, i). */
function expandCanonical(t: DoubledLabels, blocks: readonly number[], w: TableWriter): void {
  const tm = t[4];
  const tn = t[5];
  const spins1 = blockSpins(t[0], t[1]);
  const spins2 = blockSpins(t[2], t[3]);
  const spins = blockSpins(tm, tn);
  const lo = Math.abs(tm - tn);
  const pool = BLOCK_POOL;
  let i1 = 0;
  for (let k1 = 0; k1 < spins1.length; k1++) {
    const tl1 = spins1[k1];
    for (let tmu1 = -tl1; tmu1 <= tl1; tmu1 += 2, i1++) {
      let i2 = 0;
      for (let k2 = 0; k2 < spins2.length; k2++) {
        const tl2 = spins2[k2];
        const base = (k1 * spins2.length + k2) * spins.length;
        const row = ((tmu1 + tl1) / 2) * (tl2 + 1);
        for (let tmu2 = -tl2; tmu2 <= tl2; tmu2 += 2, i2++) {
          const tmu = tmu1 + tmu2;
          const at = row + (tmu2 + tl2) / 2;
          for (let k = 0; k < spins.length; k++) {
            const offset = blocks[base + k];
            if (offset < 0) continue;
            const id = pool[offset + at];
            if (id < 0) continue;
            const tl = spins[k];
            // Canonical index of (l, mu): blocks before l hold l^2 - lo^2 vectors (doubled: (tl^2 - lo^2)/4).
            w.push(i1, i2, (tl * tl - lo * lo) / 4 + (tmu + tl) / 2, id);
          }
        }
      }
    }
  }
}

/** One cached table: its exact values (block form for the canonical basis) and, once asked for, its entry list. */
interface TableRecord {
  readonly t: DoubledLabels;
  readonly basis: CGBasis;
  /** Canonical basis: block offsets (see canonicalBlocks); null otherwise. */
  readonly blocks: readonly number[] | null;
  expanded: ExactTable | null;
}

const CACHE = { canonical: new Map<number | string, TableRecord>(), product: new Map<number | string, TableRecord>() };
const WRITER = new TableWriter();

const dim = (a: number, b: number) => (a + 1) * (b + 1);

function expand(record: TableRecord): ExactTable {
  const { t, basis, blocks } = record;
  WRITER.reset(Math.max(dim(t[0], t[1]), dim(t[2], t[3]), dim(t[4], t[5])));
  if (inProduct(t)) {
    if (basis === 'product') buildProduct(t, WRITER);
    else expandCanonical(t, blocks as readonly number[], WRITER);
  }
  return WRITER.finish(dim(t[0], t[1]), dim(t[2], t[3]), dim(t[4], t[5]));
}

/**
 * Computes the exact value of every coefficient of the table for doubled labels (valid,
 * non-negative integers) into the private cache, without listing its entries: canonical tables are
 * kept as blocks <l1 mu1; l2 mu2 | l mu> R (every value exact, in the value pool), product tables
 * as their entry list. Irreps outside the product give an empty table.
 */
export function prepareTable(t: DoubledLabels, basis: CGBasis): void {
  recordOf(t, basis);
}

function recordOf(t: DoubledLabels, basis: CGBasis): TableRecord {
  const cache = CACHE[basis];
  const key = labelsKey(t);
  let record = cache.get(key);
  if (record === undefined) {
    const canonical = basis === 'canonical' && inProduct(t);
    record = { t, basis, blocks: canonical ? canonicalBlocks(t) : null, expanded: null };
    if (!canonical) record.expanded = expand(record);
    cache.set(key, record);
  }
  return record;
}

/** The exact table for doubled labels as an entry list (see {@link ExactTable}), from the private cache. */
export function exactTable(t: DoubledLabels, basis: CGBasis): ExactTable {
  const record = recordOf(t, basis);
  if (record.expanded === null) record.expanded = expand(record);
  return record.expanded;
}

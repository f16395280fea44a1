/**
 * Source-text generation for gpu.js kernels. Every tensor lives in a flat 1-D buffer (row-major),
 * and every kernel has a 1-D output of the tensor's size, so one GPU thread computes one output
 * element from `this.thread.x`. Multi-indices are recovered by division with the extents baked
 * in as literals: each kernel is generated for one shape signature and compiled once.
 *
 * gpu.js turns the arithmetic into float32 GLSL on a GPU. Flat indices therefore stay exact up to
 * 2^24 elements, and each division is corrected by a second one so that a GPU division that is
 * off by a few ulp cannot pick the wrong quotient.
 *
 * @packageDocumentation
 */
import type { StridePlan } from '../cpu/broadcast';

/** Generated lines plus, per operand, the expression of its flat offset. */
export interface IndexCode {
  readonly lines: string[];
  readonly offsets: string[];
}

/** A numeric literal gpu.js reads as a number (integers stay integral in the text). */
export function lit(v: number): string {
  if (!Number.isFinite(v)) throw new RangeError(`codegen: non-finite literal ${v}`);
  return Object.is(v, -0) ? '0' : String(v);
}

/** `sum_d coords[d] * strides[d]` plus `base`, with zero terms (zero stride or coordinate `'0'`) and unit factors dropped. */
export function affine(coords: readonly string[], strides: readonly number[], base = '0'): string {
  const terms: string[] = base === '0' ? [] : [base];
  for (let d = 0; d < coords.length; d++) {
    const s = strides[d];
    if (s === 0 || coords[d] === '0') continue;
    terms.push(s === 1 ? coords[d] : `${coords[d]} * ${lit(s)}`);
  }
  return terms.length === 0 ? '0' : terms.join(' + ');
}

/**
 * Lines that split the integer-valued `x` into `q = floor(x / n)` and `r = x - q n`, exact for
 * 0 <= x < 2^24 even when the GPU's division is off by several ulp: the first quotient may miss
 * by a few units, and a second division of the small remainder (whose result is then far from
 * any rounding boundary) corrects it. Branch-free; every product is an exact float32 integer.
 */
export function divmod(q: string, r: string, x: string, n: number): string[] {
  const N = lit(n);
  const d = `${q}d`;
  return [
    `let ${q} = Math.floor((${x} + 0.5) / ${N});`,
    `let ${r} = ${x} - ${q} * ${N};`,
    `const ${d} = Math.floor((${r} + 0.5) / ${N});`,
    `${q} = ${q} + ${d};`,
    `${r} = ${r} - ${d} * ${N};`,
  ];
}

/**
 * Decomposes the flat row-major index `index` over `plan.shape` and returns, for every operand
 * of the plan, its offset `sum_d coord_d * plan.strides[k][d]`. `tag` keeps variable names unique
 * when a kernel decomposes more than one index.
 */
export function decompose(index: string, plan: StridePlan, tag: string): IndexCode {
  const shape = plan.shape;
  const r = shape.length;
  const lines: string[] = [];
  const coords = new Array<string>(r);
  // Innermost extent first: coordinate d = rest mod shape[d], rest = rest div shape[d].
  let rest = index;
  for (let d = r - 1; d >= 1; d--) {
    const q = `${tag}q${d}`;
    const c = `${tag}c${d}`;
    lines.push(...divmod(q, c, rest, shape[d]));
    coords[d] = c;
    rest = q;
  }
  coords[0] = rest;
  const offsets = plan.strides.map((s) => affine(coords, s));
  return { lines, offsets };
}

/** A gpu.js kernel function as source text: `function (args) { body }`. */
export function kernelSource(args: readonly string[], body: readonly string[]): string {
  return `function (${args.join(', ')}) {\n  ${body.join('\n  ')}\n}`;
}

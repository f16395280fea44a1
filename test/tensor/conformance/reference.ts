/**
 * Slow, obviously-correct references for the conformance suite: host arrays indexed by explicit
 * multi-indices, complex arithmetic from complex.js (an independent implementation), and
 * comparison helpers with per-backend tolerances.
 */
import Complex from 'complex.js';
import { expect } from 'vitest';
import { Random, complexTensor, tensor, type DType, type Tensor } from 'lorentz-irreps';

/** A host tensor: shape and row-major real / imaginary parts (im null for real). */
export interface Host {
  readonly shape: number[];
  readonly re: number[];
  readonly im: number[] | null;
}

/** Forward tolerances: |actual - expected| <= atol + rtol * |expected|. */
export interface Tolerance {
  readonly atol: number;
  readonly rtol: number;
}

export const size = (shape: readonly number[]): number => shape.reduce((p, d) => p * d, 1);

/** Multi-index of flat index `i` in `shape` (row-major). */
export function unravel(i: number, shape: readonly number[]): number[] {
  const idx = new Array<number>(shape.length);
  for (let d = shape.length - 1; d >= 0; d--) {
    idx[d] = i % shape[d];
    i = Math.floor(i / shape[d]);
  }
  return idx;
}

/** Flat index of a multi-index in `shape` (row-major). */
export function ravel(idx: readonly number[], shape: readonly number[]): number {
  let i = 0;
  for (let d = 0; d < shape.length; d++) i = i * shape[d] + idx[d];
  return i;
}

/** The element of `h` an output multi-index `outIdx` reads under broadcasting. */
export function broadcastRead(h: Host, outIdx: readonly number[]): Complex {
  const lead = outIdx.length - h.shape.length;
  const idx = h.shape.map((n, d) => (n === 1 ? 0 : outIdx[d + lead]));
  const i = ravel(idx, h.shape);
  return new Complex(h.re[i], h.im === null ? 0 : h.im[i]);
}

/** NumPy broadcast shape (assumed compatible). */
export function broadcastShape(...shapes: (readonly number[])[]): number[] {
  const rank = Math.max(...shapes.map((s) => s.length));
  const out: number[] = [];
  for (let d = 0; d < rank; d++) {
    let n = 1;
    for (const s of shapes) {
      const v = d < rank - s.length ? 1 : s[d - (rank - s.length)];
      if (v !== 1) n = v;
    }
    out.push(n);
  }
  return out;
}

/** Builds a host tensor from a function of the multi-index. */
export function build(shape: readonly number[], complex: boolean, fn: (idx: number[]) => Complex | number): Host {
  const n = size(shape);
  const re: number[] = [];
  const im: number[] = [];
  for (let i = 0; i < n; i++) {
    const v = fn(unravel(i, shape));
    const c = typeof v === 'number' ? new Complex(v, 0) : v;
    re.push(c.re);
    im.push(c.im);
  }
  return { shape: shape.slice(), re, im: complex ? im : null };
}

/** Draws a host tensor with normal entries (seeded). `positive` draws in [0.5, 2.5). */
export function draw(rng: Random, shape: readonly number[], complex: boolean, positive = false): Host {
  const n = size(shape);
  const v = () => (positive ? 0.5 + 2 * rng.uniform() : rng.normal());
  const re = Array.from({ length: n }, v);
  const im = complex ? Array.from({ length: n }, v) : null;
  return { shape: shape.slice(), re, im };
}

/**
 * Moves every value at least `margin` away from 0 (keeping its sign), so finite differences of
 * kinked functions (relu, abs) never straddle the kink.
 */
export function awayFromZero(h: Host, margin: number): Host {
  const push = (v: number) => (v < 0 ? v - margin : v + margin);
  return { shape: h.shape, re: h.re.map(push), im: h.im === null ? null : h.im.map(push) };
}

/**
 * Draws real values that are pairwise at least `gap` apart (a shuffled ladder), so that max/min
 * have no near-ties that a finite difference could swap.
 */
export function drawSeparated(rng: Random, shape: readonly number[], gap: number): Host {
  const n = size(shape);
  const order = rng.permutation(n);
  const re = Array.from(order, (k) => (k - n / 2) * gap + 0.1 * gap * rng.uniform());
  return { shape: shape.slice(), re, im: null };
}

/** A tensor holding a host tensor's values. */
export function toTensor(h: Host, dtype: DType): Tensor {
  return h.im === null ? tensor(h.re, h.shape, { dtype }) : complexTensor(h.re, h.im, h.shape, { dtype });
}

/** Reads a tensor back as a host tensor. */
export function toHost(t: Tensor): Host {
  if (!t.complex) return { shape: t.shape.slice(), re: Array.from(t.dataSync()), im: null };
  const { re, im } = t.reImSync();
  return { shape: t.shape.slice(), re: Array.from(re), im: Array.from(im) };
}

/** Asserts shape, complexity and values of `actual` (a tensor) against `expected`. */
export function expectClose(actual: Tensor, expected: Host, tol: Tolerance, what = ''): void {
  const a = toHost(actual);
  expect(a.shape, `${what} shape`).toEqual(expected.shape);
  expect(actual.complex, `${what} complex`).toBe(expected.im !== null);
  const check = (x: number[], y: number[], part: string) => {
    for (let i = 0; i < y.length; i++) {
      const ok = Object.is(x[i], y[i]) || Math.abs(x[i] - y[i]) <= tol.atol + tol.rtol * Math.abs(y[i]);
      if (!ok) expect.fail(`${what} ${part}[${i}]: got ${x[i]}, expected ${y[i]} (shape [${expected.shape}])`);
    }
  };
  check(a.re, expected.re, 're');
  if (expected.im !== null) check(a.im!, expected.im, 'im');
}

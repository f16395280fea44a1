/**
 * Shared CPU code of the fused kernels: float64 views and scratch buffers, and the Lorentzian-bell
 * edge weights of one jet with their backward pass (channels four at a time in registers).
 * Internal to the kernels of src/nn.
 *
 * @packageDocumentation
 */
import { cpuData } from '../../tensor/cpu/backend-cpu';
import type { FloatArray, TensorInfo } from '../../tensor/types';

/** `a` itself when it is a Float64Array, else a float64 copy. */
export function f64(a: FloatArray): Float64Array {
  return a instanceof Float64Array ? a : Float64Array.from(a);
}

const buffers = new Map<string, Float64Array>();

/** A reusable float64 scratch array of `length` (contents arbitrary unless `zero`); one per name. */
export function scratch(name: string, length: number, zero: boolean): Float64Array {
  let a = buffers.get(name);
  if (a === undefined || a.length < length) {
    a = new Float64Array(length);
    buffers.set(name, a);
    return a;
  }
  const view = a.length === length ? a : a.subarray(0, length);
  if (zero) view.fill(0);
  return view;
}

/** Bell parameters in float64, channels padded to a multiple of 4. */
export interface Bells {
  readonly k: number;
  readonly c: number;
  /** Channels rounded up to a multiple of 4. */
  readonly c4: number;
  /** exp(beta_k). */
  readonly b: Float64Array;
  /** c_k^2. */
  readonly c2: Float64Array;
  readonly a: Float64Array;
  readonly cc: Float64Array;
  /** u [K, c4], zero-padded. */
  readonly u: Float64Array;
  /** sum_k u_kc a_k [c4], the constant part of f_c. */
  readonly base: Float64Array;
}

/** Reads the inputs a, beta, c [K] and u [K, C] of a kernel. */
export function readBells(inputs: Readonly<Record<string, TensorInfo>>): Bells {
  const a = f64(cpuData(inputs.a).re);
  const beta = cpuData(inputs.beta).re;
  const cc = f64(cpuData(inputs.c).re);
  const u0 = cpuData(inputs.u).re;
  const [k, c] = inputs.u.shape;
  const c4 = 4 * Math.ceil(c / 4);
  const b = new Float64Array(k);
  const c2 = new Float64Array(k);
  const u = new Float64Array(k * c4);
  const base = new Float64Array(c4);
  for (let q = 0; q < k; q++) {
    b[q] = Math.exp(beta[q]);
    c2[q] = cc[q] * cc[q];
    for (let ch = 0; ch < c; ch++) {
      u[q * c4 + ch] = u0[q * c + ch];
      base[ch] += u0[q * c + ch] * a[q];
    }
  }
  return { k, c, c4, b, c2, a, cc, u, base };
}

/**
 * The symmetric weights of jet bb: w[(c N + i) N + j] = js m_i m_j f_c((p_i - p_j)^2) for i != j
 * (0 on the diagonal and for padding), over the C N N entries of `w`.
 */
export function jetWeights(f: Bells, p: Float64Array, m: Float64Array, js: number, bb: number, n: number, w: Float64Array): void {
  const { k, c, c4, b, c2, u, base } = f;
  const nn = n * n;
  w.fill(0, 0, c * nn);
  for (let i = 0; i < n; i++) {
    const ei = js * m[bb * n + i];
    if (ei === 0) continue;
    const pi = (bb * n + i) * 4;
    for (let j = i + 1; j < n; j++) {
      const e = ei * m[bb * n + j];
      if (e === 0) continue;
      const pj = (bb * n + j) * 4;
      const d0 = p[pi] - p[pj];
      const d1 = p[pi + 1] - p[pj + 1];
      const d2 = p[pi + 2] - p[pj + 2];
      const d3 = p[pi + 3] - p[pj + 3];
      const x = d0 * d0 - d1 * d1 - d2 * d2 - d3 * d3;
      const x2 = x * x;
      const ij = i * n + j;
      const ji = j * n + i;
      for (let c0 = 0; c0 < c4; c0 += 4) {
        let v0 = base[c0];
        let v1 = base[c0 + 1];
        let v2 = base[c0 + 2];
        let v3 = base[c0 + 3];
        for (let q = 0; q < k; q++) {
          const r = 1 / (b[q] + c2[q] * x2);
          const row = q * c4 + c0;
          v0 += u[row] * r;
          v1 += u[row + 1] * r;
          v2 += u[row + 2] * r;
          v3 += u[row + 3] * r;
        }
        const o = c0 * nn;
        w[o + ij] = w[o + ji] = e * v0;
        if (c0 + 1 < c) w[o + nn + ij] = w[o + nn + ji] = e * v1;
        if (c0 + 2 < c) w[o + 2 * nn + ij] = w[o + 2 * nn + ji] = e * v2;
        if (c0 + 3 < c) w[o + 3 * nn + ij] = w[o + 3 * nn + ji] = e * v3;
      }
    }
  }
}

/** Gradient accumulators of the bell parameters (u padded to c4 columns). */
export interface BellGradients {
  readonly a: Float64Array;
  readonly beta: Float64Array;
  readonly c: Float64Array;
  readonly u: Float64Array;
}

/** Zeroed accumulators for `f`. */
export function bellGradients(f: Bells): BellGradients {
  return { a: new Float64Array(f.k), beta: new Float64Array(f.k), c: new Float64Array(f.k), u: new Float64Array(f.k * f.c4) };
}

/**
 * The backward pass of {@link jetWeights} for jet bb: given gw = dL/dw over its C N N entries,
 * adds the gradients of the bell parameters to `acc` and those of the positions to gp [B, N, 4]
 * (the pair (i, j) gets gw[i][j] + gw[j][i], since both entries hold the same value).
 */
export function jetWeightsBackward(
  f: Bells, p: Float64Array, m: Float64Array, js: number, bb: number, n: number, gw: Float64Array, acc: BellGradients, gp: FloatArray,
): void {
  const { k, c, c4, b, c2, a, cc, u } = f;
  const nn = n * n;
  for (let i = 0; i < n; i++) {
    const ei = js * m[bb * n + i];
    if (ei === 0) continue;
    const pi = (bb * n + i) * 4;
    for (let j = i + 1; j < n; j++) {
      const e = ei * m[bb * n + j];
      if (e === 0) continue;
      const ij = i * n + j;
      const ji = j * n + i;
      const pj = (bb * n + j) * 4;
      const d0 = p[pi] - p[pj];
      const d1 = p[pi + 1] - p[pj + 1];
      const d2 = p[pi + 2] - p[pj + 2];
      const d3 = p[pi + 3] - p[pj + 3];
      const x = d0 * d0 - d1 * d1 - d2 * d2 - d3 * d3;
      const x2 = x * x;
      let gx = 0;
      for (let c0 = 0; c0 < c4; c0 += 4) {
        const o = c0 * nn;
        const g0 = e * (gw[o + ij] + gw[o + ji]);
        const g1 = c0 + 1 < c ? e * (gw[o + nn + ij] + gw[o + nn + ji]) : 0;
        const g2 = c0 + 2 < c ? e * (gw[o + 2 * nn + ij] + gw[o + 2 * nn + ji]) : 0;
        const g3 = c0 + 3 < c ? e * (gw[o + 3 * nn + ij] + gw[o + 3 * nn + ji]) : 0;
        if (g0 === 0 && g1 === 0 && g2 === 0 && g3 === 0) continue;
        for (let q = 0; q < k; q++) {
          const r = 1 / (b[q] + c2[q] * x2);
          const phi = a[q] + r;
          const row = q * c4 + c0;
          acc.u[row] += g0 * phi;
          acc.u[row + 1] += g1 * phi;
          acc.u[row + 2] += g2 * phi;
          acc.u[row + 3] += g3 * phi;
          const gq = g0 * u[row] + g1 * u[row + 1] + g2 * u[row + 2] + g3 * u[row + 3];
          acc.a[q] += gq;
          // d phi / d den = -r^2, den = exp(beta) + c^2 x^2.
          const t = -gq * r * r;
          acc.beta[q] += t * b[q];
          acc.c[q] += t * 2 * cc[q] * x2;
          gx += t * 2 * c2[q] * x;
        }
      }
      // x = d^T eta d, d = p_i - p_j.
      const h = 2 * gx;
      gp[pi] += h * d0;
      gp[pi + 1] -= h * d1;
      gp[pi + 2] -= h * d2;
      gp[pi + 3] -= h * d3;
      gp[pj] -= h * d0;
      gp[pj + 1] += h * d1;
      gp[pj + 2] += h * d2;
      gp[pj + 3] += h * d3;
    }
  }
}

/** Writes accumulated bell gradients into the kernel outputs a, beta, c [K] and u [K, C]. */
export function writeBellGradients(f: Bells, acc: BellGradients, a: FloatArray, beta: FloatArray, c: FloatArray, u: FloatArray): void {
  a.set(acc.a);
  beta.set(acc.beta);
  c.set(acc.c);
  for (let q = 0; q < f.k; q++) for (let ch = 0; ch < f.c; ch++) u[q * f.c + ch] = acc.u[q * f.c4 + ch];
}

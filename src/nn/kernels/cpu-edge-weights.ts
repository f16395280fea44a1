/**
 * CPU forward and gradient kernels of LMPEdgeWeights: typed-array loops over the unordered
 * particle pairs of each jet (the weights are symmetric), with the bells recomputed in the
 * backward pass instead of stored.
 *
 * @packageDocumentation
 */
import type { KernelConfig, KernelFunc } from '../../tensor/kernel-registry';
import { type CpuBackend, cpuData } from '../../tensor/cpu/backend-cpu';
import type { FloatArray, TensorInfo } from '../../tensor/types';
import { LMPEdgeWeights, LMPEdgeWeightsGrad } from './edge-weights';

interface Bells {
  readonly k: number;
  readonly c: number;
  /** exp(beta_k). */
  readonly b: Float64Array;
  /** c_k^2. */
  readonly c2: Float64Array;
  /** sum_k u_kc a_k, the constant part of f_c. */
  readonly base: Float64Array;
  readonly a: FloatArray;
  readonly cc: FloatArray;
  readonly u: FloatArray;
}

function bells(inputs: Readonly<Record<string, TensorInfo>>): Bells {
  const a = cpuData(inputs.a).re;
  const beta = cpuData(inputs.beta).re;
  const cc = cpuData(inputs.c).re;
  const u = cpuData(inputs.u).re;
  const [k, c] = inputs.u.shape;
  const b = new Float64Array(k);
  const c2 = new Float64Array(k);
  const base = new Float64Array(c);
  for (let i = 0; i < k; i++) {
    b[i] = Math.exp(beta[i]);
    c2[i] = cc[i] * cc[i];
    for (let ch = 0; ch < c; ch++) base[ch] += u[i * c + ch] * a[i];
  }
  return { k, c, b, c2, base, a, cc, u };
}

const forward: KernelFunc = ({ inputs, backend }) => {
  const [nb, n] = inputs.p.shape;
  const f = bells(inputs);
  const { k, c, b: bk, c2, base, u } = f;
  const { info, data } = (backend as CpuBackend).output([nb, c, n, n], inputs.p.dtype, false, true);
  const w = data.re;
  const p = cpuData(inputs.p).re;
  const m = cpuData(inputs.m).re;
  const s = cpuData(inputs.s).re;
  const val = new Float64Array(c);
  const nn = n * n;
  for (let bb = 0; bb < nb; bb++) {
    const sb = s[bb];
    const out = bb * c * nn;
    for (let i = 0; i < n; i++) {
      const mi = m[bb * n + i] * sb;
      if (mi === 0) continue;
      const pi = (bb * n + i) * 4;
      for (let j = i + 1; j < n; j++) {
        const e = mi * m[bb * n + j];
        if (e === 0) continue;
        const pj = (bb * n + j) * 4;
        const d0 = p[pi] - p[pj];
        const d1 = p[pi + 1] - p[pj + 1];
        const d2 = p[pi + 2] - p[pj + 2];
        const d3 = p[pi + 3] - p[pj + 3];
        const x = d0 * d0 - d1 * d1 - d2 * d2 - d3 * d3;
        const x2 = x * x;
        for (let ch = 0; ch < c; ch++) val[ch] = base[ch];
        for (let q = 0; q < k; q++) {
          const r = 1 / (bk[q] + c2[q] * x2);
          const row = q * c;
          for (let ch = 0; ch < c; ch++) val[ch] += u[row + ch] * r;
        }
        for (let ch = 0; ch < c; ch++) {
          const v = e * val[ch];
          w[out + ch * nn + i * n + j] = v;
          w[out + ch * nn + j * n + i] = v;
        }
      }
    }
  }
  return info;
};

const gradient: KernelFunc = ({ inputs, backend }) => {
  const [nb, n] = inputs.p.shape;
  const f = bells(inputs);
  const { k, c, b: bk, c2, a, cc, u } = f;
  const cpu = backend as CpuBackend;
  const dtype = inputs.p.dtype;
  const gp = cpu.output([nb, n, 4], dtype, false, true);
  const ga = cpu.output([k], dtype, false, true);
  const gbeta = cpu.output([k], dtype, false, true);
  const gc = cpu.output([k], dtype, false, true);
  const gu = cpu.output([k, c], dtype, false, true);
  const dy = cpuData(inputs.dy).re;
  const p = cpuData(inputs.p).re;
  const m = cpuData(inputs.m).re;
  const s = cpuData(inputs.s).re;
  const accA = new Float64Array(k);
  const accBeta = new Float64Array(k);
  const accC = new Float64Array(k);
  const accU = new Float64Array(k * c);
  const g = new Float64Array(c);
  const gpOut = gp.data.re;
  const nn = n * n;
  for (let bb = 0; bb < nb; bb++) {
    const sb = s[bb];
    const base = bb * c * nn;
    for (let i = 0; i < n; i++) {
      const mi = m[bb * n + i] * sb;
      if (mi === 0) continue;
      const pi = (bb * n + i) * 4;
      for (let j = i + 1; j < n; j++) {
        const e = mi * m[bb * n + j];
        if (e === 0) continue;
        let any = false;
        for (let ch = 0; ch < c; ch++) {
          g[ch] = e * (dy[base + ch * nn + i * n + j] + dy[base + ch * nn + j * n + i]);
          if (g[ch] !== 0) any = true;
        }
        if (!any) continue;
        const pj = (bb * n + j) * 4;
        const d0 = p[pi] - p[pj];
        const d1 = p[pi + 1] - p[pj + 1];
        const d2 = p[pi + 2] - p[pj + 2];
        const d3 = p[pi + 3] - p[pj + 3];
        const x = d0 * d0 - d1 * d1 - d2 * d2 - d3 * d3;
        const x2 = x * x;
        let gx = 0;
        for (let q = 0; q < k; q++) {
          const r = 1 / (bk[q] + c2[q] * x2);
          const phi = a[q] + r;
          const row = q * c;
          let gq = 0;
          for (let ch = 0; ch < c; ch++) {
            accU[row + ch] += g[ch] * phi;
            gq += g[ch] * u[row + ch];
          }
          accA[q] += gq;
          // d phi / d den = -r^2, den = exp(beta) + c^2 x^2.
          const t = -gq * r * r;
          accBeta[q] += t * bk[q];
          accC[q] += t * 2 * cc[q] * x2;
          gx += t * 2 * c2[q] * x;
        }
        // x = d^T eta d: dx/dd = 2 eta d, and d = p_i - p_j.
        const h = 2 * gx;
        const pio = (bb * n + i) * 4;
        const pjo = (bb * n + j) * 4;
        gpOut[pio] += h * d0;
        gpOut[pio + 1] -= h * d1;
        gpOut[pio + 2] -= h * d2;
        gpOut[pio + 3] -= h * d3;
        gpOut[pjo] -= h * d0;
        gpOut[pjo + 1] += h * d1;
        gpOut[pjo + 2] += h * d2;
        gpOut[pjo + 3] += h * d3;
      }
    }
  }
  ga.data.re.set(accA);
  gbeta.data.re.set(accBeta);
  gc.data.re.set(accC);
  gu.data.re.set(accU);
  return [gp.info, ga.info, gbeta.info, gc.info, gu.info];
};

/** CPU kernels of the LMP edge weights and their gradient. */
export const edgeWeightsCpuKernels: KernelConfig[] = [
  { kernelName: LMPEdgeWeights, backendName: 'cpu', kernelFunc: forward },
  { kernelName: LMPEdgeWeightsGrad, backendName: 'cpu', kernelFunc: gradient },
];

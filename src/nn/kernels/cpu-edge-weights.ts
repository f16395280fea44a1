/**
 * CPU forward and gradient kernels of LMPEdgeWeights: one pass over the unordered particle pairs
 * of each jet (the weights are symmetric), with the bells recomputed in the backward pass instead
 * of stored.
 *
 * @packageDocumentation
 */
import { type CpuBackend, cpuData } from '../../tensor/cpu/backend-cpu';
import type { KernelConfig, KernelFunc } from '../../tensor/kernel-registry';
import { bellGradients, f64, jetWeights, jetWeightsBackward, readBells, scratch, writeBellGradients } from './cpu-bells';
import { LMPEdgeWeights, LMPEdgeWeightsGrad } from './edge-weights';

const forward: KernelFunc = ({ inputs, backend }) => {
  const [nb, n] = inputs.p.shape;
  const f = readBells(inputs);
  const c = f.c;
  const { info, data } = (backend as CpuBackend).output([nb, c, n, n], inputs.p.dtype, false, false);
  const p = f64(cpuData(inputs.p).re);
  const m = f64(cpuData(inputs.m).re);
  const s = f64(cpuData(inputs.s).re);
  const size = c * n * n;
  const direct = data.re instanceof Float64Array;
  for (let bb = 0; bb < nb; bb++) {
    const w = direct ? (data.re as Float64Array).subarray(bb * size, (bb + 1) * size) : scratch('edges.w', size, false);
    jetWeights(f, p, m, s[bb], bb, n, w);
    if (!direct) data.re.set(w, bb * size);
  }
  return info;
};

const gradient: KernelFunc = ({ inputs, backend }) => {
  const [nb, n] = inputs.p.shape;
  const f = readBells(inputs);
  const { k, c } = f;
  const cpu = backend as CpuBackend;
  const dtype = inputs.p.dtype;
  const gp = cpu.output([nb, n, 4], dtype, false, true);
  const ga = cpu.output([k], dtype, false, false);
  const gbeta = cpu.output([k], dtype, false, false);
  const gc = cpu.output([k], dtype, false, false);
  const gu = cpu.output([k, c], dtype, false, false);
  const dy = f64(cpuData(inputs.dy).re);
  const p = f64(cpuData(inputs.p).re);
  const m = f64(cpuData(inputs.m).re);
  const s = f64(cpuData(inputs.s).re);
  const acc = bellGradients(f);
  const size = c * n * n;
  for (let bb = 0; bb < nb; bb++) jetWeightsBackward(f, p, m, s[bb], bb, n, dy.subarray(bb * size, (bb + 1) * size), acc, gp.data.re);
  writeBellGradients(f, acc, ga.data.re, gbeta.data.re, gc.data.re, gu.data.re);
  return [gp.info, ga.info, gbeta.info, gc.info, gu.info];
};

/** CPU kernels of the LMP edge weights and their gradient. */
export const edgeWeightsCpuKernels: KernelConfig[] = [
  { kernelName: LMPEdgeWeights, backendName: 'cpu', kernelFunc: forward },
  { kernelName: LMPEdgeWeightsGrad, backendName: 'cpu', kernelFunc: gradient },
];

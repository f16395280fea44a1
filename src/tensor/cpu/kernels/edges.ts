/**
 * CPU forward kernels of PairwiseDifferences (a typed-array loop, real or complex) and
 * PairwiseMinkowskiSq (the hot kernel: WebAssembly SIMD where available).
 *
 * @packageDocumentation
 */
import { PairwiseDifferences, PairwiseMinkowskiSq } from '../../kernel-names-extra';
import type { KernelConfig, KernelFunc } from '../../kernel-registry';
import type { FloatArray } from '../../types';
import { CpuBackend, cpuData } from '../backend-cpu';
import { asF64, hotKernels, scratch } from './hot-kernels';

function differences(src: FloatArray, dst: FloatArray, batch: number, n: number, f: number): void {
  let o = 0;
  for (let b = 0; b < batch; b++) {
    const base = b * n * f;
    for (let i = 0; i < n; i++) {
      const u = base + i * f;
      for (let j = 0; j < n; j++) {
        const w = base + j * f;
        for (let k = 0; k < f; k++) dst[o++] = src[u + k] - src[w + k];
      }
    }
  }
}

const pairwiseDifferences: KernelFunc = ({ inputs, backend }) => {
  const { p } = inputs;
  const [batch, n, f] = p.shape;
  const { info, data } = (backend as CpuBackend).output([batch, n, n, f], p.dtype, p.complex, false);
  const s = cpuData(p);
  differences(s.re, data.re, batch, n, f);
  if (s.im !== null) differences(s.im, data.im!, batch, n, f);
  return info;
};

const pairwiseMinkowskiSq: KernelFunc = ({ inputs, backend }) => {
  const { p } = inputs;
  const [batch, n] = p.shape;
  const { info, data } = (backend as CpuBackend).output([batch, n, n], p.dtype, false, false);
  const out = data.re instanceof Float64Array ? data.re : scratch('edges.out', batch * n * n);
  hotKernels().pairwiseMinkowskiSq(asF64(cpuData(p).re), out, batch, n);
  if (out !== data.re) data.re.set(out);
  return info;
};

/** CPU kernels of the pairwise edge features. */
export const edgesKernels: KernelConfig[] = [
  { kernelName: PairwiseDifferences, backendName: 'cpu', kernelFunc: pairwiseDifferences },
  { kernelName: PairwiseMinkowskiSq, backendName: 'cpu', kernelFunc: pairwiseMinkowskiSq },
];

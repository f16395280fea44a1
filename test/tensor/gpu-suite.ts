/**
 * Shared set-up of the gpu.js backend's conformance runs. The conformance suite registers test
 * kernels under the backend's name, so it runs once per process: each gpu.js mode has its own
 * test file (vitest isolates files).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { disposeGpuBackend, gpuBackendStats, initGpuBackend, type GpuBackendOptions } from 'lorentz-irreps/gpu';
import { runConformanceSuite, type ConformanceTolerances } from './conformance';
import { cgConformance } from './conformance-cg';
import { convConformance } from './conformance-conv';
import { edgesConformance } from './conformance-edges';

/**
 * float32 storage: inputs are rounded to 2^-24 relative and GL evaluates exp/sin/cos in float32;
 * finite differences use gradcheck's float32 defaults (eps 1e-2).
 */
export const FLOAT32: ConformanceTolerances = {
  dtype: 'float32',
  forward: { atol: 1e-5, rtol: 1e-4 },
  grad: { eps: 1e-2, atol: 1e-2, rtol: 1e-2 },
  forwardRuns: 10,
  gradRuns: 3,
};

/**
 * Runs the conformance suite, and the Clebsch-Gordan, pairwise-edge and convolution case files,
 * on a gpujs backend created with `options` and disposed afterwards. The latter kernels have no
 * gpu.js implementation: they run the CPU kernels through the backend's explicit fallback, which
 * is what these runs check (results, gradients, buffers and textures freed, typed errors).
 */
export function conformanceOnGpujs(title: string, options: () => GpuBackendOptions, tolerances: ConformanceTolerances, after?: () => void): void {
  describe(title, () => {
    beforeAll(async () => {
      await initGpuBackend(options());
    });
    afterAll(async () => {
      await disposeGpuBackend();
      after?.();
    });
    runConformanceSuite('gpujs', tolerances);
    cgConformance('gpujs', tolerances);
    edgesConformance('gpujs', tolerances);
    convConformance('gpujs', tolerances);
    it('ran the Clebsch-Gordan, pairwise-edge and convolution kernels on gpujs, through the counted CPU fallback', () => {
      const { fallbackKernels } = gpuBackendStats();
      for (const k of ['CGProduct', 'PairwiseDifferences', 'PairwiseMinkowskiSq', 'Conv2D', 'Conv2DTranspose']) {
        expect(fallbackKernels[k] ?? 0, k).toBeGreaterThan(0);
      }
    });
  });
}

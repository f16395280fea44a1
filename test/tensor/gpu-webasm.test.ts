/**
 * The backend conformance suite against the gpu.js backend in gpu.js's 'webasm' mode, which
 * compiles the same generated kernel sources to WebAssembly (fewer drawn cases: each kernel
 * compiles more slowly there).
 */
import { gpuCapabilities } from 'lorentz-irreps/gpu';
import { describe } from 'vitest';
import { FLOAT32, conformanceOnGpujs } from './gpu-suite';

const caps = await gpuCapabilities();

describe.skipIf(!caps.modes.includes('webasm'))('WebAssembly available', () => {
  conformanceOnGpujs("gpu.js 'webasm' mode", () => ({ mode: 'webasm' }), { ...FLOAT32, forwardRuns: 4, gradRuns: 1 });
});

/**
 * The backend conformance suite against the gpu.js backend in gpu.js's 'cpu' mode: it runs
 * wherever gpu.js is installed and exercises the generated kernel sources and the backend's
 * plumbing (kernel cache, CPU fallbacks, memory accounting).
 */
import { FLOAT32, conformanceOnGpujs } from './gpu-suite';

conformanceOnGpujs("gpu.js 'cpu' mode", () => ({ mode: 'cpu' }), FLOAT32);

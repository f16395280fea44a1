import { runConformanceSuite } from './conformance';

// The CPU backend also stores float32 tensors (Float32Array buffers; matmul widens them to float64
// for the WebAssembly kernels and rounds each result once).
runConformanceSuite('cpu', {
  dtype: 'float32',
  forward: { atol: 2e-5, rtol: 2e-5 },
  grad: { eps: 1e-2, atol: 5e-3, rtol: 5e-3 },
  forwardRuns: 10,
  gradRuns: 3,
});

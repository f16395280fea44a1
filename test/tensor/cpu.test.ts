import { runConformanceSuite } from './conformance';

runConformanceSuite('cpu', {
  dtype: 'float64',
  forward: { atol: 1e-12, rtol: 1e-12 },
  grad: { eps: 1e-6, atol: 1e-6, rtol: 1e-5 },
});

/**
 * Layers are written with ops only, so they run on every backend: on the gpu.js backend (its
 * plain-JavaScript mode, float32) the LMP layer composes from ops what the CPU backend computes
 * with its fused kernels, and both agree.
 */
import { afterEach, describe, expect, it } from 'vitest';
import {
  LMPLayer,
  Random,
  abs,
  featuresFromTensor,
  featuresToTensor,
  mean,
  setBackend,
  square,
  tidy,
  toBackend,
  variableGrads,
  type Tensor,
} from 'lorentz-irreps';
import { disposeGpuBackend, initGpuBackend } from 'lorentz-irreps/gpu';
import { maskOf, randomComplex, randomMomenta } from './helpers';

afterEach(async () => {
  setBackend('cpu');
  await disposeGpuBackend();
});

/** Output and parameter gradients of the layer on inputs moved to the active backend. */
function outputsAndGradients(layer: LMPLayer, inputs: readonly Tensor[], backend: string) {
  return tidy(() => {
    const [p, x, mask] = inputs.map((t) => toBackend(t, backend));
    const y = () => featuresToTensor(layer.apply(featuresFromTensor(layer.irrepsIn, x), p, mask));
    const out = y().reImSync();
    const { grads } = variableGrads(() => mean(square(abs(y()))), layer.parameters());
    return { out, grads: grads.map((g) => g.reImSync()) };
  });
}

function expectClose(a: Float64Array, b: Float64Array): void {
  const scale = Math.max(1e-12, ...Array.from(b, Math.abs));
  a.forEach((v, k) => expect(Math.abs(v - b[k])).toBeLessThan(2e-4 * scale));
}

describe('layers on another backend', () => {
  it('give the CPU result on the gpu.js backend (float32), forward and gradients', async () => {
    const rng = new Random(1);
    const inputs = [randomMomenta(rng, 2, 5, 0.5), randomComplex(rng, [2, 5, 10], 0.5), maskOf([5, 3], 5)];
    const layer = new LMPLayer('2x(0,0)+2x(1/2,1/2)', 2, { seed: 2, mlp: true });
    const onCpu = outputsAndGradients(layer, inputs, 'cpu');
    await initGpuBackend({ mode: 'cpu' });
    setBackend('gpujs');
    const moved = new LMPLayer('2x(0,0)+2x(1/2,1/2)', 2, { seed: 2, mlp: true, dtype: 'float32' });
    moved.loadState(layer.state());
    const onGpu = outputsAndGradients(moved, inputs, 'gpujs');
    moved.dispose();
    setBackend('cpu');
    layer.dispose();
    for (const t of inputs) t.dispose();
    expectClose(onGpu.out.re, onCpu.out.re);
    expectClose(onGpu.out.im, onCpu.out.im);
    onGpu.grads.forEach((g, k) => {
      expectClose(g.re, onCpu.grads[k].re);
      expectClose(g.im, onCpu.grads[k].im);
    });
  });
});

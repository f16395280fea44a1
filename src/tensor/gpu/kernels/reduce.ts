/**
 * gpu.js kernel of the Sum reduction (real and complex: each plane is reduced by the same
 * kernel). One thread computes one output element: its flat index gives the offset of the kept
 * axes, and a loop over the reduced elements adds them up in float32.
 *
 * @packageDocumentation
 */
import { kernelNames as K } from 'lorentz-irreps';
import type { KernelConfig, KernelFunc, Shape } from 'lorentz-irreps';
import { planStrides } from '../../cpu/broadcast';
import { reducedShape, stridesOf } from '../../shape';
import { GPU_BACKEND_NAME, GpuJsBackend, type Plane } from '../backend-gpu';
import { decompose, kernelSource, lit } from '../codegen';

/** Source of the kernel summing `x` of `shape` over sorted `axes` (output in row-major order of the kept axes). */
export function sumSource(shape: Shape, axes: readonly number[]): string {
  const strides = stridesOf(shape);
  const keptAxes = shape.map((_, d) => d).filter((d) => !axes.includes(d));
  const kept = planStrides(keptAxes.map((d) => shape[d]), [keptAxes.map((d) => strides[d])]);
  const reduced = planStrides(axes.map((d) => shape[d]), [axes.map((d) => strides[d])]);
  const count = axes.reduce((p, d) => p * shape[d], 1);
  const outer = decompose('o', kept, 'k');
  const inner = decompose('r', reduced, 'r');
  const body = [
    'const o = this.thread.x;',
    ...outer.lines,
    `const base = ${outer.offsets[0]};`,
    'let s = 0;',
    `for (let r = 0; r < ${lit(count)}; r++) {`,
    ...inner.lines.map((l) => `  ${l}`),
    `  s += x[base + ${inner.offsets[0]}];`,
    '}',
    'return s;',
  ];
  return kernelSource(['x'], body);
}

const sumKernel: KernelFunc = ({ inputs, backend, attrs }) => {
  const gpu = backend as GpuJsBackend;
  const { x } = inputs;
  const { axes, keepDims } = attrs as unknown as K.ReduceAttrs;
  const shape = reducedShape(x.shape, axes, keepDims);
  const size = shape.reduce((p, n) => p * n, 1);
  const count = axes.reduce((p, d) => p * x.shape[d], 1);
  const part = (p: 're' | 'im'): Plane => {
    if (count === 0) return new Float32Array(size);
    return gpu.run(`sum|${x.shape.join(',')}|${axes.join(',')}`, () => sumSource(x.shape, axes), size, [gpu.plane(x, p)]);
  };
  return gpu.outputOf({ shape, dtype: x.dtype, complex: x.complex }, () => part('re'), x.complex ? () => part('im') : null);
};

/** gpu.js kernel of the sum reduction. */
export const reduceKernels: KernelConfig[] = [{ kernelName: K.Sum, backendName: GPU_BACKEND_NAME, kernelFunc: sumKernel }];

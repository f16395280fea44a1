/**
 * The CPU fallback of the gpu.js backend: a kernel with no gpu.js implementation runs the CPU
 * backend's implementation on float32 host copies. The transfer is explicit and counted
 * (`stats().fallbacks`, `stats().downloads`): each texture input is read back to the host, the
 * CPU kernel runs on the float32 arrays, and its outputs become host planes of new gpujs buffers
 * (moved to the GPU the first time a GPU kernel reads them).
 *
 * @packageDocumentation
 */
import { BackendError, getKernel, invalid, listKernels, registerKernel } from 'lorentz-irreps';
import type { DataId, KernelFunc, TensorInfo } from 'lorentz-irreps';
import { CpuBackend, type CpuData } from '../../cpu/backend-cpu';
import { GPU_BACKEND_NAME, GpuJsBackend, type GpuData } from '../backend-gpu';

/** A forward function running the `'cpu'` implementation of `kernelName` on gpujs tensors. */
export function cpuFallback(kernelName: string): KernelFunc {
  // The CPU kernels allocate their outputs through this scratch backend (host arrays only). Its
  // pool of freed arrays stays empty: an output becomes (or shares its array with) a gpujs buffer,
  // and the CPU backend would hand a pooled array to the next kernel, which overwrites it.
  const scratch = new CpuBackend();
  scratch.poolLimitBytes = 0;
  return ({ inputs, backend, attrs }) => {
    const cpuKernel = getKernel(kernelName, 'cpu');
    if (cpuKernel === undefined) {
      throw new BackendError(invalid(kernelName, 'backend', `a backend implementing kernel '${kernelName}' (gpujs falls back to the cpu kernel, which is not registered)`, backend.name));
    }
    const gpu = backend as GpuJsBackend;
    const hostOf = new Map<DataId, CpuData>();
    const gpuOf = new Map<CpuData, DataId>();
    const hostInputs: Record<string, TensorInfo> = {};
    for (const key of Object.keys(inputs)) {
      const t = inputs[key];
      let host = hostOf.get(t.dataId);
      if (host === undefined) {
        const d = t.dataId as GpuData;
        host = { re: gpu.hostPlane(d.re, d.size), im: d.im === null ? null : gpu.hostPlane(d.im, d.size) };
        hostOf.set(t.dataId, host);
        gpuOf.set(host, t.dataId);
      }
      hostInputs[key] = { ...t, dataId: host };
    }
    gpu.countFallback(kernelName);
    const raw = cpuKernel.kernelFunc({ inputs: hostInputs, backend: scratch, attrs });
    const outs = Array.isArray(raw) ? raw : [raw];
    const adopted = new Map<CpuData, DataId>();
    const result = outs.map((o): TensorInfo => {
      const host = o.dataId as CpuData;
      // An output aliasing an input (Identity, Reshape) keeps the input's gpujs buffer.
      const existing = gpuOf.get(host) ?? adopted.get(host);
      if (existing !== undefined) return { ...o, dataId: existing };
      // The gpujs buffer owns the arrays from here on (asFloat32 returns a float32 array as is);
      // the scratch backend only stops counting them, its pool takes nothing.
      const data = gpu.adopt(asFloat32(host.re), host.im === null ? null : asFloat32(host.im), host.re.length);
      scratch.disposeData(host);
      adopted.set(host, data);
      return { ...o, dataId: data };
    });
    return Array.isArray(raw) ? result : result[0];
  };
}

function asFloat32(a: Float32Array | Float64Array): Float32Array {
  return a instanceof Float32Array ? a : Float32Array.from(a);
}

/**
 * Registers the CPU fallback for every kernel registered for `'cpu'` that has no gpujs
 * implementation yet; returns the names it registered. Called when the backend module loads and
 * again by `initGpuBackend`, so kernels registered later by other modules fall back too.
 */
export function registerCpuFallbacks(): string[] {
  const missing = listKernels('cpu').filter((name) => getKernel(name, GPU_BACKEND_NAME) === undefined);
  for (const kernelName of missing) {
    registerKernel({ kernelName, backendName: GPU_BACKEND_NAME, kernelFunc: cpuFallback(kernelName) });
    fallbackNames.add(kernelName);
  }
  return missing;
}

const fallbackNames = new Set<string>();

/** Names of the kernels registered by {@link registerCpuFallbacks}, sorted. */
export function cpuFallbackKernels(): string[] {
  return [...fallbackNames].sort();
}

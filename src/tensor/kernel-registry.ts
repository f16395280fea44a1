/**
 * The kernel registry: forward implementations keyed by (kernel name, backend name) and one
 * gradient (VJP) per kernel name, shared by all backends.
 *
 * @packageDocumentation
 */
import { ConfigError, invalid } from '../errors';
import type { Backend } from './backend';
import type { Tensor } from './tensor';
import type { Attrs, TensorInfo, TensorMeta } from './types';

/** Arguments of a forward kernel. `inputs` are keyed by the input names of the kernel. */
export interface KernelArgs {
  readonly inputs: Readonly<Record<string, TensorInfo>>;
  readonly backend: Backend;
  readonly attrs: Attrs;
}

/**
 * A forward implementation. Returns the output(s) as {@link TensorInfo}s whose `dataId`s were made
 * by `backend` (new buffers) or are input `dataId`s (aliasing, e.g. reshape).
 */
export type KernelFunc = (args: KernelArgs) => TensorInfo | TensorInfo[];

/** One forward implementation of one kernel on one backend. */
export interface KernelConfig {
  readonly kernelName: string;
  readonly backendName: string;
  readonly kernelFunc: KernelFunc;
}

/** What a gradient function receives besides the output gradients. */
export interface GradContext {
  /** The kernel's inputs as they were in the forward pass (only when `saveInputs` is not false). */
  readonly inputs: Readonly<Record<string, Tensor>>;
  /** The kernel's outputs (only when `saveOutputs` is true). */
  readonly outputs: readonly Tensor[];
  /** Shape, dtype and complexity of every input (always present). */
  readonly inputMeta: Readonly<Record<string, TensorMeta>>;
  readonly attrs: Attrs;
}

/**
 * A vector-Jacobian product written with ops. Given the gradients `dy` of the real loss with
 * respect to each output (in the complex convention dL/d(re) + i dL/d(im)), returns, per input name,
 * a thunk computing that input's gradient, of the input's shape. Thunks are called only for inputs
 * that need a gradient. A complex gradient for a real input is reduced to its real part by the
 * engine, so VJPs may ignore that case.
 */
export type GradFunc = (dy: readonly Tensor[], ctx: GradContext) => Record<string, () => Tensor>;

/** The gradient of one kernel. */
export interface GradConfig {
  readonly kernelName: string;
  /** Keep the inputs for the backward pass (default true). */
  readonly saveInputs?: boolean;
  /** Keep the outputs for the backward pass (default false). */
  readonly saveOutputs?: boolean;
  /**
   * How many of the kernel's last outputs only carry state for the backward pass (default 0): they
   * have no gradient, `gradFunc` receives the gradients of the other outputs only (no zeros are
   * made for these), and differentiating through one of them is an error.
   */
  readonly stateOutputs?: number;
  readonly gradFunc: GradFunc;
}

const kernels = new Map<string, Map<string, KernelConfig>>();
const gradients = new Map<string, GradConfig>();

/**
 * Registers the forward implementation of a kernel on a backend. Call it only from a
 * `register-*.ts` module.
 * @throws {@link ConfigError} if that kernel is already registered for that backend.
 *
 * @example
 * ```ts
 * import { registerKernel, getKernel } from 'lorentz-irreps';
 * registerKernel({ kernelName: 'ExampleNoop', backendName: 'example', kernelFunc: ({ inputs }) => inputs.x });
 * console.assert(getKernel('ExampleNoop', 'example') !== undefined);
 * ```
 */
export function registerKernel(config: KernelConfig): void {
  const { kernelName, backendName } = config;
  let byBackend = kernels.get(kernelName);
  if (byBackend === undefined) {
    byBackend = new Map();
    kernels.set(kernelName, byBackend);
  }
  if (byBackend.has(backendName)) {
    throw new ConfigError(invalid('registerKernel', 'config', `a kernel not yet registered for backend '${backendName}'`, kernelName));
  }
  byBackend.set(backendName, config);
}

/**
 * The forward implementation of `kernelName` on `backendName`, or undefined. Never throws.
 *
 * @example
 * ```ts
 * import { getKernel, kernelNames } from 'lorentz-irreps';
 * console.assert(getKernel(kernelNames.Add, 'cpu') !== undefined);
 * ```
 */
export function getKernel(kernelName: string, backendName: string): KernelConfig | undefined {
  return kernels.get(kernelName)?.get(backendName);
}

/**
 * Names of the kernels registered for a backend, sorted. Never throws.
 *
 * @example
 * ```ts
 * import { listKernels } from 'lorentz-irreps';
 * console.assert(listKernels('cpu').includes('BatchMatMul'));
 * ```
 */
export function listKernels(backendName: string): string[] {
  const out: string[] = [];
  for (const [name, byBackend] of kernels) if (byBackend.has(backendName)) out.push(name);
  return out.sort();
}

/**
 * Registers the gradient of a kernel (one per kernel, used by every backend). Call it only from a
 * `register-*.ts` module.
 * @throws {@link ConfigError} if a gradient is already registered for that kernel.
 *
 * @example
 * ```ts
 * import { registerGradient, getGradient } from 'lorentz-irreps';
 * registerGradient({ kernelName: 'ExampleNoop', gradFunc: (dy) => ({ x: () => dy[0] }) });
 * console.assert(getGradient('ExampleNoop') !== undefined);
 * ```
 */
export function registerGradient(config: GradConfig): void {
  if (gradients.has(config.kernelName)) {
    throw new ConfigError(invalid('registerGradient', 'config', 'a kernel whose gradient is not yet registered', config.kernelName));
  }
  gradients.set(config.kernelName, config);
}

/**
 * The gradient of `kernelName`, or undefined. Never throws.
 *
 * @example
 * ```ts
 * import { getGradient, kernelNames } from 'lorentz-irreps';
 * console.assert(getGradient(kernelNames.Mul) !== undefined);
 * ```
 */
export function getGradient(kernelName: string): GradConfig | undefined {
  return gradients.get(kernelName);
}

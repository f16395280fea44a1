/**
 * gpu.js kernels of the elementwise unary operations Neg, Exp, Square, Abs (real and complex), of
 * the activations Relu, LeakyRelu, Sigmoid (real), and of the complex-part kernels Conj, Real,
 * Imag, Complex, which mostly share planes instead of copying them (a texture gains a reference;
 * no GPU work).
 *
 * @packageDocumentation
 */
import { kernelNames as K } from 'lorentz-irreps';
import type { KernelConfig, KernelFunc, TensorInfo } from 'lorentz-irreps';
import { GPU_BACKEND_NAME, GpuJsBackend, type Plane } from '../backend-gpu';
import { kernelSource, lit } from '../codegen';

type Part = 're' | 'im';

/**
 * Expressions of the output parts of an elementwise op of x + iy (y absent for a real input),
 * after optional `lines`; `im` is null when the output is real.
 */
export interface UnaryForm {
  readonly lines?: readonly string[];
  readonly re: string;
  readonly im: string | null;
}

/** |x + iy| scaled by the larger part, so that float32 squares can neither overflow nor underflow. */
const MODULUS: UnaryForm = {
  lines: [
    'const big = Math.max(Math.abs(x), Math.abs(y));',
    'const small = Math.min(Math.abs(x), Math.abs(y));',
    'let mod = big;',
    'if (big > 0) { const t = small / big; mod = big * Math.sqrt(1 + t * t); }',
  ],
  re: 'mod',
  im: null,
};

/** The forms of the GPU unary kernels for a real or complex input (attributes baked in as literals). */
export const UNARY_FORMS: Readonly<Record<string, (complex: boolean, attrs: Readonly<Record<string, unknown>>) => UnaryForm>> = {
  [K.Neg]: (c) => ({ re: '-x', im: c ? '-y' : null }),
  [K.Exp]: (c) => (c ? { re: 'Math.exp(x) * Math.cos(y)', im: 'Math.exp(x) * Math.sin(y)' } : { re: 'Math.exp(x)', im: null }),
  [K.Square]: (c) => (c ? { re: 'x * x - y * y', im: '2 * x * y' } : { re: 'x * x', im: null }),
  [K.Abs]: (c) => (c ? MODULUS : { re: 'Math.abs(x)', im: null }),
  // The activations are real-only (checked by the ops); NaN maps to 0 in relu as on the CPU.
  [K.Relu]: () => ({ re: 'x > 0 ? x : 0', im: null }),
  [K.LeakyRelu]: (_, attrs) => ({ re: `x > 0 ? x : ${lit((attrs as unknown as K.LeakyReluAttrs).alpha)} * x`, im: null }),
  // Two branches keep exp from overflowing for large |x|.
  [K.Sigmoid]: () => ({ re: 'x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x))', im: null }),
};

/** Source of the kernel computing part `part` of a unary op of a real (`complex` false) or complex input. */
export function unarySource(kernelName: string, complex: boolean, part: Part, attrs: Readonly<Record<string, unknown>> = {}): string {
  const form = UNARY_FORMS[kernelName](complex, attrs);
  const args = complex ? ['xRe', 'xIm'] : ['xRe'];
  const body = ['const i = this.thread.x;', 'const x = xRe[i];'];
  if (complex) body.push('const y = xIm[i];');
  body.push(...(form.lines ?? []), `return ${part === 're' ? form.re : form.im!};`);
  return kernelSource(args, body);
}

function unaryKernel(kernelName: string): KernelFunc {
  return ({ inputs, backend, attrs }) => {
    const gpu = backend as GpuJsBackend;
    const { x } = inputs;
    const form = UNARY_FORMS[kernelName](x.complex, attrs);
    const args: Plane[] = x.complex ? [gpu.plane(x, 're'), gpu.plane(x, 'im')] : [gpu.plane(x, 're')];
    const size = x.shape.reduce((p, n) => p * n, 1);
    const key = `${kernelName}|${JSON.stringify(attrs)}|${x.complex ? 'c' : 'r'}`;
    const part = (p: Part): Plane => gpu.run(`${key}|${p}`, () => unarySource(kernelName, x.complex, p, attrs), size, args);
    const complexOut = form.im !== null;
    return gpu.outputOf({ shape: x.shape, dtype: x.dtype, complex: complexOut }, () => part('re'), complexOut ? () => part('im') : null);
  };
}

/** Conj: the real plane is shared, the imaginary plane negated (a real input is shared whole). */
const conj: KernelFunc = ({ inputs, backend }) => {
  const gpu = backend as GpuJsBackend;
  const { x } = inputs;
  if (!x.complex) return gpu.output(x, gpu.share(gpu.plane(x, 're')), null);
  const size = x.shape.reduce((p, n) => p * n, 1);
  const im = (): Plane => gpu.run('conj|im', () => kernelSource(['xIm'], ['return -xIm[this.thread.x];']), size, [gpu.plane(x, 'im')]);
  return gpu.outputOf(x, () => gpu.share(gpu.plane(x, 're')), im);
};

/** Real / Imag: the part's plane, shared (the imaginary part of a real tensor is zeros). */
function partKernel(part: Part): KernelFunc {
  return ({ inputs, backend }) => {
    const gpu = backend as GpuJsBackend;
    const { x } = inputs;
    const info = { shape: x.shape, dtype: x.dtype, complex: false };
    if (part === 'im' && !x.complex) return gpu.output(info, new Float32Array(x.shape.reduce((p, n) => p * n, 1)), null);
    return gpu.output(info, gpu.share(gpu.plane(x, part)), null);
  };
}

const complexKernel: KernelFunc = ({ inputs, backend }) => {
  const gpu = backend as GpuJsBackend;
  const { re, im } = inputs;
  return gpu.outputOf({ shape: re.shape, dtype: re.dtype, complex: true }, () => gpu.share(gpu.plane(re, 're')), () => gpu.share(gpu.plane(im, 're')));
};

const identity: KernelFunc = ({ inputs }): TensorInfo => inputs.x;

const gpujs = (kernelName: string, kernelFunc: KernelFunc): KernelConfig => ({ kernelName, backendName: GPU_BACKEND_NAME, kernelFunc });

/** gpu.js kernels of the unary and complex-part operations. */
export const unaryKernels: KernelConfig[] = [
  gpujs(K.Neg, unaryKernel(K.Neg)),
  gpujs(K.Exp, unaryKernel(K.Exp)),
  gpujs(K.Square, unaryKernel(K.Square)),
  gpujs(K.Abs, unaryKernel(K.Abs)),
  gpujs(K.Relu, unaryKernel(K.Relu)),
  gpujs(K.LeakyRelu, unaryKernel(K.LeakyRelu)),
  gpujs(K.Sigmoid, unaryKernel(K.Sigmoid)),
  gpujs(K.Conj, conj),
  gpujs(K.Real, partKernel('re')),
  gpujs(K.Imag, partKernel('im')),
  gpujs(K.Complex, complexKernel),
  gpujs(K.Identity, identity),
];

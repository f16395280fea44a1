/**
 * gpu.js kernels of Add, Sub, Mul, Div: broadcasting, real and complex. Each output plane is one
 * kernel whose thread computes one element: the thread's flat index is decomposed over the
 * collapsed broadcast plan to find the element of each operand.
 *
 * @packageDocumentation
 */
import { broadcastShapes, kernelNames as K } from 'lorentz-irreps';
import type { KernelConfig, KernelFunc } from 'lorentz-irreps';
import { planBroadcast } from '../../cpu/broadcast';
import { GPU_BACKEND_NAME, GpuJsBackend, type Plane } from '../backend-gpu';
import { decompose, kernelSource } from '../codegen';

type Op = 'add' | 'sub' | 'mul' | 'div';

/**
 * The expression of one output part in terms of x + iy (operand a) and u + iv (operand b), with
 * absent imaginary parts dropped (never multiplied by zero, so gpu.js sees no integer literals).
 */
export function binaryExpression(op: Op, part: 're' | 'im', aComplex: boolean, bComplex: boolean): string {
  switch (op) {
    case 'add':
    case 'sub': {
      const s = op === 'add' ? '+' : '-';
      if (part === 're') return `x ${s} u`;
      if (aComplex && bComplex) return `y ${s} v`;
      return aComplex ? 'y' : op === 'add' ? 'v' : '-v';
    }
    case 'mul':
      if (part === 're') return aComplex && bComplex ? 'x * u - y * v' : 'x * u';
      if (aComplex && bComplex) return 'x * v + y * u';
      return aComplex ? 'y * u' : 'x * v';
    case 'div':
      if (!bComplex) return part === 're' ? 'x / u' : 'y / u';
      if (part === 're') return aComplex ? '(x * u + y * v) / (u * u + v * v)' : '(x * u) / (u * u + v * v)';
      return aComplex ? '(y * u - x * v) / (u * u + v * v)' : '-(x * v) / (u * u + v * v)';
  }
}

function binaryKernel(op: Op, kernelName: string): KernelFunc {
  return ({ inputs, backend }) => {
    const gpu = backend as GpuJsBackend;
    const { a, b } = inputs;
    const shape = broadcastShapes(a.shape, b.shape, kernelName);
    const complex = a.complex || b.complex;
    const plan = planBroadcast(shape, [a.shape, b.shape]);
    const size = shape.reduce((p, n) => p * n, 1);
    const sig = `${op}|${a.complex ? 'c' : 'r'}${b.complex ? 'c' : 'r'}|${JSON.stringify(plan)}`;
    const args: Plane[] = [gpu.plane(a, 're')];
    const names = ['aRe'];
    if (a.complex) {
      args.push(gpu.plane(a, 'im'));
      names.push('aIm');
    }
    args.push(gpu.plane(b, 're'));
    names.push('bRe');
    if (b.complex) {
      args.push(gpu.plane(b, 'im'));
      names.push('bIm');
    }
    const part = (p: 're' | 'im'): Plane =>
      gpu.run(`${sig}|${p}`, () => {
        const idx = decompose('i', plan, '');
        const body = ['const i = this.thread.x;', ...idx.lines, `const ia = ${idx.offsets[0]};`, `const ib = ${idx.offsets[1]};`, 'const x = aRe[ia];'];
        if (a.complex) body.push('const y = aIm[ia];');
        body.push('const u = bRe[ib];');
        if (b.complex) body.push('const v = bIm[ib];');
        body.push(`return ${binaryExpression(op, p, a.complex, b.complex)};`);
        return kernelSource(names, body);
      }, size, args);
    return gpu.outputOf({ shape, dtype: a.dtype, complex }, () => part('re'), complex ? () => part('im') : null);
  };
}

/** gpu.js kernels of the four arithmetic operations. */
export const arithmeticKernels: KernelConfig[] = [
  { kernelName: K.Add, backendName: GPU_BACKEND_NAME, kernelFunc: binaryKernel('add', K.Add) },
  { kernelName: K.Sub, backendName: GPU_BACKEND_NAME, kernelFunc: binaryKernel('sub', K.Sub) },
  { kernelName: K.Mul, backendName: GPU_BACKEND_NAME, kernelFunc: binaryKernel('mul', K.Mul) },
  { kernelName: K.Div, backendName: GPU_BACKEND_NAME, kernelFunc: binaryKernel('div', K.Div) },
];

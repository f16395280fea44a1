/**
 * CPU forward kernels of the elementwise unary operations and activations.
 *
 * @packageDocumentation
 */
import * as K from '../../kernel-names';
import type { KernelConfig, KernelFunc } from '../../kernel-registry';
import type { FloatArray } from '../../types';
import { CpuBackend, cpuData } from '../backend-cpu';

type RealLoop = (x: FloatArray, out: FloatArray, attrs: Readonly<Record<string, unknown>>) => void;

/**
 * The loops of the real unary kernels by kernel name, out[i] = f(x[i]) over all of x.
 * @internal Also the activations of fused layer kernels (e.g. the scalar perceptron).
 */
export const realLoops: Readonly<Record<string, RealLoop>> = {
  [K.Neg]: (x, out) => {
    for (let i = 0; i < x.length; i++) out[i] = -x[i];
  },
  [K.Exp]: (x, out) => {
    for (let i = 0; i < x.length; i++) out[i] = Math.exp(x[i]);
  },
  [K.Log]: (x, out) => {
    for (let i = 0; i < x.length; i++) out[i] = Math.log(x[i]);
  },
  [K.Sqrt]: (x, out) => {
    for (let i = 0; i < x.length; i++) out[i] = Math.sqrt(x[i]);
  },
  [K.Square]: (x, out) => {
    for (let i = 0; i < x.length; i++) out[i] = x[i] * x[i];
  },
  [K.Abs]: (x, out) => {
    for (let i = 0; i < x.length; i++) out[i] = Math.abs(x[i]);
  },
  [K.Pow]: (x, out, attrs) => {
    const p = (attrs as unknown as K.PowAttrs).exponent;
    for (let i = 0; i < x.length; i++) out[i] = Math.pow(x[i], p);
  },
  [K.Relu]: (x, out) => {
    for (let i = 0; i < x.length; i++) out[i] = x[i] > 0 ? x[i] : 0;
  },
  [K.LeakyRelu]: (x, out, attrs) => {
    const alpha = (attrs as unknown as K.LeakyReluAttrs).alpha;
    for (let i = 0; i < x.length; i++) out[i] = x[i] > 0 ? x[i] : alpha * x[i];
  },
  [K.Sigmoid]: (x, out) => {
    for (let i = 0; i < x.length; i++) {
      const v = x[i];
      // Two branches keep exp from overflowing for large |v|.
      if (v >= 0) out[i] = 1 / (1 + Math.exp(-v));
      else {
        const e = Math.exp(v);
        out[i] = e / (1 + e);
      }
    }
  },
};

function realUnary(kernelName: string): KernelFunc {
  const loop = realLoops[kernelName];
  return ({ inputs, backend, attrs }) => {
    const { x } = inputs;
    const { info, data } = (backend as CpuBackend).output(x.shape, x.dtype, false, false);
    loop(cpuData(x).re, data.re, attrs);
    return info;
  };
}

/** Neg, Exp, Square accept complex input; the others are real-only (checked by the ops). */
function complexAware(kernelName: string, complexLoop: (re: FloatArray, im: FloatArray, oRe: FloatArray, oIm: FloatArray) => void): KernelFunc {
  const real = realUnary(kernelName);
  return (args) => {
    const { x } = args.inputs;
    if (!x.complex) return real(args);
    const { info, data } = (args.backend as CpuBackend).output(x.shape, x.dtype, true, false);
    const d = cpuData(x);
    complexLoop(d.re, d.im!, data.re, data.im!);
    return info;
  };
}

const neg = complexAware(K.Neg, (re, im, oRe, oIm) => {
  for (let i = 0; i < re.length; i++) {
    oRe[i] = -re[i];
    oIm[i] = -im[i];
  }
});

const exp = complexAware(K.Exp, (re, im, oRe, oIm) => {
  for (let i = 0; i < re.length; i++) {
    const m = Math.exp(re[i]);
    oRe[i] = m * Math.cos(im[i]);
    oIm[i] = m * Math.sin(im[i]);
  }
});

const square = complexAware(K.Square, (re, im, oRe, oIm) => {
  for (let i = 0; i < re.length; i++) {
    const a = re[i];
    const b = im[i];
    oRe[i] = a * a - b * b;
    oIm[i] = 2 * a * b;
  }
});

const absReal = realUnary(K.Abs);
const abs: KernelFunc = (args) => {
  const { x } = args.inputs;
  if (!x.complex) return absReal(args);
  const { info, data } = (args.backend as CpuBackend).output(x.shape, x.dtype, false, false);
  const { re, im } = cpuData(x);
  const out = data.re;
  for (let i = 0; i < re.length; i++) out[i] = Math.hypot(re[i], im![i]);
  return info;
};

const conj: KernelFunc = ({ inputs, backend }) => {
  const { x } = inputs;
  const cpu = backend as CpuBackend;
  const { re, im } = cpuData(x);
  const { info, data } = cpu.output(x.shape, x.dtype, x.complex, false);
  data.re.set(re);
  if (im !== null) {
    const oIm = data.im!;
    for (let i = 0; i < im.length; i++) oIm[i] = -im[i];
  }
  return info;
};

function part(which: 're' | 'im'): KernelFunc {
  return ({ inputs, backend }) => {
    const { x } = inputs;
    const { info, data } = (backend as CpuBackend).output(x.shape, x.dtype, false);
    const src = cpuData(x)[which];
    if (src !== null) data.re.set(src);
    return info;
  };
}

const complex: KernelFunc = ({ inputs, backend }) => {
  const { re, im } = inputs;
  const { info, data } = (backend as CpuBackend).output(re.shape, re.dtype, true, false);
  data.re.set(cpuData(re).re);
  data.im!.set(cpuData(im).re);
  return info;
};

const cast: KernelFunc = ({ inputs, backend, attrs }) => {
  const { x } = inputs;
  const dtype = (attrs as unknown as K.CastAttrs).dtype;
  const { info, data } = (backend as CpuBackend).output(x.shape, dtype, x.complex, false);
  const d = cpuData(x);
  data.re.set(d.re);
  if (d.im !== null) data.im!.set(d.im);
  return info;
};

const identity: KernelFunc = ({ inputs }) => inputs.x;

/** dy where x > 0, else alpha dy (real x and dy of one shape). */
const leakyReluGrad: KernelFunc = ({ inputs, backend, attrs }) => {
  const { x, dy } = inputs;
  // alpha in the storage precision, as mul(dy, alpha) rounds its scalar operand.
  const alpha = x.dtype === 'float32' ? Math.fround((attrs as unknown as K.LeakyReluAttrs).alpha) : (attrs as unknown as K.LeakyReluAttrs).alpha;
  const { info, data } = (backend as CpuBackend).output(x.shape, x.dtype, false, false);
  const xs = cpuData(x).re;
  const gs = cpuData(dy).re;
  const out = data.re;
  for (let i = 0; i < out.length; i++) out[i] = xs[i] > 0 ? gs[i] : gs[i] * alpha;
  return info;
};

const cpu = (kernelName: string, kernelFunc: KernelFunc): KernelConfig => ({ kernelName, backendName: 'cpu', kernelFunc });

/** CPU kernels of the unary operations. */
export const unaryKernels: KernelConfig[] = [
  cpu(K.Neg, neg),
  cpu(K.Exp, exp),
  cpu(K.Square, square),
  cpu(K.Log, realUnary(K.Log)),
  cpu(K.Sqrt, realUnary(K.Sqrt)),
  cpu(K.Pow, realUnary(K.Pow)),
  cpu(K.Relu, realUnary(K.Relu)),
  cpu(K.LeakyRelu, realUnary(K.LeakyRelu)),
  cpu(K.LeakyReluGrad, leakyReluGrad),
  cpu(K.Sigmoid, realUnary(K.Sigmoid)),
  cpu(K.Abs, abs),
  cpu(K.Conj, conj),
  cpu(K.Real, part('re')),
  cpu(K.Imag, part('im')),
  cpu(K.Complex, complex),
  cpu(K.Cast, cast),
  cpu(K.Identity, identity),
];

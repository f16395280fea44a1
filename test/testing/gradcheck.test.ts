import { describe, expect, it } from 'vitest';
import {
  ConfigError,
  complexTensor,
  exp,
  matmul,
  memory,
  mul,
  registerGradient,
  registerKernel,
  runKernel,
  tensor,
  type Tensor,
} from 'lorentz-irreps';
import { GradcheckError, gradcheck } from 'lorentz-irreps/testing';
import { CpuBackend, cpuData } from '../../src/tensor/cpu/backend-cpu';

// A forward y = x * w (complex, elementwise) with a VJP that forgets the conjugate: the classic
// complex-convention mistake that gradcheck must catch.
registerKernel({
  kernelName: 'GradcheckTestNoConjMul',
  backendName: 'cpu',
  kernelFunc: ({ inputs, backend }) => {
    const { x, w } = inputs;
    const { info, data } = (backend as CpuBackend).output(x.shape, x.dtype, true);
    const a = cpuData(x);
    const b = cpuData(w);
    for (let i = 0; i < data.re.length; i++) {
      data.re[i] = a.re[i] * b.re[i] - a.im![i] * b.im![i];
      data.im![i] = a.re[i] * b.im![i] + a.im![i] * b.re[i];
    }
    return info;
  },
});
registerGradient({
  kernelName: 'GradcheckTestNoConjMul',
  gradFunc: ([dy], { inputs }) => ({ x: () => mul(dy, inputs.w), w: () => mul(dy, inputs.x) }),
});
const wrongMul = (x: Tensor, w: Tensor) => runKernel('GradcheckTestNoConjMul', { x, w })[0];

describe('gradcheck', () => {
  it('passes a correct gradient and reports every real and imaginary component', () => {
    const x = tensor([0.3, -0.2, 0.5]);
    const w = complexTensor([[0.1, 0.5], [0.2, -0.4], [0.3, 0.3]], [[0.4, -0.3], [0.1, 0.2], [-0.5, 0.6]]);
    // [3,3] complex output: exp((w w^H) * x), x broadcast along rows.
    const report = gradcheck((a, b) => exp(mul(matmul(b, b, { transposeB: true, conjB: true }), a)), [x, w]);
    expect(report.passed).toBe(true);
    expect(report.checked).toBe(3 + 2 * 6);
    expect(report.maxAbsError).toBeLessThan(1e-6);
    expect(report.worst).not.toBeNull();
    x.dispose();
    w.dispose();
  });

  it('catches a VJP that forgets the complex conjugate and names the worst component', () => {
    const x = complexTensor([0.3, -0.7], [0.5, 0.2]);
    const w = complexTensor([1.1, 0.4], [-0.6, 0.9]);
    let thrown: unknown = null;
    try {
      gradcheck(wrongMul, [x, w]);
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(GradcheckError);
    expect((thrown as Error).message).toMatch(/input \d, element \d \((re|im)\): numeric .*, analytic .*/);
    x.dispose();
    w.dispose();
  });

  it('still passes the same forward with real inputs, where the conjugate does not matter', () => {
    const f = (a: Tensor, b: Tensor) => mul(a, b);
    const x = tensor([0.3, -0.7]);
    const w = tensor([1.1, 0.4]);
    expect(gradcheck(f, [x, w]).passed).toBe(true);
    x.dispose();
    w.dispose();
  });

  it('leaves no tensors behind', () => {
    const x = complexTensor([0.3, -0.7], [0.5, 0.2]);
    const before = memory().numTensors;
    gradcheck((a) => exp(mul(a, a)), [x]);
    expect(memory().numTensors).toBe(before);
    x.dispose();
  });

  it('rejects bad arguments with ConfigError', () => {
    const x = tensor([1]);
    expect(() => gradcheck(null as never, [x])).toThrow(ConfigError);
    expect(() => gradcheck((a) => a, [])).toThrow(ConfigError);
    expect(() => gradcheck((a) => a, [x], { eps: 0 })).toThrow(ConfigError);
    expect(() => gradcheck((a) => a, [x], { atol: -1 })).toThrow(ConfigError);
    x.dispose();
  });
});

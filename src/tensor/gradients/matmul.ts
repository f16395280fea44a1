/**
 * VJP of BatchMatMul. With Â = op(A), B̂ = op(B) and C = Â B̂: g_Â = g_C B̂^H and g_B̂ = Â^H g_C
 * (complex convention); each is then mapped back through op (transpose and/or conjugate) and
 * summed over broadcast batch axes. Every case is one matmul with flags, no explicit transposes.
 *
 * @packageDocumentation
 */
import * as K from '../kernel-names';
import type { GradConfig } from '../kernel-registry';
import { tidy } from '../memory';
import { matmul } from '../ops/matmul';
import type { Tensor } from '../tensor';
import { unbroadcast } from './unbroadcast';

function gradA(dy: Tensor, a: Tensor, b: Tensor, f: K.MatMulAttrs): Tensor {
  const { transposeA: tA, conjA: cA, transposeB: tB, conjB: cB } = f;
  if (!tA && !cA) return matmul(dy, b, { transposeB: !tB, conjB: !cB });
  if (!tA && cA) return matmul(dy, b, { conjA: true, transposeB: !tB, conjB: cB });
  if (tA && !cA) return matmul(b, dy, { transposeA: tB, conjA: !cB, transposeB: true });
  return matmul(b, dy, { transposeA: tB, conjA: cB, transposeB: true, conjB: true });
}

function gradB(dy: Tensor, a: Tensor, f: K.MatMulAttrs): Tensor {
  const { transposeA: tA, conjA: cA, transposeB: tB, conjB: cB } = f;
  if (!tB && !cB) return matmul(a, dy, { transposeA: !tA, conjA: !cA });
  if (!tB && cB) return matmul(a, dy, { transposeA: !tA, conjA: cA, conjB: true });
  if (tB && !cB) return matmul(dy, a, { transposeA: true, transposeB: tA, conjB: !cA });
  return matmul(dy, a, { transposeA: true, conjA: true, transposeB: tA, conjB: cA });
}

/** Gradient of the batched matrix product. */
export const matmulGradients: GradConfig[] = [
  {
    kernelName: K.BatchMatMul,
    gradFunc: ([dy], { inputs, inputMeta, attrs }) => {
      const f = attrs as unknown as K.MatMulAttrs;
      return {
        a: () => tidy(() => unbroadcast(gradA(dy, inputs.a, inputs.b, f), inputMeta.a.shape)),
        b: () => tidy(() => unbroadcast(gradB(dy, inputs.a, f), inputMeta.b.shape)),
      };
    },
  },
];

/**
 * VJP of CGProduct. For out[i] = sum_e v[e] x1[i1[e]] x2[i2[e]] and a real loss, the complex
 * convention gives g1[i1] = sum_e v[e] conj(x2[i2[e]]) g[i[e]] and
 * g2[i2] = sum_e v[e] conj(x1[i1[e]]) g[i[e]]: each is the same CG product applied to
 * (g, conj(other operand)) with the table re-indexed (output and input roles swapped), so every
 * backend's forward kernel serves the backward pass too. Gradients of broadcast operands are
 * summed over the broadcast axes; the accumulated tensor receives g itself.
 *
 * @packageDocumentation
 */
import { CGProduct, type CGProductAttrs, type CGTableAttr } from '../kernel-names-extra';
import type { GradConfig } from '../kernel-registry';
import { tidy } from '../memory';
import { run1 } from '../ops/validate';
import type { Tensor } from '../tensor';
import { conjIfComplex } from './conj-if-complex';
import { unbroadcast } from './unbroadcast';

/** Table of (g, x2) -> g1: entries (i, i2) -> i1. */
function tableForX1(t: CGTableAttr): CGTableAttr {
  return { d1: t.d, d2: t.d2, d: t.d1, i1: t.i, i2: t.i2, i: t.i1, values: t.values };
}

/** Table of (g, x1) -> g2: entries (i, i1) -> i2. */
function tableForX2(t: CGTableAttr): CGTableAttr {
  return { d1: t.d, d2: t.d1, d: t.d2, i1: t.i, i2: t.i1, i: t.i2, values: t.values };
}

function backward(dy: Tensor, other: Tensor, table: CGTableAttr, shape: readonly number[]): Tensor {
  return tidy(() => unbroadcast(run1(CGProduct, { x1: dy, x2: conjIfComplex(other) }, { table }), shape));
}

/** Gradient of the sparse Clebsch-Gordan product. */
export const cgGradients: GradConfig[] = [
  {
    kernelName: CGProduct,
    gradFunc: ([dy], { inputs, inputMeta, attrs }) => {
      const { table } = attrs as unknown as CGProductAttrs;
      return {
        x1: () => backward(dy, inputs.x2, tableForX1(table), inputMeta.x1.shape),
        x2: () => backward(dy, inputs.x1, tableForX2(table), inputMeta.x2.shape),
        acc: () => dy,
      };
    },
  },
];

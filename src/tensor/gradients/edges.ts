/**
 * VJPs of the pairwise edge kernels, written with ops.
 *
 * - PairwiseDifferences, out[i, j] = p_i - p_j: g_p[i] = sum_j g[i, j] - sum_j g[j, i].
 * - PairwiseMinkowskiSq, out[i, j] = (p_i - p_j)^T eta (p_i - p_j): with S = g + g^T (over i, j),
 *   g_p[i] = 2 eta (sum_j S[i, j] p_i - sum_j S[i, j] p_j) = 2 eta (rowsum(S) p - S p)[i].
 *
 * @packageDocumentation
 */
import { tensor } from '../creation';
import { PairwiseDifferences, PairwiseMinkowskiSq } from '../kernel-names-extra';
import type { GradConfig } from '../kernel-registry';
import { tidy } from '../memory';
import { add, mul, sub } from '../ops/arithmetic';
import { matmul } from '../ops/matmul';
import { sum } from '../ops/reduce';
import { transpose } from '../ops/reshape';

/** Gradients of the pairwise edge kernels. */
export const edgesGradients: GradConfig[] = [
  {
    kernelName: PairwiseDifferences,
    saveInputs: false,
    gradFunc: ([dy]) => ({ p: () => tidy(() => sub(sum(dy, 2), sum(dy, 1))) }),
  },
  {
    kernelName: PairwiseMinkowskiSq,
    gradFunc: ([dy], { inputs }) => ({
      p: () =>
        tidy(() => {
          const p = inputs.p;
          const s = add(dy, transpose(dy, [0, 2, 1]));
          const eta2 = tensor([2, -2, -2, -2], [4], { dtype: p.dtype });
          return mul(sub(mul(sum(s, 2, true), p), matmul(s, p)), eta2);
        }),
    }),
  },
];

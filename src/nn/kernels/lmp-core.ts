/**
 * The core of the Lorentz message-passing layer for scalar and four-vector features, as one
 * kernel: edge weights, messages and self products, giving the inputs of the per-irrep mixing.
 *
 * @packageDocumentation
 */
import { LorentzIrrep } from '../../math/irrep';
import { cgSparseTable } from '../../math/lorentz-cg';
import { getBackend } from '../../tensor/environment';
import { getKernel } from '../../tensor/kernel-registry';
import { runKernel } from '../../tensor/run-kernel';
import type { Tensor } from '../../tensor/tensor';
import type { DType } from '../../tensor/types';
import { hotKernelsAreWasm } from '../../tensor/cpu/kernels/hot-kernels';
import type { BellParameters } from './edge-weights';

/**
 * Kernel name. Inputs: p [B, N, 4] real, m [B, N] real, js [B] real, a / beta / c [K], u [K, C],
 * s [B, N, C, 1] and v [B, N, C, 4] (complex features of (0,0) and (1/2,1/2)). Outputs:
 * catS [B, N, 4C, 1] and catV [B, N, 3C, 4] complex, and the message sums Y_s, Y_v [B, N, C, 10] (real,
 * kept for the gradient).
 */
export const LMPCore = 'LMPCore';
/** Kernel name of its gradient: inputs gS, gV, y (the message sums) and the forward inputs; outputs [gp, ga, gbeta, gc, gu, gs, gv]. */
export const LMPCoreGrad = 'LMPCoreGrad';

/**
 * Kernel name of the core fused with the per-irrep channel mixing (float64, CPU backend with
 * WebAssembly kernels only): the inputs of {@link LMPCore} and the complex mixing weights
 * wS [OS, 4C] and wV [OV, 3C]. Outputs: the mixed features [B, N, OS, 1] = wS catS and
 * [B, N, OV, 4] = wV catV (per particle) complex, and all message sums Y [B, N, C, 20] (real, kept
 * for the gradient, which assembles catS and catV from them again). catS and catV never leave the
 * kernel's memory.
 */
export const LMPCoreMix = 'LMPCoreMix';
/** Kernel name of its gradient: inputs gS [B, N, OS, 1], gV [B, N, OV, 4] (of the mixed features), y and the forward inputs; outputs [gp, ga, gbeta, gc, gu, gs, gv, gwS, gwV]. */
export const LMPCoreMixGrad = 'LMPCoreMixGrad';

const SCALAR = LorentzIrrep.of(0, 0);
const VECTOR = LorentzIrrep.of(0.5, 0.5);

/**
 * Whether the Clebsch-Gordan tables the kernel hard-codes are those of the math layer: the
 * products with (0,0) are the identity, and (1/2,1/2) (x) (1/2,1/2) -> (0,0) is
 * H[0,0] = H[1,3] = H[3,1] = 1/2, H[2,2] = -1/2 (so that q(U a, U b) = a.b / 2, CONVENTIONS.md).
 */
function tablesMatch(): boolean {
  const identity = (t: ReturnType<typeof cgSparseTable>) =>
    t.values.length === t.d && Array.from(t.values).every((v, e) => v === 1 && t.i[e] === (t.i1[e] === 0 && t.d1 === 1 ? t.i2[e] : t.i1[e]));
  const q = cgSparseTable(VECTOR, VECTOR, SCALAR);
  const expected = new Map([
    ['0,0', 0.5],
    ['1,3', 0.5],
    ['2,2', -0.5],
    ['3,1', 0.5],
  ]);
  const qOk = q.values.length === 4 && Array.from(q.values).every((v, e) => expected.get(`${q.i1[e]},${q.i2[e]}`) === v);
  return identity(cgSparseTable(SCALAR, VECTOR, VECTOR)) && identity(cgSparseTable(VECTOR, SCALAR, VECTOR)) && qOk;
}

let tablesChecked: boolean | null = null;

/** Whether the fused kernel can run on the active backend. */
export function lmpCoreAvailable(): boolean {
  tablesChecked ??= tablesMatch();
  return tablesChecked && getKernel(LMPCore, getBackend()) !== undefined;
}

/**
 * Whether {@link lmpCoreMix} can run: the fused core can, the active backend is the CPU backend
 * with WebAssembly SIMD kernels and `dtype` is float64.
 */
export function lmpCoreMixAvailable(dtype: DType): boolean {
  return dtype === 'float64' && getBackend() === 'cpu' && lmpCoreAvailable() && getKernel(LMPCoreMix, 'cpu') !== undefined && hotKernelsAreWasm();
}

/**
 * The fused core followed by the mixing of its outputs: wS catS and wV catV per particle, with
 * catS and catV as in {@link lmpCore} (trusting: the layer validated the shapes; check
 * {@link lmpCoreMixAvailable} first).
 * @internal
 */
export function lmpCoreMix(p: Tensor, m: Tensor, js: Tensor, bells: BellParameters, s: Tensor, v: Tensor, wS: Tensor, wV: Tensor): [Tensor, Tensor] {
  const [outS, outV, sums] = runKernel(LMPCoreMix, { p, m, js, a: bells.a, beta: bells.beta, c: bells.c, u: bells.u, s, v, wS, wV });
  sums.dispose(); // kept by the tape for the gradient when one is recorded
  return [outS, outV];
}

/**
 * Runs the fused core (trusting: the layer validated the shapes). For each jet b, channel c and
 * particle i, with d_ij = p_i - p_j, w_ij = js_b m_i m_j f_c(d_ij . d_ij) (i != j), s the (0,0)
 * and v the (1/2,1/2) channel, v~ = U^H v its Cartesian form, and a.b the Minkowski product:
 *
 * ```text
 * catS[i] = m_i [ sum_j w_ij (d_ij . v~_j)/2 | s_i | s_i s_i | (v~_i . v~_i)/2 ]      (C channels each)
 * catV[i] = m_i [ U sum_j w_ij d_ij s_j      | v_i | s_i v_i ]
 * ```
 *
 * i.e. the message, input and self-product sources of the layer for the kept irreps (0,0) and
 * (1/2,1/2), in the layer's order ((1/2,1/2) (x) (1/2,1/2) -> (0,0) is (a.b)/2 for a = U^H x),
 * except that the two equal self products s_i v_i and v_i s_i of the (1/2,1/2) sources appear
 * once: the layer mixes them with the sum of their two weight columns. The factor m_i is the
 * layer's mask multiplication of its output, moved before the (per-particle linear) mixing.
 * @internal
 */
export function lmpCore(p: Tensor, m: Tensor, js: Tensor, bells: BellParameters, s: Tensor, v: Tensor): [Tensor, Tensor] {
  const [catS, catV, sums] = runKernel(LMPCore, { p, m, js, a: bells.a, beta: bells.beta, c: bells.c, u: bells.u, s, v });
  sums.dispose(); // kept by the tape for the gradient when one is recorded
  return [catS, catV];
}

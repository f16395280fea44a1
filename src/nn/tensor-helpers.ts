/**
 * Small tensor building blocks shared by the layers: the four-vector map U and its inverse as
 * tensor ops. Internal.
 *
 * @packageDocumentation
 */
import { complexTensor } from '../tensor/creation';
import { tidy } from '../tensor/memory';
import { matmul } from '../tensor/ops/matmul';
import { real } from '../tensor/ops/complex';
import type { Tensor } from '../tensor/tensor';

const H = Math.SQRT1_2;
/** U row-major [r][mu]: U p = [E, (px + i py)/sqrt2, pz, -(px - i py)/sqrt2] (CONVENTIONS.md). */
const U_RE = [1, 0, 0, 0, 0, H, 0, 0, 0, 0, 0, 1, 0, -H, 0, 0];
const U_IM = [0, 0, 0, 0, 0, 0, H, 0, 0, 0, 0, 0, 0, 0, H, 0];

function transposed(a: number[]): Float64Array {
  const out = new Float64Array(16);
  for (let i = 0; i < 4; i++) for (let j = 0; j < 4; j++) out[j * 4 + i] = a[i * 4 + j];
  return out;
}

/**
 * The canonical (1/2,1/2) components U p of real or complex four-vectors p [..., 4]
 * (E, px, py, pz): complex [..., 4], computed as p U^T.
 * @internal
 */
export function fourVectorsToIrrep(p: Tensor): Tensor {
  return tidy(() => {
    const ut = complexTensor(transposed(U_RE), transposed(U_IM), [4, 4], { dtype: p.dtype });
    return matmul(p, ut);
  });
}

/**
 * The real four-vectors Re(U^H x) of canonical (1/2,1/2) features x [..., 4]: real [..., 4]. Since
 * L(g) is real, taking the real part commutes with every Lorentz transformation.
 * @internal
 */
export function irrepToFourVectors(x: Tensor): Tensor {
  return tidy(() => {
    // (U^H x)[mu] = sum_r conj(U[r][mu]) x[r] = (x conj(U))[mu].
    const uConj = complexTensor(Float64Array.from(U_RE), Float64Array.from(U_IM, (v) => -v), [4, 4], { dtype: x.dtype });
    return real(matmul(x, uConj));
  });
}

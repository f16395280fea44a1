/**
 * Per-jet views of four-momentum jets used by the evaluation: the particle rows that take part in
 * a comparison, and particle features relative to the summed jet (internal).
 *
 * @packageDocumentation
 */
import { wrapPhi } from '../jets/kinematics';

/** The rows (E, px, py, pz) of jet j whose mask is nonzero (all rows when `mask` is null). */
export function jetRows(p: Float64Array, mask: Float64Array | null, j: number, slots: number): number[][] {
  const rows: number[][] = [];
  for (let i = 0; i < slots; i++) {
    const k = j * slots + i;
    if (mask === null || mask[k] !== 0) rows.push([p[4 * k], p[4 * k + 1], p[4 * k + 2], p[4 * k + 3]]);
  }
  return rows;
}

/** Particle features relative to the summed jet of the same rows. */
export interface RelativeRows {
  /** pt / pt_jet. */
  readonly ptRel: Float64Array;
  /** eta - eta_jet (NaN where pt = 0). */
  readonly etaRel: Float64Array;
  /** phi - phi_jet wrapped to [-pi, pi) (NaN where pt = 0). */
  readonly phiRel: Float64Array;
}

/**
 * (ptRel, etaRel, phiRel) of each row relative to the jet p_J = sum of the rows:
 * ptRel = pt / pt_J, etaRel = asinh(pz / pt) - asinh(pz_J / pt_J), phiRel = wrap(phi - phi_J).
 * Rows with pt = 0 get ptRel 0 and NaN angles; a jet with pt_J = 0 gives NaN everywhere.
 */
export function relativeRows(rows: readonly (readonly number[])[]): RelativeRows {
  let px = 0;
  let py = 0;
  let pz = 0;
  for (const r of rows) {
    px += r[1];
    py += r[2];
    pz += r[3];
  }
  const ptJ = Math.hypot(px, py);
  const etaJ = ptJ > 0 ? Math.asinh(pz / ptJ) : NaN;
  const phiJ = ptJ > 0 ? Math.atan2(py, px) : NaN;
  const n = rows.length;
  const out = { ptRel: new Float64Array(n), etaRel: new Float64Array(n), phiRel: new Float64Array(n) };
  rows.forEach((r, i) => {
    const pt = Math.hypot(r[1], r[2]);
    out.ptRel[i] = ptJ > 0 ? pt / ptJ : NaN;
    out.etaRel[i] = pt > 0 ? Math.asinh(r[3] / pt) - etaJ : NaN;
    out.phiRel[i] = pt > 0 ? wrapPhi(Math.atan2(r[2], r[1]) - phiJ) : NaN;
  });
  return out;
}

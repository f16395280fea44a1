/**
 * The energy mover's distance between two jets (Komiske, Metodiev, Thaler, Phys. Rev. Lett. 123
 * (2019) 041801, eq. 1), computed exactly.
 *
 * @packageDocumentation
 */
import { ConfigError, DataError, ShapeError, invalid } from '../errors';
import { flatPoints, type FlatPoints, type PointSet } from './points';
import { solveTransport } from './transport';

/** How the rows of the jets given to {@link emd} are to be read. */
export type EmdCoordinates = 'ptEtaPhi' | 'fourMomentum';

/** Options of {@link emd}. */
export interface EmdOptions {
  /**
   * The jet radius parameter R dividing the angular distance (default 0.8, the anti-kT radius of
   * the JetNet and top-tagging jets; EnergyFlow's own default is 1.0). EMD is a metric when R is
   * at least half the largest ground distance.
   */
  readonly R?: number;
  /** Row format: (pt, eta, phi) (default) or four-momenta (E, px, py, pz). */
  readonly coords?: EmdCoordinates;
  /** Wrap phi differences into [-pi, pi] (default true, as EnergyFlow's `periodic_phi`). */
  readonly periodicPhi?: boolean;
}

interface Weighted {
  readonly pt: number[];
  readonly eta: number[];
  readonly phi: number[];
}

function weighted(x: FlatPoints, coords: EmdCoordinates, argument: string): Weighted {
  const out: Weighted = { pt: [], eta: [], phi: [] };
  const width = coords === 'ptEtaPhi' ? 3 : 4;
  if (x.n > 0 && x.f !== width) throw new ShapeError(invalid('emd', argument, `rows of ${width} numbers for coords '${coords}'`, `rows of ${x.f}`));
  for (let i = 0; i < x.n; i++) {
    const r = x.data.subarray(i * width, (i + 1) * width);
    let pt: number;
    let eta: number;
    let phi: number;
    if (coords === 'ptEtaPhi') {
      [pt, eta, phi] = r;
      if (pt < 0) throw new DataError(invalid('emd', `${argument}[${i}][0]`, 'a pt >= 0', pt));
    } else {
      pt = Math.hypot(r[1], r[2]);
      eta = pt > 0 ? Math.asinh(r[3] / pt) : 0;
      phi = Math.atan2(r[2], r[1]);
    }
    if (pt === 0) continue; // no weight, no flow
    out.pt.push(pt);
    out.eta.push(eta);
    out.phi.push(phi);
  }
  return out;
}

/**
 * Energy mover's distance between jets a and b, with pT weights:
 *
 * EMD(a, b) = min over f_ij >= 0 of sum_ij f_ij d_ij / R + |sum_i pT_i - sum_j pT'_j|,
 * subject to sum_j f_ij <= pT_i, sum_i f_ij <= pT'_j, sum_ij f_ij = min(sum pT, sum pT'),
 *
 * with ground distance d_ij = sqrt((eta_i - eta'_j)^2 + (phi_i - phi'_j)^2) (phi difference
 * wrapped into [-pi, pi] when periodicPhi). This is EnergyFlow's `emd.emd(ev0, ev1, R)` with
 * `norm=False`, `beta=1`. Solved exactly: the unbalanced problem is made balanced by a dummy
 * particle that carries the pT difference at zero cost (whose flow then costs exactly the
 * |difference| term), and the balanced problem is solved by the transportation simplex.
 *
 * Rows are (pt, eta, phi) by default, or four-momenta (E, px, py, pz) with `coords:
 * 'fourMomentum'`, read as pt = hypot(px, py), eta = asinh(pz / pt) (pseudorapidity; equal to the
 * rapidity for massless particles), phi = atan2(py, px). Particles with pt = 0 (e.g. padding)
 * carry no weight and are skipped.
 *
 * @param a - first jet, `number[N][3 or 4]` or a flat typed array.
 * @param b - second jet, same row format.
 * @param options - R (default 0.8), coords (default 'ptEtaPhi'), periodicPhi (default true).
 * @returns the EMD, in the unit of pt.
 * @throws {@link ShapeError} for rows of the wrong width; {@link DataError} for non-finite values
 * or a negative pt; {@link ConfigError} for R <= 0 or other bad options.
 *
 * @example
 * ```ts
 * import { emd } from 'lorentz-irreps';
 * // moving 10 GeV by 0.4 in eta with R = 0.8 costs 10 * 0.4 / 0.8 = 5 GeV
 * console.assert(Math.abs(emd([[10, 0, 0]], [[10, 0.4, 0]]) - 5) < 1e-12);
 * // an extra 2 GeV particle in b costs its pt
 * console.assert(Math.abs(emd([[10, 0, 0]], [[10, 0, 0], [2, 0.1, 0.1]]) - 2) < 1e-12);
 * ```
 */
export function emd(a: PointSet, b: PointSet, options: EmdOptions = {}): number {
  const fn = 'emd';
  const R = options.R ?? 0.8;
  if (!(typeof R === 'number' && Number.isFinite(R) && R > 0)) throw new ConfigError(invalid(fn, 'options.R', 'a finite number > 0', R));
  const coords = options.coords ?? 'ptEtaPhi';
  if (coords !== 'ptEtaPhi' && coords !== 'fourMomentum') {
    throw new ConfigError(invalid(fn, 'options.coords', "'ptEtaPhi' or 'fourMomentum'", coords));
  }
  const periodic = options.periodicPhi ?? true;
  if (typeof periodic !== 'boolean') throw new ConfigError(invalid(fn, 'options.periodicPhi', 'a boolean', periodic));
  const width = coords === 'ptEtaPhi' ? 3 : 4;
  const A = weighted(flatPoints(a, fn, 'a', width), coords, 'a');
  const B = weighted(flatPoints(b, fn, 'b', width), coords, 'b');
  // summed in ascending order, so that equal multisets of pt give bit-equal totals
  const sumA = [...A.pt].sort((x, y) => x - y).reduce((s, x) => s + x, 0);
  const sumB = [...B.pt].sort((x, y) => x - y).reduce((s, x) => s + x, 0);
  const diff = Math.abs(sumA - sumB);
  if (A.pt.length === 0 || B.pt.length === 0) return diff;
  const supply = [...A.pt];
  const demand = [...B.pt];
  if (sumA < sumB) supply.push(sumB - sumA);
  else if (sumB < sumA) demand.push(sumA - sumB);
  const n = supply.length;
  const m = demand.length;
  const cost = new Float64Array(n * m);
  for (let i = 0; i < A.pt.length; i++) {
    for (let j = 0; j < B.pt.length; j++) {
      let dphi = A.phi[i] - B.phi[j];
      if (periodic) dphi = Math.PI - Math.abs(Math.PI - Math.abs(dphi) % (2 * Math.PI));
      cost[i * m + j] = Math.hypot(A.eta[i] - B.eta[j], dphi) / R;
    }
  }
  return solveTransport(supply, demand, cost).cost + diff;
}

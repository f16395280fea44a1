/**
 * Histograms for the evaluation figures: common bins for a true and a reconstructed sample,
 * normalized to unit area (internal).
 *
 * @packageDocumentation
 */
import { sortedQuantile } from '../metrics/quantile';

/** A histogram of one sample on given bin edges. */
export interface Histogram {
  /** B + 1 increasing edges. */
  readonly edges: Float64Array;
  /** B densities (count / (total * width)); values outside the edges are counted in `outside`. */
  readonly density: Float64Array;
  /** Number of finite values outside [edges[0], edges[B]]. */
  readonly outside: number;
}

/**
 * B equal bins from the smallest to the largest of the quantiles `lo` and `hi` of the finite
 * values of each sample (so that every sample's bulk is in view), widened by a small epsilon when
 * they coincide.
 */
export function quantileEdges(samples: readonly ArrayLike<number>[], bins: number, lo = 0.005, hi = 0.995): Float64Array {
  let a = Infinity;
  let b = -Infinity;
  for (const sample of samples) {
    const finite = Float64Array.from(Array.from(sample).filter((x) => Number.isFinite(x))).sort();
    if (finite.length === 0) continue;
    a = Math.min(a, sortedQuantile(finite, lo));
    b = Math.max(b, sortedQuantile(finite, hi));
  }
  if (!Number.isFinite(a)) [a, b] = [0, 1];
  if (!(b > a)) {
    const pad = Math.max(Math.abs(a) * 1e-3, 1e-12);
    a -= pad;
    b += pad;
  }
  return Float64Array.from({ length: bins + 1 }, (_, k) => (k === bins ? b : a + ((b - a) * k) / bins));
}

/** Histogram of the finite values of `values` on `edges`, normalized to unit area inside the edges. */
export function histogram(values: ArrayLike<number>, edges: Float64Array): Histogram {
  const B = edges.length - 1;
  const counts = new Float64Array(B);
  const lo = edges[0];
  const hi = edges[B];
  const width = (hi - lo) / B;
  let inside = 0;
  let outside = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) continue;
    if (v < lo || v > hi) {
      outside++;
      continue;
    }
    counts[Math.min(B - 1, Math.floor((v - lo) / width))]++;
    inside++;
  }
  const density = counts.map((c) => (inside > 0 ? c / (inside * width) : 0));
  return { edges, density, outside };
}

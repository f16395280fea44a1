/**
 * The Vega-Lite specification of the equivariance figure (as figure 9 of the LGAE paper): the
 * relative deviation against the rapidity of boosts and against the angle of rotations.
 *
 * @packageDocumentation
 */
import type { VegaLiteSpec } from './render';

/** One measured point: the transformation parameter and the relative deviation. */
export interface DeviationPoint {
  /** Rapidity (boosts) or angle in radians (rotations). */
  readonly x: number;
  /** The relative deviation delta(g). */
  readonly deviation: number;
}

/** Inputs of {@link equivarianceFigureSpec}. */
export interface EquivarianceFigureData {
  readonly boosts: readonly DeviationPoint[];
  readonly rotations: readonly DeviationPoint[];
  /** Title of the figure. */
  readonly title: string;
  /** Deviations below this are drawn at it (log axis; exact zeros, e.g. at the identity, land on the bottom edge); default 1e-17. */
  readonly floor?: number;
}

function panel(points: readonly DeviationPoint[], xTitle: string, floor: number, color: string): VegaLiteSpec {
  return {
    width: 320,
    height: 240,
    data: { values: points.map((p) => ({ x: p.x, deviation: Math.max(p.deviation, floor) })) },
    mark: { type: 'line', color, point: { filled: true, color } },
    encoding: {
      x: { field: 'x', type: 'quantitative', title: xTitle },
      y: {
        field: 'deviation',
        type: 'quantitative',
        title: 'relative deviation δ',
        scale: { type: 'log' },
        axis: { format: '.0e' },
      },
    },
  };
}

/**
 * Two side-by-side panels with a logarithmic deviation axis: boosts along z (rapidity) and
 * rotations about z (angle), for `renderVegaLite` / `writeFigure`.
 * @internal Used by the equivariance benchmark.
 */
export function equivarianceFigureSpec(data: EquivarianceFigureData): VegaLiteSpec {
  const floor = data.floor ?? 1e-17;
  return {
    title: data.title,
    hconcat: [panel(data.boosts, 'boost rapidity along z', floor, '#1f77b4'), panel(data.rotations, 'rotation angle about z (rad)', floor, '#d62728')],
  };
}

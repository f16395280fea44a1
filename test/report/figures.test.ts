import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ConfigError, renderVegaLite } from 'lorentz-irreps';
import { averageJetImage } from '../../src/report/figures';
import { histogram, quantileEdges } from '../../src/report/histogram';
import { jetRows, relativeRows } from '../../src/report/particles';

describe('histograms of the figures', () => {
  it('have bins covering the bulk of every sample and unit area inside them', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -10, max: 10, noNaN: true }), { minLength: 1, maxLength: 60 }), fc.double({ min: 20, max: 30, noNaN: true }), (xs, shift) => {
        const ys = xs.map((x) => x + shift);
        const edges = quantileEdges([xs, ys], 10, 0, 1);
        expect(edges[0] === Math.min(...xs)).toBe(true); // (== so that -0 and 0 agree)
        expect(edges[10]).toBe(Math.max(...ys));
        const h = histogram(xs, edges);
        const area = h.density.reduce((s, d) => s + d * (edges[1] - edges[0]), 0);
        expect(area).toBeCloseTo(1, 9);
        expect(h.outside).toBe(0);
      }),
    );
    expect(Array.from(quantileEdges([[2, 2, 2]], 2))).toEqual([2 - 2e-3, 2, 2 + 2e-3]);
    expect(histogram([0, 0.5, 1, 7, NaN], Float64Array.of(0, 1, 2)).outside).toBe(1);
  });

  it('average pT fractions per jet into (etaRel, phiRel) pixels', () => {
    // two jets: 0.75 of the pT at (0.1, -0.1) in each, 0.25 at (-0.5, 0.5) in one, 0.25 outside the window in the other
    const img = averageJetImage([0.1, -0.5, 0.1, 2], [-0.1, 0.5, -0.1, 0], [0.75, 0.25, 0.75, 0.25], 2, 4, 0.8);
    const pixel = (eta: number, phi: number) => img[Math.floor((eta + 0.8) / 0.4) * 4 + Math.floor((phi + 0.8) / 0.4)];
    expect(pixel(0.1, -0.1)).toBe(0.75);
    expect(pixel(-0.5, 0.5)).toBe(0.125);
    expect(img.reduce((s, x) => s + x, 0)).toBe(0.875);
  });

  it('take particle features relative to the jet of the same particles', () => {
    const rows = jetRows(Float64Array.of(3, 3, 0, 0, 0, 0, 0, 0, 1, 0, 1, 0), Float64Array.of(1, 0, 1), 0, 3);
    expect(rows).toEqual([[3, 3, 0, 0], [1, 0, 1, 0]]);
    const f = relativeRows([[3, 3, 0, 0], [1, 0, 1, 0], [0, 0, 0, 0]]);
    const phiJ = Math.atan2(1, 3);
    expect(Array.from(f.ptRel)).toEqual([3 / Math.hypot(3, 1), 1 / Math.hypot(3, 1), 0]);
    expect(f.phiRel[0]).toBeCloseTo(-phiJ, 15);
    expect(f.phiRel[1]).toBeCloseTo(Math.PI / 2 - phiJ, 15);
    expect([f.etaRel[0], Number.isNaN(f.etaRel[2]), Number.isNaN(f.phiRel[2])]).toEqual([0, true, true]);
  });
});

describe('renderVegaLite', () => {
  it('refuses specifications that are not objects or do not compile', async () => {
    await expect(renderVegaLite([] as never)).rejects.toThrow(ConfigError);
    await expect(renderVegaLite({ mark: 'nonsense' })).rejects.toThrow(/vega-lite compiles/);
    await expect(renderVegaLite({ mark: 'point' }, { scale: 0 })).rejects.toThrow(/options\.scale/);
  });
});

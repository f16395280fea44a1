/**
 * Vega-Lite specifications of the evaluation figures: ROC curves, feature histograms (true vs
 * reconstructed), average jet images and latent invariant masses.
 *
 * @packageDocumentation
 */
import { rocAuc, rocCurve } from '../metrics/roc';
import type { VegaLiteSpec } from '../plot/render';
import type { ScoreName } from './anomaly';
import type { Evaluation, SampleEvaluation } from './evaluate';
import { histogram, quantileEdges } from './histogram';

const SOURCE_COLORS = { domain: ['true', 'reconstructed'], range: ['#1f77b4', '#d62728'] };

/** At most `max` points of a curve, evenly spaced in index, first and last kept. */
function thin(n: number, max: number): number[] {
  if (n <= max) return Array.from({ length: n }, (_, i) => i);
  return Array.from({ length: max }, (_, k) => Math.round((k * (n - 1)) / (max - 1)));
}

/**
 * ROC curves of every score for one signal ('combined': all signals) against the background:
 * signal efficiency on x, background efficiency on a log y axis, the AUC in the legend.
 */
export function rocFigure(e: Evaluation, signal: string): VegaLiteSpec {
  const sigs = signal === 'combined' ? e.signals : e.signals.filter((s) => s.name === signal);
  const values: { score: string; tpr: number; fpr: number }[] = [];
  const labels: string[] = [];
  for (const score of Object.keys(e.background.scores) as ScoreName[]) {
    const sig = sigs.flatMap((s) => Array.from(s.scores[score]));
    const bkg = e.background.scores[score];
    const { fpr, tpr } = rocCurve(sig, bkg);
    const label = `${score} (AUC ${rocAuc(sig, bkg).toFixed(3)})`;
    labels.push(label);
    const kept = Array.from(fpr.keys()).filter((i) => fpr[i] > 0);
    for (const k of thin(kept.length, 400)) values.push({ score: label, tpr: tpr[kept[k]], fpr: fpr[kept[k]] });
  }
  return {
    title: `${signal === 'combined' ? 't + w + z' : signal} jets vs ${e.background.name} jets`,
    width: 360,
    height: 300,
    data: { values },
    mark: { type: 'line', clip: true },
    encoding: {
      x: { field: 'tpr', type: 'quantitative', title: 'signal efficiency', scale: { domain: [0, 1] } },
      y: { field: 'fpr', type: 'quantitative', title: 'background efficiency', scale: { type: 'log' } },
      color: { field: 'score', type: 'nominal', title: 'anomaly score', scale: { domain: labels }, legend: { labelLimit: 400 } },
      order: { field: 'tpr', type: 'quantitative' },
    },
  };
}

/** Histogram rows { sample, feature, x, density, source } of true and reconstructed values on common bins. */
function histogramRows(sample: string, feature: string, target: ArrayLike<number>, reco: ArrayLike<number>, bins: number) {
  const edges = quantileEdges([target, reco], bins);
  const rows: { sample: string; feature: string; x: number; density: number; source: string }[] = [];
  for (const [source, values] of [['true', target], ['reconstructed', reco]] as const) {
    const h = histogram(values, edges);
    h.density.forEach((d, k) => rows.push({ sample, feature, x: (edges[k] + edges[k + 1]) / 2, density: d, source }));
  }
  return rows;
}

function facetedHistograms(title: string, values: object[]): VegaLiteSpec {
  return {
    title,
    data: { values },
    facet: { row: { field: 'sample', type: 'nominal', title: null }, column: { field: 'feature', type: 'nominal', title: null } },
    spec: {
      width: 170,
      height: 110,
      mark: { type: 'line', interpolate: 'step' },
      encoding: {
        x: { field: 'x', type: 'quantitative', title: null, scale: { zero: false } },
        y: { field: 'density', type: 'quantitative', title: 'density' },
        color: { field: 'source', type: 'nominal', title: null, scale: SOURCE_COLORS },
      },
    },
    resolve: { scale: { x: 'independent', y: 'independent' } },
  };
}

/** Particle features (ptRel, etaRel, phiRel; each relative to its own jet), true vs reconstructed, per sample. */
export function particleFeaturesFigure(e: Evaluation, bins = 40): VegaLiteSpec {
  const values = [e.background, ...e.signals].flatMap((s) =>
    (['ptRel', 'etaRel', 'phiRel'] as const).flatMap((f) => histogramRows(s.name, `particle ${f}`, s.particles.target[f], s.particles.reco[f], bins)),
  );
  return facetedHistograms('Particle features', values);
}

/** Jet features (mass, pt, eta, phi of the summed particles), true vs reconstructed, per sample. */
export function jetFeaturesFigure(e: Evaluation, bins = 40): VegaLiteSpec {
  const label = { mass: `jet mass [${e.units}]`, pt: `jet pT [${e.units}]`, eta: 'jet η', phi: 'jet φ [rad]' } as const;
  const values = [e.background, ...e.signals].flatMap((s) =>
    (['mass', 'pt', 'eta', 'phi'] as const).flatMap((f) => histogramRows(s.name, label[f], s.jets.target[f], s.jets.reco[f], bins)),
  );
  return facetedHistograms('Jet features', values);
}

/**
 * Average jet image: sum over the sample's particles of ptRel in (etaRel, phiRel) pixels of
 * [-range, range)^2, divided by the number of jets (so pixel values are the mean pt fraction per
 * jet falling in the pixel). Particles without a direction or outside the window are left out.
 */
export function averageJetImage(etaRel: ArrayLike<number>, phiRel: ArrayLike<number>, ptRel: ArrayLike<number>, numJets: number, size: number, range: number): Float64Array {
  const image = new Float64Array(size * size);
  const scale = size / (2 * range);
  for (let i = 0; i < ptRel.length; i++) {
    const a = Math.floor((etaRel[i] + range) * scale);
    const b = Math.floor((phiRel[i] + range) * scale);
    if (!(a >= 0 && a < size && b >= 0 && b < size) || !Number.isFinite(ptRel[i])) continue;
    image[a * size + b] += ptRel[i] / numJets;
  }
  return image;
}

/** Average jet images in (etaRel, phiRel), true vs reconstructed, one row per sample (log colour scale). */
export function jetImagesFigure(e: Evaluation, size = 25, range = 0.8): VegaLiteSpec {
  const values: object[] = [];
  const step = (2 * range) / size;
  for (const s of [e.background, ...e.signals]) {
    for (const [source, f] of [['true', s.particles.target], ['reconstructed', s.particles.reco]] as const) {
      const img = averageJetImage(f.etaRel, f.phiRel, f.ptRel, s.numJets, size, range);
      img.forEach((v, k) => {
        if (v <= 0) return;
        const eta = -range + Math.floor(k / size) * step;
        const phi = -range + (k % size) * step;
        values.push({ sample: s.name, source, eta, eta2: eta + step, phi, phi2: phi + step, pt: v });
      });
    }
  }
  return {
    title: 'Average jet images (mean pT fraction per jet)',
    data: { values },
    facet: { row: { field: 'sample', type: 'nominal', title: null }, column: { field: 'source', type: 'nominal', title: null, sort: ['true', 'reconstructed'] } },
    spec: {
      width: 150,
      height: 150,
      mark: 'rect',
      encoding: {
        x: { field: 'eta', type: 'quantitative', title: 'η_rel', scale: { domain: [-range, range] } },
        x2: { field: 'eta2' },
        y: { field: 'phi', type: 'quantitative', title: 'φ_rel', scale: { domain: [-range, range] } },
        y2: { field: 'phi2' },
        color: { field: 'pt', type: 'quantitative', title: 'pT fraction', scale: { type: 'log', scheme: 'viridis' } },
      },
    },
  };
}

/** Histograms of the latent four-vectors' invariant masses per sample, one panel per latent vector. */
export function latentMassFigure(e: Evaluation, bins = 40): VegaLiteSpec | null {
  const samples: SampleEvaluation[] = [e.background, ...e.signals];
  const K = e.background.latentVectors;
  if (e.background.latentMasses === null || K === 0) return null;
  const values: object[] = [];
  for (let k = 0; k < K; k++) {
    const of = (s: SampleEvaluation) => Float64Array.from({ length: s.numJets }, (_, j) => s.latentMasses![j * K + k]);
    const edges = quantileEdges(samples.map(of), bins);
    for (const s of samples) {
      const h = histogram(of(s), edges);
      h.density.forEach((d, b) => values.push({ vector: `latent vector ${k + 1}`, sample: s.name, x: (edges[b] + edges[b + 1]) / 2, density: d }));
    }
  }
  return {
    title: `Invariant mass of the latent four-vectors (sign(m²)·sqrt|m²|, ${e.units})`,
    data: { values },
    facet: { column: { field: 'vector', type: 'nominal', title: null } },
    spec: {
      width: 220,
      height: 160,
      mark: { type: 'line', interpolate: 'step' },
      encoding: {
        x: { field: 'x', type: 'quantitative', title: `m [${e.units}]`, scale: { zero: false } },
        y: { field: 'density', type: 'quantitative', title: 'density' },
        color: { field: 'sample', type: 'nominal', title: null },
      },
    },
    resolve: { scale: { x: 'independent', y: 'independent' } },
  };
}

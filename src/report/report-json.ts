/**
 * The `report.json` document of an evaluation: model, data, both tables, the latent summary and
 * the figure files.
 *
 * @packageDocumentation
 */
import { quantile } from '../metrics/quantile';
import { rocCurve } from '../metrics/roc';
import type { JsonObject, JsonValue } from '../train/json';
import type { ModelSymmetries } from '../train/symmetries';
import { SCORE_NAMES, type AnomalyTable } from './anomaly';
import type { Evaluation, LatentKnnSummary, ReconstructionRow } from './evaluate';
import { LATENT_KNN_SCORE } from './latent-knn';

/** The format tag of report files. */
export const REPORT_FORMAT = 'lorentz-irreps-report';

/** Summary of one latent vector's invariant mass in one sample. */
export interface LatentMassSummary {
  readonly sample: string;
  /** Latent vector index, from 1. */
  readonly vector: number;
  readonly median: number;
  readonly q25: number;
  readonly q75: number;
  /** Fraction of jets whose latent vector is spacelike (m^2 < 0). */
  readonly spacelikeFraction: number;
}

/** A ROC curve of one score, kept in the report (thinned) so that runs can be compared later. */
export interface RocSummary {
  readonly score: string;
  /** 'combined' (all signals together), or the one signal's name when there is only one. */
  readonly signal: string;
  /** Background efficiencies (false positive rates), increasing. */
  readonly fpr: readonly number[];
  /** Signal efficiencies (true positive rates) at the same cuts. */
  readonly tpr: readonly number[];
}

/** The content of `report.json`. */
export interface Report {
  readonly format: typeof REPORT_FORMAT;
  readonly version: 1;
  /** Caller's description of the model and run (kind, config, weights, run folder ...). */
  readonly meta: JsonObject;
  readonly units: string;
  readonly maskPadding: boolean;
  readonly samples: readonly { readonly name: string; readonly role: 'background' | 'signal'; readonly jets: number }[];
  readonly anomaly: AnomalyTable;
  readonly reconstruction: readonly ReconstructionRow[];
  readonly latent: { readonly masses: readonly LatentMassSummary[] } | { readonly skipped: string };
  /**
   * Which symmetries the model respects (permutation, translation, rotation, lorentz: each
   * `{ respected, note }`), as the model declares them; `{ skipped }` when it declares none.
   * (Absent from reports written before it was added.)
   */
  readonly symmetries: ModelSymmetries | { readonly skipped: string };
  /**
   * How the 'latentKnn' score was fitted (reference jets, k, invariants), or `{ skipped }` with the
   * reason it is missing. (Absent from reports written before it was added.)
   */
  readonly latentKnn: LatentKnnSummary | { readonly skipped: string };
  /**
   * The ROC curve of every score for all signals together (`compare` draws them): at most ~300
   * points, keeping the low background efficiencies. (Absent from reports written before it was
   * added.)
   */
  readonly roc: readonly RocSummary[];
  /** Figure files, relative to the report's folder. */
  readonly figures: readonly string[];
  /** Remarks on how to read the numbers. */
  readonly notes: readonly string[];
}

/** Summaries of the latent invariant masses of every sample and latent vector. */
export function latentSummary(e: Evaluation): LatentMassSummary[] {
  const out: LatentMassSummary[] = [];
  for (const s of [e.background, ...e.signals]) {
    if (s.latentMasses === null) continue;
    const K = s.latentVectors;
    for (let k = 0; k < K; k++) {
      const m = Float64Array.from({ length: s.numJets }, (_, j) => s.latentMasses![j * K + k]);
      out.push({
        sample: s.name,
        vector: k + 1,
        median: quantile(m, 0.5),
        q25: quantile(m, 0.25),
        q75: quantile(m, 0.75),
        spacelikeFraction: m.filter((x) => x < 0).length / m.length,
      });
    }
  }
  return out;
}

/**
 * Indices of at most ~`max` points of a ROC curve (fpr increasing): evenly spaced in index, plus
 * the first point at or above each of `max / 2` log-spaced background efficiencies from 1e-6 to 1,
 * so that the low-efficiency end survives on a log axis; first and last kept.
 */
function thinRoc(fpr: Float64Array, max: number): number[] {
  const n = fpr.length;
  const keep = new Set<number>([0, n - 1]);
  const even = Math.max(2, Math.floor(max / 2));
  for (let k = 0; k < even && n > 1; k++) keep.add(Math.round((k * (n - 1)) / (even - 1)));
  let i = 0;
  for (let k = 0; k <= even; k++) {
    const target = 10 ** (-6 + (6 * k) / even);
    while (i < n - 1 && fpr[i] < target) i++;
    keep.add(i);
  }
  return [...keep].sort((a, b) => a - b);
}

/** The combined-signal ROC curve of every score, thinned ({@link RocSummary}). */
export function rocSummaries(e: Evaluation): RocSummary[] {
  const signal = e.signals.length === 1 ? e.signals[0].name : 'combined';
  return Object.keys(e.background.scores).map((score) => {
    const sig = e.signals.flatMap((s) => Array.from(s.scores[score]));
    const { fpr, tpr } = rocCurve(sig, e.background.scores[score]);
    const idx = thinRoc(fpr, 300);
    return { score, signal, fpr: idx.map((i) => fpr[i]), tpr: idx.map((i) => tpr[i]) };
  });
}

/** Builds the report document of an evaluation. */
export function buildReport(e: Evaluation, meta: JsonObject, figures: readonly string[]): Report {
  const notes = [
    'Anomaly scores are per-jet distances between a jet and its reconstruction (except latentKnn, a distance in latent space); larger means more anomalous.',
    `Chamfer and Hungarian scores are in ${e.units}^2, EMD in ${e.units} (pT-weighted, R = 0.8 unless configured otherwise).`,
    e.maskPadding
      ? 'Only real particles are compared (padded slots of the target and the same slots of the reconstruction are left out).'
      : 'All particle slots are compared; padded slots are zero four-vectors.',
    "Signal efficiencies whose 'resolved' is false are interpolated: fewer than one background jet passes such a cut.",
    ...(e.background.scores.hungarian === undefined
      ? [
          `The Hungarian and EMD scores are left out: the model reconstructs ${e.background.recoParticles} particle slots per jet, which cannot be paired one to one with the input's, and an exact EMD between so many slots and the input costs seconds per jet.`,
        ]
      : []),
    ...(e.background.scores.imageMse !== undefined
      ? ["The 'imageMse' score is the model's own: the mean over pixels of the squared difference between the jet image (ptrel in (etarel, phirel), normalized to unit sum) and its reconstruction (dimensionless)."]
      : []),
    ...Object.keys(e.background.scores)
      .filter((s) => !SCORE_NAMES.includes(s) && s !== 'imageMse' && s !== LATENT_KNN_SCORE)
      .map((s) => `The '${s}' score is supplied by the model (its anomalyScores method).`),
    e.latentKnn !== null
      ? `The '${LATENT_KNN_SCORE}' score is not a reconstruction distance: it is the squared Euclidean distance from a jet to its k-th nearest (k = ${e.latentKnn.k}) of ${e.latentKnn.referenceJets} reference jets (background training jets) in the Lorentz invariants of the latent four-vectors (all ${e.latentKnn.features} Minkowski products of their real and imaginary parts), each log-scaled by its reference median and standardized on the reference (${e.latentKnn.usedFeatures} not constant there enter the distance); dimensionless.`
      : `The '${LATENT_KNN_SCORE}' score is left out: ${e.latentKnnNote}.`,
    'Particle features are relative to each jet (target or reconstruction) of its own summed particles; particles are matched by optimal assignment on squared four-momentum distances.',
  ];
  return {
    format: REPORT_FORMAT,
    version: 1,
    meta,
    units: e.units,
    maskPadding: e.maskPadding,
    samples: [{ name: e.background.name, role: 'background', jets: e.background.numJets }, ...e.signals.map((s) => ({ name: s.name, role: 'signal' as const, jets: s.numJets }))],
    anomaly: e.anomaly,
    reconstruction: e.reconstruction,
    latent: e.latentNote === null ? { masses: latentSummary(e) } : { skipped: e.latentNote },
    symmetries: e.symmetries ?? { skipped: 'the model declares no symmetry table (no symmetries member)' },
    latentKnn: e.latentKnn ?? { skipped: e.latentKnnNote ?? 'not computed' },
    roc: rocSummaries(e),
    figures: [...figures],
    notes,
  };
}

/** The report as JSON text (non-finite numbers become null). */
export function reportJson(report: Report): string {
  return `${JSON.stringify(report as unknown as JsonValue, null, 2)}\n`;
}

/**
 * A second reference point for the anomaly-detection results: the standard jet-substructure
 * observables of W, Z and top tagging, scored as the latent of an autoencoder is scored by
 * `lorentz-irreps eval` (the 'latentKnn' score), on the same test jets (split 60/20/20 with the
 * same seed, four-momenta in TeV, the same 30 particles per jet that the models see).
 *
 * Per jet, four observables of its particles (relative to the summed jet, `fourMomentaToRelative`):
 *
 * - m / pT of the summed jet;
 * - the width, sum_i ptRel_i dR_i / sum_i ptRel_i about the pT-weighted (eta, phi) centroid
 *   (the score of examples/width-baseline.ts), which is tau_1 below;
 * - the N-subjettiness ratios tau_2 / tau_1 and tau_3 / tau_2, with
 *   tau_N = sum_i ptRel_i min_a dR_ia / sum_i ptRel_i (beta = 1) for N axes in (eta, phi).
 *   The axes: the hardest particle, then each next axis at the particle farthest from the axes so
 *   far (largest ptRel dR^2), then up to 20 rounds of a pT-weighted k-means (each axis moves to
 *   the pT-weighted centroid of the particles nearest to it), which minimizes the beta = 2 sum;
 *   tau_N is evaluated on those axes. The one axis of tau_1 ends at the centroid, so tau_1 is
 *   the width.
 *
 * The anomaly score is the squared distance to the k-th nearest QCD training jet (g + q training
 * split) in these observables, transformed and standardized by `fitLatentKnn` as the latent
 * invariants are. It is an unsupervised density score, like the LGAE's latent kNN: it knows the
 * QCD jets only. A model's latent that scores below these four numbers has learned less about
 * where QCD jets lie than the observables physicists use.
 *
 *   npx tsx examples/substructure-baseline.ts [--data <JetNet folder>] [--seed 0] [--k 5] [--max-jets n]
 *
 * Prints the ROC AUC per signal (t, w, z) and for all signals combined, for the kNN score of the
 * four observables and for each observable alone (larger = more signal-like, as measured; an
 * observable that ranks signals low has an AUC under 0.5).
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import {
  ConfigError,
  concatJets,
  DataError,
  fitLatentKnn,
  fourMomentaToRelative,
  invalid,
  loadJetNetSplits,
  sampleDataDir,
  ShapeError,
  type FeatureRows,
  type FourMomentumInput,
} from '../src/index';
import { signalAucs, type SignalAucs } from './width-baseline';

/** The observables of {@link substructureObservables}, in column order. */
export const OBSERVABLES = ['mOverPt', 'width', 'tau21', 'tau32'] as const;

/** Rounds of the pT-weighted k-means that places the N-subjettiness axes. */
const AXIS_ROUNDS = 20;

/**
 * N-subjettiness tau_N (beta = 1) of one jet's particles, normalized by their summed pT, on axes
 * placed as described in the file header. With at most N particles, tau_N = 0.
 *
 * @param eta - the particles' eta (any origin).
 * @param phi - the particles' phi, without wrap-around inside the jet (relative phi).
 * @param pt - the particles' pT (any unit), all > 0.
 * @param N - the number of axes, >= 1.
 * @throws {@link ConfigError} for N < 1; {@link ShapeError} for arrays of unequal length;
 *   {@link DataError} for a non-finite coordinate or a pT that is not a finite number > 0.
 */
export function nSubjettiness(eta: ArrayLike<number>, phi: ArrayLike<number>, pt: ArrayLike<number>, N: number): number {
  const n = pt.length;
  if (!Number.isSafeInteger(N) || N < 1) throw new ConfigError(invalid('nSubjettiness', 'N', 'a positive integer', N));
  if (eta.length !== n || phi.length !== n) throw new ShapeError(invalid('nSubjettiness', 'eta, phi', `${n} values each, like pt`, [eta.length, phi.length]));
  for (let i = 0; i < n; i++) {
    if (!(pt[i] > 0 && pt[i] < Infinity) || !Number.isFinite(eta[i]) || !Number.isFinite(phi[i])) {
      throw new DataError(invalid('nSubjettiness', `particle ${i}`, 'finite eta and phi and a finite pt > 0', [eta[i], phi[i], pt[i]]));
    }
  }
  if (n <= N) return 0;
  let total = 0;
  for (let i = 0; i < n; i++) total += pt[i];
  const ae: number[] = [];
  const ap: number[] = [];
  const nearest = (i: number): [number, number] => {
    let best = Infinity;
    let at = 0;
    for (let a = 0; a < ae.length; a++) {
      const d2 = (eta[i] - ae[a]) ** 2 + (phi[i] - ap[a]) ** 2;
      if (d2 < best) [best, at] = [d2, a];
    }
    return [best, at];
  };
  // seeds: the hardest particle, then the particle with the largest pt dR^2 to the axes so far
  let hardest = 0;
  for (let i = 1; i < n; i++) if (pt[i] > pt[hardest]) hardest = i;
  ae.push(eta[hardest]);
  ap.push(phi[hardest]);
  while (ae.length < N) {
    let far = 0;
    let farValue = -1;
    for (let i = 0; i < n; i++) {
      const v = pt[i] * nearest(i)[0];
      if (v > farValue) [far, farValue] = [i, v];
    }
    ae.push(eta[far]);
    ap.push(phi[far]);
  }
  // pT-weighted k-means (beta = 2): each axis to the centroid of its particles
  const owner = new Int32Array(n);
  for (let round = 0; round < AXIS_ROUNDS; round++) {
    let moved = false;
    for (let i = 0; i < n; i++) {
      const a = nearest(i)[1];
      if (a !== owner[i] || round === 0) moved = true;
      owner[i] = a;
    }
    if (!moved) break;
    const se = new Float64Array(N);
    const sp = new Float64Array(N);
    const sw = new Float64Array(N);
    for (let i = 0; i < n; i++) {
      se[owner[i]] += pt[i] * eta[i];
      sp[owner[i]] += pt[i] * phi[i];
      sw[owner[i]] += pt[i];
    }
    for (let a = 0; a < N; a++) {
      if (sw[a] > 0) [ae[a], ap[a]] = [se[a] / sw[a], sp[a] / sw[a]];
    }
  }
  let tau = 0;
  for (let i = 0; i < n; i++) tau += pt[i] * Math.sqrt(nearest(i)[0]);
  return tau / total;
}

/**
 * The four observables of each jet ({@link OBSERVABLES}): m/pT, width (= tau_1), tau_2/tau_1,
 * tau_3/tau_2 (a ratio with a zero denominator is 0).
 */
export function substructureObservables(jets: FourMomentumInput): FeatureRows {
  const r = fourMomentaToRelative(jets);
  const P = r.numParticles;
  const F = OBSERVABLES.length;
  const values = new Float64Array(r.numJets * F);
  for (let j = 0; j < r.numJets; j++) {
    const eta: number[] = [];
    const phi: number[] = [];
    const pt: number[] = [];
    for (let i = 0; i < P; i++) {
      const o = 4 * (j * P + i);
      if (r.particleFeatures[o + 3] !== 0) {
        eta.push(r.particleFeatures[o]);
        phi.push(r.particleFeatures[o + 1]);
        pt.push(r.particleFeatures[o + 2]);
      }
    }
    const [t1, t2, t3] = [1, 2, 3].map((N) => nSubjettiness(eta, phi, pt, N));
    const [jetPt, , mass] = r.jetFeatures.subarray(4 * j, 4 * j + 3);
    values.set([mass / jetPt, t1, t1 > 0 ? t2 / t1 : 0, t2 > 0 ? t3 / t2 : 0], j * F);
  }
  return { values, rows: r.numJets, features: F };
}

/** One column of feature rows. */
const column = (x: FeatureRows, i: number) => Float64Array.from({ length: x.rows }, (_, r) => x.values[r * x.features + i]);

/**
 * The kNN density score of the four observables (reference: the QCD training jets) and each
 * observable alone, as ROC AUCs on the test jets.
 */
export async function substructureBaseline(options: { dir: string; seed: number; k?: number; maxJets?: number }): Promise<{
  referenceJets: number;
  qcdJets: number;
  knn: SignalAucs;
  single: Record<(typeof OBSERVABLES)[number], SignalAucs>;
}> {
  const { dir, seed, k = 5, maxJets } = options;
  const splits = await loadJetNetSplits({ dir, classes: ['g', 'q', 't', 'w', 'z'], units: 'TeV', seed, ...(maxJets !== undefined ? { maxJets } : {}) });
  const reference = substructureObservables(concatJets([splits.g.train, splits.q.train]));
  const qcd = substructureObservables(concatJets([splits.g.test, splits.q.test]));
  const [t, w, z] = [splits.t.test, splits.w.test, splits.z.test].map(substructureObservables);
  const knn = fitLatentKnn(reference, { k });
  const single = Object.fromEntries(OBSERVABLES.map((name, i) => [name, signalAucs(column(t, i), column(w, i), column(z, i), column(qcd, i))])) as Record<(typeof OBSERVABLES)[number], SignalAucs>;
  return { referenceJets: reference.rows, qcdJets: qcd.rows, knn: signalAucs(knn.score(t), knn.score(w), knn.score(z), knn.score(qcd)), single };
}

// Run when executed as a script, not when imported by the tests.
if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { data: { type: 'string' }, seed: { type: 'string' }, k: { type: 'string' }, 'max-jets': { type: 'string' } } });
  const dir = values.data ?? sampleDataDir();
  const seed = Number(values.seed ?? 0);
  const k = Number(values.k ?? 5);
  const result = await substructureBaseline({ dir, seed, k, ...(values['max-jets'] !== undefined ? { maxJets: Number(values['max-jets']) } : {}) });
  const line = (name: string, a: SignalAucs) => `${name.padEnd(22)} ${a.t.toFixed(3)}  ${a.w.toFixed(3)}  ${a.z.toFixed(3)}  ${a.combined.toFixed(3)}`;
  console.log(`substructure observables as the anomaly score (${dir}, seed ${seed}; ${result.referenceJets} QCD reference jets, ${result.qcdJets} QCD test jets)`);
  console.log(`${'score'.padEnd(22)} AUC t  AUC w  AUC z  combined`);
  console.log(line(`kNN (k = ${k}) of all four`, result.knn));
  for (const [name, a] of Object.entries(result.single)) console.log(line(`${name} alone`, a));
}

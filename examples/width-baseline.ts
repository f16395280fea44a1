/**
 * A reference point for the anomaly-detection results: how well a score that needs no model at
 * all separates the signals from QCD jets, on the same test jets that `lorentz-irreps eval`
 * scores for a run with the same seed (split 60/20/20, four-momenta in TeV).
 *
 * The score is the jet width: the pt-weighted mean distance in (eta, phi) of the particles from
 * their pt-weighted centroid, w = sum_i ptRel_i dR_i / sum_i ptRel_i (particles relative to the
 * summed jet). A reconstruction-based anomaly score has to beat it to show that a model has
 * learned more than how wide QCD jets are.
 *
 *   npx tsx examples/width-baseline.ts [--data <JetNet folder>] [--seed 0] [--max-jets n]
 *
 * Prints the ROC AUC per signal (t, w, z) and for all signals combined.
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { concatJets, fourMomentaToRelative, loadJetNetSplits, sampleDataDir, type FourMomentumInput } from '../src/index';
import { aucsAgainstBackground } from './run-latent';

/** The width of each jet: sum_i ptRel_i dR_i / sum_i ptRel_i about the pt-weighted (eta, phi) centroid. */
export function jetWidths(jets: FourMomentumInput): Float64Array {
  const r = fourMomentaToRelative(jets);
  const P = r.numParticles;
  const out = new Float64Array(r.numJets);
  const particle = (j: number, i: number) => r.particleFeatures.subarray(4 * (j * P + i), 4 * (j * P + i + 1));
  for (let j = 0; j < r.numJets; j++) {
    let [sw, se, sp] = [0, 0, 0];
    for (let i = 0; i < P; i++) {
      const [eta, phi, pt, mask] = particle(j, i);
      if (mask !== 0) [sw, se, sp] = [sw + pt, se + pt * eta, sp + pt * phi];
    }
    let w = 0;
    for (let i = 0; i < P; i++) {
      const [eta, phi, pt, mask] = particle(j, i);
      if (mask !== 0) w += pt * Math.hypot(eta - se / sw, phi - sp / sw);
    }
    out[j] = w / sw;
  }
  return out;
}

/** ROC AUCs of one score per signal (t, w, z) and for all signals combined. */
export type SignalAucs = Record<'t' | 'w' | 'z' | 'combined', number>;

/** The {@link SignalAucs} of scores of the t, w and z jets against those of the QCD jets. */
export function signalAucs(t: ArrayLike<number>, w: ArrayLike<number>, z: ArrayLike<number>, qcd: ArrayLike<number>): SignalAucs {
  return aucsAgainstBackground({ background: qcd, t, w, z }, ['t', 'w', 'z']) as SignalAucs;
}

/** ROC AUC of the jet width, signals t, w, z and combined against the QCD (g + q) test jets. */
export async function widthBaseline(options: { dir: string; seed: number; maxJets?: number }): Promise<{ qcdJets: number; auc: SignalAucs }> {
  const { dir, seed, maxJets } = options;
  const splits = await loadJetNetSplits({ dir, classes: ['g', 'q', 't', 'w', 'z'], units: 'TeV', seed, ...(maxJets !== undefined ? { maxJets } : {}) });
  const qcd = jetWidths(concatJets([splits.g.test, splits.q.test]));
  const [t, w, z] = [splits.t.test, splits.w.test, splits.z.test].map(jetWidths);
  return { qcdJets: qcd.length, auc: signalAucs(t, w, z, qcd) };
}

// Run when executed as a script, not when imported by the tests.
if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { data: { type: 'string' }, seed: { type: 'string' }, 'max-jets': { type: 'string' } } });
  const dir = values.data ?? sampleDataDir();
  const seed = Number(values.seed ?? 0);
  const { qcdJets, auc } = await widthBaseline({ dir, seed, ...(values['max-jets'] !== undefined ? { maxJets: Number(values['max-jets']) } : {}) });
  console.log(`jet width as the anomaly score (${dir}, seed ${seed}; ${qcdJets} QCD test jets)`);
  for (const [name, a] of Object.entries(auc)) console.log(`${name.padEnd(9)} AUC ${a.toFixed(3)}`);
}

/**
 * Equivariance of the LGAE (the measurement of the LGAE paper, appendix C, figure 9): the
 * paper-size encoder (LMP 3,3,4,4, latent 1 complex scalar + 2 complex four-vectors) and decoder
 * (LMP 4,4,3,3, 30 particles) with random initial weights, float64, on 3000 jets.
 *
 *   npm run bench:equivariance            human-readable table, figure files
 *   npm run bench:equivariance -- --json  the same, and as the last line one JSON object with
 *                                         maxBoostDeviation, maxRotationDeviation, ...
 *   options: --jets N (default 3000), --aggregation mix|minmax (default mix)
 *
 * For each transformation g (boosts along z with rapidity 0, 0.5, ..., 10 and rotations about z
 * with angle 0, pi/8, ..., 2 pi), the input four-momenta are transformed on the host in float64
 * (`LorentzElement.apply`), the model F is run on every jet, and
 *
 *   delta(g) = | mean(F(g.p)) - mean(g.F(p)) | / | mean(g.F(p)) |
 *
 * with the means over all output particles of all jets and |.| the Euclidean norm of the four
 * components (the conventions page). Since g acts linearly, mean(g.F(p)) = L(g) mean(F(p)).
 * Goals: at most 1e-7 for boosts up to rapidity 10 and 1e-12 for rotations. The figure is written
 * as SVG and PNG into the folder printed at the end (.bench-out/equivariance/, not versioned).
 * The run fails (exit code 1) when a deviation is not finite.
 *
 * Data: see bench/lgae-data.ts (the shared JetNet-layout jets in TeV, or a seeded generator).
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LGAEDecoder, LGAEEncoder, LorentzElement, preferRelaxedSimd, tensor, tidy } from '../src/index';
import { equivarianceFigureSpec, type DeviationPoint } from '../src/plot/equivariance-figure';
import { writeFigure } from '../src/plot/render';
import { benchJets } from './lgae-data';

const args = process.argv.slice(2);
const json = args.includes('--json');
const option = (name: string, fallback: string): string => {
  const k = args.indexOf(`--${name}`);
  return k >= 0 && k + 1 < args.length ? args[k + 1] : fallback;
};
const numJets = Number(option('jets', '3000'));
const aggregation = option('aggregation', 'mix') as 'mix' | 'minmax';
if (!Number.isInteger(numJets) || numJets < 1) throw new Error(`--jets must be a positive integer, got ${option('jets', '')}`);
if (aggregation !== 'mix' && aggregation !== 'minmax') throw new Error(`--aggregation must be mix or minmax, got ${aggregation}`);

// The kernels' build the command line uses (relaxed SIMD where the engine accepts it).
const kernels = preferRelaxedSimd();
const BATCH = 128;
const jets = benchJets(numJets);
const n = jets.numParticles;
const encoder = new LGAEEncoder({ scale: 1, particles: n, seed: 1, aggregation, latentScalars: 1, latentVectors: 2 });
const decoder = new LGAEDecoder({ particles: n, seed: 2, latentScalars: 1, latentVectors: 2 });

/** The mean output four-vector of F over all jets (and all output particles) for inputs p. */
function meanOutput(p: Float64Array): Float64Array {
  const sum = new Float64Array(4);
  let rows = 0;
  for (let start = 0; start < numJets; start += BATCH) {
    const count = Math.min(BATCH, numJets - start);
    const out = tidy(() => {
      const x = tensor(p.subarray(start * n * 4, (start + count) * n * 4), [count, n, 4]);
      const m = tensor(jets.mask.subarray(start * n, (start + count) * n), [count, n]);
      return decoder.apply(encoder.apply(x, { mask: m })).dataSync();
    });
    for (let k = 0; k < out.length; k++) sum[k % 4] += out[k];
    rows += out.length / 4;
  }
  return sum.map((v) => v / rows);
}

function deviation(g: LorentzElement, base: Float64Array): number {
  const moved = meanOutput(g.apply(jets.p));
  const expected = g.apply(base);
  let num = 0;
  let den = 0;
  for (let mu = 0; mu < 4; mu++) {
    num += (moved[mu] - expected[mu]) ** 2;
    den += expected[mu] ** 2;
  }
  return Math.sqrt(num / den);
}

const t0 = performance.now();
const base = meanOutput(jets.p);
const boosts: DeviationPoint[] = [];
for (let k = 0; k <= 20; k++) {
  const r = 0.5 * k;
  boosts.push({ x: r, deviation: deviation(LorentzElement.fromBoost('z', r), base) });
}
const rotations: DeviationPoint[] = [];
for (let k = 0; k <= 16; k++) {
  const t = (2 * Math.PI * k) / 16;
  rotations.push({ x: t, deviation: deviation(LorentzElement.fromRotation('z', t), base) });
}
const seconds = (performance.now() - t0) / 1000;
if (![...boosts, ...rotations].every((q) => Number.isFinite(q.deviation))) {
  process.stderr.write('bench:equivariance: a deviation is not finite\n');
  process.exit(1);
}

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const outDir = join(root, '.bench-out', 'equivariance');
mkdirSync(outDir, { recursive: true });
const title = `LGAE (${aggregation}), float64, ${numJets} jets: relative deviation δ(g)`;
const files = await writeFigure(join(outDir, `lgae-equivariance-${aggregation}`), equivarianceFigureSpec({ boosts, rotations, title }));

const maxBoostDeviation = Math.max(...boosts.map((q) => q.deviation));
const maxRotationDeviation = Math.max(...rotations.map((q) => q.deviation));
const lines = [
  `encoder ${encoder.summary()}`,
  `decoder ${decoder.summary()}`,
  `data: ${jets.source}, ${numJets} jets of ${n} particles; kernels: ${kernels} build`,
  'boost along z    rapidity: deviation',
  ...boosts.map((q) => `  ${q.x.toFixed(1).padStart(5)}: ${q.deviation.toExponential(3)}`),
  'rotation about z angle:    deviation',
  ...rotations.map((q) => `  ${q.x.toFixed(3).padStart(5)}: ${q.deviation.toExponential(3)}`),
  `max boost deviation ${maxBoostDeviation.toExponential(3)} (goal <= 1e-7), max rotation deviation ${maxRotationDeviation.toExponential(3)} (goal <= 1e-12); ${seconds.toFixed(1)} s`,
  `figure: ${files.svg}, ${files.png}`,
  `output folder: ${outDir}`,
];
process.stdout.write(`${lines.join('\n')}\n`);
if (json) {
  const result = {
    maxBoostDeviation,
    maxRotationDeviation,
    jets: numJets,
    particles: n,
    aggregation,
    dtype: 'float64',
    kernels,
    boosts: boosts.map((q) => [q.x, q.deviation]),
    rotations: rotations.map((q) => [q.x, q.deviation]),
    seconds: +seconds.toFixed(1),
    outDir,
    data: jets.source,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

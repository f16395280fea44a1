/**
 * The lorentz-irreps demo, in two parts.
 *
 * 1. Representation theory: the exact Clebsch-Gordan coefficients of (1/2,1/2) x (1/2,1/2) ->
 *    (0,0) turn two four-vectors into half their Minkowski product, and a boost by rapidity 10
 *    through the representation matrix D(1/2,1/2) agrees with the 4x4 Lorentz matrix.
 * 2. A Lorentz group autoencoder (LGAE-Mix, 2 latent four-vectors, MSE loss) is trained on the QCD
 *    jets (gluons and light quarks) of the jet sample shipped in data/sample, then evaluated on
 *    held-out QCD jets and on top, W and Z jets: reconstruction errors and anomaly detection
 *    (AUC and signal efficiency at background efficiencies 1e-1, 1e-2, 1e-3), with report.json
 *    and figures written to the output folder.
 *
 * Run with `npm run demo` (a few minutes on two cores) or `npx tsx examples/demo.ts [out-folder]`
 * (default runs/demo). Everything is seeded: the numbers are the same on every run on the same
 * machine (the kernels' relaxed-SIMD build, which the demo uses where the engine accepts it,
 * rounds multiply-adds once on processors with FMA and twice on others). Exits with
 * code 1 if a check fails. The same training and evaluation from the command line:
 *
 *   npx tsx src/cli/main.ts train lgae --out runs/demo/run --aggregation mix --latent-vectors 2 \
 *     --epochs 10 --loss mse --batch-size 32 --lr 0.003 --patience 0 --seed 1
 *   npx tsx src/cli/main.ts eval --run runs/demo/run --out runs/demo/report
 */
import { existsSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  Irreps,
  LorentzElement,
  LorentzIrrep,
  REPORT_FILE,
  cgCoefficients,
  cgDecompose,
  evaluateRun,
  formatAnomalyTable,
  formatDuration,
  formatLoss,
  formatReconstructionTable,
  fourVectorToIrrep,
  irrepToFourVector,
  minkowskiDot,
  preferRelaxedSimd,
  representationMatrix,
  sampleDataDir,
  streamProgress,
  trainRun,
  type Report,
  type RunConfig,
} from '../src/index';

/** Options of {@link runDemo}; the defaults are those of `npm run demo`. */
export interface DemoOptions {
  /** Output folder: the run goes to `<out>/run`, the report to `<out>/report` (default runs/demo). */
  readonly out?: string;
  /** Training epochs (default 10). */
  readonly epochs?: number;
  /** Jets read per class, or null for the whole sample (default null: 2000 g and q, 1000 t, w and z). */
  readonly maxJets?: number | null;
  /** Render the SVG and PNG figures (default true). */
  readonly figures?: boolean;
  /** Where the demo's lines go (default console.log). */
  readonly log?: (line: string) => void;
  /** Where the training progress goes (default process.stdout; null for none). */
  readonly progress?: NodeJS.WritableStream | null;
}

/** What {@link runDemo} found. */
export interface DemoResult {
  /** Labels of the checks that failed (empty when all passed). */
  readonly failures: readonly string[];
  /** The evaluation report (as written to report.json). */
  readonly report: Report;
  /** The report folder and the files written there (report.json, figures/*.svg, figures/*.png). */
  readonly reportDir: string;
  readonly files: readonly string[];
}

/**
 * Runs the demo: the two representation checks, then trains, evaluates and reports. Replaces the
 * `run` and `report` folders of a previous demo in `out`.
 */
export async function runDemo(options: DemoOptions = {}): Promise<DemoResult> {
  const log = options.log ?? ((line: string) => console.log(line));
  const out = resolve(options.out ?? 'runs/demo');
  const failures: string[] = [];
  const check = (label: string, ok: boolean, detail: string): void => {
    log(`  ${ok ? 'ok  ' : 'FAIL'} ${label}: ${detail}`);
    if (!ok) failures.push(label);
  };

  // ---- 1. Exact Clebsch-Gordan coefficients and a large boost ---------------------------------
  const vector = LorentzIrrep.parse('(1/2,1/2)');
  log(`1. Representation theory\n\n${vector} x ${vector} = ${vector.times(vector).map(String).join(' + ')}`);
  log(`Exact Clebsch-Gordan table ${vector} x ${vector} -> (0,0) (canonical basis):`);
  for (const e of cgCoefficients(vector, vector, LorentzIrrep.of(0, 0)).entries) log(`  H[${e.i1},${e.i2},${e.i}] = ${e.value.toString()}`);

  const p = new Float64Array([5.0, 1.0, -2.0, 3.5]);
  const q = new Float64Array([7.0, 0.5, 2.5, -1.0]);
  const s = cgDecompose(fourVectorToIrrep(p), vector, fourVectorToIrrep(q), vector, Irreps.parse('1x(0,0)'));
  const pq = minkowskiDot(p, q)[0];
  check('(p, q) -> (0,0) is p.q / 2', Math.abs(s.re[0] - pq / 2) < 1e-12 && Math.abs(s.im[0]) < 1e-12, `${s.re[0]} vs ${pq / 2}`);

  const boost = LorentzElement.fromBoost([0.3, -0.5, 0.81], 10);
  const viaMatrix = boost.apply(p);
  const viaIrrep = irrepToFourVector(applyComplex(representationMatrix(vector, boost), fourVectorToIrrep(p)));
  const worst = Math.max(...viaMatrix.map((v, i) => Math.abs(viaIrrep[i] - v) / Math.abs(viaMatrix[0])));
  check('a boost by rapidity 10 through D(1/2,1/2) equals the 4x4 Lorentz matrix', worst < 1e-12, `relative difference ${worst.toExponential(2)}`);

  // ---- 2. Train an LGAE on QCD jets, then detect top, W and Z jets as anomalies ---------------
  const epochs = options.epochs ?? 10;
  const runDir = join(out, 'run');
  const reportDir = join(out, 'report');
  for (const dir of [runDir, reportDir]) if (existsSync(dir)) rmSync(dir, { recursive: true });
  const config: RunConfig = {
    model: 'lgae',
    // LGAE-Mix: the latent is a learned mix of all particle slots; 2 complex four-vectors, 1 scalar.
    options: { aggregation: 'mix', latentVectors: 2, latentScalars: 1 },
    // MSE is the library's (and the paper's) loss for the mix aggregation.
    train: { epochs, batchSize: 32, lr: 3e-3, patience: 0, loss: 'mse', maskPadding: false, seed: 1 },
    data: { dir: sampleDataDir(), trainClasses: ['g', 'q'], maxJets: options.maxJets ?? null, fractions: [0.6, 0.2, 0.2], units: 'TeV' },
  };
  log(`\n2. LGAE-Mix on the shipped jet sample (${config.data.dir})\n`);
  log(`Training on gluon and quark jets for ${epochs} epoch(s); run folder ${runDir}`);
  const started = performance.now();
  const progressStream = options.progress === undefined ? process.stdout : options.progress;
  const trained = await trainRun(config, {
    dir: runDir,
    ...(progressStream !== null ? { progress: streamProgress(progressStream, { tty: false, intervalSeconds: 15 }) } : {}),
  });
  log(`Trained in ${formatDuration((performance.now() - started) / 1000)}: best validation loss ${formatLoss(trained.bestValLoss ?? Number.NaN)} at epoch ${trained.bestEpoch}`);
  check('training finished with a finite validation loss', trained.status === 'completed' && Number.isFinite(trained.bestValLoss), `${trained.status}, ${trained.bestValLoss}`);

  log('\nEvaluating on the test jets: QCD (background) and t, w, z (signals)');
  const evaluated = await evaluateRun(runDir, { out: reportDir, signals: ['t', 'w', 'z'], figures: options.figures ?? true });
  const r = evaluated.report;
  log(`\nReconstruction: relative errors (reco - true) / true of particle and jet features\n${formatReconstructionTable(r.reconstruction)}`);
  log(`\nAnomaly detection (${r.samples.map((x) => `${x.name}: ${x.jets} jets`).join(', ')})\n${formatAnomalyTable(r.anomaly)}`);
  const aucs = r.anomaly.rows.map((row) => row.auc);
  // 5 scores (Chamfer, Hungarian, EMD, EMD relative, latent kNN) x (3 signals + combined)
  check('every AUC is a number in [0, 1]', aucs.length === 20 && aucs.every((a) => a >= 0 && a <= 1), `${aucs.length} AUCs`);
  const figures = evaluated.files.filter((f) => f.endsWith('.svg') || f.endsWith('.png'));
  check('report.json and the figures are written', evaluated.files.every((f) => existsSync(f)) && existsSync(join(reportDir, REPORT_FILE)), `${evaluated.files.length} files`);

  log(`\nFiles in ${reportDir}:`);
  for (const f of evaluated.files) log(`  ${f}`);
  if (figures.length === 0) log('  (figures off)');
  log(`Total time ${formatDuration((performance.now() - started) / 1000)} for training and evaluation.`);
  return { failures, report: r, reportDir, files: evaluated.files };
}

/** y = D x for a complex 4x4 matrix D (row major) and a complex 4-vector x. */
function applyComplex(D: { re: Float64Array; im: Float64Array }, x: { re: Float64Array; im: Float64Array }) {
  const y = { re: new Float64Array(4), im: new Float64Array(4) };
  for (let i = 0; i < 4; i++) {
    for (let k = 0; k < 4; k++) {
      const [dr, di] = [D.re[i * 4 + k], D.im[i * 4 + k]];
      y.re[i] += dr * x.re[k] - di * x.im[k];
      y.im[i] += dr * x.im[k] + di * x.re[k];
    }
  }
  return y;
}

// Run when executed as a script (`npm run demo`), not when imported by the tests.
if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  preferRelaxedSimd();
  const result = await runDemo({ ...(process.argv[2] !== undefined ? { out: process.argv[2] } : {}) });
  if (result.failures.length > 0) {
    console.error(`\n${result.failures.length} check(s) failed: ${result.failures.join('; ')}`);
    process.exit(1);
  }
  console.log('\nAll checks passed.');
}

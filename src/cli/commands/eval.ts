/**
 * `lorentz-irreps eval --run <dir>`: evaluate a trained run on its test jets and write the report.
 *
 * @packageDocumentation
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { JETNET_CLASSES, type JetNetClass } from '../../jets/sample';
import { formatAnomalyTable, formatReconstructionTable, formatSymmetries } from '../../report/format';
import { reportJson } from '../../report/report-json';
import { evaluateRun, type RunWeights } from '../../report/run';
import { RUN_FILE } from '../../train/run-config';
import { formatOptions, parseArgs, type OptionSpec } from '../args';
import { loadPlugins, pluginArguments, PLUGIN_OPTION, type CliIO } from '../io';
import { UsageError } from '../usage-error';

const COMMAND = 'lorentz-irreps eval';

const EVAL_OPTIONS: readonly OptionSpec[] = [
  { name: 'run', kind: 'string', value: '<dir>', description: 'the run folder made by `lorentz-irreps train` (required)' },
  { name: 'data', kind: 'string', value: '<dir>', description: 'JetNet folder to take the test jets from', defaultText: "the run's" },
  { name: 'weights', kind: 'string', value: '<which>', description: "the best epoch's weights or the last checkpoint's", choices: ['best', 'last'], defaultText: 'best' },
  { name: 'max-jets', kind: 'integer', value: '<n>', description: 'read only the first n jets of each class', defaultText: "the run's" },
  { name: 'signals', kind: 'list', value: '<list>', description: 'signal classes', choices: JETNET_CLASSES, defaultText: 't,w,z' },
  { name: 'out', kind: 'string', value: '<dir>', description: 'folder for report.json and figures/', defaultText: '<run>/report' },
  {
    name: 'latent-reference',
    kind: 'integer',
    value: '<n>',
    description: "reference jets of the latent kNN score: the run's first n training jets, an equal share per training class (0: no latent kNN score)",
    defaultText: '5000',
  },
  { name: 'latent-k', kind: 'integer', value: '<k>', description: 'the latent kNN score is the squared distance to the k-th nearest reference jet', defaultText: '5' },
  { name: 'no-figures', kind: 'flag', description: 'write report.json only' },
  { name: 'json', kind: 'flag', description: 'print report.json instead of the tables' },
  PLUGIN_OPTION,
  { name: 'help', kind: 'flag', description: 'show this help' },
];

/** Help text of `eval`. */
export function evalHelp(): string {
  return [
    `Usage: ${COMMAND} --run <dir> [options]`,
    '',
    "Restores the run's model, reconstructs the test jets of its training classes (the background)",
    'and of the signal classes, computes per-jet anomaly scores (Chamfer; Hungarian, EMD and EMD in',
    'relative coordinates for reconstructions of as many slots as the input; the model\'s own when it',
    'has them, e.g. the image MSE of cnnae; for models with latent four-vectors, the latent kNN',
    'distance to the training jets in the Lorentz invariants of the latent), the ROC AUC and signal',
    'efficiencies at background efficiencies 1e-1, 1e-2, 1e-3, the relative errors of particle and',
    'jet features, and writes report.json with figures (SVG and PNG).',
    '',
    'Options:',
    formatOptions(EVAL_OPTIONS),
  ].join('\n');
}

/**
 * Runs `lorentz-irreps eval` with the arguments after the command name.
 * @returns the exit code (0).
 * @throws {@link UsageError} for a command line that cannot be run; what the evaluation throws.
 */
export async function evalCommand(argv: readonly string[], io: CliIO): Promise<number> {
  await loadPlugins(COMMAND, pluginArguments(argv));
  const args = parseArgs(COMMAND, argv, EVAL_OPTIONS);
  const get = <T>(name: string) => args.options.get(name) as T | undefined;
  if (get<boolean>('help')) {
    io.stdout.write(`${evalHelp()}\n`);
    return 0;
  }
  if (args.positionals.length > 0) throw new UsageError({ fn: COMMAND, argument: args.positionals[0], rule: 'an option (eval takes no positional arguments)', value: args.positionals[0] });
  const run = get<string>('run');
  if (run === undefined) throw new UsageError({ fn: COMMAND, argument: '--run', rule: 'given: the run folder', value: 'nothing' });
  if (!existsSync(join(resolve(run), RUN_FILE))) throw new UsageError({ fn: COMMAND, argument: '--run', rule: `a run folder holding ${RUN_FILE}`, value: run });
  const maxJets = get<number>('max-jets');
  if (maxJets !== undefined && maxJets < 1) throw new UsageError({ fn: COMMAND, argument: '--max-jets', rule: 'an integer >= 1', value: maxJets });
  const latentReference = get<number>('latent-reference');
  if (latentReference !== undefined && latentReference < 0) throw new UsageError({ fn: COMMAND, argument: '--latent-reference', rule: 'an integer >= 0 (0: no latent kNN score)', value: latentReference });
  const latentK = get<number>('latent-k');
  if (latentK !== undefined && latentK < 1) throw new UsageError({ fn: COMMAND, argument: '--latent-k', rule: 'an integer >= 1', value: latentK });
  const json = get<boolean>('json') ?? false;
  const data = get<string>('data');
  const out = get<string>('out');
  const signals = get<string[]>('signals') as JetNetClass[] | undefined;
  const result = await evaluateRun(resolve(run), {
    weights: (get<string>('weights') ?? 'best') as RunWeights,
    figures: !(get<boolean>('no-figures') ?? false),
    ...(data !== undefined ? { dataDir: resolve(data) } : {}),
    ...(out !== undefined ? { out: resolve(out) } : {}),
    ...(maxJets !== undefined ? { maxJets } : {}),
    ...(signals !== undefined ? { signals } : {}),
    ...(latentReference !== undefined ? { latentReference } : {}),
    ...(latentK !== undefined ? { latentNeighbours: latentK } : {}),
    onStage: (stage) => io.stderr.write(`${stage === 'data' ? 'loaded test jets' : `done: ${stage}`}\n`),
  });
  if (json) {
    io.stdout.write(reportJson(result.report));
    return 0;
  }
  const r = result.report;
  io.stdout.write(
    [
      `Anomaly detection (${r.samples.map((s) => `${s.name}: ${s.jets} jets`).join(', ')})`,
      formatAnomalyTable(r.anomaly),
      '',
      'Reconstruction: relative errors (reco - true) / true',
      formatReconstructionTable(r.reconstruction),
      '',
      'skipped' in r.latent ? `Latent masses: skipped (${r.latent.skipped})` : `Latent masses: ${r.latent.masses.length} summaries in report.json`,
      'skipped' in r.latentKnn
        ? `Latent kNN: skipped (${r.latentKnn.skipped})`
        : `Latent kNN: k = ${r.latentKnn.k} of ${r.latentKnn.referenceJets} training jets, ${r.latentKnn.usedFeatures} of ${r.latentKnn.features} latent invariants`,
      'skipped' in r.symmetries ? `Symmetries: not declared (${r.symmetries.skipped})` : `Symmetries: ${formatSymmetries(r.symmetries)}`,
      `report: ${join(result.dir, 'report.json')}${r.figures.length > 0 ? ` (${r.figures.length / 2} figures in ${join(result.dir, 'figures')})` : ''}`,
      '',
    ].join('\n'),
  );
  return 0;
}

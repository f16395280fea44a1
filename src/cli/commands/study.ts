/**
 * `lorentz-irreps study data-efficiency`: the paper's data-efficiency study (figure 7), resumable.
 *
 * @packageDocumentation
 */
import { resolve } from 'node:path';
import { JETNET_CLASSES } from '../../jets/sample';
import { ENERGY_UNITS } from '../../jets/units';
import { runDataEfficiencyStudy } from '../../report/data-efficiency';
import type { JsonObject } from '../../train/json';
import { TRAIN_LOSS_NAMES } from '../../train/model';
import { getModelFactory, listModels } from '../../train/registry';
import { formatOptions, parseArgs, type OptionSpec } from '../args';
import { loadPlugins, pluginArguments, PLUGIN_OPTION, type CliIO } from '../io';
import { UsageError } from '../usage-error';
import { EXIT_INTERRUPTED, modelOptionSpecs, modelOptionsOf, trainingSettingsOf } from './train';

const COMMAND = 'lorentz-irreps study';
const STUDIES = ['data-efficiency'] as const;

const STUDY_OPTIONS: readonly OptionSpec[] = [
  { name: 'model', kind: 'string', value: '<kind>', description: 'the registered model to study (required)' },
  { name: 'out', kind: 'string', value: '<dir>', description: 'study folder for study.json, the figure and the cells\' checkpoints (required; rerun to continue)' },
  { name: 'fractions', kind: 'numbers', value: '<list>', description: 'fractions of the training split, each in (0, 1]', defaultText: '0.01,0.02,0.05,0.1,1' },
  { name: 'seeds', kind: 'integers', value: '<list>', description: 'seeds: model initialization, batch order and choice of training jets', defaultText: '0,1,2' },
  { name: 'data', kind: 'string', value: '<dir>', description: 'JetNet folder with g.hdf5, q.hdf5, ...', defaultText: 'the shipped sample' },
  { name: 'epochs', kind: 'integer', value: '<n>', description: 'epochs per cell', defaultText: '20' },
  { name: 'batch-size', kind: 'integer', value: '<n>', description: 'jets per batch', defaultText: '128' },
  { name: 'lr', kind: 'number', value: '<x>', description: 'Adam learning rate', defaultText: '0.001' },
  { name: 'patience', kind: 'integer', value: '<n>', description: 'stop a cell after n epochs without a better validation loss; 0 never', defaultText: '10' },
  { name: 'max-minutes', kind: 'number', value: '<x>', description: 'time budget of each cell: it ends at --epochs or after x minutes of training', defaultText: 'none' },
  { name: 'loss', kind: 'string', value: '<name>', description: "training loss ('model': the model's own)", choices: TRAIN_LOSS_NAMES, defaultText: "the model kind's default" },
  { name: 'mask-padding', kind: 'flag', description: 'ignore padded particle slots in the loss' },
  { name: 'split-seed', kind: 'integer', value: '<n>', description: 'seed of the one train/validation/test split and of the jet azimuths', defaultText: '0' },
  { name: 'units', kind: 'string', value: '<unit>', description: 'energy unit of the four-momenta', choices: ENERGY_UNITS, defaultText: 'TeV' },
  { name: 'max-jets', kind: 'integer', value: '<n>', description: 'read only the first n jets of each class', defaultText: 'all' },
  { name: 'particles', kind: 'integer', value: '<n>', description: 'keep the first n particle slots of each jet, its n hardest particles', defaultText: "all the files' slots (30 in JetNet)" },
  { name: 'train-classes', kind: 'list', value: '<list>', description: 'classes to train and test on', choices: JETNET_CLASSES, defaultText: 'g,q' },
  { name: 'split', kind: 'numbers', value: '<f,f,f>', description: 'fractions of train, validation and test jets', defaultText: '0.6,0.2,0.2' },
  { name: 'no-figures', kind: 'flag', description: 'write study.json only' },
  { name: 'quiet', kind: 'flag', description: 'no progress lines' },
  PLUGIN_OPTION,
  { name: 'help', kind: 'flag', description: 'show this help' },
];

/** Help text of `study`, with the options of `model` when it is registered. */
export function studyHelp(model?: string): string {
  const models = listModels();
  let modelPart = `Models: ${models.join(', ') || '(none registered; load one with --plugin)'} (lorentz-irreps study data-efficiency --model <kind> --help lists its options)`;
  if (model !== undefined && models.includes(model)) {
    const specs = modelOptionSpecs(getModelFactory(model).options ?? []);
    modelPart = `Options of model '${model}':\n${specs.length > 0 ? formatOptions(specs) : '  (none)'}`;
  }
  return [
    `Usage: ${COMMAND} data-efficiency --model <kind> --out <dir> [options] [model options]`,
    '',
    "Data efficiency (the LGAE paper's figure 7): for every fraction and seed, trains a new model on",
    'that fraction of the training split (jets chosen with the seed; the validation and test jets',
    'are the same in every cell, split once with --split-seed), then records the median and IQR of',
    'the relative jet-mass error (reco - true) / true on the test jets of the training classes.',
    'Writes study.json after every cell and data-efficiency.svg/.png (median error vs fraction, log',
    'x axis, a point per seed, the band over seeds). Rerunning skips finished cells and resumes an',
    'interrupted one; more fractions or seeds may be added, other options must stay the same.',
    'Ctrl-C stops after the current step (exit code 130).',
    '',
    'Options:',
    formatOptions(STUDY_OPTIONS),
    '',
    modelPart,
    '',
    `Example: ${COMMAND} data-efficiency --model lgae --fractions 0.01,0.1,1 --seeds 0,1,2 --data ../jetnet --out runs/lgae-data-efficiency --epochs 30`,
  ].join('\n');
}

/** The value of --model in argv, found before full parsing (it declares the model options). */
function scanModel(argv: readonly string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--') break;
    if (argv[i] === '--model' && i + 1 < argv.length) return argv[i + 1];
    if (argv[i].startsWith('--model=')) return argv[i].slice('--model='.length);
  }
  return undefined;
}

/**
 * Runs `lorentz-irreps study` with the arguments after the command name.
 * @returns the exit code: 0 when every cell is done, 130 when interrupted.
 * @throws {@link UsageError} for a command line that cannot be run; what the study throws.
 */
export async function studyCommand(argv: readonly string[], io: CliIO): Promise<number> {
  await loadPlugins(COMMAND, pluginArguments(argv));
  const kinds = listModels();
  const named = scanModel(argv);
  const specs = named !== undefined && kinds.includes(named) ? (getModelFactory(named).options ?? []) : [];
  const args = parseArgs(COMMAND, argv, [...STUDY_OPTIONS, ...modelOptionSpecs(specs)]);
  const get = <T>(name: string) => args.options.get(name) as T | undefined;
  const usage = (argument: string, rule: string, value: unknown) => new UsageError({ fn: COMMAND, argument, rule, value });
  if (get<boolean>('help')) {
    io.stdout.write(`${studyHelp(named)}\n`);
    return 0;
  }
  const [study, ...extra] = args.positionals;
  if (study === undefined) throw usage('<study>', `given: one of ${STUDIES.join(', ')}`, 'nothing');
  if (!(STUDIES as readonly string[]).includes(study)) throw usage('<study>', `one of ${STUDIES.join(', ')}`, study);
  if (extra.length > 0) throw usage(extra[0], 'an option (the study takes one positional argument)', extra.join(' '));
  const model = get<string>('model');
  if (model === undefined) throw usage('--model', `given: one of ${kinds.join(', ') || '(none registered)'}`, 'nothing');
  if (!kinds.includes(model)) throw usage('--model', `a registered model (${kinds.join(', ') || 'none registered; load one with --plugin'})`, model);
  const out = get<string>('out');
  if (out === undefined) throw usage('--out', 'given: the study folder', 'nothing');
  const fractions = get<number[]>('fractions') ?? [0.01, 0.02, 0.05, 0.1, 1];
  if (!fractions.every((f) => f > 0 && f <= 1) || new Set(fractions).size !== fractions.length) throw usage('--fractions', 'distinct numbers in (0, 1]', fractions.join(','));
  const seeds = get<number[]>('seeds') ?? [0, 1, 2];
  if (new Set(seeds).size !== seeds.length) throw usage('--seeds', 'distinct integers', seeds.join(','));
  const options = modelOptionsOf(COMMAND, args, specs) as JsonObject;
  const { train, data } = trainingSettingsOf(COMMAND, args, model, options, true);
  const quiet = get<boolean>('quiet') ?? false;

  const controller = new AbortController();
  const signal = io.interrupt ?? controller.signal;
  let onSigint: (() => void) | null = null;
  if (io.interrupt === undefined) {
    onSigint = () => {
      if (controller.signal.aborted) process.exit(EXIT_INTERRUPTED);
      io.stderr.write('\nstopping after the current step (Ctrl-C again to quit at once)\n');
      controller.abort();
    };
    process.on('SIGINT', onSigint);
  }
  try {
    const result = await runDataEfficiencyStudy({
      model,
      options,
      train,
      data: { ...data, splitSeed: get<number>('split-seed') ?? 0 },
      fractions,
      seeds,
      out: resolve(out),
      figures: !(get<boolean>('no-figures') ?? false),
      signal,
      ...(quiet ? {} : { progress: (line: string) => io.stderr.write(`${line}\n`) }),
    });
    if (result.interrupted) {
      io.stderr.write(`interrupted; ${result.study.cells.length} cells done in ${resolve(out)}. Continue with the same command line.\n`);
      return EXIT_INTERRUPTED;
    }
    const rows = result.study.summary.map((s) => `${String(s.fraction).padEnd(10)}${String(s.trainJets).padStart(10)}${String(s.seeds).padStart(7)}  ${s.median.toFixed(4)} (${s.min.toFixed(4)} .. ${s.max.toFixed(4)})`);
    io.stdout.write(
      [
        `${model}: data efficiency on ${result.study.splitJets.test} test jets (${result.trained} cells trained, ${result.skipped} done before)`,
        `${'fraction'.padEnd(10)}${'jets'.padStart(10)}${'seeds'.padStart(7)}  median relative jet mass error (min .. max over seeds)`,
        ...rows,
        `written: ${result.files.join(', ')}`,
        '',
      ].join('\n'),
    );
    return 0;
  } finally {
    if (onSigint !== null) process.off('SIGINT', onSigint);
  }
}

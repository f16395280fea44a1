/**
 * `lorentz-irreps train <model>`: train an autoencoder on JetNet jets, with checkpoints in a run
 * folder, resumable, stoppable with Ctrl-C.
 *
 * @packageDocumentation
 */
import { resolve } from 'node:path';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { JETNET_CLASSES, sampleDataDir, type JetNetClass } from '../../jets/sample';
import { ENERGY_UNITS, type EnergyUnit } from '../../jets/units';
import { hasCheckpoint } from '../../train/checkpoint';
import { classFilePath } from '../../train/data';
import type { JsonObject, JsonValue } from '../../train/json';
import { TRAIN_LOSS_NAMES, type TrainLoss } from '../../train/model';
import { formatLoss, streamProgress } from '../../train/progress';
import { factoryDefaultLoss, getModelFactory, listModels, type ModelOptionSpec } from '../../train/registry';
import { readRunConfig, RUN_FILE, type RunConfig, type RunDataConfig, type RunTrainConfig } from '../../train/run-config';
import { trainRun } from '../../train/run';
import { DEFAULT_INPUT_DROPOUT_KEEP } from '../../train/input-dropout';
import { formatOptions, kebabCase, parseArgs, type OptionSpec, type ParsedArgs } from '../args';
import { loadPlugins, pluginArguments, PLUGIN_OPTION, type CliIO } from '../io';
import { UsageError } from '../usage-error';

const COMMAND = 'lorentz-irreps train';

/** Exit code of a run stopped by Ctrl-C (128 + SIGINT). */
export const EXIT_INTERRUPTED = 130;

const TRAIN_OPTIONS: readonly OptionSpec[] = [
  { name: 'out', kind: 'string', value: '<dir>', description: 'run folder for run.json, checkpoints and best weights (required)' },
  { name: 'data', kind: 'string', value: '<dir>', description: 'JetNet folder with g.hdf5, q.hdf5, ... ', defaultText: 'the shipped sample' },
  { name: 'epochs', kind: 'integer', value: '<n>', description: 'epochs to train in total', defaultText: '20' },
  { name: 'batch-size', kind: 'integer', value: '<n>', description: 'jets per batch', defaultText: '128' },
  { name: 'lr', kind: 'number', value: '<x>', description: 'Adam learning rate', defaultText: '0.001' },
  { name: 'patience', kind: 'integer', value: '<n>', description: 'stop after n epochs without a better validation loss; 0 never stops early', defaultText: '10' },
  { name: 'max-minutes', kind: 'number', value: '<x>', description: 'time budget: stop after x minutes of training (summed over resumes; the cut epoch is validated and kept)', defaultText: 'none' },
  {
    name: 'workers',
    kind: 'integer',
    value: '<n>',
    description: 'threads computing gradients: each batch is split among n threads (min(2, cores) is the sensible choice on small machines; may change on --resume)',
    defaultText: '1',
  },
  {
    name: 'loss',
    kind: 'string',
    value: '<name>',
    description: "training loss: a particle loss, or 'model' for the model's own loss (the image MSE of cnnae)",
    choices: TRAIN_LOSS_NAMES,
    defaultText: "the model kind's: mse for lgae mix, chamfer for lgae minmax and gnnae, model for cnnae",
  },
  { name: 'mask-padding', kind: 'flag', description: 'ignore padded particle slots in the loss (default: they are zero four-vectors to reconstruct)' },
  {
    name: 'input-dropout',
    kind: 'number',
    value: '<p>',
    description: 'denoising: remove each particle beyond the --input-dropout-keep hardest from the training input with probability p (0 < p < 1); the loss compares the reconstruction with the whole jet; validation uses whole jets',
    defaultText: 'none',
  },
  { name: 'input-dropout-keep', kind: 'integer', value: '<n>', description: 'hardest particle slots --input-dropout never removes', defaultText: '3' },
  { name: 'seed', kind: 'integer', value: '<n>', description: 'seed of initialization, splits, jet azimuths and batch order', defaultText: '0' },
  { name: 'units', kind: 'string', value: '<unit>', description: 'energy unit of the four-momenta', choices: ENERGY_UNITS, defaultText: 'TeV' },
  { name: 'max-jets', kind: 'integer', value: '<n>', description: 'read only the first n jets of each class', defaultText: 'all' },
  { name: 'particles', kind: 'integer', value: '<n>', description: 'keep the first n particle slots of each jet, its n hardest particles (JetNet stores them by decreasing pT); eval reads the run\'s jets the same way', defaultText: "all the files' slots (30 in JetNet)" },
  { name: 'train-classes', kind: 'list', value: '<list>', description: 'classes to train on', choices: JETNET_CLASSES, defaultText: 'g,q' },
  { name: 'split', kind: 'numbers', value: '<f,f,f>', description: 'fractions of train, validation and test jets', defaultText: '0.6,0.2,0.2' },
  { name: 'resume', kind: 'flag', description: 'continue the run in --out from its checkpoint (only --epochs, --max-minutes and --workers may change)' },
  { name: 'quiet', kind: 'flag', description: 'no progress output' },
  PLUGIN_OPTION,
  { name: 'help', kind: 'flag', description: 'show this help' },
];

/** Command-line options of a model's option specs (booleans get --name and --no-name). */
export function modelOptionSpecs(specs: readonly ModelOptionSpec[]): OptionSpec[] {
  const kinds = { integer: 'integer', number: 'number', string: 'string', boolean: 'flag', integers: 'integers', numbers: 'numbers' } as const;
  return specs.flatMap((s): OptionSpec[] => {
    const base: OptionSpec = {
      name: kebabCase(s.name),
      kind: kinds[s.type],
      value: s.type === 'integers' || s.type === 'numbers' ? '<list>' : s.type === 'string' ? '<value>' : '<n>',
      description: s.description,
      ...(s.choices !== undefined ? { choices: s.choices } : {}),
      ...(s.default !== undefined ? { defaultText: Array.isArray(s.default) ? s.default.join(',') : String(s.default) } : {}),
    };
    const alias: OptionSpec[] = s.alias !== undefined ? [{ ...base, name: s.alias, description: `same as --${kebabCase(s.name)}` }] : [];
    return s.type === 'boolean' ? [base, ...alias, { name: `no-${kebabCase(s.name)}`, kind: 'flag', description: `sets ${s.name} to false` }] : [base, ...alias];
  });
}

/** Help text of `train`, listing the options of `model` when it is registered. */
export function trainHelp(model?: string): string {
  const models = listModels();
  let modelPart = `Models: ${models.length > 0 ? models.join(', ') : '(none registered; load one with --plugin)'}`;
  if (model !== undefined && models.includes(model)) {
    const f = getModelFactory(model);
    const specs = modelOptionSpecs(f.options ?? []);
    modelPart = `Options of model '${model}' (${f.description}):\n${specs.length > 0 ? formatOptions(specs) : '  (none)'}`;
  }
  return [
    `Usage: ${COMMAND} <model> --out <dir> [options] [model options]`,
    '',
    'Trains a jet autoencoder to reconstruct jets of the training classes (g and q: QCD) as',
    'four-momenta (E, px, py, pz). Each class is split into train, validation and test jets with',
    '--seed; the test jets are left for `lorentz-irreps eval`. A checkpoint is written after each',
    'epoch; Ctrl-C stops after the current step with a checkpoint (exit code 130); --resume continues',
    'exactly where it stopped.',
    '',
    'Options:',
    formatOptions(TRAIN_OPTIONS),
    '',
    modelPart,
    '',
    `Example: ${COMMAND} lgae --out runs/lgae-mix --agg mix --latent-vectors 2 --epochs 50`,
  ].join('\n');
}

function get<T>(args: ParsedArgs, name: string): T | undefined {
  return args.options.get(name) as T | undefined;
}

function usage(argument: string, rule: string, value: unknown): UsageError {
  return new UsageError({ fn: COMMAND, argument, rule, value });
}

/**
 * The model options a command line gives (booleans by --name or --no-name), with the defaults of
 * the options not given.
 * @throws {@link UsageError} for --name together with --no-name.
 */
export function modelOptionsOf(command: string, args: ParsedArgs, specs: readonly ModelOptionSpec[]): Record<string, JsonValue> {
  const options: Record<string, JsonValue> = {};
  for (const s of specs) {
    const flag = kebabCase(s.name);
    if (args.options.has(flag)) options[s.name] = get<JsonValue>(args, flag)!;
    if (s.alias !== undefined && args.options.has(s.alias)) {
      if (args.options.has(flag)) throw new UsageError({ fn: command, argument: `--${s.alias}`, rule: `not given together with --${flag}`, value: get<JsonValue>(args, s.alias) });
      options[s.name] = get<JsonValue>(args, s.alias)!;
    }
    if (s.type === 'boolean' && args.options.has(`no-${flag}`)) {
      if (args.options.has(flag)) throw new UsageError({ fn: command, argument: `--no-${flag}`, rule: `not given together with --${flag}`, value: true });
      options[s.name] = false;
    }
  }
  for (const s of specs) if (!(s.name in options) && s.default !== undefined) options[s.name] = s.default;
  return options;
}

/**
 * The training and data settings of a `train` or `study` command line, checked: epochs, batch size,
 * learning rate, patience, loss (default: the model kind's, from its options), padding mask, data
 * folder, classes, jets per class, split and unit.
 * @param needTest - whether the split must leave test jets (the study evaluates on them).
 * @throws {@link UsageError} naming the option for a value outside its rule.
 */
export function trainingSettingsOf(
  command: string,
  args: ParsedArgs,
  model: string,
  options: JsonObject,
  needTest: boolean,
): { train: Omit<RunTrainConfig, 'seed'>; data: RunDataConfig } {
  const fail = (argument: string, rule: string, value: unknown) => new UsageError({ fn: command, argument, rule, value });
  const positive = (name: string, fallback: number, min = 1) => {
    const v = get<number>(args, name) ?? fallback;
    if (v < min) throw fail(`--${name}`, `an integer >= ${min}`, v);
    return v;
  };
  const lr = get<number>(args, 'lr') ?? 1e-3;
  if (!(lr > 0)) throw fail('--lr', 'a number > 0', lr);
  const split = get<number[]>(args, 'split') ?? [0.6, 0.2, 0.2];
  if (split.length !== 3 || !split.every((x) => x >= 0) || Math.abs(split[0] + split[1] + split[2] - 1) > 1e-9 || !(split[0] > 0 && split[1] > 0 && (!needTest || split[2] > 0))) {
    const rule = needTest ? 'three fractions summing to 1, each > 0 (the study needs test jets)' : 'three fractions summing to 1, with train and validation > 0';
    throw fail('--split', rule, split.join(','));
  }
  const trainClasses = (get<string[]>(args, 'train-classes') ?? ['g', 'q']) as JetNetClass[];
  const dataDir = resolve(get<string>(args, 'data') ?? sampleDataDir());
  for (const c of trainClasses) {
    if (!existsSync(classFilePath(dataDir, c))) throw fail('--data', `a folder holding ${c}.hdf5 (JetNet layout)`, dataDir);
  }
  const maxJets = get<number>(args, 'max-jets');
  if (maxJets !== undefined && maxJets < 1) throw fail('--max-jets', 'an integer >= 1', maxJets);
  const maxMinutes = get<number>(args, 'max-minutes');
  if (maxMinutes !== undefined && !(maxMinutes > 0 && Number.isFinite(maxMinutes))) throw fail('--max-minutes', 'a number of minutes > 0', maxMinutes);
  const particles = get<number>(args, 'particles');
  if (particles !== undefined && particles < 1) throw fail('--particles', 'an integer >= 1', particles);
  return {
    train: {
      epochs: positive('epochs', 20),
      batchSize: positive('batch-size', 128),
      lr,
      patience: positive('patience', 10, 0),
      loss: (get<string>(args, 'loss') ?? factoryDefaultLoss(model, options)) as TrainLoss,
      maskPadding: get<boolean>(args, 'mask-padding') ?? false,
      ...(maxMinutes !== undefined ? { maxMinutes } : {}),
    },
    data: { dir: dataDir, trainClasses, maxJets: maxJets ?? null, fractions: [split[0], split[1], split[2]], units: (get<string>(args, 'units') ?? 'TeV') as EnergyUnit, ...(particles !== undefined ? { particles } : {}) },
  };
}

/** The run description a train command line asks for. */
function runConfigOf(model: string, args: ParsedArgs, specs: readonly ModelOptionSpec[]): RunConfig {
  const options = modelOptionsOf(COMMAND, args, specs) as JsonObject;
  const { train, data } = trainingSettingsOf(COMMAND, args, model, options, false);
  const workers = get<number>(args, 'workers');
  if (workers !== undefined && !(workers >= 1)) throw usage('--workers', 'an integer >= 1', workers);
  const dropout = get<number>(args, 'input-dropout');
  const keep = get<number>(args, 'input-dropout-keep');
  if (dropout !== undefined && !(dropout > 0 && dropout < 1)) throw usage('--input-dropout', 'a probability in (0, 1)', dropout);
  if (keep !== undefined && dropout === undefined) throw usage('--input-dropout-keep', 'given with --input-dropout', keep);
  if (keep !== undefined && keep < 0) throw usage('--input-dropout-keep', 'an integer >= 0', keep);
  if (dropout !== undefined && train.loss === 'model') throw usage('--input-dropout', "a particle --loss ('model' sees one input only)", dropout);
  const inputDropout = dropout === undefined ? {} : { inputDropout: { probability: dropout, keep: keep ?? DEFAULT_INPUT_DROPOUT_KEEP } };
  return { model, options, train: { ...train, ...inputDropout, seed: get<number>(args, 'seed') ?? 0, ...(workers !== undefined ? { workers } : {}) }, data };
}

/** On --resume: the saved run, with --epochs applied; other options must repeat the saved values or be left out. */
function resumedConfig(out: string, model: string | undefined, args: ParsedArgs, argv: readonly string[], specs: readonly ModelOptionSpec[]): RunConfig {
  const saved = readRunConfig(out);
  if (model !== undefined && model !== saved.model) throw usage('<model>', `the model of the run being resumed ('${saved.model}') or left out`, model);
  const given = new Set(argv.filter((a) => a.startsWith('--')).map((a) => a.slice(2).split('=')[0]));
  const allowed = new Set(['out', 'resume', 'epochs', 'max-minutes', 'workers', 'quiet', 'plugin', 'help']);
  const asked = runConfigOf(saved.model, args, specs);
  const compare: [string, unknown, unknown][] = [
    ['data', asked.data.dir, saved.data.dir],
    ['batch-size', asked.train.batchSize, saved.train.batchSize],
    ['lr', asked.train.lr, saved.train.lr],
    ['patience', asked.train.patience, saved.train.patience],
    ['loss', asked.train.loss, saved.train.loss],
    ['mask-padding', asked.train.maskPadding, saved.train.maskPadding],
    ['input-dropout', asked.train.inputDropout?.probability, saved.train.inputDropout?.probability],
    ['input-dropout-keep', asked.train.inputDropout?.keep, saved.train.inputDropout?.keep],
    ['seed', asked.train.seed, saved.train.seed],
    ['units', asked.data.units, saved.data.units],
    ['max-jets', asked.data.maxJets, saved.data.maxJets],
    ['particles', asked.data.particles, saved.data.particles],
    ['train-classes', asked.data.trainClasses.join(','), saved.data.trainClasses.join(',')],
    ['split', asked.data.fractions.join(','), saved.data.fractions.join(',')],
    ...specs.map((s): [string, unknown, unknown] => [kebabCase(s.name), JSON.stringify(asked.options[s.name]), JSON.stringify(saved.options[s.name])]),
  ];
  for (const [flag, a, s] of compare) {
    if (!given.has(flag) || allowed.has(flag)) continue;
    if (a !== s) throw usage(`--${flag}`, `the value of the run being resumed (${String(s)}) or left out; only --epochs, --max-minutes and --workers may change`, a);
  }
  const { maxMinutes: _saved, workers: _savedWorkers, ...train } = saved.train;
  const maxMinutes = given.has('max-minutes') ? asked.train.maxMinutes : saved.train.maxMinutes;
  const workers = given.has('workers') ? asked.train.workers : saved.train.workers;
  return {
    ...saved,
    train: {
      ...train,
      epochs: given.has('epochs') ? asked.train.epochs : saved.train.epochs,
      ...(maxMinutes !== undefined ? { maxMinutes } : {}),
      ...(workers !== undefined ? { workers } : {}),
    },
  };
}

/**
 * The model name (the first positional argument before any option the train command does not
 * know, such as a model option) and the --out value, found before full parsing.
 */
function scanTrainArgs(argv: readonly string[]): { model?: string; out?: string } {
  const known = new Map(TRAIN_OPTIONS.map((o) => [o.name, o]));
  let model: string | undefined;
  let out: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') break;
    if (!a.startsWith('--')) {
      if (model === undefined && !a.startsWith('-')) model = a;
      continue;
    }
    const [name, inline] = a.slice(2).split(/=(.*)/s, 2);
    const spec = known.get(name);
    if (spec === undefined) {
      if (model !== undefined) continue;
      break;
    }
    if (spec.kind === 'flag' || inline !== undefined) {
      if (name === 'out') out = inline;
      continue;
    }
    if (name === 'out') out = argv[i + 1];
    i++;
  }
  return { ...(model !== undefined ? { model } : {}), ...(out !== undefined ? { out } : {}) };
}

/**
 * Runs `lorentz-irreps train` with the arguments after the command name.
 * @returns the exit code: 0 when training ended (completed or stopped early), 130 when interrupted.
 * @throws {@link UsageError} for a command line that cannot be run; what training throws.
 */
export async function trainCommand(argv: readonly string[], io: CliIO): Promise<number> {
  await loadPlugins(COMMAND, pluginArguments(argv));
  const kinds = listModels();
  const { model: named, out: outScan } = scanTrainArgs(argv);
  const resume = argv.includes('--resume');
  const savedPath = outScan !== undefined ? join(resolve(outScan), RUN_FILE) : undefined;
  const kind = named ?? (resume && savedPath !== undefined && existsSync(savedPath) ? readRunConfig(resolve(outScan!)).model : undefined);
  const specs = kind !== undefined && kinds.includes(kind) ? (getModelFactory(kind).options ?? []) : [];
  const args = parseArgs(COMMAND, argv, [...TRAIN_OPTIONS, ...modelOptionSpecs(specs)]);
  if (get<boolean>(args, 'help')) {
    io.stdout.write(`${trainHelp(kind)}\n`);
    return 0;
  }
  const outArg = get<string>(args, 'out');
  if (outArg === undefined) throw usage('--out', 'given: the run folder', 'nothing');
  const out = resolve(outArg);
  if (args.positionals.length > 1) throw usage('<model>', 'a single model name', args.positionals.join(' '));
  const model = args.positionals[0];
  let config: RunConfig;
  if (resume) {
    if (!existsSync(join(out, RUN_FILE)) || !hasCheckpoint(out)) throw usage('--out', 'a run folder with run.json and a checkpoint to resume', out);
    if (kind === undefined || !kinds.includes(kind)) {
      throw usage('<model>', `a registered model: the run uses '${kind}' (registered: ${kinds.join(', ') || 'none'}; load it with --plugin)`, kind);
    }
    config = resumedConfig(out, model, args, argv, specs);
  } else {
    if (model === undefined) throw usage('<model>', `given: one of ${kinds.join(', ') || '(none registered)'}`, 'nothing');
    if (!kinds.includes(model)) throw usage('<model>', `a registered model (${kinds.join(', ') || 'none registered; load one with --plugin'})`, model);
    if (hasCheckpoint(out)) throw usage('--out', 'a folder without a run (pass --resume to continue it, or choose another folder)', out);
    config = runConfigOf(model, args, specs);
  }

  const quiet = get<boolean>(args, 'quiet') ?? false;
  const controller = new AbortController();
  const signal = io.interrupt ?? controller.signal;
  let onSigint: (() => void) | null = null;
  if (io.interrupt === undefined) {
    onSigint = () => {
      if (controller.signal.aborted) {
        io.stderr.write('\nstopped at once; the last checkpoint is kept\n');
        process.exit(EXIT_INTERRUPTED);
      }
      io.stderr.write('\nstopping after the current step (Ctrl-C again to quit at once)\n');
      controller.abort();
    };
    process.on('SIGINT', onSigint);
  }
  try {
    const result = await trainRun(config, {
      dir: out,
      resume,
      signal,
      ...(quiet ? {} : { progress: streamProgress(io.stderr) }),
      // the worker threads of --workers import the plugins too, for the model kinds they register
      workerImports: pluginArguments(argv),
    });
    const best = result.bestValLoss === null ? 'no epoch finished yet' : `best validation loss ${formatLoss(result.bestValLoss)} at epoch ${result.bestEpoch}`;
    if (result.status === 'interrupted') {
      io.stderr.write(`interrupted after ${result.steps} steps (${result.epochs} epochs done); checkpoint in ${out}\ncontinue with: ${COMMAND} --out ${outArg} --resume\n`);
      return EXIT_INTERRUPTED;
    }
    io.stdout.write(`${config.model}: ${result.status} after ${result.epochs} epochs; ${best}\nrun folder: ${out} (weights: best.json)\n`);
    return 0;
  } finally {
    if (onSigint !== null) process.off('SIGINT', onSigint);
  }
}


/**
 * `lorentz-irreps compare`: one table of several evaluated runs (the paper's Tables 2-4 layout),
 * with their reconstruction errors, symmetry tables and combined-signal ROC curves.
 *
 * @packageDocumentation
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { compareReports, findReportFile, readReportFile, runLabel, writeComparison, type ComparedRun } from '../../report/compare';
import { evaluateRun } from '../../report/run';
import { RUN_FILE } from '../../train/run-config';
import { formatOptions, parseArgs, type OptionSpec } from '../args';
import { loadPlugins, pluginArguments, PLUGIN_OPTION, type CliIO } from '../io';
import { UsageError } from '../usage-error';

const COMMAND = 'lorentz-irreps compare';

const COMPARE_OPTIONS: readonly OptionSpec[] = [
  { name: 'runs', kind: 'list', value: '<list>', description: 'run folders (or report.json files), comma-separated; they follow the positional ones' },
  { name: 'out', kind: 'string', value: '<dir>', description: 'folder for compare.json, compare.md and roc-combined.svg/.png (required)' },
  { name: 'names', kind: 'list', value: '<list>', description: 'row labels, one per run (positional runs first, then --runs)', defaultText: "each run folder's name" },
  {
    name: 'score',
    kind: 'string',
    value: '<name>',
    description: "anomaly score of each row: 'best' (highest combined AUC per run), 'all' (a row per score) or a score name (chamfer, hungarian, emd, imageMse, ...)",
    defaultText: 'best',
  },
  { name: 'no-eval', kind: 'flag', description: 'fail on a run without report.json instead of evaluating it first' },
  { name: 'no-figures', kind: 'flag', description: 'write compare.json and compare.md only' },
  PLUGIN_OPTION,
  { name: 'help', kind: 'flag', description: 'show this help' },
];

/** Help text of `compare`. */
export function compareHelp(): string {
  return [
    `Usage: ${COMMAND} <run> <run> ... --out <dir> [options]`,
    `       ${COMMAND} --runs <run>,<run>,... --out <dir> [options]`,
    '',
    "Reads each run's report.json (<run>/report/report.json, <run>/report.json, or a report.json",
    'path). A run folder without one is evaluated first, as `lorentz-irreps eval --run <run>',
    "--no-figures` would (with --no-eval it is an error instead). Writes, in the layout of the LGAE",
    "paper's Tables 2-4: compare.json and compare.md with the anomaly table (rows = models; AUC and",
    'signal efficiency at background efficiencies 1e-1, 1e-2, 1e-3 per signal and for all signals',
    "combined), the background's reconstruction table (median and IQR of the relative errors) and",
    'the symmetry table; and roc-combined.svg/.png with every run\'s combined-signal ROC curve. The',
    'Markdown tables are printed too.',
    '',
    'Options:',
    formatOptions(COMPARE_OPTIONS),
    '',
    `Example: ${COMMAND} runs/lgae runs/gnnae runs/cnnae --out runs/compare`,
  ].join('\n');
}

/**
 * Runs `lorentz-irreps compare` with the arguments after the command name.
 * @returns the exit code (0).
 * @throws {@link UsageError} for a command line that cannot be run (no runs, no --out, a path
 *   without a report or run, labels that do not fit); what the evaluation throws.
 */
export async function compareCommand(argv: readonly string[], io: CliIO): Promise<number> {
  await loadPlugins(COMMAND, pluginArguments(argv));
  const args = parseArgs(COMMAND, argv, COMPARE_OPTIONS);
  const get = <T>(name: string) => args.options.get(name) as T | undefined;
  if (get<boolean>('help')) {
    io.stdout.write(`${compareHelp()}\n`);
    return 0;
  }
  const usage = (argument: string, rule: string, value: unknown) => new UsageError({ fn: COMMAND, argument, rule, value });
  const paths = [...args.positionals, ...(get<string[]>('runs') ?? [])];
  if (paths.length === 0) throw usage('<run>', 'given: at least one run folder (positional or --runs)', 'nothing');
  const out = get<string>('out');
  if (out === undefined) throw usage('--out', 'given: the output folder', 'nothing');
  const names = get<string[]>('names');
  if (names !== undefined && names.length !== paths.length) throw usage('--names', `${paths.length} labels, one per run`, names.join(','));
  const evaluate = !(get<boolean>('no-eval') ?? false);
  const reports: string[] = [];
  const missing: string[] = [];
  for (const p of paths) {
    const found = findReportFile(p);
    if (found !== null) reports.push(found);
    else if (existsSync(join(resolve(p), RUN_FILE))) {
      if (!evaluate) throw usage('--no-eval', `not given for a run without report.json (evaluate it: lorentz-irreps eval --run ${p})`, p);
      missing.push(p);
      reports.push(join(resolve(p), 'report', 'report.json'));
    } else throw usage('<run>', 'a run folder (with run.json or report/report.json) or a report.json file', p);
  }
  for (const p of missing) {
    io.stderr.write(`evaluating ${p} (no report.json yet)\n`);
    await evaluateRun(resolve(p), { figures: false });
  }
  const runs: ComparedRun[] = reports.map((source, i) => ({ name: names?.[i] ?? runLabel(source), source, report: readReportFile(source) }));
  const labels = runs.map((r) => r.name);
  const repeated = labels.find((n, i) => labels.indexOf(n) !== i);
  if (repeated !== undefined) throw usage('--names', `distinct row labels (two runs are named '${repeated}'; give --names)`, labels.join(','));
  const comparison = compareReports(runs, { score: get<string>('score') ?? 'best' });
  const { markdown, files } = await writeComparison(resolve(out), comparison, { figures: !(get<boolean>('no-figures') ?? false) });
  io.stdout.write(`${markdown}\nwritten: ${files.join(', ')}\n`);
  return 0;
}

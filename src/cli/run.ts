/**
 * The `lorentz-irreps` command line: dispatch to the commands, help, version, and the mapping of
 * errors to one line on stderr and an exit code.
 *
 * @packageDocumentation
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError, LorentzIrrepsError } from '../errors';
import { packageRoot } from '../jets/sample';
import { compareCommand, compareHelp } from './commands/compare';
import { evalCommand, evalHelp } from './commands/eval';
import { modelsCommand, modelsHelp } from './commands/models';
import { studyCommand, studyHelp } from './commands/study';
import { trainCommand, trainHelp } from './commands/train';
import type { CliIO } from './io';
import { UsageError } from './usage-error';

/** Exit code of a command line that cannot be run as written. */
export const EXIT_USAGE = 2;
/** Exit code of a failure while running (bad data, numerics, files). */
export const EXIT_FAILURE = 1;

const COMMANDS: Record<string, { run: (argv: readonly string[], io: CliIO) => Promise<number>; help: () => string; summary: string }> = {
  train: { run: trainCommand, help: () => trainHelp(), summary: 'train an autoencoder on JetNet jets (checkpoints, --resume, Ctrl-C safe)' },
  eval: { run: evalCommand, help: evalHelp, summary: 'evaluate a trained run: anomaly and reconstruction tables, report.json, figures' },
  models: { run: modelsCommand, help: modelsHelp, summary: 'list the registered models and their options' },
  compare: { run: compareCommand, help: compareHelp, summary: 'compare evaluated runs: one anomaly, reconstruction and symmetry table, one ROC figure' },
  study: { run: studyCommand, help: () => studyHelp(), summary: 'studies over many trainings: data-efficiency (jet mass error vs training fraction, resumable)' },
};

/** The top-level help text. */
export function mainHelp(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((c) => c.length)) + 2;
  return [
    'Usage: lorentz-irreps <command> [options]',
    '',
    'Commands:',
    ...Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}${c.summary}`),
    `  ${'help'.padEnd(width)}show the help of a command: lorentz-irreps help <command>`,
    '',
    "Every command takes --help. Exit codes: 0 success, 1 failure, 2 usage error, 130 interrupted.",
  ].join('\n');
}

function version(): string {
  return (JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version: string }).version;
}

function describe(e: unknown): string {
  if (e instanceof LorentzIrrepsError) return `${e.name}: ${e.message}`;
  if (e instanceof Error) return `${e.name}: ${e.message}`;
  return String(e);
}

/**
 * Runs the command line `lorentz-irreps <argv...>` and returns its exit code: 0 on success, 2 for
 * a command line that cannot be run (unknown command or option, bad value: a {@link UsageError}
 * or a ConfigError), 1 for other failures (data, numerics, files), 130 when training was
 * interrupted. Errors are written to `io.stderr` as one line (a stack trace too when the
 * environment variable LORENTZ_IRREPS_DEBUG is set).
 *
 * @param argv - the arguments after the program name.
 * @param io - output streams and an optional interrupt signal (default: the process's).
 * @returns the exit code.
 *
 * @example
 * ```ts
 * import { runCli } from 'lorentz-irreps';
 * let out = '';
 * let err = '';
 * const io = { stdout: { write: (s: string) => (out += s) }, stderr: { write: (s: string) => (err += s) } };
 * console.assert((await runCli(['--help'], io)) === 0 && out.includes('Usage: lorentz-irreps <command>'));
 * console.assert((await runCli(['fly'], io)) === 2 && err.startsWith('lorentz-irreps: UsageError'));
 * ```
 */
export async function runCli(argv: readonly string[], io: CliIO = { stdout: process.stdout, stderr: process.stderr }): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (command === undefined || command === '--help' || command === '-h') {
      (command === undefined ? io.stderr : io.stdout).write(`${mainHelp()}\n`);
      return command === undefined ? EXIT_USAGE : 0;
    }
    if (command === '--version') {
      io.stdout.write(`${version()}\n`);
      return 0;
    }
    if (command === 'help') {
      const topic = rest[0];
      if (topic === undefined) io.stdout.write(`${mainHelp()}\n`);
      else if (COMMANDS[topic] !== undefined) io.stdout.write(`${COMMANDS[topic].help()}\n`);
      else throw new UsageError({ fn: 'lorentz-irreps help', argument: '<command>', rule: `one of ${Object.keys(COMMANDS).join(', ')}`, value: topic });
      return 0;
    }
    const c = Object.prototype.hasOwnProperty.call(COMMANDS, command) ? COMMANDS[command] : undefined;
    if (c === undefined) throw new UsageError({ fn: 'lorentz-irreps', argument: '<command>', rule: `one of ${Object.keys(COMMANDS).join(', ')}, help`, value: command });
    return await c.run(rest, io);
  } catch (e) {
    const usage = e instanceof UsageError || e instanceof ConfigError;
    const hint = usage ? ` (see: lorentz-irreps ${command !== undefined && COMMANDS[command] !== undefined ? `${command} ` : ''}--help)` : '';
    io.stderr.write(`lorentz-irreps: ${describe(e).replace(/\s*\n\s*/g, ' ')}${hint}\n`);
    if (process.env.LORENTZ_IRREPS_DEBUG && e instanceof Error && e.stack) io.stderr.write(`${e.stack}\n`);
    return usage ? EXIT_USAGE : EXIT_FAILURE;
  }
}

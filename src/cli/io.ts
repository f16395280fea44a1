/**
 * What a command writes to and reads from: output streams, an optional interrupt signal, plugin
 * loading (internal).
 *
 * @packageDocumentation
 */
import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ProgressStream } from '../train/progress';
import type { OptionSpec } from './args';
import { UsageError } from './usage-error';

/** The streams and hooks a command uses (process streams by default). */
export interface CliIO {
  /** Results: tables, summaries, JSON. */
  readonly stdout: { write(text: string): unknown };
  /** Progress, notices and errors. */
  readonly stderr: ProgressStream;
  /**
   * Stops training when aborted. When absent, `train` listens for SIGINT itself (a first Ctrl-C
   * stops after the current step with a checkpoint; a second one exits at once).
   */
  readonly interrupt?: AbortSignal;
}

/** The `--plugin` option every command accepts. */
export const PLUGIN_OPTION: OptionSpec = {
  name: 'plugin',
  kind: 'string',
  value: '<module>',
  description: 'import a module (a file path or package name) before running, e.g. one that registers a model; repeatable',
  repeatable: true,
};

/** The values of `--plugin` in `argv`, found before full parsing (they may declare model options). */
export function pluginArguments(argv: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--') break;
    if (argv[i] === '--plugin' && i + 1 < argv.length) out.push(argv[++i]);
    else if (argv[i].startsWith('--plugin=')) out.push(argv[i].slice('--plugin='.length));
  }
  return out;
}

/**
 * Imports each plugin module: paths (starting with '.', '/' or a drive) relative to the working
 * folder, other names as packages.
 * @throws {@link UsageError} naming the module when it cannot be imported.
 */
export async function loadPlugins(command: string, plugins: readonly string[]): Promise<void> {
  for (const p of plugins) {
    const isPath = p.startsWith('.') || isAbsolute(p);
    try {
      await import(isPath ? pathToFileURL(resolve(p)).href : p);
    } catch (e) {
      throw new UsageError({ fn: command, argument: '--plugin', rule: `an importable module (${(e as Error).message.split('\n')[0]})`, value: p });
    }
  }
}

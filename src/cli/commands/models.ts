/**
 * `lorentz-irreps models`: list the registered models and their options.
 *
 * @packageDocumentation
 */
import { getModelFactory, listModels } from '../../train/registry';
import { formatOptions, parseArgs } from '../args';
import { loadPlugins, pluginArguments, PLUGIN_OPTION, type CliIO } from '../io';
import { modelOptionSpecs } from './train';

const COMMAND = 'lorentz-irreps models';

/** Help text of `models`. */
export function modelsHelp(): string {
  return [`Usage: ${COMMAND} [--plugin <module>]`, '', 'Lists the registered models and their options.', '', 'Options:', formatOptions([PLUGIN_OPTION])].join('\n');
}

/**
 * Runs `lorentz-irreps models`.
 * @returns the exit code (0).
 * @throws {@link UsageError} for unknown options or plugins that cannot be imported.
 */
export async function modelsCommand(argv: readonly string[], io: CliIO): Promise<number> {
  await loadPlugins(COMMAND, pluginArguments(argv));
  const args = parseArgs(COMMAND, argv, [PLUGIN_OPTION, { name: 'help', kind: 'flag', description: 'show this help' }]);
  if (args.options.get('help') === true) {
    io.stdout.write(`${modelsHelp()}\n`);
    return 0;
  }
  const kinds = listModels();
  if (kinds.length === 0) {
    io.stdout.write('no models are registered (load one with --plugin <module>)\n');
    return 0;
  }
  for (const kind of kinds) {
    const f = getModelFactory(kind);
    const specs = modelOptionSpecs(f.options ?? []);
    io.stdout.write(`${kind}: ${f.description}\n${specs.length > 0 ? `${formatOptions(specs)}\n` : ''}\n`);
  }
  return 0;
}

/**
 * Plain command-line argument parsing: `--name value`, `--name=value`, boolean flags, `--` to end
 * options, and positional arguments; every option is declared, with its value type.
 *
 * @packageDocumentation
 */
import { UsageError } from './usage-error';

/** The value types of options. */
export type OptionKind = 'flag' | 'string' | 'integer' | 'number' | 'list' | 'integers' | 'numbers';

/** One declared option. */
export interface OptionSpec {
  /** Flag name without dashes, kebab-case, e.g. 'batch-size'. */
  readonly name: string;
  readonly kind: OptionKind;
  /** Placeholder of the value in help, e.g. '<dir>'. */
  readonly value?: string;
  readonly description: string;
  /** Allowed values of a 'string' option (or of each item of a 'list'). */
  readonly choices?: readonly string[];
  /** Default shown in help (already in the command's own defaults). */
  readonly defaultText?: string;
  /** May be given several times (values collected in order). */
  readonly repeatable?: boolean;
}

/** Parsed values: flags are true, lists are arrays, repeatable options arrays of their values. */
export type ParsedValue = boolean | string | number | readonly string[] | readonly number[];

/** The result of {@link parseArgs}. */
export interface ParsedArgs {
  readonly positionals: readonly string[];
  readonly options: ReadonlyMap<string, ParsedValue | readonly ParsedValue[]>;
}

/** Converts the kebab-case flag name 'latent-vectors' into the camelCase option name 'latentVectors'. */
export function camelCase(flag: string): string {
  return flag.replace(/-([a-z0-9])/g, (_m, c: string) => c.toUpperCase());
}

/** Converts the camelCase option name 'latentVectors' into the flag name 'latent-vectors'. */
export function kebabCase(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

function convert(command: string, spec: OptionSpec, raw: string): ParsedValue {
  const bad = (rule: string) => new UsageError({ fn: command, argument: `--${spec.name}`, rule, value: raw });
  const number = (text: string, integer: boolean): number => {
    const v = Number(text);
    if (text.trim() === '' || !Number.isFinite(v) || (integer && !Number.isSafeInteger(v))) throw bad(integer ? 'an integer' : 'a finite number');
    return v;
  };
  const items = () => raw.split(',').map((s) => s.trim());
  switch (spec.kind) {
    case 'integer':
      return number(raw, true);
    case 'number':
      return number(raw, false);
    case 'string':
      if (spec.choices !== undefined && !spec.choices.includes(raw)) throw bad(`one of ${spec.choices.join(', ')}`);
      return raw;
    case 'list': {
      const list = items();
      if (list.some((s) => s === '') || (spec.choices !== undefined && !list.every((s) => spec.choices!.includes(s)))) {
        throw bad(spec.choices !== undefined ? `a comma-separated list of ${spec.choices.join(', ')}` : 'a comma-separated list');
      }
      return list;
    }
    case 'integers':
      return items().map((s) => number(s, true));
    case 'numbers':
      return items().map((s) => number(s, false));
    default:
      throw bad('a flag without a value');
  }
}

/**
 * Parses `argv` against declared options. A flag ('flag' kind) takes no value (`--flag=x` is an
 * error); other options take the next argument or the text after `=`. Arguments after `--` are
 * positional.
 *
 * @param command - the command's name, for errors (e.g. 'lorentz-irreps train').
 * @param argv - the arguments after the command.
 * @param specs - the declared options.
 * @returns positionals and options by flag name.
 * @throws {@link UsageError} for an unknown option, a missing or malformed value, or an option
 *   given twice that is not repeatable.
 */
export function parseArgs(command: string, argv: readonly string[], specs: readonly OptionSpec[]): ParsedArgs {
  const byName = new Map(specs.map((s) => [s.name, s]));
  const positionals: string[] = [];
  const options = new Map<string, ParsedValue | ParsedValue[]>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = (eq >= 0 ? arg.slice(0, eq) : arg).replace(/^--?/, '');
    const spec = byName.get(arg.startsWith('--') ? name : name === 'h' ? 'help' : `-${name}`);
    if (spec === undefined) throw new UsageError({ fn: command, argument: arg.slice(0, eq >= 0 ? eq : undefined), rule: 'one of its options', value: arg });
    let value: ParsedValue;
    if (spec.kind === 'flag') {
      if (eq >= 0) throw new UsageError({ fn: command, argument: `--${spec.name}`, rule: 'a flag without a value', value: arg.slice(eq + 1) });
      value = true;
    } else {
      let raw: string | undefined;
      if (eq >= 0) raw = arg.slice(eq + 1);
      else if (i + 1 < argv.length && !(argv[i + 1].startsWith('--') && argv[i + 1].length > 2)) raw = argv[++i];
      if (raw === undefined) throw new UsageError({ fn: command, argument: `--${spec.name}`, rule: `followed by a value ${spec.value ?? ''}`.trimEnd(), value: 'nothing' });
      value = convert(command, spec, raw);
    }
    if (spec.repeatable) {
      const list = (options.get(spec.name) as ParsedValue[] | undefined) ?? [];
      list.push(value);
      options.set(spec.name, list);
    } else {
      if (options.has(spec.name)) throw new UsageError({ fn: command, argument: `--${spec.name}`, rule: 'given once', value: 'given twice' });
      options.set(spec.name, value);
    }
  }
  return { positionals, options };
}

/** Help lines of options: `  --name <value>   description (default ...)`, aligned. */
export function formatOptions(specs: readonly OptionSpec[]): string {
  const heads = specs.map((s) => `  --${s.name}${s.kind === 'flag' ? '' : ` ${s.value ?? '<value>'}`}`);
  const width = Math.max(...heads.map((h) => h.length)) + 2;
  return specs
    .map((s, i) => {
      const extra = [s.choices !== undefined ? `one of ${s.choices.join(', ')}` : '', s.defaultText !== undefined ? `default ${s.defaultText}` : '']
        .filter((x) => x !== '')
        .join('; ');
      return `${heads[i].padEnd(width)}${s.description}${extra !== '' ? ` (${extra})` : ''}`;
    })
    .join('\n');
}

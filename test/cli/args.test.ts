import { describe, expect, it } from 'vitest';
import { UsageError } from 'lorentz-irreps';
import { camelCase, formatOptions, kebabCase, parseArgs, type OptionSpec } from '../../src/cli/args';

const specs: OptionSpec[] = [
  { name: 'epochs', kind: 'integer', description: 'epochs' },
  { name: 'lr', kind: 'number', description: 'rate' },
  { name: 'resume', kind: 'flag', description: 'resume' },
  { name: 'loss', kind: 'string', choices: ['chamfer', 'mse'], description: 'loss' },
  { name: 'classes', kind: 'list', choices: ['g', 'q'], description: 'classes' },
  { name: 'split', kind: 'numbers', description: 'split' },
  { name: 'plugin', kind: 'string', repeatable: true, description: 'plugins' },
  { name: 'help', kind: 'flag', description: 'help' },
];

describe('parseArgs', () => {
  it('reads values after a space or an equals sign, flags, lists, negative numbers and positionals', () => {
    const r = parseArgs('cmd', ['model', '--epochs', '3', '--lr=-1e-3', '--resume', '--classes', 'g,q', '--split=0.5,0.25,0.25', '--plugin', 'a', '--plugin=b', '--', '--x'], specs);
    expect(r.positionals).toEqual(['model', '--x']);
    expect(Object.fromEntries(r.options)).toEqual({ epochs: 3, lr: -1e-3, resume: true, classes: ['g', 'q'], split: [0.5, 0.25, 0.25], plugin: ['a', 'b'] });
    expect(parseArgs('cmd', ['-h'], specs).options.get('help')).toBe(true);
  });

  it('throws UsageErrors naming the command and option', () => {
    const cases: [string[], RegExp][] = [
      [['--nope'], /`cmd`: `--nope` must be one of its options/],
      [['--epochs'], /`--epochs` must be followed by a value/],
      [['--epochs', '--resume'], /`--epochs` must be followed by a value/],
      [['--epochs', '2.5'], /`--epochs` must be an integer/],
      [['--lr', 'fast'], /`--lr` must be a finite number/],
      [['--resume=yes'], /`--resume` must be a flag without a value/],
      [['--loss', 'l1'], /one of chamfer, mse/],
      [['--classes', 'g,t'], /comma-separated list of g, q/],
      [['--epochs', '1', '--epochs', '2'], /given once/],
      [['-x'], /must be one of its options/],
    ];
    for (const [argv, message] of cases) {
      expect(() => parseArgs('cmd', argv, specs)).toThrow(UsageError);
      expect(() => parseArgs('cmd', argv, specs)).toThrow(message);
    }
  });

  it('converts between flag and option names and formats help lines', () => {
    expect(camelCase('latent-vectors')).toBe('latentVectors');
    expect(kebabCase('latentVectors')).toBe('latent-vectors');
    expect(formatOptions([{ name: 'lr', kind: 'number', value: '<x>', description: 'rate', defaultText: '0.001' }, { name: 'q', kind: 'flag', description: 'quiet' }])).toBe(
      '  --lr <x>  rate (default 0.001)\n  --q       quiet',
    );
  });
});

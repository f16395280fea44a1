/**
 * The `Initializer` interface and the machinery shared by all initializers: options (seed or
 * shared generator, dtype, complex), shape checks, drawing into host arrays, tensors, variables.
 *
 * @packageDocumentation
 */
import { ConfigError, DTypeError, invalid } from '../../errors';
import { complexTensor, tensor, variable, type VariableOptions } from '../../tensor/creation';
import { checkShape, sizeFromShape } from '../../tensor/shape';
import type { Tensor, Variable } from '../../tensor/tensor';
import type { DType } from '../../tensor/types';
import { Random } from '../../util/random';
import { bool } from '../validate';

/**
 * Makes tensors and variables of a given shape with reproducible values.
 *
 * A random initializer draws from one generator: its own `new Random(seed)`, or a `Random` shared
 * by several initializers. Each call continues the stream, so equal seeds give equal sequences of
 * tensors. (Two initializers made with the same seed give the same values: give each layer its own
 * seed, or share one `Random`.) A complex tensor draws all its real parts (row-major), then all
 * its imaginary parts.
 */
export interface Initializer {
  /** One-line description, e.g. `normal(mean=0, std=1)`. */
  readonly description: string;
  /** Whether the tensors made are complex. */
  readonly complex: boolean;
  /**
   * Variance E|w - E[w]|^2 of each element of a tensor of `shape` (for complex tensors the sum of
   * the variances of the real and imaginary parts).
   */
  variance(shape: readonly number[]): number;
  /**
   * A new tensor of `shape`.
   * @throws {@link ShapeError} for a bad shape; {@link DTypeError} if the active backend cannot store the dtype.
   */
  tensor(shape: readonly number[]): Tensor;
  /**
   * A new variable of `shape` (options as `variable`).
   * @throws as {@link Initializer.tensor}.
   */
  variable(shape: readonly number[], options?: VariableOptions): Variable;
}

/** Options shared by all initializers. */
export interface InitOptions {
  /** Seed of the initializer's own generator (an integer). Random initializers need `seed` or `random`. */
  readonly seed?: number;
  /** A generator to draw from instead (shared: draws advance it). */
  readonly random?: Random;
  /** Make complex tensors; default false. */
  readonly complex?: boolean;
  /** Storage precision; default the active backend's default. */
  readonly dtype?: DType;
}

/** Fills `out` with the values of one part (0: real, 1: imaginary) of a tensor of `shape`. */
export type DrawPart = (out: Float64Array, part: 0 | 1, random: Random | null, shape: readonly number[]) => void;

/** What an initializer is made of. */
export interface InitializerSpec {
  /** Name in {@link initializers}, e.g. `'normal'`. */
  readonly name: string;
  /** Parameters for the description, e.g. `'mean=0, std=1'`. */
  readonly params: string;
  /** Whether a generator is required. */
  readonly random: boolean;
  readonly variance: (shape: readonly number[]) => number;
  readonly draw: DrawPart;
}

function resolveRandom(fn: string, options: InitOptions, required: boolean): Random | null {
  const { seed, random } = options;
  if (seed !== undefined && random !== undefined) {
    throw new ConfigError(invalid(fn, 'options', 'given either seed or random, not both', { seed }));
  }
  if (random !== undefined) {
    if (!(random instanceof Random)) throw new ConfigError(invalid(fn, 'options.random', 'a Random', random));
    return random;
  }
  if (seed !== undefined) {
    if (!Number.isInteger(seed)) throw new ConfigError(invalid(fn, 'options.seed', 'a finite integer', seed));
    return new Random(seed);
  }
  if (required) throw new ConfigError(invalid(fn, 'options', 'given a seed or a random generator (initialization is reproducible)', options));
  return null;
}

/**
 * Builds an {@link Initializer} from a spec and the caller's options.
 * @throws {@link ConfigError} for bad seed / random / complex options; {@link DTypeError} for a bad dtype.
 */
export function makeInitializer(spec: InitializerSpec, options: InitOptions): Initializer {
  const fn = `initializers.${spec.name}`;
  const random = resolveRandom(fn, options, spec.random);
  const complex = bool(options.complex ?? false, fn, 'options.complex');
  const dtype = options.dtype;
  if (dtype !== undefined && dtype !== 'float64' && dtype !== 'float32') {
    throw new DTypeError(invalid(fn, 'options.dtype', "'float64' or 'float32'", dtype));
  }
  const tensorOptions = dtype === undefined ? undefined : { dtype };
  const make = (shape: readonly number[], method: string): Tensor => {
    const s = checkShape(shape, `${fn}(...).${method}`, 'shape');
    const n = sizeFromShape(s);
    const re = new Float64Array(n);
    spec.draw(re, 0, random, s);
    if (!complex) return tensor(re, s, tensorOptions);
    const im = new Float64Array(n);
    spec.draw(im, 1, random, s);
    return complexTensor(re, im, s, tensorOptions);
  };
  return {
    description: `${spec.name}(${spec.params}${complex ? ', complex' : ''})`,
    complex,
    variance: (shape) => spec.variance(checkShape(shape, `${fn}(...).variance`, 'shape')),
    tensor: (shape) => make(shape, 'tensor'),
    variable: (shape, variableOptions) => {
      const t = make(shape, 'variable');
      try {
        return variable(t, variableOptions);
      } finally {
        t.dispose();
      }
    },
  };
}

/**
 * Constant initializers: zeros, ones, and any constant.
 *
 * @packageDocumentation
 */
import { finite, optionsBag } from '../validate';
import { makeInitializer, type InitOptions, type Initializer } from './initializer';

/** Options of `initializers.constant` ({@link initializers}): the value (real part; a complex constant has imaginary part 0). */
export interface ConstantOptions extends Omit<InitOptions, 'seed' | 'random'> {
  /** The value; default 0. */
  readonly value?: number;
}

/**
 * Every element equal to `value` (imaginary part 0 when complex). Variance 0; needs no seed.
 * @throws {@link ConfigError} for a non-finite value.
 *
 * @example
 * ```ts
 * import { initializers } from 'lorentz-irreps';
 * const b = initializers.constant({ value: 0.1 }).tensor([3]);
 * console.assert(b.dataSync().every((x) => x === 0.1));
 * ```
 */
export function constant(options?: ConstantOptions): Initializer {
  const o = optionsBag(options, 'initializers.constant');
  const value = finite(o.value ?? 0, 'initializers.constant', 'options.value');
  return makeInitializer(
    {
      name: 'constant',
      params: `value=${value}`,
      random: false,
      variance: () => 0,
      draw: (out, part) => {
        if (part === 0) out.fill(value);
      },
    },
    o,
  );
}

/**
 * Zeros (see {@link constant}).
 *
 * @example
 * ```ts
 * import { initializers } from 'lorentz-irreps';
 * const z = initializers.zeros({ complex: true }).tensor([2, 2]);
 * console.assert(z.complex && z.reImSync().im.every((x) => x === 0));
 * ```
 */
export function zeros(options?: Omit<ConstantOptions, 'value'>): Initializer {
  return constant({ ...optionsBag(options, 'initializers.zeros'), value: 0 });
}

/**
 * Ones (see {@link constant}).
 *
 * @example
 * ```ts
 * import { initializers } from 'lorentz-irreps';
 * console.assert(initializers.ones().tensor([4]).dataSync().every((x) => x === 1));
 * ```
 */
export function ones(options?: Omit<ConstantOptions, 'value'>): Initializer {
  return constant({ ...optionsBag(options, 'initializers.ones'), value: 1 });
}

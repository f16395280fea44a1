/**
 * The gradients an optimizer step accepts, and their validation: every gradient must be a live
 * tensor of its variable's shape, dtype, complexity and backend.
 *
 * @packageDocumentation
 */
import { BackendError, ConfigError, DTypeError, ShapeError, invalid } from '../errors';
import { shapesEqual } from '../tensor/shape';
import { Tensor, Variable } from '../tensor/tensor';

/**
 * Gradients for an optimizer step, in any of three forms:
 * - what `variableGrads` returns (`{ grads, variables }`, gradients in the order of the variables);
 * - a `Map` from each variable to its gradient;
 * - a plain object from variable name to gradient (names are resolved by the optimizer).
 */
export type GradientsInput =
  | { readonly grads: readonly Tensor[]; readonly variables: readonly Variable[] }
  | ReadonlyMap<Variable, Tensor>
  | { readonly [name: string]: Tensor };

/** A variable and its gradient, validated. */
export interface GradientPair {
  readonly variable: Variable;
  readonly grad: Tensor;
}

function checkPair(fn: string, arg: string, v: unknown, g: unknown): GradientPair {
  if (!(v instanceof Variable)) throw new ConfigError(invalid(fn, arg, 'keyed by a Variable', v));
  v.assertAlive(fn, arg);
  if (!(g instanceof Tensor)) throw new DTypeError(invalid(fn, arg, `a Tensor (the gradient of variable '${v.name}')`, g));
  g.assertAlive(fn, arg);
  if (!shapesEqual(g.shape, v.shape)) {
    throw new ShapeError(invalid(fn, arg, `of the shape [${v.shape.join(',')}] of variable '${v.name}'`, g.shape));
  }
  if (g.dtype !== v.dtype || g.complex !== v.complex) {
    const want = `${v.dtype}${v.complex ? ' complex' : ' real'}`;
    throw new DTypeError(invalid(fn, arg, `${want} like variable '${v.name}'`, `${g.dtype}${g.complex ? ' complex' : ' real'}`));
  }
  if (g.backend !== v.backend) {
    throw new BackendError(invalid(fn, arg, `on the backend '${v.backend.name}' of variable '${v.name}'`, g.backend.name));
  }
  return { variable: v, grad: g };
}

function isVariableGrads(x: object): x is { grads: readonly unknown[]; variables: readonly unknown[] } {
  const o = x as { grads?: unknown; variables?: unknown };
  return Array.isArray(o.grads) && Array.isArray(o.variables);
}

/**
 * Validates `input` and lists its (variable, gradient) pairs; `lookup` resolves a name of the
 * plain-object form (and throws {@link ConfigError} for an unknown or ambiguous one).
 * @throws {@link ConfigError} for an input of none of the forms or a variable given twice;
 *   {@link ShapeError} | {@link DTypeError} | {@link BackendError} | {@link MemoryError} for a
 *   gradient that does not fit its variable.
 */
export function resolveGradients(fn: string, input: unknown, lookup: (name: string, arg: string) => Variable): GradientPair[] {
  const pairs: GradientPair[] = [];
  if (input instanceof Map) {
    for (const [v, g] of input) pairs.push(checkPair(fn, `grads.get(${v instanceof Variable ? v.name : '?'})`, v, g));
  } else if (input !== null && typeof input === 'object' && isVariableGrads(input)) {
    if (input.grads.length !== input.variables.length) {
      throw new ConfigError(invalid(fn, 'grads', `a { grads, variables } pair of equal lengths (${input.variables.length} variables)`, input.grads.length));
    }
    for (let i = 0; i < input.grads.length; i++) pairs.push(checkPair(fn, `grads.grads[${i}]`, input.variables[i], input.grads[i]));
  } else if (input !== null && typeof input === 'object' && Object.getPrototypeOf(input) === Object.prototype) {
    for (const [name, g] of Object.entries(input)) {
      const arg = `grads[${JSON.stringify(name)}]`;
      pairs.push(checkPair(fn, arg, lookup(name, arg), g));
    }
  } else {
    throw new ConfigError(
      invalid(fn, 'grads', 'the result of variableGrads, a Map from Variable to Tensor, or an object from variable name to Tensor', input),
    );
  }
  const seen = new Set<Variable>();
  for (const p of pairs) {
    if (seen.has(p.variable)) throw new ConfigError(invalid(fn, 'grads', 'free of repeated variables', p.variable.name));
    seen.add(p.variable);
  }
  return pairs;
}

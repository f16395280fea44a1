/**
 * Reverse-mode automatic differentiation: `grad`, `valueAndGrad`, `variableGrads`.
 *
 * While `f` runs, every kernel call that depends on a watched tensor is recorded on a tape; the
 * backward pass then walks the tape in reverse, calling each kernel's registered VJP.
 *
 * Complex convention: for a real loss L and a complex input w = a + ib, the gradient returned is
 * dL/da + i dL/db (the direction of steepest ascent in the (a, b) plane, the one an optimizer
 * steps along). The gradient of a real input is real.
 *
 * @packageDocumentation
 */
import { ConfigError, DTypeError, ShapeError, invalid } from '../errors';
import { ENGINE, Tape, type TapeNode } from './engine';
import { add } from './ops/arithmetic';
import { real } from './ops/complex';
import { clone } from './ops/reshape';
import { onesLike, zeros } from './creation';
import { shapesEqual } from './shape';
import { Tensor, Variable } from './tensor';

/** Result of {@link valueAndGrad}. */
export interface ValueAndGrads {
  /** The loss f(...), a real tensor of size 1. */
  readonly value: Tensor;
  /** One gradient per input (per variable), each of that input's shape, dtype and complexity. */
  readonly grads: Tensor[];
}

/** Result of {@link variableGrads}: also the variables differentiated, in the order of `grads`. */
export interface VariableGrads extends ValueAndGrads {
  readonly variables: readonly Variable[];
}

function checkLoss(y: unknown, fn: string): Tensor {
  if (!(y instanceof Tensor)) throw new DTypeError(invalid(fn, 'f', 'a function returning a Tensor', y));
  y.assertAlive(fn, 'f');
  if (y.complex) throw new DTypeError(invalid(fn, 'f', 'a function returning a real loss', 'complex tensor'));
  if (y.size !== 1) throw new ShapeError(invalid(fn, 'f', 'a function returning a tensor of size 1 (a scalar loss)', y.shape));
  return y;
}

class GradStore {
  private readonly grads = new Map<number, Tensor>();
  private readonly refs = new Map<Tensor, number>();

  get(id: number): Tensor | undefined {
    return this.grads.get(id);
  }

  set(id: number, t: Tensor): void {
    const old = this.grads.get(id);
    if (old !== undefined) this.release(old);
    this.grads.set(id, t);
    this.refs.set(t, (this.refs.get(t) ?? 0) + 1);
  }

  take(id: number): Tensor | undefined {
    const t = this.grads.get(id);
    if (t === undefined) return undefined;
    this.grads.delete(id);
    this.release(t);
    return t;
  }

  private release(t: Tensor): void {
    this.refs.set(t, this.refs.get(t)! - 1);
  }

  /** True if no entry points at `t`. */
  unused(t: Tensor): boolean {
    return (this.refs.get(t) ?? 0) === 0;
  }
}

function backwardNode(node: TapeNode, tape: Tape, store: GradStore, keepAlive: ReadonlySet<Tensor>): void {
  let anyGrad = false;
  const config = node.gradConfig;
  // The last `stateOutputs` outputs carry saved state only: no gradient flows through them.
  const differentiable = node.outputIds.length - (config?.stateOutputs ?? 0);
  const dys: Tensor[] = new Array(differentiable);
  const candidates: Tensor[] = [];
  for (let k = 0; k < node.outputIds.length; k++) {
    const g = store.take(node.outputIds[k]);
    if (g === undefined) continue;
    if (k >= differentiable) {
      throw new ConfigError(
        invalid('grad', 'f', `a function whose result does not depend on output ${k} of kernel '${node.kernelName}' (that output is state saved for the backward pass and has no gradient)`, node.kernelName),
      );
    }
    anyGrad = true;
    dys[k] = g;
  }
  if (!anyGrad) return;
  for (let k = 0; k < dys.length; k++) {
    if (dys[k] === undefined) {
      const m = node.outputMeta[k];
      dys[k] = zeros(m.shape as number[], { dtype: m.dtype, complex: m.complex });
    }
    candidates.push(dys[k]);
  }
  if (config === undefined) {
    throw new ConfigError(
      invalid('grad', 'f', `built from differentiable kernels (no gradient is registered for kernel '${node.kernelName}')`, node.kernelName),
    );
  }
  const thunks = config.gradFunc(dys, {
    inputs: node.savedInputs,
    outputs: node.savedOutputs,
    inputMeta: node.inputMeta,
    attrs: node.attrs,
  });
  for (const key in node.inputIds) {
    const id = node.inputIds[key];
    const thunk = thunks[key];
    if (!tape.tracked.has(id) || thunk === undefined) continue;
    let g = thunk();
    const meta = node.inputMeta[key];
    if (g.complex && !meta.complex) {
      candidates.push(g);
      g = real(g);
    }
    if (!shapesEqual(g.shape, meta.shape) || g.dtype !== meta.dtype || g.complex !== meta.complex) {
      throw new ShapeError(
        invalid(`gradient of ${node.kernelName}`, key, `a ${meta.dtype}${meta.complex ? ' complex' : ''} tensor of shape [${meta.shape.join(',')}]`, g.toString()),
      );
    }
    const old = store.get(id);
    if (old !== undefined) {
      const s = add(old, g);
      candidates.push(old, g);
      store.set(id, s);
    } else {
      store.set(id, g);
    }
  }
  for (const c of candidates) if (store.unused(c) && !keepAlive.has(c)) c.dispose();
}

/**
 * Runs `f` under a new tape watching `watched`, then differentiates its scalar result. Returns the
 * value and one gradient per watched tensor (zeros where the loss does not depend on it).
 */
function differentiate(fn: string, f: () => unknown, watched: readonly Tensor[], returnValue: boolean): ValueAndGrads {
  const tape = new Tape(watched);
  ENGINE.startScope();
  ENGINE.tapes.push(tape);
  let popped = false;
  const resultSet = new Set<Tensor>();
  try {
    const y = checkLoss(f(), fn);
    ENGINE.tapes.splice(ENGINE.tapes.lastIndexOf(tape), 1);
    popped = true;
    ENGINE.tapePaused++;
    let grads: Tensor[];
    try {
      const store = new GradStore();
      const protectedTensors = new Set<Tensor>([y, ...watched]);
      store.set(y.id, onesLike(y));
      for (let i = tape.nodes.length - 1; i >= 0; i--) backwardNode(tape.nodes[i], tape, store, protectedTensors);
      const saved = new Set(tape.saved);
      grads = watched.map((x) => {
        const g = store.get(x.id);
        if (g === undefined) return zeros(x.shape as number[], { dtype: x.dtype, complex: x.complex });
        // A gradient that is a tape clone or an input would be freed or aliased: hand out a copy.
        return saved.has(g) || watched.includes(g) || g === y ? clone(g) : g;
      });
    } finally {
      ENGINE.tapePaused--;
    }
    for (const g of grads) resultSet.add(g);
    if (returnValue) resultSet.add(y);
    return { value: y, grads };
  } finally {
    if (!popped) ENGINE.tapes.splice(ENGINE.tapes.lastIndexOf(tape), 1);
    for (const t of tape.saved) t.dispose();
    ENGINE.endScope(resultSet);
  }
}

function checkInputs(xs: readonly unknown[], fn: string): Tensor[] {
  return xs.map((x, i) => {
    if (!(x instanceof Tensor)) throw new DTypeError(invalid(fn, `xs[${i}]`, 'a Tensor', x));
    x.assertAlive(fn, `xs[${i}]`);
    return x;
  });
}

/**
 * Gradient of a scalar real function of tensors: `grad(f)(...xs)` returns [dL/dx0, dL/dx1, ...]
 * with L = f(...xs), each of its input's shape (zeros where L does not depend on it). For a
 * complex input w = a + ib the gradient is dL/da + i dL/db. Tensors created inside `f` are
 * disposed; the gradients belong to the caller (or the enclosing `tidy`). Higher-order gradients
 * are not supported: a gradient computed inside `f` is a constant to the outer tape.
 * @throws {@link DTypeError} if an input is not a tensor or `f` returns a complex tensor or no
 *   tensor; {@link ShapeError} if `f` returns a tensor of size other than 1;
 *   {@link ConfigError} if the loss depends on a kernel without a registered gradient.
 *
 * @example
 * ```ts
 * import { grad, mul, sum, tensor } from 'lorentz-irreps';
 * const [g] = grad((x) => sum(mul(x, x)))(tensor([1, 2, 3]));
 * console.assert(JSON.stringify(g.array()) === '[2,4,6]');
 * ```
 */
export function grad(f: (...xs: Tensor[]) => Tensor): (...xs: Tensor[]) => Tensor[] {
  if (typeof f !== 'function') throw new ConfigError(invalid('grad', 'f', 'a function', f));
  return (...xs: Tensor[]) => {
    const inputs = checkInputs(xs, 'grad');
    return differentiate('grad', () => f(...inputs), inputs, false).grads;
  };
}

/**
 * Like {@link grad}, also returning the loss: `valueAndGrad(f)(...xs)` gives `{ value, grads }`.
 * @throws as {@link grad}.
 *
 * @example
 * ```ts
 * import { valueAndGrad, mul, sum, tensor, complexTensor, abs, square } from 'lorentz-irreps';
 * const { value, grads } = valueAndGrad((x) => sum(mul(x, 3)))(tensor([1, 2]));
 * console.assert(value.dataSync()[0] === 9 && grads[0].dataSync()[1] === 3);
 * // Complex convention: L = |w|^2 = a^2 + b^2 gives dL/da + i dL/db = 2a + 2ib = 2w.
 * const gw = valueAndGrad((w) => sum(square(abs(w))))(complexTensor([1], [2])).grads[0];
 * const { re, im } = gw.reImSync();
 * console.assert(Math.abs(re[0] - 2) < 1e-12 && Math.abs(im[0] - 4) < 1e-12);
 * ```
 */
export function valueAndGrad(f: (...xs: Tensor[]) => Tensor): (...xs: Tensor[]) => ValueAndGrads {
  if (typeof f !== 'function') throw new ConfigError(invalid('valueAndGrad', 'f', 'a function', f));
  return (...xs: Tensor[]) => {
    const inputs = checkInputs(xs, 'valueAndGrad');
    return differentiate('valueAndGrad', () => f(...inputs), inputs, true);
  };
}

/**
 * Value of a scalar loss `f()` and its gradients with respect to `params` (one per variable, in
 * order; zeros for a variable the loss does not use). `params` defaults to every live trainable
 * variable, in creation order; `variables` in the result lists the ones used. The complex convention is that of {@link grad}.
 * @throws {@link DTypeError} if `params` holds a non-variable; otherwise as {@link grad}.
 *
 * @example
 * ```ts
 * import { variableGrads, variable, tensor, mul, sum } from 'lorentz-irreps';
 * const w = variable(tensor([1, 2]));
 * const { value, grads } = variableGrads(() => sum(mul(w, w)), [w]);
 * console.assert(value.dataSync()[0] === 5 && grads[0].dataSync()[1] === 4);
 * w.dispose();
 * ```
 */
export function variableGrads(f: () => Tensor, params?: readonly Variable[]): VariableGrads {
  if (typeof f !== 'function') throw new ConfigError(invalid('variableGrads', 'f', 'a function', f));
  const list = params ?? ENGINE.trainableVariables();
  if (!Array.isArray(list)) throw new DTypeError(invalid('variableGrads', 'params', 'an array of Variables', params));
  list.forEach((v, i) => {
    if (!(v instanceof Variable)) throw new DTypeError(invalid('variableGrads', `params[${i}]`, 'a Variable', v));
    v.assertAlive('variableGrads', `params[${i}]`);
  });
  const { value, grads } = differentiate('variableGrads', f, list, true);
  return { value, grads, variables: list.slice() };
}


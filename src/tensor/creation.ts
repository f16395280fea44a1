/**
 * Tensor factories: from values, from real and imaginary parts, constant fills, and variables.
 *
 * @packageDocumentation
 */
import { DTypeError, ShapeError, invalid } from '../errors';
import { ENGINE } from './engine';
import { checkShape, sizeFromShape } from './shape';
import { Tensor, Variable } from './tensor';
import type { DType, FloatArray } from './types';

/** Nested arrays of numbers (any depth, rectangular), a flat list, or a typed array. */
export type TensorValues = number | readonly TensorValues[] | Float64Array | Float32Array;

/** Options of the tensor factories. */
export interface TensorOptions {
  /** Storage precision; default: the active backend's default (float64 on the CPU). */
  readonly dtype?: DType;
}

function resolveDtype(opts: TensorOptions | undefined, fn: string): DType {
  const backend = ENGINE.backend;
  const dtype = opts?.dtype ?? backend.defaultDtype;
  if ((dtype !== 'float64' && dtype !== 'float32') || !backend.supportsDtype(dtype)) {
    throw new DTypeError(invalid(fn, 'options.dtype', `'float64' or 'float32', supported by backend '${backend.name}'`, dtype));
  }
  return dtype;
}

function newArray(dtype: DType, size: number): FloatArray {
  return dtype === 'float64' ? new Float64Array(size) : new Float32Array(size);
}

/** Flattens values into a fresh typed array and infers their shape. */
function flatten(values: TensorValues, dtype: DType, fn: string, arg: string): { data: FloatArray; shape: number[] } {
  if (typeof values === 'number') {
    const data = newArray(dtype, 1);
    data[0] = values;
    return { data, shape: [] };
  }
  if (values instanceof Float64Array || values instanceof Float32Array) {
    const data = newArray(dtype, values.length);
    data.set(values);
    return { data, shape: [values.length] };
  }
  if (!Array.isArray(values)) {
    throw new DTypeError(invalid(fn, arg, 'a number, nested arrays of numbers, or a Float64Array/Float32Array', values));
  }
  const shape: number[] = [];
  let level: unknown = values;
  while (Array.isArray(level)) {
    shape.push(level.length);
    level = level[0];
  }
  const data = newArray(dtype, sizeFromShape(shape));
  let at = 0;
  const walk = (v: unknown, depth: number): void => {
    if (depth === shape.length) {
      if (typeof v !== 'number') throw new DTypeError(invalid(fn, arg, 'nested arrays of numbers', values));
      data[at++] = v;
      return;
    }
    if (!Array.isArray(v) || v.length !== shape[depth]) {
      throw new ShapeError(invalid(fn, arg, `rectangular nested arrays (expected length ${shape[depth]} at depth ${depth})`, values));
    }
    for (let i = 0; i < v.length; i++) walk(v[i], depth + 1);
  };
  walk(values, 0);
  return { data, shape };
}

function withShape(flat: { data: FloatArray; shape: number[] }, shape: readonly number[] | undefined, fn: string): number[] {
  if (shape === undefined) return flat.shape;
  const s = checkShape(shape, fn, 'shape');
  if (sizeFromShape(s) !== flat.data.length) {
    throw new ShapeError(invalid(fn, 'shape', `of size ${flat.data.length} (the number of values)`, shape));
  }
  return s;
}

/**
 * A real tensor from values (copied). The shape is inferred from nested arrays (a flat list or a
 * typed array is 1-D) unless given, in which case the number of values must match.
 * @throws {@link ShapeError} for ragged arrays or a shape whose size differs from the number of
 *   values; {@link DTypeError} for non-numbers or an unsupported dtype.
 *
 * @example
 * ```ts
 * import { tensor } from 'lorentz-irreps';
 * const a = tensor([[1, 2], [3, 4]]);
 * const b = tensor(new Float64Array([1, 2, 3, 4]), [2, 2]);
 * console.assert(a.shape.join() === b.shape.join() && a.dtype === 'float64');
 * console.assert(tensor([1], undefined, { dtype: 'float32' }).dtype === 'float32');
 * ```
 */
export function tensor(values: TensorValues, shape?: readonly number[], options?: TensorOptions): Tensor {
  const dtype = resolveDtype(options, 'tensor');
  const flat = flatten(values, dtype, 'tensor', 'values');
  return ENGINE.fromHost(flat.data, null, withShape(flat, shape, 'tensor'), dtype);
}

/**
 * A complex tensor re + i im from two equally shaped value sets (copied; planar storage).
 * @throws {@link ShapeError} if the parts differ in shape or do not fit `shape`; {@link DTypeError}
 *   as {@link tensor}.
 *
 * @example
 * ```ts
 * import { complexTensor } from 'lorentz-irreps';
 * const z = complexTensor([1, 2], [0, -1]);
 * console.assert(z.complex && z.reImSync().im[1] === -1);
 * ```
 */
export function complexTensor(re: TensorValues, im: TensorValues, shape?: readonly number[], options?: TensorOptions): Tensor {
  const dtype = resolveDtype(options, 'complexTensor');
  const r = flatten(re, dtype, 'complexTensor', 're');
  const i = flatten(im, dtype, 'complexTensor', 'im');
  if (r.data.length !== i.data.length || (shape === undefined && r.shape.join() !== i.shape.join())) {
    throw new ShapeError(invalid('complexTensor', 'im', `of the shape of \`re\` [${r.shape.join(',')}]`, i.shape));
  }
  return ENGINE.fromHost(r.data, i.data, withShape(r, shape, 'complexTensor'), dtype);
}

/**
 * A real scalar (rank 0).
 * @throws {@link DTypeError} if `value` is not a number.
 *
 * @example
 * ```ts
 * import { scalar } from 'lorentz-irreps';
 * console.assert(scalar(2.5).rank === 0 && scalar(2.5).dataSync()[0] === 2.5);
 * ```
 */
export function scalar(value: number, options?: TensorOptions): Tensor {
  if (typeof value !== 'number') throw new DTypeError(invalid('scalar', 'value', 'a number', value));
  return tensor(value, [], options);
}

/** Options of the constant factories. */
export interface FillOptions extends TensorOptions {
  /** Make a complex tensor (imaginary part zero); default false. */
  readonly complex?: boolean;
}

/**
 * A tensor of `shape` filled with `value` (real part; a complex fill has imaginary part 0).
 * @throws {@link ShapeError} for a bad shape; {@link DTypeError} for a non-number or bad dtype.
 *
 * @example
 * ```ts
 * import { fill } from 'lorentz-irreps';
 * console.assert(fill([2, 2], 7).dataSync().every((v) => v === 7));
 * ```
 */
export function fill(shape: readonly number[], value: number, options?: FillOptions): Tensor {
  const s = checkShape(shape, 'fill', 'shape');
  if (typeof value !== 'number') throw new DTypeError(invalid('fill', 'value', 'a number', value));
  const dtype = resolveDtype(options, 'fill');
  const complex = options?.complex === true;
  const size = sizeFromShape(s);
  // A backend that recycles freed buffers makes them itself.
  const backend = ENGINE.backend;
  if (backend.fill !== undefined) return ENGINE.fromBackendData(backend.fill(size, dtype, complex, value), s, dtype, complex);
  const re = newArray(dtype, size);
  if (value !== 0) re.fill(value);
  return ENGINE.fromHost(re, complex ? newArray(dtype, size) : null, s, dtype);
}

/**
 * A tensor of zeros.
 * @throws as {@link fill}.
 *
 * @example
 * ```ts
 * import { zeros } from 'lorentz-irreps';
 * const z = zeros([2, 3], { complex: true });
 * console.assert(z.complex && z.size === 6);
 * ```
 */
export function zeros(shape: readonly number[], options?: FillOptions): Tensor {
  return fill(shape, 0, options);
}

/**
 * A tensor of ones.
 * @throws as {@link fill}.
 *
 * @example
 * ```ts
 * import { ones } from 'lorentz-irreps';
 * console.assert(ones([3]).dataSync()[2] === 1);
 * ```
 */
export function ones(shape: readonly number[], options?: FillOptions): Tensor {
  return fill(shape, 1, options);
}

function checkLike(x: unknown, fn: string): Tensor {
  if (!(x instanceof Tensor)) throw new DTypeError(invalid(fn, 'x', 'a Tensor', x));
  x.assertAlive(fn, 'x');
  return x;
}

/**
 * Zeros of the shape, dtype and complexity of `x`.
 * @throws {@link DTypeError} if `x` is not a tensor; {@link MemoryError} if disposed.
 *
 * @example
 * ```ts
 * import { zerosLike, complexTensor } from 'lorentz-irreps';
 * console.assert(zerosLike(complexTensor([1], [1])).complex);
 * ```
 */
export function zerosLike(x: Tensor): Tensor {
  const t = checkLike(x, 'zerosLike');
  return fill(t.shape, 0, { dtype: t.dtype, complex: t.complex });
}

/**
 * Ones of the shape, dtype and complexity of `x`.
 * @throws {@link DTypeError} if `x` is not a tensor; {@link MemoryError} if disposed.
 *
 * @example
 * ```ts
 * import { onesLike, tensor } from 'lorentz-irreps';
 * console.assert(onesLike(tensor([5, 6])).dataSync()[1] === 1);
 * ```
 */
export function onesLike(x: Tensor): Tensor {
  const t = checkLike(x, 'onesLike');
  return fill(t.shape, 1, { dtype: t.dtype, complex: t.complex });
}

/** Options of {@link variable}. */
export interface VariableOptions {
  /** Name for reports and checkpoints; default `variable_<id>`. */
  readonly name?: string;
  /** Differentiated by `variableGrads` when no list is given; default true. */
  readonly trainable?: boolean;
}

/**
 * A {@link Variable} holding `initial`'s values (data shared with `initial`, which stays owned by
 * its caller). Variables are never disposed by `tidy`; dispose them explicitly.
 * @throws {@link DTypeError} if `initial` is not a tensor; {@link MemoryError} if it is disposed.
 *
 * @example
 * ```ts
 * import { variable, zeros } from 'lorentz-irreps';
 * const w = variable(zeros([3, 3]), { name: 'w' });
 * console.assert(w.name === 'w' && w.trainable);
 * w.dispose();
 * ```
 */
export function variable(initial: Tensor, options?: VariableOptions): Variable {
  const t = checkLike(initial, 'variable');
  if (options?.name !== undefined && typeof options.name !== 'string') {
    throw new DTypeError(invalid('variable', 'options.name', 'a string', options.name));
  }
  return ENGINE.makeVariable(t, options?.name, options?.trainable !== false);
}

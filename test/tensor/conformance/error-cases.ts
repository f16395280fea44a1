/** Conformance: every op rejects bad input with a typed error naming the op and the argument. */
import { describe, expect, it } from 'vitest';
import {
  BackendError,
  DTypeError,
  IndexError,
  MemoryError,
  ShapeError,
  abs,
  add,
  broadcastTo,
  cast,
  complex,
  complexTensor,
  concat,
  conj,
  div,
  equal,
  exp,
  expandDims,
  gather,
  greater,
  imag,
  leakyRelu,
  log,
  matmul,
  max,
  mean,
  min,
  mul,
  neg,
  pad,
  pow,
  real,
  registerBackend,
  relu,
  reshape,
  scatterAdd,
  sigmoid,
  slice,
  softmax,
  sqrt,
  square,
  squeeze,
  stack,
  sub,
  sum,
  tensor,
  tidy,
  toBackend,
  transpose,
  where,
  type Backend,
  type Tensor,
} from 'lorentz-irreps';
import type { SuiteContext } from '../conformance';

type ErrorClass = new (...args: never[]) => Error;

/** A storage-only backend (no kernels), to put a tensor somewhere else. */
class HostOnlyBackend implements Backend {
  readonly name = 'conformance-host-only';
  readonly defaultDtype = 'float64' as const;
  private live = 0;
  supportsDtype(): boolean {
    return true;
  }
  write(re: Float64Array | Float32Array, im: Float64Array | Float32Array | null): object {
    this.live++;
    return { re: Float64Array.from(re), im: im === null ? null : Float64Array.from(im) };
  }
  read(id: object) {
    const d = id as { re: Float64Array; im: Float64Array | null };
    return { re: d.re.slice(), im: d.im === null ? null : d.im.slice() };
  }
  disposeData(): void {
    this.live--;
  }
  numDataIds(): number {
    return this.live;
  }
  dispose(): void {}
}

export function errorCases(ctx: SuiteContext): void {
  const { dtype } = ctx;
  describe('bad inputs', () => {
    // Each row: op, argument named in the message, error class, the failing call.
    const rows: [string, string, ErrorClass, (r: Tensor, c: Tensor, other: Tensor | null) => unknown][] = [
      ['add', 'b', ShapeError, (r) => add(r, tensor([1, 2, 3, 4], undefined, { dtype }))],
      ['sub', 'b', ShapeError, (r) => sub(r, tensor([[1, 2, 3, 4]], undefined, { dtype }))],
      ['mul', 'a', DTypeError, () => mul(1, 2)],
      ['div', 'a', DTypeError, () => div(Number.NaN, tensor([1], undefined, { dtype }))],
      ['neg', 'x', DTypeError, () => neg([1, 2] as unknown as Tensor)],
      ['conj', 'x', DTypeError, () => conj(null as unknown as Tensor)],
      ['abs', 'x', DTypeError, () => abs({} as Tensor)],
      ['real', 'x', DTypeError, () => real(3 as unknown as Tensor)],
      ['imag', 'x', DTypeError, () => imag(undefined as unknown as Tensor)],
      ['complex', 'im', ShapeError, (r) => complex(r, tensor([1], undefined, { dtype }))],
      ['complex', 're', DTypeError, (r, c) => complex(c, r)],
      ['exp', 'x', DTypeError, () => exp('x' as unknown as Tensor)],
      ['log', 'x', DTypeError, (_, c) => log(c)],
      ['sqrt', 'x', DTypeError, (_, c) => sqrt(c)],
      ['square', 'x', DTypeError, () => square([] as unknown as Tensor)],
      ['pow', 'exponent', DTypeError, (r) => pow(r, Number.NaN)],
      ['pow', 'x', DTypeError, (_, c) => pow(c, 2)],
      ['relu', 'x', DTypeError, (_, c) => relu(c)],
      ['leakyRelu', 'alpha', DTypeError, (r) => leakyRelu(r, Infinity)],
      ['sigmoid', 'x', DTypeError, (_, c) => sigmoid(c)],
      ['softmax', 'axis', IndexError, (r) => softmax(r, 2)],
      ['softmax', 'x', DTypeError, (_, c) => softmax(c)],
      ['sum', 'axis', IndexError, (r) => sum(r, 2)],
      ['mean', 'axis', IndexError, (r) => mean(r, [0, 0])],
      ['max', 'x', DTypeError, (_, c) => max(c)],
      ['min', 'axis', IndexError, (r) => min(r, -3)],
      ['matmul', 'b', ShapeError, (r) => matmul(r, r)],
      ['matmul', 'a', ShapeError, (r) => matmul(tensor([1, 2], undefined, { dtype }), r)],
      ['matmul', 'b', ShapeError, (r) => matmul(tensor([[[1, 2]], [[3, 4]]], undefined, { dtype }), tensor([[[1], [2]], [[1], [2]], [[1], [2]]], undefined, { dtype }))],
      ['reshape', 'shape', ShapeError, (r) => reshape(r, [4])],
      ['reshape', 'shape', ShapeError, (r) => reshape(r, [-1, -1])],
      ['expandDims', 'axis', IndexError, (r) => expandDims(r, 4)],
      ['squeeze', 'axis', ShapeError, (r) => squeeze(r, 0)],
      ['broadcastTo', 'shape', ShapeError, (r) => broadcastTo(r, [3, 3])],
      ['transpose', 'perm', IndexError, (r) => transpose(r, [0, 0])],
      ['slice', 'begin', IndexError, (r) => slice(r, [3])],
      ['slice', 'size', IndexError, (r) => slice(r, [1, 0], [2, 1])],
      ['pad', 'paddings', ShapeError, (r) => pad(r, [[1, 1]])],
      ['concat', 'xs[1]', ShapeError, (r) => concat([r, tensor([[1, 2]], undefined, { dtype })], 0)],
      ['concat', 'xs', ShapeError, () => concat([])],
      ['concat', 'axis', IndexError, (r) => concat([r, r], 5)],
      ['stack', 'xs[1]', ShapeError, (r) => stack([r, tensor([1], undefined, { dtype })])],
      ['gather', 'indices', IndexError, (r) => gather(r, [0, 3], 1)],
      ['gather', 'indices', IndexError, (r) => gather(r, [0.5])],
      ['gather', 'axis', IndexError, (r) => gather(r, [0], 2)],
      ['scatterAdd', 'indices', IndexError, (r) => scatterAdd(r, [0, 1, 4], 1, 4)],
      ['scatterAdd', 'indices', ShapeError, (r) => scatterAdd(r, [0], 1, 4)],
      ['scatterAdd', 'size', ShapeError, (r) => scatterAdd(r, [0, 0, 0], 1, -1)],
      ['equal', 'a', DTypeError, (_, c) => equal(c, 1)],
      ['greater', 'b', ShapeError, (r) => greater(r, tensor([1, 2], undefined, { dtype }))],
      ['where', 'condition', DTypeError, (r, c) => where(c, r, r)],
      ['where', 'b', ShapeError, (r) => where(r, r, tensor([1, 2], undefined, { dtype }))],
      ['cast', 'dtype', DTypeError, (r) => cast(r, 'int32' as unknown as 'float64')],
      ['add', 'b', BackendError, (r, _, other) => add(r, other!)],
      ['matmul', 'a', BackendError, (r, _, other) => matmul(other!, r)],
    ];
    for (const [op, arg, cls, call] of rows) {
      it(`${op} rejects a bad \`${arg}\` with ${cls.name}`, () => {
        registerBackend('conformance-host-only', () => new HostOnlyBackend(), -100);
        tidy(() => {
          const r = tensor([[1, 2, 3], [4, 5, 6]], undefined, { dtype });
          const c = complexTensor([[1, 2, 3], [4, 5, 6]], [[0, 1, 0], [1, 0, 1]], undefined, { dtype });
          const other = cls === BackendError ? toBackend(r, 'conformance-host-only') : null;
          try {
            let thrown: unknown = null;
            try {
              call(r, c, other);
            } catch (e) {
              thrown = e;
            }
            expect(thrown).toBeInstanceOf(cls);
            expect((thrown as Error).message).toContain(`\`${op}\`: \`${arg}\``);
          } finally {
            other?.dispose();
          }
        });
      });
    }

    it('every op rejects a disposed tensor with MemoryError naming the op', () => {
      const x = tensor([1, 2], undefined, { dtype });
      x.dispose();
      const calls: [string, () => unknown][] = [
        ['add', () => add(x, 1)],
        ['exp', () => exp(x)],
        ['sum', () => sum(x)],
        ['matmul', () => matmul(x, x)],
        ['reshape', () => reshape(x, [2])],
        ['gather', () => gather(x, [0])],
        ['concat', () => concat([x])],
      ];
      for (const [op, call] of calls) expect(call).toThrow(new RegExp(`\`${op}\`.*disposed`));
      for (const [, call] of calls) expect(call).toThrow(MemoryError);
    });
  });
}

/**
 * The engine: the single owner of backends, tensor memory accounting, scopes (`tidy`), the
 * autodiff tape and the debug modes (test mode, checkNumerics). Public functions in this folder
 * are thin wrappers over the singleton {@link ENGINE}.
 *
 * @packageDocumentation
 */
import { BackendError, MemoryError, NumericsError, invalid } from '../errors';
import type { Backend, BackendFactory } from './backend';
import { getGradient, getKernel, type GradConfig } from './kernel-registry';
import { Tensor, Variable, setTensorTracker, type BufferEntry, type TensorTracker } from './tensor';
import type { Attrs, DataId, DType, FloatArray, Shape, TensorInfo, TensorMeta } from './types';

/** One recorded kernel call. */
export interface TapeNode {
  readonly kernelName: string;
  readonly attrs: Attrs;
  readonly gradConfig: GradConfig | undefined;
  /** Ids of the original input tensors, by input name. */
  readonly inputIds: Readonly<Record<string, number>>;
  readonly inputMeta: Readonly<Record<string, TensorMeta>>;
  /** Clones kept alive for the backward pass (empty when not saved). */
  readonly savedInputs: Readonly<Record<string, Tensor>>;
  readonly savedOutputs: readonly Tensor[];
  readonly outputIds: readonly number[];
  readonly outputMeta: readonly TensorMeta[];
}

/** The record of one `grad`/`valueAndGrad`/`variableGrads` call. */
export class Tape {
  /** Ids of tensors that depend on a watched tensor. */
  readonly tracked = new Set<number>();
  readonly nodes: TapeNode[] = [];
  /** Clones made for the backward pass; disposed when the gradient call ends. */
  readonly saved: Tensor[] = [];

  constructor(watched: readonly Tensor[]) {
    for (const t of watched) this.tracked.add(t.id);
  }
}

const EMPTY_ATTRS: Attrs = Object.freeze({});

function envTestMode(): boolean {
  const p = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process;
  const v = p?.env?.LORENTZ_IRREPS_TEST_MODE;
  return v === '1' || v === 'true';
}

function bytesOf(size: number, dtype: DType, complex: boolean): number {
  return size * (dtype === 'float64' ? 8 : 4) * (complex ? 2 : 1);
}

function metaOf(t: TensorInfo): TensorMeta {
  return { shape: t.shape, dtype: t.dtype, complex: t.complex };
}

/** The engine singleton's class. Internal: use the public functions. */
export class Engine implements TensorTracker {
  private readonly factories = new Map<string, { factory: BackendFactory; priority: number }>();
  private readonly instances = new Map<string, Backend>();
  private current: Backend | null = null;
  /** Live-buffer counters per backend. */
  private readonly stats = new Map<Backend, { count: number }>();
  private liveBuffers = 0;
  private nextId = 0;
  private liveTensors = 0;
  private liveBytes = 0;
  private readonly scopes: Tensor[][] = [];
  private readonly variables = new Set<Variable>();
  /** Active tapes, innermost last. */
  readonly tapes: Tape[] = [];
  /** While > 0, nothing is recorded (backward passes). */
  tapePaused = 0;
  testMode = envTestMode();
  checkNumerics = false;

  constructor() {
    setTensorTracker(this);
  }

  // ----- backends -------------------------------------------------------------------------------

  registerBackend(name: string, factory: BackendFactory, priority: number): void {
    this.factories.set(name, { factory, priority });
  }

  removeBackend(name: string): void {
    const inst = this.instances.get(name);
    if (inst !== undefined) {
      if (this.current === inst) this.current = null;
      this.instances.delete(name);
      // Tensors still on it are dead; stop accounting for its buffers.
      this.stats.delete(inst);
      inst.dispose();
    }
    this.factories.delete(name);
  }

  registeredBackends(): string[] {
    return [...this.factories.keys()];
  }

  /** The backend named `name`, initialized on first use. */
  findBackend(name: string, fn: string): Backend {
    const existing = this.instances.get(name);
    if (existing !== undefined) return existing;
    const entry = this.factories.get(name);
    if (entry === undefined) {
      throw new BackendError(
        invalid(fn, 'name', `a registered backend (${this.registeredBackends().map((n) => `'${n}'`).join(', ') || 'none'})`, name),
      );
    }
    let backend: Backend | null;
    try {
      backend = entry.factory();
    } catch (e) {
      const reason = e instanceof Error ? e.message : String(e);
      throw new BackendError(invalid(fn, 'name', `an available backend (initialization failed: ${reason})`, name));
    }
    if (backend === null) {
      throw new BackendError(invalid(fn, 'name', 'an available backend (it is not supported here)', name));
    }
    this.instances.set(name, backend);
    this.stats.set(backend, { count: 0 });
    return backend;
  }

  setBackend(name: string): void {
    this.current = this.findBackend(name, 'setBackend');
  }

  /** The active backend; on first use, the registered backend of highest priority. */
  get backend(): Backend {
    if (this.current !== null) return this.current;
    let best: string | null = null;
    let bestPriority = -Infinity;
    for (const [name, { priority }] of this.factories) {
      if (priority > bestPriority) {
        best = name;
        bestPriority = priority;
      }
    }
    if (best === null) throw new BackendError(invalid('getBackend', 'backend', 'registered', 'none'));
    this.current = this.findBackend(best, 'getBackend');
    return this.current;
  }

  // ----- tensors and memory ---------------------------------------------------------------------

  /** A new buffer entry (reference count 1) for a handle just made by `backend`. */
  private newBuffer(dataId: DataId, backend: Backend, size: number, dtype: DType, complex: boolean): BufferEntry {
    let stats = this.stats.get(backend);
    if (stats === undefined) {
      stats = { count: 0 };
      this.stats.set(backend, stats);
    }
    stats.count++;
    const bytes = bytesOf(size, dtype, complex);
    this.liveBytes += bytes;
    this.liveBuffers++;
    return { dataId, refs: 1, bytes, backend, stats };
  }

  /** Wraps a buffer entry as a tracked tensor (the caller has counted the reference). */
  private wrap(buffer: BufferEntry, shape: Shape, dtype: DType, complex: boolean): Tensor {
    const t = new Tensor(this.nextId++, buffer, shape, dtype, complex);
    this.liveTensors++;
    const n = this.scopes.length;
    if (n > 0) this.scopes[n - 1].push(t);
    return t;
  }

  /** Creates a tensor from host arrays (handed to the backend, which may keep them). */
  fromHost(re: FloatArray, im: FloatArray | null, shape: Shape, dtype: DType, backend: Backend = this.backend): Tensor {
    return this.fromBackendData(backend.write(re, im, dtype), shape, dtype, im !== null, backend);
  }

  /** Wraps a buffer that `backend` has just made (e.g. by its `fill`) as a new tracked tensor. */
  fromBackendData(dataId: DataId, shape: Shape, dtype: DType, complex: boolean, backend: Backend = this.backend): Tensor {
    const s = shape.slice();
    let size = 1;
    for (let i = 0; i < s.length; i++) size *= s[i];
    return this.wrap(this.newBuffer(dataId, backend, size, dtype, complex), s, dtype, complex);
  }

  /** A new tensor object sharing `t`'s data; kept, and not tracked by any scope. */
  shareData(t: Tensor): Tensor {
    t.buffer.refs++;
    const c = new Tensor(this.nextId++, t.buffer, t.shape, t.dtype, t.complex);
    this.liveTensors++;
    c.kept = true;
    return c;
  }

  makeVariable(initial: Tensor, name: string | undefined, trainable: boolean): Variable {
    const id = this.nextId++;
    initial.buffer.refs++;
    const v = new Variable(initial, id, name ?? `variable_${id}`, trainable);
    this.liveTensors++;
    this.variables.add(v);
    return v;
  }

  /** Live trainable variables, in creation order. */
  trainableVariables(): Variable[] {
    return [...this.variables].filter((v) => v.trainable);
  }

  private release(entry: BufferEntry): void {
    if (--entry.refs > 0) return;
    this.liveBytes -= entry.bytes;
    this.liveBuffers--;
    entry.stats.count--;
    entry.backend.disposeData(entry.dataId);
  }

  disposeTensor(t: Tensor): void {
    if (t.isDisposed) return;
    t.markDisposed();
    this.liveTensors--;
    if (t instanceof Variable) this.variables.delete(t);
    this.release(t.buffer);
  }

  assignVariable(v: Variable, value: Tensor): void {
    if (value.backend !== v.backend) {
      throw new BackendError(
        invalid('Variable.assign', 'value', `a tensor on the variable's backend '${v.backend.name}'`, value.backend.name),
      );
    }
    if (value.buffer === v.buffer) return;
    const old = v.buffer;
    value.buffer.refs++;
    v.setBuffer(value.buffer);
    this.release(old);
  }

  memory(): { numTensors: number; numBytes: number; numDataBuffers: number } {
    return { numTensors: this.liveTensors, numBytes: this.liveBytes, numDataBuffers: this.liveBuffers };
  }

  // ----- scopes ---------------------------------------------------------------------------------

  startScope(): void {
    this.scopes.push([]);
  }

  /** Ends the innermost scope: disposes its tensors except `result` and kept ones; moves `result` up. */
  endScope(result: ReadonlySet<Tensor>): void {
    const scope = this.scopes.pop();
    if (scope === undefined) return;
    const parent = this.scopes.length > 0 ? this.scopes[this.scopes.length - 1] : null;
    for (let i = 0; i < scope.length; i++) {
      const t = scope[i];
      if (t.isDisposed) continue;
      if (result.has(t)) {
        if (parent !== null) parent.push(t);
      } else if (!t.kept) {
        this.disposeTensor(t);
      }
    }
    if (this.testMode) this.checkBufferAccounting('tidy');
  }

  /** In test mode: every backend holds exactly the buffers the engine knows of. */
  checkBufferAccounting(fn: string): void {
    for (const [backend, { count }] of this.stats) {
      const held = backend.numDataIds();
      if (held !== count) {
        throw new MemoryError(
          invalid(fn, 'fn', `free of leaked buffers (backend '${backend.name}' holds ${held}, tensors own ${count})`, held - count),
        );
      }
    }
  }

  // ----- kernels --------------------------------------------------------------------------------

  /**
   * Runs a kernel on the active backend and returns its outputs as tracked tensors; records it on
   * the active tapes; applies test mode and checkNumerics. Inputs must already be validated.
   */
  runKernel(kernelName: string, inputs: Readonly<Record<string, Tensor>>, attrs: Attrs = EMPTY_ATTRS): Tensor[] {
    const backend = this.backend;
    for (const key in inputs) {
      const t = inputs[key];
      t.assertAlive(kernelName, key);
      if (t.backend !== backend) {
        throw new BackendError(
          invalid(kernelName, key, `a tensor on the active backend '${backend.name}' (move it with toBackend)`, `tensor on '${t.backend.name}'`),
        );
      }
    }
    const kernel = getKernel(kernelName, backend.name);
    if (kernel === undefined) {
      throw new BackendError(invalid(kernelName, 'backend', `a backend implementing kernel '${kernelName}'`, backend.name));
    }
    const before = this.testMode ? backend.numDataIds() : 0;
    const raw = kernel.kernelFunc({ inputs, backend, attrs });
    const infos = Array.isArray(raw) ? raw : [raw];
    const outputs = new Array<Tensor>(infos.length);
    let fresh = 0;
    for (let i = 0; i < infos.length; i++) {
      const info = infos[i];
      // An output may alias an input's buffer (or an earlier output's); otherwise it is new.
      let entry: BufferEntry | null = null;
      for (const key in inputs) {
        if (inputs[key].buffer.dataId === info.dataId) {
          entry = inputs[key].buffer;
          break;
        }
      }
      for (let j = 0; j < i && entry === null; j++) if (outputs[j].buffer.dataId === info.dataId) entry = outputs[j].buffer;
      if (entry !== null) {
        entry.refs++;
      } else {
        let size = 1;
        for (let d = 0; d < info.shape.length; d++) size *= info.shape[d];
        entry = this.newBuffer(info.dataId, backend, size, info.dtype, info.complex);
        fresh++;
      }
      outputs[i] = this.wrap(entry, info.shape, info.dtype, info.complex);
    }
    if (this.testMode) {
      const made = backend.numDataIds() - before;
      if (made !== fresh) {
        for (const out of outputs) this.disposeTensor(out);
        throw new MemoryError(
          invalid(kernelName, 'kernelFunc', 'returning every buffer it allocates', `${made} buffers made, ${fresh} returned`),
        );
      }
    }
    if (this.checkNumerics) this.scanOutputs(kernelName, outputs);
    if (this.tapes.length > 0 && this.tapePaused === 0) this.record(kernelName, inputs, attrs, outputs);
    return outputs;
  }

  private scanOutputs(kernelName: string, outputs: Tensor[]): void {
    for (let o = 0; o < outputs.length; o++) {
      const t = outputs[o];
      let index = -1;
      if (t.backend.firstNonFinite !== undefined) {
        index = t.backend.firstNonFinite(t.dataId);
      } else {
        const { re, im } = t.backend.read(t.dataId);
        for (let i = 0; i < re.length && index < 0; i++) if (!Number.isFinite(re[i])) index = i;
        if (im !== null) for (let i = 0; i < im.length && index < 0; i++) if (!Number.isFinite(im[i])) index = re.length + i;
      }
      if (index >= 0) {
        const { re, im } = t.backend.read(t.dataId);
        const value = index < re.length ? re[index] : im![index - re.length];
        const where = index < re.length ? `flat index ${index}` : `imaginary part, flat index ${index - re.length}`;
        for (const out of outputs) this.disposeTensor(out);
        throw new NumericsError(
          invalid(kernelName, outputs.length > 1 ? `output ${o}` : 'output', 'finite (checkNumerics is on)', `${value} at ${where}`),
        );
      }
    }
  }

  private record(kernelName: string, inputs: Readonly<Record<string, Tensor>>, attrs: Attrs, outputs: Tensor[]): void {
    for (let k = 0; k < this.tapes.length; k++) {
      const tape = this.tapes[k];
      let hit = false;
      for (const key in inputs) {
        if (tape.tracked.has(inputs[key].id)) {
          hit = true;
          break;
        }
      }
      if (!hit) continue;
      const gradConfig = getGradient(kernelName);
      const inputIds: Record<string, number> = {};
      const inputMeta: Record<string, TensorMeta> = {};
      const savedInputs: Record<string, Tensor> = {};
      const saveInputs = gradConfig?.saveInputs !== false;
      for (const key in inputs) {
        const t = inputs[key];
        inputIds[key] = t.id;
        inputMeta[key] = metaOf(t);
        if (saveInputs) {
          const c = this.shareData(t);
          tape.saved.push(c);
          savedInputs[key] = c;
        }
      }
      const savedOutputs: Tensor[] = [];
      if (gradConfig?.saveOutputs === true) {
        for (const t of outputs) {
          const c = this.shareData(t);
          tape.saved.push(c);
          savedOutputs.push(c);
        }
      }
      for (const t of outputs) tape.tracked.add(t.id);
      tape.nodes.push({
        kernelName,
        attrs,
        gradConfig,
        inputIds,
        inputMeta,
        savedInputs,
        savedOutputs,
        outputIds: outputs.map((t) => t.id),
        outputMeta: outputs.map(metaOf),
      });
    }
  }
}

/** The engine singleton. */
export const ENGINE = new Engine();

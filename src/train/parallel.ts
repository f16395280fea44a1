/**
 * Data-parallel gradients over worker threads: each batch is split into contiguous slices, every
 * slice's summed loss and gradients are computed by a replica of the model on its own thread (the
 * calling thread computes the first slice itself), and the slices' gradients are summed in slice
 * order on the calling thread, so that a step is deterministic for a given number of workers.
 *
 * The worker entry is `parallel-worker.ts` beside this module: run from the TypeScript sources
 * (vitest, tsx) it is loaded through tsx's ESM hooks; in the built package it is
 * `parallel-worker.js` / `parallel-worker.cjs` beside the running chunk.
 *
 * @packageDocumentation
 */
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import * as errors from '../errors';
import { ConfigError, invalid } from '../errors';
import { gatherJets, type JetDataset } from '../jets/dataset';
import { complexTensor, tensor } from '../tensor/creation';
import { variableGrads } from '../tensor/autodiff';
import { tidy } from '../tensor/memory';
import type { Tensor, Variable } from '../tensor/tensor';
import type { TrainSettings } from './checkpoint';
import type { JsonObject } from './json';
import type { ModelContext } from './registry';

/** One parameter's values or gradient: the real part, and the imaginary part of a complex one. */
export interface PlanarArray {
  readonly re: Float64Array;
  readonly im: Float64Array | null;
}

/** The summed loss of a slice of a batch and the gradients of that sum, in the trainable order. */
export interface SliceGradients {
  readonly loss: number;
  readonly grads: PlanarArray[];
}

/** Message to a worker: create the replica. */
export interface InitMessage {
  readonly type: 'init';
  readonly kind: string;
  readonly config: JsonObject;
  readonly context: ModelContext;
  readonly settings: Pick<TrainSettings, 'loss' | 'maskPadding'>;
  /** Modules to import before the replica is made (plugins registering model kinds). */
  readonly imports: readonly string[];
  /** Every named parameter's value. */
  readonly params: readonly { name: string; shape: number[]; value: PlanarArray }[];
  /** The names of the trainable parameters, in the order of gradients and updates. */
  readonly trainable: readonly string[];
}

/** Rows of b jets: four-momenta [b, N, 4] and mask [b, N], row-major. */
export interface JetRows {
  readonly p: Float64Array;
  readonly mask: Float64Array;
}

/** Copies of the jets [from, to) of `rows` (N particle slots each). */
export function jetRowSlice(rows: JetRows, from: number, to: number, N: number): JetRows {
  return { p: rows.p.slice(from * N * 4, to * N * 4), mask: rows.mask.slice(from * N, to * N) };
}

/** Message to a worker: set the trainable parameters, then the loss (and gradients) of one slice. */
export interface StepMessage {
  readonly type: 'step';
  readonly id: number;
  readonly params: readonly PlanarArray[];
  readonly p: Float64Array;
  readonly mask: Float64Array;
  readonly b: number;
  readonly N: number;
  /** The slice of a denoising input (see `TrainOptions.inputDropout`), reconstructed in place of p. */
  readonly input?: JetRows;
  /** Whether gradients are wanted (false: the loss alone, e.g. for validation). */
  readonly grads: boolean;
}

/** Messages from a worker. */
export type WorkerReply =
  | { readonly type: 'ready' }
  | { readonly type: 'grads'; readonly id: number; readonly loss: number; readonly grads: PlanarArray[] }
  | { readonly type: 'error'; readonly error: SentError };

/** Start and end of slice `i` of `W` contiguous slices of `b` jets (sizes differ by at most one). */
export function sliceBounds(b: number, W: number, i: number): [number, number] {
  return [Math.floor((i * b) / W), Math.floor(((i + 1) * b) / W)];
}

/** The values (or gradient) of a tensor as planar float64 copies. */
export function planarOf(t: Tensor): PlanarArray {
  const { re, im } = t.reImSync();
  return { re: Float64Array.from(re), im: t.complex ? Float64Array.from(im) : null };
}

/**
 * The summed loss of one slice and its gradients with respect to `trainable` (call on any thread).
 * @param loss - the slice's summed loss as a tensor (made inside the gradient tape).
 */
export function sliceGradients(loss: () => Tensor, trainable: readonly Variable[]): SliceGradients {
  return tidy(() => {
    const { value, grads } = variableGrads(loss, trainable);
    return { loss: value.dataSync()[0], grads: grads.map(planarOf) };
  });
}

/** An error as sent between threads. */
export interface SentError {
  readonly name: string;
  readonly message: string;
  readonly stack?: string;
  /** fn, argument, rule and (described) value of a library error. */
  readonly details?: { fn: string; argument: string; rule: string; value: string };
}

/** An error as it can be posted to another thread. */
export function sendError(e: unknown): SentError {
  if (e instanceof errors.LorentzIrrepsError) {
    return { name: e.name, message: e.message, ...(e.stack !== undefined ? { stack: e.stack } : {}), details: { fn: e.fn, argument: e.argument, rule: e.rule, value: String(e.value) } };
  }
  const err = e instanceof Error ? e : new Error(String(e));
  return { name: err.name, message: err.message, ...(err.stack !== undefined ? { stack: err.stack } : {}) };
}

/** An error sent back by a worker, as the library's error class of that name when there is one. */
export function reviveError(e: SentError): Error {
  const Cls = (errors as Record<string, unknown>)[e.name];
  let out: Error;
  if (e.details !== undefined && typeof Cls === 'function' && (Cls === errors.LorentzIrrepsError || (Cls as { prototype: unknown }).prototype instanceof errors.LorentzIrrepsError)) {
    out = new (Cls as new (d: SentError['details'], m: string) => Error)(e.details, e.message);
  } else {
    out = new Error(e.message);
    out.name = e.name;
  }
  if (e.stack !== undefined) out.stack = `${e.stack}\n    (in a training worker thread)`;
  return out;
}

/** How this module runs: from the TypeScript sources, or built as ES module or CommonJS chunk. */
function workerSpec(fn: string): { filename: string | URL; options: { eval?: boolean; execArgv?: string[] } } {
  const here = import.meta.url;
  if (/\.ts$/.test(here)) {
    // Node 20 does not apply `--import tsx` to a worker's entry: register tsx's ESM hooks in the
    // worker first, then import the TypeScript entry.
    let api: string;
    try {
      api = createRequire(here).resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs');
    } catch {
      throw new ConfigError(invalid(fn, 'options.workers', '1 when the library runs from its TypeScript sources without tsx installed (worker threads load the sources through tsx)', 'tsx not found'));
    }
    const entry = new URL('./parallel-worker.ts', here).href;
    const code = `import(${JSON.stringify(pathToFileURL(api).href)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); });`;
    return { filename: code, options: { eval: true, execArgv: [] } };
  }
  return { filename: new URL(here.endsWith('.cjs') ? './parallel-worker.cjs' : './parallel-worker.js', here), options: {} };
}

/** What {@link GradientWorkers.start} needs. */
export interface GradientWorkersOptions {
  /** Threads in all, the calling one included (>= 2). */
  readonly workers: number;
  readonly kind: string;
  readonly config: JsonObject;
  readonly context: ModelContext;
  readonly settings: Pick<TrainSettings, 'loss' | 'maskPadding'>;
  readonly imports: readonly string[];
  /** The model's parameters by name. */
  readonly params: ReadonlyMap<string, Variable>;
  /** Its trainable parameters by name, in the optimizer's order. */
  readonly trainable: readonly [string, Variable][];
  /** The function named in errors. */
  readonly fn: string;
}

/**
 * The young generation of a worker thread's heap, in MB (V8's default is 48 MB on 64-bit
 * machines, 3 semi-spaces of 16 MB). A training step makes short-lived objects at a high rate
 * (tape nodes, tensor handles) that the default lets grow to the full size; 12 MB takes about 20 MB
 * off the resident memory of each worker at no measurable cost in speed (the step's tensors live
 * in typed arrays outside the heap).
 */
const WORKER_YOUNG_GENERATION_MB = 12;

let liveThreads = 0;

/** Worker threads started by {@link GradientWorkers} that have not exited yet (for tests). */
export function liveWorkerThreads(): number {
  return liveThreads;
}

interface Pending {
  resolve(r: SliceGradients): void;
  reject(e: Error): void;
}

/**
 * `workers - 1` worker threads, each with a replica of the model, that compute slices of a batch.
 * Always {@link GradientWorkers.close} it (in `finally`).
 */
export class GradientWorkers {
  private readonly threads: Worker[];
  private readonly pending = new Map<number, Pending>();
  private readonly trainable: readonly [string, Variable][];
  private nextId = 0;
  private failure: Error | null = null;
  private closed = false;

  private constructor(threads: Worker[], trainable: readonly [string, Variable][]) {
    this.threads = threads;
    this.trainable = trainable;
  }

  /** Threads in all, the calling one included. */
  get size(): number {
    return this.threads.length + 1;
  }

  /**
   * The heap limits each worker thread runs with (for tests).
   * @internal
   */
  get threadResourceLimits(): Worker['resourceLimits'][] {
    return this.threads.map((w) => w.resourceLimits);
  }

  /**
   * Starts the threads and makes the replicas; resolves when every replica is ready.
   * @throws {@link ConfigError} when a worker cannot make the model (e.g. a kind registered only in
   *   the calling thread); what a worker throws.
   */
  static async start(o: GradientWorkersOptions): Promise<GradientWorkers> {
    const { filename, options } = workerSpec(o.fn);
    const threads: Worker[] = [];
    const pool = new GradientWorkers(threads, o.trainable);
    const params = [...o.params].map(([name, v]) => ({ name, shape: v.shape.slice(), value: planarOf(v) }));
    const init: InitMessage = {
      type: 'init',
      kind: o.kind,
      config: o.config,
      context: o.context,
      settings: o.settings,
      imports: o.imports,
      params,
      trainable: o.trainable.map(([name]) => name),
    };
    const ready: Promise<void>[] = [];
    try {
      for (let i = 1; i < o.workers; i++) {
        const w = new Worker(filename, { ...options, stdout: false, stderr: false, resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB } });
        threads.push(w);
        liveThreads++;
        w.once('exit', () => liveThreads--);
        ready.push(
          new Promise<void>((resolve, reject) => {
            const onMessage = (m: WorkerReply) => {
              if (m.type === 'ready') {
                w.off('message', onMessage);
                w.off('error', onError);
                w.off('exit', onExit);
                pool.listen(w);
                resolve();
              } else if (m.type === 'error') reject(reviveError(m.error));
            };
            const onError = (e: Error) => reject(e);
            const onExit = (code: number) => reject(new ConfigError(invalid(o.fn, 'options.workers', 'a number of threads that can start', `a worker thread exited with code ${code} before it was ready`)));
            w.on('message', onMessage);
            w.on('error', onError);
            w.on('exit', onExit);
          }),
        );
        w.postMessage(init);
      }
      const settled = await Promise.allSettled(ready);
      const bad = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
      if (bad !== undefined) throw bad.reason;
    } catch (e) {
      await pool.close();
      throw e;
    }
    return pool;
  }

  private listen(w: Worker): void {
    w.on('message', (m: WorkerReply) => {
      if (m.type === 'grads') {
        const p = this.pending.get(m.id);
        this.pending.delete(m.id);
        p?.resolve({ loss: m.loss, grads: m.grads });
      } else if (m.type === 'error') {
        this.fail(reviveError(m.error));
      }
    });
    w.on('error', (e) => this.fail(e));
    w.on('exit', (code) => {
      if (!this.closed) this.fail(new Error(`a training worker thread exited unexpectedly (code ${code})`));
    });
  }

  private fail(e: Error): void {
    if (this.failure === null) this.failure = e;
    for (const p of this.pending.values()) p.reject(e);
    this.pending.clear();
  }

  /**
   * The mean loss of a batch and the mean gradients (summed over slices in slice order, divided by
   * `b`) as tensors for the trainable variables, in their order.
   * @param local - the summed loss of a slice of jets [from, to) as a tensor, for the calling thread.
   */
  async batch(p: Float64Array, mask: Float64Array, b: number, N: number, local: (from: number, to: number) => SliceGradients, input?: JetRows): Promise<{ loss: number; grads: SliceGradients['grads'] }> {
    const slices = await this.slices(p, mask, b, N, true, local, input);
    let loss = slices[0].loss;
    const sums = slices[0].grads.map((g) => ({ re: Float64Array.from(g.re), im: g.im === null ? null : Float64Array.from(g.im) }));
    for (let s = 1; s < slices.length; s++) {
      loss += slices[s].loss;
      slices[s].grads.forEach((g, k) => {
        const acc = sums[k];
        for (let i = 0; i < acc.re.length; i++) acc.re[i] += g.re[i];
        if (g.im !== null) {
          if (acc.im === null) acc.im = Float64Array.from(g.im);
          else for (let i = 0; i < acc.im.length; i++) acc.im[i] += g.im[i];
        }
      });
    }
    for (const acc of sums) {
      for (let i = 0; i < acc.re.length; i++) acc.re[i] /= b;
      if (acc.im !== null) for (let i = 0; i < acc.im.length; i++) acc.im[i] /= b;
    }
    return { loss: loss / b, grads: sums };
  }

  /**
   * The mean per-jet loss of `model` on `ds` (no gradients), in batches of `batchSize` split
   * among the threads as in training: the batches' summed losses, each summed over slices in slice
   * order, over the number of jets.
   * @param local - the summed loss of a slice of jets, for the calling thread.
   */
  async evaluate(ds: JetDataset, batchSize: number, local: (p: Float64Array, mask: Float64Array, b: number) => number): Promise<number> {
    const N = ds.numParticles;
    let total = 0;
    for (let start = 0; start < ds.numJets; start += batchSize) {
      const idx = Int32Array.from({ length: Math.min(batchSize, ds.numJets - start) }, (_, k) => start + k);
      const { p, mask } = gatherJets(ds, idx);
      const slices = await this.slices(p, mask, idx.length, N, false, (from, to) => {
        const part = jetRowSlice({ p, mask }, from, to, N);
        return { loss: local(part.p, part.mask, to - from), grads: [] };
      });
      let sum = slices[0].loss;
      for (let s = 1; s < slices.length; s++) sum += slices[s].loss;
      total += sum;
    }
    return total / ds.numJets;
  }

  /** The non-empty slices' results, in slice order (slice 0 computed by `local` on this thread). */
  private async slices(p: Float64Array, mask: Float64Array, b: number, N: number, grads: boolean, local: (from: number, to: number) => SliceGradients, input?: JetRows): Promise<SliceGradients[]> {
    if (this.failure !== null) throw this.failure;
    if (this.closed) throw new Error('GradientWorkers: the worker threads are closed');
    const W = this.size;
    const params = this.trainable.map(([, v]) => planarOf(v));
    const parts: Promise<SliceGradients>[] = [];
    for (let i = 1; i < W; i++) {
      const [from, to] = sliceBounds(b, W, i);
      if (to === from) continue;
      const id = this.nextId++;
      parts.push(new Promise<SliceGradients>((resolve, reject) => this.pending.set(id, { resolve, reject })));
      const msg: StepMessage = { type: 'step', id, params, ...jetRowSlice({ p, mask }, from, to, N), b: to - from, N, grads, ...(input !== undefined ? { input: jetRowSlice(input, from, to, N) } : {}) };
      this.threads[i - 1].postMessage(msg);
    }
    const [from0, to0] = sliceBounds(b, W, 0);
    let mine: SliceGradients | null = null;
    let mineError: unknown = null;
    try {
      mine = to0 > from0 ? local(from0, to0) : null;
    } catch (e) {
      mineError = e;
    }
    const settled = await Promise.allSettled(parts);
    if (mineError !== null) throw mineError;
    const bad = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (bad !== undefined) throw bad.reason;
    return [...(mine !== null ? [mine] : []), ...settled.map((r) => (r as PromiseFulfilledResult<SliceGradients>).value)];
  }

  /** Gradient tensors for the trainable variables (call inside `tidy`). */
  gradTensors(grads: readonly PlanarArray[]): Tensor[] {
    return this.trainable.map(([, v], k) => {
      const g = grads[k];
      if (v.complex) return complexTensor(g.re, g.im ?? new Float64Array(g.re.length), v.shape, { dtype: v.dtype });
      return tensor(g.re, v.shape, { dtype: v.dtype });
    });
  }

  /** Terminates the threads (safe to call more than once). */
  async close(): Promise<void> {
    this.closed = true;
    const e = new Error('the training worker threads were closed');
    for (const p of this.pending.values()) p.reject(e);
    this.pending.clear();
    await Promise.all(this.threads.map((w) => w.terminate()));
  }
}

/**
 * Training progress: the events the trainer reports, and a reporter that draws a progress bar on
 * a terminal or writes plain periodic lines elsewhere (logs, pipes, CI).
 *
 * @packageDocumentation
 */
import { ConfigError, invalid } from '../errors';
import type { EpochRecord } from './checkpoint';

/** Reported once when training starts (or resumes). */
export interface TrainStart {
  /** The epochs asked for. */
  readonly epochs: number;
  /** Epochs already done (non-zero when resuming). */
  readonly epochsDone: number;
  /** Batches already done in the current epoch (non-zero when resuming mid-epoch). */
  readonly batchesDone: number;
  /** Batches per epoch. */
  readonly batchesPerEpoch: number;
  readonly trainJets: number;
  readonly valJets: number;
  /** Whether the run continues from a checkpoint. */
  readonly resumed: boolean;
}

/** Reported after each training step. */
export interface BatchProgress {
  /** Epoch in progress, from 1. */
  readonly epoch: number;
  readonly epochs: number;
  /** Batches done in this epoch (1 after the first). */
  readonly batch: number;
  readonly batchesPerEpoch: number;
  /** Mean training loss of the epoch so far. */
  readonly loss: number;
  /** Training jets per second since this session started. */
  readonly jetsPerSecond: number;
  /** Estimated seconds to the end of the last epoch (training steps only). */
  readonly etaSeconds: number;
}

/** Receives training events; every method is optional. */
export interface TrainProgress {
  start?(info: TrainStart): void;
  batch?(info: BatchProgress): void;
  epoch?(record: EpochRecord, epochs: number): void;
  /** A one-line notice (checkpoint saved, early stop, interruption). */
  note?(text: string): void;
}

/** Where a {@link streamProgress} writes: a stream with `write`, and `isTTY` on terminals. */
export interface ProgressStream {
  write(text: string): unknown;
  readonly isTTY?: boolean;
  readonly columns?: number;
}

/** Options of {@link streamProgress}. */
export interface StreamProgressOptions {
  /** Draw a bar redrawn in place (default: `stream.isTTY`). */
  readonly tty?: boolean;
  /** Seconds between plain lines when not drawing a bar (default 10). */
  readonly intervalSeconds?: number;
  /** Clock in milliseconds (default `performance.now`). */
  readonly now?: () => number;
}

/** Formats seconds as `1h02m`, `3m05s` or `12s`. *
 * @example
 * ```ts
 * import { formatDuration } from 'lorentz-irreps';
 * console.assert(formatDuration(75) === '1m15s' && formatDuration(3725) === '1h02m' && formatDuration(9) === '9s');
 * ```
 */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '?';
  const s = Math.round(seconds);
  if (s >= 3600) return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
  if (s >= 60) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${s}s`;
}

/** Formats a loss with 4 significant digits. *
 * @example
 * ```ts
 * import { formatLoss } from 'lorentz-irreps';
 * console.assert(formatLoss(0.0123456) === '0.01235' && formatLoss(NaN) === 'NaN');
 * ```
 */
export function formatLoss(x: number): string {
  return Number.isFinite(x) ? x.toPrecision(4) : String(x);
}

const rate = (x: number): string => (Number.isFinite(x) ? Math.round(x).toLocaleString('en-US') : '?');

/**
 * A {@link TrainProgress} that writes to a stream (normally `process.stderr`). On a terminal it
 * redraws one line `epoch 3/20 [#####-----] 50% loss 1.234e-3 5,120 jets/s ETA 1m12s` (at most
 * ten times a second); elsewhere it writes such a line every `intervalSeconds`. Each finished
 * epoch gets its own line with the training and validation loss; notes get a line each.
 *
 * @param stream - the output stream.
 * @param options - tty override, interval of plain lines, clock.
 * @throws {@link ConfigError} for a stream without `write` or a bad interval.
 *
 * @example
 * ```ts
 * import { streamProgress } from 'lorentz-irreps';
 * let text = '';
 * const progress = streamProgress({ write: (s: string) => (text += s) }, { tty: false });
 * progress.epoch!({ epoch: 1, trainLoss: 0.5, valLoss: 0.25, best: true, seconds: 2, jetsPerSecond: 1000 }, 10);
 * console.assert(text === 'epoch 1/10  train 0.5000  val 0.2500 (best)  2s  1,000 jets/s\n');
 * ```
 */
export function streamProgress(stream: ProgressStream, options: StreamProgressOptions = {}): TrainProgress {
  if (stream === null || typeof stream !== 'object' || typeof stream.write !== 'function') {
    throw new ConfigError(invalid('streamProgress', 'stream', 'a stream with a write method', stream));
  }
  const tty = options.tty ?? stream.isTTY === true;
  const interval = options.intervalSeconds ?? 10;
  if (!(interval >= 0 && Number.isFinite(interval))) throw new ConfigError(invalid('streamProgress', 'options.intervalSeconds', 'a finite number >= 0', interval));
  const now = options.now ?? (() => performance.now());
  let last = -Infinity;
  let drawn = false;
  const clear = () => {
    if (drawn) stream.write('\r\x1b[2K');
    drawn = false;
  };
  return {
    start(info) {
      const from = info.resumed ? ` (resuming at epoch ${info.epochsDone + 1}, batch ${info.batchesDone + 1})` : '';
      stream.write(`training on ${info.trainJets} jets, validating on ${info.valJets}, ${info.batchesPerEpoch} batches per epoch${from}\n`);
    },
    batch(b) {
      const t = now();
      const lastBatch = b.batch === b.batchesPerEpoch;
      if (tty) {
        if (t - last < 100 && !lastBatch) return;
        last = t;
        const width = Math.max(10, Math.min(30, (stream.columns ?? 100) - 70));
        const filled = Math.round((width * b.batch) / b.batchesPerEpoch);
        const pct = Math.floor((100 * b.batch) / b.batchesPerEpoch);
        stream.write(
          `\r\x1b[2Kepoch ${b.epoch}/${b.epochs} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${String(pct).padStart(3)}% loss ${formatLoss(b.loss)} ${rate(b.jetsPerSecond)} jets/s ETA ${formatDuration(b.etaSeconds)}`,
        );
        drawn = true;
        return;
      }
      if (t - last < interval * 1000) return;
      last = t;
      stream.write(
        `epoch ${b.epoch}/${b.epochs} batch ${b.batch}/${b.batchesPerEpoch} loss ${formatLoss(b.loss)} ${rate(b.jetsPerSecond)} jets/s ETA ${formatDuration(b.etaSeconds)}\n`,
      );
    },
    epoch(r, epochs) {
      clear();
      stream.write(
        `epoch ${r.epoch}/${epochs}  train ${formatLoss(r.trainLoss)}  val ${formatLoss(r.valLoss)}${r.best ? ' (best)' : ''}  ${formatDuration(r.seconds)}  ${rate(r.jetsPerSecond)} jets/s\n`,
      );
    },
    note(text) {
      clear();
      stream.write(`${text}\n`);
    },
  };
}

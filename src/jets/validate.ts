/**
 * Value checks shared by the loaders (internal): every rejected value names the file, the
 * dataset, and where in it the value sits.
 *
 * @packageDocumentation
 */
import { DataError, IndexError, invalid } from '../errors';

/** Names a position inside a dataset: `row 12, particle 3, feature 1`. */
export function position(row: number, shape: readonly number[], flat: number, labels: readonly string[]): string {
  const parts: string[] = [`row ${row}`];
  let rest = flat;
  const inner = shape.slice(1);
  const strides = inner.map((_, k) => inner.slice(k + 1).reduce((a, b) => a * b, 1));
  inner.forEach((_, k) => {
    const idx = Math.floor(rest / strides[k]);
    rest -= idx * strides[k];
    parts.push(`${labels[k] ?? `index ${k + 1}`} ${idx}`);
  });
  return parts.join(', ');
}

/**
 * Throws a {@link DataError} for the first non-finite value of a block of rows of a dataset.
 *
 * @param values - rows `rowOffset ...` of the dataset, flattened.
 * @param shape - the dataset's shape (rows first).
 * @param labels - names of the inner axes, for the message (`particle`, `feature`).
 */
export function assertFiniteRows(
  fn: string,
  file: string,
  dataset: string,
  values: ArrayLike<number>,
  shape: readonly number[],
  rowOffset: number,
  labels: readonly string[],
): void {
  const rowSize = shape.slice(1).reduce((a, b) => a * b, 1);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) {
      const row = rowOffset + Math.floor(i / rowSize);
      throw new DataError(
        invalid(fn, 'path', `a file whose dataset \`${dataset}\` holds finite values; at ${position(row, shape, i % rowSize, labels)} it holds ${v}`, file),
      );
    }
  }
}

/** Throws a {@link DataError} naming the file, the dataset and the row. */
export function rowError(fn: string, file: string, dataset: string, rule: string): DataError {
  return new DataError(invalid(fn, 'path', `a file whose dataset \`${dataset}\` holds ${rule}`, file));
}

/** Resolves and checks a `[start, end)` row range against `rows` (defaults: the whole range). */
export function rowRange(fn: string, rows: number, start: number | undefined, end: number | undefined): [number, number] {
  const s = start ?? 0;
  const e = end ?? rows;
  if (!Number.isInteger(s) || s < 0 || s > rows) {
    throw new IndexError(invalid(fn, 'start', `an integer in [0, ${rows}]`, start));
  }
  if (!Number.isInteger(e) || e < s || e > rows) {
    throw new IndexError(invalid(fn, 'end', `an integer in [${s}, ${rows}]`, end));
  }
  return [s, e];
}

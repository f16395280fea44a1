/**
 * The linear sum assignment problem, solved by the Jonker-Volgenant shortest augmenting path
 * method in the form of D. F. Crouse, "On implementing 2D rectangular assignment algorithms",
 * IEEE Trans. Aerosp. Electron. Syst. 52 (2016) 1679 (the method of SciPy's
 * `linear_sum_assignment`): one Dijkstra-like search per row on reduced costs, with dual
 * potentials u, v kept so that reduced costs stay non-negative. O(n^2 m) for n <= m.
 *
 * @packageDocumentation
 */
import { DataError, ShapeError, invalid } from '../errors';

/** An optimal assignment: row rowInd[k] is matched to column colInd[k]. */
export interface Assignment {
  /** Matched rows, ascending; min(n, m) entries. */
  readonly rowInd: Int32Array;
  /** The column matched to each row of rowInd. */
  readonly colInd: Int32Array;
  /** Total cost sum_k cost[rowInd[k]][colInd[k]]. */
  readonly cost: number;
}

/**
 * Solves min over injective matchings of sum_k cost[r_k][c_k] for a dense n x m cost matrix
 * (rectangular allowed: min(n, m) pairs are matched, every row if n <= m, every column if n > m).
 *
 * @param cost - n rows of m finite numbers (`number[][]` or typed rows).
 * @returns the matched rows (ascending), their columns, and the total cost. Among several optima
 * one is returned.
 * @throws {@link ShapeError} for ragged rows; {@link DataError} for non-finite costs.
 *
 * @example
 * ```ts
 * import { linearSumAssignment } from 'lorentz-irreps';
 * const { rowInd, colInd, cost } = linearSumAssignment([[4, 1, 3], [2, 0, 5], [3, 2, 2]]);
 * console.assert(cost === 5 && rowInd.join() === '0,1,2' && colInd.join() === '1,0,2');
 * const wide = linearSumAssignment([[1, 0, 5], [0, 1, 5]]); // 2 x 3: column 2 stays unmatched
 * console.assert(wide.cost === 0 && wide.colInd.join() === '1,0');
 * ```
 */
export function linearSumAssignment(cost: ReadonlyArray<ArrayLike<number>>): Assignment {
  const fn = 'linearSumAssignment';
  if (!Array.isArray(cost)) throw new ShapeError(invalid(fn, 'cost', 'an array of rows (n x m numbers)', cost));
  const n = cost.length;
  const m = n > 0 ? (cost[0]?.length ?? 0) : 0;
  for (let i = 0; i < n; i++) {
    const row = cost[i];
    if (row === null || typeof row !== 'object' || row.length !== m) {
      throw new ShapeError(invalid(fn, `cost[${i}]`, `a row of ${m} numbers, like cost[0]`, row));
    }
    for (let j = 0; j < m; j++) {
      if (!Number.isFinite(row[j])) throw new DataError(invalid(fn, `cost[${i}][${j}]`, 'a finite number', row[j]));
    }
  }
  if (n === 0 || m === 0) return { rowInd: new Int32Array(0), colInd: new Int32Array(0), cost: 0 };
  const transpose = n > m;
  const nr = transpose ? m : n;
  const nc = transpose ? n : m;
  const c = new Float64Array(nr * nc);
  for (let i = 0; i < n; i++) for (let j = 0; j < m; j++) c[transpose ? j * nc + i : i * nc + j] = cost[i][j];
  const col4row = solve(c, nr, nc);
  const pairs: Array<[number, number]> = [];
  for (let i = 0; i < nr; i++) pairs.push(transpose ? [col4row[i], i] : [i, col4row[i]]);
  pairs.sort((x, y) => x[0] - y[0]);
  let total = 0;
  for (const [r, col] of pairs) total += cost[r][col];
  return { rowInd: Int32Array.from(pairs, (p) => p[0]), colInd: Int32Array.from(pairs, (p) => p[1]), cost: total };
}

/** Shortest augmenting paths on an nr x nc matrix with nr <= nc; returns the column of each row. */
function solve(c: Float64Array, nr: number, nc: number): Int32Array {
  const u = new Float64Array(nr);
  const v = new Float64Array(nc);
  const shortest = new Float64Array(nc);
  const path = new Int32Array(nc).fill(-1);
  const col4row = new Int32Array(nr).fill(-1);
  const row4col = new Int32Array(nc).fill(-1);
  const inRows = new Uint8Array(nr);
  const inCols = new Uint8Array(nc);
  const remaining = new Int32Array(nc);
  for (let cur = 0; cur < nr; cur++) {
    // Dijkstra on reduced costs from row `cur` until a free column is reached.
    let minVal = 0;
    let i = cur;
    let numRemaining = nc;
    for (let it = 0; it < nc; it++) remaining[it] = nc - it - 1;
    inRows.fill(0);
    inCols.fill(0);
    shortest.fill(Infinity);
    let sink = -1;
    while (sink === -1) {
      let index = -1;
      let lowest = Infinity;
      inRows[i] = 1;
      for (let it = 0; it < numRemaining; it++) {
        const j = remaining[it];
        const r = minVal + c[i * nc + j] - u[i] - v[j];
        if (r < shortest[j]) {
          path[j] = i;
          shortest[j] = r;
        }
        if (shortest[j] < lowest || (shortest[j] === lowest && row4col[j] === -1)) {
          lowest = shortest[j];
          index = it;
        }
      }
      minVal = lowest;
      const j = remaining[index];
      if (row4col[j] === -1) sink = j;
      else i = row4col[j];
      inCols[j] = 1;
      remaining[index] = remaining[--numRemaining];
    }
    // Update the dual potentials.
    u[cur] += minVal;
    for (let r = 0; r < nr; r++) if (inRows[r] && r !== cur) u[r] += minVal - shortest[col4row[r]];
    for (let j = 0; j < nc; j++) if (inCols[j]) v[j] -= minVal - shortest[j];
    // Augment along the path back to `cur`.
    let j = sink;
    for (;;) {
      const r = path[j];
      row4col[j] = r;
      const prev = col4row[r];
      col4row[r] = j;
      j = prev;
      if (r === cur) break;
    }
  }
  return col4row;
}

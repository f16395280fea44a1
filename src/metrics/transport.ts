/**
 * The balanced transportation problem, solved exactly by the transportation simplex (the network
 * simplex on the complete bipartite graph, with u-v potentials; Dantzig, "Linear Programming and
 * Extensions", 1963, ch. 15): minimize sum_ij c_ij f_ij subject to f_ij >= 0,
 * sum_j f_ij = s_i and sum_i f_ij = d_j, with sum_i s_i = sum_j d_j.
 *
 * Internal: the energy mover's distance builds its balanced problem and calls this.
 *
 * @packageDocumentation
 */
import { NumericsError, invalid } from '../errors';

/** An optimal flow and its cost. */
export interface TransportSolution {
  /** Optimal total cost sum_ij c_ij f_ij. */
  readonly cost: number;
  /** n*m flows, row-major (flow[i*m + j] from source i to sink j). */
  readonly flow: Float64Array;
}

/**
 * The basis of the simplex: n + m - 1 basic cells forming a spanning tree over the n row nodes
 * 0..n-1 and the m column nodes n..n+m-1 (cell k = i*m + j joins node i and node n + j).
 */
class BasisTree {
  readonly basic: Uint8Array;
  private readonly adjacency: number[][];
  private readonly queue: Int32Array;
  private readonly seen: Uint8Array;
  private readonly parentCell: Int32Array;
  private readonly parentNode: Int32Array;

  constructor(
    readonly n: number,
    readonly m: number,
  ) {
    const nodes = n + m;
    this.basic = new Uint8Array(n * m);
    this.adjacency = Array.from({ length: nodes }, () => []);
    this.queue = new Int32Array(nodes);
    this.seen = new Uint8Array(nodes);
    this.parentCell = new Int32Array(nodes);
    this.parentNode = new Int32Array(nodes);
  }

  /** Rebuilds the adjacency lists from `basic`. */
  private link(): void {
    const { n, m } = this;
    for (const list of this.adjacency) list.length = 0;
    for (let k = 0; k < n * m; k++) {
      if (!this.basic[k]) continue;
      this.adjacency[Math.floor(k / m)].push(k);
      this.adjacency[n + (k % m)].push(k);
    }
  }

  /** Potentials with u_0 = 0 and u_i + v_j = c_ij on every basic cell; throws if the basis is not a spanning tree. */
  potentials(cost: Float64Array, u: Float64Array, v: Float64Array): void {
    const { n, m, queue, seen } = this;
    this.link();
    seen.fill(0);
    let head = 0;
    let tail = 0;
    queue[tail++] = 0;
    seen[0] = 1;
    u[0] = 0;
    while (head < tail) {
      const a = queue[head++];
      for (const k of this.adjacency[a]) {
        const i = Math.floor(k / m);
        const j = k % m;
        if (a < n && !seen[n + j]) {
          v[j] = cost[k] - u[i];
          seen[n + j] = 1;
          queue[tail++] = n + j;
        } else if (a >= n && !seen[i]) {
          u[i] = cost[k] - v[j];
          seen[i] = 1;
          queue[tail++] = i;
        }
      }
    }
    if (tail !== n + m) {
      throw new NumericsError(invalid('solveTransport', 'basis', 'a spanning tree of the rows and columns', `${tail} of ${n + m} nodes reached`));
    }
  }

  /**
   * The cycle closed by non-basic cell `enter`: the tree path from its column back to its row,
   * split into the cells that lose flow (first, third, ...) and those that gain it.
   */
  cycle(enter: number): { minus: number[]; plus: number[] } {
    const { n, m, queue, seen, parentCell, parentNode } = this;
    const row = Math.floor(enter / m);
    const col = n + (enter % m);
    seen.fill(0);
    let head = 0;
    let tail = 0;
    queue[tail++] = row;
    seen[row] = 1;
    while (head < tail && !seen[col]) {
      const a = queue[head++];
      for (const k of this.adjacency[a]) {
        const b = a < n ? n + (k % m) : Math.floor(k / m);
        if (seen[b]) continue;
        seen[b] = 1;
        parentCell[b] = k;
        parentNode[b] = a;
        queue[tail++] = b;
      }
    }
    const minus: number[] = [];
    const plus: number[] = [];
    for (let b = col, sign = -1; b !== row; b = parentNode[b], sign = -sign) (sign < 0 ? minus : plus).push(parentCell[b]);
    return { minus, plus };
  }
}

/**
 * Solves a balanced transportation problem with n supplies, m demands and an n*m row-major cost.
 * Supplies and demands must be non-negative with equal sums (a rounding-level difference is left
 * unshipped). Starts from the least-cost (matrix minimum) basic solution, which already ships
 * every exact zero-cost match in full; then enters the most negative reduced cost, switching to
 * Bland's smallest-index rule after a run of degenerate pivots so that it cannot cycle.
 */
export function solveTransport(supply: ArrayLike<number>, demand: ArrayLike<number>, cost: Float64Array): TransportSolution {
  const n = supply.length;
  const m = demand.length;
  const flow = new Float64Array(n * m);
  if (n === 0 || m === 0) return { cost: 0, flow };
  const tree = new BasisTree(n, m);
  const { basic } = tree;
  leastCostStart(supply, demand, cost, flow, basic);
  let maxCost = 0;
  for (let k = 0; k < n * m; k++) maxCost = Math.max(maxCost, Math.abs(cost[k]));
  const tol = 1e-12 * (1 + maxCost);
  const u = new Float64Array(n);
  const v = new Float64Array(m);
  const maxIterations = 50 * (n * m + n + m) + 1000;
  let degenerateRun = 0;
  for (let iter = 0; ; iter++) {
    if (iter > maxIterations) {
      throw new NumericsError(invalid('solveTransport', 'cost', 'a problem the simplex solves within its iteration limit', maxIterations));
    }
    tree.potentials(cost, u, v);
    // Entering cell: most negative reduced cost, or (Bland) the first negative one.
    const bland = degenerateRun > n + m;
    let enter = -1;
    let best = -tol;
    for (let k = 0; k < n * m && !(bland && enter >= 0); k++) {
      if (basic[k]) continue;
      const r = cost[k] - u[Math.floor(k / m)] - v[k % m];
      if (r < best) {
        best = r;
        enter = k;
      }
    }
    if (enter < 0) break;
    // Leaving cell: the losing cell of least flow (smallest index among ties).
    const { minus, plus } = tree.cycle(enter);
    let theta = Infinity;
    let leave = -1;
    for (const k of minus) {
      if (flow[k] < theta || (flow[k] === theta && k < leave)) {
        theta = flow[k];
        leave = k;
      }
    }
    theta = Math.max(theta, 0);
    for (const k of minus) flow[k] -= theta;
    for (const k of plus) flow[k] += theta;
    flow[enter] = theta;
    flow[leave] = 0;
    basic[leave] = 0;
    basic[enter] = 1;
    degenerateRun = theta === 0 ? degenerateRun + 1 : 0;
  }
  let total = 0;
  for (let k = 0; k < n * m; k++) {
    if (flow[k] < 0) flow[k] = 0;
    total += flow[k] * cost[k];
  }
  return { cost: total, flow };
}

/**
 * Least-cost (matrix minimum) starting solution: cells in increasing cost each ship
 * min(remaining supply, remaining demand) and cross out exactly one exhausted line (both at the
 * very last cell), giving n + m - 1 basic cells that form a spanning tree, some at zero flow.
 */
function leastCostStart(supply: ArrayLike<number>, demand: ArrayLike<number>, cost: Float64Array, flow: Float64Array, basic: Uint8Array): void {
  const n = supply.length;
  const m = demand.length;
  const s = Float64Array.from(supply);
  const d = Float64Array.from(demand);
  const rowOpen = new Uint8Array(n).fill(1);
  const colOpen = new Uint8Array(m).fill(1);
  let rows = n;
  let cols = m;
  const order = Array.from({ length: n * m }, (_, k) => k).sort((x, y) => cost[x] - cost[y] || x - y);
  for (const k of order) {
    const i = Math.floor(k / m);
    const j = k % m;
    if (!rowOpen[i] || !colOpen[j]) continue;
    const x = Math.max(0, Math.min(s[i], d[j]));
    flow[k] = x;
    basic[k] = 1;
    s[i] -= x;
    d[j] -= x;
    if (rows === 1 && cols === 1) return;
    if ((s[i] <= d[j] && rows > 1) || cols === 1) {
      rowOpen[i] = 0;
      rows--;
    } else {
      colOpen[j] = 0;
      cols--;
    }
  }
}

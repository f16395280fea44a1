/**
 * Clebsch-Gordan benchmark: cold construction of every exact table, and float throughput of
 * cgDecompose.
 *
 *   npm run bench:cg            human-readable tables
 *   npm run bench:cg -- --json  the same, and as the last line one JSON object
 *
 * Cold tables: a fresh Node process (so every cache is empty) calls the public `cgCoefficients`
 * for every pair of irreps with m, n <= 2 and every output irrep of their product (625 pairs, 3025
 * tables, canonical basis). That computes the exact value sign*sqrt(p/q) of every coefficient; the
 * library keeps canonical tables as blocks <l1 mu1; l2 mu2 | l mu> R (block values shared between
 * tables) and lists a table's entries only when they are first asked for. The child then times,
 * separately and in this order: listing every table as sorted sparse float arrays
 * (`cgSparseTable`), turning all entries into frozen `{i1, i2, i, value}` objects (`entries`), and
 * the same tables in the product basis. It checks that the squares of all coefficients add up to
 * the number of output components (orthonormal columns), so nothing can be skipped. The cold run
 * is repeated in COLD_RUNS fresh processes and the medians are reported, with the CPU time of the
 * build and the load average (the machine is shared).
 *
 * Throughput: one multiply-add is one table entry applied to one batch row (a complex product
 * x1[i1] x2[i2], formed once per input pair, scaled by the real coefficient and added to the
 * output: 2 real multiply-adds). Each rate is from the fastest of repeated runs after a warm-up
 * (the machine is shared, so the fastest run is the least disturbed). Each case is timed writing
 * into a preallocated output (`options.out`: the kernel's rate, reported as decomposeMulAddsPerSec
 * for (1,1) x (1,1) at the largest batch) and allocating a fresh output per call (the default;
 * large outputs then cost fresh memory on every call). Results are compared with a plain dense loop
 * over the sparse tables on the first and last batch rows, and a wrong result fails the run (exit
 * code 1).
 */
import { spawnSync } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { LorentzIrrep, cgCoefficients, cgDecompose, cgSparseTable } from '../src/index';
import { Random } from '../src/util/random';

const COLD_RUNS = 5;
const TARGET_SECONDS = 0.4;
const json = process.argv.includes('--json');

/** All irreps (m, n) with m, n <= max. */
function irrepsUpTo(max: number): LorentzIrrep[] {
  const out: LorentzIrrep[] = [];
  for (let k = 0; k <= 2 * max; k++) for (let n = 0; n <= 2 * max; n++) out.push(LorentzIrrep.fromDoubled(k, n));
  return out;
}

interface ColdResult {
  tables: number;
  entries: number;
  coldTablesMs: number;
  /** CPU time of the process (all its threads, garbage collection included) during the same build. */
  coldTablesCpuMs: number;
  /** Listing every table's entries as sorted sparse arrays (cgSparseTable), after the build. */
  expandMs: number;
  entriesMs: number;
  productTablesMs: number;
}

/** Runs in the fresh child process: builds everything once and prints one JSON line. */
function coldChild(): void {
  const irreps = irrepsUpTo(2);
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const tables = [];
  for (const a of irreps) for (const b of irreps) for (const c of a.times(b)) tables.push(cgCoefficients(a, b, c));
  const coldTablesMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const coldTablesCpuMs = (cpu.user + cpu.system) / 1e3;

  // Expand every table to its sorted sparse entry list (floats from the exact values).
  const t1 = performance.now();
  let sparseSquares = 0;
  let components = 0;
  for (const h of tables) {
    const [a, b, c] = h.irreps;
    for (const v of cgSparseTable(a, b, c).values) sparseSquares += v * v;
    components += h.shape[2];
  }
  const expandMs = performance.now() - t1;

  const t2 = performance.now();
  let entries = 0;
  let squares = 0;
  for (const h of tables) {
    for (const e of h.entries) {
      const x = e.value.toNumber();
      squares += x * x;
    }
    entries += h.entries.length;
  }
  const entriesMs = performance.now() - t2;

  const t3 = performance.now();
  let productSquares = 0;
  for (const a of irreps) for (const b of irreps) for (const c of a.times(b)) {
    for (const v of cgSparseTable(a, b, c, 'product').values) productSquares += v * v;
  }
  const productTablesMs = performance.now() - t3;

  const check = (name: string, got: number) => {
    if (Math.abs(got - components) > 1e-9 * components) throw new Error(`${name}: sum of squares ${got}, expected ${components}`);
  };
  check('canonical sparse', sparseSquares);
  check('canonical exact', squares);
  check('product', productSquares);
  const result: ColdResult = { tables: tables.length, entries, coldTablesMs, coldTablesCpuMs, expandMs, entriesMs, productTablesMs };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

function coldRuns(): ColdResult[] {
  const self = fileURLToPath(import.meta.url);
  const out: ColdResult[] = [];
  for (let r = 0; r < COLD_RUNS; r++) {
    const child = spawnSync(process.execPath, [...process.execArgv, self, '--cold-child'], { encoding: 'utf8' });
    if (child.status !== 0) throw new Error(`cold run failed:\n${child.stderr}`);
    const lines = child.stdout.trim().split('\n');
    out.push(JSON.parse(lines[lines.length - 1]) as ColdResult);
  }
  return out;
}

/**
 * Seconds of the fastest of as many repetitions of `run` as fit in TARGET_SECONDS (at least 5),
 * after one warm-up call. On a shared machine the fastest run is the least disturbed one.
 */
function time(run: () => void): number {
  const t0 = performance.now();
  run();
  const first = (performance.now() - t0) / 1e3;
  const reps = Math.max(5, Math.min(200, Math.floor(TARGET_SECONDS / Math.max(first, 1e-6))));
  let best = Number.POSITIVE_INFINITY;
  for (let r = 0; r < reps; r++) {
    const t = performance.now();
    run();
    best = Math.min(best, (performance.now() - t) / 1e3);
  }
  return best;
}

interface ThroughputRow {
  case: string;
  batch: number;
  entries: number;
  /** Writing into a preallocated output (options.out): the kernel's rate. */
  mulAddsPerSec: number;
  /** Allocating a fresh output on every call (the default). */
  allocatingMulAddsPerSec: number;
}

/** Output row n of the decomposition by a plain loop over the sparse tables (the check). */
function plainRow(x1: { re: Float64Array; im: Float64Array }, x2: { re: Float64Array; im: Float64Array }, a: LorentzIrrep, b: LorentzIrrep, outs: LorentzIrrep[], n: number) {
  const total = outs.reduce((s, c) => s + c.dim, 0);
  const re = new Float64Array(total);
  const im = new Float64Array(total);
  let offset = 0;
  for (const c of outs) {
    const t = cgSparseTable(a, b, c);
    for (let k = 0; k < t.values.length; k++) {
      const p = n * a.dim + t.i1[k];
      const q = n * b.dim + t.i2[k];
      re[offset + t.i[k]] += t.values[k] * (x1.re[p] * x2.re[q] - x1.im[p] * x2.im[q]);
      im[offset + t.i[k]] += t.values[k] * (x1.re[p] * x2.im[q] + x1.im[p] * x2.re[q]);
    }
    offset += c.dim;
  }
  return { re, im, total };
}

function throughput(): ThroughputRow[] {
  const rng = new Random(20240918);
  const cases: [string, string, number[]][] = [
    ['(1/2,1/2)', '(1/2,1/2)', [256, 4096, 65536]],
    ['(1,1)', '(1,1)', [64, 1024, 8192]],
    ['(2,2)', '(1/2,1/2)', [64, 1024]],
    ['(2,2)', '(2,2)', [4, 32]],
  ];
  const rows: ThroughputRow[] = [];
  for (const [ta, tb, batches] of cases) {
    const a = LorentzIrrep.parse(ta);
    const b = LorentzIrrep.parse(tb);
    const outs = a.times(b);
    const entries = outs.reduce((s, c) => s + cgSparseTable(a, b, c).values.length, 0);
    for (const batch of batches) {
      const draw = (n: number) => ({ re: Float64Array.from({ length: n }, () => rng.uniformIn(-1, 1)), im: Float64Array.from({ length: n }, () => rng.uniformIn(-1, 1)) });
      const x1 = draw(batch * a.dim);
      const x2 = draw(batch * b.dim);
      let out = cgDecompose(x1, a, x2, b, outs);
      const allocating = time(() => {
        out = cgDecompose(x1, a, x2, b, outs);
      });
      const into = { re: new Float64Array(out.re.length), im: new Float64Array(out.im.length) };
      const seconds = time(() => {
        out = cgDecompose(x1, a, x2, b, outs, { out: into });
      });
      for (const n of [0, batch - 1]) {
        const ref = plainRow(x1, x2, a, b, outs, n);
        for (let k = 0; k < ref.total; k++) {
          const e = Math.abs(out.re[n * ref.total + k] - ref.re[k]) + Math.abs(out.im[n * ref.total + k] - ref.im[k]);
          if (!(e < 1e-10)) throw new Error(`cgDecompose ${a} x ${b} batch ${batch}: row ${n} differs from the plain loop by ${e}`);
        }
      }
      rows.push({
        case: `${a} x ${b} -> all ${outs.length}`,
        batch,
        entries,
        mulAddsPerSec: (entries * batch) / seconds,
        allocatingMulAddsPerSec: (entries * batch) / allocating,
      });
    }
  }
  return rows;
}

function main(): void {
  const cold = coldRuns();
  const pick = (f: (r: ColdResult) => number) => median(cold.map(f));
  const lines: string[] = [];
  lines.push(`Clebsch-Gordan benchmark (${cpus().length} CPUs, Node ${process.version})`);
  lines.push('');
  lines.push(`Cold exact tables, m, n <= 2: ${cold[0].tables} tables, ${cold[0].entries} non-zero entries, median of ${COLD_RUNS} fresh processes`);
  lines.push(`  canonical basis, every exact value       ${pick((r) => r.coldTablesMs).toFixed(0).padStart(7)} ms   (runs: ${cold.map((r) => r.coldTablesMs.toFixed(0)).join(', ')})`);
  lines.push(`    CPU time of those builds               ${pick((r) => r.coldTablesCpuMs).toFixed(0).padStart(7)} ms   (load average ${loadavg()[0].toFixed(1)} on ${cpus().length} CPUs)`);
  lines.push(`  then every table as a sparse list         ${pick((r) => r.expandMs).toFixed(0).padStart(7)} ms   (cgSparseTable, floats)`);
  lines.push(`  then all entries as frozen objects       ${pick((r) => r.entriesMs).toFixed(0).padStart(7)} ms   (cgCoefficients(...).entries)`);
  lines.push(`  product basis, exact values as lists     ${pick((r) => r.productTablesMs).toFixed(0).padStart(7)} ms`);
  lines.push('');
  const rows = throughput();
  lines.push('cgDecompose throughput, million multiply-adds per second, fastest run (one = one table entry on one batch row)');
  lines.push(`  ${'case'.padEnd(36)} ${'batch'.padStart(7)} ${'entries'.padStart(8)} ${'into out'.padStart(10)} ${'allocating'.padStart(11)}`);
  for (const r of rows) {
    const rate = (x: number, width: number) => (x / 1e6).toFixed(1).padStart(width);
    lines.push(`  ${r.case.padEnd(36)} ${String(r.batch).padStart(7)} ${String(r.entries).padStart(8)} ${rate(r.mulAddsPerSec, 10)} ${rate(r.allocatingMulAddsPerSec, 11)}`);
  }
  process.stdout.write(`${lines.join('\n')}\n`);
  if (json) {
    // Headline rate: (1,1) x (1,1) into all its outputs at the largest batch.
    const headline = rows.filter((r) => r.case.startsWith('(1,1) x (1,1)')).at(-1) as ThroughputRow;
    const summary = {
      coldTablesMs: Math.round(pick((r) => r.coldTablesMs)),
      coldTablesMsRuns: cold.map((r) => Math.round(r.coldTablesMs)),
      coldTablesCpuMs: Math.round(pick((r) => r.coldTablesCpuMs)),
      loadAverage: Number(loadavg()[0].toFixed(2)),
      coldExpandSparseMs: Math.round(pick((r) => r.expandMs)),
      coldEntriesObjectsMs: Math.round(pick((r) => r.entriesMs)),
      coldProductTablesMs: Math.round(pick((r) => r.productTablesMs)),
      tables: cold[0].tables,
      entries: cold[0].entries,
      decomposeMulAddsPerSec: Math.round(headline.mulAddsPerSec),
      decomposeAllocatingMulAddsPerSec: Math.round(headline.allocatingMulAddsPerSec),
      decomposeCase: `${headline.case}, batch ${headline.batch}, into a preallocated output`,
      throughput: rows.map((r) => ({
        case: r.case,
        batch: r.batch,
        mulAddsPerSec: Math.round(r.mulAddsPerSec),
        allocatingMulAddsPerSec: Math.round(r.allocatingMulAddsPerSec),
      })),
    };
    process.stdout.write(`${JSON.stringify(summary)}\n`);
  }
}

if (process.argv.includes('--cold-child')) coldChild();
else main();

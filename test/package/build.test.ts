/**
 * The published entry points, as built by tsup, load in ESM and CommonJS and share one engine:
 * a tensor made through `lorentz-irreps` is a live tensor for `lorentz-irreps/testing`. Training
 * on worker threads works from the build too: tsup builds the worker entry beside the chunks
 * (`dist/parallel-worker.js` and `.cjs`), and the ES module and CommonJS builds each start their
 * own, train as with one thread, and leave no thread running (the scripts exit). One build serves
 * every test here.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = resolve(fileURLToPath(new URL('../..', import.meta.url)));
let outDir = '';

beforeAll(() => {
  outDir = mkdtempSync(join(tmpdir(), 'lorentz-irreps-build-'));
  execFileSync(process.execPath, [join(root, 'node_modules', 'tsup', 'dist', 'cli-default.js'), '--no-dts', '--out-dir', join(outDir, 'dist')], {
    cwd: root,
    stdio: 'pipe',
  });
  // A package.json beside dist/ so that .js files load as ES modules, as in the published package.
  cpSync(join(root, 'package.json'), join(outDir, 'package.json'));
  // The jet sample the package ships.
  cpSync(join(root, 'data', 'sample'), join(outDir, 'data', 'sample'), { recursive: true });
  // Its dependencies, as an installed package would find them.
  symlinkSync(join(root, 'node_modules'), join(outDir, 'node_modules'), 'dir');
}, 180_000);

afterAll(() => {
  if (outDir) rmSync(outDir, { recursive: true, force: true });
});

function runNode(file: string, code: string, timeout?: number): string {
  const path = join(outDir, file);
  writeFileSync(path, code);
  return execFileSync(process.execPath, [path], { cwd: outDir, encoding: 'utf8', ...(timeout !== undefined ? { timeout } : {}) }).trim();
}

const check = (load: string) => `${load}
const t = li.tensor([1, 2, 3]);
const { passed } = lt.gradcheck((x) => li.sum(li.mul(x, x)), [t]);
const table = li.cgCoefficients(li.LorentzIrrep.of(0.5, 0.5), li.LorentzIrrep.of(0.5, 0.5), li.LorentzIrrep.of(0, 0));
console.log(JSON.stringify({ passed, entries: table.entries.length, gpu: typeof lg.gpuCapabilities }));
`;

describe('the built package', () => {
  it('loads as ES modules with one engine shared by the main and testing entry points', () => {
    const out = runNode(
      'esm-check.mjs',
      check(`import * as li from './dist/index.js'; import * as lt from './dist/testing.js'; import * as lg from './dist/gpu.js';`),
    );
    expect(JSON.parse(out)).toEqual({ passed: true, entries: 4, gpu: 'function' });
  });

  it('loads as CommonJS with one engine shared by the main and testing entry points', () => {
    const out = runNode(
      'cjs-check.cjs',
      check(`const li = require('./dist/index.cjs'); const lt = require('./dist/testing.cjs'); const lg = require('./dist/gpu.cjs');`),
    );
    expect(JSON.parse(out)).toEqual({ passed: true, entries: 4, gpu: 'function' });
  });

  it('reads the shipped HDF5 jet sample from both builds (h5wasm is an ES module only)', () => {
    const read = `li.loadJetNetSample(['t']).then((s) => console.log(s.t.numJets, s.t.particleFeatures.length));`;
    const expected = `1000 ${1000 * 30 * 4}`;
    expect(runNode('esm-hdf5.mjs', `import * as li from './dist/index.js';\n${read}`)).toBe(expected);
    expect(runNode('cjs-hdf5.cjs', `const li = require('./dist/index.cjs');\n${read}`)).toBe(expected);
  });
});

/** Runs the built command line `dist/cli.js` with `args`: its exit code, stdout and stderr. */
function runCli(args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [join(outDir, 'dist', 'cli.js'), ...args], { cwd: outDir, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('the built command line (dist/cli.js)', () => {
  it('is built', () => {
    expect(existsSync(join(outDir, 'dist', 'cli.js'))).toBe(true);
  });

  it('prints the package version for --version and exits 0', () => {
    const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
    expect(runCli(['--version'])).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
  });

  it('prints the usage with its commands for help and exits 0', () => {
    const r = runCli(['help']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^Usage: lorentz-irreps <command>/);
    for (const command of ['train', 'eval', 'models', 'help']) expect(r.stdout).toMatch(new RegExp(`^  ${command} +\\S`, 'm'));
    expect(runCli(['--help']).stdout).toBe(r.stdout);
  });

  it('exits with the usage-error code 2 for an unknown command, saying so on stderr', () => {
    const r = runCli(['no-such-command']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('no-such-command');
  });
});

// Trains the LGAE for one epoch of 24 jets in batches of 12 with 1 and 2 threads; prints both
// training losses, then the error of a kind registered only in the main thread.
const workersBody = `
const s = await li.loadJetNetSplits({ dir: li.sampleDataDir(), classes: ['g', 'q'], units: 'TeV', seed: 3, maxJets: 20 });
const data = { train: li.concatJets([s.g.train, s.q.train]), val: li.concatJets([s.g.val, s.q.val]) };
const losses = [];
for (const workers of [1, 2]) {
  const m = li.createModel('lgae', {}, { seed: 1, numParticles: 30, units: 'TeV' });
  const r = await li.trainAutoencoder(m, data, { epochs: 1, batchSize: 12, workers });
  losses.push(r.history[0].trainLoss);
  m.dispose();
}
li.registerModel('main-only', { description: 'x', create: (o, c) => Object.assign(li.createModel('lgae', {}, c), { kind: 'main-only' }) });
const m = li.createModel('main-only', {}, { seed: 1, numParticles: 30, units: 'TeV' });
let error = '';
try { await li.trainAutoencoder(m, data, { epochs: 1, batchSize: 12, workers: 2 }); } catch (e) { error = e.name + ': ' + e.message; }
console.log(JSON.stringify({ losses, error }));
`;

function runWorkers(file: string, code: string): { losses: number[]; error: string } {
  return JSON.parse(runNode(file, code, 120_000)) as { losses: number[]; error: string };
}

function checkWorkers(r: { losses: number[]; error: string }): void {
  expect(r.losses).toHaveLength(2);
  expect(Math.abs(r.losses[1] - r.losses[0]) / r.losses[0]).toBeLessThan(1e-10);
  expect(r.error).toMatch(/^ConfigError: .*model kind 'main-only' is not registered in worker threads/);
}

describe('training on worker threads from the built package', () => {
  it('builds the worker entry for both module formats', () => {
    expect(existsSync(join(outDir, 'dist', 'parallel-worker.js'))).toBe(true);
    expect(existsSync(join(outDir, 'dist', 'parallel-worker.cjs'))).toBe(true);
  });

  it('trains with 2 workers as with 1 from the ES module build, and exits', () => {
    checkWorkers(runWorkers('esm-workers.mjs', `import * as li from './dist/index.js';\n${workersBody}`));
  }, 120_000);

  it('trains with 2 workers as with 1 from the CommonJS build, and exits', () => {
    checkWorkers(runWorkers('cjs-workers.cjs', `const li = require('./dist/index.cjs');\n(async () => {\n${workersBody}\n})();`));
  }, 120_000);
});

/**
 * Training on worker threads from the built package: tsup builds the worker entry beside the
 * chunks (`dist/parallel-worker.js` and `.cjs`), and the ES module and CommonJS builds each start
 * their own, train as with one thread, and leave no thread running (the scripts exit).
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = resolve(fileURLToPath(new URL('../..', import.meta.url)));
let outDir = '';

beforeAll(() => {
  outDir = mkdtempSync(join(tmpdir(), 'lorentz-irreps-parallel-build-'));
  execFileSync(process.execPath, [join(root, 'node_modules', 'tsup', 'dist', 'cli-default.js'), '--no-dts', '--no-sourcemap', '--out-dir', join(outDir, 'dist')], { cwd: root, stdio: 'pipe' });
  cpSync(join(root, 'package.json'), join(outDir, 'package.json'));
  cpSync(join(root, 'data', 'sample'), join(outDir, 'data', 'sample'), { recursive: true });
  symlinkSync(join(root, 'node_modules'), join(outDir, 'node_modules'), 'dir');
}, 180_000);

afterAll(() => {
  if (outDir) rmSync(outDir, { recursive: true, force: true });
});

// Trains the LGAE for one epoch of 24 jets in batches of 12 with 1 and 2 threads; prints both
// training losses, then the error of a kind registered only in the main thread.
const body = `
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

function runNode(file: string, code: string): { losses: number[]; error: string } {
  const path = join(outDir, file);
  writeFileSync(path, code);
  return JSON.parse(execFileSync(process.execPath, [path], { cwd: outDir, encoding: 'utf8', timeout: 120_000 }).trim()) as { losses: number[]; error: string };
}

function check(r: { losses: number[]; error: string }): void {
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
    check(runNode('esm-workers.mjs', `import * as li from './dist/index.js';\n${body}`));
  }, 120_000);

  it('trains with 2 workers as with 1 from the CommonJS build, and exits', () => {
    check(runNode('cjs-workers.cjs', `const li = require('./dist/index.cjs');\n(async () => {\n${body}\n})();`));
  }, 120_000);
});

/**
 * `lorentz-irreps train --workers <n>`: recorded in run.json, may change on --resume, checked, and
 * the --plugin modules reach the worker threads (the model kind below is registered by a plugin).
 */
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { readCheckpoint, readRunConfig } from 'lorentz-irreps';
import { tempDir } from '../train/fixtures';
import { cli } from './helpers';

const root = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const t = tempDir('cli-workers');
const plugin = 'test/train/worker-toy.ts';
const tiny = ['--max-jets', '30', '--epochs', '1', '--batch-size', '8', '--seed', '3', '--loss', 'mse', '--quiet'];

afterAll(() => t.cleanup());

describe('lorentz-irreps train --workers', () => {
  it('documents the option', async () => {
    const h = await cli(['train', '--help']);
    expect(h.stdout).toMatch(/--workers <n> +threads computing gradients.*min\(2, cores\)/);
  });

  it('rejects a number of workers below 1 or not an integer with exit code 2', async () => {
    for (const bad of ['0', '-2', '1.5', 'two']) {
      const r = await cli(['train', 'lgae', '--out', join(t.dir, 'bad'), '--workers', bad]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/`--workers` must be an integer/);
    }
  });

  it('trains a plugin model with 2 workers, records them in run.json, and resumes with another number', () => {
    // a child process: the plugin is imported by path, in the main thread and in the worker thread
    const out = join(t.dir, 'two');
    const run = (args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'train', ...args], { cwd: root, encoding: 'utf8', timeout: 120_000 });
    const r = run(['toy-worker-linear', '--plugin', plugin, '--out', out, '--workers', '2', ...tiny]);
    expect([r.status, r.stderr]).toEqual([0, '']);
    expect(r.stdout).toMatch(/^toy-worker-linear: completed after 1 epochs/);
    expect(readRunConfig(out).train.workers).toBe(2);
    const more = run(['--plugin', plugin, '--out', out, '--resume', '--epochs', '2', '--workers', '1', '--quiet']);
    expect([more.status, more.stderr]).toEqual([0, '']);
    expect(readRunConfig(out).train.workers).toBe(1);
    expect(readCheckpoint(out).state.epochsDone).toBe(2);
    const kept = run(['--plugin', plugin, '--out', out, '--resume', '--epochs', '3', '--quiet']);
    expect(kept.status).toBe(0);
    expect(readRunConfig(out).train.workers).toBe(1);
  }, 120_000);

  it('fails with a clear error when the worker threads do not know the model kind', () => {
    // the kind is registered in the main thread by an --import, not by --plugin
    const out = join(t.dir, 'unknown');
    const r = spawnSync(
      process.execPath,
      ['--import', 'tsx', '--import', './test/train/worker-toy.ts', 'src/cli/main.ts', 'train', 'toy-worker-linear', '--out', out, '--workers', '2', ...tiny],
      { cwd: root, encoding: 'utf8', timeout: 120_000 },
    );
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/model kind 'toy-worker-linear' is not registered in worker threads/);
  }, 120_000);
});

/** `train gnnae --latent N`, the spelling of the paper's comparison, is --latent-size. */
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readRunConfig } from 'lorentz-irreps';
import { tempDir } from '../train/fixtures';
import { cli } from './helpers';

const t = tempDir('gnnae-latent');
afterAll(() => t.cleanup());
const tiny = ['--max-jets', '20', '--epochs', '1', '--batch-size', '8', '--quiet'];

describe('train gnnae --latent', () => {
  it('sets the latent size, and refuses it together with --latent-size', async () => {
    const out = join(t.dir, 'pl');
    const r = await cli(['train', 'gnnae', '--level', 'particle', '--latent', '3', '--node-size', '4', '--message-size', '4', '--hidden-size', '4', '--out', out, ...tiny]);
    expect([r.code, r.stderr]).toEqual([0, '']);
    expect(readRunConfig(out).options).toMatchObject({ level: 'particle', latentSize: 3 });
    const both = await cli(['train', 'gnnae', '--latent', '3', '--latent-size', '4', '--out', join(t.dir, 'both'), ...tiny]);
    expect([both.code, both.stderr]).toEqual([2, expect.stringMatching(/--latent.*not given together with --latent-size/)]);
  }, 60_000);
});

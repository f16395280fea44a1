/**
 * Builds the compact jet sample shipped in data/sample/ from the simulated JetNet-layout files
 * (default /work/shared/data/jetnet-like-pythia8, or the folder given as the first argument).
 *
 * Selection, per class c with seed s_c and count K_c: rows = the first K_c entries of
 * new Random(s_c).permutation(N_c), sorted ascending; written in that order to data/sample/c.hdf5
 * with the JetNet datasets `particle_features` (K, 30, 4) and `jet_features` (K, 4) as float32
 * (gzip level 9, chunks of 250 jets), plus `source_index` (K,) int32 with the source rows, and
 * root attributes recording the source file, its SHA-256, the seed and the selection rule.
 *
 * Run: npx tsx scripts/make-sample.ts [sourceDir]
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import h5wasm from 'h5wasm/node';
import { JetNetFile, packageRoot, type JetNetClass } from '../src/jets/index';
import { Random } from '../src/util/random';

const PLAN: ReadonlyArray<{ cls: JetNetClass; count: number; seed: number }> = [
  { cls: 'g', count: 2000, seed: 20101 },
  { cls: 'q', count: 2000, seed: 20102 },
  { cls: 't', count: 1000, seed: 20103 },
  { cls: 'w', count: 1000, seed: 20104 },
  { cls: 'z', count: 1000, seed: 20105 },
];

async function main(): Promise<void> {
  const sourceDir = process.argv[2] ?? '/work/shared/data/jetnet-like-pythia8';
  const outDir = join(packageRoot(), 'data', 'sample');
  mkdirSync(outDir, { recursive: true });
  await h5wasm.ready;
  for (const { cls, count, seed } of PLAN) {
    const source = join(sourceDir, `${cls}.hdf5`);
    const sha256 = createHash('sha256').update(readFileSync(source)).digest('hex');
    const file = await JetNetFile.open(source);
    const all = file.read();
    file.close();
    const rows = Array.from(new Random(seed).permutation(all.numJets).subarray(0, count)).sort((a, b) => a - b);
    const P = all.numParticles;
    const particles = new Float32Array(count * P * 4);
    const jets = new Float32Array(count * 4);
    rows.forEach((r, k) => {
      particles.set(all.particleFeatures.subarray(r * P * 4, (r + 1) * P * 4), k * P * 4);
      jets.set(all.jetFeatures.subarray(r * 4, (r + 1) * 4), k * 4);
    });
    const path = join(outDir, `${cls}.hdf5`);
    rmSync(path, { force: true });
    const out = new h5wasm.File(path, 'w');
    const chunk = Math.min(250, count);
    out.create_dataset({ name: 'particle_features', data: particles, shape: [count, P, 4], dtype: '<f', chunks: [chunk, P, 4], compression: 9 });
    out.create_dataset({ name: 'jet_features', data: jets, shape: [count, 4], dtype: '<f', chunks: [chunk, 4], compression: 9 });
    out.create_dataset({ name: 'source_index', data: Int32Array.from(rows), shape: [count], dtype: '<i', chunks: [chunk], compression: 9 });
    out.create_attribute('source_file', `jetnet-like-pythia8/${cls}.hdf5`);
    out.create_attribute('source_sha256', sha256);
    out.create_attribute('selection', `first ${count} of new Random(${seed}).permutation(${all.numJets}), sorted ascending`);
    out.create_attribute('seed', seed);
    out.close();
    process.stdout.write(`${path}: ${count} jets from ${source} (sha256 ${sha256})\n`);
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});

/** Helpers that write small HDF5 and .npy files for the loader tests. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import h5wasm from 'h5wasm/node';

export interface DatasetSpec {
  name: string;
  data: Float32Array | Float64Array | Int16Array | Int32Array | Uint16Array;
  shape: number[];
  dtype: string;
  chunks?: number[];
  compression?: number;
}

const made: string[] = [];

/** A fresh temporary folder, removed by {@link removeTempDirs}. */
export function tempDir(prefix = 'lorentz-irreps-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

/** Removes the folders made by {@link tempDir} (call from afterAll). */
export function removeTempDirs(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** Writes an HDF5 file with the given root-level datasets. */
export async function writeH5(path: string, datasets: DatasetSpec[]): Promise<string> {
  await h5wasm.ready;
  const f = new h5wasm.File(path, 'w');
  for (const d of datasets) {
    f.create_dataset({
      name: d.name,
      data: d.data,
      shape: d.shape,
      dtype: d.dtype,
      ...(d.chunks ? { chunks: d.chunks } : {}),
      ...(d.compression !== undefined ? { compression: d.compression } : {}),
    });
  }
  f.close();
  return path;
}

/** JetNet-layout arrays of n jets of P slots with plausible values (jet k has k % P + 1 particles). */
export function jetNetArrays(n: number, P: number): { particles: Float32Array; jets: Float32Array } {
  const particles = new Float32Array(n * P * 4);
  const jets = new Float32Array(n * 4);
  for (let j = 0; j < n; j++) {
    const count = (j % P) + 1;
    for (let i = 0; i < count; i++) {
      const k = (j * P + i) * 4;
      particles[k] = 0.01 * (i - 1);
      particles[k + 1] = -0.02 * i + 0.005 * j;
      particles[k + 2] = 1 / (count + i);
      particles[k + 3] = 1;
    }
    jets.set([900 + 10 * j, 0.1 * j - 0.5, 80 + j, count], 4 * j);
  }
  return { particles, jets };
}

/** Writes a JetNet-layout file (float32), with optional edits to the arrays first. */
export async function writeJetNet(
  path: string,
  n: number,
  P: number,
  edit?: (a: { particles: Float32Array; jets: Float32Array }) => void,
  options: { chunks?: boolean } = {},
): Promise<string> {
  const a = jetNetArrays(n, P);
  edit?.(a);
  return writeH5(path, [
    { name: 'particle_features', data: a.particles, shape: [n, P, 4], dtype: '<f', ...(options.chunks ? { chunks: [Math.max(1, n >> 1), P, 4], compression: 4 } : {}) },
    { name: 'jet_features', data: a.jets, shape: [n, 4], dtype: '<f' },
  ]);
}

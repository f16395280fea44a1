import { defineConfig } from 'tsup';

export default defineConfig({
  entry: { index: 'src/index.ts', testing: 'src/testing/index.ts', gpu: 'src/tensor/gpu/index.ts', cli: 'src/cli/main.ts', 'parallel-worker': 'src/train/parallel-worker.ts' },
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'node20',
  splitting: true,
  shims: true,
  external: ['gpu.js'],
});

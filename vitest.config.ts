import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const src = (p: string) => fileURLToPath(new URL(`./src/${p}`, import.meta.url));

export default defineConfig({
  resolve: {
    alias: [
      { find: /^lorentz-irreps\/testing$/, replacement: src('testing/index.ts') },
      { find: /^lorentz-irreps\/gpu$/, replacement: src('tensor/gpu/index.ts') },
      { find: /^lorentz-irreps$/, replacement: src('index.ts') },
    ],
  },
  test: {
    include: ['test/**/*.test.ts'],
    setupFiles: ['test/setup/kernels.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});

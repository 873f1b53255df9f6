import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Two cores here: keep file-level parallelism to the core count.
    maxWorkers: 2,
    pool: 'forks',
  },
});

import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    globalSetup: ['tests/setup/compiled.ts'],
    setupFiles: ['tests/setup/fuzz-seed.ts'],
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // 2-core machines: more workers only add contention
    maxWorkers: 2,
  },
})

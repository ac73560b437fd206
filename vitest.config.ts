import { BaseSequencer, type TestSpecification } from 'vitest/node'
import { defineConfig } from 'vitest/config'

/**
 * The files that take longest start first, so that none of them is left running alone at the end. Vitest orders by
 * the durations it cached on an earlier run; a fresh clone (CI) has none and would order by file size, which puts the
 * kill chains — short files, long runs — last.
 */
const SLOW_FIRST = [
  'tests/reliability/crash.test.ts',
  'tests/integration/bench-smoke.test.ts',
  'tests/reliability/idempotency-crash.test.ts',
  'tests/e2e/ui-browser.test.ts',
  'tests/e2e/page-browser.test.ts',
  'tests/e2e/report-png.test.ts',
  'tests/e2e/processes-sqld.test.ts',
]

class SlowFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files)
    const rank = (f: TestSpecification) => {
      const i = SLOW_FIRST.findIndex((p) => f.moduleId.endsWith(p))
      return i < 0 ? SLOW_FIRST.length : i
    }
    return sorted
      .map((f, i) => ({ f, i }))
      .sort((a, b) => rank(a.f) - rank(b.f) || a.i - b.i)
      .map(({ f }) => f)
  }
}

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    globalSetup: ['tests/setup/compiled.ts'],
    setupFiles: ['tests/setup/fuzz-seed.ts'],
    // worker threads start far faster than forked processes (the whole suite ran in ~73 s with threads against ~120 s
    // with forks here, every test passing with both)
    pool: 'threads',
    // A worker's files share one module graph instead of importing the app again for each file: the suite spent
    // 137 s of its time importing modules with isolation and 16 s without (wall 196 s → 110 s on 2 cores). No test
    // file leans on another's module state: every file builds its own database, app and clock, and the suite passes
    // in shuffled file orders too (`npx vitest run --sequence.shuffle.files --sequence.seed=N`).
    isolate: false,
    sequence: { sequencer: SlowFirst },
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // 2-core machines: more workers only add contention
    maxWorkers: 2,
  },
})

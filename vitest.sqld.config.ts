import { defineConfig } from 'vitest/config'
import base from './vitest.config.js'

/**
 * `npm run test:sqld`: the storage, migrations, imports, API, report and reliability tests (and a few more, below) again, with every
 * createTestDb a database on a libSQL server (sqld) instead of the embedded file — one server with namespaces for the
 * run (tests/setup/sqld.ts), each test database a fork of a migrated template namespace (tests/helpers/db.ts).
 */
const SQLD_FILES = [
  'tests/integration/storage.test.ts',
  'tests/integration/statement-cache.test.ts',
  'tests/integration/group-commit.test.ts',
  'tests/integration/report-cache.test.ts',
  'tests/integration/api-*.test.ts',
  'tests/integration/import*.test.ts',
  'tests/integration/report*.test.ts',
  'tests/reliability/*.test.ts',
  // and those that found what a libSQL server refuses and the file let pass (named parameters the SQL does not use,
  // ORDER BY inside an aggregate, a fork's copied db.instance), and the jobs run by two processes on one database
  'tests/integration/annual-*.test.ts',
  'tests/integration/law-names.test.ts',
  'tests/integration/mobile-page.test.ts',
  'tests/integration/quiz-question-cache.test.ts',
  'tests/integration/ui-exams-official-choice.test.ts',
  'tests/integration/jobs.test.ts',
]

// (not mergeConfig: it would append these files to the default config's `include` instead of replacing it)
export default defineConfig({
  ...base,
  test: {
    ...base.test,
    include: SQLD_FILES,
    globalSetup: [...[base.test?.globalSetup ?? []].flat(), 'tests/setup/sqld.ts'],
    env: { XUEFA_TEST_ENGINE: 'sqld' },
  },
})

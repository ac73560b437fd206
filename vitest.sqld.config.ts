import { defineConfig } from 'vitest/config'
import base from './vitest.config.js'

/**
 * `npm run test:sqld`: the storage, migrations, imports, API, report and reliability tests again, with every
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

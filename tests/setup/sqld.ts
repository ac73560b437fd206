import type { TestProject } from 'vitest/node'
import { ManualClock } from '../../src/clock.js'
import { openDb } from '../../src/storage/db.js'
import { runMigrations } from '../../src/storage/migrate.js'
import { startSqld, type Sqld } from '../helpers/sqld.js'

const TEMPLATE = 'template'
let server: Sqld | undefined

/**
 * The global setup of vitest.sqld.config.ts (XUEFA_TEST_ENGINE=sqld): one libSQL server with namespaces for the whole
 * run, and a template namespace migrated once; every createTestDb forks it (tests/helpers/db.ts).
 */
export async function setup(project: TestProject): Promise<void> {
  server = await startSqld({ namespaces: true })
  await server.createNamespace(TEMPLATE)
  const db = await openDb(server.url, { namespace: TEMPLATE })
  try {
    await runMigrations(db, new ManualClock('2024-01-01T00:00:00Z'))
  } finally {
    db.close()
  }
  project.provide('xuefaSqld', { url: server.url, adminUrl: server.adminUrl!, template: TEMPLATE })
}

export async function teardown(): Promise<void> {
  await server?.stop()
}

import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openDb, type Db } from '../../src/storage/db.js'
import { runMigrations } from '../../src/storage/migrate.js'
import { ManualClock } from '../../src/clock.js'

export interface TestDb {
  db: Db
  dir: string
  url: string
  cleanup(): void
}

/** A fresh database file of its own, through the real migrations. */
export async function createTestDb(clock = new ManualClock('2024-01-01T00:00:00Z')): Promise<TestDb> {
  const dir = mkdtempSync(join(tmpdir(), 'xuefa-test-'))
  const url = `file:${join(dir, 'test.db')}`
  const db = await openDb(url)
  await runMigrations(db, clock)
  return {
    db,
    dir,
    url,
    cleanup() {
      db.close()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

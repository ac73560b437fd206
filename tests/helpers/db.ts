import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { inject } from 'vitest'
import { openDb, type Db, type OpenDbOptions } from '../../src/storage/db.js'
import { runMigrations } from '../../src/storage/migrate.js'
import { ManualClock } from '../../src/clock.js'

export interface TestDb {
  db: Db
  /** a folder of the test's own, for files it writes (removed by cleanup) */
  dir: string
  /** the database's URL: `file:…` on the embedded engine, the server's http://127.0.0.1:PORT on sqld */
  url: string
  /** what another process (`xuefa`, a driver, createXuefa's env) needs to reach this same database */
  env: { XUEFA_DB_URL: string; XUEFA_DB_NAMESPACE?: string }
  /** Opens another client of this same database (as another process would see it). */
  open(options?: OpenDbOptions): Promise<Db>
  cleanup(): void
}

/** Where tests/setup/sqld.ts's server is, handed to the workers with vitest's provide/inject. */
export interface TestSqld {
  url: string
  adminUrl: string
  /** the namespace migrated once, that every test database is forked from */
  template: string
}

declare module 'vitest' {
  export interface ProvidedContext {
    xuefaSqld: TestSqld
  }
}

/**
 * A fresh database of its own, through the real migrations, on the engine the run tests: a file by default; with
 * XUEFA_TEST_ENGINE=sqld (`npm run test:sqld`, vitest.sqld.config.ts) a namespace of one libSQL server, forked from the
 * template namespace the global setup migrated (a fork is a copy of the migrated database: the same as migrating).
 */
export function createTestDb(clock = new ManualClock('2024-01-01T00:00:00Z')): Promise<TestDb> {
  return testEngine() === 'sqld' ? createSqldTestDb() : createFileTestDb(clock)
}

/** The engine createTestDb gives: 'file' (the default) or 'sqld'. */
export function testEngine(): 'file' | 'sqld' {
  return process.env.XUEFA_TEST_ENGINE === 'sqld' ? 'sqld' : 'file'
}

/**
 * A fresh database file of its own, through the real migrations, whatever the engine: for the tests that are about the
 * embedded file itself (checkpoints, backups, pragmas, data_version, the statement cache, group commit, a file's crash
 * recovery), so they test the same thing on both engines.
 */
export async function createFileTestDb(clock = new ManualClock('2024-01-01T00:00:00Z')): Promise<TestDb> {
  const dir = mkdtempSync(join(tmpdir(), 'xuefa-test-'))
  const url = `file:${join(dir, 'test.db')}`
  const db = await openDb(url)
  await runMigrations(db, clock)
  return {
    db,
    dir,
    url,
    env: { XUEFA_DB_URL: url },
    open: (options) => openDb(url, options),
    cleanup() {
      db.close()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

let forks = 0

async function createSqldTestDb(): Promise<TestDb> {
  const sqld = inject('xuefaSqld')
  if (!sqld?.adminUrl) throw new Error('XUEFA_TEST_ENGINE=sqld needs the global setup tests/setup/sqld.ts (vitest.sqld.config.ts)')
  const namespace = `t${process.pid}-${++forks}-${Math.random().toString(36).slice(2, 8)}`
  const res = await fetch(`${sqld.adminUrl}/v1/namespaces/${sqld.template}/fork/${namespace}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{}',
  })
  if (!res.ok) throw new Error(`sqld could not fork namespace ${namespace}: HTTP ${res.status} ${await res.text()}`)
  const dir = mkdtempSync(join(tmpdir(), 'xuefa-test-'))
  const db = await openDb(sqld.url, { namespace })
  // a fork copies the template's `db.instance` (0005), which tells databases apart for the caches kept per database
  // (questions.repo.ts): a fresh one, as migrating a new database gives it
  await db.execute("UPDATE settings SET value = lower(hex(randomblob(8))) WHERE key = 'db.instance'")
  return {
    db,
    dir,
    url: sqld.url,
    env: { XUEFA_DB_URL: sqld.url, XUEFA_DB_NAMESPACE: namespace },
    open: (options) => openDb(sqld.url, { namespace, ...options }),
    cleanup() {
      db.close()
      rmSync(dir, { recursive: true, force: true })
      // the namespace goes with the server at the end of the run; deleting it now keeps the server small. A failure
      // here (the run already ending) changes no test's outcome.
      void fetch(`${sqld.adminUrl}/v1/namespaces/${namespace}`, { method: 'DELETE' }).catch(() => undefined)
    },
  }
}

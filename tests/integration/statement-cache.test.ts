/**
 * The statement cache reaches into the `libsql` package that @libsql/client runs on (src/storage/statement-cache.ts):
 * @libsql/client has no way to keep prepared statements, and keeping them doubles what this machine does per
 * query (README, Performance). These tests say so loudly when either library changes under it.
 */
import { createClient } from '@libsql/client'
import { describe, expect, it } from 'vitest'
import { ManualClock } from '../../src/clock.js'
import { runMigrations } from '../../src/storage/migrate.js'
import { installStatementCache, libsqlDatabaseClass, statementCacheStats } from '../../src/storage/statement-cache.js'
import { createFileTestDb } from '../helpers/db.js'

const CHANGED = 'the libraries changed under src/storage/statement-cache.ts: re-measure it (npm run bench) and fix or remove it'

describe('the statement cache', () => {
  it('finds the libsql Database class @libsql/client prepares with, with the statement methods it relies on', () => {
    const Database = libsqlDatabaseClass<{ prototype: Record<string, unknown> }>()
    expect(typeof Database.prototype.prepare, CHANGED).toBe('function')
    installStatementCache()
    const conn = new (libsqlDatabaseClass<new (path: string) => { prepare(sql: string): Record<string, unknown>; close(): void }>())(
      ':memory:',
    )
    const stmt = conn.prepare('SELECT 1 AS one')
    for (const method of ['raw', 'columns', 'get', 'all', 'run'])
      expect(typeof stmt[method], `${CHANGED} (statement.${method})`).toBe('function')
    conn.close()
  })

  it('is what a query through @libsql/client prepares with: a repeated query is not prepared again', async () => {
    installStatementCache()
    const client = createClient({ url: 'file::memory:', intMode: 'number' })
    const before = { ...statementCacheStats }
    for (let i = 0; i < 5; i++) await client.execute({ sql: 'SELECT ? AS n', args: [i] })
    client.close()
    expect(statementCacheStats.misses - before.misses, CHANGED).toBe(1)
    expect(statementCacheStats.hits - before.hits, CHANGED).toBe(4)
  })

  it('sees new columns after a migration (a SELECT * prepared before it is prepared again)', async () => {
    const t = await createFileTestDb()
    try {
      await t.db.batch(['CREATE TABLE things (id INTEGER PRIMARY KEY, name TEXT NOT NULL)', "INSERT INTO things (name) VALUES ('x')"])
      await t.db.execute({ sql: 'SELECT * FROM things WHERE id = ?', args: [1] })
      const migration = [{ name: '9002_more.sql', checksum: 'c', sql: "ALTER TABLE things ADD COLUMN colour TEXT DEFAULT 'red'" }]
      await runMigrations(t.db, new ManualClock('2024-01-01T00:00:00Z'), migration)
      const rs = await t.db.execute({ sql: 'SELECT * FROM things WHERE id = ?', args: [1] })
      expect(rs.columns).toEqual(['id', 'name', 'colour'])
      expect(rs.rows[0]?.colour).toBe('red')
    } finally {
      t.cleanup()
    }
  })
})

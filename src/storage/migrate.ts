import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { createHash } from 'node:crypto'
import type { Db } from './db.js'
import type { Clock } from '../clock.js'
import { invalidateStatementCache } from './statement-cache.js'
import { packagePath } from '../package-root.js'
import { canonicalizeLawTitles } from './law-titles.js'

export const MIGRATIONS_DIR = packagePath('db', 'migrations')

export interface Migration {
  name: string
  sql: string
  checksum: string
}

export function loadMigrations(dir = MIGRATIONS_DIR): Migration[] {
  return readdirSync(dir)
    .filter((f) => /^\d{4}_[\w-]+\.sql$/.test(f))
    .sort()
    .map((name) => {
      const sql = readFileSync(join(dir, name), 'utf8')
      return { name, sql, checksum: createHash('sha256').update(sql).digest('hex') }
    })
}

/**
 * Applies pending migrations in order, each file in its own write transaction together with
 * the row that records it, so a crash leaves it either wholly applied or not at all.
 * Safe to run from two processes at once: the check is repeated inside the transaction.
 * With the package's own migrations, the data is then brought to the rules that code keeps (law titles to their
 * canonical spelling, `law-titles.ts`); a list given by the caller (tests of the mechanism) is applied alone.
 */
export async function runMigrations(db: Db, clock: Clock, given?: Migration[]): Promise<string[]> {
  const migrations = given ?? loadMigrations()
  await db.batch([
    `CREATE TABLE IF NOT EXISTS schema_migrations (
       name TEXT PRIMARY KEY, checksum TEXT NOT NULL, applied_at TEXT NOT NULL)`,
  ])
  const applied: string[] = []
  for (const m of migrations) {
    const done = await db.write(async (tx) => {
      const rs = await tx.execute({ sql: 'SELECT checksum FROM schema_migrations WHERE name = ?', args: [m.name] })
      if (rs.rows.length > 0) return false
      await tx.executeMultiple(m.sql)
      await tx.execute({
        sql: 'INSERT INTO schema_migrations (name, checksum, applied_at) VALUES (?, ?, ?)',
        args: [m.name, m.checksum, clock.now().toISOString()],
      })
      return true
    })
    if (done) {
      applied.push(m.name)
      invalidateStatementCache()
    }
  }
  if (!given) await canonicalizeLawTitles(db, clock)
  return applied
}

export async function appliedMigrations(db: Db): Promise<string[]> {
  const rs = await db.execute('SELECT name FROM schema_migrations ORDER BY name')
  return rs.rows.map((r) => String(r.name))
}

import { afterEach, describe, expect, it } from 'vitest'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openDb, readPragmas, type Db } from '../../src/storage/db.js'
import { appliedMigrations, loadMigrations, runMigrations } from '../../src/storage/migrate.js'
import { ManualClock } from '../../src/clock.js'

const clock = new ManualClock('2024-05-01T00:00:00Z')
const cleanups: (() => void)[] = []
afterEach(() => {
  while (cleanups.length) cleanups.pop()!()
})

async function freshDb(): Promise<{ db: Db; dir: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'xuefa-storage-'))
  const db = await openDb(`file:${join(dir, 'nested', 'x.db')}`)
  cleanups.push(() => {
    db.close()
    rmSync(dir, { recursive: true, force: true })
  })
  return { db, dir }
}

const expected = { journal_mode: 'wal', synchronous: 1, foreign_keys: 1 }

describe('storage', () => {
  it('creates the directory and migrates an empty database, recording each file once', async () => {
    const { db } = await freshDb()
    const files = loadMigrations().map((m) => m.name)
    expect(await runMigrations(db, clock)).toEqual(files)
    expect(await appliedMigrations(db)).toEqual(files)
    expect(await runMigrations(db, clock)).toEqual([])
    const tables = await db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
    const names = tables.rows.map((r) => String(r.name))
    for (const t of [
      'units',
      'officials',
      'sessions',
      'attendance',
      'questions',
      'attempts',
      'answers',
      'exam_results',
      'jobs',
      'deliveries',
      'api_tokens',
      'audit_log',
      'processed_messages',
    ]) {
      expect(names).toContain(t)
    }
  })

  it('rolls a failing migration back whole and records nothing for it', async () => {
    const { db } = await freshDb()
    const broken = [{ name: '9001_broken.sql', checksum: 'x', sql: 'CREATE TABLE half (a INTEGER); INSERT INTO nowhere VALUES (1);' }]
    await expect(runMigrations(db, clock, broken)).rejects.toThrow(/nowhere/)
    const rs = await db.execute("SELECT count(*) AS n FROM sqlite_master WHERE name = 'half'")
    expect(rs.rows[0]?.n).toBe(0)
    expect(await appliedMigrations(db)).toEqual([])
  })

  it('keeps the pragmas on every connection, including the one used after transaction()', async () => {
    const { db } = await freshDb()
    await runMigrations(db, clock)
    expect(await readPragmas(db)).toMatchObject({ ...expected, busy_timeout: 5000 })
    const tx = await db.client.transaction('write')
    expect(await readPragmas(tx)).toMatchObject(expected)
    // the transaction holds its connection: these go to another one of the pool
    const [a, b] = await Promise.all([readPragmas(db), readPragmas(db)])
    expect(a).toMatchObject({ ...expected, busy_timeout: 5000 })
    expect(b).toMatchObject({ ...expected, busy_timeout: 5000 })
    await tx.commit()
    tx.close()
    expect(await readPragmas(db)).toMatchObject({ ...expected, busy_timeout: 5000 })
  })

  it('enforces foreign keys inside write transactions and in batches', async () => {
    const { db } = await freshDb()
    await runMigrations(db, clock)
    await expect(
      db.write((tx) =>
        tx.execute("INSERT INTO officials (id, name, unit_code, created_at, updated_at) VALUES ('1', 'a', 'NOPE', 'x', 'x')"),
      ),
    ).rejects.toThrow(/FOREIGN KEY/)
    await expect(
      db.batch(["INSERT INTO officials (id, name, unit_code, created_at, updated_at) VALUES ('1', 'a', 'NOPE', 'x', 'x')"]),
    ).rejects.toThrow(/FOREIGN KEY/)
  })

  it('serialises concurrent write transactions in one process instead of deadlocking', async () => {
    const { db } = await freshDb()
    await runMigrations(db, clock)
    await db.batch(["INSERT INTO units (code, name, path, created_at, updated_at) VALUES ('U', 'u', '/U/', 'x', 'x')"])
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        db.write(async (tx) => {
          await tx.execute({
            sql: "INSERT INTO officials (id, name, unit_code, created_at, updated_at) VALUES (?, 'n', 'U', 'x', 'x')",
            args: [`O${i}`],
          })
          await new Promise((r) => setTimeout(r, 1))
          await tx.execute({ sql: "UPDATE officials SET title = 't' WHERE id = ?", args: [`O${i}`] })
        }),
      ),
    )
    const rs = await db.execute("SELECT count(*) AS n FROM officials WHERE title = 't'")
    expect(rs.rows[0]?.n).toBe(20)
  })

  it('opens an in-memory database through the same migrations', async () => {
    const db = await openDb('file::memory:')
    cleanups.push(() => db.close())
    await runMigrations(db, clock)
    expect((await readPragmas(db)).foreign_keys).toBe(1)
    // reads wait for an open write transaction instead of failing on the single connection
    const p = db.write(async (tx) => {
      await tx.execute("INSERT INTO settings (key, value) VALUES ('k', 'v')")
      await new Promise((r) => setTimeout(r, 5))
    })
    const read = db.execute("SELECT count(*) AS n FROM settings WHERE key = 'k'")
    await p
    expect((await read).rows[0]?.n).toBe(1)
  })
})

import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { TransactionMode } from '@libsql/client'
import { createFileTestDb, type TestDb } from '../helpers/db.js'

let t: TestDb
beforeEach(async () => {
  t = await createFileTestDb()
  await t.db.batch(['CREATE TABLE things (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE)'])
})
afterEach(() => t.cleanup())

describe('group commit in db.write', () => {
  it('commits concurrent work together, rolls back only the piece that failed, and answers after the commit', async () => {
    let transactions = 0
    const transaction = t.db.client.transaction.bind(t.db.client)
    t.db.client.transaction = ((mode?: TransactionMode) => {
      transactions++
      return transaction(mode)
    }) as typeof t.db.client.transaction
    const results = await Promise.allSettled(
      ['a', 'b', 'dup', 'c', 'dup', 'd'].map((name) =>
        t.db.write(async (tx) => {
          await tx.execute({ sql: 'INSERT INTO things (name) VALUES (?)', args: [name] })
          // visible to a reader on another connection only once committed
          const outside = await t.db.execute({ sql: 'SELECT count(*) AS n FROM things WHERE name = ?', args: [name] })
          return { name, seenOutsideBeforeCommit: Number(outside.rows[0]?.n) }
        }),
      ),
    )
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled', 'fulfilled', 'rejected', 'fulfilled'])
    expect((results[4] as PromiseRejectedResult).reason.message).toMatch(/UNIQUE/)
    for (const r of results) if (r.status === 'fulfilled') expect(r.value.seenOutsideBeforeCommit).toBe(0)
    const rows = await t.db.execute('SELECT name FROM things ORDER BY id')
    expect(rows.rows.map((r) => r.name)).toEqual(['a', 'b', 'dup', 'c', 'd'])
    // the first ran alone; the five queued meanwhile shared the next transaction
    expect(transactions).toBe(2)
  })

  it('runs a lone write in a transaction of its own, and rolls all of it back when it fails', async () => {
    await expect(
      t.db.write(async (tx) => {
        await tx.execute("INSERT INTO things (name) VALUES ('half')")
        throw new Error('changed my mind')
      }),
    ).rejects.toThrow('changed my mind')
    const batched = await t.db.batch([{ sql: 'INSERT INTO things (name) VALUES (?)', args: ['whole'] }])
    expect(batched).toHaveLength(1)
    const rows = await t.db.execute('SELECT name FROM things')
    expect(rows.rows.map((r) => r.name)).toEqual(['whole'])
  })

  it('makes a write through execute, and a checkpoint, wait for a transaction that lets the event loop run', async () => {
    // a short busy timeout: a write that went straight to a connection would fail in it (after waiting it out
    // synchronously, on the thread that holds the lock), not wait for the commit
    const db = await t.open({ busyTimeoutMs: 100 })
    try {
      const events: string[] = []
      const outside = [
        'INSERT INTO things (name) VALUES (?)',
        '-- a comment first\n  UPDATE things SET name = ? WHERE name = ?',
        'WITH n AS (SELECT ? AS name) INSERT INTO things (name) SELECT name FROM n',
      ]
      let started!: () => void
      const inTransaction = new Promise<void>((r) => (started = r))
      const held = db.write(async (tx) => {
        await tx.execute("INSERT INTO things (name) VALUES ('held')")
        started()
        // the event loop runs here for a while, as in an import's write transaction
        for (let i = 0; i < 5; i++) await new Promise((r) => setTimeout(r, 30))
        const seen = await db.execute('SELECT count(*) AS n FROM things')
        events.push(`committing; a reader outside sees ${Number(seen.rows[0]?.n)}`)
      })
      await inTransaction
      const writes = [
        db.execute({ sql: outside[0]!, args: ['first'] }).then(() => events.push('insert')),
        db.execute({ sql: outside[1]!, args: ['renamed', 'first'] }).then((rs) => events.push(`update ${rs.rowsAffected}`)),
        db.execute({ sql: outside[2]!, args: ['with'] }).then(() => events.push('with insert')),
        db.checkpoint().then(() => events.push('checkpoint')),
      ]
      await Promise.all([held, ...writes])
      // all after the commit (the checkpoint waits for the lock, the writes for the next transaction: in either order)
      expect(events[0]).toBe('committing; a reader outside sees 0')
      expect(events.slice(1).filter((e) => e !== 'checkpoint')).toEqual(['insert', 'update 1', 'with insert'])
      expect(events).toContain('checkpoint')
      const rows = await db.execute('SELECT name FROM things ORDER BY id')
      expect(rows.rows.map((r) => r.name)).toEqual(['held', 'renamed', 'with'])
    } finally {
      db.close()
    }
  })
})

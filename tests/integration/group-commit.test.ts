import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { TransactionMode } from '@libsql/client'
import { createTestDb, type TestDb } from '../helpers/db.js'

let t: TestDb
beforeEach(async () => {
  t = await createTestDb()
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
})

import type { Transaction } from '@libsql/client'
import type { Db } from './db.js'

export interface GroupCommit {
  /** Runs `fn` in a write transaction shared with the other work queued meanwhile; resolves after the commit. */
  run<T>(fn: (tx: Transaction) => Promise<T>): Promise<T>
}

interface Item {
  fn: (tx: Transaction) => Promise<unknown>
  resolve(value: unknown): void
  reject(error: unknown): void
}

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown }

/**
 * Group commit: while one write transaction runs, the writes that arrive are queued and then run
 * together in the next one, each inside its own SAVEPOINT so that one failing piece of work rolls back
 * alone. Nobody is answered before the commit that holds their work, so "2xx only after the effect
 * is durable" still holds; under load there is one BEGIN/COMMIT for many requests instead of one each.
 * A lone request does not wait for company: the first one starts a transaction at once.
 */
export function createGroupCommit(db: Db, maxBatch = 64): GroupCommit {
  const queue: Item[] = []
  let draining = false

  async function runBatch(batch: Item[]): Promise<void> {
    let outcomes: Outcome[] = []
    try {
      await db.write(async (tx) => {
        outcomes = [] // db.write may run this again when the database stays busy
        for (let i = 0; i < batch.length; i++) {
          await tx.execute(`SAVEPOINT g${i}`)
          try {
            const value = await batch[i]!.fn(tx)
            await tx.execute(`RELEASE g${i}`)
            outcomes.push({ ok: true, value })
          } catch (error) {
            await tx.execute(`ROLLBACK TO g${i}`)
            await tx.execute(`RELEASE g${i}`)
            outcomes.push({ ok: false, error })
          }
        }
      })
    } catch (error) {
      for (const item of batch) item.reject(error)
      return
    }
    batch.forEach((item, i) => {
      const o = outcomes[i]!
      if (o.ok) item.resolve(o.value)
      else item.reject(o.error)
    })
  }

  async function drain(): Promise<void> {
    draining = true
    try {
      while (queue.length > 0) await runBatch(queue.splice(0, maxBatch))
    } finally {
      draining = false
    }
  }

  return {
    run<T>(fn: (tx: Transaction) => Promise<T>): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        queue.push({ fn, resolve: resolve as (v: unknown) => void, reject })
        if (!draining) void drain()
      })
    },
  }
}

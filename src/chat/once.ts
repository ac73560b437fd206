import type { Transaction } from '@libsql/client'
import type { Db, Executor } from '../storage/db.js'
import type { ChatContext } from './context.js'

export const DUPLICATE: unique symbol = Symbol('duplicate message')

export async function isProcessed(ex: Executor, messageId: string): Promise<boolean> {
  const rs = await ex.execute({ sql: 'SELECT 1 FROM processed_messages WHERE message_id = :messageId', args: { messageId } })
  return rs.rows.length > 0
}

/** Records a key in processed_messages; false when it was there already. */
export async function recordProcessed(tx: Executor, key: string, channel: string, at: Date): Promise<boolean> {
  const rs = await tx.execute({
    sql: `INSERT INTO processed_messages (message_id, channel, at) VALUES (:key, :channel, :at)
          ON CONFLICT (message_id) DO NOTHING`,
    args: { key, channel, at: at.toISOString() },
  })
  return rs.rowsAffected > 0
}

/**
 * Runs `fn` in one write transaction that also records the message as processed, so the effect
 * happens at most once even when the platform delivers the same message twice at the same time.
 */
export async function runOnce<T>(db: Db, ctx: ChatContext, now: Date, fn: (tx: Transaction) => Promise<T>): Promise<T | typeof DUPLICATE> {
  return db.write(async (tx) => {
    if (!(await recordProcessed(tx, ctx.messageId, ctx.channel, now))) return DUPLICATE
    return fn(tx)
  })
}

/** For answers without a database effect: record the message before replying. */
export async function claimMessage(db: Db, ctx: ChatContext, now: Date): Promise<boolean> {
  return (await runOnce(db, ctx, now, async () => true)) === true
}

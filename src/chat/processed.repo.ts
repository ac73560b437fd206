import type { InStatement } from '@libsql/client'
import type { Executor } from '../storage/db.js'

/** Messages (and one-a-day notices) the chat has acted upon, by id: each is acted upon once. */
export async function isProcessed(ex: Executor, messageId: string): Promise<boolean> {
  const rs = await ex.execute({ sql: 'SELECT 1 FROM processed_messages WHERE message_id = :messageId', args: { messageId } })
  return rs.rows.length > 0
}

/** Records a key in processed_messages; false when it was there already. */
export async function recordProcessed(ex: Executor, key: string, channel: string, at: Date): Promise<boolean> {
  const rs = await ex.execute({
    sql: `INSERT INTO processed_messages (message_id, channel, at) VALUES (:key, :channel, :at)
          ON CONFLICT (message_id) DO NOTHING`,
    args: { key, channel, at: at.toISOString() },
  })
  return rs.rowsAffected > 0
}

/** The same record as a statement that fails on a repeat (UNIQUE): to be written with another effect. */
export function claimMessageStatement(messageId: string, channel: string, at: Date): InStatement {
  return {
    sql: 'INSERT INTO processed_messages (message_id, channel, at) VALUES (:id, :channel, :at)',
    args: { id: messageId, channel, at: at.toISOString() },
  }
}

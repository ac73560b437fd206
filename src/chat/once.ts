import type { Transaction } from '@libsql/client'
import type { Db } from '../storage/db.js'
import type { ChatContext } from './context.js'
import { recordProcessed } from './processed.repo.js'

export const DUPLICATE: unique symbol = Symbol('duplicate message')

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

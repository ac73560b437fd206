import type { Db } from '../../src/storage/db.js'
import { seedOfficials } from '../helpers/seed.js'

/** Binds these officials to a bot account (chat_bindings.account), as the binding would. */
export async function bindTo(db: Db, account: string, officialIds: readonly string[], at = '2024-01-01T00:00:00.000Z'): Promise<void> {
  if (officialIds.length === 0) return
  await db.batch(
    officialIds.map((id) => ({
      sql: 'INSERT INTO chat_bindings (official_id, contact_id, alias_key, bound_at, account) VALUES (?, ?, ?, ?, ?)',
      args: [id, `wx-${id}`, `xf-${id}`, at, account],
    })),
  )
}

/** `n` officials of a unit with ids `${prefix}0001`…, the first `bound` of them bound to `account`. */
export async function seedPeople(db: Db, unitCode: string, prefix: string, n: number, bound: number, account: string): Promise<string[]> {
  const ids = Array.from({ length: n }, (_, i) => `${prefix}${String(i + 1).padStart(4, '0')}`)
  await seedOfficials(
    db,
    ids.map((id) => ({ id, unitCode })),
  )
  await bindTo(db, account, ids.slice(0, bound))
  return ids
}

/** An outbox row of a WeChat account: sent at `sentAt`, or pending from `notBefore`. */
export async function seedDelivery(db: Db, key: string, account: string, o: { sentAt?: string; notBefore: string }): Promise<void> {
  await db.execute({
    sql: `INSERT INTO deliveries (dedup_key, channel, account, recipient, message_json, state, not_before, sent_at, created_at)
          VALUES (?, 'wechaty', ?, 'official:x', '{}', ?, ?, ?, ?)`,
    args: [key, account, o.sentAt ? 'sent' : 'pending', o.notBefore, o.sentAt ?? null, o.notBefore],
  })
}

export async function seedRobot(db: Db, id: number, unitCode: string): Promise<void> {
  await db.execute({
    sql: `INSERT INTO group_robots (id, unit_code, platform, url, created_at) VALUES (?, ?, 'wecom', 'http://127.0.0.1:1/hook?key=k', '2024-01-01T00:00:00.000Z')`,
    args: [id, unitCode],
  })
}

/** How busy each chat account is on a day, read from the outbox: what it sent, what it has planned, what is queued. */
import type { Executor } from '../storage/db.js'
import type { DeliveryChannel } from './deliveries.repo.js'

export interface AccountLoad {
  /**
   * sent on the day, or still to go on it: due within the day, or (the day being today) overdue already; a past
   * day's pending rows will not go on that day
   */
  usedOnDay: number
  /** not yet sent, and due by `aheadOf` */
  queued: number
}

/**
 * The load of every account of `channel` that has any, by account. `day` is the local day as UTC bounds
 * [from, to); `now` the present; `aheadOf` the time the queue is looked at from (ISO UTC).
 */
export async function loadAccounts(
  ex: Executor,
  channel: DeliveryChannel,
  day: { from: string; to: string },
  now: string,
  aheadOf: string,
): Promise<Map<string, AccountLoad>> {
  const [sent, pending] = await Promise.all([
    ex.execute({
      sql: `SELECT account, count(*) AS n FROM deliveries
            WHERE sent_at >= :from AND sent_at < :to AND channel = :channel GROUP BY account`,
      args: { channel, from: day.from, to: day.to },
    }),
    ex.execute({
      sql: `SELECT account, sum(not_before < :to AND :to > :now AND (not_before >= :from OR :from <= :now)) AS on_day,
              sum(not_before <= :ahead) AS queued
            FROM deliveries WHERE state IN ('pending', 'sending') AND channel = :channel GROUP BY account`,
      args: { channel, from: day.from, to: day.to, now, ahead: aheadOf },
    }),
  ])
  const load = new Map<string, AccountLoad>()
  const at = (account: string) => {
    let l = load.get(account)
    if (!l) {
      l = { usedOnDay: 0, queued: 0 }
      load.set(account, l)
    }
    return l
  }
  for (const r of sent.rows) at(String(r.account)).usedOnDay += Number(r.n)
  for (const r of pending.rows) {
    const l = at(String(r.account))
    l.usedOnDay += Number(r.on_day ?? 0)
    l.queued += Number(r.queued ?? 0)
  }
  return load
}

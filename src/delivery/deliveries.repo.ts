import type { InStatement, Row } from '@libsql/client'
import type { Db, Executor } from '../storage/db.js'
import type { OutboundMessage, Recipient } from './channel.js'

/**
 * Channel names of the outbox: the Wechaty account(s), the three group-robot platforms, and the platforms' own
 * applications (WeCom self-built, DingTalk enterprise-internal: chat_apps) that reach people bound on them.
 */
export type DeliveryChannel = 'wechaty' | 'wecom' | 'dingtalk' | 'feishu' | 'wecom-app' | 'dingtalk-app'

export interface NewDelivery {
  /** unique: `${jobId}:${recipientKey}` — the same job never reaches the same recipient twice */
  dedupKey: string
  jobId: number | null
  /**
   * the channel; a private message to a bound official is written with the channel of the official's binding (the
   * one they are reached on: Wechaty, or an application), whatever is given here
   */
  channel: DeliveryChannel
  /**
   * the sending account: a WeChat bot account (XUEFA_BOT_ACCOUNTS) for Wechaty, the robot id for group robots; one
   * pacer each. A private message to a bound official is written with the account of the official's binding (the
   * one they bound on, `chat_bindings.account`), whatever is given here (fanout.ts UNBOUND_ACCOUNT).
   */
  account: string
  to: Recipient
  message: OutboundMessage
  notBefore: string
}

export interface Delivery extends NewDelivery {
  id: number
  state: 'pending' | 'sending' | 'sent' | 'failed' | 'cancelled'
  attempts: number
  lastError: string | null
}

export function recipientKey(to: Recipient): string {
  switch (to.kind) {
    case 'official':
      return `official:${to.officialId}`
    case 'contact':
      return `contact:${to.contactId}`
    case 'room':
      return `room:${to.roomId}`
    case 'robot':
      return `robot:${to.robotId}`
  }
}

const COLUMNS = 9
/** rows per INSERT: 9 parameters each stays far below SQLite's 32766 */
export const INSERT_CHUNK = 400

function insertChunk(rows: NewDelivery[], now: string): InStatement {
  const values = rows.map(() => '(?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ')
  // every caller that plans a private message (fan-out, reminders, make-ups, closing, exam results…) gets the
  // official's own account here, in one place
  const args: (string | number | null)[] = new Array(rows.length * COLUMNS)
  let i = 0
  for (const r of rows) {
    args[i++] = r.dedupKey
    args[i++] = r.jobId
    args[i++] = r.channel
    args[i++] = r.account
    args[i++] = recipientKey(r.to)
    args[i++] = JSON.stringify({ to: r.to, message: r.message })
    args[i++] = r.notBefore
    args[i++] = now
    args[i++] = 'pending'
  }
  // a private message goes out on the channel and from the account the official is bound on (chat_bindings): Wechaty's
  // account, or a WeCom / DingTalk application; one never bound keeps what was given (Wechaty, UNBOUND_ACCOUNT)
  return {
    sql: `INSERT INTO deliveries (dedup_key, job_id, channel, account, recipient, message_json, not_before, created_at, state)
          SELECT v.column1, v.column2, coalesce(b.channel, v.column3), coalesce(b.account, v.column4),
                 v.column5, v.column6, v.column7, v.column8, v.column9
          FROM (VALUES ${values}) v
          LEFT JOIN chat_bindings b ON v.column3 = 'wechaty' AND substr(v.column5, 1, 9) = 'official:'
            AND b.official_id = substr(v.column5, 10)
          WHERE true ON CONFLICT (dedup_key) DO NOTHING`,
    args,
  }
}

/** Multi-row INSERTs in chunks; rows whose key exists already are left as they are. */
export function insertDeliveriesStatements(rows: readonly NewDelivery[], now: string): InStatement[] {
  const stmts: InStatement[] = []
  for (let i = 0; i < rows.length; i += INSERT_CHUNK) stmts.push(insertChunk(rows.slice(i, i + INSERT_CHUNK), now))
  return stmts
}

/** Writes the fan-out of one job in one write transaction; returns how many rows were new. */
export async function insertDeliveries(db: Db, rows: readonly NewDelivery[], now: string): Promise<number> {
  if (rows.length === 0) return 0
  const rs = await db.batch(insertDeliveriesStatements(rows, now))
  return rs.reduce((n, r) => n + r.rowsAffected, 0)
}

function toDelivery(r: Row): Delivery {
  const body = JSON.parse(String(r.message_json)) as { to: Recipient; message: OutboundMessage }
  return {
    id: Number(r.id),
    dedupKey: String(r.dedup_key),
    jobId: r.job_id == null ? null : Number(r.job_id),
    channel: String(r.channel) as DeliveryChannel,
    account: String(r.account),
    to: body.to,
    message: body.message,
    notBefore: String(r.not_before),
    state: String(r.state) as Delivery['state'],
    attempts: Number(r.attempts),
    lastError: r.last_error == null ? null : String(r.last_error),
  }
}

/** Pending rows of one (channel, account) that are due, in the order they were planned (a retried row keeps its place). */
export async function listDueDeliveries(ex: Executor, channel: string, account: string, now: string, limit: number): Promise<Delivery[]> {
  const rs = await ex.execute({
    sql: `SELECT * FROM deliveries WHERE state = 'pending' AND channel = :channel AND account = :account AND not_before <= :now
          ORDER BY id LIMIT :limit`,
    args: { channel, account, now, limit },
  })
  return rs.rows.map(toDelivery)
}

/** When the next pending row of (channel, account) is due, or null when there is none. */
export async function nextDueAt(ex: Executor, channel: string, account: string): Promise<string | null> {
  const rs = await ex.execute({
    sql: `SELECT min(not_before) AS at FROM deliveries WHERE state = 'pending' AND channel = :channel AND account = :account`,
    args: { channel, account },
  })
  const at = rs.rows[0]?.at
  return at == null ? null : String(at)
}

/** The (channel, account) pairs with pending rows due by `now`. */
export async function listDueAccounts(ex: Executor, now: string): Promise<{ channel: DeliveryChannel; account: string }[]> {
  const rs = await ex.execute({
    sql: `SELECT DISTINCT channel, account FROM deliveries WHERE state = 'pending' AND not_before <= :now`,
    args: { now },
  })
  return rs.rows.map((r) => ({ channel: String(r.channel) as DeliveryChannel, account: String(r.account) }))
}

/** Takes a row for sending; false when another process took it first. */
export async function markSending(ex: Executor, id: number, owner: string, now: string): Promise<boolean> {
  const rs = await ex.execute({
    sql: `UPDATE deliveries SET state = 'sending', lease_owner = :owner, sending_at = :now, attempts = attempts + 1
          WHERE id = :id AND state = 'pending'`,
    args: { id, owner, now },
  })
  return rs.rowsAffected === 1
}

export async function markSent(ex: Executor, id: number, owner: string, now: string): Promise<void> {
  await ex.execute({
    sql: `UPDATE deliveries SET state = 'sent', sent_at = :now, last_error = NULL WHERE id = :id AND state = 'sending' AND lease_owner = :owner`,
    args: { id, owner, now },
  })
}

/** Back to pending at `retryAt` (a failed try, or a wait that is no fault of the row), or failed for good when null. */
export async function markRetry(
  ex: Executor,
  id: number,
  owner: string,
  error: string,
  retryAt: string | null,
  countAttempt: boolean,
): Promise<void> {
  await ex.execute({
    sql: `UPDATE deliveries SET state = CASE WHEN :retryAt IS NULL THEN 'failed' ELSE 'pending' END,
            not_before = COALESCE(:retryAt, not_before), last_error = :error, lease_owner = NULL, sending_at = NULL,
            attempts = attempts - CASE WHEN :count THEN 0 ELSE 1 END
          WHERE id = :id AND state = 'sending' AND lease_owner = :owner`,
    args: { id, owner, error: error.slice(0, 2000), retryAt, count: countAttempt ? 1 : 0 },
  })
}

/**
 * Rows left 'sending' longer than a send can take belong to a process that died between calling the
 * channel and recording the answer: the message may or may not have gone out. They are not sent again
 * (never twice); they end as failed with outcome 'ambiguous', and are counted so someone can check.
 */
export async function settleAbandonedSends(ex: Executor, staleBefore: string, deadOwners: string[] = []): Promise<number> {
  const rs = await ex.execute({
    sql: `UPDATE deliveries SET state = 'failed', outcome = 'ambiguous',
            last_error = 'the process stopped while sending: may or may not have been delivered'
          WHERE state = 'sending'
            AND (sending_at <= :staleBefore OR lease_owner IN (SELECT value FROM json_each(:deadOwners)))`,
    args: { staleBefore, deadOwners: JSON.stringify(deadOwners) },
  })
  return rs.rowsAffected
}

/** When the longest in flight of the rows being sent was taken for sending (null: none is). */
export async function oldestSendingAt(ex: Executor): Promise<string | null> {
  const rs = await ex.execute("SELECT min(sending_at) AS at FROM deliveries WHERE state = 'sending'")
  const at = rs.rows[0]?.at
  return at === null || at === undefined ? null : String(at)
}

/** Who holds a row in flight or an account's sender lease: the processes whose death the sender checks. */
export async function listSendHolders(ex: Executor): Promise<string[]> {
  const rs = await ex.execute(
    "SELECT lease_owner AS owner FROM deliveries WHERE state = 'sending' AND lease_owner IS NOT NULL UNION SELECT owner FROM sender_leases",
  )
  return rs.rows.map((r) => String(r.owner))
}

/** Drops the sender leases of dead processes: their accounts are free at once. */
export async function dropSenderLeasesOf(ex: Executor, deadOwners: string[]): Promise<number> {
  const rs = await ex.execute({
    sql: 'DELETE FROM sender_leases WHERE owner IN (SELECT value FROM json_each(:deadOwners))',
    args: { deadOwners: JSON.stringify(deadOwners) },
  })
  return rs.rowsAffected
}

export interface DeliveryCounts {
  pending: number
  sending: number
  sent: number
  failed: number
  cancelled: number
  ambiguous: number
}

export async function countDeliveries(ex: Executor, jobId?: number): Promise<DeliveryCounts> {
  const rs = await ex.execute({
    sql: `SELECT state, count(*) AS n, sum(outcome = 'ambiguous') AS amb FROM deliveries
          WHERE (:jobId IS NULL OR job_id = :jobId) GROUP BY state`,
    args: { jobId: jobId ?? null },
  })
  const c: DeliveryCounts = { pending: 0, sending: 0, sent: 0, failed: 0, cancelled: 0, ambiguous: 0 }
  for (const r of rs.rows) {
    c[String(r.state) as keyof DeliveryCounts] = Number(r.n)
    c.ambiguous += Number(r.amb ?? 0)
  }
  return c
}

/** Takes or renews the right to send for a (channel, account); false while another live process holds it. */
export async function acquireSenderLease(
  ex: Executor,
  channel: string,
  account: string,
  owner: string,
  now: string,
  until: string,
): Promise<boolean> {
  const rs = await ex.execute({
    sql: `INSERT INTO sender_leases (channel, account, owner, lease_until) VALUES (:channel, :account, :owner, :until)
          ON CONFLICT (channel, account) DO UPDATE SET owner = excluded.owner, lease_until = excluded.lease_until
          WHERE sender_leases.owner = excluded.owner OR sender_leases.lease_until <= :now`,
    args: { channel, account, owner, now, until },
  })
  return rs.rowsAffected === 1
}

export async function releaseSenderLease(ex: Executor, channel: string, account: string, owner: string): Promise<void> {
  await ex.execute({
    sql: 'DELETE FROM sender_leases WHERE channel = :channel AND account = :account AND owner = :owner',
    args: { channel, account, owner },
  })
}

/** Moves a row that could not be tried (e.g. the account's daily cap) without counting an attempt. */
export async function deferDelivery(ex: Executor, id: number, notBefore: string, reason: string): Promise<void> {
  await ex.execute({
    sql: `UPDATE deliveries SET not_before = :notBefore, last_error = :reason WHERE id = :id AND state = 'pending'`,
    args: { id, notBefore, reason },
  })
}

/** Outbox rows of a session's jobs (of these job kinds, or all) that have not gone out: they never will. */
export function cancelPendingSessionDeliveriesStatement(sessionId: string, jobKinds?: readonly string[]): InStatement {
  return {
    sql: `UPDATE deliveries SET state = 'cancelled', last_error = 'session changed'
          WHERE state = 'pending' AND job_id IN (SELECT id FROM jobs WHERE session_id = :sessionId
            AND (:kinds IS NULL OR kind IN (SELECT value FROM json_each(:kinds))))`,
    args: { sessionId, kinds: jobKinds ? JSON.stringify(jobKinds) : null },
  }
}

/** When the latest row whose key starts with `prefix` was planned (null: never); a range over the unique key's index. */
export async function findLastPlannedAt(ex: Executor, prefix: string): Promise<string | null> {
  const rs = await ex.execute({
    sql: 'SELECT max(created_at) AS at FROM deliveries WHERE dedup_key >= :lo AND dedup_key < :hi',
    args: { lo: prefix, hi: `${prefix}\u{10FFFF}` },
  })
  const at = rs.rows[0]?.at
  return at == null ? null : String(at)
}

/** How many rows whose key starts with `prefix` were planned at or after `since` (ISO). */
export async function countPlannedSince(ex: Executor, prefix: string, since: string): Promise<number> {
  const rs = await ex.execute({
    sql: 'SELECT count(*) AS n FROM deliveries WHERE dedup_key >= :lo AND dedup_key < :hi AND created_at >= :since',
    args: { lo: prefix, hi: `${prefix}\u{10FFFF}`, since },
  })
  return Number(rs.rows[0]?.n ?? 0)
}

/**
 * The sender side of the outbox: per (channel, account), takes due rows oldest first and sends them through
 * the account's pacer. A row is marked 'sending' before the Channel is called and 'sent' after, so a crash
 * can leave at most the one row in flight per account in doubt; those are settled as ambiguous, never resent.
 */
import type { Clock } from '../clock.js'
import type { Logger } from '../log.js'
import type { Db } from '../storage/db.js'
import { nextLocalMidnight } from '../calendar.js'
import { deadOwners } from '../owner.js'
import type { Channel } from './channel.js'
import { PacerCapError } from './pacer.js'
import type { PacerRegistry } from './pacing.js'
import { ChannelUnavailableError, PermanentDeliveryError, ThrottledError } from './errors.js'
import {
  acquireSenderLease,
  deferDelivery,
  listDueDeliveries,
  markRetry,
  markSending,
  markSent,
  nextDueAt,
  settleAbandonedSends,
  listSendHolders,
  oldestSendingAt,
  dropSenderLeasesOf,
  type Delivery,
  type DeliveryChannel,
} from './deliveries.repo.js'

export interface SenderDeps {
  db: Db
  clock: Clock
  tz: string
  logger: Logger
  /** the Channel serving each outbox channel; rows of a channel without one wait */
  channels: Partial<Record<DeliveryChannel, Channel>>
  /**
   * one Channel per account where a channel has several (the WeChat bot accounts this process runs): a row is
   * sent through its own account's Channel; rows of an account not listed here wait for the process that runs it
   */
  accountChannels?: Partial<Record<DeliveryChannel, Record<string, Channel>>>
  /**
   * the account whose Channel and pacer send a (channel, account)'s rows (default: that account). Rows of a WeChat
   * account no longer configured (a binding from before XUEFA_BOT_ACCOUNTS changed, or a message to someone never
   * bound, planned with the 'default' fallback) go through the first configured one rather than waiting for ever.
   */
  servedAs?(channel: DeliveryChannel, account: string): string
  pacers: PacerRegistry
  /** this process, for the row and account leases */
  owner: string
  /** how to wait for the pacer or for rows due later; tests pass one that advances a ManualClock */
  sleep: (ms: number) => Promise<void>
  /** tries before a row ends as failed (default 5) */
  maxAttempts?: number
  /** a row 'sending' for longer than this was left by a dead process (default 60 s; sends time out well before) */
  staleSendingMs?: number
  /**
   * how long a sender keeps an account without renewing (default 30 s; renewed as it sends). A process known dead
   * (src/owner.ts) loses its accounts at once; only a holder on another host that stopped answering is waited out.
   */
  accountLeaseMs?: number
}

export interface DrainStats {
  sent: number
  failed: number
  retried: number
  throttled: number
  /** rows whose recipient is over their own limit: they wait, the rows to others go on */
  held: number
  /** 1 when the channel said it was unavailable: the drain ended there, the row waits without spending a try */
  unavailable: number
  deferred: number
  /** rows another process took first */
  skipped: number
}

export interface DrainOptions {
  /** also wait for rows due within this many ms (default 0: only what is due now) */
  horizonMs?: number
  /** asked between sends: true stops the drain after the send in hand */
  shouldStop?: () => boolean
  /** longest single wait before looking at shouldStop again (default: no limit) */
  maxWaitMs?: number
}

/** Exponential backoff for a failed send: 30 s, 1 min, 2 min, … capped at 1 h. */
export function deliveryBackoffMs(attempt: number): number {
  return Math.min(3_600_000, 30_000 * 2 ** Math.max(0, attempt - 1))
}

const BATCH = 50

/** The Channel this process sends a (channel, account)'s rows through, or undefined when it does not serve it. */
export function channelFor(
  deps: Pick<SenderDeps, 'channels' | 'accountChannels' | 'servedAs'>,
  channel: DeliveryChannel,
  account: string,
): Channel | undefined {
  const perAccount = deps.accountChannels?.[channel]
  return perAccount ? perAccount[deps.servedAs?.(channel, account) ?? account] : deps.channels[channel]
}

/**
 * Settles rows left 'sending' by a dead process; returns how many (they may or may not have gone out). A row whose
 * holder is known dead (src/owner.ts: a process of this host that is gone) is settled at once and that process's
 * account leases are dropped, so a restarted process sends again without waiting; otherwise a row counts as
 * abandoned after `staleSendingMs`.
 */
export async function recoverAbandonedSends(deps: Pick<SenderDeps, 'db' | 'clock' | 'logger' | 'staleSendingMs'>): Promise<number> {
  const staleBefore = new Date(deps.clock.now().getTime() - (deps.staleSendingMs ?? 60_000)).toISOString()
  const [holders, oldest] = await Promise.all([listSendHolders(deps.db), oldestSendingAt(deps.db)])
  const dead = deadOwners(holders)
  // nothing in flight for too long and no holder dead: nothing to settle, and an idle pass writes nothing
  const n =
    dead.length > 0 || (oldest !== null && oldest <= staleBefore)
      ? await deps.db.write((tx) => settleAbandonedSends(tx, staleBefore, dead))
      : 0
  if (n > 0) deps.logger.warn({ ambiguous: n }, 'deliveries left in flight by a stopped process were not resent')
  if (dead.length > 0) {
    const leases = await deps.db.write((tx) => dropSenderLeasesOf(tx, dead))
    if (leases > 0) deps.logger.warn({ accounts: leases, owners: dead }, 'accounts held by a stopped process taken over')
  }
  return n
}

/** Sends what is due for one (channel, account) at the account's pace, until nothing is due (or told to stop). */
export async function drainAccount(deps: SenderDeps, channel: DeliveryChannel, account: string, o: DrainOptions = {}): Promise<DrainStats> {
  const stats: DrainStats = { sent: 0, failed: 0, retried: 0, throttled: 0, held: 0, unavailable: 0, deferred: 0, skipped: 0 }
  const impl = channelFor(deps, channel, account)
  if (!impl || impl.isReady?.() === false) return stats
  const via = deps.servedAs?.(channel, account) ?? account
  if (via !== account) deps.logger.warn({ channel, account, via }, 'deliveries of an account not configured go out from another')
  const pacer = deps.pacers.pacerFor(channel, via)
  const leaseMs = deps.accountLeaseMs ?? 30_000
  const stop = o.shouldStop ?? (() => false)
  const wait = (ms: number) => deps.sleep(Math.max(1, o.maxWaitMs ? Math.min(ms, o.maxWaitMs) : ms))
  let renewedAt = -Infinity
  const holdAccount = async (): Promise<boolean> => {
    const nowMs = deps.clock.now().getTime()
    if (nowMs - renewedAt < leaseMs / 3) return true
    const ok = await acquireSenderLease(
      deps.db,
      channel,
      account,
      deps.owner,
      new Date(nowMs).toISOString(),
      new Date(nowMs + leaseMs).toISOString(),
    )
    if (ok) renewedAt = nowMs
    return ok
  }
  let holdFirst = false
  while (!stop()) {
    // after a throttle, wait out the hold before looking, so the held row is due again and goes first
    if (holdFirst) for (let d = pacer.delayUntilNext(); d > 0 && !stop(); d = pacer.delayUntilNext()) await wait(d)
    holdFirst = false
    if (stop()) break
    const nowMs = deps.clock.now().getTime()
    const now = new Date(nowMs).toISOString()
    if (!(await holdAccount())) break
    const rows = await listDueDeliveries(deps.db, channel, account, now, BATCH)
    if (rows.length === 0) {
      const next = await nextDueAt(deps.db, channel, account)
      const ahead = next === null ? Infinity : new Date(next).getTime() - nowMs
      if (ahead > (o.horizonMs ?? 0)) break
      await wait(ahead)
      continue
    }
    for (const row of rows) {
      if (stop()) break
      // long waits happen here, where a stop can interrupt them; the pacer's own wait is then short. The send
      // goes in the pacer's bulk lane: a chat reply asked for meanwhile takes the next slot first, so the drain
      // yields to waiting replies between sends and a person who writes waits a send interval, not the fan-out
      for (let d = pacer.delayUntilNext(); d > 0 && !stop(); d = pacer.delayUntilNext()) await wait(d)
      if (stop() || !(await holdAccount())) break
      const outcome = await sendOne(deps, impl, pacer, row)
      stats[outcome]++
      // past the daily cap, or the whole account is down (logged out): the rows behind would only spend slots
      if (outcome === 'deferred' || outcome === 'unavailable') return stats
      // after a throttle the held row goes first once the wait is over: look again
      if (outcome === 'throttled') {
        holdFirst = true
        break
      }
    }
  }
  return stats
}

type Outcome = keyof DrainStats

async function sendOne(
  deps: SenderDeps,
  channel: Channel,
  pacer: ReturnType<PacerRegistry['pacerFor']>,
  row: Delivery,
): Promise<keyof DrainStats> {
  const { db, clock, owner, logger } = deps
  let outcome: Outcome
  try {
    outcome = await pacer.schedule(async (): Promise<Outcome> => {
      if (!(await markSending(db, row.id, owner, clock.now().toISOString()))) return 'skipped'
      try {
        await channel.send(row.to, row.message)
      } catch (err) {
        return recordFailure(deps, pacer, row, err)
      }
      await markSent(db, row.id, owner, clock.now().toISOString())
      return 'sent'
    }, 'bulk')
  } catch (err) {
    if (!(err instanceof PacerCapError)) throw err
    const resume = nextLocalMidnight(clock.now(), deps.tz).toISOString()
    await deferDelivery(db, row.id, resume, err.message)
    logger.warn({ channel: row.channel, account: row.account, resume }, 'daily send cap reached; the rest waits for tomorrow')
    return 'deferred'
  }
  return outcome
}

async function recordFailure(
  deps: SenderDeps,
  pacer: ReturnType<PacerRegistry['pacerFor']>,
  row: Delivery,
  err: unknown,
): Promise<Outcome> {
  const { db, clock, owner, logger } = deps
  const message = err instanceof Error ? err.message : String(err)
  const nowMs = clock.now().getTime()
  const log = { deliveryId: row.id, channel: row.channel, account: row.account, tag: row.message.tag, error: message }
  if (err instanceof ThrottledError && err.recipientOnly) {
    // the account is not held: the rows behind, to other people, go on; this one (and the recipient's next) wait
    await markRetry(db, row.id, owner, message, new Date(nowMs + err.retryAfterMs).toISOString(), false)
    logger.info({ ...log, retryAfterMs: err.retryAfterMs }, 'recipient over their own limit; their row waits')
    return 'held'
  }
  if (err instanceof ThrottledError) {
    pacer.holdFor(err.retryAfterMs)
    await markRetry(db, row.id, owner, message, new Date(nowMs + err.retryAfterMs).toISOString(), false)
    logger.warn({ ...log, retryAfterMs: err.retryAfterMs }, 'channel throttled; holding the account')
    return 'throttled'
  }
  if (err instanceof ChannelUnavailableError) {
    await markRetry(db, row.id, owner, message, new Date(nowMs + err.retryAfterMs).toISOString(), false)
    logger.warn({ ...log, retryAfterMs: err.retryAfterMs }, 'channel unavailable; the account waits')
    return 'unavailable'
  }
  const attempts = row.attempts + 1
  if (err instanceof PermanentDeliveryError || attempts >= (deps.maxAttempts ?? 5)) {
    await markRetry(db, row.id, owner, message, null, true)
    logger.error({ ...log, attempts }, 'delivery failed for good')
    return 'failed'
  }
  await markRetry(db, row.id, owner, message, new Date(nowMs + deliveryBackoffMs(attempts)).toISOString(), true)
  logger.warn({ ...log, attempts }, 'delivery failed; will retry')
  return 'retried'
}

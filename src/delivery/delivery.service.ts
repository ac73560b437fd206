import { randomBytes } from 'node:crypto'
import { channelFor, drainAccount, recoverAbandonedSends, type SenderDeps } from './sender.js'
import { listDueAccounts, releaseSenderLease } from './deliveries.repo.js'
import type { PollMember, Poller } from '../poller.js'

export interface DeliveryService {
  readonly name: string
  start(): Promise<void>
  /** stops taking rows; the send in hand finishes (bounded by `stopTimeoutMs`) */
  stop(): Promise<void>
  /** one pass over every account with due rows, each drained to the end; what tests and the demo call */
  drainOnce(): Promise<void>
}

export type DeliveryServiceDeps = Omit<SenderDeps, 'owner' | 'sleep'> & {
  owner?: string
  /** how often to look for due rows (default 1000 ms) */
  pollMs?: number
  /** on a remote database: looks on the process's shared beat instead of every `pollMs`, and at once on its own commits (poller.ts) */
  poller?: Poller
  stopTimeoutMs?: number
  /** waits; real timers by default (the service wakes them on stop) */
  sleep?: (ms: number) => Promise<void>
}

/**
 * A `Service`-shaped sender loop: every `pollMs` it finds the (channel, account) pairs with due rows and
 * drains each one on its own (one pacer per account, accounts in parallel).
 */
export function createDeliveryService(deps: DeliveryServiceDeps): DeliveryService {
  const owner = deps.owner ?? `sender-${randomBytes(4).toString('hex')}`
  const pollMs = deps.pollMs ?? 1000
  const active = new Map<string, Promise<void>>()
  const timers = new Set<{ timer: NodeJS.Timeout; resolve: () => void }>()
  let stopped = true
  let stopping = false
  let loop: Promise<void> | null = null
  const touched = new Set<string>()
  let beat: PollMember | null = null

  const sleep =
    deps.sleep ??
    ((ms: number) =>
      new Promise<void>((resolve) => {
        if (stopping) return resolve()
        const entry = {
          timer: setTimeout(() => {
            timers.delete(entry)
            resolve()
          }, ms),
          resolve,
        }
        timers.add(entry)
      }))
  const sender: SenderDeps = { ...deps, owner, sleep }

  function drain(channel: Parameters<typeof drainAccount>[1], account: string): Promise<void> {
    const key = `${channel}:${account}`
    const running = active.get(key)
    if (running) return running
    touched.add(key)
    const p = drainAccount(sender, channel, account, { shouldStop: () => stopping, maxWaitMs: 5000 })
      .then((stats) => {
        if (stats.sent + stats.failed + stats.throttled + stats.unavailable > 0)
          deps.logger.info({ channel, account, ...stats }, 'deliveries drained')
      })
      .catch((err: unknown) => deps.logger.error({ err, channel, account }, 'delivery drain failed'))
      .finally(() => active.delete(key))
    active.set(key, p)
    return p
  }

  /** Finds the accounts with due rows and starts draining each (one drain per account at a time); their drains. */
  async function look(): Promise<Promise<void>[]> {
    // asked together: on a remote database one round trip (storage/db.ts)
    const [, accounts] = await Promise.all([recoverAbandonedSends(sender), listDueAccounts(deps.db, deps.clock.now().toISOString())])
    return accounts.filter((a) => channelFor(deps, a.channel, a.account)).map((a) => drain(a.channel, a.account))
  }

  async function pass(): Promise<void> {
    await Promise.all(await look())
  }

  async function run(): Promise<void> {
    if (deps.poller) {
      const member = deps.poller.join()
      beat = member
      // a look at once (what a predecessor left due goes now), then one at each beat or wake; accounts drain in the
      // background (as below), so the next beat looks again meanwhile
      while (!stopped) {
        await look().catch((err: unknown) => deps.logger.error({ err }, 'delivery pass failed'))
        await member.wait()
      }
      return
    }
    while (!stopped) {
      // accounts drain in the background: a slow robot does not hold up private messages
      await Promise.race([pass(), sleep(pollMs)]).catch((err: unknown) => deps.logger.error({ err }, 'delivery pass failed'))
      await sleep(pollMs)
    }
  }

  return {
    name: 'delivery',
    async start() {
      if (!stopped) return
      stopped = false
      stopping = false
      // what a dead predecessor left in flight is settled before this process counts as started (owner.ts)
      await recoverAbandonedSends(sender).catch((err: unknown) => deps.logger.error({ err }, 'delivery recovery failed'))
      loop = run()
    },
    async stop() {
      if (stopped) return
      stopped = true
      stopping = true
      beat?.leave()
      beat = null
      for (const t of timers) {
        clearTimeout(t.timer)
        t.resolve()
      }
      timers.clear()
      const bound = new Promise<void>((r) => setTimeout(r, deps.stopTimeoutMs ?? 15_000).unref())
      await Promise.race([Promise.all([loop, ...active.values()]), bound])
      // another process may take over these accounts at once rather than when the leases run out
      for (const key of touched) {
        const [channel, account] = key.split(/:(.*)/s) as [string, string]
        await releaseSenderLease(deps.db, channel, account, owner).catch(() => undefined)
      }
      loop = null
    },
    async drainOnce() {
      await pass()
    },
  }
}

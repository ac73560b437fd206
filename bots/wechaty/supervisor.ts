import type { Logger } from '../../src/log.js'

export type Health = 'up' | 'waiting' | 'down'

export interface SupervisorOptions {
  /** no event at all for this long while logged in → the connection is considered dead */
  heartbeatTimeoutMs: number
  checkEveryMs: number
  backoff: { initialMs: number; maxMs: number }
  /** a monotonic clock in ms (the business clock may be a manual one) */
  now: () => number
  health: () => Health
  restart: () => Promise<void>
  onSilent: (silentMs: number) => void
  logger: Logger
}

export interface Supervisor {
  /** any event from the puppet */
  touch(): void
  /** logged in: backoff starts over */
  reset(): void
  /** schedules a restart after the current backoff (once; later calls wait for it) */
  reconnectSoon(reason: string): void
  /** what the interval timer runs; exposed so tests can drive it */
  check(): void
  start(): void
  stop(): void
  readonly attempts: number
  readonly reconnectPending: boolean
}

/** Heartbeat watchdog and reconnection with exponential backoff. */
export function createSupervisor(o: SupervisorOptions): Supervisor {
  let lastEvent = o.now()
  let attempts = 0
  let timer: NodeJS.Timeout | undefined
  let interval: NodeJS.Timeout | undefined
  let running = false

  async function runRestart(reason: string, scheduledAt: number): Promise<void> {
    timer = undefined
    if (!running) return
    if (lastEvent > scheduledAt && o.health() !== 'down') return // it came back by itself
    o.logger.warn({ event: 'reconnect', reason, attempt: attempts }, 'wechaty reconnecting')
    try {
      await o.restart()
    } catch (err) {
      o.logger.error({ event: 'reconnect_failed', err: err instanceof Error ? err.message : String(err) }, 'wechaty restart failed')
    }
    lastEvent = o.now()
    if (o.health() === 'down') s.reconnectSoon(reason)
  }

  const s: Supervisor = {
    touch() {
      lastEvent = o.now()
    },
    reset() {
      attempts = 0
      if (timer) clearTimeout(timer)
      timer = undefined
    },
    reconnectSoon(reason) {
      if (!running || timer) return
      const delay = Math.min(o.backoff.initialMs * 2 ** attempts, o.backoff.maxMs)
      attempts++
      const scheduledAt = o.now()
      o.logger.info({ event: 'reconnect_scheduled', reason, delayMs: delay, attempt: attempts }, 'wechaty reconnect scheduled')
      timer = setTimeout(() => void runRestart(reason, scheduledAt), delay)
      timer.unref()
    },
    check() {
      if (!running) return
      const health = o.health()
      const silentMs = o.now() - lastEvent
      if (health === 'up' && silentMs > o.heartbeatTimeoutMs && !timer) {
        o.onSilent(silentMs)
        s.reconnectSoon('silent')
      } else if (health === 'down') s.reconnectSoon('down')
    },
    start() {
      running = true
      lastEvent = o.now()
      interval = setInterval(() => s.check(), o.checkEveryMs)
      interval.unref()
    },
    stop() {
      running = false
      if (interval) clearInterval(interval)
      if (timer) clearTimeout(timer)
      interval = timer = undefined
    },
    get attempts() {
      return attempts
    },
    get reconnectPending() {
      return timer !== undefined
    },
  }
  return s
}

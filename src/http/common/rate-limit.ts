import type { Clock } from '../../clock.js'

export interface FailureLimiterOptions {
  clock: Clock
  /** failures allowed per window and address */
  limit?: number
  windowMs?: number
  /** addresses tracked at most; the oldest windows are dropped beyond it */
  maxEntries?: number
}

/** Seconds until the address may try again, or 0 when it may try now. */
export interface FailureLimiter {
  retryAfter(address: string): number
  recordFailure(address: string): void
}

/**
 * Failed authentications per client address in a fixed window, in memory (one process). Once an address has
 * used up its failures every attempt is refused until the window ends, so a guesser cannot keep going.
 */
export function createFailureLimiter(options: FailureLimiterOptions): FailureLimiter {
  const { clock, limit = 10, windowMs = 60_000, maxEntries = 10_000 } = options
  const windows = new Map<string, { startedAt: number; failures: number }>()

  const live = (address: string, now: number) => {
    const w = windows.get(address)
    if (w && now - w.startedAt < windowMs) return w
    if (w) windows.delete(address)
    return undefined
  }

  return {
    retryAfter(address) {
      const now = clock.now().getTime()
      const w = live(address, now)
      if (!w || w.failures < limit) return 0
      return Math.max(1, Math.ceil((w.startedAt + windowMs - now) / 1000))
    },
    recordFailure(address) {
      const now = clock.now().getTime()
      const w = live(address, now)
      if (w) {
        w.failures += 1
        return
      }
      if (windows.size >= maxEntries) {
        for (const [key, old] of windows) if (now - old.startedAt >= windowMs) windows.delete(key)
        if (windows.size >= maxEntries) windows.delete(windows.keys().next().value as string)
      }
      windows.set(address, { startedAt: now, failures: 1 })
    },
  }
}

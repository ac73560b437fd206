import { createHash } from 'node:crypto'
import type { Clock } from '../../clock.js'

export interface FailureLimiterOptions {
  clock: Clock
  /** failures allowed per window, for one address and for one credential */
  limit?: number
  windowMs?: number
  /** addresses (and credentials) tracked at most; the oldest windows are dropped beyond it */
  maxEntries?: number
}

/**
 * Failed authentications (bearer tokens, dashboard log-ins, webhook signatures), counted per client address and per
 * presented credential. It limits the failing, never the innocent: it is consulted only about a credential that
 * failed, so a valid credential is never refused because someone else — behind the same address — failed.
 */
export interface FailureLimiter {
  /**
   * Before looking a credential up: seconds until this credential (one that failed `limit` times) is looked up again,
   * or 0. A credential that failed is one that does not exist or no longer works; it will not start to.
   */
  credentialWait(credential: string): number
  /**
   * After a failure from `address` with `credential` (undefined when none was presented): seconds to tell the client to
   * wait (answer 429), once the address or the credential has failed more than `limit` times in the window; else 0
   * (answer 401).
   */
  recordFailure(address: string, credential: string | undefined): number
}

interface Window {
  startedAt: number
  failures: number
}

/** Fixed windows per key, in memory (one process), at most `maxEntries` of them. */
function windows(windowMs: number, maxEntries: number) {
  const map = new Map<string, Window>()
  const live = (key: string, now: number) => {
    const w = map.get(key)
    if (w && now - w.startedAt < windowMs) return w
    if (w) map.delete(key)
    return undefined
  }
  return {
    failures(key: string, now: number): Window | undefined {
      return live(key, now)
    },
    add(key: string, now: number): Window {
      const w = live(key, now)
      if (w) {
        w.failures += 1
        return w
      }
      if (map.size >= maxEntries) {
        for (const [k, old] of map) if (now - old.startedAt >= windowMs) map.delete(k)
        if (map.size >= maxEntries) map.delete(map.keys().next().value as string)
      }
      const fresh = { startedAt: now, failures: 1 }
      map.set(key, fresh)
      return fresh
    },
  }
}

/** Credentials are kept as a digest: the limiter never holds a token or a signature itself. */
const credentialKey = (credential: string) => createHash('sha256').update(credential, 'utf8').digest('base64url').slice(0, 22)

export function createFailureLimiter(options: FailureLimiterOptions): FailureLimiter {
  const { clock, limit = 10, windowMs = 60_000, maxEntries = 10_000 } = options
  const byAddress = windows(windowMs, maxEntries)
  const byCredential = windows(windowMs, maxEntries)
  const secondsLeft = (w: Window, now: number) => Math.max(1, Math.ceil((w.startedAt + windowMs - now) / 1000))

  return {
    credentialWait(credential) {
      const now = clock.now().getTime()
      const w = byCredential.failures(credentialKey(credential), now)
      return w && w.failures >= limit ? secondsLeft(w, now) : 0
    },
    recordFailure(address, credential) {
      const now = clock.now().getTime()
      const waits = [byAddress.add(address, now), ...(credential ? [byCredential.add(credentialKey(credential), now)] : [])]
        .filter((w) => w.failures > limit)
        .map((w) => secondsLeft(w, now))
      return waits.length > 0 ? Math.max(...waits) : 0
    },
  }
}

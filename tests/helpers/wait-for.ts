import { vi } from 'vitest'

/**
 * Polls `fn` until it gives something, for state that announces no event to wait on (a bot's login state, a reply
 * the mock puppet delivers). Gives up after 20 s, under the tests' 30 s timeout, so a stall fails naming `what`.
 */
export function waitFor<T>(fn: () => T | undefined | null | false, what: string): Promise<T> {
  return vi.waitFor(
    () => {
      const v = fn()
      if (!v) throw new Error(`timed out waiting for ${what}`)
      return v
    },
    { timeout: 20_000, interval: 10 },
  )
}

import { describe, expect, it } from 'vitest'
import { ManualClock } from '../../src/clock.js'
import { createFailureLimiter } from '../../src/http/middleware/rate-limit.js'
import { createTokenCache } from '../../src/access/token-cache.js'
import type { Executor } from '../../src/storage/db.js'

describe('createFailureLimiter', () => {
  it('blocks an address after `limit` failures until the window ends', () => {
    const clock = new ManualClock('2024-01-01T00:00:00Z')
    const limiter = createFailureLimiter({ clock, limit: 3, windowMs: 60_000 })
    for (let i = 0; i < 3; i++) {
      expect(limiter.retryAfter('a')).toBe(0)
      limiter.recordFailure('a')
    }
    expect(limiter.retryAfter('a')).toBe(60)
    expect(limiter.retryAfter('b')).toBe(0)
    clock.advance(59_500)
    expect(limiter.retryAfter('a')).toBe(1)
    clock.advance(500)
    expect(limiter.retryAfter('a')).toBe(0)
  })

  it('keeps at most maxEntries addresses', () => {
    const clock = new ManualClock('2024-01-01T00:00:00Z')
    const limiter = createFailureLimiter({ clock, limit: 1, maxEntries: 2 })
    limiter.recordFailure('a')
    limiter.recordFailure('b')
    limiter.recordFailure('c')
    expect(['a', 'b', 'c'].map((x) => limiter.retryAfter(x) > 0)).toEqual([false, true, true])
  })
})

describe('createTokenCache', () => {
  const token = {
    id: 7,
    role: 'reporter' as const,
    unitCode: null,
    label: null,
    createdAt: '',
    expiresAt: '2024-01-01T00:01:00.000Z',
    revokedAt: null,
  }

  function fakeDb() {
    const calls = { n: 0, live: true }
    const ex: Executor = {
      execute: async () => {
        calls.n++
        return {
          rows: calls.live
            ? [{ id: 7, role: 'reporter', unit_code: null, label: null, created_at: '', expires_at: token.expiresAt, revoked_at: null }]
            : [],
        } as never
      },
    }
    return { ex, calls }
  }

  it('asks the database once per TTL, honours expiry on hits, and forgets a token at once', async () => {
    const clock = new ManualClock('2024-01-01T00:00:00Z')
    const cache = createTokenCache({ clock, ttlMs: 5_000 })
    const { ex, calls } = fakeDb()
    expect((await cache.findLive(ex, 'h'))?.id).toBe(7)
    expect((await cache.findLive(ex, 'h'))?.id).toBe(7)
    expect(calls.n).toBe(1)
    calls.live = false
    clock.advance(4_999)
    expect(await cache.findLive(ex, 'h')).not.toBeNull()
    clock.advance(1)
    expect(await cache.findLive(ex, 'h')).toBeNull()
    calls.live = true
    expect(await cache.findLive(ex, 'h')).not.toBeNull()
    cache.forget(7)
    calls.live = false
    expect(await cache.findLive(ex, 'h')).toBeNull()
  })

  it('refuses a cached token once it has expired', async () => {
    const clock = new ManualClock('2024-01-01T00:00:58Z')
    const cache = createTokenCache({ clock, ttlMs: 60_000 })
    const { ex, calls } = fakeDb()
    expect(await cache.findLive(ex, 'h')).not.toBeNull()
    clock.advance(2_000)
    expect(await cache.findLive(ex, 'h')).toBeNull()
    expect(calls.n).toBe(1)
  })
})

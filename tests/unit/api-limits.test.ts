import { describe, expect, it } from 'vitest'
import { ManualClock } from '../../src/clock.js'
import { createFailureLimiter } from '../../src/http/common/rate-limit.js'

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

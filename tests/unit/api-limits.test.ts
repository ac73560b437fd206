import { describe, expect, it } from 'vitest'
import { ManualClock } from '../../src/clock.js'
import { createFailureLimiter } from '../../src/http/common/rate-limit.js'

describe('createFailureLimiter', () => {
  it('tells an address to wait once it failed more than `limit` times, until the window ends', () => {
    const clock = new ManualClock('2024-01-01T00:00:00Z')
    const limiter = createFailureLimiter({ clock, limit: 3, windowMs: 60_000 })
    for (let i = 0; i < 3; i++) expect(limiter.recordFailure('a', `bad-${i}`)).toBe(0)
    expect(limiter.recordFailure('a', 'bad-3')).toBe(60)
    expect(limiter.recordFailure('b', 'bad-4')).toBe(0)
    clock.advance(59_500)
    expect(limiter.recordFailure('a', 'bad-5')).toBe(1)
    clock.advance(500)
    expect(limiter.recordFailure('a', 'bad-6')).toBe(0)
  })

  it('holds a credential that failed `limit` times, from any address, and no other credential', () => {
    const clock = new ManualClock('2024-01-01T00:00:00Z')
    const limiter = createFailureLimiter({ clock, limit: 3, windowMs: 60_000 })
    for (const address of ['a', 'b', 'c']) {
      expect(limiter.credentialWait('revoked')).toBe(0)
      expect(limiter.recordFailure(address, 'revoked')).toBe(0)
    }
    expect(limiter.credentialWait('revoked')).toBe(60)
    expect(limiter.credentialWait('valid')).toBe(0)
    clock.advance(60_000)
    expect(limiter.credentialWait('revoked')).toBe(0)
  })

  it('keeps at most maxEntries addresses', () => {
    const clock = new ManualClock('2024-01-01T00:00:00Z')
    const limiter = createFailureLimiter({ clock, limit: 1, maxEntries: 2 })
    limiter.recordFailure('a', undefined)
    limiter.recordFailure('b', undefined)
    limiter.recordFailure('c', undefined)
    expect(limiter.recordFailure('c', undefined)).toBeGreaterThan(0)
    // a was dropped to keep two: its next failure is its first again
    expect(limiter.recordFailure('a', undefined)).toBe(0)
  })
})

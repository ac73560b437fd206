import { describe, expect, it } from 'vitest'
import { createVersionedCache } from '../../src/storage/versioned-cache.js'

describe('versioned cache', () => {
  it('gives back a value only at the version it was kept at, and forgets everything when the version moves', () => {
    const c = createVersionedCache<string>({ maxEntries: 10 })
    c.set('a', 1, 'A')
    c.set('b', 1, 'B')
    expect(c.get('a', 1)).toBe('A')
    expect(c.get('a', 2)).toBeUndefined()
    expect(c.size).toBe(0)
    expect(c.get('b', 1)).toBeUndefined() // gone, even when asked at the old version again
  })

  it('drops what was kept at another version when a value is kept at a new one', () => {
    const c = createVersionedCache<string>({ maxEntries: 10 })
    c.set('a', 1, 'A')
    c.set('b', 2, 'B')
    expect(c.size).toBe(1)
    expect(c.get('b', 2)).toBe('B')
  })

  it('evicts the least recently used beyond its entry and byte bounds, and refuses a value larger than all of it', () => {
    const c = createVersionedCache<string>({ maxEntries: 2, maxBytes: 100 })
    c.set('a', 1, 'A', 10)
    c.set('b', 1, 'B', 10)
    c.get('a', 1) // a is now the most recently used
    c.set('c', 1, 'C', 10)
    expect(c.get('b', 1)).toBeUndefined()
    expect(c.get('a', 1)).toBe('A')
    c.set('d', 1, 'D', 95) // pushes both others out by size
    expect(c.size).toBe(1)
    c.set('e', 1, 'E', 101)
    expect(c.get('e', 1)).toBeUndefined()
    expect(c.get('d', 1)).toBe('D')
  })
})

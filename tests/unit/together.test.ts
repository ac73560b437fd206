import { describe, expect, it } from 'vitest'
import type { Executor } from '../../src/storage/db.js'
import { together } from '../../src/storage/together.js'

const executor = (isLocal: boolean | undefined) =>
  ({ isLocal, execute: () => Promise.reject(new Error('not used')) }) as unknown as Executor

/** Two reads that record when each starts and ends; the first ends a tick later than it starts. */
function reads() {
  const events: string[] = []
  const read = (name: string, value: number) => async () => {
    events.push(`${name} start`)
    await new Promise((r) => setTimeout(r, 1))
    events.push(`${name} end`)
    return value
  }
  return { events, a: read('a', 1), b: read('b', 2) }
}

describe('together', () => {
  it('asks every read at once on a remote database (so they go as one read batch)', async () => {
    const { events, a, b } = reads()
    expect(await together(executor(false), a, b)).toEqual([1, 2])
    expect(events.slice(0, 2)).toEqual(['a start', 'b start'])
  })

  it('runs them one after another on a local file and inside a transaction, in order', async () => {
    for (const ex of [executor(true), executor(undefined)]) {
      const { events, a, b } = reads()
      expect(await together(ex, a, b)).toEqual([1, 2])
      expect(events).toEqual(['a start', 'a end', 'b start', 'b end'])
    }
  })
})

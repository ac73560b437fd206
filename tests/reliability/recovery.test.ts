/**
 * Recovery after a SIGKILL (issue 18): `xuefa serve` killed with a group-robot message in flight, started again —
 * the new process finds its predecessor dead (same host, process gone: src/owner.ts) and sends the next message at
 * once, instead of waiting out the 60 s of the row in flight and of the robot account's lease (the old leases would
 * outlast this test's timeout). The scenario is the bench's `recovery.seconds`.
 */
import { describe, expect, it } from 'vitest'
import { killAndRestart } from '../../scripts/bench/recovery.bench.js'

describe('recovery after a kill', () => {
  it('settles the send in flight as ambiguous, takes the account at once and sends the rest, each once', async () => {
    const r = await killAndRestart()
    console.info(`recovery after a kill: the next message reached the robot ${r.seconds.toFixed(2)} s after the restart`)
    expect(r.states).toEqual({ ambiguous: 1, sent: 2 })
    expect(r.received).toBe(3)
  }, 60_000)
})

import { describe, expect, it } from 'vitest'
import { testEngine } from '../helpers/db.js'
import { runIdempotencyChain } from './helpers/idempotency-chain.js'

const KILLS = Number(process.env.XUEFA_RELIABILITY_KILLS ?? 20)
const SEED = Number(process.env.XUEFA_RELIABILITY_SEED ?? 20240304)
// On a libSQL server a process killed inside a write transaction leaves it open on the server, which holds the write
// lock until it gives the transaction up (5 s with sqld 0.24): the next life's first write waits that long after most
// kills (measured: lives of ~3.5 s instead of a fraction of one). Nothing is lost; the chain only takes longer.
const TIMEOUT_MS = testEngine() === 'sqld' ? 180_000 : 60_000

describe('Idempotency-Key across SIGKILLs', () => {
  it(
    `after ${KILLS} SIGKILLs (seed ${SEED}) every key has one effect and its retry gets that effect's answer`,
    async () => {
      const r = await runIdempotencyChain({ seed: SEED, kills: KILLS })
      console.info(
        `idempotency chain seed ${SEED}: ${KILLS} kills, ${r.keys} keys, ${r.acknowledged} acknowledged, ` +
          `${r.inFlightAtKill.reduce((a, b) => a + b, 0)} requests in flight at the kills [${r.inFlightAtKill.join(',')}], ` +
          `${r.replayedAfterKill} answered after a kill with the effect of an earlier life, ${r.twoEffects.length} keys with two effects`,
      )
      expect(r.unexpected).toEqual([])
      expect(r.twoEffects).toEqual([])
      expect(r.wrongAnswer).toEqual([])
      expect(r.acknowledged).toBe(r.keys)
      expect(r.inFlightAtKill.reduce((a, b) => a + b, 0)).toBeGreaterThan(0)
      // the window of the issue was met: a session committed, its process killed before answering, and the retry got
      // that session (7 of 120 requests in flight on seed 20240304; none of them would be a chance of ~1 in 1,000)
      expect(r.replayedAfterKill).toBeGreaterThan(0)
    },
    TIMEOUT_MS,
  )
})

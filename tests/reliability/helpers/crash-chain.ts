/**
 * A crash chain: one file database, the server started as a child process, driven, killed with SIGKILL at a
 * seeded random moment, checked, restarted (a few minutes later in its own time, so leases run out) — `kills`
 * times — then a last life that finishes everything and stops cleanly.
 */
import { vi } from 'vitest'
import { dilatedNow, type DilatedTime } from '../../../scripts/reliability/dilated-clock.js'
import { createTestDb, type TestDb } from '../../helpers/db.js'
import { ManualClock } from '../../../src/clock.js'
import { compileDriver, spawnDriver, type Driver, type SpawnedDriver } from './driver.js'
import { seedCrashCounty } from './crash-seed.js'
import { driveLife, isWorkloadDone, planWorkload, type WorkloadState } from './crash-workload.js'
import { checkAfterKill, checkFinal, type FinalFigures, type KillLedger } from './crash-checks.js'
import { createPrng } from './prng.js'

export interface ChainResult {
  problems: string[]
  figures: FinalFigures
  inFlightAtKill: number[]
  killDelays: string[]
  finalExit: number | null
  state: WorkloadState
}

const FACTOR = 50
// a restart takes a dead predecessor's leases at once (src/owner.ts); the gap also outlasts every lease (a job's 60 s,
// a send's staleness 60 s), as for a predecessor on another host
const RESTART_GAP_MS = 6 * 60_000
const CHAIN_START = Date.parse('2024-03-04T02:00:00.000Z') // 10:00 in Shanghai

export async function runCrashChain(o: {
  seed: number
  kills: number
  officials?: number
  bound?: number
  answerers?: number
}): Promise<ChainResult> {
  const t = await createTestDb(new ManualClock(new Date(CHAIN_START)))
  const county = await seedCrashCounty(t.db, new Date(CHAIN_START), {
    officials: o.officials ?? 30,
    bound: o.bound ?? 30,
    answerers: o.answerers ?? 5,
  })
  t.db.close()
  const rnd = createPrng(o.seed)
  const state = planWorkload(county, o.seed, CHAIN_START, { meetings: Math.ceil(o.kills / 2), exams: Math.ceil(o.kills / 2) })
  const ledger: KillLedger = { runningAtKill: new Map(), inFlightAtKill: [], sendingAtKill: [] }
  const problems: string[] = []
  const killDelays: string[] = []
  let lifeHeard: { count: number; at: number; fire: () => void } = { count: 0, at: Infinity, fire: () => {} }
  const onHeard = (to: string, text: string) => {
    state.heard.set(to, [...(state.heard.get(to) ?? []), text])
    state.news.notify()
    if (++lifeHeard.count === lifeHeard.at) lifeHeard.fire()
  }
  let virtual = CHAIN_START
  const nextTime = (): DilatedTime => ({ base: virtual, realStart: Date.now(), factor: FACTOR })
  const t0 = Date.now()
  const mark = (what: string) => process.env.XUEFA_RELIABILITY_TRACE && console.info(`${Date.now() - t0} ms: ${what}`)
  // the next life loads its modules while the current one runs
  const driver = await compileDriver()
  const spares: SpawnedDriver[] = [spawnDriver(driver, t.env), spawnDriver(driver, t.env)]
  const next = (more: boolean) => {
    if (more) spares.push(spawnDriver(driver, t.env))
    return spares.shift()!
  }
  try {
    for (let k = 0; k < o.kills; k++) {
      const time = nextTime()
      // half the kills come at a random moment, half right after the bot's n-th message of this life (mid fan-out or mid quiz)
      const afterMessage = rnd.next() < 0.5 ? rnd.int(1, 40) : Infinity
      const delay = afterMessage === Infinity ? rnd.int(0, 1500) : 3000
      const killAt = new Promise<void>((r) => (lifeHeard = { count: 0, at: afterMessage, fire: () => r() }))
      const d = await next(k + 2 < o.kills + 1).go(time, onHeard)
      const life = { over: false, seed: o.seed * 1000 + k }
      mark(`life ${k + 1} ready`)
      const driving = driveLife(d, state, county, time, life)
      killDelays.push(afterMessage === Infinity ? `${delay} ms` : `message ${afterMessage}`)
      await Promise.race([new Promise((r) => setTimeout(r, delay)), killAt, driving])
      life.over = true
      state.news.notify()
      d.child.kill('SIGKILL')
      await d.exited
      await driving
      mark(`life ${k + 1} killed`)
      virtual = dilatedNow(time) + RESTART_GAP_MS
      const db = await t.open()
      try {
        for (const p of await checkAfterKill(db, state, ledger)) problems.push(`kill ${k + 1} (${killDelays[k]}): ${p}`)
      } finally {
        db.close()
      }
    }
    const time = nextTime()
    lifeHeard = { count: 0, at: Infinity, fire: () => undefined }
    const d = await next(false).go(time, onHeard)
    const life = { over: false, seed: o.seed * 1000 + o.kills }
    mark('last life ready')
    await driveLife(d, state, county, time, life)
    mark('workload done')
    if (!isWorkloadDone(state)) problems.push('the last life did not finish the workload')
    // jobs that fall due after this moment are rightly still pending once the server has stopped
    const quietAt = await waitForQuiet(t, d, time)
    mark('quiet')
    d.child.kill('SIGTERM')
    const finalExit = await d.exited
    const db = await t.open()
    try {
      const final = await checkFinal(db, state, ledger, quietAt)
      problems.push(...final.problems.map((p) => `after the clean stop: ${p}`), ...state.unexpected.map((u) => `unexpected: ${u}`))
      return { problems, figures: final.figures, inFlightAtKill: ledger.inFlightAtKill, killDelays, finalExit, state }
    } finally {
      db.close()
    }
  } finally {
    for (const s of spares) s.discard()
    driver.remove()
    t.cleanup()
  }
}

/**
 * Runs the scheduler's tick (rather than waiting for its 5 real seconds) until no job or delivery is due or in hand;
 * returns that moment (virtual time), which the final check uses. Due sends go out on the outbox's own loop.
 */
async function waitForQuiet(t: TestDb, d: Driver, time: DilatedTime): Promise<string> {
  const db = await t.open()
  try {
    return await vi.waitFor(
      async () => {
        await d.tick()
        const now = new Date(dilatedNow(time)).toISOString()
        const rs = await db.execute({
          sql: `SELECT (SELECT count(*) FROM jobs WHERE (state = 'pending' AND due_at <= :now) OR state = 'running')
                     + (SELECT count(*) FROM deliveries WHERE (state = 'pending' AND not_before <= :now) OR state = 'sending') AS busy`,
          args: { now },
        })
        const busy = Number(rs.rows[0]!.busy)
        if (busy !== 0) throw new Error(`the server did not settle: ${busy} jobs and deliveries due or in hand\n${d.stderr()}`)
        return now
      },
      { timeout: 120_000, interval: 20 },
    )
  } finally {
    db.close()
  }
}

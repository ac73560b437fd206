import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { spawn } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { ManualClock } from '../../src/clock.js'
import { silentLogger } from '../../src/log.js'
import { enqueueJob, listFailedJobs, type Job } from '../../src/jobs/jobs.repo.js'
import type { JobEffects } from '../../src/jobs/effects.js'
import { createJobHandlers } from '../../src/scheduler/handlers.js'
import { runDueJobs, jobBackoffMs, type RunnerDeps } from '../../src/scheduler/runner.js'
import { createScheduler } from '../../src/scheduler/scheduler.js'
import { createSchedule, fireDueSchedules } from '../../src/schedules/schedules.service.js'
import { createTestDb, type TestDb } from '../helpers/db.js'

const tz = 'Asia/Shanghai'

function runnerWith(t: TestDb, clock: ManualClock, digest: JobEffects['digest.weekly'], owner = 'p1'): RunnerDeps {
  return { db: t.db, clock, tz, logger: silentLogger, owner, handlers: { ...createJobHandlers(), 'digest.weekly': digest } }
}

async function jobRow(t: TestDb, id = 1) {
  const rs = await t.db.execute({ sql: 'SELECT state, attempts, due_at, last_error FROM jobs WHERE id = ?', args: [id] })
  return rs.rows[0]!
}

describe('durable jobs', () => {
  let t: TestDb
  beforeEach(async () => {
    t = await createTestDb()
  })
  afterEach(() => t.cleanup())

  it('runs each missed job exactly once when the scheduler starts after downtime', async () => {
    const clock = new ManualClock('2024-03-04T01:00:00Z')
    for (const [i, due] of ['2024-03-01T00:00:00Z', '2024-03-02T00:00:00Z', '2024-03-04T00:59:00Z', '2024-03-05T00:00:00Z'].entries()) {
      await enqueueJob(t.db, { kind: 'digest.weekly', dueAt: due, payload: { unitCode: `U${i}` } }, clock.now().toISOString())
    }
    const ran: string[] = []
    const scheduler = createScheduler({ ...runnerWith(t, clock, async (p) => void ran.push(p.unitCode!)), tick: '0 0 1 1 *' })
    await scheduler.start()
    expect(ran).toEqual(['U0', 'U1', 'U2'])
    await scheduler.runOnce()
    expect(ran).toEqual(['U0', 'U1', 'U2'])
    clock.set('2024-03-05T00:00:00Z')
    await scheduler.runOnce()
    expect(ran).toEqual(['U0', 'U1', 'U2', 'U3'])
    await scheduler.stop()
  })

  it('backs off exponentially and ends as failed after the last attempt, visible to organizers', async () => {
    const clock = new ManualClock('2024-03-04T01:00:00Z')
    await enqueueJob(t.db, { kind: 'digest.weekly', dueAt: clock.now().toISOString(), payload: {} }, clock.now().toISOString())
    let calls = 0
    const deps = {
      ...runnerWith(
        t,
        clock,
        async () =>
          void (calls++,
          (() => {
            throw new Error(`robot down #${calls}`)
          })()),
      ),
      maxAttempts: 3,
    }
    expect(await runDueJobs(deps)).toMatchObject({ retried: 1 })
    expect(await jobRow(t)).toMatchObject({
      state: 'pending',
      attempts: 1,
      due_at: '2024-03-04T01:01:00.000Z',
      last_error: 'robot down #1',
    })
    clock.advance(59_000)
    await runDueJobs(deps)
    expect(calls).toBe(1) // not due yet
    clock.advance(1_000)
    await runDueJobs(deps)
    expect(await jobRow(t)).toMatchObject({ state: 'pending', attempts: 2, due_at: '2024-03-04T01:03:00.000Z' })
    expect(jobBackoffMs(2)).toBe(120_000)
    clock.set('2024-03-04T01:03:00Z')
    expect(await runDueJobs(deps)).toMatchObject({ failed: 1 })
    expect(await jobRow(t)).toMatchObject({ state: 'failed', attempts: 3, last_error: 'robot down #3' })
    clock.advance(86_400_000)
    await runDueJobs(deps)
    expect(calls).toBe(3)
    const failed = await listFailedJobs(t.db)
    expect(failed.map((j: Job) => [j.kind, j.lastError])).toEqual([['digest.weekly', 'robot down #3']])
  })

  it('takes over a job whose process died (lease run out), and a process that lost its lease cannot settle it', async () => {
    const clock = new ManualClock('2024-03-04T01:00:00Z')
    await enqueueJob(t.db, { kind: 'digest.weekly', dueAt: clock.now().toISOString(), payload: {} }, clock.now().toISOString())
    const ran: string[] = []
    let release!: () => void
    const stuck = new Promise<void>((r) => (release = r))
    const first = runDueJobs({ ...runnerWith(t, clock, async () => void (ran.push('p1'), await stuck), 'p1'), leaseMs: 60_000 })
    await new Promise((r) => setTimeout(r, 50))
    expect(await runDueJobs(runnerWith(t, clock, async () => void ran.push('p2'), 'p2'))).toMatchObject({ done: 0 })
    clock.advance(60_000)
    expect(await runDueJobs(runnerWith(t, clock, async () => void ran.push('p2'), 'p2'))).toMatchObject({ done: 1 })
    release()
    expect(await first).toMatchObject({ done: 0, lost: 1 })
    expect(ran).toEqual(['p1', 'p2'])
    expect(await jobRow(t)).toMatchObject({ state: 'done', attempts: 2 })
  })

  it('fires a recurring schedule once per fire time, skipping holidays, coalescing fires missed in downtime', async () => {
    const clock = new ManualClock('2024-09-23T00:00:00Z')
    await createSchedule({ db: t.db, clock, tz }, { name: 'weekly-list', cron: '0 9 * * 1', skipHolidays: true }, { actor: 'test' })
    await expect(createSchedule({ db: t.db, clock, tz }, { name: 'bad', cron: '0 9 * * 9' }, { actor: 'test' })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
    })
    const deps = { db: t.db, clock, tz, logger: silentLogger }
    const fired = async () =>
      (await t.db.execute(`SELECT due_at FROM jobs WHERE kind = 'schedule.fire' ORDER BY id`)).rows.map((r) => String(r.due_at))
    clock.set('2024-09-30T01:00:00Z') // Monday 09:00
    expect(await fireDueSchedules(deps)).toBe(1)
    expect(await fireDueSchedules(deps)).toBe(0)
    clock.set('2024-10-07T02:00:00Z') // National Day Monday: no fire
    expect(await fireDueSchedules(deps)).toBe(0)
    clock.set('2024-10-29T00:00:00Z') // down from 10-14 to 10-29: three Mondays missed, one fire (the latest)
    expect(await fireDueSchedules(deps)).toBe(1)
    expect(await fired()).toEqual(['2024-09-30T01:00:00.000Z', '2024-10-28T01:00:00.000Z'])
  })

  it('two real processes on one database file never run the same job', async () => {
    const clock = new ManualClock('2024-03-04T01:00:00Z')
    const n = 120
    for (let i = 0; i < n; i++)
      await enqueueJob(
        t.db,
        { kind: 'digest.weekly', dueAt: '2024-03-04T00:00:00Z', payload: { unitCode: String(i) } },
        clock.now().toISOString(),
      )
    const out = join(t.dir, 'ran.txt')
    writeFileSync(out, '')
    const script = join(t.dir, 'worker.mts')
    const src = (p: string) => JSON.stringify(pathToFileURL(resolve(p)).href)
    writeFileSync(
      script,
      `import { appendFileSync } from 'node:fs'
import { openDb } from ${src('src/storage/db.ts')}
import { systemClock } from ${src('src/clock.ts')}
import { silentLogger } from ${src('src/log.ts')}
import { runDueJobs } from ${src('src/scheduler/runner.ts')}
import { createJobHandlers } from ${src('src/scheduler/handlers.ts')}
const [url, owner, out] = process.argv.slice(2)
const db = await openDb(url)
const handlers = { ...createJobHandlers(), 'digest.weekly': async (p, job) => {
  appendFileSync(out, owner + ' ' + job.id + '\\n')
  await new Promise((r) => setTimeout(r, 2))
} }
await runDueJobs({ db, clock: systemClock, tz: 'Asia/Shanghai', logger: silentLogger, owner, handlers, batch: 3 })
db.close()
`,
    )
    const run = (owner: string) =>
      new Promise<number>((done, fail) => {
        const child = spawn(process.execPath, ['--import', 'tsx', script, t.url, owner, out], { stdio: ['ignore', 'ignore', 'inherit'] })
        child.on('error', fail)
        child.on('exit', (code) => done(code ?? -1))
      })
    expect(await Promise.all([run('A'), run('B')])).toEqual([0, 0])
    const lines = readFileSync(out, 'utf8').trim().split('\n')
    const ids = lines.map((l) => l.split(' ')[1])
    expect(lines).toHaveLength(n)
    expect(new Set(ids).size).toBe(n)
    const byOwner = { A: lines.filter((l) => l.startsWith('A ')).length, B: lines.filter((l) => l.startsWith('B ')).length }
    expect(byOwner.A).toBeGreaterThan(0)
    expect(byOwner.B).toBeGreaterThan(0)
    const states = await t.db.execute(`SELECT state, count(*) AS n FROM jobs GROUP BY state`)
    expect(states.rows.map((r) => `${r.state}:${r.n}`)).toEqual([`done:${n}`])
  }, 30_000)
})

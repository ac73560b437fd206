import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { spawn } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { ManualClock } from '../../src/clock.js'
import { silentLogger } from '../../src/log.js'
import { enqueueJob, listFailedJobs, type Job } from '../../src/jobs/jobs.repo.js'
import type { JobEffects } from '../../src/jobs/effects.js'
import { createJobHandlers } from '../../src/scheduler/handlers.js'
import { runDueJobs, jobBackoffMs, type RunnerDeps } from '../../src/scheduler/runner.js'
import { createScheduler } from '../../src/scheduler/scheduler.js'
import { createSchedule, fireDueSchedules } from '../../src/schedules/schedules.service.js'
import { createTestDb, type TestDb } from '../helpers/db.js'
import { compileScript } from '../helpers/compile-script.js'
import { deadOwner } from '../helpers/dead-owner.js'
import { processOwner } from '../../src/owner.js'

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
  const cleanups: (() => void)[] = []
  afterEach(() => {
    for (const c of cleanups.splice(0)) c()
    t.cleanup()
  })

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
      ...runnerWith(t, clock, async () => {
        calls++
        throw new Error(`robot down #${calls}`)
      }),
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
    let running!: () => void
    const p1Running = new Promise<void>((r) => (running = r))
    const first = runDueJobs({
      ...runnerWith(
        t,
        clock,
        async () => {
          ran.push('p1')
          running()
          await stuck
        },
        'p1',
      ),
      leaseMs: 60_000,
    })
    await p1Running // p1 has claimed the job and is in its handler
    expect(await runDueJobs(runnerWith(t, clock, async () => void ran.push('p2'), 'p2'))).toMatchObject({ done: 0 })
    clock.advance(60_000)
    expect(await runDueJobs(runnerWith(t, clock, async () => void ran.push('p2'), 'p2'))).toMatchObject({ done: 1 })
    release()
    expect(await first).toMatchObject({ done: 0, lost: 1 })
    expect(ran).toEqual(['p1', 'p2'])
    expect(await jobRow(t)).toMatchObject({ state: 'done', attempts: 2 })
  })

  it('takes at once the jobs a dead process of this host held, its lease not run out; a live holder keeps its own', async () => {
    const clock = new ManualClock('2024-03-04T01:00:00Z')
    const now = clock.now().toISOString()
    for (let i = 0; i < 2; i++) await enqueueJob(t.db, { kind: 'digest.weekly', dueAt: now, payload: {} }, now)
    const dead = await deadOwner('jobs')
    const leased = (id: number, owner: string) =>
      t.db.execute({
        sql: "UPDATE jobs SET state = 'running', attempts = 1, lease_owner = ?, lease_until = '2024-03-04T01:05:00.000Z' WHERE id = ?",
        args: [owner, id],
      })
    await leased(1, dead)
    await leased(2, processOwner('jobs')) // this very process: alive
    const ran: number[] = []
    expect(await runDueJobs(runnerWith(t, clock, async (_p, job) => void ran.push(job.id), 'restarted'))).toMatchObject({ done: 1 })
    expect(ran).toEqual([1])
    expect(await jobRow(t, 1)).toMatchObject({ state: 'done', attempts: 2 })
    expect(await jobRow(t, 2)).toMatchObject({ state: 'running' })
  })

  it('renews the lease of a job while it runs, so no other process takes it however long it takes', async () => {
    const clock = new ManualClock('2024-03-04T01:00:00Z')
    await enqueueJob(t.db, { kind: 'digest.weekly', dueAt: clock.now().toISOString(), payload: {} }, clock.now().toISOString())
    const leaseUntil = async () => String((await t.db.execute('SELECT lease_until FROM jobs WHERE id = 1')).rows[0]!.lease_until)
    let release!: () => void
    const stuck = new Promise<void>((r) => (release = r))
    let running!: () => void
    const inHandler = new Promise<void>((r) => (running = r))
    const first = runDueJobs({
      ...runnerWith(t, clock, async () => {
        running()
        await stuck
      }),
      leaseMs: 3000, // renewed every second (the shortest interval)
    })
    await inHandler
    expect(await leaseUntil()).toBe('2024-03-04T01:00:03.000Z')
    clock.advance(10_000)
    // the renewal is on a real timer (it is for other processes): about a second
    await vi.waitFor(async () => expect(await leaseUntil()).toBe('2024-03-04T01:00:13.000Z'), { timeout: 10_000, interval: 20 })
    expect(await runDueJobs(runnerWith(t, clock, async () => undefined, 'p2'))).toMatchObject({ done: 0 })
    release()
    expect(await first).toMatchObject({ done: 1, lost: 0 })
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

  it('two real processes on one database run every job exactly once', async () => {
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
    // each worker says it is ready, then waits for the word to start: both claim from the same moment on
    const worker = await compileScript({
      name: 'jobs-worker',
      source: `import { appendFileSync } from 'node:fs'
import { createInterface } from 'node:readline'
import { openDb } from './src/storage/db.js'
import { systemClock } from './src/clock.js'
import { silentLogger } from './src/log.js'
import { runDueJobs } from './src/scheduler/runner.js'
import { createJobHandlers } from './src/scheduler/handlers.js'
const [url, owner, out] = process.argv.slice(2)
const db = await openDb(url, { namespace: process.env.XUEFA_DB_NAMESPACE })
const handlers = { ...createJobHandlers(), 'digest.weekly': async (_payload: unknown, job: { id: number }) => {
  appendFileSync(out, owner + ' ' + job.id + '\\n')
  await new Promise((r) => setTimeout(r, 2)) // a job takes a moment, so the other process claims meanwhile
} }
process.stdout.write('ready\\n')
await createInterface({ input: process.stdin })[Symbol.asyncIterator]().next()
await runDueJobs({ db, clock: systemClock, tz: 'Asia/Shanghai', logger: silentLogger, owner, handlers, batch: 3 })
db.close()
process.exit(0)
`,
    })
    cleanups.push(() => worker.remove())
    const start = (owner: string) => {
      const child = spawn(process.execPath, [worker.file, t.url, owner, out], {
        env: { ...process.env, ...t.env },
        stdio: ['pipe', 'pipe', 'inherit'],
      })
      const ready = new Promise<void>((resolve, reject) => {
        child.stdout.once('data', () => resolve())
        child.once('exit', (code) => reject(new Error(`worker ${owner} exited with ${code} before it was ready`)))
      })
      const exited = new Promise<number>((done, fail) => {
        child.on('error', fail)
        child.on('exit', (code) => done(code ?? -1))
      })
      return { child, ready, exited }
    }
    const workers = [start('A'), start('B')]
    await Promise.all(workers.map((w) => w.ready))
    for (const w of workers) w.child.stdin.end('go\n')
    expect(await Promise.all(workers.map((w) => w.exited))).toEqual([0, 0])

    // mutual exclusion: every job ran, and none ran twice (which process ran how many is up to the race)
    const lines = readFileSync(out, 'utf8').trim().split('\n')
    const ids = lines.map((l) => Number(l.split(' ')[1]))
    expect([...ids].sort((a, b) => a - b)).toEqual(Array.from({ length: n }, (_, i) => i + 1))
    const states = await t.db.execute(`SELECT state, count(*) AS n FROM jobs GROUP BY state`)
    expect(states.rows.map((r) => `${r.state}:${r.n}`)).toEqual([`done:${n}`])
    console.info(
      `two processes, ${n} jobs: A ran ${lines.filter((l) => l.startsWith('A ')).length}, B ${lines.filter((l) => l.startsWith('B ')).length}`,
    )
  })
})

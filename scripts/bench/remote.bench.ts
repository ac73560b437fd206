/**
 * xuefa on a libSQL server (sqld) on loopback, beside the same on the embedded file and beside one sqld round trip's
 * latency, all measured in this run (issue 19):
 * - remote.read: GET /api/v1/sessions/:id through the app (token, then everything by the id) — goal ≤ 2 round trips' latency;
 * - remote.report: the annual report JSON — goal ≤ 1.5× its queries' time over the same connection (those queries
 *   asked together, as the report asks them: one read batch);
 * and the round trips each makes (counted with openDb's onRequest).
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createApiToken } from '../../src/access/tokens.service.js'
import { yearRange } from '../../src/calendar.js'
import { ManualClock, systemClock } from '../../src/clock.js'
import { loadConfig } from '../../src/config.js'
import { createHttpApp } from '../../src/http/app.js'
import { silentLogger } from '../../src/log.js'
import * as examRepo from '../../src/reports/exam-figures.repo.js'
import * as repo from '../../src/reports/report.repo.js'
import { buildAnnualReport } from '../../src/reports/report.service.js'
import { listSessions } from '../../src/sessions/sessions.repo.js'
import { openDb, type Db } from '../../src/storage/db.js'
import { runMigrations } from '../../src/storage/migrate.js'
import { startSqld } from '../../tests/helpers/sqld.js'
import { fillDataset } from './dataset.js'
import { median } from './timing.js'
import type { BenchFigure } from './types.js'

const YEAR = 2024
const TZ = 'Asia/Shanghai'
const READ_GOAL = 2
const REPORT_GOAL = 1.5

export interface RemoteBenchOptions {
  officials: number
  sessions: number
  rows: number
  /** timed runs of each (the median is taken), after one warm-up */
  runs: number
}

/** Every query of report.repo for the year and the year before, asked together: one read batch on a server. */
async function reportQueries(db: Db, scopePath: string): Promise<void> {
  await Promise.all(
    [YEAR, YEAR - 1].flatMap((y) => {
      const scope = { scopePath, ...yearRange(y, TZ) }
      return [
        repo.listHeldSessions(db, scope),
        repo.countLaws(db, scope),
        repo.countLawsByKind(db, scope),
        repo.countAttendanceBySession(db, scope),
        repo.countAttendedPeople(db, scope),
        repo.countAttendedPeopleByKind(db, scope),
        repo.countQuizzesBySession(db, scope),
        examRepo.listAppointmentCandidates(db, scope),
        examRepo.countEnforcementSittings(db, scope),
        examRepo.countAnnualExam(db, scope),
        repo.countKnownMeetings(db, scope),
      ]
    }),
  )
}

interface Measured {
  readMs: number
  tripMs: number
  queriesMs: number
  readTrips: number
  reportMs: number
  reportTrips: number
}

/** The read route and the report on one database, filled with the same generated year. */
async function measure(db: Db, url: string, trips: () => number, o: RemoteBenchOptions): Promise<Measured & { rootCode: string }> {
  await runMigrations(db, systemClock)
  // no ANALYZE (sqld refuses it, and xuefa never runs it): both engines plan without statistics
  const data = await fillDataset(db, { officials: o.officials, sessions: o.sessions, rows: o.rows, year: YEAR, tz: TZ })
  const clock = new ManualClock('2025-01-10T00:00:00Z')
  const app = createHttpApp({ db, clock, config: loadConfig({ XUEFA_DB_URL: url, XUEFA_BOT: 'off' }), logger: silentLogger })
  const { token } = await createApiToken({ db, clock }, { role: 'admin', unitCode: null }, { actor: 'bench' })
  const headers = { authorization: `Bearer ${token}` }
  const [session] = await listSessions(db, yearRange(YEAR, TZ))
  if (!session) throw new Error('the generated year has no session')
  const read = async () => {
    const res = await app.request(`/api/v1/sessions/${session.id}`, { headers })
    if (res.status !== 200) throw new Error(`GET /api/v1/sessions/:id answered ${res.status}`)
    await res.arrayBuffer()
  }
  const report = async () => JSON.stringify(await buildAnnualReport(db, { year: YEAR, unitCode: data.rootCode, tz: TZ }))
  // the route and one round trip (the smallest statement, on the same connection), run in turn
  const [readMs, tripMs] = await alternate(read, () => db.execute('SELECT 1'), o.runs)
  let before = trips()
  await read()
  const readTrips = trips() - before
  // the report and its queries alone, run in turn, so that both meet the machine in the same state
  const [reportMs, queriesMs] = await alternate(report, () => reportQueries(db, `/${data.rootCode}/`), Math.max(1, Math.ceil(o.runs / 10)))
  before = trips()
  await report()
  const reportTrips = trips() - before
  return { readMs: readMs!, tripMs: tripMs!, readTrips, reportMs: reportMs!, queriesMs: queriesMs!, reportTrips, rootCode: data.rootCode }
}

/** Runs each of `fns` in turn, `runs` times after one warm-up each; the median time of each in ms. */
async function alternate(...args: [...(() => Promise<unknown>)[], number]): Promise<number[]> {
  const runs = args.pop() as number
  const fns = args as (() => Promise<unknown>)[]
  for (const fn of fns) await fn()
  const times = fns.map(() => [] as number[])
  for (let i = 0; i < runs; i++) {
    for (const [k, fn] of fns.entries()) {
      const t = performance.now()
      await fn()
      times[k]!.push(performance.now() - t)
    }
  }
  return times.map(median)
}

export async function benchRemote(o: RemoteBenchOptions): Promise<BenchFigure[]> {
  const server = await startSqld()
  const dir = mkdtempSync(join(tmpdir(), 'xuefa-bench-remote-'))
  let n = 0
  const remote = await openDb(server.url, { onRequest: () => n++ })
  const file = await openDb(`file:${join(dir, 'bench.db')}`)
  try {
    const onServer = await measure(remote, server.url, () => n, o)
    const onFile = await measure(file, file.url, () => 0, o)
    const { tripMs, queriesMs } = onServer
    const before = n
    await reportQueries(remote, `/${onServer.rootCode}/`)
    const queryTrips = n - before
    const ms = (x: number) => Math.round(x * 100) / 100
    const ratio = (a: number, b: number) => Math.round((a / b) * 100) / 100
    /** A time beside its baseline; with a goal, met when it is at most `goal` times the baseline. */
    const beside = (name: string, value: number, baseline: number, goal?: number): BenchFigure => ({
      name,
      value: ms(value),
      unit: 'ms',
      baseline: ms(baseline),
      ratio: ratio(value, baseline),
      goal: goal === undefined ? '—' : `<= ${goal}`,
      met: goal === undefined ? null : value <= goal * baseline,
    })
    return [
      { name: 'remote.round_trip', value: ms(tripMs), unit: 'ms', baseline: null, ratio: null, goal: '—', met: null },
      beside('remote.read', onServer.readMs, tripMs, READ_GOAL),
      {
        name: 'remote.read.trips',
        value: onServer.readTrips,
        unit: 'round trips',
        baseline: READ_GOAL,
        ratio: ratio(onServer.readTrips, READ_GOAL),
        goal: `<= ${READ_GOAL}`,
        met: onServer.readTrips <= READ_GOAL,
      },
      // the same route on the embedded file: the price of the server, for reading beside remote.read
      beside('remote.read.file', onFile.readMs, onServer.readMs),
      beside('remote.report', onServer.reportMs, queriesMs, REPORT_GOAL),
      {
        name: 'remote.report.trips',
        value: onServer.reportTrips,
        unit: 'round trips',
        baseline: queryTrips,
        ratio: ratio(onServer.reportTrips, queryTrips),
        goal: '—',
        met: null,
      },
      beside('remote.report.file', onFile.reportMs, onServer.reportMs),
      beside('remote.report.vs_round_trip', onServer.reportMs, tripMs),
    ]
  } finally {
    remote.close()
    file.close()
    rmSync(dir, { recursive: true, force: true })
    await server.stop()
  }
}

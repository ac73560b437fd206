/**
 * The annual report (JSON) against the raw GROUP BY queries it is built on, on one generated year,
 * timed in the same run: median of a few runs each, after one warm-up of each.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openDb, type Db } from '../../src/storage/db.js'
import { runMigrations } from '../../src/storage/migrate.js'
import { systemClock } from '../../src/clock.js'
import { yearRange } from '../../src/calendar.js'
import * as repo from '../../src/reports/report.repo.js'
import * as examRepo from '../../src/reports/exam-figures.repo.js'
import { buildAnnualReport } from '../../src/reports/report.service.js'
import { fillDataset } from './dataset.js'
import type { BenchFigure } from './types.js'
import { timeIt } from './timing.js'

const YEAR = 2024
const TZ = 'Asia/Shanghai'
const GOAL_MS = 1000
const GOAL_RATIO = 3

export interface ReportBenchOptions {
  officials: number
  sessions: number
  rows: number
  runs?: number
  /** called with the filled database before it is removed (the start-up and memory figures reuse it) */
  withDataset?: (dbUrl: string, rootCode: string) => Promise<void>
}

/** The baseline: every query of report.repo, for the year and the year before, one after another, rows unread. */
export async function runRawQueries(db: Db, scopePath: string): Promise<void> {
  for (const y of [YEAR, YEAR - 1]) {
    const scope = { scopePath, ...yearRange(y, TZ) }
    await repo.listHeldSessions(db, scope)
    await repo.countLaws(db, scope)
    await repo.countLawsByKind(db, scope)
    await repo.countAttendanceBySession(db, scope)
    await repo.countAttendedPeople(db, scope)
    await repo.countAttendedPeopleByKind(db, scope)
    await repo.countQuizzesBySession(db, scope)
    await examRepo.listAppointmentCandidates(db, scope)
    await examRepo.countEnforcementSittings(db, scope)
    await examRepo.countAnnualExam(db, scope)
    await repo.countKnownMeetings(db, scope)
  }
}

export async function benchReport(opts: ReportBenchOptions): Promise<BenchFigure[]> {
  const dir = mkdtempSync(join(tmpdir(), 'xuefa-bench-'))
  const dbUrl = `file:${join(dir, 'bench.db')}`
  const db = await openDb(dbUrl)
  try {
    await runMigrations(db, systemClock)
    const data = await fillDataset(db, { officials: opts.officials, sessions: opts.sessions, rows: opts.rows, year: YEAR, tz: TZ })
    await db.execute('ANALYZE')
    const runs = opts.runs ?? 5
    const raw = await timeIt(() => runRawQueries(db, `/${data.rootCode}/`), runs)
    const report = await timeIt(
      async () => JSON.stringify(await buildAnnualReport(db, { year: YEAR, unitCode: data.rootCode, tz: TZ })),
      runs,
    )
    const ratio = Math.round((report / raw) * 100) / 100
    const ms = (x: number) => Math.round(x * 10) / 10
    if (opts.withDataset) await opts.withDataset(dbUrl, data.rootCode)
    return [
      {
        name: 'report.annual',
        value: ms(report),
        unit: 'ms',
        baseline: ms(raw),
        ratio,
        goal: `<= ${GOAL_RATIO}`,
        met: ratio <= GOAL_RATIO,
      },
      {
        name: 'report.annual.time',
        value: ms(report),
        unit: 'ms',
        baseline: GOAL_MS,
        ratio: Math.round((report / GOAL_MS) * 100) / 100,
        goal: `<= ${GOAL_MS}`,
        met: report <= GOAL_MS,
      },
    ]
  } finally {
    db.close()
    rmSync(dir, { recursive: true, force: true })
  }
}

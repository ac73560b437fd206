/**
 * The province roll-up (issue 19): each county is its own xuefa database, a namespace of the province's libSQL server
 * (sqld --enable-namespaces); the province's own database lists them (rollup_counties). The roll-up reads every
 * county's figures with the very function its own annual report uses (collectYear), and adds them up (rollup.rules.ts).
 */
import { yearRange } from '../calendar.js'
import { AppError } from '../errors.js'
import type { Db, Executor } from '../storage/db.js'
import { auditStatement, type Actor } from '../storage/audit.repo.js'
import type { ReportScope } from './report.repo.js'
import { listAnnualExamPeople } from './exam-figures.repo.js'
import { collectYear, resolveReportUnit } from './report.service.js'
import { computeChanges, isEmptyYear } from './report.rules.js'
import * as repo from './rollup.repo.js'
import { countyRows, foldTotal, personKey, sharedOfficials, type CountyInput, type CountyYear } from './rollup.rules.js'
import type { Rollup } from './rollup.types.js'

/** A county's database, opened by the composition root (the province's server, the county's namespace). */
export interface CountyDatabase extends Executor {
  close(): void
}
export type OpenCounty = (namespace: string) => Promise<CountyDatabase>

export interface RollupDeps {
  /** the province's own database: the list of its counties */
  db: Executor
  openCounty: OpenCounty
}

/** How many counties are read at once (each runs its queries side by side). */
const COUNTIES_AT_ONCE = 4

async function collectCountyYear(ex: Executor, scope: ReportScope, tz: string): Promise<CountyYear> {
  const [data, attended, annual] = await Promise.all([
    collectYear(ex, scope, tz),
    repo.listAttendedPeople(ex, scope),
    listAnnualExamPeople(ex, scope),
  ])
  // the quiz rows and the 任前 candidates are collectYear's own, read once
  const { quizRows, candidates } = data.rows
  return {
    figures: data.figures,
    people: {
      attended,
      quizScoreSum: quizRows.reduce((n, q) => n + q.scoreSum, 0),
      quizPassed: quizRows.reduce((n, q) => n + q.passed, 0),
      candidates,
      annual,
    },
  }
}

/** One county's whole deployment (every root unit), this year and the one before. */
async function collectCounty(open: OpenCounty, namespace: string, year: number, tz: string): Promise<CountyInput> {
  const ex = await open(namespace)
  try {
    const [{ unit, scopePath }, roster] = await Promise.all([resolveReportUnit(ex), repo.listRoster(ex)])
    const [current, previous] = await Promise.all([
      collectCountyYear(ex, { scopePath, ...yearRange(year, tz) }, tz),
      collectCountyYear(ex, { scopePath, ...yearRange(year - 1, tz) }, tz),
    ])
    return { namespace, unit, roster, current, previous }
  } catch (e) {
    if (e instanceof AppError) throw e
    const detail = e instanceof Error ? (e.message.split('\n')[0] ?? '') : String(e)
    throw new AppError('NOT_FOUND', `county ${namespace} could not be read (not created, or not migrated?): ${detail}`, { cause: e })
  } finally {
    ex.close()
  }
}

export async function buildRollup(deps: RollupDeps, o: { year: number; tz: string }): Promise<Rollup> {
  const namespaces = await repo.listCounties(deps.db)
  const counties: CountyInput[] = new Array(namespaces.length)
  let next = 0
  const worker = async () => {
    for (let i = next++; i < namespaces.length; i = next++) {
      counties[i] = await collectCounty(deps.openCounty, namespaces[i] as string, o.year, o.tz)
    }
  }
  await Promise.all(Array.from({ length: Math.min(COUNTIES_AT_ONCE, namespaces.length) }, worker))

  const { moved, sameIdOtherName } = sharedOfficials(counties)
  const key = personKey(new Set(sameIdOtherName.map((s) => s.id)), counties)
  const total = foldTotal(
    counties.map((c) => ({ namespace: c.namespace, year: c.current })),
    key,
  )
  const before = foldTotal(
    counties.map((c) => ({ namespace: c.namespace, year: c.previous })),
    key,
  )
  const previousYear = isEmptyYear(before) ? null : before
  return {
    year: o.year,
    counties: countyRows(counties),
    total,
    previousYear,
    changes: computeChanges(total, previousYear),
    moved,
    sameIdOtherName,
  }
}

/** The counties the province sums, in order. */
export function listRollupCounties(ex: Executor): Promise<string[]> {
  return repo.listCounties(ex)
}

/** Lists a county (at the end), with its audit row; false when it was listed already. */
export function addRollupCounty(db: Db, namespace: string, now: Date, by: Actor): Promise<boolean> {
  return db.write(async (tx) => {
    const added = await repo.addCounty(tx, namespace, now)
    if (added)
      await tx.execute(auditStatement({ ...by, action: 'rollup.county.add', entity: 'county', entityId: namespace }, now.toISOString()))
    return added
  })
}

/** Takes a county off the list, with its audit row; false when it was not on it. */
export function removeRollupCounty(db: Db, namespace: string, now: Date, by: Actor): Promise<boolean> {
  return db.write(async (tx) => {
    const removed = await repo.removeCounty(tx, namespace)
    if (removed)
      await tx.execute(auditStatement({ ...by, action: 'rollup.county.remove', entity: 'county', entityId: namespace }, now.toISOString()))
    return removed
  })
}

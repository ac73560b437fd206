import type { Executor } from '../storage/db.js'
import { AppError } from '../errors.js'
import { localDate, yearRange, zonedParts } from '../calendar.js'
import { findUnit, listUnits } from '../roster/units.repo.js'
import * as repo from './report.repo.js'
import * as examRepo from './exam-figures.repo.js'
import type { ReportScope } from './report.repo.js'
import {
  attendedOf,
  computeChanges,
  countsBySession,
  expectedOf,
  foldAnnualExam,
  foldAppointment,
  foldAttendance,
  foldEnforcement,
  foldQuizzes,
  foldSessions,
  isEmptyYear,
  rate,
  type StatusCounts,
} from './report.rules.js'
import { evaluateTargets, loadTargets, type ReportTargets, type TargetFacts } from './targets.js'
import { ALL_UNITS_NAME } from './copy.zh.js'
import { writeNarrative } from './narrative.zh.js'
import { collectStudyList } from './study-list.service.js'
import type { AnnualReport, MonthFigures, ReportUnit, YearFigures } from './report.types.js'

export interface AnnualReportOptions {
  year: number
  /** the unit and everything below it; omitted = the whole deployment */
  unitCode?: string
  tz: string
  /** omitted = the defaults, overridden by the `report.targets` setting */
  targets?: ReportTargets
  /** the narrative's head counts of trainings and lectures in the seeds' round style (「300余人次」); default exact */
  rounded?: boolean
}

/** The unit and the materialised-path prefix of its subtree; '/' takes in every root. NOT_FOUND for an unknown code. */
export async function resolveReportUnit(ex: Executor, unitCode?: string): Promise<{ unit: ReportUnit; scopePath: string }> {
  if (unitCode !== undefined) {
    const unit = await findUnit(ex, unitCode)
    if (!unit) throw new AppError('NOT_FOUND', `unit ${unitCode} does not exist`)
    return { unit: { code: unit.code, name: unit.name }, scopePath: unit.path }
  }
  const roots = (await listUnits(ex)).filter((u) => u.parentCode === null)
  const only = roots.length === 1 ? roots[0] : undefined
  return { unit: only ? { code: only.code, name: only.name } : { code: null, name: ALL_UNITS_NAME }, scopePath: '/' }
}

interface YearData {
  figures: YearFigures
  monthly: MonthFigures[]
  facts: TargetFacts
  /** rows the figures were folded from that the province roll-up sums again (rollup.service.ts): not asked twice */
  rows: { quizRows: repo.QuizSessionRow[]; candidates: examRepo.CandidateRow[] }
}

/** Every figure of one year: the GROUP BY queries of report.repo, folded by report.rules. */
export async function collectYear(ex: Executor, scope: ReportScope, tz: string): Promise<YearData> {
  const [held, laws, lawsByKind, marks, people, peopleByKind, quizRows, candidates, sittings, annual, knownMeetings] = await Promise.all([
    repo.listHeldSessions(ex, scope),
    repo.countLaws(ex, scope),
    repo.countLawsByKind(ex, scope),
    repo.countAttendanceBySession(ex, scope),
    repo.countAttendedPeople(ex, scope),
    repo.countAttendedPeopleByKind(ex, scope),
    repo.countQuizzesBySession(ex, scope),
    examRepo.listAppointmentCandidates(ex, scope),
    examRepo.countEnforcementSittings(ex, scope),
    examRepo.countAnnualExam(ex, scope),
    repo.countKnownMeetings(ex, scope),
  ])
  const bySession = countsBySession(marks)
  const expectedBySession = new Map([...bySession].map(([id, c]) => [id, expectedOf(c)]))
  const figures: YearFigures = {
    sessions: foldSessions(held, {
      laws,
      lawsByKind,
      attendedBySession: new Map([...bySession].map(([id, c]) => [id, attendedOf(c)])),
      peopleByKind,
    }),
    attendance: foldAttendance(bySession.values(), people),
    quizzes: foldQuizzes(quizRows, expectedBySession),
    exams: {
      appointment: foldAppointment(candidates),
      enforcement_cert: foldEnforcement(
        sittings.map((s) => ({ date: localDate(new Date(s.takenAt), tz), count: s.count, passed: s.passed })),
      ),
      annual: foldAnnualExam(annual),
    },
  }
  const facts: TargetFacts = {
    knownMeetings,
    appointmentTrainingHours: figures.sessions.appointmentTrainingHours,
  }
  const monthOf = new Map(held.map((s) => [s.id, zonedParts(new Date(s.startsAt), tz).month]))
  return { figures, facts, monthly: foldMonthly(monthOf, bySession, quizRows), rows: { quizRows, candidates } }
}

/** Attendance and quiz completion per local month of the sessions (for the charts). */
export function foldMonthly(
  monthOf: Map<string, number>,
  bySession: Map<string, StatusCounts>,
  quizRows: repo.QuizSessionRow[],
): MonthFigures[] {
  const months = Array.from({ length: 12 }, (_, i) => ({ month: i + 1, sessions: 0, expected: 0, attended: 0, assigned: 0, completed: 0 }))
  for (const [id, month] of monthOf) {
    const m = months[month - 1]
    if (!m) continue
    const c = bySession.get(id)
    m.sessions += 1
    m.expected += c ? expectedOf(c) : 0
    m.attended += c ? attendedOf(c) : 0
  }
  for (const q of quizRows) {
    const m = months[(monthOf.get(q.sessionId) ?? 0) - 1]
    const c = bySession.get(q.sessionId)
    if (!m) continue
    m.assigned += c ? expectedOf(c) : 0
    m.completed += q.completed
  }
  return months.map((m) => ({
    month: m.month,
    sessions: m.sessions,
    expected: m.expected,
    attended: m.attended,
    attendanceRate: rate(m.attended, m.expected),
    assigned: m.assigned,
    completed: m.completed,
    completionRate: rate(m.completed, m.assigned),
  }))
}

export async function buildAnnualReport(ex: Executor, options: AnnualReportOptions): Promise<AnnualReport> {
  const { year, tz } = options
  // read together, then every query of both years together: on a remote database two round trips (db.ts)
  const [{ unit, scopePath }, targets] = await Promise.all([resolveReportUnit(ex, options.unitCode), options.targets ?? loadTargets(ex)])
  const [current, previous, studyList] = await Promise.all([
    collectYear(ex, { scopePath, ...yearRange(year, tz) }, tz),
    collectYear(ex, { scopePath, ...yearRange(year - 1, tz) }, tz),
    collectStudyList(ex, { scopePath, year, ...yearRange(year, tz) }),
  ])
  const previousYear = isEmptyYear(previous.figures) ? null : previous.figures
  const changes = computeChanges(current.figures, previousYear)
  const report: AnnualReport = {
    year,
    unit,
    ...current.figures,
    targets: evaluateTargets(current.figures, targets, current.facts),
    previousYear,
    changes,
    narrative: [],
    monthly: current.monthly,
    studyList: studyList.block,
  }
  report.narrative = writeNarrative(report, { rounded: options.rounded === true })
  return report
}

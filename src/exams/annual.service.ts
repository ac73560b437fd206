/**
 * The 年度学法考试 xuefa runs itself: scheduling it for every current official of a unit's subtree (one question
 * draw, one `exams` row and quiz per official, the notice and reminder jobs, the audit row — one transaction),
 * and its figures so far. Taking it is answering/annual-start.service.ts; closing a sitting is exam-closing.ts.
 */
import type { Transaction } from '@libsql/client'
import type { Db, Executor } from '../storage/db.js'
import { auditStatement, type Actor } from '../storage/audit.repo.js'
import type { Clock } from '../clock.js'
import { AppError, type ErrorCode } from '../errors.js'
import { localYear } from '../calendar.js'
import { normalizeLawTitle } from '../laws.js'
import { findUnit } from '../roster/units.repo.js'
import { enqueueJobStatement } from '../jobs/jobs.repo.js'
import { drawBlueprint, type Blueprint } from '../quizzes/layout.rules.js'
import { listDrawableQuestions } from '../quizzes/questions.repo.js'
import { drawSummary, type DrawSummary } from './exam.service.js'
import { ANNUAL_DEFAULTS, ANNUAL_LIMITS, blueprintOf, checkWindow, reminderAt, WINDOW_PROBLEMS } from './annual.rules.js'
import {
  countEnrollable,
  countOverlapping,
  enrolStatements,
  insertAnnualExam,
  listAnnualExams,
  listAnnualFigures,
  type AnnualCounts,
  type AnnualExam,
} from './annual.repo.js'
import { annualCopy, annualRefusedCopy } from './copy.zh.js'

/** A refusal of scheduling: the English message for logs and API clients, `zh` for the dashboard and the CLI. */
export class AnnualRefusal extends AppError {
  readonly zh: string
  constructor(code: ErrorCode, message: string, zh: string, issues?: unknown[]) {
    super(code, message, { issues })
    this.zh = zh
  }
}

export interface AnnualDeps {
  db: Db
  clock: Clock
  tz: string
}

export interface ScheduleAnnualInput {
  unitCode: string
  opensAt: Date
  closesAt: Date
  title?: string
  minutes?: number
  passScore?: number
  /** how many questions (split 2 : 1 : 1 into single, multiple, judge); `blueprint` overrides it */
  questions?: number
  blueprint?: Partial<Blueprint>
  /** sittings allowed per person (default 1); the best counts */
  attempts?: number
}

export interface ScheduledAnnualExam
  extends Pick<AnnualExam, 'id' | 'unitCode' | 'title' | 'opensAt' | 'closesAt' | 'minutes' | 'passScore' | 'attempts' | 'officials'>,
    DrawSummary {
  /** when the one reminder goes to those who have not started, or null (window under two hours) */
  reminderAt: string | null
}

/**
 * Schedules the exam for every official of the unit's subtree who is on the roster (not those who left; leaders,
 * principals and enforcement staff alike — the 年度学法考试 is everyone's). Refused (CONFLICT) when some of them
 * already have an annual exam whose window overlaps this one.
 */
export async function scheduleAnnualExam(deps: AnnualDeps, input: ScheduleAnnualInput, by: Actor): Promise<ScheduledAnnualExam> {
  return deps.db.write((tx) => scheduleAnnualExamIn(tx, deps, input, by))
}

/** `scheduleAnnualExam` within the caller's transaction. */
export async function scheduleAnnualExamIn(
  tx: Transaction,
  deps: Omit<AnnualDeps, 'db'>,
  input: ScheduleAnnualInput,
  by: Actor,
): Promise<ScheduledAnnualExam> {
  const { clock, tz } = deps
  const nowDate = clock.now()
  const now = nowDate.toISOString()
  const problem = checkWindow(input.opensAt, input.closesAt, nowDate)
  if (problem) {
    const message = WINDOW_PROBLEMS[problem]
    throw new AnnualRefusal('INVALID_INPUT', message, annualRefusedCopy.window(problem, ANNUAL_LIMITS.windowDays), [
      { path: ['closesAt'], message },
    ])
  }
  const blueprint: Blueprint = { ...blueprintOf(input.questions ?? ANNUAL_DEFAULTS.questions), ...input.blueprint }
  if (blueprint.laws) blueprint.laws = blueprint.laws.map(normalizeLawTitle)
  const minutes = input.minutes ?? ANNUAL_DEFAULTS.minutes
  const passScore = input.passScore ?? ANNUAL_DEFAULTS.passScore
  const attempts = input.attempts ?? ANNUAL_DEFAULTS.attempts
  const opensAt = input.opensAt.toISOString()
  const closesAt = input.closesAt.toISOString()
  const title = input.title?.trim() || annualCopy.title(localYear(input.opensAt, tz))
  const remindAt = reminderAt(input.opensAt, input.closesAt)

  const unit = await findUnit(tx, input.unitCode)
  if (!unit) throw new AnnualRefusal('NOT_FOUND', `unit ${input.unitCode} not found`, annualRefusedCopy.noUnit(input.unitCode))
  const officials = await countEnrollable(tx, unit.code, now, closesAt)
  if (officials === 0) {
    throw new AnnualRefusal(
      'INVALID_INPUT',
      `unit ${unit.code} has no current officials to examine`,
      annualRefusedCopy.noOfficials(unit.code),
    )
  }
  const overlapping = await countOverlapping(tx, unit.code, opensAt, closesAt, now)
  if (overlapping > 0) {
    const message = `${overlapping} officials of ${unit.code} already have an annual exam in an overlapping window`
    throw new AnnualRefusal('CONFLICT', message, annualRefusedCopy.overlap(overlapping))
  }
  const pool = await listDrawableQuestions(tx, { laws: blueprint.laws, types: ['single', 'multiple', 'judge'] })
  const { picked, shortfall } = drawBlueprint(pool, blueprint, `annual:${unit.code}/${opensAt}/${now}`)
  if (picked.length === 0) {
    throw new AnnualRefusal('INVALID_INPUT', 'the question bank has no questions for this exam', annualRefusedCopy.noQuestions)
  }
  const terms = { unitCode: unit.code, title, opensAt, closesAt, minutes, passScore, attempts, officials }
  const id = await insertAnnualExam(tx, { ...terms, blueprint, questionIds: picked.map((q) => q.id), createdBy: by.actor }, now)
  const draw = drawSummary(picked, shortfall)
  await tx.batch([
    ...enrolStatements(id, now),
    enqueueJobStatement({ kind: 'annual.open', dueAt: opensAt, payload: { annualId: id }, dedupKey: `annual.open:${id}` }, now),
    ...(remindAt && remindAt.toISOString() > now
      ? [
          enqueueJobStatement(
            { kind: 'annual.remind', dueAt: remindAt.toISOString(), payload: { annualId: id }, dedupKey: `annual.remind:${id}` },
            now,
          ),
        ]
      : []),
    auditStatement(
      {
        ...by,
        action: 'exam.annual.schedule',
        entity: 'annual_exam',
        entityId: String(id),
        detail: { unitCode: unit.code, opensAt, closesAt, minutes, passScore, attempts, officials, drawn: draw.drawn, shortfall },
      },
      now,
    ),
  ])
  return {
    id,
    ...terms,
    ...draw,
    reminderAt: remindAt ? remindAt.toISOString() : null,
  }
}

export type { AnnualCounts }

export interface AnnualOverview {
  exam: AnnualExam
  total: AnnualCounts
  units: (AnnualCounts & { unitCode: string })[]
}

/**
 * The annual exams opening in [from, to) that enrol officials within `scopePath`, each with its counts so far per
 * unit of those officials and in total — the report's rule (best sitting per person), over this exam's own results.
 */
export async function annualOverview(ex: Executor, f: { scopePath: string; from: string; to: string }): Promise<AnnualOverview[]> {
  const exams = await listAnnualExams(ex, f)
  const figures = await listAnnualFigures(
    ex,
    exams.map((e) => e.id),
    f.scopePath,
  )
  return exams.map((exam) => {
    const units = figures.filter((x) => x.annualId === exam.id)
    const total: AnnualCounts = { enrolled: 0, tested: 0, passed: 0, scoreSum: 0 }
    for (const x of units) {
      total.enrolled += x.enrolled
      total.tested += x.tested
      total.passed += x.passed
      total.scoreSum += x.scoreSum
    }
    return { exam, total, units }
  })
}
